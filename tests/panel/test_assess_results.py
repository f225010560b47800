"""The results page with a hand-computed fixture, the rounding it uses, and
people's text on the panellists' pages coming back as text."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest

from manifesto.accounts import services as accounts
from manifesto.accounts.models import UserRole
from manifesto.extensions import db
from manifesto.panel import assessment
from manifesto.panel import services as panel
from manifesto.panel.aggregation import TIE_BREAK
from manifesto.panel.assessment_queries import rounded
from tests.factories import DEFAULT_PASSWORD, make_idea
from tests.panel.assess_world import make_assess_world, score, text


@pytest.fixture
def world():
    """Support: first 2, second 1, third 0 (so the computed criterion gives
    5, 3 and 1 on its 1–5 scale). Scores (impact ×3, relevance ×2,
    feasibility ×2, support ×1):

    first:  Alice 5 4 3, Bob 3 4 5 → means 4 4 4 → each (4−1)/4 = 0.75;
            overall (3+2+2)·0.75 + 1·1 = 6.25, ÷ 8 = 0.78125 → 78.13;
            impact and feasibility span 2 of 4: panellists disagree.
    second: Alice 2 2 2 → 0.25 each; support 3 → 0.5;
            overall 7·0.25 + 0.5 = 2.25, ÷ 8 = 0.28125 → 28.13. Cara: conflict.
    third:  only Bob's draft → no overall; ranked last.
    """
    world = make_assess_world()
    score(world, world.alice, world.first, (5, 4, 3))
    score(world, world.bob, world.first, (3, 4, 5))
    score(world, world.alice, world.second, (2, 2, 2))
    assessment.declare_conflict(world.cara, world.second)
    score(world, world.bob, world.third, (1, 1, 1), submit=False)
    return world


def _rows(page: str) -> list[list[str]]:
    """The results table as cell texts, row by row."""
    body = page.split("<tbody>")[1].split("</tbody>")[0]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cells])
    return rows


def test_results_as_an_administrator_match_the_hand_computed_fixture(client, world):
    client.login_as(world.admin)
    response = client.get(f"/rounds/{world.round.slug}/panel/results")
    assert response.status_code == 200
    page = text(response)
    assert _rows(page) == [
        ["1", "C-%d: Open contracts" % world.first.id, "78.13", "4.00 (spread 2)",
         "4.00 (spread 0)", "4.00 (spread 2)", "5.00", "2", "0", "Panellists disagree"],
        ["2", "C-%d: Open budgets" % world.second.id, "28.13", "2.00 (spread 0)",
         "2.00 (spread 0)", "2.00 (spread 0)", "3.00", "1", "1", "—"],
        ["3", "C-%d: Open lobbying" % world.third.id, "—", "—", "—", "—", "1.00", "0", "0", "—"],
    ]
    assert TIE_BREAK in page
    assert "weighted mean of these, shown out of 100 to two decimal places" in page
    assert "Potential impact and ambition: weight 3, scale 1 to 5" in page


def test_a_panellist_who_submitted_everything_sees_the_same_numbers_and_ranks(client, world):
    assessment.declare_conflict(world.alice, world.third)
    client.login_as(world.alice)
    page = text(client.get(f"/rounds/{world.round.slug}/panel/results"))
    assert [row[:3] for row in _rows(page)] == [
        ["1", "C-%d: Open contracts" % world.first.id, "78.13"],
        ["2", "C-%d: Open budgets" % world.second.id, "28.13"],
        ["3", "C-%d: Open lobbying" % world.third.id, "—"],
    ]


def test_a_panellist_part_way_sees_visible_rows_in_order_without_ranks(client, world):
    client.login_as(world.bob)  # submitted the first only
    rows = _rows(text(client.get(f"/rounds/{world.round.slug}/panel/results")))
    assert rows[0][:3] == ["— Not shown yet", "C-%d: Open contracts" % world.first.id, "78.13"]
    assert [row[2] for row in rows[1:]] == ["Hidden until you submit your scores. Score C-%d" % c.id
                                           for c in (world.second, world.third)]


def test_results_page_links(client, world):
    client.login_as(world.alice)
    page = text(client.get(f"/rounds/{world.round.slug}/panel/results"))
    assert f'href="/rounds/{world.round.slug}/panel/assess">Back to the assessment queue' in page
    client.login_as(world.admin)
    assert "Back to the assessment queue" not in text(
        client.get(f"/rounds/{world.round.slug}/panel/results"))


@pytest.mark.parametrize("value, places, scale, shown", [
    (Fraction(78125, 100000), 2, 100, "78.13"),
    (Fraction(28125, 100000), 2, 100, "28.13"),
    (Fraction(1, 3), 2, 100, "33.33"),
    (Fraction(2, 3), 2, 100, "66.67"),
    (Fraction(7, 2), 2, 1, "3.50"),
    (Fraction(0), 2, 100, "0.00"),
    (Fraction(1), 2, 100, "100.00"),
    (None, 2, 1, "—"),
])
def test_rounding_is_exact_with_halves_up(value, places, scale, shown):
    assert rounded(value, places, scale) == shown


# --- people's text comes back as text ------------------------------------------------------

PAYLOAD = '<script>alert(1)</script><img src=x onerror=alert(1)>"\''


def test_text_on_the_panel_pages_is_escaped(client):
    world = make_assess_world()
    world.round.phase = "open"
    db.session.commit()
    panel.save_criterion(world.admin, world.round, name="Clarity " + PAYLOAD,
                         guidance="Guidance " + PAYLOAD)
    commitment = panel.create_commitment(
        world.admin, world.round, idea_ids=[make_idea(world.round, title="Idea " + PAYLOAD).id],
        title="Title " + PAYLOAD, commit_to="Commit " + PAYLOAD,
        current_situation="Situation " + PAYLOAD, we_call_for="- Call " + PAYLOAD,
        lead_body="Lead " + PAYLOAD, theme_id=world.round.themes[0].id)
    world.round.phase = "assessment"
    db.session.commit()
    writer = accounts.register("xss-panellist@example.org", "Name " + PAYLOAD, DEFAULT_PASSWORD)
    writer.role_rows.append(UserRole(role="panellist"))
    db.session.commit()
    criteria = panel.criteria_of(world.round)
    assessment.save_assessment(
        writer, commitment, {c.id: (3, "Note " + PAYLOAD) for c in criteria if not c.is_computed},
        submit=True, expected_version=None)
    assessment.save_assessment(
        world.alice, commitment, {c.id: (4, "") for c in criteria if not c.is_computed},
        submit=True, expected_version=None)
    assessment.declare_conflict(world.bob, commitment, "Conflict " + PAYLOAD)

    pages = []
    for who, url in ((world.alice, f"/panel/commitments/{commitment.id}/assess"),
                     (world.alice, f"/rounds/{world.round.slug}/panel/assess"),
                     (world.alice, f"/rounds/{world.round.slug}/panel/results"),
                     (world.bob, f"/panel/commitments/{commitment.id}/assess"),
                     (world.admin, f"/rounds/{world.round.slug}/panel/results")):
        client.login_as(who)
        response = client.get(url)
        assert response.status_code == 200
        pages.append(response.get_data(as_text=True))
    everything = "\n".join(pages)
    assert "<script>alert" not in everything and "<img src=x" not in everything
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in everything
    for label in ("Clarity", "Guidance", "Title", "Commit", "Situation", "Call", "Lead", "Idea",
                  "Name", "Note", "Conflict"):
        assert f"{label} &lt;script&gt;" in everything, label
