"""Reading what workshops contributed, for the public pages and the API.

Every function runs a fixed number of queries whatever the data: lists are
loaded in one query each, counts come from grouped aggregates, and the lists
on one workshop's page are capped (with their totals, so the page can say so).
Only what the public sees is counted: published ideas, visible comments and
tallies of at least one dot.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from manifesto import cache
from manifesto.comments.models import Comment
from manifesto.extensions import db
from manifesto.ideas.models import COMBINED_SUPPORT, STATUSES, Idea, idea_themes
from manifesto.workshops.models import NATIONS, Workshop, WorkshopTally

VISIBLE_STATUS = "published"
#: Items listed per section of one workshop's page (the totals say how many more).
SECTION_LIMIT = 100
_NATION_ORDER = {nation: position for position, nation in enumerate(NATIONS)}


# --- an idea's backing at workshops -------------------------------------------

@dataclass(frozen=True)
class Backing:
    """How many workshops (in how many nations) gave an idea dots."""

    workshops: int = 0
    nations: int = 0


NO_BACKING = Backing()


def backing_for(idea_ids: Iterable[int]) -> dict[int, Backing]:
    """Workshops and nations that gave each idea dots: one grouped query."""
    ids = sorted(set(idea_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        select(WorkshopTally.idea_id, func.count(Workshop.id),
               func.count(Workshop.nation.distinct()))
        .join(Workshop, Workshop.id == WorkshopTally.workshop_id)
        .where(WorkshopTally.idea_id.in_(ids), WorkshopTally.dots > 0)
        .group_by(WorkshopTally.idea_id)
    )
    return {idea_id: Backing(workshops, nations) for idea_id, workshops, nations in rows}


@dataclass(frozen=True)
class WorkshopDots:
    workshop: Workshop
    dots: int


def idea_workshops(idea_id: int) -> list[WorkshopDots]:
    """The workshops that gave an idea dots, most dots first: one query."""
    rows = db.session.execute(
        select(Workshop, WorkshopTally.dots)
        .join(WorkshopTally, WorkshopTally.workshop_id == Workshop.id)
        .where(WorkshopTally.idea_id == idea_id, WorkshopTally.dots > 0)
        .order_by(WorkshopTally.dots.desc(), Workshop.held_on, Workshop.id)
    ).all()
    return [WorkshopDots(workshop, dots) for workshop, dots in rows]


def backing_of(listed: list[WorkshopDots]) -> Backing:
    return Backing(len(listed), len({row.workshop.nation for row in listed}))


# --- counts per workshop ------------------------------------------------------

@dataclass
class WorkshopCounts:
    ideas: int = 0  # published ideas it produced
    comments: int = 0  # visible comments it gave on published ideas
    dots: int = 0  # dots it gave to published ideas
    ideas_dotted: int = 0  # published ideas it gave at least one dot


def _not_visible(round_id: int):
    """The round's ideas the public does not see (a few per cent): testing
    against this small set spares reading every counted idea's row."""
    # Named statuses (not "!= published"), so the list index gives them as ranges.
    return select(Idea.id).where(Idea.round_id == round_id,
                                 Idea.status.in_([s for s in STATUSES if s != VISIBLE_STATUS]))


def counts_for(round_id: int, workshop_ids: Iterable[int],
               with_comments: bool = True) -> dict[int, WorkshopCounts]:
    """Public counts for several workshops of a round in (at most) three
    grouped queries. ``with_comments=False`` leaves comments at 0 (it is the
    dearest count: every comment row must be read for its visibility)."""
    ids = sorted(set(workshop_ids))
    counts = {workshop_id: WorkshopCounts() for workshop_id in ids}
    if not ids:
        return counts
    hidden = _not_visible(round_id)
    for workshop_id, n in db.session.execute(
        select(Idea.workshop_id, func.count(Idea.id))
        .where(Idea.workshop_id.in_(ids), Idea.id.not_in(hidden))
        .group_by(Idea.workshop_id)
    ):
        counts[workshop_id].ideas = n
    if with_comments:
        for workshop_id, n in db.session.execute(
            select(Comment.workshop_id, func.count(Comment.id))
            .where(Comment.workshop_id.in_(ids), Comment.deleted_at.is_(None),
                   Comment.hidden.is_(False), Comment.idea_id.not_in(hidden))
            .group_by(Comment.workshop_id)
        ):
            counts[workshop_id].comments = n
    for workshop_id, dots, n in db.session.execute(
        select(WorkshopTally.workshop_id, func.sum(WorkshopTally.dots), func.count())
        .where(WorkshopTally.workshop_id.in_(ids), WorkshopTally.dots > 0,
               WorkshopTally.idea_id.not_in(hidden))
        .group_by(WorkshopTally.workshop_id)
    ):
        counts[workshop_id].dots = int(dots or 0)
        counts[workshop_id].ideas_dotted = n
    return counts


# --- a round's workshops, by nation -------------------------------------------

@dataclass
class NationGroup:
    nation: str
    label: str
    workshops: list[Workshop] = field(default_factory=list)
    attendees: int = 0
    ideas: int = 0
    dots: int = 0


@dataclass
class RoundWorkshops:
    nations: list[NationGroup]
    counts: dict[int, WorkshopCounts]

    @property
    def total_workshops(self) -> int:
        return sum(len(group.workshops) for group in self.nations)

    @property
    def total_attendees(self) -> int:
        return sum(group.attendees for group in self.nations)

    @property
    def total_ideas(self) -> int:
        return sum(group.ideas for group in self.nations)

    @property
    def total_dots(self) -> int:
        return sum(group.dots for group in self.nations)


