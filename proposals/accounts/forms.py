"""Forms of the account pages: registration, login, the account page, password reset."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.fields import BooleanField, EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from proposals.accounts.operations import password_problem


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _email_field():
    return EmailField(
        _l("Email address"),
        filters=[_strip],
        validators=[
            DataRequired(message=_l("Enter your email address.")),
            Length(max=254, message=_l("An email address has at most 254 characters.")),
            Email(message=_l("Enter an email address like name@example.org.")),
        ],
        render_kw={"autocomplete": "email", "spellcheck": "false"},
    )


def _display_name_field():
    return StringField(
        _l("Your name"),
        description=_l("Shown to the members of your groups and on the proposals you write."),
        validators=[
            DataRequired(message=_l("Enter your name.")),
            Length(max=100, message=_l("Use at most 100 characters.")),
        ],
        filters=[_strip],
        render_kw={"autocomplete": "name"},
    )


def _new_password_field(label=_l("New password")):
    return PasswordField(
        label,
        validators=[DataRequired(message=_l("Choose a password."))],
        render_kw={"autocomplete": "new-password"},
    )


def _confirm_field(label=_l("Repeat the new password")):
    return PasswordField(
        label,
        validators=[
            DataRequired(message=_l("Type the password again.")),
            EqualTo("password", message=_l("The two passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class _NewPasswordMixin:
    """Checks ``password`` against the site's rule (PASSWORD_MIN_LENGTH) and says what it is."""

    def _describe_password(self) -> None:
        minimum = current_app.config["PASSWORD_MIN_LENGTH"]
        self.password.description = _(
            "At least %(count)s characters. A few unrelated words are easy to remember.",
            count=minimum,
        )
        self.password.render_kw = {**self.password.render_kw, "minlength": minimum}

    def validate_password(self, field):
        problem = password_problem(field.data or "")
        if problem:
            raise ValidationError(problem)


class EmailForm(FlaskForm):
    """Step 1 of registration, and "forgot password": only an address."""

    email = _email_field()
    submit = SubmitField(_l("Send me a link"))


class RegistrationForm(_NewPasswordMixin, FlaskForm):
    display_name = _display_name_field()
    password = _new_password_field(_l("Password"))
    confirm = _confirm_field(_l("Repeat the password"))
    submit = SubmitField(_l("Create my account"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._describe_password()


class LoginForm(FlaskForm):
    email = _email_field()
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(message=_l("Enter your password."))],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Remember me on this device"))
    submit = SubmitField(_l("Log in"))


class DisplayNameForm(FlaskForm):
    display_name = _display_name_field()
    save_name = SubmitField(_l("Save name"))


class ChangePasswordForm(_NewPasswordMixin, FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(message=_l("Enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )
    password = _new_password_field()
    confirm = _confirm_field()
    change_password = SubmitField(_l("Change password"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self._describe_password()

    def validate_current_password(self, field):
        if not self.user.check_password(field.data or ""):
            raise ValidationError(_("This is not your current password."))


class ResetPasswordForm(_NewPasswordMixin, FlaskForm):
    password = _new_password_field()
    confirm = _confirm_field()
    submit = SubmitField(_l("Save the new password"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._describe_password()
