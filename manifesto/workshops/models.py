"""Workshops held offline, and what they contributed: ideas and comments
credited to them (``Idea.workshop_id``, ``Comment.workshop_id``) and dot-vote
tallies per (workshop, idea) with every correction kept."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from manifesto.extensions import db
from manifesto.timeutil import UTCDateTime, utcnow

if TYPE_CHECKING:
    from manifesto.accounts.models import User
    from manifesto.ideas.models import Idea
    from manifesto.rounds.models import Round

NATIONS = {
    "england": "England",
    "scotland": "Scotland",
    "wales": "Wales",
    "northern_ireland": "Northern Ireland",
}
TITLE_MAX = 150
VENUE_MAX = 200
TOWN_MAX = 100
REGION_MAX = 100
GROUP_MAX = 200
FACILITATOR_MAX = 120
NOTES_MAX = 5000
ATTENDEES_MAX = 100_000
DOTS_MAX = 100_000


class Workshop(db.Model):
    __tablename__ = "workshops"
    __table_args__ = (
        CheckConstraint(
            "nation IN ('england','scotland','wales','northern_ireland')", name="nation_known"
        ),
        CheckConstraint("attendees >= 0", name="attendees_not_negative"),
        Index("ix_workshops_round_nation_date", "round_id", "nation", "held_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="RESTRICT"))
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    held_on: Mapped[date] = mapped_column(Date)
    venue: Mapped[str] = mapped_column(String(VENUE_MAX), default="")
    town: Mapped[str] = mapped_column(String(TOWN_MAX))
    nation: Mapped[str] = mapped_column(String(20))
    region: Mapped[str] = mapped_column(String(REGION_MAX), default="")
    organising_group: Mapped[str] = mapped_column(String(GROUP_MAX), default="")
    # The facilitator as named on the public page (may differ from the
    # account that typed the workshop in).
    facilitator_name: Mapped[str] = mapped_column(String(FACILITATOR_MAX), default="")
    attendees: Mapped[int] = mapped_column(default=0)
    notes: Mapped[str] = mapped_column(Text, default="")
    # The facilitator account that manages this workshop's records.
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    round: Mapped["Round"] = relationship()
    owner: Mapped["User | None"] = relationship()

    @property
    def nation_label(self) -> str:
        return NATIONS[self.nation]

    @property
    def place(self) -> str:
        """"Cardiff, Wales" — how the workshop is named in credits."""
        return ", ".join(part for part in (self.town, self.nation_label) if part)

    @property
    def credit(self) -> str:
        """"From the Cardiff workshop, 14 March 2027"."""
        return f"From the {self.town} workshop, {self.held_on.day} {self.held_on:%B %Y}"

    def __repr__(self) -> str:
        return f"<Workshop {self.id} {self.town!r} {self.held_on}>"


class WorkshopTally(db.Model):
    """Dots an idea got at one workshop. ``Idea.dot_count`` caches the sum
    over workshops, changed only by atomic SQL with the tally it follows."""

    __tablename__ = "workshop_tallies"
    __table_args__ = (CheckConstraint("dots >= 0", name="dots_not_negative"),)

    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True
    )
    idea_id: Mapped[int] = mapped_column(
        ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    dots: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    workshop: Mapped[Workshop] = relationship()
    idea: Mapped["Idea"] = relationship()


class TallyChange(db.Model):
    """Every value a tally has had: who set it, when, old → new, and how."""

    __tablename__ = "workshop_tally_changes"
    __table_args__ = (
        Index("ix_tally_changes_tally", "workshop_id", "idea_id", "changed_at"),
        CheckConstraint("new_dots >= 0", name="new_dots_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    old_dots: Mapped[int | None] = mapped_column()
    new_dots: Mapped[int] = mapped_column()
    changed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # "form", "import" or "merge": where the new value came from.
    via: Mapped[str] = mapped_column(String(20), default="form")
    reason: Mapped[str] = mapped_column(String(300), default="")

    changed_by: Mapped["User | None"] = relationship()
