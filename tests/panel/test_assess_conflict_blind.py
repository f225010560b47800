"""Conflicts of interest and the blind rule, as panellists meet them on the
scoring page and the results page."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from manifesto.accounts.models import UserRole
from manifesto.extensions import db
from manifesto.panel import assessment
from manifesto.panel import assessment_queries as queries
from manifesto.panel.models import Assessment, ConflictDeclaration
from manifesto.permissions import can
from tests.panel.assess_world import actions, form_data, fresh, make_assess_world, score, text
from tests.route_walk import routes, row_counts


@pytest.fixture
def world():
    return make_assess_world()


def _url(commitment) -> str:
    return f"/panel/commitments/{commitment.id}/assess"


def _conflict_url(commitment) -> str:
    return f"/panel/commitments/{commitment.id}/conflict"


# --- conflicts of interest -------------------------------------------------------------------

def test_declaring_a_conflict_needs_confirmation(client, world):
    client.login_as(world.alice)
    before = row_counts()
    response = client.post_form(_conflict_url(world.first), {"conflict_note": "I advised them."})
    assert response.status_code == 200
    page = text(response)
    assert "Confirm that your scores will be withdrawn." in page
    assert '<a href="#conflict_confirmed">' in page
    assert "I advised them.</textarea>" in page
    assert row_counts() == before


def test_declaring_a_conflict_withdraws_scores_and_refuses_scoring(client, world):
    score(world, world.alice, world.first, (4, 4, 4))
    client.login_as(world.alice)
    response = client.post_form(_conflict_url(world.first),
                                {"conflict_note": "I work for the lead body.", "conflict_confirmed": "y"})
    assert response.status_code == 302
    fresh()
    assert assessment.assessment_of(world.alice, world.first) is None
    declaration = db.session.get(ConflictDeclaration, (world.first.id, world.alice.id))
    assert declaration.note == "I work for the lead body."
    assert actions()[-1] == "panel.conflict_declared"

    page = text(client.get(response.headers["Location"]))
    assert "You declared a conflict of interest on this commitment" in page
    assert "I work for the lead body." in page
    assert 'name="score_' not in page and ">Submit scores<" not in page
    assert 'action="/panel/commitments/%d/conflict"' % world.first.id not in page

    # The server refuses too, whatever the page shows.
    before = row_counts()
    for url, data in ((_url(world.first), form_data(world, (5, 5, 5), action="submit")),
                      (_url(world.first), form_data(world, (5, None, None), action="draft")),
                      (_conflict_url(world.first), {"conflict_confirmed": "y"})):
        refused = client.post_form(url, data)
        assert refused.status_code == 403
        assert "You declared a conflict of interest on this commitment" in text(refused)
    assert row_counts() == before
    assert db.session.scalar(select(func.count()).select_from(Assessment)) == 0


def test_a_conflict_note_over_the_limit_is_refused_not_cut(client, world):
    client.login_as(world.alice)
    before = row_counts()
    page = text(client.post_form(_conflict_url(world.first),
                                 {"conflict_note": "x" * 501, "conflict_confirmed": "y"}))
    assert "Keep the note to 500 characters or fewer." in page
    assert row_counts() == before


# --- the blind rule ----------------------------------------------------------------------------

def test_others_scores_are_hidden_on_the_scoring_page_until_one_submits(client, world):
    score(world, world.bob, world.first, (5, 1, 4), notes=("Bob's secret note", "", ""))
    client.login_as(world.alice)

    page = text(client.get(_url(world.first)))
    assert "appear here once you submit your own scores" in page
    assert "Bob Panellist" not in page and "Bob's secret note" not in page
    assert "Combined result" not in page

    # A draft is not enough.
    client.post_form(_url(world.first), form_data(world, (3, None, None), action="draft"))
    page = text(client.get(_url(world.first)))
    assert "Bob's secret note" not in page and "Combined result" not in page

    client.post_form(_url(world.first), form_data(world, (4, 3, 4), action="submit", version=1))
    page = text(client.get(_url(world.first)))
    others = page.split('id="others-title"')[1].split("</section>")[0]
    assert "Bob Panellist" in others and "Bob's secret note" in others
    assert "Combined result from 2 submitted assessments" in others
    assert "<td>4.50</td>" in others  # impact: (5 + 4) / 2
    assert "Panellists disagree" not in others.split("Relevance")[0]
    assert "Panellists disagree" in others  # relevance 1 and 3 span half the scale


def test_others_drafts_are_never_shown(client, world):
    score(world, world.bob, world.first, (1, 1, 1), submit=False, notes=("Bob's draft", "", ""))
    score(world, world.alice, world.first, (3, 3, 3))
    client.login_as(world.alice)
    page = text(client.get(_url(world.first)))
    assert "Bob's draft" not in page
    assert "No other panellist has submitted scores for this commitment yet." in page


def test_a_panellist_with_a_conflict_may_see_others(client, world):
    score(world, world.bob, world.first, (5, 4, 3), notes=("Bob's note", "", ""))
    assessment.declare_conflict(world.alice, world.first)
    client.login_as(world.alice)
    assert "Bob's note" in text(client.get(_url(world.first)))


def test_results_hide_what_a_panellist_has_not_yet_submitted(client, world):
    score(world, world.bob, world.first, (5, 5, 5))
    score(world, world.bob, world.second, (1, 1, 1))
    score(world, world.alice, world.second, (2, 2, 2))
    url = f"/rounds/{world.round.slug}/panel/results"
    client.login_as(world.alice)

    page = text(client.get(url))
    first_row = page.split(f'id="result-{world.first.id}"')[1].split("</tr>")[0]
    assert "Hidden until you submit your scores." in first_row
    assert "5.00" not in first_row and "100.00" not in first_row
    second_row = page.split(f'id="result-{world.second.id}"')[1].split("</tr>")[0]
    assert "1.50" in second_row  # (1 + 2) / 2, visible: Alice submitted it
    assert "Ranks appear when none is hidden" in page

    # The same panellist after submitting the first, and declaring a conflict on the third.
    client.post_form(_url(world.first), form_data(world, (4, 4, 4), action="submit"))
    client.post_form(_conflict_url(world.third), {"conflict_confirmed": "y"})
    page = text(client.get(url))
    assert "Hidden until you submit" not in page and "Ranks appear" not in page
    first_row = page.split(f'id="result-{world.first.id}"')[1].split("</tr>")[0]
    assert "<td>1</td>" in first_row and "4.50" in first_row


def test_an_administrator_who_is_not_a_panellist_sees_every_result(client, world):
    score(world, world.bob, world.first, (5, 5, 5))
    client.login_as(world.admin)
    page = text(client.get(f"/rounds/{world.round.slug}/panel/results"))
    assert "Hidden until you submit" not in page
    assert "5.00" in page.split(f'id="result-{world.first.id}"')[1].split("</tr>")[0]


def test_an_administrator_on_the_panel_is_blind_like_any_panellist(client, world):
    score(world, world.bob, world.first, (5, 5, 5))
    world.admin.role_rows.append(UserRole(role="panellist"))
    db.session.commit()
    client.login_as(world.admin)
    page = text(client.get(f"/rounds/{world.round.slug}/panel/results"))
    assert "Hidden until you submit your scores." in page.split(f'id="result-{world.first.id}"')[1]


def test_the_batched_rule_on_results_matches_the_policy(world):
    score(world, world.alice, world.first, (4, 4, 4))
    score(world, world.alice, world.second, (4, 4, 4), submit=False)
    assessment.declare_conflict(world.alice, world.third)
    ids = [world.first.id, world.second.id, world.third.id]
    for viewer in (world.alice, world.bob, world.admin):
        by_policy = {c.id for c in (world.first, world.second, world.third)
                     if can(viewer, "assessment.view_others", c)}
        assert queries.visible_ids(viewer, ids) == by_policy
    assert queries.visible_ids(world.alice, ids) == {world.first.id, world.third.id}


def test_no_other_panel_route_leaks_scores_to_a_blind_panellist(client, world, app):
    """Every GET page a panellist can open, before they submit: Bob's note
    shows on none of them."""
    score(world, world.bob, world.first, (5, 5, 5), notes=("Bob's secret note", "", ""))
    client.login_as(world.alice)
    values = {"slug": world.round.slug, "round_slug": world.round.slug,
              "commitment_id": world.first.id, "round_id": world.round.id}
    checked = 0
    for route in routes(method="GET"):
        if not route.arguments <= set(values) or not route.endpoint.startswith(("panel", "shortlist", "manifesto")):
            continue
        url = app.url_map.bind("localhost").build(route.endpoint, {k: values[k] for k in route.arguments})
        response = client.get(url)
        assert "Bob's secret note" not in text(response), url
        checked += 1
    assert checked >= 3
