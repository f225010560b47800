"""Criteria and commitments: the rules for setting them up and editing them.
Each action is one transaction, audited."""

from __future__ import annotations

from typing import Any, Iterable

from sqlalchemy import func, select, update

from manifesto import audit
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.panel.models import (
    COMPUTED_FROM,
    Commitment,
    CommitmentVersion,
    Criterion,
    Score,
    commitment_ideas,
)
from manifesto.rounds.models import Round, Theme
from manifesto.timeutil import utcnow

DEFAULT_CRITERIA = (
    ("Potential impact and ambition",
     "How much would this change for people if delivered in full? Is it ambitious?", 3, None),
    ("Relevance to open-government values",
     "Does it advance transparency, participation, accountability, or technology and "
     "innovation for openness?", 2, None),
    ("Feasibility", "Could an incoming government deliver it within a parliament?", 2, None),
    ("Public support", "Computed from online supporters and workshop dots of its source ideas.",
     1, "public_support"),
)
COMMITMENT_FIELDS = ("title", "commit_to", "current_situation", "we_call_for", "lead_body",
                     "theme_id")
#: What a criterion may no longer change once scoring has begun: changing it
#: would silently change every result already worked out.
LOCKED_ONCE_SCORED = {"weight": "weight", "scale_min": "bottom of the scale",
                      "scale_max": "top of the scale", "computed_from": "way it is scored"}
_LIMITS = {"title": 200, "commit_to": 2000, "current_situation": 5000, "we_call_for": 5000,
           "lead_body": 300}


class PanelError(ValueError):
    """Invalid input: ``errors`` maps field names to messages."""

    def __init__(self, errors: dict[str, str] | str):
        errors = {"": errors} if isinstance(errors, str) else errors
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class StaleEdit(PanelError):
    """Someone else saved first: nothing was overwritten."""


def _commit() -> None:
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise


# --- criteria -------------------------------------------------------------------

def criteria_of(round_: Round) -> list[Criterion]:
    return list(db.session.scalars(
        select(Criterion).where(Criterion.round_id == round_.id)
        .order_by(Criterion.position, Criterion.id)))


def scoring_has_begun(round_: Round) -> bool:
    """Whether any panellist has saved a score (draft or submitted) in the round."""
    return db.session.scalar(
        select(Score.assessment_id).join(Criterion, Criterion.id == Score.criterion_id)
        .where(Criterion.round_id == round_.id).limit(1)) is not None


def _locked_changes(round_: Round, criterion: Criterion | None, values: dict) -> dict[str, str]:
    """Once scoring has begun: no new criterion, and no change to weight,
    scale or computation (the name and guidance may still be corrected)."""
    if not scoring_has_begun(round_):
        return {}
    if criterion is None:
        return {"": "Scoring has begun in this round, so no criterion can be added: "
                    "scores already given would no longer add up to the same results."}
    return {name: f"Scoring has begun in this round, so the {label} can no longer change: "
                  "it would silently change the results. You can still correct the name "
                  "and guidance."
            for name, label in LOCKED_ONCE_SCORED.items()
            if values.get(name) != getattr(criterion, name)}


def add_default_criteria(actor, round_: Round) -> list[Criterion]:
    if criteria_of(round_):
        return criteria_of(round_)
    for position, (name, guidance, weight, computed) in enumerate(DEFAULT_CRITERIA):
        db.session.add(Criterion(round_id=round_.id, name=name, guidance=guidance, weight=weight,
                                 scale_min=1, scale_max=5, computed_from=computed,
                                 position=position))
    db.session.flush()
    audit.record(actor, "criteria.defaults_added", round_, after={"count": len(DEFAULT_CRITERIA)})
    _commit()
    return criteria_of(round_)


def save_criterion(actor, round_: Round, criterion: Criterion | None = None, *, name: str,
                   guidance: str = "", weight: int = 1, scale_min: int = 1, scale_max: int = 5,
                   computed_from: str | None = None) -> Criterion:
    errors = {}
    name = " ".join((name or "").split())
    if not name:
        errors["name"] = "Enter the criterion's name."
    elif len(name) > 120:
        errors["name"] = "Name must be 120 characters or fewer."
    if not isinstance(weight, int) or not 1 <= weight <= 100:
        errors["weight"] = "Weight must be a whole number from 1 to 100."
    if not (isinstance(scale_min, int) and isinstance(scale_max, int)) or scale_max <= scale_min:
        errors["scale_max"] = "The top of the scale must be above the bottom."
    if computed_from not in (None, *COMPUTED_FROM):
        errors["computed_from"] = "Choose what the criterion is computed from."
    duplicate = db.session.scalar(select(Criterion.id).where(
        Criterion.round_id == round_.id, func.lower(Criterion.name) == name.lower()))
    if duplicate is not None and (criterion is None or duplicate != criterion.id):
        errors["name"] = "This round already has a criterion with that name."
    if not errors:
        errors = _locked_changes(round_, criterion, {
            "weight": weight, "scale_min": scale_min, "scale_max": scale_max,
            "computed_from": computed_from})
    if errors:
        raise PanelError(errors)
    values = dict(name=name, guidance=(guidance or "").strip(), weight=weight,
                  scale_min=scale_min, scale_max=scale_max, computed_from=computed_from)
    if criterion is None:
        position = db.session.scalar(select(func.count()).select_from(Criterion)
                                     .where(Criterion.round_id == round_.id))
        criterion = Criterion(round_id=round_.id, position=position, **values)
        db.session.add(criterion)
        db.session.flush()
        audit.record(actor, "criterion.created", criterion, None, values)
    else:
        before = {k: getattr(criterion, k) for k in values}
        for key, value in values.items():
            setattr(criterion, key, value)
        audit.record(actor, "criterion.updated", criterion, before, values)
    _commit()
    return criterion


