"""A round in assessment for the panellists' page tests: three panellists,
an administrator who is not on the panel, a participant and a facilitator,
the default criteria and commitments built through the real services."""

from __future__ import annotations

from dataclasses import dataclass
from html import unescape

from sqlalchemy import select

from manifesto.accounts.models import User
from manifesto.audit import AuditEvent
from manifesto.extensions import db
from manifesto.panel import assessment
from manifesto.panel.models import Commitment, Criterion
from manifesto.rounds.models import Round
from tests.factories import (make_commitment, make_criteria, make_idea, make_round, make_support,
                             make_user)


@dataclass
class AssessWorld:
    round: Round
    criteria: list[Criterion]  # impact (3), relevance (2), feasibility (2), support (computed, 1)
    alice: User  # panellist
    bob: User  # panellist
    cara: User  # panellist
    admin: User  # administrator, not on the panel
    participant: User
    facilitator: User
    first: Commitment  # two supporters on its idea
    second: Commitment  # one supporter
    third: Commitment  # none

    @property
    def scored(self) -> list[Criterion]:
        return [c for c in self.criteria if not c.is_computed]


def make_assess_world(phase: str = "assessment") -> AssessWorld:
    admin = make_user(display_name="Ada Admin", roles=("admin",))
    round_ = make_round(title="Open Government Manifesto 2027")
    criteria = make_criteria(round_, admin)
    ideas = [make_idea(round_, title=f"Source idea {n}") for n in range(3)]
    supporters = [make_user(), make_user()]
    make_support(supporters[0], ideas[0])
    make_support(supporters[1], ideas[0])
    make_support(supporters[0], ideas[1])
    first = make_commitment(round_, [ideas[0]], actor=admin, title="Open contracts")
    second = make_commitment(round_, [ideas[1]], actor=admin, title="Open budgets",
                             theme=round_.themes[1])
    third = make_commitment(round_, [ideas[2]], actor=admin, title="Open lobbying")
    round_.phase = phase
    db.session.commit()
    return AssessWorld(
        round=round_, criteria=criteria,
        alice=make_user(display_name="Alice Panellist", roles=("panellist",)),
        bob=make_user(display_name="Bob Panellist", roles=("panellist",)),
        cara=make_user(display_name="Cara Panellist", roles=("panellist",)),
        admin=admin, participant=make_user(display_name="Pia Participant"),
        facilitator=make_user(display_name="Fola Facilitator", roles=("facilitator",)),
        first=first, second=second, third=third,
    )


def score(world: AssessWorld, panellist: User, commitment: Commitment, values: tuple[int, ...],
          *, submit: bool = True, notes: tuple[str, ...] = ()) -> None:
    """Scores through the service, one value per scored criterion in order."""
    own = assessment.assessment_of(panellist, commitment)
    notes = notes or ("",) * len(values)
    assessment.save_assessment(
        panellist, commitment,
        {c.id: (v, n) for c, v, n in zip(world.scored, values, notes)},
        submit=submit, expected_version=own.version if own else None)


def form_data(world: AssessWorld, values: tuple, *, action: str, version: int = 0,
              notes: tuple[str, ...] = ()) -> dict:
    data = {"action": action, "version": str(version)}
    notes = notes or ("",) * len(values)
    for criterion, value, note in zip(world.scored, values, notes):
        if value is not None:
            data[f"score_{criterion.id}"] = str(value)
        data[f"note_{criterion.id}"] = note
    return data


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def fresh() -> None:
    db.session.rollback()
    db.session.expire_all()
