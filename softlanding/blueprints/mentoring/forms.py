"""Mentoring forms. Choices come from the reference lists at request time; services check values."""

from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from softlanding.core import reference
from softlanding.core.forms import Form
from softlanding.lib.matching.criteria import CRITERIA, MUST_HAVE_OPTIONS

CRITERION_LABELS = {
    "needs": "What the newcomer needs against what the mentor offers",
    "exam": "Next MRCPCH exam against the mentor's passes",
    "seniority": "Mentor senior enough, but not too far ahead",
    "region": "Same region",
    "subspecialty": "Shared sub-specialty interest",
    "language": "Shared language or country of qualification",
    "mode": "Meeting mode",
    "gender": "Mentor gender (only when a newcomer asks)",
}
MUST_HAVE_LABELS = {
    "needs": "The mentor offers the newcomer's most important need",
    "region": "Same region, when the newcomer asks for it",
    "language": "Shared language or country, when the newcomer asks for it",
    "gender": "The mentor gender the newcomer asked for",
    "mode": "At least one meeting mode in common, when the newcomer gives modes",
}


class OfferForm(Form):
    """A rep's mentoring offer."""

    capacity = IntegerField("How many mentees can you take at once?", description="From 1 to 10.",
                            validators=[InputRequired("Enter a number from 1 to 10."),
                                        NumberRange(1, 10, "Enter a number from 1 to 10.")])
    availability = RadioField("Availability", choices=[("accepting", "Accepting new mentees"),
                                                       ("paused", "Paused")], default="accepting")
    paused_until = DateField("Paused until (optional)", validators=[Optional()],
                             description="Leave empty to pause until you switch back.")
    help_topics = SelectMultipleField("What can you help with?", validate_choice=False)
    meeting_modes = SelectMultipleField("How can you meet?", validate_choice=False)
    gender = SelectField("Your gender (optional)", validate_choice=False,
                         description="Used only when a newcomer asks for a mentor of a particular gender.")
    trust_name = StringField("Your Trust or employer (private)", validators=[Length(max=200)],
                             description="Never shown to anyone; used only so you are not matched with someone "
                                         "at your own Trust.")
    supervisor_name = StringField("Your educational supervisor (private)", validators=[Length(max=200)],
                                  description="Never shown; used only to avoid conflicts of interest.")
    submit = SubmitField("Save my mentoring offer")

    def fill_choices(self):
        """Load choices from the reference lists."""
        self.help_topics.choices = reference.choices("help_topic")
        self.meeting_modes.choices = reference.choices("meeting_mode")
        self.gender.choices = reference.choices("gender", blank="Prefer not to say")
        return self


class PreferencesForm(Form):
    """What a newcomer wants help with, in order, and their preferences."""

    need_1 = SelectField("Most important", validate_choice=False)
    need_2 = SelectField("Second (optional)", validate_choice=False)
    need_3 = SelectField("Third (optional)", validate_choice=False)
    need_4 = SelectField("Fourth (optional)", validate_choice=False)
    same_region = BooleanField("A mentor in my region")
    same_language = BooleanField("A mentor who shares my language or country of qualification")
    mentor_gender = SelectField("Mentor's gender", validate_choice=False,
                                description="Only if it matters to you.")
    meeting_modes = SelectMultipleField("How would you like to meet?", validate_choice=False)
    goals = TextAreaField("Your goals", validators=[Length(max=2000)],
                          description="In your own words: what would you like to get from mentoring?")
    trust_name = StringField("Your Trust or employer (private, optional)", validators=[Length(max=200)],
                             description="Never shown; used only so you are not matched with someone at your Trust.")
    supervisor_name = StringField("Your educational supervisor (private, optional)", validators=[Length(max=200)],
                                  description="Never shown; used only to avoid conflicts of interest.")
    submit = SubmitField("Save my preferences")

    def fill_choices(self):
        """Load choices from the reference lists."""
        topics = reference.choices("help_topic")
        self.need_1.choices = [("", "Choose one")] + topics
        for field in (self.need_2, self.need_3, self.need_4):
            field.choices = [("", "Nothing more")] + topics
        self.mentor_gender.choices = reference.choices("gender", blank="No preference")
        self.meeting_modes.choices = reference.choices("meeting_mode")
        return self


class RequestForm(Form):
    """A short note with a request."""

    message = TextAreaField("A short message to the mentor (optional)", validators=[Length(max=1000)])
    submit = SubmitField("Send request")


class DeclineForm(Form):
    """Declining, with an optional reason."""

    reason = TextAreaField("Reason (optional)", validators=[Length(max=1000)])
    submit = SubmitField("Decline")


class GoalsForm(Form):
    """Agreed goals."""

    goals = TextAreaField("Goals you both agree on", validators=[Length(max=2000)])
    submit = SubmitField("Save goals")


class NextMeetingForm(Form):
    """The next meeting date."""

    next_meeting_on = DateField("Next meeting date", validators=[Optional()],
                                description="Leave empty to clear it.")
    submit = SubmitField("Save date")


