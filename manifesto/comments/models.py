from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from manifesto.extensions import db
from manifesto.timeutil import UTCDateTime, utcnow

if TYPE_CHECKING:
    from manifesto.accounts.models import User
    from manifesto.ideas.models import Idea
    from manifesto.workshops.models import Workshop

COMMENT_MAX = 5000


class Comment(db.Model):
    __tablename__ = "comments"
    __table_args__ = (
        Index("ix_comments_idea_created", "idea_id", "created_at", "id"),
        # Re-entering a workshop's comment (form or sheet) finds it by this key.
        Index("uq_comments_workshop_key", "workshop_id", "idea_id", "workshop_key", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # One level of replies: a reply's parent is always a top-level comment
    # (enforced in services.add_comment).
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    # Comments said at a workshop are credited to it (author is None).
    workshop_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshops.id", ondelete="RESTRICT"), index=True
    )
    workshop_key: Mapped[str | None] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    hidden: Mapped[bool] = mapped_column(default=False)
    # Why moderators hid it (a key of moderation.models.HIDE_REASONS).
    moderation_note: Mapped[str | None] = mapped_column(String(20))
    # Set while the comment sits on another idea because its own was merged.
    merged_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("ideas.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Deleted comments keep their row (body erased) so replies still hang
    # under "comment deleted".
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    idea: Mapped["Idea"] = relationship(foreign_keys=[idea_id])
    merged_from: Mapped["Idea | None"] = relationship(foreign_keys=[merged_from_id])
    author: Mapped["User | None"] = relationship()
    workshop: Mapped["Workshop | None"] = relationship()

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def counts(self) -> bool:
        """Whether this comment is in the idea's public comment count."""
        return self.deleted_at is None and not self.hidden
