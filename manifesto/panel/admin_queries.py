"""What the criteria and commitment pages read: a round's commitments by
theme with their evidence, one commitment with its source ideas, and its
version history. A fixed number of queries whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.panel.evidence import Evidence, evidence_for
from manifesto.panel.models import Commitment, CommitmentVersion, Criterion
from manifesto.panel.services import COMMITMENT_FIELDS
from manifesto.rounds.models import Round, Theme

#: The fields of a version as the history names them.
FIELD_LABELS = {
    "title": "Title", "theme_id": "Theme", "commit_to": "Commit to",
    "current_situation": "Current situation", "we_call_for": "We call for",
    "lead_body": "Who should lead", "idea_ids": "Source ideas",
}


def round_by_slug(slug: str) -> Round | None:
    return db.session.scalar(select(Round).where(Round.slug == slug)
                             .options(selectinload(Round.themes)))


def round_by_id(round_id: int) -> Round | None:
    return db.session.scalar(select(Round).where(Round.id == round_id)
                             .options(selectinload(Round.themes)))


def load_criterion(criterion_id: int) -> Criterion | None:
    return db.session.get(Criterion, criterion_id)


def load_commitment(commitment_id: int) -> Commitment | None:
    return db.session.scalar(
        select(Commitment).where(Commitment.id == commitment_id)
        .options(joinedload(Commitment.round).selectinload(Round.themes),
                 joinedload(Commitment.theme), selectinload(Commitment.ideas)))


def load_idea(idea_id: int) -> Idea | None:
    return db.session.get(Idea, idea_id)


@dataclass
class Row:
    commitment: Commitment
    evidence: Evidence


@dataclass
class ThemeGroup:
    theme: Theme | None
    rows: list[Row] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.theme.name if self.theme else "No theme"

    @property
    def anchor(self) -> str:
        return f"theme-{self.theme.id}" if self.theme else "theme-none"


def commitments_by_theme(round_: Round) -> tuple[list[ThemeGroup], int]:
    """The round's commitments grouped by theme (themes in their order,
    commitments oldest first); the second value is how many there are."""
    commitments = list(db.session.scalars(
        select(Commitment).where(Commitment.round_id == round_.id).order_by(Commitment.id)))
    evidence = evidence_for([c.id for c in commitments])
    groups = {theme.id: ThemeGroup(theme) for theme in round_.themes}
    loose = ThemeGroup(None)
    for commitment in commitments:
        groups.get(commitment.theme_id, loose).rows.append(
            Row(commitment, evidence[commitment.id]))
    shown = [g for g in groups.values() if g.rows] + ([loose] if loose.rows else [])
    return shown, len(commitments)


@dataclass
class VersionRow:
    version: CommitmentVersion
    changed: list[str]  # labels of the fields this version changed


def history(commitment: Commitment) -> list[VersionRow]:
    """Newest first, each with the fields it changed from the one before."""
    versions = list(db.session.scalars(
        select(CommitmentVersion).where(CommitmentVersion.commitment_id == commitment.id)
        .options(joinedload(CommitmentVersion.edited_by))
        .order_by(CommitmentVersion.version)))
    rows, previous = [], None
    for version in versions:
        if previous is None:
            changed = ["Drafted"]
        else:
            changed = [label for name, label in FIELD_LABELS.items()
                       if version.fields.get(name) != previous.fields.get(name)]
        rows.append(VersionRow(version, changed))
        previous = version
    return rows[::-1]


def version_of(commitment: Commitment, number: int) -> CommitmentVersion | None:
    return db.session.scalar(
        select(CommitmentVersion).where(CommitmentVersion.commitment_id == commitment.id,
                                        CommitmentVersion.version == number)
        .options(joinedload(CommitmentVersion.edited_by)))


def latest_version(commitment: Commitment) -> CommitmentVersion | None:
    return db.session.scalar(
        select(CommitmentVersion).where(CommitmentVersion.commitment_id == commitment.id)
        .options(joinedload(CommitmentVersion.edited_by))
        .order_by(CommitmentVersion.version.desc()).limit(1))


@dataclass
class VersionText:
    """A version's fields made readable: the theme by name, the ideas as
    records (those deleted since are left out and counted)."""

    fields: dict[str, Any]
    theme_name: str
    ideas: list[Idea]
    missing_ideas: int

    @property
    def call_for_items(self) -> list[str]:
        text = self.fields.get("we_call_for") or ""
        return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]


def version_text(round_: Round, version: CommitmentVersion) -> VersionText:
    fields = {name: version.fields.get(name) for name in (*COMMITMENT_FIELDS, "idea_ids")}
    themes = {theme.id: theme.name for theme in round_.themes}
    ids = [i for i in (fields.get("idea_ids") or []) if isinstance(i, int)]
    ideas = list(db.session.scalars(select(Idea).where(Idea.id.in_(ids)).order_by(Idea.id))) \
        if ids else []
    return VersionText(fields=fields, theme_name=themes.get(fields.get("theme_id"), "No theme"),
                       ideas=ideas, missing_ideas=len(ids) - len(ideas))
