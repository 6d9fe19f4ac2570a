"""Forms for registration, sign-in and passwords."""

from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from softlanding.blueprints.accounts.passwords import MAX_LENGTH, MIN_LENGTH
from softlanding.core.forms import Form, SafeName

PASSWORD_HINT = f"At least {MIN_LENGTH} characters. A few unrelated words make a strong password."


class RegisterForm(Form):
    """New account."""

    full_name = StringField("Full name", validators=[DataRequired("Enter your full name."), Length(max=120), SafeName()],
                            render_kw={"autocomplete": "name"})
    email = EmailField("Email address", validators=[DataRequired("Enter your email address."), Length(max=254)],
                       render_kw={"autocomplete": "email"})
    password = PasswordField("Password", description=PASSWORD_HINT,
                             validators=[DataRequired("Choose a password."), Length(max=MAX_LENGTH, message=f"Use at most {MAX_LENGTH} characters.")],
                             render_kw={"autocomplete": "new-password"})
    submit = SubmitField("Create account")


class LoginForm(Form):
    """Sign in."""

    email = EmailField("Email address", validators=[DataRequired("Enter your email address.")],
                       render_kw={"autocomplete": "username"})
    password = PasswordField("Password", validators=[DataRequired("Enter your password.")],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField("Keep me signed in on this device (30 days)")
    next = HiddenField()
    submit = SubmitField("Sign in")


class ForgotPasswordForm(Form):
    """Ask for a reset link."""

    email = EmailField("Email address", validators=[DataRequired("Enter your email address.")],
                       render_kw={"autocomplete": "email"})
    submit = SubmitField("Send reset link")


class ResetPasswordForm(Form):
    """Choose a new password from a reset link."""

    password = PasswordField("New password", description=PASSWORD_HINT,
                             validators=[DataRequired("Choose a password."), Length(max=MAX_LENGTH, message=f"Use at most {MAX_LENGTH} characters.")],
                             render_kw={"autocomplete": "new-password"})
    submit = SubmitField("Set new password")


class ChangePasswordForm(Form):
    """Change the password while signed in."""

    current_password = PasswordField("Current password", validators=[DataRequired("Enter your current password.")],
                                     render_kw={"autocomplete": "current-password"})
    password = PasswordField("New password", description=PASSWORD_HINT,
                             validators=[DataRequired("Choose a password."), Length(max=MAX_LENGTH, message=f"Use at most {MAX_LENGTH} characters.")],
                             render_kw={"autocomplete": "new-password"})
    submit = SubmitField("Change password")


class SuspendForm(Form):
    """Suspend a member: the reason is stored and told to them, never logged."""

    reason = TextAreaField("Reason (the member is told it)",
                           validators=[DataRequired("Give the reason: the member is told it."), Length(max=500)])
    submit = SubmitField("Suspend this member")


class AuditFilterForm(Form):
    """Filter the audit trail (GET: no CSRF token)."""

    class Meta:
        csrf = False

    person = StringField("Person (member number)", validators=[Optional(), Length(max=12)])
    action = SelectField("Action", validate_choice=False)
    since = DateField("From", validators=[Optional()])
    until = DateField("To (inclusive)", validators=[Optional()])


class DeleteAccountForm(Form):
    """Erase an account: the password (the member's own, or the admin's) is asked again."""

    password = PasswordField("Your password", validators=[DataRequired("Enter your password to confirm.")],
                             render_kw={"autocomplete": "current-password"})
    submit = SubmitField("Delete the account for good")


class ChangeEmailForm(Form):
    """Ask to move the account to another address (confirmed from that address)."""

    email = EmailField("New email address", validators=[DataRequired("Enter the new email address."),
                                                        Length(max=254)], render_kw={"autocomplete": "email"})
    password = PasswordField("Your password", validators=[DataRequired("Enter your password to confirm.")],
                             render_kw={"autocomplete": "current-password"})
    submit = SubmitField("Send a confirmation link")
