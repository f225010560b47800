"""The writes of a sheet import, a batch at a time, in bulk statements.

They keep exactly the rules of the one-at-a-time services (workshops/
services.py): ideas credited to the workshop with their re-entry key; a
tally row locked before it changes and ``Idea.dot_count`` moved by the same
delta in SQL; every value a tally takes recorded as a TallyChange (via
"import"); comment counts moved by SQL; and an audit event for every idea,
comment and tally change, in the caller's transaction.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from flask import has_request_context, request
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from manifesto.audit import AuditEvent
from manifesto.comments.models import Comment
from manifesto.extensions import db
from manifesto.ideas.models import Idea, idea_themes
from manifesto.timeutil import utcnow
from manifesto.workshops.models import TallyChange, Workshop, WorkshopTally

_ideas = Idea.__table__
_comments = Comment.__table__
_tallies = WorkshopTally.__table__
_changes = TallyChange.__table__
_events = AuditEvent.__table__
_CHUNK = 500


class Writer:
    """Collects one batch's writes; :meth:`flush` sends them."""

    def __init__(self, actor, workshop: Workshop, reason: str = ""):
        self.actor_id = getattr(actor, "id", None)
        self.workshop_id = workshop.id
        self.round_id = workshop.round_id
        self.reason = " ".join(reason.split())[:300]
        self.ip = request.remote_addr if has_request_context() else None
        self._ideas: list[tuple[Any, str, dict[str, Any]]] = []
        self._tallies: list[tuple[Any, int, int | None]] = []
        self._comments: list[tuple[Any, str, str]] = []
        self._events: list[dict[str, Any]] = []

    def idea(self, target, key: str, values: dict[str, Any]) -> None:
        self._ideas.append((target, key, values))

    def tally(self, target, dots: int, seen: int | None) -> None:
        self._tallies.append((target, dots, seen))

    def comment(self, target, body: str, key: str) -> None:
        self._comments.append((target, body, key))

    def flush(self) -> None:
        connection = db.session.connection()
        now = utcnow()
        if self._ideas:
            self._write_ideas(connection, now)
        if self._tallies:
            self._write_tallies(connection, now)
        if self._comments:
            self._write_comments(connection, now)
        if self._events:
            connection.execute(insert(_events), self._events)
        self._ideas, self._tallies, self._comments, self._events = [], [], [], []

    def _event(self, now, action: str, target_type: str, target_id: int,
               before: dict | None, after: dict) -> None:
        self._events.append({
            "occurred_at": now, "actor_id": self.actor_id, "action": action,
            "target_type": target_type, "target_id": target_id, "before": before,
            "after": after, "ip_address": self.ip,
        })

    # --- ideas -------------------------------------------------------------------

    def _write_ideas(self, connection, now) -> None:
        rows = []
        for _target, key, values in self._ideas:
            rows.append({
                "round_id": self.round_id, "title": values["title"],
                "problem": values["problem"], "proposal": values["proposal"],
                "impact": values["impact"], "who_should_act": values["who_should_act"],
                "scope": values["scope"], "source": "workshop", "author_id": None,
                "workshop_id": self.workshop_id, "workshop_key": key, "status": "published",
                "merged_into_id": None, "support_count": 0, "comment_count": 0,
                "dot_count": 0, "created_at": now, "updated_at": None,
            })
        ids = connection.execute(
            insert(_ideas).returning(_ideas.c.id, sort_by_parameter_order=True), rows
        ).scalars().all()
        links = []
        for idea_id, (target, _key, values) in zip(ids, self._ideas):
            target.idea_id = idea_id
            links += [{"idea_id": idea_id, "theme_id": theme_id} for theme_id in values["theme_ids"]]
            after = {name: values[name] for name in
                     ("title", "problem", "proposal", "impact", "who_should_act", "scope")}
            self._event(now, "idea.created", "ideas", idea_id, None, {
                **after, "theme_ids": values["theme_ids"], "source": "workshop",
                "round_id": self.round_id, "workshop_id": self.workshop_id, "via": "import",
            })
        if links:
            connection.execute(insert(idea_themes), links)

    # --- tallies -----------------------------------------------------------------

    def _write_tallies(self, connection, now) -> None:
        insert_ignore = (postgresql.insert if connection.dialect.name == "postgresql"
                         else sqlite.insert)
        ids = [target.idea_id for target, _dots, _seen in self._tallies]
        # Make sure each row exists, then lock them all before reading.
        connection.execute(
            insert_ignore(_tallies).on_conflict_do_nothing(index_elements=["workshop_id", "idea_id"]),
            [{"workshop_id": self.workshop_id, "idea_id": i, "dots": 0, "updated_at": now}
             for i in ids],
        )
        current: dict[int, int] = {}
        for start in range(0, len(ids), _CHUNK):
            current.update(connection.execute(
                select(_tallies.c.idea_id, _tallies.c.dots)
                .where(_tallies.c.workshop_id == self.workshop_id,
                       _tallies.c.idea_id.in_(ids[start:start + _CHUNK]))
                .with_for_update()
            ).all())
        changes = []
        for target, dots, seen in self._tallies:
            now_dots = current[target.idea_id]
            old = None if seen is None and now_dots == 0 else now_dots
            if old is not None and now_dots == dots:
                continue
            changes.append((target.idea_id, old, now_dots, dots))
        if not changes:
            return
        connection.execute(
            update(_tallies)
            .where(_tallies.c.workshop_id == self.workshop_id,
                   _tallies.c.idea_id == bindparam("b_idea"))
            .values(dots=bindparam("b_dots"), updated_at=now),
            [{"b_idea": i, "b_dots": dots} for i, _old, _now, dots in changes],
        )
        deltas = [{"b_id": i, "b_delta": dots - now_dots}
                  for i, _old, now_dots, dots in changes if dots != now_dots]
        if deltas:
            connection.execute(
                update(_ideas).where(_ideas.c.id == bindparam("b_id"))
                .values(dot_count=_ideas.c.dot_count + bindparam("b_delta")),
                deltas,
            )
        change_ids = connection.execute(
            insert(_changes).returning(_changes.c.id, sort_by_parameter_order=True),
            [{"workshop_id": self.workshop_id, "idea_id": i, "old_dots": old, "new_dots": dots,
              "changed_by_id": self.actor_id, "changed_at": now, "via": "import",
              "reason": self.reason} for i, old, _now, dots in changes],
        ).scalars().all()
        for change_id, (idea_id, old, _now, dots) in zip(change_ids, changes):
            self._event(now, "tally.set", "workshop_tally_changes", change_id,
                        {"dots": old} if old is not None else None,
                        {"dots": dots, "workshop_id": self.workshop_id, "idea_id": idea_id,
                         "via": "import"})

    # --- comments ----------------------------------------------------------------

    def _write_comments(self, connection, now) -> None:
        rows = [{"idea_id": target.idea_id, "author_id": None, "parent_id": None,
                 "workshop_id": self.workshop_id, "workshop_key": key, "body": body,
                 "hidden": False, "created_at": now, "edited_at": None, "deleted_at": None}
                for target, body, key in self._comments]
        ids = connection.execute(
            insert(_comments).returning(_comments.c.id, sort_by_parameter_order=True), rows
        ).scalars().all()
        per_idea = Counter(row["idea_id"] for row in rows)
        connection.execute(
            update(_ideas).where(_ideas.c.id == bindparam("b_id"))
            .values(comment_count=_ideas.c.comment_count + bindparam("b_n")),
            [{"b_id": idea_id, "b_n": n} for idea_id, n in per_idea.items()],
        )
        for comment_id, row in zip(ids, rows):
            self._event(now, "comment.added", "comments", comment_id, None,
                        {"idea_id": row["idea_id"], "workshop_id": self.workshop_id,
                         "via": "import"})
