"""Times are stored in UTC and shown in UK time (Europe/London)."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

UK = ZoneInfo("Europe/London")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Stores naive UTC (portable across SQLite and PostgreSQL), returns aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use timezone-aware UTC")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc)


def to_uk(value: datetime) -> datetime:
    return value.astimezone(UK)


def from_uk_naive(value: datetime) -> datetime:
    """A date-time typed in a form (UK wall-clock time) as aware UTC."""
    return value.replace(tzinfo=UK).astimezone(timezone.utc)


def format_uk(value: datetime | None, with_time: bool = True) -> str:
    """'14 March 2026, 6:30pm' in UK time (GMT or BST as it was then)."""
    if value is None:
        return ""
    local = to_uk(value)
    day = f"{local.day} {local:%B %Y}"
    if not with_time:
        return day
    hour = local.hour % 12 or 12
    minute = f":{local.minute:02d}" if local.minute else ""
    suffix = "am" if local.hour < 12 else "pm"
    return f"{day}, {hour}{minute}{suffix}"


def format_uk_date(value: datetime | None) -> str:
    return format_uk(value, with_time=False)
