"""What the panellists' pages read: the queue with each commitment's state
for one panellist, others' scores, one's earlier versions, and the results
table with the blind rule applied per commitment.

Every lookup is batched over the round's commitments, so the number of
queries a page sends does not grow with the number of commitments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from manifesto.accounts.models import User
from manifesto.extensions import db
from manifesto.panel.aggregation import Result, aggregate
from manifesto.panel.models import Assessment, AssessmentRevision, Commitment, ConflictDeclaration
from manifesto.rounds.models import Round

#: A commitment's state for one panellist, in the queue's filter order.
STATES = {
    "not_started": "Not started",
    "draft": "Draft saved",
    "submitted": "Submitted",
    "conflict": "Conflict declared",
}


def round_by_slug(slug: str) -> Round | None:
    return db.session.scalar(select(Round).where(Round.slug == slug)
                             .options(selectinload(Round.themes)))


def load_commitment(commitment_id: int) -> Commitment | None:
    return db.session.scalar(
        select(Commitment).where(Commitment.id == commitment_id)
        .options(joinedload(Commitment.round), joinedload(Commitment.theme)))


def commitments_of(round_: Round) -> list[Commitment]:
    """The round's commitments in a stable order: by theme, then oldest first."""
    return list(db.session.scalars(
        select(Commitment).where(Commitment.round_id == round_.id)
        .options(joinedload(Commitment.theme))
        .order_by(Commitment.id)))


def _ordered(round_: Round, commitments: list[Commitment]) -> list[Commitment]:
    position = {theme.id: theme.position for theme in round_.themes}
    return sorted(commitments, key=lambda c: (position.get(c.theme_id, 10**6), c.id))


def states_for(panellist, commitment_ids: list[int]) -> dict[int, str]:
    """Two queries for any number of commitments."""
    if not commitment_ids:
        return {}
    states = {cid: "not_started" for cid in commitment_ids}
    for cid, submitted_at in db.session.execute(
        select(Assessment.commitment_id, Assessment.submitted_at).where(
            Assessment.panellist_id == panellist.id, Assessment.commitment_id.in_(commitment_ids))
    ):
        states[cid] = "submitted" if submitted_at is not None else "draft"
    for cid in db.session.scalars(select(ConflictDeclaration.commitment_id).where(
            ConflictDeclaration.panellist_id == panellist.id,
            ConflictDeclaration.commitment_id.in_(commitment_ids))):
        states[cid] = "conflict"
    return states


@dataclass
class QueueRow:
    commitment: Commitment
    state: str

    @property
    def state_label(self) -> str:
        return STATES[self.state]


def queue_for(panellist, round_: Round) -> list[QueueRow]:
    commitments = _ordered(round_, commitments_of(round_))
    states = states_for(panellist, [c.id for c in commitments])
    return [QueueRow(c, states[c.id]) for c in commitments]


# --- the scoring page ----------------------------------------------------------------

def others_assessments(panellist, commitment: Commitment) -> list[Assessment]:
    """Other panellists' submitted scores (drafts are nobody else's business)."""
    return list(db.session.scalars(
        select(Assessment).where(Assessment.commitment_id == commitment.id,
                                 Assessment.submitted_at.is_not(None),
                                 Assessment.panellist_id.is_distinct_from(panellist.id))
        .options(joinedload(Assessment.panellist).lazyload(User.role_rows))
        .order_by(Assessment.submitted_at, Assessment.id)))


def earlier_versions(assessment: Assessment | None) -> list[AssessmentRevision]:
    """One's own submitted versions before the current one, newest first."""
    if assessment is None:
        return []
    return list(db.session.scalars(
        select(AssessmentRevision).where(AssessmentRevision.assessment_id == assessment.id,
                                         AssessmentRevision.version != assessment.version)
        .order_by(AssessmentRevision.version.desc(), AssessmentRevision.id.desc())))


def conflict_of(panellist, commitment: Commitment) -> ConflictDeclaration | None:
    return db.session.get(ConflictDeclaration, (commitment.id, panellist.id))


def result_for(commitment: Commitment) -> Result:
    """The commitment's current aggregate, computed over the whole round (the
    public-support criterion is relative to the round's best supported)."""
    results = aggregate(commitment.round, commitments_of(commitment.round))
    return next(r for r in results if r.commitment.id == commitment.id)


# --- results ------------------------------------------------------------------------

def rounded(value: Fraction | None, places: int = 2, scale: int = 1) -> str:
    """``value × scale`` to ``places`` decimals, halves rounded up, exactly."""
    if value is None:
        return "—"
    units = Fraction(value) * scale * 10**places
    whole = (units * 2 + 1) // 2  # floor(x + ½)
    sign = "-" if whole < 0 else ""
    whole = abs(whole)
    if not places:
        return f"{sign}{whole}"
    return f"{sign}{whole // 10**places}.{whole % 10**places:0{places}d}"


def visible_ids(viewer, commitment_ids: list[int]) -> set[int]:
    """The blind rule (policy ``assessment.view_others``) for many
    commitments at once: a panellist sees the results of those they have
    submitted scores for or declared a conflict on; anyone else on the panel
    pages (administrators) sees all."""
    ids = list(commitment_ids)
    if not viewer.has_role("panellist"):
        return set(ids)
    if not ids:
        return set()
    return {cid for cid, state in states_for(viewer, ids).items()
            if state in ("submitted", "conflict")}


def conflict_counts(commitment_ids: list[int]) -> dict[int, int]:
    if not commitment_ids:
        return {}
    return dict(db.session.execute(
        select(ConflictDeclaration.commitment_id, func.count())
        .where(ConflictDeclaration.commitment_id.in_(commitment_ids))
        .group_by(ConflictDeclaration.commitment_id)).all())


@dataclass
class ResultsTable:
    rows: list[Result]  # visible, in ranked order
    hidden: list[Commitment]  # not visible to this viewer, by reference
    conflicts: dict[int, int] = field(default_factory=dict)

    @property
    def ranks_shown(self) -> bool:
        """A rank would give away how hidden commitments compare."""
        return not self.hidden


def results_for(viewer, round_: Round) -> ResultsTable:
    commitments = commitments_of(round_)
    results = aggregate(round_, commitments)
    ids = [c.id for c in commitments]
    visible = visible_ids(viewer, ids)
    return ResultsTable(
        rows=[r for r in results if r.commitment.id in visible],
        hidden=[c for c in commitments if c.id not in visible],
        conflicts=conflict_counts(ids),
    )


# --- the navigation link -------------------------------------------------------------

def panel_round() -> Round | None:
    """The round the panel is working on: the one in assessment (the latest
    if several), else the latest that has been through assessment."""
    for phases in (("assessment",), ("published", "tracking")):
        found = db.session.scalar(
            select(Round).where(Round.phase.in_(phases))
            .order_by(Round.opens_at.desc(), Round.id.desc()).limit(1))
        if found is not None:
            return found
    return None


def score_map(source) -> dict[int, dict]:
    """Criterion id → {"value", "note"}, from an assessment or a revision."""
    if source is None:
        return {}
    if isinstance(source, Assessment):
        return {s.criterion_id: {"value": s.value, "note": s.note} for s in source.scores}
    scores = source.scores if isinstance(source, AssessmentRevision) else source
    return {int(cid): item for cid, item in (scores or {}).items()}
