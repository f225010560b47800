"""Reading ideas: the browse/search list and similar-idea suggestions.

Every function here runs a fixed number of queries whatever the data size
(count, page of ideas, their themes and authors), so pages stay fast at
national scale.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from sqlalchemy import BigInteger, cast, exists, func, select
from sqlalchemy.orm import joinedload, selectinload

from manifesto.extensions import db
from manifesto.ideas.models import SCOPES, SOURCES, Idea, idea_themes
from manifesto.ideas.search import join_text_match, search_terms, text_match

SORTS = {
    "supported": "Most supported",
    "newest": "Newest",
    "discussed": "Most discussed",
    "random": "Random order",
    "relevance": "Best match",
}
DEFAULT_SORT = "supported"
# A prime larger than any realistic idea id, for the per-visitor shuffle.
_SHUFFLE_MODULUS = 2_147_483_647


@dataclass
class IdeaFilters:
    q: str = ""
    sort: str = DEFAULT_SORT
    theme_id: int | None = None
    scope: str | None = None
    source: str | None = None

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
        )


@dataclass
class Page:
    items: list[Idea]
    page: int
    per_page: int
    total: int
    filters: IdeaFilters = field(default_factory=IdeaFilters)

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

    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))

    order = {
        "supported": (Idea.support_count.desc(), Idea.id.desc()),
        "newest": (Idea.created_at.desc(), Idea.id.desc()),
        "discussed": (Idea.comment_count.desc(), Idea.id.desc()),
        "random": (_shuffle_key(seed), Idea.id),
        "relevance": ((match.score.desc(), Idea.id.desc()) if match is not None else ()),
    }[filters.sort]
    # Choose the page's ids first (narrow rows sort fast, whatever the text
    # lengths), then load just those ideas with their themes and authors.
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
            .options(selectinload(Idea.themes), joinedload(Idea.author))
        ).unique().all()
    } if page_ids else {}
    items = [loaded[idea_id] for idea_id in page_ids if idea_id in loaded]
    return Page(items=items, page=page, per_page=per_page, total=total or 0, filters=filters)


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
