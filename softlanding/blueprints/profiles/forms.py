"""Profile and settings forms. Choices come from the reference lists at request time."""

from wtforms import SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional

from softlanding.blueprints.profiles.models import MRCPCH_STATUSES, VISIBILITY
from softlanding.blueprints.profiles.profile import BIO_MAX, ProfileData
from softlanding.blueprints.profiles.zones import timezone_choices
from softlanding.core import reference
from softlanding.core.db import utcnow
from softlanding.core.forms import Form, SafeName

MONTHS = [(f"{n:02d}", name) for n, name in enumerate(
    ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
     "November", "December"), start=1)]


class ProfileForm(Form):
    """Every profile field; the service checks each one against its list."""

    display_name = StringField("Name shown to other members", validators=[Length(max=80), SafeName()],
                               render_kw={"autocomplete": "nickname"})
    career_stage = SelectField("Career stage", validate_choice=False)
    region = SelectField("UK region", validate_choice=False,
                         description="Where you work or will work. Choose 'Outside the UK' if you have not arrived yet.")
    pmq_country = SelectField("Country of primary medical qualification", validate_choice=False)
    # Shown as a month and a year select (profiles/_month_year.html); a "YYYY-MM" posted in
    # nhs_start_month itself is still read, for scripts and older pages.
    nhs_start_month = StringField("Month you started (or will start) in the NHS",
                                  description="It may be in the future.", validators=[Optional(), Length(max=7)])
    nhs_month = SelectField("Month", validate_choice=False)
    nhs_year = SelectField("Year", validate_choice=False)
    mrcpch_fop = SelectField("Foundation of Practice (FOP)", validate_choice=False)
    mrcpch_tas = SelectField("Theory and Science (TAS)", validate_choice=False)
    mrcpch_akp = SelectField("Applied Knowledge in Practice (AKP)", validate_choice=False)
    mrcpch_clinical = SelectField("MRCPCH Clinical", validate_choice=False)
    subspecialties = SelectMultipleField("Sub-specialty interests", validate_choice=False,
                                         description="Tick all that apply.")
    languages = SelectMultipleField("Languages you speak", validate_choice=False,
                                    description="Tick all that apply (up to 12).")
    timezone = SelectField("Time zone", validate_choice=False,
                           description="Event times are shown in this zone. Useful if you have not arrived in the UK yet.")
    timezone_other = StringField("Or type another time zone", validators=[Optional(), Length(max=64)],
                                 description="A place name as in the list, for example America/Toronto "
                                             "or Asia/Kuala_Lumpur. It replaces the choice above.",
                                 render_kw={"list": "timezone-names", "autocomplete": "off", "spellcheck": "false"})
    bio = TextAreaField("About you", validators=[Length(max=BIO_MAX)],
                        description=f"Plain text, up to {BIO_MAX} characters.")
    visibility = SelectField("Who can see your profile", validate_choice=False)
    submit = SubmitField("Save profile")

    MRCPCH_FIELDS = ("fop", "tas", "akp", "clinical")

    def fill_choices(self):
        """Load choices from the reference lists."""
        self.career_stage.choices = reference.choices("career_stage", blank="Choose your stage")
        self.region.choices = reference.choices("region", blank="Choose a region")
        self.pmq_country.choices = [("", "Choose a country")] + reference.country_choices()
        statuses = list(MRCPCH_STATUSES.items())
        for code in self.MRCPCH_FIELDS:
            getattr(self, f"mrcpch_{code}").choices = statuses
        self.subspecialties.choices = reference.choices("subspecialty")
        self.languages.choices = reference.language_choices()
        self.timezone.choices = timezone_choices(self.timezone.data)
        self.nhs_month.choices = [("", "Month"), *MONTHS]
        this_year = utcnow().year
        self.nhs_year.choices = [("", "Year"), *((str(y), str(y)) for y in range(this_year + 3, this_year - 21, -1))]
        self.visibility.choices = list(VISIBILITY.items())
        return self

    def validate(self, extra_validators=None):
        """The fields' checks, and a month needs its year (and the other way round)."""
        valid = super().validate(extra_validators)
        month, year = self.nhs_month.data or "", self.nhs_year.data or ""
        if bool(month) != bool(year):
            missing = self.nhs_year if month else self.nhs_month
            missing.errors = [*missing.errors, "Choose the year as well as the month you started (or "
                                               "will start), or neither."]
            valid = False
        return valid

    def start_month(self) -> str:
        """YYYY-MM from the month and year selects, else what was posted in nhs_start_month."""
        if self.nhs_month.data and self.nhs_year.data:
            return f"{self.nhs_year.data}-{self.nhs_month.data}"
        return (self.nhs_start_month.data or "") if not (self.nhs_month.data or self.nhs_year.data) else ""

    def load(self, profile):
        """Fill the form from a saved profile (GET)."""
        self.display_name.data = profile.display_name
        self.career_stage.data = profile.career_stage or ""
        self.region.data = profile.region or ""
        self.pmq_country.data = profile.pmq_country or ""
        self.nhs_start_month.data = profile.nhs_start_month or ""
        self.nhs_year.data, _, self.nhs_month.data = (profile.nhs_start_month or "").partition("-")
        for code in self.MRCPCH_FIELDS:
            getattr(self, f"mrcpch_{code}").data = (profile.mrcpch or {}).get(code, "not_yet")
        self.subspecialties.data = list(profile.subspecialties or [])
        self.languages.data = list(profile.languages or [])
        self.timezone.data = profile.timezone or "Europe/London"
        self.timezone.choices = timezone_choices(self.timezone.data)
        self.bio.data = profile.bio
        self.visibility.data = profile.visibility

    def to_data(self) -> ProfileData:
        """The submitted values as a ProfileData for the profile service."""
        return ProfileData(
            display_name=self.display_name.data,
            career_stage=self.career_stage.data,
            region=self.region.data,
            pmq_country=self.pmq_country.data,
            nhs_start_month=self.start_month(),
            mrcpch={code: getattr(self, f"mrcpch_{code}").data for code in self.MRCPCH_FIELDS},
            subspecialties=self.subspecialties.data,
            languages=self.languages.data,
            timezone=(self.timezone_other.data or "").strip() or self.timezone.data,
            bio=self.bio.data,
            visibility=self.visibility.data,
        )
