"""The panel's records: criteria per round, commitments with their source
ideas and version history, conflict declarations, assessments with scores
and their revisions, and the outcome for ideas not taken forward."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from manifesto.extensions import db
from manifesto.timeutil import UTCDateTime, utcnow

if TYPE_CHECKING:
    from manifesto.accounts.models import User
    from manifesto.ideas.models import Idea
    from manifesto.rounds.models import Round, Theme

#: Evidence a criterion may be computed from instead of scored.
COMPUTED_FROM = {"public_support": "Public support (online supporters and workshop dots)"}


class Criterion(db.Model):
    __tablename__ = "criteria"
    __table_args__ = (
        UniqueConstraint("round_id", "name"),
        CheckConstraint("weight > 0", name="weight_positive"),
        CheckConstraint("scale_max > scale_min", name="scale_ordered"),
        CheckConstraint("computed_from IS NULL OR computed_from IN ('public_support')",
                        name="computed_from_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    guidance: Mapped[str] = mapped_column(Text, default="")
    # Whole-number weights keep the arithmetic exact and easy to explain.
    weight: Mapped[int] = mapped_column(default=1)
    scale_min: Mapped[int] = mapped_column(default=1)
    scale_max: Mapped[int] = mapped_column(default=5)
    computed_from: Mapped[str | None] = mapped_column(String(30))
    position: Mapped[int] = mapped_column(default=0)

    @property
    def is_computed(self) -> bool:
        return self.computed_from is not None


commitment_ideas = Table(
    "commitment_ideas",
    db.metadata,
    Column("commitment_id", ForeignKey("commitments.id", ondelete="CASCADE"), primary_key=True),
    # An idea becomes part of one commitment at most.
    Column("idea_id", ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True, unique=True),
)


class Commitment(db.Model):
    __tablename__ = "commitments"
    __table_args__ = (
        CheckConstraint("shortlisted IS NOT NULL OR decision_reason = ''",
                        name="reason_only_with_decision"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="RESTRICT"), index=True)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id", ondelete="SET NULL"),
                                                 index=True)
    title: Mapped[str] = mapped_column(String(200))
    commit_to: Mapped[str] = mapped_column(Text)
    current_situation: Mapped[str] = mapped_column(Text, default="")
    # One bullet per line.
    we_call_for: Mapped[str] = mapped_column(Text, default="")
    lead_body: Mapped[str] = mapped_column(String(300), default="")
    # Optimistic locking: an edit names the version it started from.
    version: Mapped[int] = mapped_column(default=1)
    shortlisted: Mapped[bool | None] = mapped_column()
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Order within its theme on the shortlist; the number shown when published.
    position: Mapped[int | None] = mapped_column()
    number: Mapped[int | None] = mapped_column()
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    round: Mapped["Round"] = relationship()
    theme: Mapped["Theme | None"] = relationship()
    ideas: Mapped[list["Idea"]] = relationship(secondary=commitment_ideas, order_by="Idea.id")

    @property
    def call_for_items(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.we_call_for.splitlines() if line.strip(" -•\t")]

    @property
    def reference(self) -> str:
        return f"C-{self.id}"


class CommitmentVersion(db.Model):
    """The text of a commitment as it was after each edit."""

    __tablename__ = "commitment_versions"
    __table_args__ = (UniqueConstraint("commitment_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column()
    fields: Mapped[dict] = mapped_column(JSON)
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    edited_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    edited_by: Mapped["User | None"] = relationship()


class ConflictDeclaration(db.Model):
    __tablename__ = "conflict_declarations"

    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("commitments.id", ondelete="CASCADE"), primary_key=True)
    panellist_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    note: Mapped[str] = mapped_column(String(500), default="")
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Assessment(db.Model):
    """One panellist's scores for one commitment."""

    __tablename__ = "assessments"
    __table_args__ = (UniqueConstraint("commitment_id", "panellist_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("commitments.id", ondelete="CASCADE"), index=True)
    panellist_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    version: Mapped[int] = mapped_column(default=1)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    scores: Mapped[list["Score"]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", lazy="selectin")
    panellist: Mapped["User | None"] = relationship()


class Score(db.Model):
    __tablename__ = "scores"

    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True)
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("criteria.id", ondelete="CASCADE"), primary_key=True, index=True)
    value: Mapped[int] = mapped_column()
    note: Mapped[str] = mapped_column(Text, default="")

    assessment: Mapped[Assessment] = relationship(back_populates="scores")


class AssessmentRevision(db.Model):
    """Scores as they were after each save once submitted (who, when)."""

    __tablename__ = "assessment_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column()
    scores: Mapped[dict] = mapped_column(JSON)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class IdeaOutcome(db.Model):
    """Why an idea that is in no shortlisted commitment was not taken forward."""

    __tablename__ = "idea_outcomes"

    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"),
                                         primary_key=True)
    reason: Mapped[str] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
