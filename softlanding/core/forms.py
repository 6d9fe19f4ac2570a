"""Forms every domain shares."""

from flask_wtf import FlaskForm
from wtforms import SubmitField


class ConfirmForm(FlaskForm):
    """A bare form: a CSRF token and a button (log out, resend, ...)."""

    submit = SubmitField("Confirm")
