"""A workshop sheet as uploaded: kept until it is confirmed (and after, as a
record of what was imported)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from manifesto.extensions import db
from manifesto.timeutil import UTCDateTime, utcnow

if TYPE_CHECKING:
    from manifesto.accounts.models import User
    from manifesto.workshops.models import Workshop

FILENAME_MAX = 255


class WorkshopUpload(db.Model):
    __tablename__ = "workshop_uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), index=True
    )
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    filename: Mapped[str] = mapped_column(String(FILENAME_MAX))
    # The file as sent; read again at preview and at confirmation.
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    size: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Set in the transaction that imports the sheet; an upload is imported once.
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The import's counts (new ideas, tallies, comments, already in …).
    summary: Mapped[dict | None] = mapped_column(JSON)

    workshop: Mapped["Workshop"] = relationship()
    uploaded_by: Mapped["User | None"] = relationship()

    def __repr__(self) -> str:
        return f"<WorkshopUpload {self.id} {self.filename!r}>"
