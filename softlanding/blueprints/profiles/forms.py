"""Profile and settings forms. Choices come from the reference lists at request time."""

from wtforms import SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional

from softlanding.blueprints.profiles.models import MRCPCH_STATUSES, VISIBILITY
from softlanding.blueprints.profiles.profile import BIO_MAX, ProfileData, timezones
from softlanding.core import reference
from softlanding.core.forms import Form, SafeName


class ProfileForm(Form):
    """Every profile field; the service checks each one against its list."""

    display_name = StringField("Name shown to other members", validators=[Length(max=80), SafeName()],
                               render_kw={"autocomplete": "nickname"})
    career_stage = SelectField("Career stage", validate_choice=False)
    region = SelectField("UK region", validate_choice=False,
                         description="Where you work or will work. Choose 'Outside the UK' if you have not arrived yet.")
    pmq_country = SelectField("Country of primary medical qualification", validate_choice=False)
    nhs_start_month = StringField("Month you started (or will start) in the NHS",
                                  description="As YYYY-MM, for example 2026-08. It may be in the future.",
                                  validators=[Optional(), Length(max=7)], render_kw={"placeholder": "YYYY-MM", "inputmode": "numeric"})
    mrcpch_fop = SelectField("Foundation of Practice (FOP)", validate_choice=False)
    mrcpch_tas = SelectField("Theory and Science (TAS)", validate_choice=False)
    mrcpch_akp = SelectField("Applied Knowledge in Practice (AKP)", validate_choice=False)
    mrcpch_clinical = SelectField("MRCPCH Clinical", validate_choice=False)
    subspecialties = SelectMultipleField("Sub-specialty interests", validate_choice=False,
                                         description="Hold Ctrl (or Cmd) to choose several.")
    languages = SelectMultipleField("Languages you speak", validate_choice=False,
                                    description="Hold Ctrl (or Cmd) to choose several.")
    timezone = SelectField("Time zone", validate_choice=False,
                           description="Event times are shown in this zone. Useful if you have not arrived in the UK yet.")
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
        self.timezone.choices = [(z, z.replace("_", " ")) for z in timezones()]
        self.visibility.choices = list(VISIBILITY.items())
        return self

    def load(self, profile):
        """Fill the form from a saved profile (GET)."""
        self.display_name.data = profile.display_name
        self.career_stage.data = profile.career_stage or ""
        self.region.data = profile.region or ""
        self.pmq_country.data = profile.pmq_country or ""
        self.nhs_start_month.data = profile.nhs_start_month or ""
        for code in self.MRCPCH_FIELDS:
            getattr(self, f"mrcpch_{code}").data = (profile.mrcpch or {}).get(code, "not_yet")
        self.subspecialties.data = list(profile.subspecialties or [])
        self.languages.data = list(profile.languages or [])
        self.timezone.data = profile.timezone or "Europe/London"
        self.bio.data = profile.bio
        self.visibility.data = profile.visibility

    def to_data(self) -> ProfileData:
        """The submitted values as a ProfileData for the profile service."""
        return ProfileData(
            display_name=self.display_name.data,
            career_stage=self.career_stage.data,
            region=self.region.data,
            pmq_country=self.pmq_country.data,
            nhs_start_month=self.nhs_start_month.data,
            mrcpch={code: getattr(self, f"mrcpch_{code}").data for code in self.MRCPCH_FIELDS},
            subspecialties=self.subspecialties.data,
            languages=self.languages.data,
            timezone=self.timezone.data,
            bio=self.bio.data,
            visibility=self.visibility.data,
        )
