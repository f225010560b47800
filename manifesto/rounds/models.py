from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from manifesto.extensions import db
from manifesto.timeutil import UTCDateTime, utcnow

PHASES = ("draft", "open", "assessment", "published", "tracking")
PHASE_LABELS = {
    "draft": "Draft",
    "open": "Open for ideas",
    "assessment": "Refining and assessing",
    "published": "Manifesto published",
    "tracking": "Holding parties to account",
}

#: Open-data licences a round may publish under (issue 6).
DATA_LICENCES = {
    "ogl-3.0": ("Open Government Licence v3.0",
                "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"),
    "cc-by-4.0": ("Creative Commons Attribution 4.0 International (CC BY 4.0)",
                  "https://creativecommons.org/licenses/by/4.0/"),
}


class Round(db.Model):
    __tablename__ = "rounds"
    __table_args__ = (
        CheckConstraint(
            "phase IN ('draft','open','assessment','published','tracking')",
            name="phase_known",
        ),
        CheckConstraint("closes_at > opens_at", name="closes_after_opening"),
        CheckConstraint("data_licence IN ('ogl-3.0','cc-by-4.0')", name="data_licence_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    introduction: Mapped[str] = mapped_column(Text, default="")
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    phase: Mapped[str] = mapped_column(String(20), default="draft")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Whether panellists (not only administrators) may draft commitments.
    panellists_create_commitments: Mapped[bool] = mapped_column(
        default=False, server_default=sa_false())
    # The licence the round's open data and manifesto are published under.
    data_licence: Mapped[str] = mapped_column(String(20), default="ogl-3.0",
                                              server_default="ogl-3.0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    themes: Mapped[list["Theme"]] = relationship(
        back_populates="round",
        order_by="(Theme.position, Theme.id)",
        cascade="all, delete-orphan",
    )

    @property
    def phase_label(self) -> str:
        return PHASE_LABELS[self.phase]

    @property
    def licence_name(self) -> str:
        return DATA_LICENCES[self.data_licence][0]

    @property
    def licence_url(self) -> str:
        return DATA_LICENCES[self.data_licence][1]

    def is_accepting(self, now: datetime | None = None) -> bool:
        """Ideas, comments and supports are taken only in the open window."""
        now = now or utcnow()
        return self.phase == "open" and self.opens_at <= now < self.closes_at

    def closed_reason(self, now: datetime | None = None) -> str | None:
        """Why contributions are refused now (None while accepting)."""
        from manifesto.timeutil import format_uk

        now = now or utcnow()
        if self.is_accepting(now):
            return None
        if self.phase == "draft":
            return "This round has not opened yet."
        if self.phase == "open" and now < self.opens_at:
            return f"This round opens for ideas on {format_uk(self.opens_at)}."
        return f"This round closed for ideas on {format_uk(self.closes_at)}."

    def __repr__(self) -> str:
        return f"<Round {self.slug}>"


class Theme(db.Model):
    __tablename__ = "themes"
    __table_args__ = (UniqueConstraint("round_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)

    round: Mapped[Round] = relationship(back_populates="themes")

    def __repr__(self) -> str:
        return f"<Theme {self.name!r}>"
