"""The panellists' pages: who may reach them, and the assessment queue with
its progress, states, filters and scoring-closed notice."""

from __future__ import annotations

import re

import pytest

from manifesto.extensions import db
from manifesto.panel import assessment
from tests.factories import make_commitment
from tests.panel.assess_world import form_data, make_assess_world, score, text
from tests.querycount import counting_statements
from tests.route_walk import is_login_redirect, row_counts


@pytest.fixture
def world():
    return make_assess_world()


def _urls(world) -> dict[str, str]:
    return {
        "queue": f"/rounds/{world.round.slug}/panel/assess",
        "score": f"/panel/commitments/{world.first.id}/assess",
        "results": f"/rounds/{world.round.slug}/panel/results",
    }


# --- who may reach the pages ------------------------------------------------------------

@pytest.mark.parametrize("page", ["queue", "score", "results"])
def test_a_panellist_reaches_every_page(client, world, page):
    client.login_as(world.alice)
    response = client.get(_urls(world)[page])
    assert response.status_code == 200


@pytest.mark.parametrize("page, status", [("queue", 403), ("score", 403), ("results", 200)])
def test_an_administrator_sees_the_results_but_does_not_score(client, world, page, status):
    client.login_as(world.admin)
    response = client.get(_urls(world)[page])
    assert response.status_code == status
    if status == 403:
        assert "Not allowed" in text(response)


@pytest.mark.parametrize("who", ["participant", "facilitator"])
@pytest.mark.parametrize("page", ["queue", "score", "results"])
def test_participants_and_facilitators_are_refused(client, world, who, page):
    client.login_as(getattr(world, who))
    response = client.get(_urls(world)[page])
    assert response.status_code == 403
    assert "Not allowed" in text(response)


@pytest.mark.parametrize("page", ["queue", "score", "results"])
def test_visitors_are_sent_to_sign_in(client, world, page):
    url = _urls(world)[page]
    assert is_login_redirect(client.get(url), next_path=url)


@pytest.mark.parametrize("who", ["admin", "participant", "facilitator", None])
def test_only_panellists_may_post_scores_or_conflicts(client, world, who):
    if who:
        client.login_as(getattr(world, who))
    before = row_counts()
    for url, data in (
        (f"/panel/commitments/{world.first.id}/assess", form_data(world, (3, 3, 3), action="submit")),
        (f"/panel/commitments/{world.first.id}/conflict", {"conflict_confirmed": "y"}),
    ):
        response = client.post_form(url, data)
        assert response.status_code in ((403,) if who else (401, 302))
    assert row_counts() == before


def test_a_missing_commitment_or_round_is_404(client, world):
    client.login_as(world.alice)
    assert client.get("/panel/commitments/999999/assess").status_code == 404
    assert client.get("/rounds/no-such-round/panel/assess").status_code == 404
    assert client.get("/rounds/no-such-round/panel/results").status_code == 404


# --- the queue ------------------------------------------------------------------------------

def _states(page: str) -> dict[str, str]:
    """Commitment title → the state shown for it."""
    found = re.findall(r'C-\d+: ([^<]+)</a></h3>.*?assess-state--\w+">([^<]+)<', page, re.S)
    return dict(found)


def test_queue_shows_progress_and_each_commitments_state(client, world):
    score(world, world.alice, world.first, (4, 4, 4))
    score(world, world.alice, world.second, (2, None, None), submit=False)
    assessment.declare_conflict(world.alice, world.third, "I advised on this.")
    score(world, world.bob, world.second, (5, 5, 5))  # others' work does not count for Alice
    client.login_as(world.alice)

    page = text(client.get(f"/rounds/{world.round.slug}/panel/assess"))

    assert "1 of 2 scored" in page  # the conflict is not counted
    assert re.search(r'<label for="assess-progress"[^>]*>1 of 2 scored</label>', page)
    assert '<progress id="assess-progress" max="2" value="1">' in page
    assert _states(page) == {"Open contracts": "Submitted", "Open budgets": "Draft saved",
                             "Open lobbying": "Conflict declared"}
    assert "Scoring is closed" not in page
    assert f'href="/rounds/{world.round.slug}/panel/results"' in page


def test_a_fresh_panellist_has_not_started_anything(client, world):
    client.login_as(world.cara)
    page = text(client.get(f"/rounds/{world.round.slug}/panel/assess"))
    assert "0 of 3 scored" in page
    assert set(_states(page).values()) == {"Not started"}


def test_queue_filters_by_state_and_theme(client, world):
    score(world, world.alice, world.first, (4, 4, 4))
    client.login_as(world.alice)
    url = f"/rounds/{world.round.slug}/panel/assess"

    by_state = text(client.get(url, query_string={"state": "not_started"}))
    assert set(_states(by_state)) == {"Open budgets", "Open lobbying"}
    assert "2 of 3 commitments" in by_state
    assert "1 of 3 scored" in by_state  # progress is always for the whole round

    by_theme = text(client.get(url, query_string={"theme": world.round.themes[1].id}))
    assert set(_states(by_theme)) == {"Open budgets"}

    ignored = text(client.get(url, query_string={"state": "nonsense", "theme": "x"}))
    assert len(_states(ignored)) == 3


def test_outside_the_assessment_phase_the_queue_says_scoring_is_closed(client, world):
    world.round.phase = "published"
    db.session.commit()
    client.login_as(world.alice)
    response = client.get(f"/rounds/{world.round.slug}/panel/assess")
    assert response.status_code == 200
    page = text(response)
    assert "Scoring is closed." in page
    assert assessment.scoring_closed_reason(world.round) in page
    assert len(_states(page)) == 3


def test_queue_queries_do_not_grow_with_the_number_of_commitments(client, world):
    client.login_as(world.alice)
    url = f"/rounds/{world.round.slug}/panel/assess"

    def count() -> int:
        with counting_statements() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    score(world, world.alice, world.first, (4, 4, 4))
    small = count()
    for n in range(12):
        commitment = make_commitment(world.round, actor=world.admin, title=f"More {n}",
                                     theme=world.round.themes[n % 3])
        if n % 3 == 0:
            score(world, world.alice, commitment, (3, 3, 3))
        elif n % 3 == 1:
            assessment.declare_conflict(world.alice, commitment)
    assert count() == small


def test_the_site_navigation_leads_panellists_to_the_queue(client, world):
    client.login_as(world.alice)
    page = text(client.get("/"))
    assert f'<a href="/rounds/{world.round.slug}/panel/assess">Panel</a>' in page
    client.login_as(world.participant)
    assert ">Panel</a>" not in text(client.get("/"))
