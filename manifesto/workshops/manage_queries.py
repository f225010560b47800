"""Read-only queries behind the facilitator's pages. Each page loads its
lists in a fixed number of queries, however much a workshop holds."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, lazyload

from manifesto.accounts.models import User
from manifesto.comments.models import Comment
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.rounds.models import Round
from manifesto.workshops.models import TallyChange, Workshop, WorkshopTally
from manifesto.workshops.services import INPUT_PHASES

HISTORY_LIMIT = 50


def managed_workshops(user, *, round_id: int | None = None, page: int = 1,
                      per_page: int = 50) -> tuple[list[Workshop], int]:
    """The workshops this person manages (administrators: all of them),
    newest first, with how many there are."""
    stmt = select(Workshop)
    if not user.has_role("admin"):
        stmt = stmt.where(Workshop.owner_id == user.id)
    if round_id is not None:
        stmt = stmt.where(Workshop.round_id == round_id)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    workshops = list(db.session.scalars(
        stmt.options(joinedload(Workshop.round),
                     joinedload(Workshop.owner).options(lazyload(User.role_rows)))
        .order_by(Workshop.held_on.desc(), Workshop.id.desc())
        .limit(per_page).offset((max(page, 1) - 1) * per_page)
    ))
    return workshops, total


def all_rounds() -> list[Round]:
    return list(db.session.scalars(select(Round).order_by(Round.created_at.desc(), Round.id.desc())))


def rounds_taking_input() -> list[Round]:
    return list(db.session.scalars(
        select(Round).where(Round.phase.in_(INPUT_PHASES))
        .order_by(Round.created_at.desc(), Round.id.desc())
    ))


@dataclass
class WorkshopCounts:
    ideas: int
    comments: int
    tallies: int
    dots: int


def workshop_counts(workshop: Workshop) -> WorkshopCounts:
    """What has been typed in for the workshop so far, in one query."""
    ideas = select(func.count()).select_from(Idea).where(Idea.workshop_id == workshop.id)
    comments = select(func.count()).select_from(Comment).where(Comment.workshop_id == workshop.id)
    tallies = select(func.count(), func.coalesce(func.sum(WorkshopTally.dots), 0)) \
        .where(WorkshopTally.workshop_id == workshop.id).subquery()
    row = db.session.execute(
        select(ideas.scalar_subquery(), comments.scalar_subquery(), tallies)
    ).one()
    return WorkshopCounts(*row)


def recent_tally_changes(workshop: Workshop,
                         limit: int = HISTORY_LIMIT) -> tuple[list[tuple[TallyChange, Idea]], int]:
    """The latest changes to the workshop's tallies (newest first), each with
    its idea, and how many changes there have been in all."""
    total = db.session.scalar(
        select(func.count()).select_from(TallyChange).where(TallyChange.workshop_id == workshop.id)
    ) or 0
    rows = db.session.execute(
        select(TallyChange, Idea)
        .join(Idea, Idea.id == TallyChange.idea_id)
        .where(TallyChange.workshop_id == workshop.id)
        .options(joinedload(TallyChange.changed_by).options(lazyload(User.role_rows)))
        .order_by(TallyChange.changed_at.desc(), TallyChange.id.desc())
        .limit(limit)
    ).all()
    return [(change, idea) for change, idea in rows], total


def workshop_tallies(workshop: Workshop) -> list[tuple[WorkshopTally, Idea]]:
    """Every tally the workshop has given, by idea reference."""
    rows = db.session.execute(
        select(WorkshopTally, Idea)
        .join(Idea, Idea.id == WorkshopTally.idea_id)
        .where(WorkshopTally.workshop_id == workshop.id)
        .order_by(Idea.id)
    ).all()
    return [(tally, idea) for tally, idea in rows]


def ideas_by_id(ids) -> dict[int, Idea]:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return {idea.id: idea for idea in db.session.scalars(select(Idea).where(Idea.id.in_(ids)))}
