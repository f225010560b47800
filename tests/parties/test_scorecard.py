"""The public scorecard, response pages, the chart, and the plain data for
the API and open data."""

from __future__ import annotations

import re
from datetime import date
from xml.etree import ElementTree

import pytest

from manifesto.parties import progress
from manifesto.parties.queries import progress_for_round, responses_for_round
from tests.factories import make_round, make_user
from tests.parties.factory import make_party, make_published_round, make_response
from tests.parties.helpers import page

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def scene():
    """Four commitments over two themes; Labour (UK-wide) and Plaid (Wales only)."""
    admin = make_user(roles=("admin",))
    round_, cs = make_published_round(4, admin=admin, themes=("Open data", "Lobbying"))
    labour = make_party("Labour Party", "Labour", colour="#e4003b")
    plaid = make_party("Plaid Cymru", "Plaid", colour="#005b54", nations=["wales"])
    green = make_party("Green Party", "Green", colour="#02a95b", nations=["england", "wales"])
    for commitment, stance in zip(cs, ("committed", "committed", "partly", "declined")):
        make_response(labour, commitment, stance=stance, actor=admin)
    make_response(plaid, cs[0], stance="partly", actor=admin)
    make_response(green, cs[1], stance="no_response", quote="", evidence_url="", actor=admin)
    return {"admin": admin, "round": round_, "commitments": cs, "labour": labour,
            "plaid": plaid, "green": green}


def test_the_scorecard_counts_each_partys_stances(client, scene):
    response = client.get(f"/rounds/{scene['round'].slug}/scorecard")
    assert response.status_code == 200
    text = page(response)
    assert "Labour Party 2 of 4 committed, 1 partly, 1 declined, 0 no response yet 2 1 1 0" in text
    assert "Plaid Cymru 0 of 4 committed, 1 partly, 0 declined, 3 no response yet 0 1 0 3" in text
    assert "Green Party 0 of 4 committed, 0 partly, 0 declined, 4 no response yet 0 0 0 4" in text
    # Most committed first.
    assert text.index("Labour Party 2 of 4") < text.index("Plaid Cymru 0 of 4")


def test_every_cell_says_the_stance_in_words_and_links_to_its_evidence(client, scene):
    html = client.get(f"/rounds/{scene['round'].slug}/scorecard").get_data(as_text=True)
    assert html.count('<th scope="col">') >= 4 and html.count('<th scope="row">') >= 4
    labour_first = scene["labour"]
    first = scene["commitments"][0]
    from manifesto.parties.responses import response_for

    link = f'/responses/{response_for(labour_first.id, first.id).id}'
    assert html.count(f'href="{link}"') == 2  # in the table and in the phone list
    assert "scorecard-narrow" in html and "scorecard-wide" in html
    cell = re.search(rf'href="{link}">(.*?)</a>', html, re.S).group(1)
    assert "Committed" in cell and "see the evidence" in cell


def test_the_response_page_shows_the_quote_date_and_link(client, scene):
    from manifesto.parties.responses import response_for

    found = response_for(scene["labour"].id, scene["commitments"][0].id)
    response = client.get(f"/responses/{found.id}")
    text = page(response)
    assert response.status_code == 200
    assert "Labour Party’s response" in text and "Committed" in text
    assert "We will do it." in text and "1 May 2026" in text
    assert 'href="https://example.org/manifesto#p12"' in response.get_data(as_text=True)


def test_filtering_by_theme_counts_only_its_commitments(client, scene):
    lobbying = next(t for t in scene["round"].themes if t.name == "Lobbying")
    text = page(client.get(f"/rounds/{scene['round'].slug}/scorecard?theme={lobbying.id}"))
    # Numbers run theme by theme: 3 and 4 are under Lobbying (Labour: partly, declined).
    assert "Labour Party 0 of 2 committed, 1 partly, 1 declined, 0 no response yet 0 1 1 0" in text
    assert "Commitment title" in text and text.count("Commitment title") == 4  # 2 × (table, list)
    assert "under Lobbying" in text


