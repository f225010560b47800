"""The OpenAPI document describes every route, and real responses match it."""

from __future__ import annotations

import re

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.api.conftest import get_json
from tests.api.published_world import make_published
from tests.factories import make_comment, make_idea, make_round, make_support, make_user

PREFIX = "/api/v1"
DOCUMENT_URI = "urn:manifesto:openapi"
_RULE_ARGUMENT = re.compile(r"<(?:\w+(?:\([^)]*\))?:)?(\w+)>")


def openapi_path(rule: str) -> str:
    """'/api/v1/ideas/<int(max=9):idea_id>' → '/ideas/{idea_id}'."""
    return _RULE_ARGUMENT.sub(r"{\1}", rule).removeprefix(PREFIX)


def pointer(*parts: str) -> str:
    return "#/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


def resolve(document: dict, node: dict) -> dict:
    while "$ref" in node:
        target = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def validator(document: dict, fragment: str) -> Draft202012Validator:
    registry = Registry().with_resource(
        DOCUMENT_URI, Resource.from_contents(document, default_specification=DRAFT202012)
    )
    return Draft202012Validator(
        {"$ref": DOCUMENT_URI + fragment}, registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


@pytest.fixture
def document(client):
    return get_json(client, PREFIX + "/openapi.json")


def api_rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.rule.startswith(PREFIX + "/")]


def test_every_api_route_is_described(app, document):
    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": "http://localhost/api/v1"}]
    described = set(document["paths"])
    routed = set()
    for rule in api_rules(app):
        if rule.endpoint == "api.openapi":
            continue
        path = openapi_path(rule.rule)
        routed.add(path)
        assert path in described, f"{rule.rule} is missing from the OpenAPI document"
        assert rule.methods - {"HEAD", "OPTIONS"} == {"GET"}
        operation = document["paths"][path]["get"]
        parameters = [resolve(document, p) for p in operation["parameters"]]
        assert {p["name"] for p in parameters if p["in"] == "path"} == set(rule.arguments)
        assert "200" in operation["responses"]
    assert described - {"/openapi.json"} == routed, "the document describes missing routes"


def test_document_is_well_formed(document):
    schemas = document["components"]["schemas"]
    assert {"Round", "Theme", "Idea", "IdeaList", "RoundList", "Error", "Workshop",
            "WorkshopList", "Commitment", "CommitmentList", "CommitmentRef", "Evidence",
            "Shortlist"} <= set(schemas)
    for name, schema in schemas.items():
        Draft202012Validator.check_schema(schema)
    operation_ids = []
    for path, item in document["paths"].items():
        operation = item["get"]
        operation_ids.append(operation["operationId"])
        for parameter in operation["parameters"]:
            parameter = resolve(document, parameter)
            assert parameter["description"] and parameter["schema"], (path, parameter)
        for response in operation["responses"].values():
            assert resolve(document, response)["description"]
    assert len(operation_ids) == len(set(operation_ids))

    text = repr(document)
    for reference in re.findall(r"'\$ref': '([^']+)'", text):
        resolve(document, {"$ref": reference})  # raises KeyError when dangling


def test_per_page_maximum_in_document_follows_configuration(document, app):
    assert document["components"]["parameters"]["per_page"]["schema"]["maximum"] == \
        app.config["API_MAX_PER_PAGE"]


def _response_schema(document: dict, path: str, status: int) -> str:
    response = document["paths"][path]["get"]["responses"][str(status)]
    if "$ref" in response:
        parts = response["$ref"].removeprefix("#/").split("/")
    else:
        parts = ["paths", path, "get", "responses", str(status)]
    return pointer(*parts, "content", "application/json", "schema")


