"""Rows as open data. Only public fields: never an email or anything else
personal beyond the display name people chose to show with their ideas."""

from __future__ import annotations

from datetime import datetime, timezone

from flask import url_for

from manifesto.api.party_queries import PartyExtras
from manifesto.ideas.models import Idea
from manifesto.panel.public_queries import Entry
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


def idea_json(idea: Idea, round_slug: str, backing: Backing | None = None,
              commitment: dict | None = None) -> dict:
    """``round_slug`` is passed in so a page of ideas never loads its round per
    row; ``backing`` (workshops.queries.backing_for) likewise its workshops,
    and ``commitment`` (:func:`commitment_ref_json`) the published commitment
    it fed, if any."""
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
        "commitment": commitment,
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


def _commitment_url(commitment_id: int) -> str:
    return url_for("manifesto_public.commitment", commitment_id=commitment_id, _external=True)


def commitment_ref_json(commitment_id: int, number: int) -> dict:
    """The published commitment an idea fed."""
    return {"id": commitment_id, "number": number, "reference": f"C-{commitment_id}",
            "url": _commitment_url(commitment_id)}


def commitment_json(entry: Entry, round_slug: str, themes: dict[int, Theme],
                    extras: PartyExtras | None = None) -> dict:
    """A published commitment as the manifesto shows it. ``themes`` (the
    round's, by id) spares a query per commitment; ``entry`` comes from
    manifesto.panel.public_queries with its evidence and source ideas (only
    published and merged ones: hidden or withdrawn ideas are never linked).

    ``extras`` (manifesto.api.party_queries.extras_for, loaded by the view for
    a whole page of commitments in two queries) gives each party's stance and
    the latest delivery status."""
    commitment, evidence = entry.commitment, entry.evidence
    theme = themes.get(commitment.theme_id) if commitment.theme_id is not None else None
    extras = extras or PartyExtras()
    return {
        "id": commitment.id,
        "reference": commitment.reference,
        "round": round_slug,
        "number": entry.number,
        "theme": {"id": theme.id, "name": theme.name} if theme is not None else None,
        "title": commitment.title,
        "commit_to": commitment.commit_to,
        "current_situation": commitment.current_situation or "",
        "we_call_for": commitment.call_for_items,
        "lead_body": commitment.lead_body or "",
        "evidence": {
            "supporters": evidence.supporters,
            "dots": evidence.dots,
            "workshops": evidence.workshops,
            "nations": list(evidence.nations),
            "comments": evidence.comments,
        },
        "source_ideas": [
            {"id": idea.id, "reference": idea.reference, "title": idea.title,
             "status": idea.status,
             "url": url_for("ideas.show", idea_id=idea.id, _external=True)}
            for idea in entry.ideas
        ],
        "responses": extras.responses_of(commitment.id),
        "progress_status": extras.status_of(commitment.id),
        "url": _commitment_url(commitment.id),
    }
