from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from manifesto.extensions import db
from manifesto.timeutil import UTCDateTime, utcnow

if TYPE_CHECKING:
    from manifesto.accounts.models import User
    from manifesto.rounds.models import Round, Theme
    from manifesto.workshops.models import Workshop

SCOPES = {
    "uk": "UK-wide",
    "england": "England",
    "scotland": "Scotland",
    "wales": "Wales",
    "northern_ireland": "Northern Ireland",
    "local": "Local",
}
SOURCES = {"online": "Online", "workshop": "Workshop", "import": "Imported"}
STATUSES = ("published", "hidden", "merged", "withdrawn")

TITLE_MAX = 120

idea_themes = Table(
    "idea_themes",
    db.metadata,
    Column("idea_id", ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Idea(db.Model):
    __tablename__ = "ideas"
    __table_args__ = (
        CheckConstraint(
            "scope IN ('uk','england','scotland','wales','northern_ireland','local')",
            name="scope_known",
        ),
        CheckConstraint("source IN ('online','workshop','import')", name="source_known"),
        CheckConstraint(
            "status IN ('published','hidden','merged','withdrawn')", name="status_known"
        ),
        CheckConstraint("support_count >= 0", name="support_count_not_negative"),
        CheckConstraint("comment_count >= 0", name="comment_count_not_negative"),
        # One index per list sort, so a page never sorts the whole round.
        Index("ix_ideas_list_supported", "round_id", "status", "support_count", "id"),
        Index("ix_ideas_list_newest", "round_id", "status", "created_at", "id"),
        Index("ix_ideas_list_discussed", "round_id", "status", "comment_count", "id"),
        CheckConstraint("dot_count >= 0", name="dot_count_not_negative"),
        # Re-entering a workshop's idea (form or sheet) finds it by this key.
        Index("uq_ideas_workshop_key", "workshop_id", "workshop_key", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="RESTRICT"))
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    problem: Mapped[str] = mapped_column(Text, default="")
    proposal: Mapped[str] = mapped_column(Text)
    impact: Mapped[str] = mapped_column(Text, default="")
    who_should_act: Mapped[str] = mapped_column(String(300), default="")
    scope: Mapped[str] = mapped_column(String(20), default="uk")
    source: Mapped[str] = mapped_column(String(20), default="online")
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # Ideas from a workshop are credited to it, not to whoever typed them in.
    workshop_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshops.id", ondelete="RESTRICT"), index=True
    )
    workshop_key: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), default="published")
    # Why moderators hid it (a key of moderation.models.HIDE_REASONS).
    moderation_note: Mapped[str | None] = mapped_column(String(20))
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("ideas.id", ondelete="SET NULL")
    )
    # Cached counts, changed only by atomic SQL increments in the same
    # transaction as the row they count (see supports/ and comments/
    # services); `flask check-counts` proves they match the rows.
    support_count: Mapped[int] = mapped_column(default=0)
    comment_count: Mapped[int] = mapped_column(default=0)
    # Sum of this idea's workshop dot-vote tallies (workshops/services.py).
    dot_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    round: Mapped["Round"] = relationship()
    author: Mapped["User | None"] = relationship()
    workshop: Mapped["Workshop | None"] = relationship()
    themes: Mapped[list["Theme"]] = relationship(
        secondary=idea_themes, order_by="(Theme.position, Theme.id)"
    )

    @property
    def reference(self) -> str:
        """Short code people can write on paper and type into sheets."""
        return f"I-{self.id}"

    @property
    def combined_support(self) -> int:
        """Online supporters plus workshop dots: the list's combined sort."""
        return self.support_count + self.dot_count

    @property
    def scope_label(self) -> str:
        return SCOPES[self.scope]

    @property
    def source_label(self) -> str:
        return SOURCES[self.source]

    def __repr__(self) -> str:
        return f"<Idea {self.id} {self.title!r}>"


def parse_reference(value: str) -> int | None:
    """'I-42', 'i42' or '42' → 42; anything else → None."""
    cleaned = value.strip().upper().removeprefix("I").lstrip("-").strip()
    return int(cleaned) if cleaned.isdigit() else None


# The combined-support sort (online supports + workshop dots) reads this
# index in order; queries must use exactly this expression.
COMBINED_SUPPORT = Idea.support_count + Idea.dot_count
Index(
    "ix_ideas_list_combined", Idea.round_id, Idea.status, COMBINED_SUPPORT, Idea.id
)
