"""Open data: every published idea of a round as CSV, JSON and XLSX, read
back and compared with the database; hidden and merged ideas and personal
data never appear; the licence is named in every file and on the page."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from manifesto.exports import open_data
from manifesto.extensions import db
from tests.factories import make_commitment, make_idea, make_round, make_user
from tests.querycount import counting_statements

FORMATS = ("csv", "json", "xlsx")


def _url(round_, fmt: str) -> str:
    return f"/rounds/{round_.slug}/data/ideas.{fmt}"


def read_rows(client, round_, fmt: str) -> list[dict]:
    """The ideas in a file, as dicts of text (as a CSV reader would see them)."""
    response = client.get(_url(round_, fmt))
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="{round_.slug}-ideas.{fmt}"')
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(response.get_data(as_text=True), newline="")))
    if fmt == "json":
        return [{key: "; ".join(value) if isinstance(value, list) else
                 ("" if value is None else str(value)) for key, value in row.items()}
                for row in json.loads(response.data)["ideas"]]
    sheet = load_workbook(io.BytesIO(response.data))["Ideas"]
    values = list(sheet.iter_rows(values_only=True))
    return [{name: "" if value is None else str(value) for name, value in zip(values[0], row)}
            for row in values[1:]]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_published_idea_is_in_the_file_as_in_the_database(client, published, fmt):
    rows = read_rows(client, published.round, fmt)
    assert [row["id"] for row in rows] == [str(idea.id) for idea in published.ideas]
    assert list(rows[0]) == open_data.NAMES
    for row, idea in zip(rows, published.ideas):
        expected = {
            "reference": idea.reference, "support_count": str(idea.support_count),
            "workshop_dots": str(idea.dot_count), "comment_count": str(idea.comment_count),
            "scope": idea.scope, "source": idea.source, "status": "published",
            "themes": "; ".join(theme.name for theme in idea.themes),
            "url": f"http://localhost/ideas/{idea.id}",
        }
        if fmt == "json":  # text exactly as typed (no spreadsheet protection needed)
            expected |= {"title": idea.title, "problem": idea.problem, "proposal": idea.proposal}
        assert {key: row[key] for key in expected} == expected, idea
    contracts = rows[0]
    assert (contracts["support_count"], contracts["workshop_dots"]) == ("3", "13")
    assert (contracts["commitment_reference"], contracts["commitment_number"]) == (
        published.first.reference, "1")
    unused = next(row for row in rows if row["title"] == "Not taken forward")
    assert unused["commitment_reference"] == "" and unused["commitment_number"] == ""
    workshop = next(row for row in rows if row["id"] == str(published.workshop_idea.id))
    assert (workshop["source"], workshop["workshop_title"], workshop["workshop_town"]) == (
        "workshop", "Cardiff meeting", "Cardiff")


@pytest.mark.parametrize("fmt", FORMATS)
def test_hidden_merged_and_personal_data_never_appear(client, published, fmt):
    body = client.get(_url(published.round, fmt)).data
    if fmt == "xlsx":
        workbook = load_workbook(io.BytesIO(body))
        body = "\n".join(str(value) for sheet in workbook for row in sheet.iter_rows(values_only=True)
                         for value in row).encode()
    text = body.decode("utf-8")
    assert "SECRET-HIDDEN" not in text and "SECRET-MERGED" not in text
    for person in published.people:
        assert person.email not in text
        assert person.email.split("@")[0] not in text
    assert "Alex Author" not in text  # no author names: nobody opted in to show theirs
    assert "@example.org" not in text


def test_the_licence_is_in_headers_json_metadata_and_the_xlsx_about_sheet(client):
    round_ = make_round()
    round_.data_licence = "cc-by-4.0"
    db.session.commit()
    make_idea(round_)
    licence = "Creative Commons Attribution 4.0 International (CC BY 4.0)"
    for fmt in FORMATS:
        response = client.get(_url(round_, fmt))
        assert response.headers["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
        assert response.headers["X-Licence"] == licence
    csv_text = client.get(_url(round_, "csv")).get_data(as_text=True)
    assert csv_text.startswith("id,reference,title,")  # no preamble line for parsers to trip on
    metadata = json.loads(client.get(_url(round_, "json")).data)["metadata"]
    assert metadata["licence"] == {"id": "cc-by-4.0", "name": licence,
                                   "url": "https://creativecommons.org/licenses/by/4.0/"}
    about = load_workbook(io.BytesIO(client.get(_url(round_, "xlsx")).data))["About"]
    assert ["Licence", licence] in [list(row) for row in about.iter_rows(values_only=True)]


def test_csv_and_json_are_streamed(client, published):
    for fmt in ("csv", "json"):
        response = client.get(_url(published.round, fmt))
        assert "Content-Length" not in response.headers, fmt  # sent as it is written
    assert open_data.iter_csv.__code__.co_flags & 0x20  # a generator


def test_rows_are_read_in_batches_with_a_fixed_number_of_queries(client, monkeypatch):
    round_ = make_round()
    for _ in range(7):
        make_idea(round_, themes=[round_.themes[1]])
    monkeypatch.setattr(open_data, "BATCH", 3)  # 3 + 3 + 1: every row, in order
    rows = read_rows(client, round_, "csv")
    assert [int(row["id"]) for row in rows] == sorted(int(row["id"]) for row in rows)
    assert len(rows) == 7 and all(row["themes"] == round_.themes[1].name for row in rows)
    monkeypatch.setattr(open_data, "BATCH", 100)
    url = _url(round_, "json")
    with counting_statements() as few:
        client.get(url).get_data()
    for _ in range(20):
        make_idea(round_)
    with counting_statements() as more:
        assert len(json.loads(client.get(url).data)["ideas"]) == 27
    assert len(more) == len(few)


def test_draft_commitments_are_not_named_before_publication(client):
    round_ = make_round(phase="open")
    idea = make_idea(round_)
    make_commitment(round_, [idea])
    row, = read_rows(client, round_, "csv")
    assert row["commitment_reference"] == ""


def test_draft_rounds_have_no_open_data_for_visitors(client):
    round_ = make_round(phase="draft")
    make_idea(round_)
    for url in (f"/rounds/{round_.slug}/data", _url(round_, "csv"), _url(round_, "xlsx")):
        assert client.get(url).status_code == 404
    client.login_as(make_user(roles=("admin",)))
    assert client.get(_url(round_, "csv")).status_code == 200


def test_the_open_data_page_lists_downloads_formats_and_licence(client, published):
    html = client.get(f"/rounds/{published.round.slug}/data").get_data(as_text=True)
    for fmt in FORMATS:
        assert f'href="/rounds/{published.round.slug}/data/ideas.{fmt}"' in html
    assert 'href="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"' in html
    assert "Open Government Licence v3.0" in html
    assert f'href="/rounds/{published.round.slug}/manifesto.docx"' in html
    for name, _description in open_data.COLUMNS:
        assert f"<code>{name}</code>" in html


def test_the_page_offers_no_manifesto_before_publication(client):
    round_ = make_round(phase="open")
    html = client.get(f"/rounds/{round_.slug}/data").get_data(as_text=True)
    assert "ideas.csv" in html and "manifesto.docx" not in html
