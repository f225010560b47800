"""The published manifesto as DOCX, print page, JSON and CSV: each read back
and compared with the database, public once published and 404 before."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from docx import Document
from sqlalchemy import func, select

from manifesto.audit import AuditEvent
from manifesto.extensions import db
from tests.exports.published import Published
from tests.factories import make_commitment, make_round, make_user
from tests.querycount import counting_statements

FILES = ("manifesto.docx", "manifesto.json", "manifesto.csv", "manifesto/print")


def _url(published: Published, name: str) -> str:
    return f"/rounds/{published.round.slug}/{name}"


def _docx(response) -> Document:
    assert response.status_code == 200
    return Document(io.BytesIO(response.data))


def _page_text(response) -> str:
    html = response.get_data(as_text=True)
    main = html[html.index("<main"):html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


# --- DOCX ----------------------------------------------------------------------------

def test_the_docx_is_an_attachment_with_a_navigable_outline(client, published):
    response = client.get(_url(published, "manifesto.docx"))
    assert response.mimetype.endswith("wordprocessingml.document")
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="{published.round.slug}-manifesto.docx"')
    document = _docx(response)
    outline = [(p.style.name, p.text) for p in document.paragraphs
               if p.style.name == "Title" or p.style.name.startswith("Heading")]
    assert outline == [
        ("Title", published.round.title),
        ("Heading 1", "Introduction"),
        ("Heading 1", "Contents"),
        ("Heading 1", "Open data"),
        ("Heading 2", "1. Open up public contracts"),
        ("Heading 1", "Anti-corruption"),
        ("Heading 2", "2. A statutory lobbying register"),
        ("Heading 1", "Appendix: how this manifesto was made"),
        ("Heading 2", "Method"),
        ("Heading 2", "Criteria and weights"),
        ("Heading 2", "Workshops"),
        ("Heading 2", "Licence"),
    ]
    assert document.core_properties.title == published.round.title


def test_each_commitment_carries_its_text_bullets_evidence_and_sources(client, published):
    document = _docx(client.get(_url(published, "manifesto.docx")))
    paragraphs = document.paragraphs
    headings = [(i, p.text) for i, p in enumerate(paragraphs) if p.style.name.startswith("Heading")]
    start = next(i for i, text in headings if text == "1. Open up public contracts")
    end = next(i for i, text in headings if text == "Anti-corruption")
    part = paragraphs[start:end]
    texts = [p.text for p in part]
    first = published.first
    assert f"Commit to {first.commit_to}" in texts
    assert "Current situation" in texts and first.current_situation in texts
    bullets = [p.text for p in part if p.style.name == "List Bullet"]
    assert bullets[:3] == first.call_for_items == ["Publish contracts", "=cmd|' /C calc'!A0",
                                                   "Publish data"]
    assert "Lead body: Cabinet Office" in texts
    # 3 people supported the source ideas (one of them two ideas: counted once),
    # 13 dots at Cardiff (Wales) and Leeds (England), 2 visible comments.
    assert ("Evidence of support: 3 online supporters; 13 dots at 2 workshops in England, "
            "Wales; 2 comments.") in texts
    contracts, budgets, workshop_idea = first.ideas
    assert bullets[3:] == [f"{contracts.reference}: {contracts.title}",
                           f"{budgets.reference}: {budgets.title}",
                           f"{workshop_idea.reference}: {workshop_idea.title}"]
    links = [link.url for p in part for link in p.hyperlinks]
    assert f"http://localhost/ideas/{contracts.id}" in links
    # Evidence by nation: online supporters by the nation they gave, dots by workshop.
    table = document.tables[0]
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["Nation", "Online supporters", "Workshop dots"],
        ["England", "1", "4"], ["Wales", "1", "9"], ["Not stated", "1", "0"]]


def test_the_docx_contents_and_appendix(client, published):
    document = _docx(client.get(_url(published, "manifesto.docx")))
    texts = [p.text for p in document.paragraphs]
    contents = texts.index("Contents")
    assert texts[contents + 1:contents + 6] == [
        "Open data", "1. Open up public contracts", "Anti-corruption",
        "2. A statutory lobbying register", "Appendix: how this manifesto was made"]
    assert "Dropped commitment" not in " ".join(texts)  # not shortlisted
    criteria = [[c.text for c in row.cells] for row in document.tables[-2].rows]
    assert criteria[0] == ["Criterion", "Weight", "Scale", "Guidance"]
    assert criteria[1][:3] == ["Potential impact and ambition", "3", "1–5"]
    workshops = [[c.text for c in row.cells] for row in document.tables[-1].rows]
    assert workshops[1][:4] == ["14 March 2027", "Cardiff meeting", "Cardiff, Wales", "40"]
    assert workshops[2][:4] == ["2 April 2027", "Leeds meeting", "Leeds, England", "25"]
    assert any("Higher overall score first" in t for t in texts)
    assert any(p.text.startswith("This manifesto and its data are published under the Open "
                                 "Government Licence v3.0") for p in document.paragraphs)


# --- JSON and CSV ----------------------------------------------------------------------

def test_the_json_holds_every_commitment_as_in_the_database(client, published):
    response = client.get(_url(published, "manifesto.json"))
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert data["metadata"]["licence"]["name"] == "Open Government Licence v3.0"
    first, second = data["commitments"]
    for row, commitment in ((first, published.first), (second, published.second)):
        assert row["number"] == commitment.number
        assert row["reference"] == commitment.reference
        assert row["title"] == commitment.title
        assert row["commit_to"] == commitment.commit_to
        assert row["current_situation"] == commitment.current_situation
        assert row["we_call_for"] == commitment.call_for_items
        assert row["lead_body"] == commitment.lead_body
        assert [i["reference"] for i in row["source_ideas"]] == [
            i.reference for i in commitment.ideas]
    assert first["evidence"] == {
        "online_supporters": 3, "workshop_dots": 13, "combined_support": 16, "workshops": 2,
        "workshop_nations": ["England", "Wales"], "comments": 2,
        "by_nation": [{"nation": "England", "supporters": 1, "dots": 4},
                      {"nation": "Wales", "supporters": 1, "dots": 9},
                      {"nation": "Not stated", "supporters": 1, "dots": 0}]}
    assert [t["name"] for t in data["themes"]] == ["Open data", "Anti-corruption"]
    assert [w["town"] for w in data["appendix"]["workshops"]] == ["Cardiff", "Leeds"]
    assert len(data["appendix"]["criteria"]) == 4


def test_the_csv_has_one_row_per_commitment(client, published):
    response = client.get(_url(published, "manifesto.csv"))
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True), newline="")))
    assert [row["number"] for row in rows] == ["1", "2"]
    first = rows[0]
    assert first["title"] == published.first.title
    assert first["theme"] == "Open data"
    assert first["we_call_for"] == "Publish contracts\n=cmd|' /C calc'!A0\nPublish data"
    assert (first["online_supporters"], first["workshop_dots"], first["workshops"]) == ("3", "13", "2")
    assert (first["workshop_dots_wales"], first["workshop_dots_england"]) == ("9", "4")
    assert first["online_supporters_wales"] == "1"
    assert first["source_ideas"] == "; ".join(i.reference for i in published.first.ideas)
    assert rows[1]["current_situation"] == "The register is partial.\n\nMost lobbying is unseen."


# --- the print page ---------------------------------------------------------------------

def test_the_print_page_lays_out_the_manifesto(client, published):
    response = client.get(_url(published, "manifesto/print"))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'href="/static/css/print-manifesto.css"' in html
    text = _page_text(response)
    for expected in ("Contents", "1. Open up public contracts", "Commit to "
                     + published.first.commit_to, "We call for:", "Publish contracts",
                     "Evidence of support", "3 online supporters; 13 dots at 2 workshops",
                     "The ideas it came from", "Appendix: how this manifesto was made",
                     "Criteria and weights", "Cardiff meeting", "Open Government Licence v3.0"):
        assert expected in text, expected
    assert html.index("Open up public contracts") < html.index("A statutory lobbying register")
    assert 'id="commitment-1"' in html and 'href="#commitment-2"' in html
    assert "Dropped commitment" not in text


def test_the_print_css_is_laid_out_for_a4(app):
    css = (app.static_folder + "/css/print-manifesto.css")
    with open(css, encoding="utf-8") as handle:
        text = handle.read()
    assert "size: A4" in text and "@media print" in text


# --- who may download, and the cost --------------------------------------------------

@pytest.mark.parametrize("phase", ["draft", "open", "assessment"])
@pytest.mark.parametrize("name", FILES)
def test_nothing_before_publication_not_even_for_administrators(client, phase, name):
    round_ = make_round(phase=phase)
    make_commitment(round_)
    admin = make_user(roles=("admin",))
    for who in (None, admin):
        if who:
            client.login_as(who)
        response = client.get(f"/rounds/{round_.slug}/{name}")
        assert response.status_code == 404, (phase, name, who)


def test_unknown_round_is_404(client):
    for name in FILES:
        assert client.get(f"/rounds/no-such-round/{name}").status_code == 404


@pytest.mark.parametrize("name", FILES)
def test_public_downloads_are_open_to_visitors_and_not_audited(client, published, name):
    before = db.session.scalar(select(func.count()).select_from(AuditEvent))
    response = client.get(_url(published, name))
    assert response.status_code == 200
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == before
    if name != "manifesto/print":
        assert response.headers["Link"] == (
            f'<{published.round.licence_url}>; rel="license"')


def test_tracking_rounds_still_serve_the_manifesto(client, published):
    published.round.phase = "tracking"
    db.session.commit()
    assert client.get(_url(published, "manifesto.docx")).status_code == 200


def test_the_assembly_takes_a_fixed_number_of_queries(client, published):
    """Evidence, sources and nations are batched: more commitments, same queries."""
    url = _url(published, "manifesto.json")
    with counting_statements() as few:
        client.get(url)
    extra = make_commitment(published.round, title="Late correction")
    extra.number, extra.shortlisted, extra.decision_reason = 3, True, "Added"
    db.session.commit()
    with counting_statements() as more:
        data = json.loads(client.get(url).data)
    assert len(data["commitments"]) == 3
    assert len(more) == len(few)


def test_a_source_idea_hidden_later_leaves_the_documents(client, published):
    from manifesto.moderation.services import hide_idea

    lobbying, = published.second.ideas
    hide_idea(make_user(roles=("moderator",)), lobbying, "spam")
    data = json.loads(client.get(_url(published, "manifesto.json")).data)
    second = data["commitments"][1]
    assert second["source_ideas"] == []
    assert (second["evidence"]["online_supporters"], second["evidence"]["workshop_dots"],
            second["evidence"]["by_nation"]) == (0, 0, [])
    assert lobbying.title not in client.get(_url(published, "manifesto/print")).get_data(
        as_text=True)


@pytest.mark.parametrize("typed, rest", [
    ("Publish every contract.", "Publish every contract."),
    ("Commit to publishing every contract.", "publishing every contract."),
    ("commit to: publishing", "publishing"),
    ("Committee reports in full", "Committee reports in full"),
])
def test_commit_to_is_printed_once_whether_or_not_it_was_typed(client, published, typed, rest):
    published.first.commit_to = typed
    db.session.commit()
    document = _docx(client.get(_url(published, "manifesto.docx")))
    assert f"Commit to {rest}" in [p.text for p in document.paragraphs]
    assert f"Commit to {rest}" in _page_text(client.get(_url(published, "manifesto/print")))
    assert json.loads(client.get(_url(published, "manifesto.json")).data)[
        "commitments"][0]["commit_to"] == typed


def test_no_table_by_nation_when_nobody_gave_one_and_no_workshops_were_held(client):
    from manifesto.panel import shortlist
    from tests.exports.published import publish_round
    from tests.factories import make_idea, make_support

    round_, admin = make_round(), make_user(roles=("admin",))
    idea = make_idea(round_)
    make_support(make_user(), idea)  # no region given
    commitment = make_commitment(round_, [idea])
    round_.phase = "assessment"
    db.session.commit()
    shortlist.decide(admin, commitment, True, "Yes.")
    publish_round(round_, admin)
    document = _docx(client.get(f"/rounds/{round_.slug}/manifesto.docx"))
    assert [t.rows[0].cells[0].text for t in document.tables] == []  # no criteria either
    texts = [p.text for p in document.paragraphs]
    assert "Evidence of support: 1 online supporter; 0 comments." in texts
    assert "1 commitment under 1 theme, from 1 idea." in texts
    assert "1 idea was published in this round: 1 online and 0 from workshops." in texts
    page = _page_text(client.get(f"/rounds/{round_.slug}/manifesto/print"))
    assert "Online supporters" not in page and "0 workshops" not in page
