"""Open data on parties' responses and delivery progress: CSV and JSON read
back and compared with the database, the licence named, formula cells
neutralised, no personal data, nothing before publication, and listed on the
open data page with their columns."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from manifesto.exports import party_data
from manifesto.parties.models import PartyResponse, ProgressUpdate
from manifesto.parties.progress import add_progress
from tests.factories import make_round, make_user
from tests.parties.factory import make_party, make_published_round, make_response


@pytest.fixture
def world():
    recorder = make_user(display_name="Rita Recorder", email="rita.recorder@example.org",
                         roles=("admin",))
    round_, commitments = make_published_round(2, admin=recorder, slug="uk-data")
    green = make_party("Green Party", "Green", actor=recorder)
    labour = make_party("Labour Party", "Labour", actor=recorder)
    make_response(labour, commitments[0], stance="partly", quote="=HYPERLINK(\"http://evil\")",
                  actor=recorder)
    make_response(green, commitments[0], quote="+We agree", stated_on=None, actor=recorder)
    make_response(green, commitments[1], stance="declined", quote="No.", actor=recorder)
    add_progress(recorder, commitments[1], status="in_progress", note="-Started",
                 happened_on=date(2026, 6, 1))
    add_progress(recorder, commitments[0], status="delivered",
                 source_url="https://example.org/law", happened_on=date(2026, 7, 1))
    return round_, commitments, recorder


def _get(client, round_, kind: str, fmt: str):
    response = client.get(f"/rounds/{round_.slug}/data/{kind}.{fmt}")
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="{round_.slug}-{kind}.{fmt}"')
    assert response.headers["X-Licence"] == round_.licence_name
    assert round_.licence_url in response.headers["Link"]
    return response


def _csv(client, round_, kind):
    text = _get(client, round_, kind, "csv").get_data(as_text=True)
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_responses_files_match_the_database(client, world):
    round_, commitments, _ = world
    stored = {r.id: r for r in PartyResponse.query.all()}
    rows = _csv(client, round_, "responses")
    assert list(rows[0]) == [name for name, _ in party_data.RESPONSE_COLUMNS]
    assert [(r["commitment_number"], r["party_short_name"]) for r in rows] == [
        ("1", "Green"), ("1", "Labour"), ("2", "Green")]
    for row in rows:
        response = stored[int(row["id"])]
        assert row["stance"] == response.stance and row["party_id"] == str(response.party_id)
        assert row["commitment_id"] == str(response.commitment_id)
        assert row["stated_on"] == (response.stated_on.isoformat() if response.stated_on else "")
        assert row["url"] == f"http://localhost/responses/{response.id}"
    body = json.loads(_get(client, round_, "responses", "json").data)
    assert body["metadata"]["licence"]["name"] == round_.licence_name
    assert set(body["metadata"]["fields"]) == {name for name, _ in party_data.RESPONSE_COLUMNS}
    items = body["responses"]
    assert [i["id"] for i in items] == [int(r["id"]) for r in rows]
    assert items[1]["quote"] == stored[items[1]["id"]].quote == "=HYPERLINK(\"http://evil\")"


def test_progress_files_match_the_database(client, world):
    round_, commitments, _ = world
    rows = _csv(client, round_, "progress")
    assert list(rows[0]) == [name for name, _ in party_data.PROGRESS_COLUMNS]
    assert [(r["commitment_number"], r["status"], r["happened_on"]) for r in rows] == [
        ("1", "delivered", "2026-07-01"), ("2", "in_progress", "2026-06-01")]
    assert rows[0]["source_url"] == "https://example.org/law" and rows[0]["note"] == ""
    assert rows[0]["status_label"] == "Delivered"
    items = json.loads(_get(client, round_, "progress", "json").data)["progress"]
    assert sorted(i["id"] for i in items) == sorted(u.id for u in ProgressUpdate.query.all())
    assert items[1]["note"] == "-Started"


def test_formula_cells_are_neutralised_in_csv(client, world):
    round_, _, _ = world
    quotes = [row["quote"] for row in _csv(client, round_, "responses")]
    assert "'=HYPERLINK(\"http://evil\")" in quotes and "'+We agree" in quotes
    assert [row["note"] for row in _csv(client, round_, "progress")][1] == "'-Started"


@pytest.mark.parametrize("kind", ["responses", "progress"])
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_no_personal_data(client, world, kind, fmt):
    round_, _, recorder = world
    text = _get(client, round_, kind, fmt).get_data(as_text=True)
    assert "Rita" not in text and "rita.recorder@example.org" not in text
    assert "recorded_by" not in text and "@example.org" not in text


@pytest.mark.parametrize("phase", ["open", "assessment"])
def test_nothing_before_publication(client, phase):
    round_ = make_round(phase=phase)
    for kind in ("responses", "progress"):
        for fmt in ("csv", "json"):
            assert client.get(f"/rounds/{round_.slug}/data/{kind}.{fmt}").status_code == 404
    assert client.get("/rounds/no-such-round/data/responses.csv").status_code == 404
    page = client.get(f"/rounds/{round_.slug}/data").get_data(as_text=True)
    assert "responses.csv" not in page and "party_short_name" not in page


def test_open_data_page_lists_the_files_and_their_columns(client, world):
    round_, _, _ = world
    page = client.get(f"/rounds/{round_.slug}/data").get_data(as_text=True)
    for kind in ("responses", "progress"):
        for fmt in ("csv", "json"):
            assert f"/rounds/{round_.slug}/data/{kind}.{fmt}" in page
    for name, _ in party_data.RESPONSE_COLUMNS + party_data.PROGRESS_COLUMNS:
        assert f"<code>{name}</code>" in page


def test_empty_files_still_have_their_headings(client):
    round_, _ = make_published_round(1, slug="quiet")
    text = _get(client, round_, "responses", "csv").get_data(as_text=True)
    assert text.splitlines() == [",".join(name for name, _ in party_data.RESPONSE_COLUMNS)]
    assert json.loads(_get(client, round_, "progress", "json").data)["progress"] == []
