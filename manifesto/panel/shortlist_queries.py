"""What the shortlist pages read: the board of commitments by theme with
their aggregate results, the ideas in no commitment, and what publishing
would publish. A fixed number of queries whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.ideas.queries import Page
from manifesto.panel.aggregation import Result, aggregate
from manifesto.panel.models import Commitment, IdeaOutcome, commitment_ideas
from manifesto.rounds.models import Round, Theme


def round_by_slug(slug: str) -> Round | None:
    return db.session.scalar(select(Round).where(Round.slug == slug)
                             .options(selectinload(Round.themes)))


def commitment_in_round(round_: Round, commitment_id: int) -> Commitment | None:
    commitment = db.session.get(Commitment, commitment_id)
    return commitment if commitment is not None and commitment.round_id == round_.id else None


@dataclass
class ThemeGroup:
    theme: Theme | None
    shortlisted: list[Result] = field(default_factory=list)  # in shortlist order
    others: list[Result] = field(default_factory=list)  # undecided, then not shortlisted; by rank

    @property
    def name(self) -> str:
        return self.theme.name if self.theme else "No theme"

    @property
    def anchor(self) -> str:
        return f"theme-{self.theme.id}" if self.theme else "theme-none"


@dataclass
class Board:
    groups: list[ThemeGroup]
    total: int
    undecided: int
    shortlisted: int
    rejected: int


def board(round_: Round) -> Board:
    commitments = list(db.session.scalars(
        select(Commitment).where(Commitment.round_id == round_.id).order_by(Commitment.id)))
    results = aggregate(round_, commitments)
    groups = {theme.id: ThemeGroup(theme) for theme in round_.themes}
    loose = ThemeGroup(None)
    for result in results:  # by rank
        group = groups.get(result.commitment.theme_id, loose)
        if result.commitment.shortlisted:
            group.shortlisted.append(result)
        else:
            group.others.append(result)
    for group in (*groups.values(), loose):
        group.shortlisted.sort(key=lambda r: (r.commitment.position or 0, r.commitment.id))
        group.others.sort(key=lambda r: (r.commitment.shortlisted is not None, r.rank))
    shown = [g for g in groups.values() if g.shortlisted or g.others]
    if loose.shortlisted or loose.others:
        shown.append(loose)
    decided = [c.shortlisted for c in commitments]
    return Board(groups=shown, total=len(commitments), undecided=decided.count(None),
                 shortlisted=decided.count(True), rejected=decided.count(False))


def _unused_ideas(round_id: int):
    used = select(commitment_ideas.c.idea_id)
    return (Idea.round_id == round_id, Idea.status == "published", Idea.id.not_in(used))


def ideas_not_taken_forward(round_id: int, page: int, per_page: int) -> Page:
    """Published ideas of the round in no commitment, each with the reason
    recorded for it (``idea.outcome_reason``, None while there is none)."""
    where = _unused_ideas(round_id)
    total = db.session.scalar(select(func.count()).select_from(Idea).where(*where)) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    rows = db.session.execute(
        select(Idea, IdeaOutcome.reason).outerjoin(IdeaOutcome, IdeaOutcome.idea_id == Idea.id)
        .where(*where).order_by(Idea.id).offset((page - 1) * per_page).limit(per_page)).all()
    items = []
    for idea, reason in rows:
        idea.outcome_reason = reason
        items.append(idea)
    return Page(items=items, page=page, per_page=per_page, total=total)


def unused_idea(round_: Round, idea_id: int) -> Idea | None:
    """A published idea of this round that is in no commitment, or None."""
    return db.session.scalar(select(Idea).where(Idea.id == idea_id, *_unused_ideas(round_.id)))


@dataclass
class PublishPlan:
    numbered: list[tuple[Theme, list[tuple[int, Commitment]]]]
    undecided: list[Commitment]
    rejected: int
    ideas_without_reason: int

    @property
    def count(self) -> int:
        return sum(len(items) for _theme, items in self.numbered)


def publish_plan(round_: Round) -> PublishPlan:
    """The numbers publishing would give (the same order as
    shortlist.publish), and what still stands in the way."""
    commitments = list(db.session.scalars(
        select(Commitment).where(Commitment.round_id == round_.id)
        .order_by(Commitment.position, Commitment.id)))
    by_theme: dict[int | None, list[Commitment]] = {}
    for commitment in commitments:
        if commitment.shortlisted:
            by_theme.setdefault(commitment.theme_id, []).append(commitment)
    numbered, number = [], 0
    for theme in round_.themes:
        items = []
        for commitment in by_theme.get(theme.id, []):
            number += 1
            items.append((number, commitment))
        if items:
            numbered.append((theme, items))
    without = db.session.scalar(
        select(func.count()).select_from(Idea).outerjoin(IdeaOutcome, IdeaOutcome.idea_id == Idea.id)
        .where(*_unused_ideas(round_.id), IdeaOutcome.idea_id.is_(None))) or 0
    return PublishPlan(numbered=numbered,
                       undecided=[c for c in commitments if c.shortlisted is None],
                       rejected=sum(1 for c in commitments if c.shortlisted is False),
                       ideas_without_reason=without)
