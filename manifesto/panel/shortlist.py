"""Deciding the shortlist and publishing the manifesto."""

from __future__ import annotations

from sqlalchemy import select, update

from manifesto import audit
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.panel.models import Commitment, IdeaOutcome, commitment_ideas
from manifesto.panel.services import PanelError
from manifesto.rounds.models import Theme
from manifesto.timeutil import utcnow

REASON_MAX = 2000


def _reason(reason: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise PanelError({"reason": "Give the reason for this decision: it is published."})
    if len(text) > REASON_MAX:
        raise PanelError({"reason": f"Keep the reason to {REASON_MAX} characters or fewer."})
    return text


def _decisions_open(round_) -> None:
    if round_.phase not in ("assessment",):
        raise PanelError("Shortlist decisions are made during the assessment phase.")


def decide(actor, commitment: Commitment, shortlisted: bool, reason: str) -> Commitment:
    _decisions_open(commitment.round)
    text = _reason(reason)
    before = {"shortlisted": commitment.shortlisted, "reason": commitment.decision_reason}
    commitment.shortlisted, commitment.decision_reason = shortlisted, text
    commitment.decided_at = utcnow()
    if shortlisted and commitment.position is None:
        last = db.session.scalar(select(Commitment.position).where(
            Commitment.round_id == commitment.round_id, Commitment.theme_id == commitment.theme_id,
            Commitment.shortlisted.is_(True), Commitment.id != commitment.id
        ).order_by(Commitment.position.desc().nulls_last()).limit(1))
        commitment.position = (last or 0) + 1
    elif not shortlisted:
        commitment.position = None
    audit.record(actor, "commitment.decided", commitment, before,
                 {"shortlisted": shortlisted, "reason": text})
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return commitment


def shortlist_by_theme(round_) -> list[tuple[Theme, list[Commitment]]]:
    rows = db.session.scalars(
        select(Commitment).where(Commitment.round_id == round_.id, Commitment.shortlisted.is_(True))
        .order_by(Commitment.position, Commitment.id)).all()
    by_theme: dict[int | None, list[Commitment]] = {}
    for commitment in rows:
        by_theme.setdefault(commitment.theme_id, []).append(commitment)
    return [(theme, by_theme[theme.id]) for theme in round_.themes if theme.id in by_theme]


def move(actor, commitment: Commitment, direction: int) -> None:
    """Swap with the neighbour above (-1) or below (+1) within its theme."""
    _decisions_open(commitment.round)
    siblings = next((items for theme, items in shortlist_by_theme(commitment.round)
                     if theme.id == commitment.theme_id), [])
    index = next((i for i, c in enumerate(siblings) if c.id == commitment.id), None)
    if index is None or not 0 <= index + direction < len(siblings):
        return
    other = siblings[index + direction]
    for position, item in enumerate(siblings, start=1):
        item.position = position
    commitment.position, other.position = other.position, commitment.position
    audit.record(actor, "commitment.moved", commitment, None, {"position": commitment.position})
    db.session.commit()


def record_idea_outcome(actor, idea: Idea, reason: str) -> IdeaOutcome:
    text = _reason(reason)
    outcome = db.session.get(IdeaOutcome, idea.id)
    before = {"reason": outcome.reason} if outcome else None
    if outcome is None:
        outcome = IdeaOutcome(idea_id=idea.id, reason=text, decided_by_id=getattr(actor, "id", None))
        db.session.add(outcome)
    else:
        outcome.reason, outcome.decided_by_id, outcome.decided_at = text, getattr(actor, "id", None), utcnow()
    db.session.flush()
    audit.record(actor, "idea.outcome_recorded", idea, before, {"reason": text})
    db.session.commit()
    return outcome


def publish(actor, round_) -> int:
    """Number the shortlist within themes and move the round to published.
    Every commitment must have a decision first."""
    _decisions_open(round_)
    undecided = db.session.scalars(select(Commitment.id).where(
        Commitment.round_id == round_.id, Commitment.shortlisted.is_(None))
        .order_by(Commitment.id)).all()
    if undecided:
        raise PanelError("Decide every commitment first: "
                         + ", ".join(f"C-{i}" for i in undecided) + " still undecided.")
    groups = shortlist_by_theme(round_)
    if not groups:
        raise PanelError("Shortlist at least one commitment before publishing.")
    number = 0
    try:
        for _theme, items in groups:
            for position, commitment in enumerate(items, start=1):
                number += 1
                commitment.position, commitment.number = position, number
        db.session.execute(update(Commitment.__table__).where(
            Commitment.__table__.c.round_id == round_.id,
            Commitment.__table__.c.shortlisted.is_(False)).values(number=None))
        round_.phase, round_.published_at = "published", utcnow()
        audit.record(actor, "round.published", round_, {"phase": "assessment"},
                     {"phase": "published", "commitments": number})
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return number


def outcome_for_idea(idea: Idea) -> dict | None:
    """What happened to an idea, for its page: in which commitment (and
    whether shortlisted, why), or the recorded reason it was not taken forward."""
    commitment = db.session.scalar(
        select(Commitment).join(commitment_ideas, commitment_ideas.c.commitment_id == Commitment.id)
        .where(commitment_ideas.c.idea_id == idea.id))
    if commitment is not None:
        return {"commitment": commitment, "shortlisted": commitment.shortlisted,
                "reason": commitment.decision_reason}
    outcome = db.session.get(IdeaOutcome, idea.id)
    if outcome is not None:
        return {"commitment": None, "shortlisted": False, "reason": outcome.reason}
    return None
