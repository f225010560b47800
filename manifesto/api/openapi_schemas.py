"""Schemas of the OpenAPI document (manifesto/api/openapi.py): what each
JSON object the API answers with holds."""

from __future__ import annotations

from manifesto.ideas.models import SCOPES, SOURCES, STATUSES
from manifesto.rounds.models import PHASES
from manifesto.workshops.models import NATIONS

PUBLIC_PHASES = [phase for phase in PHASES if phase != "draft"]


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _count(description: str) -> dict:
    return {"type": "integer", "minimum": 0, "description": description}


def _text(description: str) -> dict:
    return {"type": "string", "description": description}


def _object(properties: dict, description: str, required: list[str] | None = None) -> dict:
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": required if required is not None else list(properties),
        "additionalProperties": False,
    }


def _list_of(item: str, description: str) -> dict:
    return _object(
        {
            "items": {"type": "array", "items": ref(item)},
            "page": {"type": "integer", "minimum": 1, "description": "This page's number."},
            "per_page": {"type": "integer", "minimum": 1, "description": "Items per page."},
            "total": _count("Items on all pages together."),
        },
        description,
    )


SCHEMAS: dict = {
    "DateTime": {
        "type": "string",
        "format": "date-time",
        "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$",
        "description": "ISO 8601 date and time in UTC, to the second, e.g. 2026-03-14T18:30:00Z.",
    },
    "Error": _object(
        {
            "error": _text("A short title, e.g. 'Invalid parameter' or 'Not found'."),
            "message": _text("What went wrong, in a sentence a person can act on."),
            "status": {"type": "integer", "description": "The HTTP status code."},
            "parameter": _text("The query parameter at fault, for 400 responses."),
        },
        "An error.",
        required=["error", "message", "status"],
    ),
    "Theme": _object(
        {
            "id": {"type": "integer", "description": "Use as the ideas list's `theme` filter."},
            "name": _text("The theme's name."),
            "description": _text("What the theme covers (may be empty)."),
            "position": {"type": "integer", "description": "Display order within the round."},
        },
        "A theme of a round; ideas are filed under one or more.",
    ),
    "ThemeRef": _object(
        {"id": {"type": "integer"}, "name": {"type": "string"}},
        "A theme an idea is filed under.",
    ),
    "RoundCounts": _object(
        {
            "ideas": _count("Published ideas."),
            "supports": _count("Online supports for those ideas."),
            "comments": _count("Visible comments on those ideas."),
        },
        "Public counts for a round.",
    ),
    "Round": _object(
        {
            "id": {"type": "integer"},
            "slug": _text("The round's short name, used in its addresses."),
            "title": _text("The round's title."),
            "introduction": _text("Plain text as written; blank lines separate paragraphs."),
            "phase": {
                "type": "string",
                "enum": PUBLIC_PHASES,
                "description": "open: taking ideas; assessment: ideas being refined; "
                               "published: manifesto published; tracking: party responses.",
            },
            "opens_at": ref("DateTime"),
            "closes_at": ref("DateTime"),
            "url": {"type": "string", "format": "uri", "description": "The round's web page."},
            "counts": ref("RoundCounts"),
            "themes": {
                "type": "array",
                "items": ref("Theme"),
                "description": "Only in the single-round response.",
            },
        },
        "A manifesto round.",
        required=["id", "slug", "title", "introduction", "phase", "opens_at", "closes_at",
                  "url", "counts"],
    ),
    "Idea": _object(
        {
            "id": {"type": "integer"},
            "reference": _text("Short code people write on paper and in sheets, e.g. I-42."),
            "round": _text("The slug of the idea's round."),
            "title": _text("The idea's title."),
            "problem": _text("The current situation (plain text, may be empty)."),
            "proposal": _text("What government should commit to (plain text)."),
            "impact": _text("Expected impact (plain text, may be empty)."),
            "who_should_act": _text("Who should act (may be empty)."),
            "themes": {"type": "array", "items": ref("ThemeRef")},
            "scope": {"type": "string", "enum": list(SCOPES), "description": "Where it applies."},
            "source": {"type": "string", "enum": list(SOURCES),
                       "description": "How the idea came in."},
            "support_count": _count("Online supports."),
            "workshop_dots": _count("Dot votes at workshops (the sum of every workshop's tally)."),
            "combined_support": _count("support_count + workshop_dots: the order of "
                                       "sort=combined."),
            "dot_workshops": _count("Workshops that gave this idea at least one dot."),
            "dot_nations": _count("Nations those workshops were held in."),
            "comment_count": _count("Visible comments, including those from workshops."),
            "status": {"type": "string", "enum": list(STATUSES),
                       "description": "Always 'published' here: other ideas are not listed."},
            "author": {"type": ["string", "null"],
                       "description": "The author's display name; null for workshop input "
                                      "or erased accounts."},
            "workshop_id": {"type": ["integer", "null"],
                            "description": "The workshop the idea came from (see "
                                           "/workshops/{workshop_id}), or null."},
            "workshop_credit": {"type": ["string", "null"],
                                "description": "How the idea is credited when it came from a "
                                               "workshop, e.g. 'From the Cardiff workshop, "
                                               "14 March 2027'; else null."},
            "created_at": ref("DateTime"),
            "updated_at": {"anyOf": [ref("DateTime"), {"type": "null"}],
                           "description": "Last edit by its author, or null."},
            "url": {"type": "string", "format": "uri", "description": "The idea's web page."},
        },
        "A published idea.",
    ),
    "WorkshopCounts": _object(
        {
            "ideas": _count("Published ideas it produced."),
            "comments": _count("Visible comments it gave on ideas."),
            "dots": _count("Dots it gave to published ideas."),
            "ideas_with_dots": _count("Published ideas it gave at least one dot."),
        },
        "What a workshop contributed.",
    ),
    "Workshop": _object(
        {
            "id": {"type": "integer"},
            "round": _text("The slug of the workshop's round."),
            "title": _text("The workshop's title."),
            "held_on": {"type": "string", "format": "date",
                        "description": "The day it was held, e.g. 2027-03-14."},
            "venue": _text("Where it was held (may be empty)."),
            "town": _text("The town or city."),
            "nation": {"type": "string", "enum": list(NATIONS),
                       "description": "The nation it was held in."},
            "region": _text("The region (may be empty)."),
            "place": _text("Town and nation, e.g. 'Cardiff, Wales'."),
            "organising_group": _text("The group that organised it (may be empty)."),
            "facilitator_name": _text("The facilitator, as named publicly (may be empty)."),
            "attendees": _count("People who took part."),
            "notes": _text("Notes from the workshop: plain text, blank lines separate "
                           "paragraphs (may be empty)."),
            "credit": _text("How its ideas and comments are credited, e.g. 'From the "
                            "Cardiff workshop, 14 March 2027'."),
            "counts": ref("WorkshopCounts"),
            "url": {"type": "string", "format": "uri", "description": "The workshop's web page."},
        },
        "A workshop held offline. The account that recorded it is never published.",
    ),
    "RoundList": _list_of("Round", "A page of rounds."),
    "ThemeList": _list_of("Theme", "A page of a round's themes."),
    "IdeaList": _list_of("Idea", "A page of ideas."),
    "WorkshopList": _list_of("Workshop", "A page of workshops."),
}


