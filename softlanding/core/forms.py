"""Forms every domain shares, and the base class every form uses."""

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import DateTimeField, FieldList, FormField, HiddenField, StringField, SubmitField, TextAreaField
from wtforms.validators import ValidationError

from softlanding.core.converters import MAX_YEAR, MIN_YEAR, sane_year
from softlanding.core.form_messages import plain_message
from softlanding.lib.sanitize import LINE_CONTROL_CHARACTERS, free_text, name_problem

CONTROL_MESSAGE = ("Remove the control characters (invisible characters pasted with the text): "
                   "they have been taken out here, so check what is left and send it again.")
DATE_MESSAGE = f"Enter a date between {MIN_YEAR} and {MAX_YEAR}."


def _leaf_fields(form):
    for field in form:
        if isinstance(field, FormField):
            yield from _leaf_fields(field.form)
        elif isinstance(field, FieldList):
            for entry in field.entries:
                yield from (_leaf_fields(entry.form) if isinstance(entry, FormField) else [entry])
        else:
            yield field


class Form(FlaskForm):
    """The base of every form: free text loses control characters (tab and line breaks kept, as LF), a
    single-line field that had any is refused with a message beside it, and a date outside
    MIN_YEAR..MAX_YEAR too; the library's default messages are replaced by ones that say what to enter. NUL broke PostgreSQL; control characters broke the REFI-QDA exports;
    year 9999 overflowed date arithmetic."""

    def process(self, formdata=None, obj=None, data=None, extra_filters=None, **kwargs):
        """Fill the fields, then take control characters out of every text field."""
        super().process(formdata, obj, data, extra_filters, **kwargs)
        self._had_control = set()
        for field in _leaf_fields(self):
            if not isinstance(field, StringField) or not isinstance(field.data, str):
                continue
            if isinstance(field, TextAreaField):
                field.data = free_text(field.data)
            elif isinstance(field, HiddenField):
                # Nobody types a hidden value (a message beside it would be invisible): one carrying
                # control characters was tampered with, so it is dropped (`next` then goes home).
                if LINE_CONTROL_CHARACTERS.search(field.data):
                    field.data = ""
            elif LINE_CONTROL_CHARACTERS.search(field.data):
                field.data = LINE_CONTROL_CHARACTERS.sub("", field.data)
                self._had_control.add(field.name)

    def validate(self, extra_validators=None):
        """The fields' own checks, plus the control character and date range checks."""
        valid = super().validate(extra_validators=extra_validators)
        for field in _leaf_fields(self):
            if field.errors:
                # Library defaults ("Not a valid datetime value.") become messages that say what to enter.
                field.errors = [plain_message(field, message) for message in field.errors]
            problem = None
            # A TimeField is a DateTimeField too, and a time has no year.
            year = getattr(field.data, "year", None)
            if field.name in self._had_control:
                problem = CONTROL_MESSAGE
            elif isinstance(field, DateTimeField) and year is not None and not sane_year(year):
                problem = DATE_MESSAGE
            if problem:
                field.errors = [*field.errors, problem]
                valid = False
        return valid


def clean_formdata(formdata):
    """A copy of posted data with control characters taken out of every value and line breaks as LF,
    for the few views that read request.form without a form class (survey answers are built per question)."""
    return MultiDict([(key, free_text(value)) for key, value in formdata.items(multi=True)])


class SafeName:
    """A WTForms validator for names and titles: no control, bidi-override or zero-width characters."""

    def __call__(self, form, field):
        problem = name_problem(field.data if isinstance(field.data, str) else None)
        if problem:
            raise ValidationError(problem)


class ConfirmForm(Form):
    """A bare form: a CSRF token and a button (log out, resend, ...)."""

    submit = SubmitField("Confirm")