def test_filtering_by_nation_shows_the_parties_standing_there(client, scene):
    slug = scene["round"].slug
    scotland = page(client.get(f"/rounds/{slug}/scorecard?nation=scotland"))
    assert "Labour Party" in scotland and "Plaid Cymru" not in scotland
    assert "Green Party" not in scotland
    wales = page(client.get(f"/rounds/{slug}/scorecard?nation=wales"))
    assert all(name in wales for name in ("Labour Party", "Plaid Cymru", "Green Party"))
    nowhere = client.get(f"/rounds/{slug}/scorecard?nation=atlantis&theme=99999999999")
    assert nowhere.status_code == 200  # unknown filters are ignored


def test_the_chart_is_an_accessible_svg_with_the_numbers(client, scene):
    html = client.get(f"/rounds/{scene['round'].slug}/scorecard").get_data(as_text=True)
    markup = re.search(r"<svg xmlns=.*?</svg>", html, re.S).group(0)
    svg = ElementTree.fromstring(markup)
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "party-chart-title party-chart-desc"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title.text == "Commitments each party has made, out of 4"
    assert "Labour Party: 2 of 4 committed, 1 partly" in desc.text
    fills = {rect.get("fill") for rect in svg.iter(f"{SVG}rect")}
    assert "#e4003b" in fills  # the party's own colour
    labels = [text.text for text in svg.iter(f"{SVG}text")]
    assert labels[:2] == ["Labour", "2 committed, 1 partly"]  # most committed first


def test_the_scorecard_waits_for_publication_and_drafts_are_hidden(client):
    open_round = make_round()
    response = client.get(f"/rounds/{open_round.slug}/scorecard")
    assert response.status_code == 404 and "not published yet" in page(response)
    draft = make_round(phase="draft")
    assert client.get(f"/rounds/{draft.slug}/scorecard").status_code == 404


def test_a_commitment_page_lists_every_partys_response(client, scene):
    first = scene["commitments"][0]
    text = page(client.get(f"/commitments/{first.id}/responses"))
    assert "Labour Party: ✓ Committed" in text
    assert "Plaid Cymru: ◐ Partly committed" in text
    assert "Green Party: – No response yet Nothing recorded yet." in text


def test_plain_data_for_the_api_and_open_data(scene):
    items = responses_for_round(scene["round"])
    assert len(items) == 6
    first = items[0]
    assert first["commitment_number"] == 1
    assert set(first) == {"id", "commitment_id", "commitment_number", "commitment_title",
                          "party", "stance", "stance_label", "quote", "evidence_url",
                          "stated_on", "recorded_at", "updated_at"}
    assert first["party"]["name"] in {"Labour Party", "Plaid Cymru"}
    assert "recorded_by" not in str(first)  # no personal data
    progress.add_progress(scene["admin"], scene["commitments"][1], status="delivered",
                          note="Done.", happened_on=date(2026, 2, 1))
    [update] = progress_for_round(scene["round"])
    assert (update["commitment_number"], update["status"], update["happened_on"]) == (
        2, "delivered", "2026-02-01")
    assert responses_for_round(make_round()) == [] and progress_for_round(make_round()) == []


def test_the_pieces_other_pages_include(app, scene):
    """The commitment page's timeline and the manifesto page's overall progress."""
    first = scene["commitments"][0]
    progress.add_progress(scene["admin"], first, status="delivered", note="It is law.",
                          happened_on=date(2026, 2, 1))
    with app.test_request_context("/"):
        timeline = app.jinja_env.from_string(
            '{% with updates = commitment_timeline(commitment) %}'
            '{% include "parties/_timeline.html" %}{% endwith %}').render(commitment=first)
        summary = app.jinja_env.from_string(
            '{% from "parties/_macros.html" import progress_summary %}'
            '{{ progress_summary(manifesto_progress(round)) }}').render(round=scene["round"])
    assert "Now:" in timeline and "It is law." in timeline
    flat = " ".join(re.sub(r"<[^>]+>", " ", summary).split())
    assert "Delivery of the 4 commitments" in flat
    assert "Delivered 1" in flat and "No progress recorded yet 3" in flat
