"""The OpenAPI 3.1 description of the API, written by hand.

Tests prove every /api/v1/ route is described here and validate real
responses against these schemas, so the document cannot drift from the code.
The human-readable page at /api/ is rendered from it too.
"""

from __future__ import annotations

import copy

from manifesto.ideas.models import SCOPES, SOURCES, STATUSES
from manifesto.ideas.queries import DEFAULT_SORT, SORTS
from manifesto.rounds.models import PHASES

API_VERSION = "1.0.0"
PUBLIC_PHASES = [phase for phase in PHASES if phase != "draft"]


def _ref(name: str) -> dict:
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
            "items": {"type": "array", "items": _ref(item)},
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
            "opens_at": _ref("DateTime"),
            "closes_at": _ref("DateTime"),
            "url": {"type": "string", "format": "uri", "description": "The round's web page."},
            "counts": _ref("RoundCounts"),
            "themes": {
                "type": "array",
                "items": _ref("Theme"),
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
            "themes": {"type": "array", "items": _ref("ThemeRef")},
            "scope": {"type": "string", "enum": list(SCOPES), "description": "Where it applies."},
            "source": {"type": "string", "enum": list(SOURCES),
                       "description": "How the idea came in."},
            "support_count": _count("Online supports."),
            "workshop_dots": _count("Dot votes at workshops."),
            "comment_count": _count("Visible comments."),
            "status": {"type": "string", "enum": list(STATUSES),
                       "description": "Always 'published' here: other ideas are not listed."},
            "author": {"type": ["string", "null"],
                       "description": "The author's display name; null for workshop input "
                                      "or erased accounts."},
            "created_at": _ref("DateTime"),
            "updated_at": {"anyOf": [_ref("DateTime"), {"type": "null"}],
                           "description": "Last edit by its author, or null."},
            "url": {"type": "string", "format": "uri", "description": "The idea's web page."},
        },
        "A published idea.",
    ),
    "RoundList": _list_of("Round", "A page of rounds."),
    "ThemeList": _list_of("Theme", "A page of a round's themes."),
    "IdeaList": _list_of("Idea", "A page of ideas."),
}


def _query(name: str, description: str, schema: dict, required: bool = False) -> dict:
    return {"name": name, "in": "query", "required": required,
            "description": description, "schema": schema}


PARAMETERS: dict = {
    "page": _query("page", "Page number, from 1. A page past the end has no items.",
                   {"type": "integer", "minimum": 1, "maximum": 1_000_000, "default": 1}),
    "per_page": _query("per_page", "Items per page.",
                       {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}),
    "slug": {"name": "slug", "in": "path", "required": True,
             "description": "A round's slug.", "schema": {"type": "string"}},
    "idea_id": {"name": "idea_id", "in": "path", "required": True,
                "description": "An idea's id (the number in its reference).",
                "schema": {"type": "integer", "minimum": 0, "maximum": 2_147_483_647}},
    "round": _query("round", "The slug of a public round.", {"type": "string"}, required=True),
    "q": _query("q", "Words to search for in the title, problem, proposal, impact and who "
                     "should act; every word must match (word beginnings count).",
                {"type": "string", "maxLength": 200}),
    "sort": _query("sort", "Order: most supported, newest, most discussed, a shuffle "
                           "reproducible with `seed`, or best match for `q` (without `q`, "
                           "relevance falls back to most supported).",
                   {"type": "string", "enum": list(SORTS), "default": DEFAULT_SORT}),
    "theme": _query("theme", "Only ideas filed under this theme (an id from the round's themes).",
                    {"type": "integer", "minimum": 1}),
    "scope": _query("scope", "Only ideas with this geographic scope.",
                    {"type": "string", "enum": list(SCOPES)}),
    "source": _query("source", "Only ideas that came in this way.",
                     {"type": "string", "enum": list(SOURCES)}),
    "seed": _query("seed", "For sort=random: the same seed gives the same order.",
                   {"type": "integer", "minimum": 0, "maximum": 2_147_483_647, "default": 1}),
}


