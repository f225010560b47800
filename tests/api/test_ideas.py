"""Ideas through the API: content, filters, sorting, search, paging, errors."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from flask import url_for

from manifesto.extensions import db
from tests.api.conftest import get_json
from tests.factories import make_comment, make_idea, make_round, make_support, make_user


def ids(body: dict) -> list[int]:
    return [item["id"] for item in body["items"]]


def test_an_idea_carries_its_public_fields(client):
    round_ = make_round(slug="uk-2026")
    author = make_user(display_name="Ada Campaigner")
    idea = make_idea(round_, author, title="Open contracts", problem="Contracts are secret.",
                     proposal="Publish every contract.", impact="Less waste.",
                     who_should_act="Cabinet Office", scope="wales",
                     themes=[round_.themes[1], round_.themes[0]])
    idea.created_at = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    idea.updated_at = datetime(2026, 1, 3, 0, 0, tzinfo=timezone.utc)
    db.session.commit()
    make_support(make_user(), idea)
    make_support(make_user(), idea)
    make_comment(idea, author)

    body = get_json(client, f"/api/v1/ideas/{idea.id}")

    with client.application.test_request_context():
        page_url = url_for("ideas.show", idea_id=idea.id, _external=True)
    assert body == {
        "id": idea.id,
        "reference": f"I-{idea.id}",
        "round": "uk-2026",
        "title": "Open contracts",
        "problem": "Contracts are secret.",
        "proposal": "Publish every contract.",
        "impact": "Less waste.",
        "who_should_act": "Cabinet Office",
        "themes": [{"id": round_.themes[0].id, "name": "Open data"},
                   {"id": round_.themes[1].id, "name": "Anti-corruption"}],
        "scope": "wales",
        "source": "online",
        "support_count": 2,
        "workshop_dots": 0,
        "combined_support": 2,
        "dot_workshops": 0,
        "dot_nations": 0,
        "comment_count": 1,
        "status": "published",
        "author": "Ada Campaigner",
        "workshop_id": None,
        "workshop_credit": None,
        "created_at": "2026-01-02T03:04:05Z",
        "updated_at": "2026-01-03T00:00:00Z",
        "commitment": None,
        "url": page_url,
    }
    listed = get_json(client, "/api/v1/ideas?round=uk-2026")["items"]
    assert listed == [body]


def test_workshop_input_has_no_author(client):
    round_ = make_round(slug="uk-2026")
    idea = make_idea(round_, None, source="workshop")
    body = get_json(client, f"/api/v1/ideas/{idea.id}")
    assert body["author"] is None and body["source"] == "workshop"


def test_hidden_withdrawn_and_merged_ideas_are_absent(client):
    round_ = make_round(slug="uk-2026")
    shown = make_idea(round_)
    others = [make_idea(round_, status=s) for s in ("hidden", "withdrawn", "merged")]

    body = get_json(client, "/api/v1/ideas?round=uk-2026")
    assert ids(body) == [shown.id] and body["total"] == 1
    assert ids(get_json(client, "/api/v1/rounds/uk-2026/ideas")) == [shown.id]
    for idea in others:
        error = get_json(client, f"/api/v1/ideas/{idea.id}", status=404)
        assert error["error"] == "Not found" and str(idea.id) in error["message"]
    client.login_as(make_user(roles=("moderator", "admin")))
    get_json(client, f"/api/v1/ideas/{others[0].id}", status=404)


def test_missing_ideas_and_ideas_of_draft_rounds_are_not_found(client):
    draft = make_round(phase="draft")
    idea = make_idea(draft)
    get_json(client, f"/api/v1/ideas/{idea.id}", status=404)
    get_json(client, "/api/v1/ideas/999999", status=404)
    get_json(client, "/api/v1/ideas/99999999999999999999", status=404)
    get_json(client, "/api/v1/ideas/abc", status=404)


def test_round_alias_and_query_parameter_agree(client):
    round_ = make_round(slug="uk-2026")
    other = make_round(slug="wales-2026")
    mine = [make_idea(round_) for _ in range(3)]
    make_idea(other)
    by_query = get_json(client, "/api/v1/ideas?round=uk-2026&sort=newest")
    by_path = get_json(client, "/api/v1/rounds/uk-2026/ideas?sort=newest")
    assert by_query == by_path
    assert sorted(ids(by_query)) == sorted(i.id for i in mine)


def test_sorts(client):
    round_ = make_round(slug="uk-2026")
    quiet, popular, talked = (make_idea(round_) for _ in range(3))
    for _ in range(2):
        make_support(make_user(), popular)
    for _ in range(3):
        make_comment(talked, make_user())
    quiet.created_at = quiet.created_at + timedelta(days=1)
    db.session.commit()
    base = "/api/v1/ideas?round=uk-2026&sort="

    assert ids(get_json(client, base + "supported"))[0] == popular.id
    assert ids(get_json(client, "/api/v1/ideas?round=uk-2026"))[0] == popular.id
    assert ids(get_json(client, base + "newest"))[0] == quiet.id
    assert ids(get_json(client, base + "discussed"))[0] == talked.id
    first = ids(get_json(client, base + "random&seed=7"))
    assert sorted(first) == sorted([quiet.id, popular.id, talked.id])
    assert ids(get_json(client, base + "random&seed=7")) == first
    assert ids(get_json(client, base + "random")) == ids(get_json(client, base + "random&seed=1"))


def test_search_and_relevance(client):
    round_ = make_round(slug="uk-2026")
    contracts = make_idea(round_, title="Publish contracts", proposal="Every contract online.")
    lobbying = make_idea(round_, title="Lobbying register", proposal="Register lobbyists.")
    make_idea(round_, title="Something else", proposal="Nothing related.")
    base = "/api/v1/ideas?round=uk-2026&q="

    assert ids(get_json(client, base + "contract")) == [contracts.id]
    body = get_json(client, base + "lobby&sort=relevance")
    assert ids(body) == [lobbying.id] and body["total"] == 1
    assert get_json(client, base + "%22%3B+DROP+TABLE+ideas%3B+--")["total"] == 0
    assert get_json(client, "/api/v1/ideas?round=uk-2026&sort=relevance")["total"] == 3


def test_filters(client):
    round_ = make_round(slug="uk-2026")
    data_theme = round_.themes[0]
    themed = make_idea(round_, themes=[data_theme], scope="scotland")
    workshop = make_idea(round_, source="workshop", scope="scotland")
    make_idea(round_)
    base = "/api/v1/ideas?round=uk-2026"

    assert ids(get_json(client, f"{base}&theme={data_theme.id}")) == [themed.id]
    assert sorted(ids(get_json(client, f"{base}&scope=scotland"))) == sorted(
        [themed.id, workshop.id])
    assert ids(get_json(client, f"{base}&source=workshop")) == [workshop.id]
    assert get_json(client, f"{base}&scope=scotland&source=online&theme={data_theme.id}")[
        "total"] == 1


def test_paging(client):
    round_ = make_round(slug="uk-2026")
    made = [make_idea(round_) for _ in range(5)]
    newest_first = [i.id for i in sorted(made, key=lambda i: (i.created_at, i.id), reverse=True)]
    base = "/api/v1/ideas?round=uk-2026&sort=newest&per_page=2"

    assert ids(get_json(client, base)) == newest_first[:2]
    body = get_json(client, base + "&page=3")
    assert ids(body) == newest_first[4:] and (body["page"], body["per_page"], body["total"]) == (
        3, 2, 5)
    body = get_json(client, base + "&page=4")
    assert body["items"] == [] and body["total"] == 5
    assert get_json(client, "/api/v1/ideas?round=uk-2026")["per_page"] == 20


def test_bad_parameters_get_a_400_naming_them(client):
    round_ = make_round(slug="uk-2026")
    other_round = make_round(slug="other")
    make_round(slug="secret-draft", phase="draft")
    base = "/api/v1/ideas?round=uk-2026&"
    cases = {
        "/api/v1/ideas": "round",
        "/api/v1/ideas?round=": "round",
        "/api/v1/ideas?round=nope": "round",
        "/api/v1/ideas?round=secret-draft": "round",
        "/api/v1/ideas?round=%00": "round",
        base + "sort=popular": "sort",
        base + "theme=abc": "theme",
        base + f"theme={other_round.themes[0].id}": "theme",
        base + "theme=99999999999": "theme",
        base + "scope=mars": "scope",
        base + "source=carrier-pigeon": "source",
        base + "seed=-3": "seed",
        base + "seed=lots": "seed",
        base + "page=two": "page",
        base + "per_page=1000": "per_page",
        base + "q=" + "x" * 201: "q",
        "/api/v1/rounds/uk-2026/ideas?sort=best": "sort",
    }
    for url, parameter in cases.items():
        body = get_json(client, url, status=400)
        assert body["parameter"] == parameter, url
        assert body["status"] == 400 and parameter in body["message"], url
    assert round_.id


def test_only_get_is_allowed(client):
    round_ = make_round(slug="uk-2026")
    idea = make_idea(round_)
    for url in ("/api/v1/rounds", f"/api/v1/ideas/{idea.id}", "/api/v1/ideas?round=uk-2026"):
        response = client.post(url)
        assert response.status_code == 405 and response.mimetype == "application/json"
        assert response.get_json()["status"] == 405


def test_odd_values_never_cause_a_server_error(client):
    round_ = make_round(slug="uk-2026")
    make_idea(round_, themes=[round_.themes[0]])
    odd_values = ["", " ", "%00", "-1", "0", "1e3", "%EF%BC%99", "x" * 500, "%FF", "[]",
                  "1;DROP TABLE ideas", "%22*%22", "NaN", "18446744073709551617"]
    parameters = ["round", "q", "sort", "theme", "scope", "source", "seed", "page", "per_page"]
    for parameter in parameters:
        for value in odd_values:
            for base in ("/api/v1/ideas?round=uk-2026&", "/api/v1/rounds/uk-2026/ideas?"):
                response = client.get(f"{base}{parameter}={value}")
                assert response.status_code in (200, 400), (base, parameter, value)
                assert response.mimetype == "application/json"
