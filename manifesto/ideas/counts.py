"""Proof that the cached counters on ideas match the rows they count.

Used by ``flask check-counts`` and by the tests after concurrent writes.
"""

from __future__ import annotations

from sqlalchemy import and_, func, select

from manifesto.comments.models import Comment
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.supports.models import Support


def _support_drift() -> list[tuple[int, str, int, int]]:
    rows = func.count(Support.id)
    query = (
        select(Idea.id, Idea.support_count, rows)
        .outerjoin(Support, Support.idea_id == Idea.id)
        .group_by(Idea.id, Idea.support_count)
        .having(Idea.support_count != rows)
    )
    return [(i, "support_count", cached, actual) for i, cached, actual in db.session.execute(query)]


def _comment_drift() -> list[tuple[int, str, int, int]]:
    # Counted comments: not deleted and not hidden (Comment.counts).
    rows = func.count(Comment.id)
    counted = and_(
        Comment.idea_id == Idea.id, Comment.deleted_at.is_(None), Comment.hidden.is_(False)
    )
    query = (
        select(Idea.id, Idea.comment_count, rows)
        .outerjoin(Comment, counted)
        .group_by(Idea.id, Idea.comment_count)
        .having(Idea.comment_count != rows)
    )
    return [(i, "comment_count", cached, actual) for i, cached, actual in db.session.execute(query)]


def find_count_drift() -> list[str]:
    """One line per cached count that differs from its rows; [] when all match."""
    from manifesto.workshops.services import dot_total_drift

    drift = sorted(_support_drift() + _comment_drift() + dot_total_drift())
    return [f"Idea {idea_id}: {name} {cached}, rows {actual}" for idea_id, name, cached, actual in drift]
