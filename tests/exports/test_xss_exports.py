"""Script typed into any field comes out of the manifesto print page, the open
data page and the JSON files as text, never as markup."""

from __future__ import annotations

import io
import json

import pytest
from docx import Document

from manifesto.extensions import db
from manifesto.panel import shortlist
from tests.test_xss import FIELDS, assert_no_markup_from_users, payload, shown
from tests.test_xss import xss  # noqa: F401  (the fixture)


@pytest.fixture
def published_xss(xss):  # noqa: F811
    xss.round.phase = "assessment"
    db.session.commit()
    shortlist.decide(xss.admin, xss.commitment, True, payload(50))
    shortlist.publish(xss.admin, xss.round)
    return xss


PRINT_PAGE_SHOWS = ("round title", "round introduction", "theme name", "theme description",
                    "commitment title", "commit to", "current situation", "we call for",
                    "lead body", "idea title", "criterion name", "criterion guidance",
                    "workshop title", "organising group")


def test_the_print_page_escapes_every_field(client, published_xss):
    response = client.get("/rounds/xss-round/manifesto/print")
    assert response.status_code == 200
    page = assert_no_markup_from_users(response, "manifesto print page")
    for field in PRINT_PAGE_SHOWS:
        assert shown(FIELDS[field]) in page, f"the print page does not show the {field} (escaped)"
    assert 'href="javascript' not in page.lower()


def test_the_open_data_page_escapes_the_round(client, published_xss):
    page = assert_no_markup_from_users(client.get("/rounds/xss-round/data"), "open data page")
    assert shown(FIELDS["round title"]) in page


def test_json_files_keep_the_text_exactly_and_never_as_markup(client, published_xss):
    for url in ("/rounds/xss-round/manifesto.json", "/rounds/xss-round/data/ideas.json"):
        body = client.get(url).get_data(as_text=True)
        assert "<script" not in body and "<img" not in body, url
    manifesto = json.loads(client.get("/rounds/xss-round/manifesto.json").data)
    entry, = manifesto["commitments"]
    assert entry["commit_to"] == payload(FIELDS["commit to"], True)
    ideas = json.loads(client.get("/rounds/xss-round/data/ideas.json").data)["ideas"]
    assert payload(FIELDS["idea title"]) in [idea["title"] for idea in ideas]


def test_the_docx_holds_the_text_as_plain_text(client, published_xss):
    document = Document(io.BytesIO(client.get("/rounds/xss-round/manifesto.docx").data))
    texts = [p.text for p in document.paragraphs]
    assert f"1. {published_xss.commitment.title}" in texts
    assert published_xss.commitment.title.startswith("<script>alert(42)</script>")
