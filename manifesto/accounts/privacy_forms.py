"""Forms for a participant's own data: contact consent and deleting the account."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, RadioField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

from manifesto.accounts.privacy import consent_wording

CHOOSE_CONSENT = "Choose whether we may contact you."
KEEP, REMOVE = "keep", "remove"


def contact_consent_field() -> BooleanField:
    """The registration form's opt-in: unticked unless the person ticks it.
    Its label is the exact wording recorded with the consent."""
    return BooleanField(consent_wording(), default=False)


class ConsentForm(FlaskForm):
    """One button either way: giving and withdrawing are equally easy."""

    give = SubmitField("Yes, you may contact me")
    withdraw = SubmitField("Withdraw my consent")

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.give.data == self.withdraw.data:  # neither button (or both)
            self.form_errors.append(CHOOSE_CONSENT)
            return False
        return True


class DeleteAccountForm(FlaskForm):
    current_password = PasswordField(
        "Your password", validators=[DataRequired("Enter your password to confirm it is you.")],
        render_kw={"autocomplete": "current-password"},
    )
    contributions = RadioField(
        "Your ideas and comments",
        choices=[
            SelectChoice(KEEP, "Keep them, credited to “a former participant”"),
            SelectChoice(REMOVE, "Remove them: ideas are withdrawn and comments deleted"),
        ],
        default=KEEP,
        validators=[DataRequired("Choose what happens to your ideas and comments.")],
    )
