"""Event forms. Choices come from the reference lists at request time; the service checks every value."""

from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Length, NumberRange, Optional

from softlanding.blueprints.events.models import EVENT_FORMATS
from softlanding.blueprints.events.validation import DESCRIPTION_MAX, EventData, TimePlaceData
from softlanding.blueprints.profiles.zones import canonical_timezones, timezone_choices
from softlanding.core import reference
from softlanding.core.forms import Form, SafeName

DT_FORMAT = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
DT_MESSAGE = "Enter a date and time, for example 2027-03-14 18:30."


def _tz_choices(current=None):
    """The common zones first, then every other canonical zone (no aliases such as Asia/Calcutta);
    a saved zone that is neither stays offered, so saving the form does not change it."""
    common = timezone_choices(current)
    seen = {zone for zone, _ in common}
    rest = [(z, z.replace("_", " ")) for z in canonical_timezones() if z not in seen]
    return {"Common time zones": common, "Every other time zone": rest}


class TimePlaceMixin:
    """The when and where fields, shared by the event form and the reschedule form."""

    # Declared by each form that mixes this in (annotations only: WTForms sees no extra field).
    starts_at: DateTimeLocalField
    ends_at: DateTimeLocalField
    timezone: SelectField
    format: SelectField
    venue: StringField
    join_link: StringField

    def fill_time_place(self):
        """Set the time zone and format choices."""
        self.timezone.choices = _tz_choices()
        self.format.choices = list(EVENT_FORMATS.items())
        return self

    def time_place_data(self) -> TimePlaceData:
        """The when and where values for the service."""
        return TimePlaceData(starts_at=self.starts_at.data, ends_at=self.ends_at.data, timezone=self.timezone.data,
                             format=self.format.data, venue=self.venue.data, join_link=self.join_link.data)


class EventForm(TimePlaceMixin, Form):
    """Create or edit an event."""

    title = StringField("Title", validators=[Length(max=200), SafeName()])
    category = SelectField("Category", validate_choice=False)
    exam_component = SelectField("MRCPCH exam component", validate_choice=False,
                                 description="For MRCPCH exam preparation events.")
    interview_level = SelectField("Interview level", validate_choice=False,
                                  description="For mock interviews.")
    description = TextAreaField("Description", render_kw={"rows": 10},
                                description=f"Plain text, or simple HTML: paragraphs, lists, bold, italic and "
                                            f"https links. Up to {DESCRIPTION_MAX:,} characters.")
    timezone = SelectField("Time zone of the times below", validate_choice=False,
                           description="Enter the start and end as clocks show them in this zone.")
    starts_at = DateTimeLocalField("Starts", format=DT_FORMAT, validators=[Optional()])
    ends_at = DateTimeLocalField("Ends", format=DT_FORMAT, validators=[Optional()])
    format = SelectField("Format", validate_choice=False)
    venue = StringField("Venue", description="Address, for in-person and hybrid events.",
                        validators=[Length(max=300)])
    join_link = StringField("Online join link", validators=[Length(max=500)],
                            description="Shown only to booked attendees, from shortly before the start.",
                            render_kw={"inputmode": "url", "placeholder": "https://"})
    capacity = IntegerField("Places", validators=[Optional()],
                            description="Leave empty for no limit. When full, people join a waitlist.",
                            render_kw={"inputmode": "numeric"})
    career_stages = SelectMultipleField("Aimed at", validate_choice=False)
    mwres_indicators = SelectMultipleField("MWRES indicators addressed", validate_choice=False)
    cohosts = SelectMultipleField("Co-hosts", validate_choice=False,
                                  description="Other reps or organisers who help run it.")
    reason = StringField("Reason for a change of time or place", validators=[Length(max=500)],
                         description="Sent to attendees if you change the time or place.")
    submit = SubmitField("Save")

    def fill_choices(self, cohost_choices):
        """Load choices from the reference lists."""
        self.fill_time_place()
        self.category.choices = reference.choices("event_category", blank="Choose a category")
        self.exam_component.choices = reference.choices("mrcpch_component", blank="Not applicable")
        self.interview_level.choices = reference.choices("interview_level", blank="Not applicable")
        self.career_stages.choices = reference.choices("career_stage")
        self.mwres_indicators.choices = reference.choices("mwres_indicator")
        self.cohosts.choices = [(str(i), name) for i, name in cohost_choices]
        return self

    def load(self, values):
        """Fill the form from saved values (GET)."""
        for name, value in values.items():
            getattr(self, name).data = value
        if "timezone" in values:
            self.timezone.choices = _tz_choices(values["timezone"])

    def to_data(self) -> EventData:
        """The submitted values for the service."""
        return EventData(
            title=self.title.data, category=self.category.data, exam_component=self.exam_component.data,
            interview_level=self.interview_level.data, description=self.description.data,
            capacity=self.capacity.data, career_stages=self.career_stages.data,
            mwres_indicators=self.mwres_indicators.data, cohosts=self.cohosts.data, reason=self.reason.data,
            **self.time_place_data(),
        )


class RescheduleForm(TimePlaceMixin, Form):
    """Move an event or change its place, with a reason for attendees."""

    timezone = SelectField("Time zone of the times below", validate_choice=False)
    starts_at = DateTimeLocalField("Starts", format=DT_FORMAT, validators=[Optional()])
    ends_at = DateTimeLocalField("Ends", format=DT_FORMAT, validators=[Optional()])
    format = SelectField("Format", validate_choice=False)
    venue = StringField("Venue", validators=[Length(max=300)])
    join_link = StringField("Online join link", validators=[Length(max=500)])
    reason = TextAreaField("Reason", validators=[Length(max=500)], description="Attendees see this.")
    submit = SubmitField("Reschedule and tell attendees")

    def to_data(self) -> TimePlaceData:
        """Values for the service."""
        return {**self.time_place_data(), "reason": self.reason.data}


class ReasonForm(Form):
    """Cancel an event (reason) or return it to the host (comment)."""

    reason = TextAreaField("Reason", validators=[Length(max=2000)], description="Attendees see this.")
    submit = SubmitField("Cancel the event")


class ReturnForm(Form):
    """An organiser's comment when returning an event."""

    comment = TextAreaField("Comment for the host", validators=[Length(max=2000)])
    submit = SubmitField("Return to host")


class SlotForm(Form):
    """Offer back-to-back mock-interview slots."""

    interviewer_id = SelectField("Interviewer", coerce=int, validate_choice=False)
    starts_at = DateTimeLocalField("First slot starts", format=DT_FORMAT, validators=[Optional()])
    length_minutes = IntegerField("Length of each slot (minutes)", default=30,
                                  validators=[Optional(), NumberRange(min=5, max=180)])
    count = IntegerField("Number of slots", default=1, validators=[Optional(), NumberRange(min=1, max=20)])
    submit = SubmitField("Add slots")


class RecordingForm(Form):
    """Recording link and who sees the resources."""

    recording_url = StringField("Recording link", validators=[Length(max=500)],
                                render_kw={"placeholder": "https://"})
    resources_public = BooleanField("Show the recording and resources to all members, not only attendees")
    submit = SubmitField("Save")


class ResourceForm(Form):
    """One resource link."""

    label = StringField("Label", validators=[Length(max=200)])
    url = StringField("Link", validators=[Length(max=500)], render_kw={"placeholder": "https://"})
    submit = SubmitField("Add link")
