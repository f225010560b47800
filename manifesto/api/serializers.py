"""Rows as open data. Only public fields: never an email or anything else
personal beyond the display name people chose to show with their ideas."""

from __future__ import annotations

from datetime import datetime, timezone

from flask import url_for

from manifesto.ideas.models import Idea
from manifesto.rounds.counts import RoundCounts
from manifesto.rounds.models import Round, Theme
from manifesto.workshops.models import Workshop
from manifesto.workshops.queries import NO_BACKING, Backing, WorkshopCounts


def iso_utc(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with a 'Z', to the second: 2026-03-14T18:30:00Z."""
    if value is None:
        return None
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def theme_json(theme: Theme) -> dict:
    return {
        "id": theme.id,
        "name": theme.name,
        "description": theme.description or "",
        "position": theme.position,
    }


def round_json(round_: Round, counts: RoundCounts, with_themes: bool = False) -> dict:
    body = {
        "id": round_.id,
        "slug": round_.slug,
        "title": round_.title,
        "introduction": round_.introduction or "",
        "phase": round_.phase,
        "opens_at": iso_utc(round_.opens_at),
        "closes_at": iso_utc(round_.closes_at),
        "url": url_for("rounds.show", slug=round_.slug, _external=True),
        "counts": {
            "ideas": counts.ideas,
            "supports": counts.supports,
            "comments": counts.comments,
        },
    }
    if with_themes:
        body["themes"] = [theme_json(theme) for theme in round_.themes]
    return body


def idea_json(idea: Idea, round_slug: str, backing: Backing | None = None) -> dict:
    """``round_slug`` is passed in so a page of ideas never loads its round per
    row; ``backing`` (workshops.queries.backing_for) likewise its workshops."""
    backing = backing or NO_BACKING
    return {
        "id": idea.id,
        "reference": idea.reference,
        "round": round_slug,
        "title": idea.title,
        "problem": idea.problem or "",
        "proposal": idea.proposal,
        "impact": idea.impact or "",
        "who_should_act": idea.who_should_act or "",
        "themes": [{"id": theme.id, "name": theme.name} for theme in idea.themes],
        "scope": idea.scope,
        "source": idea.source,
        "support_count": idea.support_count,
        "workshop_dots": idea.dot_count,
        "combined_support": idea.combined_support,
        "dot_workshops": backing.workshops,
        "dot_nations": backing.nations,
        "comment_count": idea.comment_count,
        "status": idea.status,
        "author": idea.author.display_name if idea.author is not None else None,
        "workshop_id": idea.workshop_id,
        "workshop_credit": idea.workshop.credit if idea.workshop is not None else None,
        "created_at": iso_utc(idea.created_at),
        "updated_at": iso_utc(idea.updated_at),
        "url": url_for("ideas.show", idea_id=idea.id, _external=True),
    }


def workshop_json(workshop: Workshop, round_slug: str, counts: WorkshopCounts) -> dict:
    """A workshop as published: never the account that recorded it."""
    return {
        "id": workshop.id,
        "round": round_slug,
        "title": workshop.title,
        "held_on": workshop.held_on.isoformat(),
        "venue": workshop.venue or "",
        "town": workshop.town,
        "nation": workshop.nation,
        "region": workshop.region or "",
        "place": workshop.place,
        "organising_group": workshop.organising_group or "",
        "facilitator_name": workshop.facilitator_name or "",
        "attendees": workshop.attendees,
        "notes": workshop.notes or "",
        "credit": workshop.credit,
        "counts": {
            "ideas": counts.ideas,
            "comments": counts.comments,
            "dots": counts.dots,
            "ideas_with_dots": counts.ideas_dotted,
        },
        "url": url_for("workshops_public.show", workshop_id=workshop.id, _external=True),
    }
