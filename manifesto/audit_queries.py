"""Reading the audit log: filter, page and explain events (read only).

Every function here sends a fixed number of statements whatever the size of
the log: a page is one query (events joined to their actors), the filter
choices one more, and the records a page links to at most one per kind of
record on it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, or_, select

from manifesto.accounts.models import User
from manifesto.audit import AuditEvent
from manifesto.extensions import db
from manifesto.timeutil import UK

PER_PAGE = 50
SYSTEM_ACTOR = "system"
#: Shown for an event without an actor account.
NO_ACTOR = "System/operator"
EMPTY_VALUE = "(empty)"
ABSENT_VALUE = "(not set)"


def _day_month_year(day: date | None) -> str:
    return f"{day.day}/{day.month}/{day.year}" if day else ""


@dataclass(frozen=True)
class AuditFilters:
    actor: str = ""  # "system" for no actor, else words in a name or an email address
    action: str = ""  # an exact action, or a prefix ending in "." (e.g. "idea.")
    record_type: str = ""
    record_id: int | None = None
    date_from: date | None = None  # UK calendar days, both inclusive
    date_to: date | None = None

    def active(self) -> bool:
        return any(value not in ("", None) for value in self.as_args().values())

    def as_args(self) -> dict[str, str]:
        """The query string that reproduces these filters (for page links)."""
        values = {
            "actor": self.actor,
            "action": self.action,
            "record_type": self.record_type,
            "record_id": "" if self.record_id is None else str(self.record_id),
            "date_from": _day_month_year(self.date_from),
            "date_to": _day_month_year(self.date_to),
        }
        return {key: value for key, value in values.items() if value}


@dataclass(frozen=True)
class AuditRow:
    event: AuditEvent
    actor_name: str | None
    actor_email: str | None

    @property
    def has_actor(self) -> bool:
        return self.event.actor_id is not None

    @property
    def actor_label(self) -> str:
        return self.actor_name if self.has_actor and self.actor_name else NO_ACTOR

    @property
    def changes(self) -> list["Change"]:
        return changed_fields(self.event.before, self.event.after)


@dataclass
class AuditPage:
    rows: list[AuditRow] = field(default_factory=list)
    newer_than: int | None = None  # link "newer entries": ?after=<id>
    older_than: int | None = None  # link "older entries": ?before=<id>
    paged: bool = False  # on a page other than the newest


@dataclass(frozen=True)
class Change:
    name: str
    before: str | None  # None: the field was not there before
    after: str | None  # None: the field is not there after


# --- filtering and paging -----------------------------------------------------------

def _uk_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UK)


def _like_pattern(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _filtered(statement, filters: AuditFilters):
    actor = filters.actor.strip()
    if actor.lower() == SYSTEM_ACTOR:
        statement = statement.where(AuditEvent.actor_id.is_(None))
    elif actor:
        pattern = _like_pattern(actor)
        matching = select(User.id).where(or_(
            func.lower(User.email).like(pattern, escape="\\"),
            func.lower(User.display_name).like(pattern, escape="\\"),
        ))
        statement = statement.where(AuditEvent.actor_id.in_(matching))
    if filters.action.endswith("."):
        statement = statement.where(AuditEvent.action.startswith(filters.action, autoescape=True))
    elif filters.action:
        statement = statement.where(AuditEvent.action == filters.action)
    if filters.record_type:
        statement = statement.where(AuditEvent.target_type == filters.record_type)
    if filters.record_id is not None:
        statement = statement.where(AuditEvent.target_id == filters.record_id)
    if filters.date_from:
        statement = statement.where(AuditEvent.occurred_at >= _uk_midnight(filters.date_from))
    if filters.date_to:
        end = _uk_midnight(filters.date_to + timedelta(days=1))
        statement = statement.where(AuditEvent.occurred_at < end)
    return statement


def _events_with_actors():
    return select(AuditEvent, User.display_name, User.email).outerjoin(
        User, User.id == AuditEvent.actor_id
    )


def audit_page(filters: AuditFilters, *, before: int | None = None, after: int | None = None,
               per_page: int = PER_PAGE) -> AuditPage:
    """Newest first, ``per_page`` at a time, keyed on the event id (so a page
    costs the same at the end of a long log as at its start): ``before`` gives
    the page of older events, ``after`` the page of newer ones."""
    statement = _filtered(_events_with_actors(), filters)
    if after is not None:
        statement = statement.where(AuditEvent.id > after).order_by(AuditEvent.id.asc())
    else:
        if before is not None:
            statement = statement.where(AuditEvent.id < before)
        statement = statement.order_by(AuditEvent.id.desc())
    found = db.session.execute(statement.limit(per_page + 1)).all()
    more = len(found) > per_page
    found = found[:per_page]
    if after is not None:
        found.reverse()
    rows = [AuditRow(event, name, email) for event, name, email in found]
    page = AuditPage(rows=rows, paged=before is not None or after is not None)
    if rows:
        if after is not None:
            page.newer_than = rows[0].event.id if more else None
            page.older_than = rows[-1].event.id
        else:
            page.newer_than = rows[0].event.id if before is not None else None
            page.older_than = rows[-1].event.id if more else None
    return page


def audit_event(event_id: int) -> AuditRow | None:
    found = db.session.execute(
        _events_with_actors().where(AuditEvent.id == event_id)
    ).first()
    return AuditRow(*found) if found else None


@dataclass(frozen=True)
class Catalogue:
    """What the filter lists offer: the actions and record types in the log."""

    actions: list[str]
    record_types: list[str]

    def action_prefixes(self) -> list[str]:
        """"idea." for every family of two or more actions named "idea.…"."""
        families: dict[str, int] = {}
        for action in self.actions:
            if "." in action:
                prefix = action.split(".", 1)[0] + "."
                families[prefix] = families.get(prefix, 0) + 1
        return sorted(prefix for prefix, count in families.items() if count > 1)


def catalogue() -> Catalogue:
    pairs = db.session.execute(
        select(AuditEvent.action, AuditEvent.target_type).distinct()
    ).all()
    return Catalogue(
        actions=sorted({action for action, _type in pairs}),
        record_types=sorted({record_type for _action, record_type in pairs if record_type}),
    )


# --- the records a page links to ----------------------------------------------------

def record_context(rows: list[AuditRow]) -> dict[tuple[str, int], Any]:
    """For each record on the page that still exists and has a page of its
    own: what its address needs (``True`` when only the id). One query per
    kind of record present, whatever the number of rows."""
    from manifesto.comments.models import Comment
    from manifesto.ideas.models import Idea
    from manifesto.rounds.models import Round, Theme
    from manifesto.workshops.models import Workshop

    wanted: dict[str, set[int]] = {}
    for row in rows:
        if row.event.target_id is not None:
            wanted.setdefault(row.event.target_type, set()).add(row.event.target_id)
    lookups = {
        "ideas": (Idea.id, None),
        "comments": (Comment.id, Comment.idea_id),
        "rounds": (Round.id, Round.slug),
        "themes": (Theme.id, Theme.round_id),
        "workshops": (Workshop.id, None),
        "users": (User.id, None),
    }
    context: dict[tuple[str, int], Any] = {}
    for record_type, ids in wanted.items():
        if record_type not in lookups:
            continue
        key_column, value_column = lookups[record_type]
        columns = (key_column,) if value_column is None else (key_column, value_column)
        for found in db.session.execute(select(*columns).where(key_column.in_(sorted(ids)))):
            context[(record_type, found[0])] = True if value_column is None else found[1]
    return context


# --- before → after -----------------------------------------------------------------

def value_text(value: Any) -> str:
    """A stored JSON value as plain text (escaped by the template like any text)."""
    if value is None:
        return EMPTY_VALUE
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, str):
        return value if value != "" else EMPTY_VALUE
    if isinstance(value, list) and all(isinstance(item, (str, int, float)) for item in value):
        return ", ".join(str(item) for item in value) if value else EMPTY_VALUE
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def changed_fields(before: dict | None, after: dict | None, *, everything: bool = False
                   ) -> list[Change]:
    """The fields that differ between ``before`` and ``after`` (all of them
    with ``everything``), in the order they were recorded."""
    before = before if isinstance(before, dict) else ({} if before is None else {"value": before})
    after = after if isinstance(after, dict) else ({} if after is None else {"value": after})
    names = list(dict.fromkeys([*before, *after]))
    changes = []
    for name in names:
        if not everything and name in before and name in after and before[name] == after[name]:
            continue
        changes.append(Change(
            name=str(name),
            before=value_text(before[name]) if name in before else None,
            after=value_text(after[name]) if name in after else None,
        ))
    return changes


def full_json(values: Any) -> str:
    """The stored value exactly, indented, for the page of one event."""
    return json.dumps(values, ensure_ascii=False, sort_keys=True, indent=2)
