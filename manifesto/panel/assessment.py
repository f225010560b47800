"""Panellists' assessments: conflicts of interest, blind scoring, edits with
history, and no silent overwrite between two tabs or devices."""

from __future__ import annotations

from sqlalchemy import func, select, update

from manifesto import audit
from manifesto.extensions import db
from manifesto.panel.models import (
    Assessment,
    AssessmentRevision,
    Commitment,
    ConflictDeclaration,
    Criterion,
    Score,
)
from manifesto.panel.services import PanelError, StaleEdit, criteria_of
from manifesto.timeutil import utcnow

NOTE_MAX = 2000


def scoring_closed_reason(round_) -> str | None:
    if round_.phase == "assessment":
        return None
    return "Scoring is open only while the round is in its assessment phase."


def has_conflict(panellist, commitment: Commitment) -> bool:
    return db.session.get(ConflictDeclaration, (commitment.id, panellist.id)) is not None


def declare_conflict(panellist, commitment: Commitment, note: str = "") -> ConflictDeclaration:
    """From now on this panellist cannot score the commitment; any draft or
    submitted scores of theirs are withdrawn (kept in the audit log)."""
    existing = db.session.get(ConflictDeclaration, (commitment.id, panellist.id))
    if existing is not None:
        return existing
    declaration = ConflictDeclaration(commitment_id=commitment.id, panellist_id=panellist.id,
                                      note=" ".join((note or "").split())[:500])
    try:
        db.session.add(declaration)
        own = assessment_of(panellist, commitment)
        withdrawn = None
        if own is not None:
            withdrawn = _scores_dict(own)
            db.session.delete(own)
        db.session.flush()
        audit.record(panellist, "panel.conflict_declared", commitment,
                     {"scores": withdrawn} if withdrawn else None, {"note": declaration.note})
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return declaration


def assessment_of(panellist, commitment: Commitment) -> Assessment | None:
    return db.session.scalar(select(Assessment).where(
        Assessment.commitment_id == commitment.id, Assessment.panellist_id == panellist.id))


def may_see_others(panellist, commitment: Commitment) -> bool:
    """The blind rule: others' scores only after submitting one's own."""
    own = assessment_of(panellist, commitment)
    return own is not None and own.submitted_at is not None


def _scores_dict(assessment: Assessment) -> dict[str, dict]:
    return {str(s.criterion_id): {"value": s.value, "note": s.note} for s in assessment.scores}


def _clean_scores(criteria: list[Criterion], values: dict[int, tuple[int | None, str]],
                  complete: bool) -> dict[int, tuple[int, str]]:
    errors, cleaned = {}, {}
    for criterion in criteria:
        if criterion.is_computed:
            continue
        value, note = values.get(criterion.id, (None, ""))
        note = (note or "").strip()
        if value is None:
            if complete:
                errors[f"score_{criterion.id}"] = f"Score “{criterion.name}” before submitting."
            continue
        if not isinstance(value, int) or not criterion.scale_min <= value <= criterion.scale_max:
            errors[f"score_{criterion.id}"] = (
                f"Score “{criterion.name}” from {criterion.scale_min} to {criterion.scale_max}.")
        elif len(note) > NOTE_MAX:
            errors[f"note_{criterion.id}"] = f"Keep the note to {NOTE_MAX} characters or fewer."
        else:
            cleaned[criterion.id] = (value, note)
    if errors:
        raise PanelError(errors)
    return cleaned


def save_assessment(panellist, commitment: Commitment, values: dict[int, tuple[int | None, str]],
                    *, submit: bool, expected_version: int | None) -> Assessment:
    """Save draft scores, or submit them (all scored criteria required).
    ``expected_version`` is the version the form was loaded with (None for a
    first save); a different current version means another save came first."""
    reason = scoring_closed_reason(commitment.round)
    if reason:
        raise PanelError(reason)
    if has_conflict(panellist, commitment):
        raise PanelError("You declared a conflict of interest on this commitment, so you cannot score it.")
    criteria = criteria_of(commitment.round)
    own = assessment_of(panellist, commitment)
    complete = submit or (own is not None and own.submitted_at is not None)
    cleaned = _clean_scores(criteria, values, complete)
    now = utcnow()
    table = Assessment.__table__
    try:
        if own is None:
            if expected_version not in (None, 0):
                raise StaleEdit("These scores were removed meanwhile; reload the page.")
            own = Assessment(commitment_id=commitment.id, panellist_id=panellist.id, version=1,
                             updated_at=now)
            db.session.add(own)
            db.session.flush()  # the unique (commitment, panellist) settles a double first save
            before = None
        else:
            bumped = db.session.execute(
                update(table).where(table.c.id == own.id, table.c.version == expected_version)
                .values(version=table.c.version + 1, updated_at=now)).rowcount
            if bumped != 1:
                raise StaleEdit("You changed these scores in another window or device since "
                                "this page was loaded. Nothing was overwritten: reload to see them.")
            db.session.expire(own, ["version", "updated_at"])
            before = _scores_dict(own)
        own.scores = [Score(criterion_id=cid, value=value, note=note)
                      for cid, (value, note) in sorted(cleaned.items())]
        if submit and own.submitted_at is None:
            own.submitted_at = now
        db.session.flush()
        after = _scores_dict(own)
        if own.submitted_at is not None:
            db.session.add(AssessmentRevision(assessment_id=own.id, version=own.version,
                                              scores=after, changed_by_id=panellist.id,
                                              changed_at=now))
        action = ("panel.assessment_submitted" if submit and before is None or
                  (submit and own.submitted_at == now) else "panel.assessment_saved")
        audit.record(panellist, action, own, {"scores": before} if before else None,
                     {"scores": after, "commitment_id": commitment.id,
                      "submitted": own.submitted_at is not None})
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return own


def progress(panellist, commitments: list[Commitment]) -> tuple[int, int]:
    """(submitted, to score): commitments with a conflict are not counted."""
    ids = [c.id for c in commitments]
    if not ids:
        return 0, 0
    conflicts = set(db.session.scalars(select(ConflictDeclaration.commitment_id).where(
        ConflictDeclaration.panellist_id == panellist.id,
        ConflictDeclaration.commitment_id.in_(ids))))
    submitted = db.session.scalar(select(func.count()).select_from(Assessment).where(
        Assessment.panellist_id == panellist.id, Assessment.commitment_id.in_(ids),
        Assessment.submitted_at.is_not(None))) or 0
    return submitted, len(ids) - len(conflicts)
