"""Flags raised by participants, merges of duplicate ideas (undoable), and
account blocks (undoable): each keeps what it needs to be reversed exactly."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from manifesto.extensions import db
from manifesto.timeutil import UTCDateTime, utcnow

if TYPE_CHECKING:
    from manifesto.accounts.models import User
    from manifesto.comments.models import Comment
    from manifesto.ideas.models import Idea

FLAG_REASONS = {
    "spam": "Spam or advertising",
    "offensive": "Abusive or offensive",
    "off_topic": "Off-topic",
    "personal_data": "Reveals someone's personal information",
    "duplicate": "Duplicate of another idea",
    "other": "Something else",
}
# Reasons moderators give when hiding; shown publicly in the placeholder.
HIDE_REASONS = {
    "off_topic": "off-topic",
    "offensive": "abusive or offensive",
    "spam": "spam",
    "personal_data": "reveals personal information",
    "unlawful": "may be unlawful",
    "blocked": "account blocked",
}
FLAG_DETAILS_MAX = 1000
NOTE_MAX = 300


class Flag(db.Model):
    """One person's flag on one idea or comment (one per person per item)."""

    __tablename__ = "flags"
    __table_args__ = (
        UniqueConstraint("flagged_by_id", "target_key"),
        CheckConstraint(
            "(idea_id IS NOT NULL AND comment_id IS NULL) OR "
            "(idea_id IS NULL AND comment_id IS NOT NULL)",
            name="one_target",
        ),
        CheckConstraint(
            "reason IN ('spam','offensive','off_topic','personal_data','duplicate','other')",
            name="reason_known",
        ),
        Index("ix_flags_open", "resolved_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int | None] = mapped_column(
        ForeignKey("ideas.id", ondelete="CASCADE"), index=True
    )
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    # "idea:42" or "comment:7": one flag per person per item, portably.
    target_key: Mapped[str] = mapped_column(String(40))
    flagged_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    reason: Mapped[str] = mapped_column(String(20))
    details: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # "hidden", "kept" (dismissed) or "merged".
    resolution: Mapped[str | None] = mapped_column(String(20))

    idea: Mapped["Idea | None"] = relationship()
    comment: Mapped["Comment | None"] = relationship()
    flagged_by: Mapped["User | None"] = relationship(foreign_keys=[flagged_by_id])

    @property
    def reason_label(self) -> str:
        return FLAG_REASONS[self.reason]


class IdeaMerge(db.Model):
    """Idea ``source`` merged into ``target``; ``snapshot`` holds everything
    needed to undo it exactly (moved and dropped supports, tallies, comments,
    the target's text before)."""

    __tablename__ = "idea_merges"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    merged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    merged_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    note: Mapped[str] = mapped_column(String(NOTE_MAX), default="")
    snapshot: Mapped[dict] = mapped_column(JSON)
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    source: Mapped["Idea"] = relationship(foreign_keys=[source_id])
    target: Mapped["Idea"] = relationship(foreign_keys=[target_id])


class AccountBlock(db.Model):
    """A moderator blocked an account: what its block hid, to restore exactly."""

    __tablename__ = "account_blocks"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    blocked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    blocked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    reason: Mapped[str] = mapped_column(String(NOTE_MAX), default="")
    hidden_idea_ids: Mapped[list] = mapped_column(JSON)
    hidden_comment_ids: Mapped[list] = mapped_column(JSON)
    lifted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    user: Mapped["User"] = relationship(foreign_keys=[user_id])
