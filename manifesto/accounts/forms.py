"""Account forms. Password rules come from services.password_problem, so the
form and the service can never disagree."""

from __future__ import annotations

from flask_wtf import FlaskForm

from manifesto.accounts.privacy_forms import contact_consent_field
from manifesto.spam import HoneypotMixin
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from manifesto.accounts import services

EMAIL_ATTRS = {"autocomplete": "email", "spellcheck": "false", "autocapitalize": "none"}
NEW_PASSWORD_ATTRS = {"autocomplete": "new-password"}
CURRENT_PASSWORD_ATTRS = {"autocomplete": "current-password"}


def password_rules(form, field) -> None:
    problem = services.password_problem(field.data)
    if problem:
        raise ValidationError(problem)


def _email_field(label: str = "Email address") -> EmailField:
    return EmailField(
        label,
        validators=[
            DataRequired("Enter your email address."),
            Length(max=services.EMAIL_MAX_LENGTH,
                   message=f"Email address must be {services.EMAIL_MAX_LENGTH} characters or fewer."),
            Email("Enter an email address like name@example.org."),
        ],
        filters=[services.normalise_email],
        render_kw=EMAIL_ATTRS,
    )


def _new_password_field(label: str) -> PasswordField:
    return PasswordField(label, validators=[DataRequired("Enter a password."), password_rules],
                         render_kw=NEW_PASSWORD_ATTRS)


def _confirm_field(other: str, label: str) -> PasswordField:
    return PasswordField(
        label,
        validators=[DataRequired("Enter the password again."),
                    EqualTo(other, message="The two passwords do not match.")],
        render_kw=NEW_PASSWORD_ATTRS,
    )


class RegisterForm(HoneypotMixin, FlaskForm):
    email = _email_field()
    display_name = StringField(
        "Display name",
        validators=[
            DataRequired("Enter the name to show next to your contributions."),
            Length(max=services.DISPLAY_NAME_MAX_LENGTH,
                   message=f"Display name must be {services.DISPLAY_NAME_MAX_LENGTH} characters or fewer."),
        ],
        filters=[lambda value: " ".join(value.split()) if value else value],
        render_kw={"autocomplete": "nickname"},
    )
    password = _new_password_field("Password")
    confirm = _confirm_field("password", "Confirm password")
    contact_consent = contact_consent_field()


class LoginForm(FlaskForm):
    # No format check here: any typo gets the same answer as a wrong password.
    email = EmailField("Email address", validators=[DataRequired("Enter your email address.")],
                       filters=[services.normalise_email], render_kw=EMAIL_ATTRS)
    password = PasswordField("Password", validators=[DataRequired("Enter your password.")],
                             render_kw=CURRENT_PASSWORD_ATTRS)
    remember = BooleanField("Remember me on this device")


class ForgotPasswordForm(FlaskForm):
    email = _email_field()


class ResetPasswordForm(FlaskForm):
    new_password = _new_password_field("New password")
    confirm = _confirm_field("new_password", "Confirm new password")


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        "Current password", validators=[DataRequired("Enter your current password.")],
        render_kw=CURRENT_PASSWORD_ATTRS,
    )
    new_password = _new_password_field("New password")
    confirm = _confirm_field("new_password", "Confirm new password")
