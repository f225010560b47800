"""Forms of the shortlist pages: one decision form per commitment, one
outcome form per idea not taken forward, the move buttons and publication.

Many of these forms share one page, so each carries a prefix (``c12-``,
``i40-``) that keeps its field ids unique. Their CSRF token is the plain
``csrf_token`` field checked by the app-wide CSRFProtect, so the forms
themselves do not add a second, prefixed one.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import AnyOf, InputRequired

from manifesto.panel.shortlist import REASON_MAX

DECISIONS = {"shortlist": True, "reject": False}
DIRECTIONS = {"up": -1, "down": +1}


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class _PageForm(FlaskForm):
    class Meta:
        csrf = False  # the page-wide CSRFProtect checks the token


class DecisionForm(_PageForm):
    """Shortlist or not, with the reason that is published with the decision.
    The choice is the submit button pressed (``decision``)."""

    reason = TextAreaField("Reason", filters=[_strip])
    decision = HiddenField()

    def __init__(self, commitment, *args, **kwargs):
        kwargs.setdefault("prefix", f"c{commitment.id}")
        super().__init__(*args, **kwargs)
        self.commitment = commitment
        self.reason.label.text = f"Reason for the decision on {commitment.reference}"

    def chosen(self) -> bool | None:
        return DECISIONS.get(self.decision.data or "")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.chosen() is None:
            self.form_errors.append("Choose Shortlist or Do not shortlist.")
            return False
        return valid

    @property
    def reason_max(self) -> int:
        return REASON_MAX


class OutcomeForm(_PageForm):
    """Why an idea is in no commitment (shown on the idea's page once published)."""

    reason = TextAreaField("Why this idea was not taken forward", filters=[_strip])

    def __init__(self, idea, *args, **kwargs):
        kwargs.setdefault("prefix", f"i{idea.id}")
        super().__init__(*args, **kwargs)
        self.idea = idea
        self.reason.label.text = f"Why {idea.reference} was not taken forward"


class MoveForm(_PageForm):
    direction = HiddenField(validators=[InputRequired(), AnyOf(list(DIRECTIONS))])

    def step(self) -> int:
        return DIRECTIONS[self.direction.data]


class PublishForm(_PageForm):
    """Publishing takes a deliberate POST from the confirmation page."""
