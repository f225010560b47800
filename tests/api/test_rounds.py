"""Rounds and themes through the API, checked against the database."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from flask import url_for

from manifesto.extensions import db
from tests.api.conftest import get_json
from tests.factories import make_comment, make_idea, make_round, make_support, make_user


def test_rounds_list_shows_public_rounds_newest_first_with_counts(client):
    older = make_round(slug="uk-2025", phase="published", opens_in=timedelta(days=-400),
                       closes_in=timedelta(days=-200))
    newer = make_round(slug="uk-2026")
    make_round(slug="secret-draft", phase="draft")
    person = make_user()
    idea = make_idea(newer, person)
    make_idea(newer, status="hidden")
    make_support(make_user(), idea)
    make_comment(idea, person)

    body = get_json(client, "/api/v1/rounds")

    assert [r["slug"] for r in body["items"]] == ["uk-2026", "uk-2025"]
    assert (body["page"], body["per_page"], body["total"]) == (1, 20, 2)
    first = body["items"][0]
    assert first["id"] == newer.id
    assert first["title"] == newer.title
    assert first["introduction"] == newer.introduction
    assert first["phase"] == "open"
    assert first["counts"] == {"ideas": 1, "supports": 1, "comments": 1}
    assert body["items"][1]["counts"] == {"ideas": 0, "supports": 0, "comments": 0}
    assert body["items"][1]["phase"] == "published"
    with client.application.test_request_context():
        assert first["url"] == url_for("rounds.show", slug="uk-2026", _external=True)
    assert "themes" not in first


def test_round_dates_are_utc_with_z(client):
    round_ = make_round(slug="dated")
    round_.opens_at = datetime(2026, 6, 1, 8, 30, 15, 123456, tzinfo=timezone.utc)
    round_.closes_at = datetime(2026, 9, 30, 23, 0, tzinfo=timezone.utc)
    db.session.commit()

    body = get_json(client, "/api/v1/rounds/dated")

    assert body["opens_at"] == "2026-06-01T08:30:15Z"
    assert body["closes_at"] == "2026-09-30T23:00:00Z"


def test_round_detail_carries_its_themes_in_order(client):
    round_ = make_round(slug="uk-2026", themes=("Open data", "Lobbying"))
    open_data, lobbying = round_.themes
    open_data.description = "Data the state holds."
    open_data.position = 5
    db.session.commit()

    body = get_json(client, "/api/v1/rounds/uk-2026")

    assert body["slug"] == "uk-2026"
    assert body["counts"]["ideas"] == 0
    assert body["themes"] == [
        {"id": lobbying.id, "name": "Lobbying", "description": "", "position": 1},
        {"id": open_data.id, "name": "Open data", "description": "Data the state holds.",
         "position": 5},
    ]


def test_round_themes_list(client):
    round_ = make_round(slug="uk-2026")
    body = get_json(client, "/api/v1/rounds/uk-2026/themes")
    assert [t["name"] for t in body["items"]] == [t.name for t in round_.themes]
    assert body["items"][0] == {"id": round_.themes[0].id, "name": "Open data",
                                "description": "", "position": 0}
    assert (body["page"], body["total"]) == (1, 3)

    body = get_json(client, "/api/v1/rounds/uk-2026/themes?per_page=2&page=2")
    assert [t["name"] for t in body["items"]] == ["Freedom of information"]
    assert (body["page"], body["per_page"], body["total"]) == (2, 2, 3)


def test_draft_and_unknown_rounds_are_not_found(client):
    make_round(slug="secret-draft", phase="draft")
    for url in ("/api/v1/rounds/secret-draft", "/api/v1/rounds/secret-draft/themes",
                "/api/v1/rounds/secret-draft/ideas", "/api/v1/rounds/nope",
                "/api/v1/rounds/%00", "/api/v1/rounds/" + "x" * 300):
        body = get_json(client, url, status=404)
        assert body["error"] == "Not found" and body["status"] == 404, url


def test_draft_round_stays_hidden_from_a_signed_in_admin(client):
    make_round(slug="secret-draft", phase="draft")
    client.login_as(make_user(roles=("admin",)))
    get_json(client, "/api/v1/rounds/secret-draft", status=404)
    assert get_json(client, "/api/v1/rounds")["total"] == 0


def test_rounds_paging(client):
    for n in range(3):
        make_round(slug=f"round-{n}", opens_in=timedelta(days=-10 - n))

    body = get_json(client, "/api/v1/rounds?per_page=2")
    assert [r["slug"] for r in body["items"]] == ["round-0", "round-1"]
    body = get_json(client, "/api/v1/rounds?per_page=2&page=2")
    assert [r["slug"] for r in body["items"]] == ["round-2"]
    body = get_json(client, "/api/v1/rounds?per_page=2&page=50")
    assert body["items"] == [] and body["total"] == 3 and body["page"] == 50


def test_rounds_paging_errors_name_the_parameter(client):
    cases = {
        "page=abc": "page", "page=0": "page", "page=-1": "page", "page=1.5": "page",
        "page=99999999999999999999999": "page", "page=%C2%B2": "page",
        "per_page=0": "per_page", "per_page=101": "per_page", "per_page=ten": "per_page",
    }
    for query, parameter in cases.items():
        body = get_json(client, "/api/v1/rounds?" + query, status=400)
        assert body["parameter"] == parameter, query
        assert body["error"] == "Invalid parameter"
        assert parameter in body["message"]


def test_per_page_maximum_follows_configuration(client, app):
    make_round()
    assert get_json(client, "/api/v1/rounds?per_page=100")["per_page"] == 100
    app.config["API_MAX_PER_PAGE"] = 5
    try:
        body = get_json(client, "/api/v1/rounds?per_page=6", status=400)
        assert "5" in body["message"]
        assert get_json(client, "/api/v1/rounds?per_page=5")["per_page"] == 5
    finally:
        app.config["API_MAX_PER_PAGE"] = 100
