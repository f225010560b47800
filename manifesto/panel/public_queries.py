"""What the public manifesto pages read, in a fixed number of queries
whatever the number of commitments and ideas: the numbered commitments by
theme with their evidence and source ideas, the facts of the method, the
decisions with their reasons, and what happened to one idea."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import selectinload

from manifesto import permissions
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.panel.evidence import Evidence, evidence_for
from manifesto.panel.models import (
    Assessment,
    Commitment,
    ConflictDeclaration,
    IdeaOutcome,
    commitment_ideas,
)
from manifesto.panel.shortlist import outcome_for_idea
from manifesto.rounds.models import Round, Theme

PUBLISHED_PHASES = ("published", "tracking")
#: Source ideas linked from the manifesto (hidden or withdrawn ones are not).
LINKED_STATUSES = ("published", "merged")


def is_published(round_: Round) -> bool:
    return round_.phase in PUBLISHED_PHASES


def round_by_slug(slug: str) -> Round | None:
    return db.session.scalar(select(Round).where(Round.slug == slug)
                             .options(selectinload(Round.themes)))


@dataclass
class Entry:
    """One commitment as the manifesto shows it."""

    commitment: Commitment
    number: int | None
    evidence: Evidence
    ideas: list[Idea]


@dataclass
class Section:
    theme: Theme | None
    entries: list[Entry] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"theme-{self.theme.id}" if self.theme else "theme-other"

    @property
    def name(self) -> str:
        return self.theme.name if self.theme else "Other commitments"


def source_ideas(commitment_ids: list[int]) -> dict[int, list[Idea]]:
    out: dict[int, list[Idea]] = {cid: [] for cid in commitment_ids}
    if not commitment_ids:
        return out
    link = commitment_ideas.c
    for cid, idea in db.session.execute(
        select(link.commitment_id, Idea).join(Idea, Idea.id == link.idea_id)
        .where(link.commitment_id.in_(commitment_ids), Idea.status.in_(LINKED_STATUSES))
        .order_by(Idea.id)
    ).all():
        out[cid].append(idea)
    return out


def entries_for(commitments: list[tuple[int | None, Commitment]]) -> list[Entry]:
    ids = [c.id for _n, c in commitments]
    evidence, ideas = evidence_for(ids), source_ideas(ids)
    return [Entry(c, number, evidence[c.id], ideas[c.id]) for number, c in commitments]


def manifesto_sections(round_: Round) -> list[Section]:
    """Themes in theme order, each with its commitments in number order.
    Published: the numbered commitments. Before that (a preview for the
    panel): the shortlist so far, with the numbers publishing would give."""
    query = select(Commitment).where(Commitment.round_id == round_.id)
    if is_published(round_):
        query = query.where(Commitment.number.is_not(None)).order_by(Commitment.number)
    else:
        query = query.where(Commitment.shortlisted.is_(True)).order_by(
            Commitment.position, Commitment.id)
    commitments = list(db.session.scalars(query))
    by_theme: dict[int | None, list[Commitment]] = {}
    for commitment in commitments:
        by_theme.setdefault(commitment.theme_id, []).append(commitment)
    themes = [*round_.themes, None]
    ordered: list[tuple[Theme | None, list[Commitment]]] = [
        (theme, by_theme.pop(theme.id if theme else None, [])) for theme in themes]
    for orphans in by_theme.values():  # a theme of another round: never expected
        ordered[-1][1].extend(orphans)
    numbered, number = [], 0
    for _theme, items in ordered:
        for commitment in items:
            number += 1
            numbered.append((commitment.number if is_published(round_) else number, commitment))
    entries = iter(entries_for(numbered))
    sections = []
    for theme, items in ordered:
        if items:
            sections.append(Section(theme, [next(entries) for _ in items]))
    return sections


def commitment_entry(commitment: Commitment) -> Entry:
    return entries_for([(commitment.number, commitment)])[0]


def load_commitment(commitment_id: int) -> Commitment | None:
    return db.session.scalar(select(Commitment).where(Commitment.id == commitment_id)
                             .options(selectinload(Commitment.round), selectinload(Commitment.theme)))


@dataclass
class Method:
    panellists: int
    assessments: int
    conflicts: int
    commitments: int
    shortlisted: list[Commitment]
    rejected: list[Commitment]
    ideas_not_taken_forward: int


def method_facts(round_: Round) -> Method:
    in_round = select(Commitment.id).where(Commitment.round_id == round_.id)
    panellists, assessments = db.session.execute(
        select(func.count(distinct(Assessment.panellist_id)), func.count(Assessment.id))
        .where(Assessment.commitment_id.in_(in_round), Assessment.submitted_at.is_not(None))
    ).one()
    conflicts = db.session.scalar(select(func.count()).select_from(ConflictDeclaration).where(
        ConflictDeclaration.commitment_id.in_(in_round))) or 0
    commitments = list(db.session.scalars(
        select(Commitment).where(Commitment.round_id == round_.id)
        .order_by(Commitment.number.nulls_last(), Commitment.id)))
    not_taken = db.session.scalar(
        select(func.count()).select_from(IdeaOutcome).join(Idea, Idea.id == IdeaOutcome.idea_id)
        .where(Idea.round_id == round_.id, Idea.status == "published")) or 0
    return Method(panellists=panellists or 0, assessments=assessments or 0, conflicts=conflicts,
                  commitments=len(commitments),
                  shortlisted=[c for c in commitments if c.shortlisted],
                  rejected=[c for c in commitments if c.shortlisted is False],
                  ideas_not_taken_forward=not_taken)


def idea_outcome(user, idea: Idea) -> dict | None:
    """What happened to an idea, for its page, or None when this person may
    not see it yet: everyone once the manifesto is published, before that
    the panel only (as a draft). No query for anyone else."""
    published = is_published(idea.round)
    if not published and not permissions.can(user, "panel.view", idea.round):
        return None
    outcome = outcome_for_idea(idea)
    if outcome is None:
        return {"commitment": None, "shortlisted": None, "reason": "", "draft": not published}
    return {**outcome, "draft": not published}
