"""Forms of the events desk: series, messages to attendees, removal, report import, reflections."""

from flask_wtf.file import FileField
from wtforms import IntegerField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange

from softlanding.blueprints.events.messaging import BODY_MAX, SUBJECT_MAX
from softlanding.blueprints.events.models_desk import MESSAGE_AUDIENCES, SERIES_FREQUENCIES
from softlanding.blueprints.events.reflections import HEADINGS, TEXT_MAX
from softlanding.core.forms import Form
from softlanding.lib.recurrence import MAX_REPEATS


class SeriesForm(Form):
    """Repeat an event as drafts."""

    frequency = SelectField("How often", choices=list(SERIES_FREQUENCIES.items()), default="weekly",
                            description="Monthly repeats keep the weekday, for example the second Tuesday.")
    count = IntegerField("How many more events", default=3,
                         validators=[InputRequired("Enter how many more events to make."),
                                     NumberRange(1, MAX_REPEATS - 1, f"Choose between 1 and {MAX_REPEATS - 1}.")])
    submit = SubmitField("Make the drafts")


class MessageForm(Form):
    """Write to the people on an event."""

    audience = RadioField("Send to", choices=list(MESSAGE_AUDIENCES.items()), default="booked",
                          validators=[InputRequired("Choose who should get the message.")])
    subject = StringField("Subject", validators=[InputRequired("Enter a subject."), Length(max=SUBJECT_MAX)])
    body = TextAreaField("Message", validators=[InputRequired("Enter the message."), Length(max=BODY_MAX)],
                         description="Plain text. Each person gets their own email; nobody sees the others' addresses.")
    submit = SubmitField("Send the message")


class RemoveForm(Form):
    """Take someone off an event."""

    reason = TextAreaField("Reason", validators=[InputRequired("Give a reason: the person is told it."),
                                                 Length(max=1000)],
                           description="The person is emailed this reason.")
    submit = SubmitField("Remove from the event")


class ImportForm(Form):
    """Upload a Zoom or Teams participant report."""

    report = FileField("Participant report (CSV)",
                       description="Zoom: Reports, Usage, Participants, Export with meeting data. "
                                   "Teams: the meeting's Attendance tab, Download (CSV).")
    min_minutes = IntegerField("Minimum minutes to count as attended",
                               validators=[InputRequired("Enter the minimum minutes."),
                                           NumberRange(0, 24 * 60, "Enter between 0 and 1440 minutes.")])
    submit = SubmitField("Preview the matches")


class ReflectionForm(Form):
    """A reflective note under the ePortfolio's headings."""

    learned = TextAreaField(HEADINGS["learned"], validators=[Length(max=TEXT_MAX)])
    apply = TextAreaField(HEADINGS["apply"], validators=[Length(max=TEXT_MAX)])
    evidence = TextAreaField(HEADINGS["evidence"], validators=[Length(max=TEXT_MAX)],
                             description="For example this certificate, the slides, or a case you will discuss "
                                         "with your supervisor.")
    submit = SubmitField("Save my reflection")