def _param(name: str) -> dict:
    return {"$ref": f"#/components/parameters/{name}"}


def _ok(schema: str, description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": _ref(schema)}}}


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref("Error")}}}


RESPONSES = {
    "BadRequest": _error("A query parameter is missing or invalid; `parameter` names it."),
    "NotFound": _error("There is no such public item."),
}
BAD_REQUEST = {"$ref": "#/components/responses/BadRequest"}
NOT_FOUND = {"$ref": "#/components/responses/NotFound"}
IDEA_FILTERS = [_param(n) for n in ("q", "sort", "theme", "scope", "source", "seed",
                                    "page", "per_page")]


def _get(operation_id: str, summary: str, description: str, parameters: list,
         responses: dict) -> dict:
    return {"get": {"operationId": operation_id, "summary": summary, "description": description,
                    "parameters": parameters, "responses": responses}}


PATHS: dict = {
    "/rounds": _get(
        "listRounds", "List rounds",
        "Public rounds, newest first, with their counts.",
        [_param("page"), _param("per_page")],
        {"200": _ok("RoundList", "A page of rounds."), "400": BAD_REQUEST},
    ),
    "/rounds/{slug}": _get(
        "getRound", "Get a round",
        "One public round with its themes.",
        [_param("slug")],
        {"200": {"description": "The round.", "content": {"application/json": {"schema": {
            "allOf": [_ref("Round"), {"required": ["themes"]}]}}}},
         "404": NOT_FOUND},
    ),
    "/rounds/{slug}/themes": _get(
        "listRoundThemes", "List a round's themes",
        "A round's themes in display order.",
        [_param("slug"), _param("page"), _param("per_page")],
        {"200": _ok("ThemeList", "A page of themes."), "400": BAD_REQUEST, "404": NOT_FOUND},
    ),
    "/rounds/{slug}/ideas": _get(
        "listRoundIdeas", "List a round's ideas",
        "The same as /ideas?round={slug}.",
        [_param("slug")] + IDEA_FILTERS,
        {"200": _ok("IdeaList", "A page of ideas."), "400": BAD_REQUEST, "404": NOT_FOUND},
    ),
    "/ideas": _get(
        "listIdeas", "Search and list ideas",
        "Published ideas of one round: searched, filtered, sorted and paged as on the "
        "round's ideas page. Hidden, withdrawn and merged ideas are never included.",
        [_param("round")] + IDEA_FILTERS,
        {"200": _ok("IdeaList", "A page of ideas."), "400": BAD_REQUEST},
    ),
    "/ideas/{idea_id}": _get(
        "getIdea", "Get an idea",
        "One published idea.",
        [_param("idea_id")],
        {"200": _ok("Idea", "The idea."), "404": NOT_FOUND},
    ),
    "/openapi.json": _get(
        "getOpenAPI", "This document",
        "The OpenAPI 3.1 description of this API.",
        [],
        {"200": {"description": "The OpenAPI document.",
                 "content": {"application/json": {"schema": {"type": "object"}}}}},
    ),
}

DESCRIPTION = (
    "Read-only open data from this manifesto platform: rounds, their themes and the "
    "published ideas with their support, workshop and comment counts. No sign-in, no "
    "personal data beyond the display names people chose to show. Responses may be "
    "cached for 60 seconds and may be read from any web page (CORS)."
)


def openapi_document(server_url: str, max_per_page: int = 100) -> dict:
    """The whole document; ``server_url`` is this site's /api/v1 address."""
    parameters = copy.deepcopy(PARAMETERS)
    parameters["per_page"]["schema"]["maximum"] = max_per_page
    return {
        "openapi": "3.1.0",
        "info": {"title": "Manifesto open data API", "version": API_VERSION,
                 "description": DESCRIPTION},
        "servers": [{"url": server_url}],
        "paths": copy.deepcopy(PATHS),
        "components": {"schemas": copy.deepcopy(SCHEMAS), "parameters": parameters,
                       "responses": copy.deepcopy(RESPONSES)},
    }
