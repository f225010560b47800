"""The OpenAPI 3.1 description of the API, written by hand.

Tests prove every /api/v1/ route is described here and validate real
responses against these schemas, so the document cannot drift from the code.
The human-readable page at /api/ is rendered from it too.
"""

from __future__ import annotations

import copy

from manifesto.api.openapi_schemas import SCHEMAS, ref
from manifesto.ideas.models import SCOPES, SOURCES
from manifesto.ideas.queries import DEFAULT_SORT, SORTS
from manifesto.workshops.models import NATIONS

API_VERSION = "1.3.0"


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
    "commitment_id": {"name": "commitment_id", "in": "path", "required": True,
                      "description": "A commitment's id (the number in its reference, C-12).",
                      "schema": {"type": "integer", "minimum": 0, "maximum": 2_147_483_647}},
    "commitment_theme": _query("theme", "Only commitments under this theme (an id from the "
                                        "round's themes).",
                               {"type": "integer", "minimum": 1}),
    "idea_id": {"name": "idea_id", "in": "path", "required": True,
                "description": "An idea's id (the number in its reference).",
                "schema": {"type": "integer", "minimum": 0, "maximum": 2_147_483_647}},
    "round": _query("round", "The slug of a public round.", {"type": "string"}, required=True),
    "q": _query("q", "Words to search for in the title, problem, proposal, impact and who "
                     "should act; every word must match (word beginnings count).",
                {"type": "string", "maxLength": 200}),
    "sort": _query("sort", "Order: most support online and at workshops together (the "
                           "default), most supported online, newest, most discussed, a shuffle "
                           "reproducible with `seed`, or best match for `q` (without `q`, "
                           "relevance falls back to the default).",
                   {"type": "string", "enum": list(SORTS), "default": DEFAULT_SORT}),
    "theme": _query("theme", "Only ideas filed under this theme (an id from the round's themes).",
                    {"type": "integer", "minimum": 1}),
    "scope": _query("scope", "Only ideas with this geographic scope.",
                    {"type": "string", "enum": list(SCOPES)}),
    "source": _query("source", "Only ideas that came in this way.",
                     {"type": "string", "enum": list(SOURCES)}),
    "nation": _query("nation", "Only ideas that came from, or got dots or comments at, a "
                               "workshop held in this nation.",
                     {"type": "string", "enum": list(NATIONS)}),
    "workshop_nation": _query("nation", "Only workshops held in this nation.",
                              {"type": "string", "enum": list(NATIONS)}),
    "workshop_id": {"name": "workshop_id", "in": "path", "required": True,
                    "description": "A workshop's id.",
                    "schema": {"type": "integer", "minimum": 0, "maximum": 2_147_483_647}},
    "party": _query("party", "Only this party's responses (an id from /parties).",
                    {"type": "integer", "minimum": 1, "maximum": 2_147_483_647}),
    "commitment_number": _query("commitment", "Only this commitment (its number in the "
                                              "manifesto).",
                                {"type": "integer", "minimum": 1, "maximum": 2_147_483_647}),
    "seed": _query("seed", "For sort=random: the same seed gives the same order.",
                   {"type": "integer", "minimum": 0, "maximum": 2_147_483_647, "default": 1}),
}


def _param(name: str) -> dict:
    return {"$ref": f"#/components/parameters/{name}"}


def _ok(schema: str, description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": ref(schema)}}}


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": ref("Error")}}}


RESPONSES = {
    "BadRequest": _error("A query parameter is missing or invalid; `parameter` names it."),
    "NotFound": _error("There is no such public item."),
}
BAD_REQUEST = {"$ref": "#/components/responses/BadRequest"}
NOT_FOUND = {"$ref": "#/components/responses/NotFound"}
IDEA_FILTERS = [_param(n) for n in ("q", "sort", "theme", "scope", "source", "nation",
                                    "seed", "page", "per_page")]


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
            "allOf": [ref("Round"), {"required": ["themes"]}]}}}},
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
    "/rounds/{slug}/workshops": _get(
        "listRoundWorkshops", "List a round's workshops",
        "Workshops held offline for a round, in date order, with what each contributed.",
        [_param("slug"), _param("workshop_nation"), _param("page"), _param("per_page")],
        {"200": _ok("WorkshopList", "A page of workshops."), "400": BAD_REQUEST,
         "404": NOT_FOUND},
    ),
    "/rounds/{slug}/commitments": _get(
        "listRoundCommitments", "List a round's commitments",
        "The numbered commitments of a round's published manifesto, in number order, each "
        "with its evidence of support and the ideas it came from. Empty until the "
        "manifesto is published; drafts and commitments not shortlisted are never listed.",
        [_param("slug"), _param("commitment_theme"), _param("page"), _param("per_page")],
        {"200": _ok("CommitmentList", "A page of commitments."), "400": BAD_REQUEST,
         "404": NOT_FOUND},
    ),
    "/rounds/{slug}/shortlist": _get(
        "getRoundShortlist", "Get a round's published shortlist",
        "The published manifesto: every numbered commitment, grouped by theme in theme "
        "order. Not found until the manifesto is published.",
        [_param("slug")],
        {"200": _ok("Shortlist", "The shortlist by theme."), "404": NOT_FOUND},
    ),
    "/rounds/{slug}/responses": _get(
        "listRoundResponses", "List parties' responses to a round's manifesto",
        "Each party's recorded stance on the published commitments, by commitment number "
        "then party name, with its quote and evidence. Not found until the manifesto is "
        "published.",
        [_param("slug"), _param("party"), _param("commitment_number"), _param("page"),
         _param("per_page")],
        {"200": _ok("PartyResponseList", "A page of responses."), "400": BAD_REQUEST,
         "404": NOT_FOUND},
    ),
    "/rounds/{slug}/progress": _get(
        "listRoundProgress", "List delivery progress on a round's manifesto",
        "Dated progress updates on the published commitments, by commitment number then "
        "date (oldest first). Not found until the manifesto is published.",
        [_param("slug"), _param("commitment_number"), _param("page"), _param("per_page")],
        {"200": _ok("ProgressUpdateList", "A page of progress updates."), "400": BAD_REQUEST,
         "404": NOT_FOUND},
    ),
    "/parties": _get(
        "listParties", "List parties",
        "The political parties whose responses are recorded, by name.",
        [_param("page"), _param("per_page")],
        {"200": _ok("PartyList", "A page of parties."), "400": BAD_REQUEST},
    ),
    "/commitments/{commitment_id}": _get(
        "getCommitment", "Get a commitment",
        "One commitment of a published manifesto.",
        [_param("commitment_id")],
        {"200": _ok("Commitment", "The commitment."), "404": NOT_FOUND},
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
    "/workshops/{workshop_id}": _get(
        "getWorkshop", "Get a workshop",
        "One workshop of a public round, with what it contributed.",
        [_param("workshop_id")],
        {"200": _ok("Workshop", "The workshop."), "404": NOT_FOUND},
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
    "Read-only open data from this manifesto platform: rounds, their themes, the "
    "published ideas with their support, workshop and comment counts, the workshops "
    "held offline with what each contributed, and each published manifesto's numbered "
    "commitments with their evidence of support and source ideas, the parties' "
    "responses to them and delivery progress. No sign-in, no "
    "personal data beyond the display names people chose to show and the facilitators "
    "named on workshop pages. Responses may be "
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