# --- commitments ------------------------------------------------------------------

def _clean_commitment(round_: Round, values: dict[str, Any]) -> dict[str, Any]:
    errors, cleaned = {}, {}
    for name, maximum in _LIMITS.items():
        value = values.get(name) or ""
        value = " ".join(value.split()) if name in ("title", "lead_body") else value.strip()
        if len(value) > maximum:
            errors[name] = f"Keep this to {maximum} characters or fewer."
        cleaned[name] = value
    if not cleaned["title"]:
        errors["title"] = "Enter a title for the commitment."
    if not cleaned["commit_to"]:
        errors["commit_to"] = "Say what government should commit to."
    theme_id = values.get("theme_id")
    if theme_id in (None, "", 0):
        errors["theme_id"] = "Choose the theme this commitment belongs to."
        theme_id = None
    elif db.session.scalar(select(Theme.id).where(Theme.id == theme_id,
                                                  Theme.round_id == round_.id)) is None:
        errors["theme_id"] = "Choose a theme of this round."
    cleaned["theme_id"] = theme_id
    if errors:
        raise PanelError(errors)
    return cleaned


def _source_ideas(round_: Round, idea_ids: Iterable[int], commitment: Commitment | None) -> list[Idea]:
    ids = sorted(set(idea_ids))
    if not ids:
        raise PanelError({"idea_ids": "Choose at least one idea the commitment comes from."})
    ideas = list(db.session.scalars(select(Idea).where(Idea.id.in_(ids))))
    wrong = [i.reference for i in ideas if i.round_id != round_.id or i.status != "published"]
    missing = set(ids) - {i.id for i in ideas}
    if missing or wrong:
        refs = sorted(wrong + [f"I-{m}" for m in missing])
        raise PanelError({"idea_ids": f"Not published ideas of this round: {', '.join(refs)}."})
    taken = db.session.execute(
        select(commitment_ideas.c.idea_id, commitment_ideas.c.commitment_id)
        .where(commitment_ideas.c.idea_id.in_(ids))).all()
    taken = [(i, c) for i, c in taken if commitment is None or c != commitment.id]
    if taken:
        raise PanelError({"idea_ids": "Already part of another commitment: " + ", ".join(
            f"I-{i} (in C-{c})" for i, c in taken) + "."})
    return ideas


def _snapshot(commitment: Commitment) -> dict[str, Any]:
    values = {name: getattr(commitment, name) for name in COMMITMENT_FIELDS}
    values["idea_ids"] = sorted(i.id for i in commitment.ideas)
    return values


def create_commitment(actor, round_: Round, *, idea_ids: Iterable[int], **values: Any) -> Commitment:
    cleaned = _clean_commitment(round_, values)
    commitment = Commitment(round_id=round_.id, created_by_id=getattr(actor, "id", None), **cleaned)
    commitment.ideas = _source_ideas(round_, idea_ids, None)
    try:
        db.session.add(commitment)
        db.session.flush()
        snapshot = _snapshot(commitment)
        db.session.add(CommitmentVersion(commitment_id=commitment.id, version=1, fields=snapshot,
                                         edited_by_id=getattr(actor, "id", None)))
        audit.record(actor, "commitment.created", commitment, None, snapshot)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return commitment


def update_commitment(actor, commitment: Commitment, *, expected_version: int,
                      idea_ids: Iterable[int] | None = None, **values: Any) -> Commitment:
    """Edit; refuses (StaleEdit) when someone else saved since ``expected_version``."""
    before = _snapshot(commitment)
    cleaned = _clean_commitment(commitment.round, {**before, **values})
    ideas = (_source_ideas(commitment.round, idea_ids, commitment)
             if idea_ids is not None else None)
    try:
        # Guarded version bump: the first write, and the lock against a racing edit.
        bumped = db.session.execute(
            update(Commitment.__table__)
            .where(Commitment.__table__.c.id == commitment.id,
                   Commitment.__table__.c.version == expected_version)
            .values(version=expected_version + 1, updated_at=utcnow())
        ).rowcount
        if bumped != 1:
            raise StaleEdit({"": "Someone else changed this commitment while you were editing. "
                                 "Nothing was overwritten: review their version and try again."})
        db.session.expire(commitment, ["version", "updated_at"])
        for name, value in cleaned.items():
            setattr(commitment, name, value)
        if ideas is not None:
            commitment.ideas = ideas
        db.session.flush()
        after = _snapshot(commitment)
        db.session.add(CommitmentVersion(commitment_id=commitment.id,
                                         version=expected_version + 1, fields=after,
                                         edited_by_id=getattr(actor, "id", None)))
        changed = {k for k in after if after[k] != before[k]}
        audit.record(actor, "commitment.updated", commitment,
                     {k: before[k] for k in changed}, {k: after[k] for k in changed})
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return commitment


def commitment_of_idea(idea: Idea) -> Commitment | None:
    return db.session.scalar(
        select(Commitment).join(commitment_ideas, commitment_ideas.c.commitment_id == Commitment.id)
        .where(commitment_ideas.c.idea_id == idea.id))


def versions_of(commitment: Commitment) -> list[CommitmentVersion]:
    return list(db.session.scalars(
        select(CommitmentVersion).where(CommitmentVersion.commitment_id == commitment.id)
        .order_by(CommitmentVersion.version.desc())))
