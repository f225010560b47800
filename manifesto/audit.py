"""Append-only audit log: who did what to which record, when, from what to what.

Services call :func:`record` inside the transaction of the change they make,
so the event and the change are committed (or rolled back) together.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import has_request_context, request
from sqlalchemy import JSON, ForeignKey, Index, String, event
from sqlalchemy.orm import Mapped, mapped_column

from manifesto.extensions import db
from manifesto.timeutil import UTCDateTime, utcnow


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_target", "target_type", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(60), index=True)
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[int | None] = mapped_column()
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    ip_address: Mapped[str | None] = mapped_column(String(45))


class AuditLogIsAppendOnly(Exception):
    pass


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _refuse_changes(mapper, connection, target):  # pragma: no cover - guard
    raise AuditLogIsAppendOnly("audit events cannot be changed or deleted")


def _jsonable(values: dict[str, Any] | None) -> dict | None:
    if values is None:
        return None
    out = {}
    for key, value in values.items():
        if isinstance(value, (date, datetime)):
            value = value.isoformat()
        elif isinstance(value, (set, frozenset, tuple)):
            value = sorted(value)
        out[key] = value
    return out


def record(
    actor,
    action: str,
    target,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event to the current transaction (the caller commits)."""
    target_type = target.__tablename__ if hasattr(target, "__tablename__") else str(target)
    target_id = getattr(target, "id", None)
    ip = request.remote_addr if has_request_context() else None
    event_row = AuditEvent(
        actor_id=getattr(actor, "id", None),
        action=action,
        target_type=target_type,
        target_id=target_id,
        before=_jsonable(before),
        after=_jsonable(after),
        ip_address=ip,
    )
    db.session.add(event_row)
    return event_row