def test_real_responses_match_their_schemas(client, document):
    round_ = make_round(slug="uk-2026")
    make_round(slug="wales-2025", phase="tracking")
    author = make_user(display_name="Ada")
    idea = make_idea(round_, author, themes=[round_.themes[0]], impact="Big.")
    make_idea(round_, None, source="workshop", scope="local")
    make_support(make_user(), idea)
    make_comment(idea, author)
    from manifesto.workshops import services
    from tests.factories import make_workshop

    facilitator = make_user(roles=("facilitator",))
    workshop = make_workshop(round_, facilitator)
    services.add_workshop_ideas(facilitator, workshop, [{"title": "From the room",
                                                         "proposal": "Do it."}])
    services.set_tally(facilitator, workshop, idea, 4)

    calls = [
        ("/rounds", "/rounds", 200),
        ("/rounds?page=9", "/rounds", 200),
        ("/rounds?page=x", "/rounds", 400),
        ("/rounds/uk-2026", "/rounds/{slug}", 200),
        ("/rounds/nope", "/rounds/{slug}", 404),
        ("/rounds/uk-2026/themes", "/rounds/{slug}/themes", 200),
        ("/rounds/uk-2026/themes?per_page=0", "/rounds/{slug}/themes", 400),
        ("/rounds/nope/themes", "/rounds/{slug}/themes", 404),
        ("/rounds/uk-2026/ideas", "/rounds/{slug}/ideas", 200),
        ("/rounds/uk-2026/ideas?sort=x", "/rounds/{slug}/ideas", 400),
        ("/rounds/nope/ideas", "/rounds/{slug}/ideas", 404),
        ("/ideas?round=uk-2026&q=publish&sort=relevance", "/ideas", 200),
        ("/ideas", "/ideas", 400),
        (f"/ideas/{idea.id}", "/ideas/{idea_id}", 200),
        ("/ideas/424242", "/ideas/{idea_id}", 404),
        ("/ideas?round=uk-2026&sort=combined&nation=wales", "/ideas", 200),
        ("/ideas?round=uk-2026&nation=atlantis", "/ideas", 400),
        ("/rounds/uk-2026/workshops", "/rounds/{slug}/workshops", 200),
        ("/rounds/uk-2026/workshops?nation=wales", "/rounds/{slug}/workshops", 200),
        ("/rounds/uk-2026/workshops?nation=x", "/rounds/{slug}/workshops", 400),
        ("/rounds/nope/workshops", "/rounds/{slug}/workshops", 404),
        (f"/workshops/{workshop.id}", "/workshops/{workshop_id}", 200),
        ("/workshops/424242", "/workshops/{workshop_id}", 404),
    ]
    for url, path, status in calls:
        body = get_json(client, PREFIX + url, status=status)
        validator(document, _response_schema(document, path, status)).validate(body)
        if status == 200 and "items" in body:
            assert body["items"] or "page=9" in url, url


def test_commitment_responses_match_their_schemas(client, document):
    world = make_published()
    theme = world.round.themes[1].id
    calls = [
        ("/rounds/uk-2026/commitments", "/rounds/{slug}/commitments", 200),
        (f"/rounds/uk-2026/commitments?theme={theme}&per_page=1", "/rounds/{slug}/commitments", 200),
        ("/rounds/uk-2026/commitments?theme=x", "/rounds/{slug}/commitments", 400),
        ("/rounds/nope/commitments", "/rounds/{slug}/commitments", 404),
        ("/rounds/uk-2026/shortlist", "/rounds/{slug}/shortlist", 200),
        (f"/rounds/{world.draft.round.slug}/shortlist", "/rounds/{slug}/shortlist", 404),
        (f"/commitments/{world.first.id}", "/commitments/{commitment_id}", 200),
        (f"/commitments/{world.rejected.id}", "/commitments/{commitment_id}", 404),
        (f"/ideas/{world.idea.id}", "/ideas/{idea_id}", 200),
        ("/ideas?round=uk-2026", "/ideas", 200),
    ]
    for url, path, status in calls:
        body = get_json(client, PREFIX + url, status=status)
        validator(document, _response_schema(document, path, status)).validate(body)
    assert get_json(client, PREFIX + f"/ideas/{world.idea.id}")["commitment"]["number"] == 1


def test_schemas_reject_what_they_should(document):
    idea_schema = validator(document, pointer("components", "schemas", "Idea"))
    assert not idea_schema.is_valid({"id": 1})
    error_schema = validator(document, pointer("components", "schemas", "Error"))
    assert not error_schema.is_valid({"error": "x", "message": "y", "status": 400, "email": "z"})
    date = validator(document, pointer("components", "schemas", "DateTime"))
    assert date.is_valid("2026-03-14T18:30:00Z")
    assert not date.is_valid("2026-03-14T18:30:00+00:00")


def test_docs_page_describes_every_endpoint(client, document):
    round_ = make_round(slug="uk-2026", title="UK manifesto 2026")
    response = client.get("/api/")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert page.count("<h1") == 1 and "Open data API" in page
    for path in document["paths"]:
        assert f"GET {path}" in page
    for name in ("per_page", "support_count", "workshop_dots", "combined_support", "nation",
                 "workshop_credit", "facilitator_name", "who_should_act", "commit_to",
                 "we_call_for", "supporters", "source_ideas", "commitment"):
        assert f"<code>{name}</code>" in page
    assert "/api/v1/ideas?round=uk-2026" in page and round_.title in page
    assert "public" not in response.headers.get("Cache-Control", "")


def test_docs_page_links_a_published_manifesto(client):
    make_published()
    page = client.get("/api/").get_data(as_text=True)
    assert "/api/v1/rounds/uk-2026/shortlist" in page
    assert "/api/v1/rounds/uk-2026/commitments" in page