def round_workshops_query(round_id: int):
    """A round's workshops by nation (England, Scotland, Wales, Northern
    Ireland), then date."""
    return select(Workshop).where(Workshop.round_id == round_id).order_by(
        Workshop.nation, Workshop.held_on, Workshop.id
    )


def round_workshops(round_id: int) -> RoundWorkshops:
    """Every workshop of a round grouped by nation then date, with totals:
    three queries whatever the number of workshops (one while the counts are
    cached)."""
    workshops = list(db.session.scalars(round_workshops_query(round_id)))
    ids = tuple(workshop.id for workshop in workshops)
    # Aggregates over every tally of the round: kept briefly, like the
    # round's other public counts (manifesto/cache.py).
    counts = cache.cached(("workshop_counts", round_id, ids),
                          lambda: counts_for(round_id, ids, with_comments=False))
    groups: dict[str, NationGroup] = {}
    for workshop in workshops:
        group = groups.setdefault(workshop.nation,
                                  NationGroup(workshop.nation, workshop.nation_label))
        group.workshops.append(workshop)
        group.attendees += workshop.attendees
        group.ideas += counts[workshop.id].ideas
        group.dots += counts[workshop.id].dots
    ordered = sorted(groups.values(), key=lambda g: _NATION_ORDER.get(g.nation, 99))
    return RoundWorkshops(ordered, counts)


def workshop_choices(round_id: int) -> list[Workshop]:
    """The round's workshops for a picker, newest first: one query."""
    return list(db.session.scalars(
        select(Workshop).where(Workshop.round_id == round_id)
        .order_by(Workshop.held_on.desc(), Workshop.id.desc())
    ))


# --- one workshop's page ------------------------------------------------------

@dataclass
class Section:
    items: list
    total: int

    @property
    def more(self) -> int:
        return max(0, self.total - len(self.items))


@dataclass
class WorkshopContribution:
    ideas: Section  # of Idea
    comments: Section  # of Comment, each with .idea loaded
    tallies: Section  # of (Idea, dots)
    dots: int


def workshop_contribution(workshop: Workshop, limit: int = SECTION_LIMIT) -> WorkshopContribution:
    """What one workshop brought in, each list capped at ``limit``: six queries."""
    counts = counts_for(workshop.round_id, [workshop.id])[workshop.id]
    ideas = list(db.session.scalars(
        select(Idea)
        .where(Idea.workshop_id == workshop.id, Idea.status == VISIBLE_STATUS)
        .order_by(COMBINED_SUPPORT.desc(), Idea.id.desc())
        .limit(limit)
    ))
    comments = list(db.session.scalars(
        select(Comment)
        .join(Idea, Idea.id == Comment.idea_id)
        .where(Comment.workshop_id == workshop.id, Comment.deleted_at.is_(None),
               Comment.hidden.is_(False), Idea.status == VISIBLE_STATUS)
        .options(joinedload(Comment.idea))
        .order_by(Comment.created_at, Comment.id)
        .limit(limit)
    ))
    tallies = db.session.execute(
        select(Idea, WorkshopTally.dots)
        .join(WorkshopTally, WorkshopTally.idea_id == Idea.id)
        .where(WorkshopTally.workshop_id == workshop.id, WorkshopTally.dots > 0,
               Idea.status == VISIBLE_STATUS)
        .order_by(WorkshopTally.dots.desc(), Idea.id)
        .limit(limit)
    ).all()
    return WorkshopContribution(
        ideas=Section(ideas, counts.ideas),
        comments=Section(comments, counts.comments),
        tallies=Section([(idea, dots) for idea, dots in tallies], counts.ideas_dotted),
        dots=counts.dots,
    )


def workshops_by_id(workshop_ids: Iterable[int]) -> dict[int, Workshop]:
    """Workshops by id in one query (e.g. to credit a page of comments)."""
    ids = sorted({i for i in workshop_ids if i is not None})
    if not ids:
        return {}
    return {w.id: w for w in db.session.scalars(select(Workshop).where(Workshop.id.in_(ids)))}



# --- the pack's tally sheet ---------------------------------------------------

#: Ideas on one printed tally sheet; a national round has tens of thousands.
TALLY_SHEET_LIMIT = 300


@dataclass(frozen=True)
class SheetRow:
    id: int
    title: str

    @property
    def reference(self) -> str:
        return f"I-{self.id}"


@dataclass
class TallySheet:
    rows: list[SheetRow]
    total: int  # published ideas the filter matches
    limit: int

    @property
    def capped(self) -> bool:
        return self.total > len(self.rows)


def tally_sheet(round_id: int, theme_id: int | None = None,
                limit: int = TALLY_SHEET_LIMIT) -> TallySheet:
    """The round's published ideas (of one theme, if given) for a paper
    tally sheet, in reference order. When there are more than ``limit``,
    the ``limit`` with most support so far are listed. Two queries."""
    where = [Idea.round_id == round_id, Idea.status == VISIBLE_STATUS]
    if theme_id is not None:
        where.append(Idea.id.in_(
            select(idea_themes.c.idea_id).where(idea_themes.c.theme_id == theme_id)
        ))
    total = db.session.scalar(select(func.count(Idea.id)).where(*where)) or 0
    top = (
        select(Idea.id).where(*where)
        .order_by(COMBINED_SUPPORT.desc(), Idea.id.desc())
        .limit(limit)
        .subquery()
    )
    rows = db.session.execute(
        select(Idea.id, Idea.title).where(Idea.id.in_(select(top.c.id))).order_by(Idea.id)
    ).all()
    return TallySheet([SheetRow(i, title) for i, title in rows], total, limit)
