"""Dot-vote tallies per (workshop, idea): set, corrected with history, and
the idea's cached dot total changed atomically in the same transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from manifesto import audit
from manifesto.comments.services import CommentError
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.timeutil import utcnow
from manifesto.workshops.models import DOTS_MAX, TallyChange, Workshop, WorkshopTally
from manifesto.workshops.rules import WorkshopError, check_idea_for_workshop

_ideas = Idea.__table__
_tallies = WorkshopTally.__table__

# --- dot-vote tallies -------------------------------------------------------

def clean_dots(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise WorkshopError({"dots": "Enter the number of dots as a whole number."})
    if not 0 <= value <= DOTS_MAX:
        raise WorkshopError({"dots": f"Dots must be between 0 and {DOTS_MAX:,}."})
    return value


def _insert_ignore():
    return postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert


def stage_tally(actor, workshop: Workshop, idea: Idea, dots: int, *, via: str = "form",
                reason: str = "") -> TallyChange | None:
    """Set the workshop's dots for an idea, in the caller's transaction.
    Returns the recorded change, or None when the value was already that."""
    dots = clean_dots(dots)
    try:
        check_idea_for_workshop(workshop, idea)
    except CommentError as error:
        raise WorkshopError({"idea": error.message}) from None
    now = utcnow()
    # First write: make sure the row exists (so it can be locked), learning
    # whether it is new. On SQLite this takes the write lock.
    inserted = db.session.execute(
        _insert_ignore()(_tallies)
        .values(workshop_id=workshop.id, idea_id=idea.id, dots=0, updated_at=now)
        .on_conflict_do_nothing(index_elements=["workshop_id", "idea_id"])
        .returning(_tallies.c.idea_id)
    ).scalar_one_or_none() is not None
    where = (_tallies.c.workshop_id == workshop.id, _tallies.c.idea_id == idea.id)
    current = db.session.execute(
        select(_tallies.c.dots).where(*where).with_for_update()
    ).scalar_one()
    old = None if inserted else current
    if not inserted and current == dots:
        return None
    db.session.execute(update(_tallies).where(*where).values(dots=dots, updated_at=now))
    delta = dots - current
    if delta:
        db.session.execute(
            update(_ideas).where(_ideas.c.id == idea.id)
            .values(dot_count=_ideas.c.dot_count + delta)
        )
    change = TallyChange(workshop_id=workshop.id, idea_id=idea.id, old_dots=old, new_dots=dots,
                         changed_by_id=getattr(actor, "id", None), changed_at=now, via=via,
                         reason=" ".join((reason or "").split())[:300])
    db.session.add(change)
    db.session.flush()
    audit.record(actor, "tally.set", change,
                 {"dots": old} if old is not None else None,
                 {"dots": dots, "workshop_id": workshop.id, "idea_id": idea.id, "via": via})
    return change


def set_tally(actor, workshop: Workshop, idea: Idea, dots: int, *, via: str = "form",
              reason: str = "") -> TallyChange | None:
    try:
        change = stage_tally(actor, workshop, idea, dots, via=via, reason=reason)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return change


def set_tallies(actor, workshop: Workshop, dots_by_idea: dict[Idea, int],
                reason: str = "") -> list[TallyChange]:
    """Several tallies from one form: all saved, or none."""
    changes: list[TallyChange] = []
    try:
        for idea, dots in dots_by_idea.items():
            change = stage_tally(actor, workshop, idea, dots, reason=reason)
            if change is not None:
                changes.append(change)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return changes


def tally_history(workshop: Workshop, idea_id: int | None = None) -> list[TallyChange]:
    """Every change to the workshop's tallies, newest first."""
    stmt = select(TallyChange).where(TallyChange.workshop_id == workshop.id)
    if idea_id is not None:
        stmt = stmt.where(TallyChange.idea_id == idea_id)
    return list(db.session.scalars(
        stmt.order_by(TallyChange.changed_at.desc(), TallyChange.id.desc())
    ))


def dot_total_drift() -> list[tuple[int, str, int, int]]:
    """Ideas whose cached dot_count differs from the sum of their tallies."""
    total = func.coalesce(func.sum(WorkshopTally.dots), 0)
    query = (
        select(Idea.id, Idea.dot_count, total)
        .outerjoin(WorkshopTally, WorkshopTally.idea_id == Idea.id)
        .group_by(Idea.id, Idea.dot_count)
        .having(Idea.dot_count != total)
    )
    return [(i, "dot_count", cached, actual) for i, cached, actual in db.session.execute(query)]
