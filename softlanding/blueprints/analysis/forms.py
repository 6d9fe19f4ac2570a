"""Forms of the analysis workspace: codes, merges, memos, suggestion acceptance."""

from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from softlanding.blueprints.analysis import codebook
from softlanding.core.forms import Form


def _int_or_none(value):
    try:
        return int(value) if value not in (None, "", "None") else None
    except (TypeError, ValueError):
        return None


class CodeForm(Form):
    """Create or edit a code or a theme."""

    name = StringField("Name", validators=[DataRequired("Give the code a name."), Length(max=120)])
    definition = TextAreaField("Definition", validators=[Optional(), Length(max=2000)],
                               description="When to apply this code, in a sentence or two.")
    colour = SelectField("Colour", choices=[(h, n) for h, n in codebook.PALETTE],
                         description="Each colour is readable with white text.")
    is_theme = BooleanField("This is a theme (it groups codes and is not applied to text itself)")
    parent_id = SelectField("Theme", coerce=_int_or_none, validate_choice=False,
                            description="Group this code under a theme (optional).")
    submit = SubmitField("Save code")

    def fill_choices(self, exclude_id=None):
        """Themes to group under."""
        self.parent_id.choices = [(None, "No theme")] + [(t.id, t.name) for t in codebook.themes()
                                                          if t.id != exclude_id]
        return self


class MergeForm(Form):
    """Merge one code into another."""

    target_id = SelectField("Merge into", coerce=_int_or_none, validate_choice=False,
                            description="Every coding moves to this code; then this code is deleted.")
    submit = SubmitField("Merge codes")


class MemoForm(Form):
    """A memo on a code or an answer."""

    body = TextAreaField("New memo", validators=[DataRequired("Write the memo first."), Length(max=5000)])
    submit = SubmitField("Add memo")


class SampleForm(Form):
    """Draw a blind sample of one question's answers for a second coder."""

    question = SelectField("Question", validate_choice=False)
    percent = IntegerField("Share of the answers (%)", validators=[Optional()],
                           description="10–25% is usual; at least one answer is drawn.")
    coder_id = SelectField("Second coder", coerce=_int_or_none, validate_choice=False,
                           description="They code the sample without seeing the first coding.")
    submit = SubmitField("Draw the sample")


class ResolveForm(Form):
    """How the two coders settled a disagreement."""

    applies = RadioField("Does the code apply?", choices=[("yes", "Yes, it applies"), ("no", "No, it does not")],
                         validators=[DataRequired("Say whether the code applies.")])
    note = TextAreaField("Note", validators=[Optional(), Length(max=2000)])
    submit = SubmitField("Resolve")


class TranscriptForm(Form):
    """Upload a focus-group or interview transcript."""

    title = StringField("Title", validators=[DataRequired("Give the transcript a title."), Length(max=200)],
                        description="For example “Focus group: getting through ARCP”.")
    event_id = SelectField("Event", coerce=_int_or_none, validate_choice=False)
    held_on = DateField("Date it took place", validators=[Optional()], description="For example 2026-03-14.")
    file = FileField("Transcript file", description="A .txt or .docx with lines “Speaker: words”, or a Zoom or "
                                                     "Teams .vtt. At most 1 MB.")
    submit = SubmitField("Upload the transcript")


class ImportCodebookForm(Form):
    """A REFI-QDA codebook file to merge into ours."""

    file = FileField("Codebook file (.qdc)", description="Exported from NVivo, QualCoder, ATLAS.ti or MAXQDA "
                                                          "as a REFI-QDA codebook. At most 2 MB.")
    submit = SubmitField("Import the codebook")


class ProjectForm(Form):
    """The project memo and how the team works (reflexive thematic analysis hides agreement statistics)."""

    memo = TextAreaField("Project memo", validators=[Optional(), Length(max=20000)],
                         description="Aims, decisions and reflections on the analysis as a whole. "
                                     "Exported with the project.")
    reflexive = BooleanField("This is a reflexive thematic analysis (hide agreement statistics)",
                             description="Braun and Clarke reject inter-rater reliability for reflexive TA: "
                                         "the comparison of two coders then lists disagreements to discuss, "
                                         "without percent agreement, kappa or alpha.")
    submit = SubmitField("Save project settings")


class RenameSuggestionForm(Form):
    """Give a suggested theme a better name before deciding."""

    name = StringField("Name", validators=[DataRequired("Give a name."), Length(max=120)])
    submit = SubmitField("Rename")


class AcceptSuggestionForm(Form):
    """Accept a suggestion: the code to create; the texts to code are ticked on the page."""

    name = StringField("Code name", validators=[DataRequired("Give the code a name."), Length(max=120)])
    definition = TextAreaField("Definition", validators=[Optional(), Length(max=2000)])
    colour = SelectField("Colour", choices=[(h, n) for h, n in codebook.PALETTE])
    parent_id = SelectField("Theme", coerce=_int_or_none, validate_choice=False)
    submit = SubmitField("Create the code and apply it to the ticked answers")

    def fill_choices(self):
        """Themes to group under."""
        self.parent_id.choices = [(None, "No theme")] + [(t.id, t.name) for t in codebook.themes()]
        return self
