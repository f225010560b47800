"""What the API reads. Visibility is decided for an anonymous visitor through
the shared policies, so the signed-in person can never change the output."""

from __future__ import annotations

import re

from sqlalchemy import false, func, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.sql import Select

from manifesto import permissions
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.panel.models import Commitment, commitment_ideas
from manifesto.panel.public_queries import PUBLISHED_PHASES
from manifesto.rounds.models import Round, Theme
from manifesto.workshops.models import Workshop

# Anything a round's slug could be; other text (e.g. NUL bytes, which
# PostgreSQL refuses) never reaches the database.
_SLUG_SHAPE = re.compile(r"^[A-Za-z0-9_-]{1,80}$")
_ANONYMOUS = None


def paged(stmt: Select, offset: int, limit: int) -> tuple[list, int]:
    """One page of ``stmt`` and the total it would give unpaged: two queries."""
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    items = list(db.session.scalars(stmt.offset(offset).limit(limit)))
    return items, total or 0


def public_rounds_query() -> Select:
    """Rounds anyone may see, newest first (drafts are not announced)."""
    return select(Round).where(Round.phase != "draft").order_by(
        Round.opens_at.desc(), Round.id.desc()
    )


def public_round(slug: str, with_themes: bool = False) -> Round | None:
    if not _SLUG_SHAPE.match(slug):
        return None
    stmt = select(Round).where(Round.slug == slug)
    if with_themes:
        stmt = stmt.options(selectinload(Round.themes))
    round_ = db.session.scalar(stmt)
    if round_ is None or not permissions.can(_ANONYMOUS, "round.view", round_):
        return None
    return round_


def themes_query(round_: Round) -> Select:
    return select(Theme).where(Theme.round_id == round_.id).order_by(Theme.position, Theme.id)


def published_idea(idea_id: int) -> Idea | None:
    """A published idea of a public round, with what its JSON needs."""
    idea = db.session.scalar(
        select(Idea)
        .where(Idea.id == idea_id)
        .options(joinedload(Idea.round), joinedload(Idea.author), joinedload(Idea.workshop),
                 selectinload(Idea.themes))
    )
    if idea is None or idea.status != "published":
        return None  # hidden, withdrawn or merged ideas are not open data
    if not permissions.can(_ANONYMOUS, "idea.view", idea):
        return None
    return idea


def workshops_query(round_: Round, nation: str | None = None) -> Select:
    """A round's workshops in date order."""
    stmt = select(Workshop).where(Workshop.round_id == round_.id)
    if nation:
        stmt = stmt.where(Workshop.nation == nation)
    return stmt.order_by(Workshop.held_on, Workshop.id)


def public_workshop(workshop_id: int) -> Workshop | None:
    """A workshop of a public round, with its round."""
    workshop = db.session.scalar(
        select(Workshop).where(Workshop.id == workshop_id).options(joinedload(Workshop.round))
    )
    if workshop is None or not permissions.can(_ANONYMOUS, "workshop.view", workshop):
        return None
    return workshop


# --- the published manifesto ---------------------------------------------------------
# A commitment is open data once its round is published (or tracking) and it
# has a number: the shortlist as published. Drafts, rejected commitments and
# the shortlist before publication stay with the panel.

def published_commitments_query(round_: Round, theme_id: int | None = None) -> Select:
    """A round's published commitments in number order (none before publication)."""
    stmt = select(Commitment).where(Commitment.round_id == round_.id,
                                    Commitment.number.is_not(None))
    if round_.phase not in PUBLISHED_PHASES:
        stmt = stmt.where(false())
    if theme_id is not None:
        stmt = stmt.where(Commitment.theme_id == theme_id)
    return stmt.order_by(Commitment.number, Commitment.id)


def published_commitment(commitment_id: int) -> Commitment | None:
    """A published commitment, with its round and the round's themes."""
    commitment = db.session.scalar(
        select(Commitment).where(Commitment.id == commitment_id)
        .options(joinedload(Commitment.round).selectinload(Round.themes))
    )
    if commitment is None or not permissions.can(_ANONYMOUS, "round.view", commitment.round):
        return None
    if not permissions.can(_ANONYMOUS, "commitment.view", commitment):
        return None
    return commitment


def idea_commitments(idea_ids: list[int]) -> dict[int, tuple[int, int]]:
    """idea id → (commitment id, number) for ideas in a published commitment:
    one query for a page of ideas."""
    if not idea_ids:
        return {}
    link = commitment_ideas.c
    rows = db.session.execute(
        select(link.idea_id, Commitment.id, Commitment.number)
        .join(Commitment, Commitment.id == link.commitment_id)
        .join(Round, Round.id == Commitment.round_id)
        .where(link.idea_id.in_(idea_ids), Commitment.number.is_not(None),
               Round.phase.in_(PUBLISHED_PHASES))
    )
    return {idea_id: (commitment_id, number) for idea_id, commitment_id, number in rows}


def latest_published_round() -> Round | None:
    """The newest round with a published manifesto (for the examples at /api/)."""
    return db.session.scalar(
        select(Round).where(Round.phase.in_(PUBLISHED_PHASES))
        .order_by(Round.published_at.desc().nulls_last(), Round.id.desc()).limit(1)
    )
