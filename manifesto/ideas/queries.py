"""Reading ideas: the browse/search list and similar-idea suggestions.

Every function here runs a fixed number of queries whatever the data size
(count, page of ideas, their themes, authors and workshops, and the page's
workshop backing), so pages stay fast at national scale.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from sqlalchemy import BigInteger, cast, exists, false, func, or_, select, union_all
from sqlalchemy.orm import joinedload, selectinload

from manifesto.comments.models import Comment
from manifesto import cache
from manifesto.extensions import db
from manifesto.ideas.models import COMBINED_SUPPORT, SCOPES, SOURCES, Idea, idea_themes
from manifesto.ideas.search import join_text_match, search_terms, text_match
from manifesto.workshops.models import NATIONS, Workshop, WorkshopTally
from manifesto.workshops.queries import Backing, backing_for

SORTS = {
    "combined": "Most support (online + workshops)",
    "supported": "Most supported online",
    "newest": "Newest",
    "discussed": "Most discussed",
    "random": "Random order",
    "relevance": "Best match",
}
# Workshop dots count as much as online supports: the room's backing is support too.
DEFAULT_SORT = "combined"
# A prime larger than any realistic idea id, for the per-visitor shuffle.
_SHUFFLE_MODULUS = 2_147_483_647
# Nation-filtered pages this deep test ideas against a prebuilt set rather
# than one by one (PostgreSQL hashes the one-by-one lookups, so it goes deeper).
_SHALLOW_OFFSET = {"sqlite": 100, "postgresql": 2000}


@dataclass
class IdeaFilters:
    q: str = ""
    sort: str = DEFAULT_SORT
    theme_id: int | None = None
    scope: str | None = None
    source: str | None = None
    nation: str | None = None

    def cleaned(self) -> "IdeaFilters":
        """Unknown values fall back to 'no filter' rather than an error."""
        sort = self.sort if self.sort in SORTS else DEFAULT_SORT
        if sort == "relevance" and not search_terms(self.q):
            sort = DEFAULT_SORT
        return IdeaFilters(
            q=(self.q or "").strip()[:200],
            sort=sort,
            theme_id=self.theme_id,
            scope=self.scope if self.scope in SCOPES else None,
            source=self.source if self.source in SOURCES else None,
            nation=self.nation if self.nation in NATIONS else None,
        )


@dataclass
class Page:
    items: list[Idea]
    page: int
    per_page: int
    total: int
    filters: IdeaFilters = field(default_factory=IdeaFilters)
    #: Workshops and nations that gave each listed idea dots (absent: none).
    backing: dict[int, Backing] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    def page_numbers(self, around: int = 2) -> list[int | None]:
        """Page links to show: first, last and a window round the current; None = gap."""
        wanted = {1, self.pages} | set(range(self.page - around, self.page + around + 1))
        numbers = sorted(n for n in wanted if 1 <= n <= self.pages)
        shown: list[int | None] = []
        for n in numbers:
            if shown and n - shown[-1] > 1:  # type: ignore[operator]
                shown.append(None)
            shown.append(n)
        return shown


def shuffle_seed() -> int:
    """A new visitor's seed for the random order (kept in their session)."""
    return random.SystemRandom().randrange(1, _SHUFFLE_MODULUS)


def _shuffle_key(seed: int):
    # An affine permutation of ids mod a prime: a stable, different order
    # per visitor, so early ideas do not win by always being first.
    multiplier = seed % (_SHUFFLE_MODULUS - 1) + 1
    offset = (seed * 7919) % _SHUFFLE_MODULUS
    return (cast(Idea.id, BigInteger) * multiplier + offset) % _SHUFFLE_MODULUS


def nation_workshop_ids(round_id: int, nation: str) -> list[int]:
    """The round's workshops held in ``nation`` (a few hundred at most)."""
    return list(db.session.scalars(
        select(Workshop.id).where(Workshop.round_id == round_id, Workshop.nation == nation)
    ))


