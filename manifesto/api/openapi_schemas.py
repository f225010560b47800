"""Schemas of the OpenAPI document (manifesto/api/openapi.py): what each
JSON object the API answers with holds."""

from __future__ import annotations

from manifesto.ideas.models import SCOPES, SOURCES, STATUSES
from manifesto.parties.models import PROGRESS_STATUSES, STANCES
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
            "commitment": {"anyOf": [ref("CommitmentRef"), {"type": "null"}],
                           "description": "The published commitment this idea fed (see "
                                          "/commitments/{commitment_id}); null when none, or "
                                          "before the manifesto is published."},
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
    "CommitmentRef": _object(
        {
            "id": {"type": "integer"},
            "number": {"type": "integer", "minimum": 1,
                       "description": "Its number in the published manifesto."},
            "reference": _text("Its short code, e.g. C-12."),
            "url": {"type": "string", "format": "uri",
                    "description": "The commitment's web page."},
        },
        "A published commitment an idea fed.",
    ),
    "Evidence": _object(
        {
            "supporters": _count("People who supported one or more of its source ideas online "
                                 "(each person once)."),
            "dots": _count("Dot votes its source ideas got at workshops."),
            "workshops": _count("Workshops that produced, dotted or commented on its source "
                                "ideas."),
            "nations": {"type": "array", "items": {"type": "string", "enum": list(NATIONS)},
                        "description": "The nations those workshops were held in."},
            "comments": _count("Comments on its source ideas."),
        },
        "The evidence of support behind a commitment, from its source ideas.",
    ),
    "SourceIdea": _object(
        {
            "id": {"type": "integer"},
            "reference": _text("The idea's short code, e.g. I-42."),
            "title": _text("The idea's title."),
            "status": {"type": "string", "enum": ["published", "merged"],
                       "description": "merged: since merged into another idea."},
            "url": {"type": "string", "format": "uri", "description": "The idea's web page."},
        },
        "An idea a commitment came from.",
    ),
    "Commitment": _object(
        {
            "id": {"type": "integer"},
            "reference": _text("Its short code, e.g. C-12."),
            "round": _text("The slug of the commitment's round."),
            "number": {"type": "integer", "minimum": 1,
                       "description": "Its number in the published manifesto."},
            "theme": {"anyOf": [ref("ThemeRef"), {"type": "null"}],
                      "description": "The theme it is published under, or null."},
            "title": _text("The commitment's title."),
            "commit_to": _text("What the government should commit to (plain text)."),
            "current_situation": _text("The current situation (plain text, may be empty)."),
            "we_call_for": {"type": "array", "items": {"type": "string"},
                            "description": "The “We call for” bullets, in order."},
            "lead_body": _text("The body that should lead (may be empty)."),
            "evidence": ref("Evidence"),
            "source_ideas": {"type": "array", "items": ref("SourceIdea"),
                             "description": "The ideas it came from (hidden or withdrawn "
                                            "ideas are not listed)."},
            "responses": {"type": "array", "items": ref("CommitmentStance"),
                          "description": "Each party's recorded stance on it, by party name "
                                         "(parties with none are not listed)."},
            "progress_status": {"anyOf": [{"type": "string", "enum": list(PROGRESS_STATUSES)},
                                          {"type": "null"}],
                                "description": "Its latest delivery status, or null before "
                                               "any progress is recorded."},
            "url": {"type": "string", "format": "uri",
                    "description": "The commitment's web page."},
        },
        "A numbered commitment of a published manifesto.",
    ),
    "CommitmentStance": _object(
        {
            "party_id": {"type": "integer"},
            "party": _text("The party's short name."),
            "stance": {"type": "string", "enum": [s for s in STANCES if s != "no_response"]},
        },
        "A party's stance on a commitment.",
    ),
    "Party": _object(
        {
            "id": {"type": "integer", "description": "Use as the responses list's `party` "
                                                     "filter."},
            "name": _text("The party's name."),
            "short_name": _text("Its short name, as on the scorecard."),
            "colour": {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$",
                       "description": "Its colour in charts (#rrggbb)."},
            "nations": {"type": "array", "items": {"type": "string", "enum": list(NATIONS)},
                        "description": "The nations where it stands."},
            "website": _text("Its website (may be empty)."),
        },
        "A political party.",
    ),
    "PartyRef": _object(
        {"id": {"type": "integer"}, "short_name": {"type": "string"},
         "name": {"type": "string"}},
        "The party that responded.",
    ),
    "CommitmentBrief": _object(
        {"id": {"type": "integer"},
         "number": {"type": "integer", "minimum": 1,
                    "description": "Its number in the published manifesto."},
         "title": {"type": "string"}},
        "The published commitment concerned.",
    ),
    "PartyResponse": _object(
        {
            "id": {"type": "integer"},
            "party": ref("PartyRef"),
            "commitment": ref("CommitmentBrief"),
            "stance": {"type": "string", "enum": [s for s in STANCES if s != "no_response"]},
            "stance_label": _text("The stance in words, e.g. 'Partly committed'."),
            "quote": _text("What the party said (plain text, may be empty)."),
            "evidence_url": _text("Where it said it (may be empty)."),
            "stated_on": {"type": ["string", "null"], "format": "date",
                          "description": "When it said it (ISO 8601 date), if known."},
            "url": {"type": "string", "format": "uri",
                    "description": "The response's web page."},
        },
        "A party's response to a published commitment. Who recorded it is never published.",
    ),
    "ProgressUpdate": _object(
        {
            "id": {"type": "integer"},
            "commitment": ref("CommitmentBrief"),
            "status": {"type": "string", "enum": list(PROGRESS_STATUSES)},
            "status_label": _text("The status in words, e.g. 'In progress'."),
            "note": _text("What happened (plain text, may be empty)."),
            "source_url": _text("A source for it (may be empty)."),
            "happened_on": {"type": "string", "format": "date",
                            "description": "When it happened (ISO 8601 date)."},
        },
        "A dated step in delivering a commitment. Who recorded it is never published.",
    ),
    "ShortlistTheme": _object(
        {
            "id": {"type": ["integer", "null"],
                   "description": "The theme's id; null for commitments under no theme."},
            "name": _text("The theme's name."),
            "commitments": {"type": "array", "items": ref("Commitment"),
                            "description": "Its commitments in number order."},
        },
        "One theme of the published shortlist.",
    ),
    "Shortlist": _object(
        {
            "round": _text("The round's slug."),
            "title": _text("The round's title."),
            "published_at": {"anyOf": [ref("DateTime"), {"type": "null"}],
                             "description": "When the manifesto was published, if recorded."},
            "total": _count("Commitments in the manifesto."),
            "themes": {"type": "array", "items": ref("ShortlistTheme"),
                       "description": "Themes with at least one commitment, in theme order."},
        },
        "A round's published manifesto, grouped by theme.",
    ),
    "RoundList": _list_of("Round", "A page of rounds."),
    "CommitmentList": _list_of("Commitment", "A page of commitments."),
    "ThemeList": _list_of("Theme", "A page of a round's themes."),
    "IdeaList": _list_of("Idea", "A page of ideas."),
    "WorkshopList": _list_of("Workshop", "A page of workshops."),
    "PartyList": _list_of("Party", "A page of parties."),
    "PartyResponseList": _list_of("PartyResponse", "A page of party responses."),
    "ProgressUpdateList": _list_of("ProgressUpdate", "A page of progress updates."),
}


