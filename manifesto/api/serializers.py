"""Rows as open data. Only public fields: never an email or anything else
personal beyond the display name people chose to show with their ideas."""

from __future__ import annotations

from datetime import datetime, timezone

from flask import url_for

from manifesto.ideas.models import Idea
from manifesto.rounds.counts import RoundCounts
from manifesto.rounds.models import Round, Theme


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


def idea_json(idea: Idea, round_slug: str) -> dict:
    """``round_slug`` is passed in so a page of ideas never loads its round per row."""
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
        # Workshop dot votes arrive with the workshops feature; the field is
        # part of the published interface already.
        "workshop_dots": 0,
        "comment_count": idea.comment_count,
        "status": idea.status,
        "author": idea.author.display_name if idea.author is not None else None,
        "created_at": iso_utc(idea.created_at),
        "updated_at": iso_utc(idea.updated_at),
        "url": url_for("ideas.show", idea_id=idea.id, _external=True),
    }
