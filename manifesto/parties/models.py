"""Parties, their stance on each published commitment (with its history),
delivery progress, people following a commitment, and the mail outbox that
tells them when something changes.

Parties exist across rounds (the same party answers the UK-wide and the
Welsh manifesto); the nations where a party stands are a set of rows, so
the scorecard can show only the parties standing in one nation.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from manifesto.extensions import db
from manifesto.parties.colours import text_colour_for
from manifesto.timeutil import UTCDateTime, utcnow
from manifesto.workshops.models import NATIONS

if TYPE_CHECKING:
    from manifesto.accounts.models import User
    from manifesto.panel.models import Commitment
    from manifesto.rounds.models import Round

NAME_MAX = 120
SHORT_NAME_MAX = 30
URL_MAX = 500
QUOTE_MAX = 5000
NOTE_MAX = 5000
FILENAME_MAX = 255

#: Stances, in the order the scorecard counts them.
STANCES = {
    "committed": "Committed",
    "partly": "Partly committed",
    "declined": "Declined",
    "no_response": "No response yet",
}
#: Delivery statuses, in the order a commitment usually moves through them.
PROGRESS_STATUSES = {
    "not_started": "Not started",
    "in_action_plan": "In the national action plan",
    "in_progress": "In progress",
    "delivered": "Delivered",
    "dropped": "Dropped",
}


def _one_of(column: str, values) -> str:
    return f"{column} IN ({','.join(repr(value) for value in values)})"


class Party(db.Model):
    __tablename__ = "parties"
    __table_args__ = (
        CheckConstraint("length(colour) = 7 AND colour LIKE '#%'", name="colour_hex"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX), unique=True)
    short_name: Mapped[str] = mapped_column(String(SHORT_NAME_MAX), unique=True)
    # #rrggbb, lower case: the party's colour in charts.
    colour: Mapped[str] = mapped_column(String(7))
    website: Mapped[str] = mapped_column(String(URL_MAX), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    nation_rows: Mapped[list["PartyNation"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="PartyNation.nation")

    @property
    def nations(self) -> list[str]:
        """Nation codes in the usual order (England, Scotland, Wales, NI)."""
        mine = {row.nation for row in self.nation_rows}
        return [code for code in NATIONS if code in mine]

    @property
    def nations_label(self) -> str:
        """"England, Scotland and Wales"."""
        names = [NATIONS[code] for code in self.nations]
        return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)

    @property
    def text_colour(self) -> str:
        """Black or white: whichever reads better on the party's colour."""
        return text_colour_for(self.colour)

    def __repr__(self) -> str:
        return f"<Party {self.short_name!r}>"


class PartyNation(db.Model):
    __tablename__ = "party_nations"
    __table_args__ = (CheckConstraint(_one_of("nation", NATIONS), name="nation_known"),)

    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id", ondelete="CASCADE"),
                                          primary_key=True)
    nation: Mapped[str] = mapped_column(String(20), primary_key=True)


class PartyResponse(db.Model):
    """A party's current stance on a published commitment."""

    __tablename__ = "party_responses"
    __table_args__ = (
        UniqueConstraint("party_id", "commitment_id"),
        CheckConstraint(_one_of("stance", STANCES), name="stance_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # A party with responses cannot be deleted (the public record would go).
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id", ondelete="RESTRICT"))
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("commitments.id", ondelete="CASCADE"), index=True)
    stance: Mapped[str] = mapped_column(String(20))
    quote: Mapped[str] = mapped_column(Text, default="")
    evidence_url: Mapped[str] = mapped_column(String(URL_MAX), default="")
    # When the party said it (the manifesto's, letter's or statement's date).
    stated_on: Mapped[date | None] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    party: Mapped[Party] = relationship()
    commitment: Mapped["Commitment"] = relationship()
    recorded_by: Mapped["User | None"] = relationship()
    changes: Mapped[list["PartyResponseChange"]] = relationship(
        back_populates="response", order_by="(PartyResponseChange.changed_at.desc(), "
                                            "PartyResponseChange.id.desc())",
        cascade="all, delete-orphan", passive_deletes=True)

    @property
    def stance_label(self) -> str:
        return STANCES[self.stance]


class PartyResponseChange(db.Model):
    """Every value a response has taken: recording one adds a row with no
    "old" values; each change adds one with the old and the new."""

    __tablename__ = "party_response_changes"
    __table_args__ = (CheckConstraint("via IN ('form','sheet')", name="via_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("party_responses.id", ondelete="CASCADE"), index=True)
    old_stance: Mapped[str | None] = mapped_column(String(20))
    new_stance: Mapped[str] = mapped_column(String(20))
    old_quote: Mapped[str | None] = mapped_column(Text)
    new_quote: Mapped[str] = mapped_column(Text, default="")
    old_evidence_url: Mapped[str | None] = mapped_column(String(URL_MAX))
    new_evidence_url: Mapped[str] = mapped_column(String(URL_MAX), default="")
    old_stated_on: Mapped[date | None] = mapped_column(Date)
    new_stated_on: Mapped[date | None] = mapped_column(Date)
    changed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    via: Mapped[str] = mapped_column(String(10), default="form")

    response: Mapped[PartyResponse] = relationship(back_populates="changes")
    changed_by: Mapped["User | None"] = relationship()

    @property
    def is_first(self) -> bool:
        return self.old_stance is None

    @property
    def old_stance_label(self) -> str:
        return STANCES.get(self.old_stance or "", "")

    @property
    def new_stance_label(self) -> str:
        return STANCES[self.new_stance]


class ProgressUpdate(db.Model):
    """A dated step in delivering a commitment."""

    __tablename__ = "progress_updates"
    __table_args__ = (
        CheckConstraint(_one_of("status", PROGRESS_STATUSES), name="status_known"),
        Index("ix_progress_updates_commitment_date", "commitment_id", "happened_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    source_url: Mapped[str] = mapped_column(String(URL_MAX), default="")
    happened_on: Mapped[date] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    commitment: Mapped["Commitment"] = relationship()
    recorded_by: Mapped["User | None"] = relationship()

    @property
    def status_label(self) -> str:
        return PROGRESS_STATUSES[self.status]


class Follow(db.Model):
    """Someone who asked to hear when a commitment's responses or progress change."""

    __tablename__ = "follows"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("commitments.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class MailOutbox(db.Model):
    """An email waiting to be sent, written in the transaction of the change
    it reports; a sender drains the table after the response (or ``flask
    send-mail``). The address is looked up when sending, so an erased
    account's waiting mail goes with it."""

    __tablename__ = "mail_outbox"
    __table_args__ = (Index("ix_mail_outbox_unsent", "sent_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # A sender claims a row before sending, so two senders never both send it.
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(String(500), default="")


class ResponseUpload(db.Model):
    """A party response sheet as uploaded for a round: kept until confirmed
    (and after, as the record of what was imported)."""

    __tablename__ = "party_response_uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    filename: Mapped[str] = mapped_column(String(FILENAME_MAX))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    size: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    summary: Mapped[dict | None] = mapped_column(JSON)

    round: Mapped["Round"] = relationship()