def from_workshops_in(workshop_ids: list[int], *, counting: bool = False):
    """Ideas that came from, or got dots or comments at, one of the
    workshops (those of one nation), in the form fastest for the job.

    For one of the first pages (``counting=False``) each idea met while
    reading a list index in order is checked with indexed EXISTS lookups, so
    the page stops as soon as it is full. For the count, or a deep page, many
    ideas are checked, so the set of ideas the workshops touched is built
    once instead (a UNION ALL of indexed lookups) and each idea is a
    membership test: several times faster on a national round. The
    workshops' ids are given as a list, so every lookup is by index on both
    SQLite and PostgreSQL."""
    if not workshop_ids:
        return false()
    visible_comment = (Comment.deleted_at.is_(None), Comment.hidden.is_(False))
    if counting:
        ideas = Idea.__table__.alias("workshop_ideas")
        touched = union_all(
            select(ideas.c.id).where(ideas.c.workshop_id.in_(workshop_ids)),
            select(WorkshopTally.idea_id).where(WorkshopTally.workshop_id.in_(workshop_ids),
                                                WorkshopTally.dots > 0),
            select(Comment.idea_id).where(Comment.workshop_id.in_(workshop_ids),
                                          *visible_comment),
        )
        # "+ 0" keeps the planner reading the round's ideas from their index
        # (testing each against the set) rather than fetching the set by id.
        return (Idea.id + 0).in_(touched)
    tallied = WorkshopTally.__table__.alias("nation_tallies")
    return or_(
        Idea.workshop_id.in_(workshop_ids),
        # Found by the idea (a few tallies each), then checked for the nation.
        exists().where(tallied.c.idea_id == Idea.id, tallied.c.dots > 0,
                       (tallied.c.workshop_id + 0).in_(workshop_ids)),
        exists().where(Comment.idea_id == Idea.id, Comment.workshop_id.in_(workshop_ids),
                       *visible_comment),
    )


def browse_ideas(round_id: int, filters: IdeaFilters, page: int = 1, per_page: int = 20,
                 seed: int = 1, statuses: tuple[str, ...] = ("published",)) -> Page:
    """Published ideas of a round, filtered, searched, sorted and paged."""
    filters = filters.cleaned()
    page = max(1, page)
    stmt = select(Idea).where(Idea.round_id == round_id, Idea.status.in_(statuses))
    if filters.theme_id:
        stmt = stmt.where(
            exists().where(
                idea_themes.c.idea_id == Idea.id, idea_themes.c.theme_id == filters.theme_id
            )
        )
    if filters.scope:
        stmt = stmt.where(Idea.scope == filters.scope)
    if filters.source:
        stmt = stmt.where(Idea.source == filters.source)
    match = None
    terms = search_terms(filters.q)
    if terms:
        match = text_match(terms)
        stmt = join_text_match(stmt, match)
    count_stmt = stmt
    if filters.nation:
        workshop_ids = nation_workshop_ids(round_id, filters.nation)
        count_stmt = stmt.where(from_workshops_in(workshop_ids, counting=True))
        # The first pages stop early, testing few ideas; deeper ones test many.
        shallow = (page - 1) * per_page < _SHALLOW_OFFSET.get(db.engine.dialect.name, 100)
        stmt = stmt.where(from_workshops_in(workshop_ids, counting=not shallow))

    def count() -> int:
        return db.session.scalar(
            select(func.count()).select_from(count_stmt.order_by(None).subquery())
        ) or 0

    if filters.nation:
        # Counting a nation's ideas tests the whole round (about 20 ms at
        # national scale): kept briefly like the other public aggregates.
        total = cache.cached(("idea_count", round_id, statuses, filters.q, filters.theme_id,
                              filters.scope, filters.source, filters.nation), count)
    else:
        total = count()

    order = {
        # Exactly the indexed expression, so the page reads ix_ideas_list_combined in order.
        "combined": (COMBINED_SUPPORT.desc(), Idea.id.desc()),
        "supported": (Idea.support_count.desc(), Idea.id.desc()),
        "newest": (Idea.created_at.desc(), Idea.id.desc()),
        "discussed": (Idea.comment_count.desc(), Idea.id.desc()),
        "random": (_shuffle_key(seed), Idea.id),
        "relevance": ((match.score.desc(), Idea.id.desc()) if match is not None else ()),
    }[filters.sort]
    # Choose the page's ids first (narrow rows sort fast, whatever the text
    # lengths), then load just those ideas with their themes, authors and workshops.
    page_ids = list(
        db.session.scalars(
            stmt.with_only_columns(Idea.id).order_by(*order)
            .limit(per_page).offset((page - 1) * per_page)
        ).all()
    )
    loaded = {
        idea.id: idea
        for idea in db.session.scalars(
            select(Idea).where(Idea.id.in_(page_ids))
            .options(selectinload(Idea.themes), joinedload(Idea.author),
                     joinedload(Idea.workshop))
        ).unique().all()
    } if page_ids else {}
    items = [loaded[idea_id] for idea_id in page_ids if idea_id in loaded]
    return Page(items=items, page=page, per_page=per_page, total=total, filters=filters,
                backing=backing_for(page_ids))


def similar_ideas(round_id: int, title: str, limit: int = 5,
                  exclude_id: int | None = None) -> list[Idea]:
    """Existing published ideas whose text shares the title's significant words."""
    terms = search_terms(title, drop_stopwords=True)
    if not terms:
        return []
    match = text_match(terms, any_term=True)
    stmt = join_text_match(
        select(Idea).where(Idea.round_id == round_id, Idea.status == "published"), match
    )
    if exclude_id is not None:
        stmt = stmt.where(Idea.id != exclude_id)
    return list(
        db.session.scalars(stmt.order_by(match.score.desc(), Idea.id.desc()).limit(limit)).all()
    )
