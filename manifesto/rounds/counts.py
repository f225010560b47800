"""Public counts for rounds, by aggregate queries whose number does not grow
with the data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import distinct, func, select

from manifesto import cache
from manifesto.extensions import db
from manifesto.ideas.models import Idea, idea_themes
from manifesto.rounds.models import Round
from manifesto.supports.models import Support

#: Ideas shown publicly and counted on the round pages.
VISIBLE_STATUS = "published"


@dataclass(frozen=True)
class RoundCounts:
    ideas: int = 0
    supports: int = 0
    supporters: int = 0
    comments: int = 0


def round_counts(round_ids: Iterable[int]) -> dict[int, RoundCounts]:
    """Public counts per round, kept briefly per process (manifesto/cache.py)."""
    ids = tuple(sorted(set(round_ids)))
    return cache.cached(("round_counts", ids), lambda: _round_counts(ids))


def _round_counts(round_ids: Iterable[int]) -> dict[int, RoundCounts]:
    """Public counts for several rounds in two queries, whatever their size.
    Supports and comments add up the ideas' cached counters, which are kept
    exact (``flask check-counts``); supporters are distinct people."""
    ids = list(round_ids)
    if not ids:
        return {}
    idea_rows = db.session.execute(
        select(Idea.round_id, func.count(Idea.id), func.sum(Idea.support_count),
               func.sum(Idea.comment_count))
        .where(Idea.round_id.in_(ids), Idea.status == VISIBLE_STATUS)
        .group_by(Idea.round_id)
    ).all()
    supporter_rows = dict(db.session.execute(
        select(Idea.round_id, func.count(distinct(Support.user_id)))
        .join(Support, Support.idea_id == Idea.id)
        .where(Idea.round_id.in_(ids), Idea.status == VISIBLE_STATUS)
        .group_by(Idea.round_id)
    ).all())
    counts = {round_id: RoundCounts() for round_id in ids}
    for round_id, ideas, supports, comments in idea_rows:
        counts[round_id] = RoundCounts(
            ideas=ideas,
            supports=int(supports or 0),
            supporters=supporter_rows.get(round_id, 0),
            comments=int(comments or 0),
        )
    return counts


def theme_idea_counts(round_: Round) -> dict[int, int]:
    """Published ideas per theme of a round, in one query (kept briefly)."""
    return cache.cached(("theme_idea_counts", round_.id), lambda: _theme_idea_counts(round_.id))


def _theme_idea_counts(round_id: int) -> dict[int, int]:
    rows = db.session.execute(
        select(idea_themes.c.theme_id, func.count(Idea.id))
        .join(Idea, Idea.id == idea_themes.c.idea_id)
        .where(Idea.round_id == round_id, Idea.status == VISIBLE_STATUS)
        .group_by(idea_themes.c.theme_id)
    ).all()
    return dict(rows)
