"""Supporting ideas: one support per person per idea, counted exactly.

``Idea.support_count`` is a cache of the number of ``supports`` rows. It is
changed only by an atomic ``UPDATE … SET support_count = support_count ± 1``
in the same transaction as the row it counts, and only when the INSERT or
DELETE really changed a row (its rowcount). Concurrent requests therefore
never duplicate, drop or drift, on SQLite (the writes serialise on the
database lock) and on PostgreSQL (row locks plus the unique constraint).

The write part of each service starts with its first write statement: with
pysqlite the transaction begins there, so a reader never has to upgrade to
a writer (which SQLite would refuse with "database is locked"). That first
write locks the idea's row and re-reads its status, so a support racing a
merge or a moderator hiding the idea is decided after it, never half-way.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from manifesto import audit
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.supports.models import Support
from manifesto.timeutil import utcnow

_supports = Support.__table__
_ideas = Idea.__table__

Mode = Literal["add", "remove", "toggle"]


class SupportRefused(Exception):
    """The idea stopped taking supports (hidden, merged, withdrawn) while the
    request was on its way."""

    def __init__(self, message: str = "This idea can no longer be supported."):
        super().__init__(message)
        self.message = message


def _lock_idea(idea_id: int) -> str | None:
    """First write of the transaction: lock the idea's row; its status now."""
    return db.session.execute(
        update(_ideas).where(_ideas.c.id == idea_id)
        .values(support_count=_ideas.c.support_count)
        .returning(_ideas.c.status)
    ).scalar_one_or_none()


def _insert_support(user_id: int, idea_id: int) -> bool:
    """INSERT … ON CONFLICT DO NOTHING; True when a row was inserted.

    Asks for the new id with RETURNING (no row comes back on a conflict):
    SQLAlchemy adds RETURNING to single-row inserts on PostgreSQL anyway,
    and then psycopg's rowcount is not reliable once the row is fetched."""
    insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
    statement = (
        insert(_supports)
        .values(user_id=user_id, idea_id=idea_id, created_at=utcnow())
        .on_conflict_do_nothing(index_elements=["user_id", "idea_id"])
        .returning(_supports.c.id)
    )
    return db.session.execute(statement).scalar_one_or_none() is not None


def _delete_support(user_id: int, idea_id: int) -> bool:
    statement = delete(_supports).where(
        _supports.c.user_id == user_id, _supports.c.idea_id == idea_id
    )
    return db.session.execute(statement).rowcount == 1


def _change_count(idea_id: int, delta: int) -> int:
    """Atomic increment/decrement in SQL; returns the new count."""
    statement = (
        update(_ideas)
        .where(_ideas.c.id == idea_id)
        .values(support_count=_ideas.c.support_count + delta)
        .returning(_ideas.c.support_count)
    )
    return db.session.execute(statement).scalar_one()


def _current_count(idea_id: int) -> int:
    return db.session.execute(
        select(_ideas.c.support_count).where(_ideas.c.id == idea_id)
    ).scalar_one()


def _apply(user, idea: Idea, mode: Mode) -> tuple[bool, bool, int]:
    """One transaction: (changed?, supported now?, support count now)."""
    user_id, idea_id = user.id, idea.id  # read before the first write
    try:
        taking_supports = _lock_idea(idea_id) == "published"
        if mode in ("remove", "toggle") and _delete_support(user_id, idea_id):
            changed, supported, count = True, False, _change_count(idea_id, -1)
        elif mode == "remove":
            changed, supported, count = False, False, _current_count(idea_id)
        elif not taking_supports:
            raise SupportRefused()
        elif _insert_support(user_id, idea_id):
            changed, supported, count = True, True, _change_count(idea_id, +1)
        else:  # already supported (perhaps by a request running at the same time)
            changed, supported, count = False, True, _current_count(idea_id)
        if changed:
            action = "support.added" if supported else "support.removed"
            audit.record(user, action, idea, after={"support_count": count})
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return changed, supported, count


def add_support(user, idea: Idea) -> bool:
    """Support an idea; True if newly added (False if already supported)."""
    changed, _, _ = _apply(user, idea, "add")
    return changed


def remove_support(user, idea: Idea) -> bool:
    """Withdraw a support; True if one was removed."""
    changed, _, _ = _apply(user, idea, "remove")
    return changed


def set_support(user, idea: Idea, supported: bool) -> tuple[bool, int]:
    """Idempotent form of toggle: (supported now?, support count now)."""
    _, now_supported, count = _apply(user, idea, "add" if supported else "remove")
    return now_supported, count


def toggle_support(user, idea: Idea) -> tuple[bool, int]:
    """Flip the person's support: (supported now?, support count now)."""
    _, now_supported, count = _apply(user, idea, "toggle")
    return now_supported, count


def has_supported(user, idea: Idea) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    found = db.session.scalar(
        select(Support.id).where(Support.user_id == user.id, Support.idea_id == idea.id)
    )
    return found is not None


def supported_idea_ids(user, idea_ids: Iterable[int]) -> set[int]:
    """Which of these ideas the person supports, in one query (for lists)."""
    wanted = set(idea_ids)
    if not wanted or user is None or not getattr(user, "is_authenticated", False):
        return set()
    rows = db.session.scalars(
        select(Support.idea_id).where(Support.user_id == user.id, Support.idea_id.in_(wanted))
    )
    return set(rows)
