"""Forms for templates, surveys and the impact report (answers are parsed by the service)."""

from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from softlanding.blueprints.feedback import anonymity
from softlanding.blueprints.feedback.models import QUESTION_KINDS
from softlanding.blueprints.feedback.surveys import GROUP_ROLES
from softlanding.core import reference
from softlanding.core.forms import Form, SafeName


class TemplateForm(Form):
    """A template's name and description."""

    name = StringField("Template name", validators=[DataRequired("Give the template a name."), Length(max=200)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=2000)])
    submit = SubmitField("Save name")


class QuestionForm(Form):
    """A new question at the end of a template."""

    prompt = StringField("Question", validators=[DataRequired("Write the question."), Length(max=500)])
    kind = SelectField("Type of answer", choices=list(QUESTION_KINDS.items()))
    help_text = StringField("Hint (optional)", validators=[Optional(), Length(max=500)])
    options = TextAreaField("Options, one per line", validators=[Optional(), Length(max=3000)],
                            description="Only for single and multiple choice questions.")
    required = BooleanField("An answer is required")
    submit = SubmitField("Add question")


class SurveyForm(Form):
    """A new survey: for an event's attendees or a group of members."""

    title = StringField("Title", validators=[Optional(), Length(max=200), SafeName()],
                        description="Leave empty for “Feedback: <event title>”.")
    template_id = SelectField("Questions from template", coerce=int)
    audience = RadioField("Who is asked", default="attendees",
                          choices=[("attendees", "The attendees of an event (everyone booked if no attendance was taken)"),
                                   ("group", "A group of members")])
    event_id = SelectField("Event", coerce=int, validators=[Optional()])
    roles = SelectMultipleField("Members to ask", choices=list(GROUP_ROLES.items()))
    career_stages = SelectMultipleField("Only these career stages (none ticked: all)")
    regions = SelectMultipleField("Only these regions (none ticked: all)")
    anonymous = BooleanField("Anonymous: answers are stored with no link to the person")
    close_after_days = IntegerField("Close after (days)", default=14,
                                    validators=[NumberRange(1, 90, "Choose 1 to 90 days.")])
    open_on_event_end = BooleanField("Open automatically when the event ends", default=True)
    purpose = RadioField("What it is for", default="feedback",
                         choices=[("feedback", "Feedback on the event"),
                                  ("followup", "An outcome follow-up some weeks after the event (exam, interview, ARCP, practice)")])
    followup_weeks = IntegerField("Weeks after the event (follow-ups)", default=12,
                                  validators=[Optional(), NumberRange(1, 104, "Choose 1 to 104 weeks.")],
                                  description="The follow-up opens by itself this many weeks after the event ends.")
    submit = SubmitField("Create survey")

    def fill(self, templates, events):
        """Set the choices from the current templates, events and reference lists."""
        self.template_id.choices = [(t.id, t.name) for t in templates]
        self.event_id.choices = [(0, "Choose an event")] + [(e.id, f"{e.starts_at:%d %b %Y} · {e.title}")
                                                             for e in events]
        self.career_stages.choices = reference.choices("career_stage")
        self.regions.choices = reference.choices("region")
        n = anonymity.minimum()
        self.anonymous.description = (f"Only for an audience of at least {n} people; results appear once {n} "
                                      "have answered, so no answer can be told apart.")
        return self


class ReportForm(Form):
    """Date range and category for the impact report (a GET form, no CSRF)."""

    class Meta:
        csrf = False

    start = StringField("From (YYYY-MM-DD)", validators=[Optional()])
    end = StringField("To (YYYY-MM-DD)", validators=[Optional()])
    category = SelectField("Category", validators=[Optional()])


class QuestionEditForm(QuestionForm):
    """One existing question, changed in place."""

    submit = SubmitField("Save question")


class SurveyEditForm(Form):
    """A survey's title, invitation text and closing, until the first response."""

    title = StringField("Title", validators=[DataRequired("Give the survey a title."), Length(max=200)])
    invitation_text = TextAreaField("Your words in the invitation email (optional)",
                                    validators=[Optional(), Length(max=2000, message="Keep it under 2000 characters.")],
                                    description="Shown above the link in the email; the standard text stays below it.")
    close_after_days = IntegerField("Close after (days from opening)", validators=[Optional()])
    closes_on = DateField("Closing date", validators=[Optional()], format="%Y-%m-%d",
                          description="The survey closes at the end of this day (UTC).")
    submit = SubmitField("Save survey")


class ExamResultForm(Form):
    """One MRCPCH sitting a member records (or updates)."""

    component = SelectField("Exam", validators=[DataRequired("Choose the exam.")])
    sat_on = DateField("Date of the sitting", format="%Y-%m-%d",
                       validators=[DataRequired("Enter the date as YYYY-MM-DD, e.g. 2026-10-14.")],
                       description="For a sitting still to come, enter its date and “Waiting for the result”.")
    attempt = IntegerField("Attempt", default=1, validators=[DataRequired("Enter the attempt as a number."),
                                                            NumberRange(1, 10, "Enter a number from 1 to 10.")],
                           description="1 for a first attempt, 2 for a second, and so on.")
    result = RadioField("Result", default="awaiting")
    submit = SubmitField("Save")

    def fill(self):
        """Set the choices from the reference list and the results."""
        from softlanding.blueprints.feedback.models import EXAM_RESULTS

        self.component.choices = [("", "Choose the exam")] + reference.choices("mrcpch_component")
        self.result.choices = list(EXAM_RESULTS.items())
        return self


class InterviewForm(Form):
    """A specialty-training interview a member records (the outcome may wait)."""

    interview_on = DateField("Date of the interview", format="%Y-%m-%d",
                             validators=[DataRequired("Enter the date as YYYY-MM-DD, e.g. 2027-02-03.")],
                             description="For an interview still to come, enter its date and “Waiting to hear”.")
    level = SelectField("Level", validators=[DataRequired("Choose the level you are interviewing for.")])
    specialty = SelectField("Specialty (optional)", validators=[Optional()],
                            description="For sub-specialty recruitment; leave empty for core training.")
    outcome = RadioField("Outcome", default="waiting")
    submit = SubmitField("Add interview")

    def fill(self):
        """Set the choices from the reference lists and the outcomes."""
        from softlanding.blueprints.feedback.models import INTERVIEW_OUTCOMES

        self.level.choices = [("", "Choose the level")] + reference.choices("interview_level")
        self.specialty.choices = [("", "Not given")] + reference.choices("subspecialty")
        self.outcome.choices = list(INTERVIEW_OUTCOMES.items())
        return self


class InterviewOutcomeForm(InterviewForm):
    """The outcome of one recorded interview (its date stays as recorded)."""

    interview_on = None  # type: ignore[assignment]
    submit = SubmitField("Save outcome")