class MeetingForm(Form):
    """A meeting that happened."""

    met_on = DateField("Date you met", validators=[InputRequired("Enter the date you met.")])
    mode = SelectField("How you met", validate_choice=False)
    notes = TextAreaField("Private notes (only the two of you see them)", validators=[Length(max=2000)])
    planned = HiddenField()
    submit = SubmitField("Log meeting")

    def fill_choices(self):
        """Load meeting modes."""
        self.mode.choices = reference.choices("meeting_mode")
        return self


class CloseForm(Form):
    """Completing or ending early."""

    outcome = RadioField("How does the mentoring end?", choices=[
        ("completed", "Completed: we reached our goals"), ("ended_early", "Ended early")],
        validators=[InputRequired("Choose completed or ended early.")])
    reason = TextAreaField("Reason (needed if it ends early)", validators=[Length(max=2000)])
    submit = SubmitField("End mentoring")


class FeedbackForm(Form):
    """The closing rating and comment."""

    rating = RadioField("How helpful was this mentoring?", choices=[
        ("5", "5: extremely helpful"), ("4", "4: very helpful"), ("3", "3: helpful"),
        ("2", "2: a little helpful"), ("1", "1: not helpful")],
        validators=[InputRequired("Choose a rating from 1 to 5.")])
    comment = TextAreaField("Anything you would like to tell the organisers?", validators=[Length(max=2000)],
                            description="Read by organisers to improve mentoring; quotes are never shown with names.")
    submit = SubmitField("Send feedback")


class SettingsForm(Form):
    """Matching weights, must-haves and the batch floor."""

    must_haves = SelectMultipleField("Must-haves (pairs that fail one are never suggested or matched)",
                                     choices=[(k, MUST_HAVE_LABELS[k]) for k in MUST_HAVE_OPTIONS],
                                     validate_choice=False)
    floor = StringField("Lowest score a batch may pair, as a percentage (0 to 90)",
                        description="For example 35. Below this, a newcomer waits rather than getting a poor match.")
    submit = SubmitField("Save settings")


for _c in CRITERIA:
    setattr(SettingsForm, f"w_{_c}", StringField(CRITERION_LABELS[_c], description="Weight from 0 to 10."))


class SwapForm(Form):
    """Exchange the mentors of two draft pairs."""

    first = SelectField("First pair", validate_choice=False)
    second = SelectField("Second pair", validate_choice=False)
    submit = SubmitField("Swap mentors")


class AddPairForm(Form):
    """Pair a waiting newcomer with a mentor by hand."""

    mentee = SelectField("Newcomer", validate_choice=False)
    mentor = SelectField("Mentor", validate_choice=False)
    submit = SubmitField("Add this pair")


class MessageForm(Form):
    """A message to the other side of the pair."""

    body = TextAreaField("Your message", validators=[Length(max=4000)],
                         description="Only the two of you can read it. Up to 4,000 characters.")
    submit = SubmitField("Send message")


class ConcernForm(Form):
    """A safeguarding note for the organisers."""

    note = TextAreaField("What worries you", validators=[Length(max=4000)],
                         description="Written for the organisers, who read it and contact you. Only what you write "
                                     "here is sent.")
    quote = SelectField("Quote a message (optional)", validate_choice=False,
                        description="Nothing from your messages is sent unless you choose one here.")
    submit = SubmitField("Send to the organisers")


class ContactForm(Form):
    """Which contact details to share with a mentor or mentees once a pair is active."""

    share_email = BooleanField("Share my email address")
    phone = StringField("Phone number", validators=[Length(max=40)])
    share_phone = BooleanField("Share my phone number")
    video_link = StringField("Video-call link (for example your Teams, Zoom or Meet room)",
                             validators=[Length(max=500)])
    share_video = BooleanField("Share my video-call link")
    submit = SubmitField("Save contact choices")


class PlanMeetingForm(Form):
    """Propose a meeting, or another time for one."""

    on = DateField("Date", validators=[Optional()])
    at = TimeField("Start time (your time zone)", validators=[Optional()], description="For example 18:30.")
    minutes = IntegerField("Length in minutes", default=45, validators=[Optional()])
    mode = SelectField("How you will meet", validate_choice=False)
    link = StringField("Video-call link (optional)", validators=[Length(max=500)])
    place = StringField("Place (for meeting in person)", validators=[Length(max=200)])
    replaces = HiddenField()
    submit = SubmitField("Propose this meeting")

    def fill_choices(self):
        """Load meeting modes."""
        self.mode.choices = reference.choices("meeting_mode")
        return self


class CheckinForm(Form):
    """A short check-in on how the mentoring is going."""

    met = RadioField("How often have you met?", validate_choice=False)
    usefulness = RadioField("How useful is the mentoring so far? (1 not at all, 5 very)", validate_choice=False,
                            choices=[(str(n), str(n)) for n in range(1, 6)])
    confidence = RadioField("How confident do you feel now?", validate_choice=False,
                            choices=[(str(n), str(n)) for n in range(1, 6)])
    problem = BooleanField("Something is not working and I would like an organiser to contact me")
    comment = TextAreaField("Anything else (optional)", validators=[Length(max=2000)],
                            description="Organisers read check-ins to improve mentoring and report what it achieves; "
                                        "quotes are never shown with names.")
    submit = SubmitField("Send check-in")
