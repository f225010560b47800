"""Parties, their responses and delivery progress in the API: fields,
filters, paging, 404 before publication, the stances on each commitment, and
no personal data (never who recorded a response or an update)."""

from __future__ import annotations

from datetime import date

from manifesto.parties.progress import add_progress
from tests.api.conftest import get_json
from tests.api.published_world import make_published
from tests.api.test_openapi import PREFIX, _response_schema, document, validator  # noqa: F401
from tests.factories import make_round, make_user
from tests.parties.factory import make_party, make_response
from tests.querycount import counting_statements


def _world():
    world = make_published(with_parties=True)
    labour = make_party("Labour Party", "Labour", colour="#d50000", nations=("england", "wales"),
                        website="https://labour.example")
    make_response(labour, world.first, stance="partly", quote="In part.", stated_on=None)
    make_response(labour, world.second, stance="declined", quote="No.")
    return world, labour


def test_parties_are_listed_with_their_public_fields(client):
    _, labour = _world()
    body = get_json(client, PREFIX + "/parties")
    assert body["total"] == 2 and [p["short_name"] for p in body["items"]] == ["Green", "Labour"]
    assert body["items"][1] == {"id": labour.id, "name": "Labour Party", "short_name": "Labour",
                                "colour": "#d50000", "nations": ["england", "wales"],
                                "website": "https://labour.example"}


def test_responses_carry_party_commitment_stance_and_page(client):
    world, labour = _world()
    body = get_json(client, PREFIX + "/rounds/uk-2026/responses")
    assert body["total"] == 3
    assert [(r["commitment"]["number"], r["party"]["short_name"]) for r in body["items"]] == [
        (1, "Green"), (1, "Labour"), (2, "Labour")]
    green = body["items"][0]
    assert green == {
        "id": world.response.id,
        "party": {"id": world.party.id, "short_name": "Green", "name": "Green Party"},
        "commitment": {"id": world.first.id, "number": 1, "title": "Open up public contracts"},
        "stance": "committed", "stance_label": "Committed", "quote": "=SUM(A1) we agree",
        "evidence_url": "https://example.org/manifesto#p12", "stated_on": "2026-05-01",
        "url": f"http://localhost/responses/{world.response.id}",
    }
    assert body["items"][1]["stated_on"] is None
    assert client.get(green["url"].removeprefix("http://localhost")).status_code == 200


def test_responses_filter_by_party_and_commitment(client):
    world, labour = _world()
    by_party = get_json(client, PREFIX + f"/rounds/uk-2026/responses?party={labour.id}")
    assert [r["commitment"]["number"] for r in by_party["items"]] == [1, 2]
    by_number = get_json(client, PREFIX + "/rounds/uk-2026/responses?commitment=2")
    assert [r["stance"] for r in by_number["items"]] == ["declined"]
    both = get_json(client, PREFIX + f"/rounds/uk-2026/responses?party={world.party.id}"
                                     "&commitment=2")
    assert both["items"] == [] and both["total"] == 0
    paged = get_json(client, PREFIX + "/rounds/uk-2026/responses?per_page=2&page=2")
    assert (paged["page"], paged["per_page"], paged["total"]) == (2, 2, 3)
    assert [r["party"]["short_name"] for r in paged["items"]] == ["Labour"]
    bad = get_json(client, PREFIX + "/rounds/uk-2026/responses?party=x", status=400)
    assert bad["parameter"] == "party"
    assert get_json(client, PREFIX + "/rounds/uk-2026/progress?commitment=0",
                    status=400)["parameter"] == "commitment"


def test_progress_lists_updates_oldest_first(client):
    world, _ = _world()
    admin = make_user(roles=("admin",))
    add_progress(admin, world.first, status="delivered", note="Done.",
                 happened_on=date(2026, 7, 1))
    add_progress(admin, world.second, status="not_started", source_url="https://example.org/x",
                 happened_on=date(2026, 5, 1))
    body = get_json(client, PREFIX + "/rounds/uk-2026/progress")
    assert [(u["commitment"]["number"], u["status"]) for u in body["items"]] == [
        (1, "in_progress"), (1, "delivered"), (2, "not_started")]
    assert body["items"][0] == {
        "id": world.progress.id,
        "commitment": {"id": world.first.id, "number": 1, "title": "Open up public contracts"},
        "status": "in_progress", "status_label": "In progress", "note": "Consultation opened.",
        "source_url": "https://example.org/consultation", "happened_on": "2026-06-01",
    }
    only = get_json(client, PREFIX + "/rounds/uk-2026/progress?commitment=2&per_page=1")
    assert only["total"] == 1 and only["items"][0]["note"] == ""


def test_not_found_before_publication_or_for_unknown_rounds(client):
    world, _ = _world()
    make_round(slug="open-one")  # open, no manifesto yet
    draft_slug = world.draft.round.slug
    for slug in ("open-one", draft_slug, "nope"):
        for what in ("responses", "progress"):
            get_json(client, PREFIX + f"/rounds/{slug}/{what}", status=404)


def test_commitments_carry_stances_and_latest_status_in_fixed_queries(client):
    world, labour = _world()
    detail = get_json(client, PREFIX + f"/commitments/{world.first.id}")
    assert detail["responses"] == [
        {"party_id": world.party.id, "party": "Green", "stance": "committed"},
        {"party_id": labour.id, "party": "Labour", "stance": "partly"}]
    assert detail["progress_status"] == "in_progress"
    listed = get_json(client, PREFIX + "/rounds/uk-2026/commitments")["items"]
    assert [c["progress_status"] for c in listed] == ["in_progress", None, None]
    assert [len(c["responses"]) for c in listed] == [2, 1, 0]
    shortlist = get_json(client, PREFIX + "/rounds/uk-2026/shortlist")
    assert shortlist["themes"][0]["commitments"][0]["responses"] == detail["responses"]
    with counting_statements() as few:
        client.get(PREFIX + "/rounds/uk-2026/commitments")
    more = make_published(slug="bigger", extra=6)
    for commitment in (more.first, more.second, more.third):
        make_response(labour, commitment)
    with counting_statements() as many:
        client.get(PREFIX + "/rounds/bigger/commitments")
    assert len(many) == len(few)


def test_no_personal_data_and_responses_match_the_document(client, document):
    world, labour = _world()
    recorder = make_user(display_name="Rita Recorder", email="rita@example.org",
                         roles=("admin",))
    make_response(make_party(), world.third, actor=recorder)
    add_progress(recorder, world.third, status="delivered", note="Done.",
                 happened_on=date(2026, 7, 1))
    calls = [("/parties", "/parties"), ("/rounds/uk-2026/responses", "/rounds/{slug}/responses"),
             ("/rounds/uk-2026/progress", "/rounds/{slug}/progress"),
             (f"/commitments/{world.third.id}", "/commitments/{commitment_id}")]
    for url, path in calls:
        response = client.get(PREFIX + url)
        text = response.get_data(as_text=True)
        assert "Rita" not in text and "rita@example.org" not in text and "Ada Admin" not in text
        validator(document, _response_schema(document, path, 200)).validate(response.get_json())
    error = get_json(client, PREFIX + "/rounds/nope/responses", status=404)
    validator(document, _response_schema(document, "/rounds/{slug}/responses", 404)).validate(
        error)
