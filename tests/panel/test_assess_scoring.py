"""The scoring page: what a panellist sees, saving a draft, submitting,
errors, the phase rule, edits in another tab, and the history of versions."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from manifesto.extensions import db
from manifesto.panel import assessment
from manifesto.panel.models import Assessment, AssessmentRevision
from manifesto.workshops import services as workshops
from tests.factories import make_workshop
from tests.panel.assess_world import actions, form_data, fresh, make_assess_world, score, text
from tests.route_walk import row_counts


@pytest.fixture
def world():
    return make_assess_world()


def _url(commitment) -> str:
    return f"/panel/commitments/{commitment.id}/assess"


def _own(world, panellist, commitment) -> Assessment | None:
    fresh()
    return assessment.assessment_of(panellist, commitment)


def _values(own: Assessment) -> list[tuple[int, str]]:
    return [(s.value, s.note) for s in sorted(own.scores, key=lambda s: s.criterion_id)]


# --- what the page shows ------------------------------------------------------------------

def test_the_page_shows_the_commitment_its_evidence_and_a_radio_group_per_scored_criterion(
        client, world):
    facilitator = world.facilitator
    world.round.phase = "open"
    db.session.commit()
    cardiff = make_workshop(world.round, owner=facilitator, town="Cardiff")
    workshops.set_tally(facilitator, cardiff, world.first.ideas[0], 7)
    world.round.phase = "assessment"
    db.session.commit()
    client.login_as(world.alice)

    page = text(client.get(_url(world.first)))

    assert f"{world.first.reference}</span> Open contracts</h1>" in page
    assert "Open contracts" in page and "Publish every public contract in full." in page
    assert "Only summaries are published." in page and "<li>Publish performance data</li>" in page
    assert "2 online supporters" in page and "7 workshop dots" in page and "in Wales" in page
    for criterion in world.scored:
        legend = re.search(rf'<fieldset[^>]*>\s*<legend class="label">{re.escape(criterion.name)}'
                           r'</legend>', page)
        assert legend, criterion.name
        assert criterion.guidance in page
        for value in range(1, 6):
            assert f'name="score_{criterion.id}" type="radio" value="{value}"' in page
        assert f'<label class="label" for="note_{criterion.id}">Note on “{criterion.name}”' in page
    support = next(c for c in world.criteria if c.is_computed)
    assert f'name="score_{support.id}"' not in page
    assert "Public support</strong> (weight 1) is computed, not scored" in page
    assert ">Save draft</button>" in page and ">Submit scores</button>" in page
    assert "You have not scored this commitment yet." in page
    assert "Declare a conflict of interest" in page


# --- saving ---------------------------------------------------------------------------------

def test_a_draft_may_be_incomplete_and_is_not_submitted(client, world):
    client.login_as(world.alice)
    response = client.post_form(_url(world.first), form_data(
        world, (4, None, None), action="draft", notes=("Ambitious", "", "")))
    assert response.status_code == 302
    page = text(client.get(response.headers["Location"]))
    assert "Draft saved." in page and "Draft saved on" in page
    own = _own(world, world.alice, world.first)
    assert own.submitted_at is None and _values(own) == [(4, "Ambitious")]
    assert actions()[-1] == "panel.assessment_saved"
    assert re.search(rf'checked id="score_{world.scored[0].id}-3"', page)  # 4 is checked again
    assert "Ambitious</textarea>" in page


def test_submitting_requires_every_scored_criterion_with_errors_by_the_fields(client, world):
    client.login_as(world.alice)
    before = row_counts()
    response = client.post_form(_url(world.first), form_data(world, (4, None, None), action="submit"))
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page
    for criterion in world.scored[1:]:
        message = f"Score “{criterion.name}” before submitting."
        assert f'<a href="#score_{criterion.id}">{criterion.name}: {message}</a>' in page
        assert re.search(rf'id="score_{criterion.id}-error"><span class="visually-hidden">Error:'
                         rf'</span> {re.escape(message)}', page)
    assert page.startswith("<!doctype html>") and "<title>Error: " in page
    assert row_counts() == before  # nothing written, not even a draft


def test_bad_values_and_a_note_without_a_score_are_refused_clearly(client, world):
    client.login_as(world.alice)
    data = form_data(world, (9, "lots", None), action="draft", notes=("", "", "A note only"))
    before = row_counts()
    page = text(client.post_form(_url(world.first), data))
    impact, relevance, feasibility = world.scored
    assert f"Choose a score for “{feasibility.name}” to save its note." in page
    assert row_counts() == before
    data[f"note_{feasibility.id}"] = ""
    page = text(client.post_form(_url(world.first), data))
    assert f"Score “{impact.name}” from 1 to 5." in page
    assert f"Score “{relevance.name}” from 1 to 5." in page
    assert row_counts() == before
    data = form_data(world, (3, 3, 3), action="draft", notes=("x" * 2001, "", ""))
    assert "Keep the note to 2000 characters or fewer." in text(client.post_form(_url(world.first), data))
    assert row_counts() == before


def test_submitting_reveals_others_and_records_an_audited_revision(client, world):
    client.login_as(world.alice)
    response = client.post_form(_url(world.first), form_data(world, (5, 4, 3), action="submit"))
    assert response.status_code == 302
    page = text(client.get(response.headers["Location"]))
    assert "Your scores were submitted." in page
    assert "You submitted your scores on" in page
    assert ">Save changes</button>" in page and ">Save draft</button>" not in page
    own = _own(world, world.alice, world.first)
    assert own.submitted_at is not None and [v for v, _ in _values(own)] == [5, 4, 3]
    assert actions()[-1] == "panel.assessment_submitted"
    assert db.session.scalar(select(AssessmentRevision.version)
                             .where(AssessmentRevision.assessment_id == own.id)) == own.version


# --- the phase rule ---------------------------------------------------------------------------

@pytest.mark.parametrize("phase", ["open", "published", "tracking"])
def test_outside_the_assessment_phase_scoring_is_refused_with_the_reason(client, world, phase):
    score(world, world.alice, world.first, (4, 4, 4))
    world.round.phase = phase
    db.session.commit()
    client.login_as(world.alice)
    reason = assessment.scoring_closed_reason(world.round)

    page = text(client.get(_url(world.first)))
    assert "Scoring is closed." in page and reason in page
    assert "<form method=\"post\" action=\"/panel" not in page  # read-only: no scoring, no conflict form
    assert "<strong>4</strong>" in page  # one's own scores are still shown

    before = row_counts()
    for url, data in ((_url(world.first), form_data(world, (1, 1, 1), action="submit", version=1)),
                      (f"/panel/commitments/{world.first.id}/conflict", {"conflict_confirmed": "y"})):
        response = client.post_form(url, data)
        assert response.status_code == 403
        assert reason in text(response)
    assert row_counts() == before
    assert [v for v, _ in _values(_own(world, world.alice, world.first))] == [4, 4, 4]


# --- two tabs ----------------------------------------------------------------------------------

def test_an_edit_from_a_stale_tab_is_refused_showing_the_saved_scores(client, world):
    client.login_as(world.alice)
    page = text(client.get(_url(world.first)))
    assert 'name="version" type="hidden" value="0"' in page
    # Tab 1 saves first.
    assert client.post_form(_url(world.first), form_data(
        world, (2, 2, 2), action="submit", version=0, notes=("From tab one", "", ""))).status_code == 302
    # Tab 2 was loaded before that save.
    response = client.post_form(_url(world.first), form_data(world, (5, 5, 5), action="submit", version=0))
    assert response.status_code == 409
    page = text(response)
    assert "Your changes were not saved" in page
    assert "changed in another window or on another device" in page
    assert "Nothing was overwritten." in page
    assert "Your scores as saved now (version 1" in page
    assert "From tab one" in page  # the saved values are shown
    assert re.search(rf'checked id="score_{world.scored[0].id}-4"', page)  # what they typed is kept
    assert 'name="version" type="hidden" value="1"' in page  # saving again is a deliberate choice
    assert [v for v, _ in _values(_own(world, world.alice, world.first))] == [2, 2, 2]

    # Same from a tab loaded after the first save but before a second one.
    assert client.post_form(_url(world.first), form_data(world, (3, 3, 3), action="submit",
                                                         version=1)).status_code == 302
    response = client.post_form(_url(world.first), form_data(world, (1, 1, 1), action="submit", version=1))
    assert response.status_code == 409
    assert [v for v, _ in _values(_own(world, world.alice, world.first))] == [3, 3, 3]


# --- history -----------------------------------------------------------------------------------

def test_edits_after_submitting_keep_earlier_versions(client, world):
    client.login_as(world.alice)
    client.post_form(_url(world.first), form_data(world, (2, 3, 4), action="submit", version=0,
                                                  notes=("First thoughts", "", "")))
    response = client.post_form(_url(world.first), form_data(world, (5, 3, 4), action="submit",
                                                              version=1, notes=("Rethought", "", "")))
    assert response.status_code == 302
    page = text(client.get(response.headers["Location"]))
    assert "Your changes were saved." in page
    assert "and last changed them on" in page
    earlier = page.split('id="earlier-title">Your earlier versions</h2>')[1]
    assert re.search(r"<h3>Version 1, saved \d+ \w+ \d{4}, [\d:]+[ap]m</h3>", earlier)
    assert "First thoughts" in earlier and "<strong>2</strong>" in earlier
    assert "Version 2" not in earlier  # the current version is the form itself
    own = _own(world, world.alice, world.first)
    assert own.version == 2 and [v for v, _ in _values(own)] == [5, 3, 4]
    assert db.session.scalar(select(db.func.count()).select_from(AssessmentRevision)) == 2
    assert actions()[-2:] == ["panel.assessment_submitted", "panel.assessment_saved"]

    # After submitting, every criterion stays required.
    response = client.post_form(_url(world.first), form_data(world, (5, None, 4), action="submit",
                                                              version=2))
    assert "before submitting" in text(response)
    assert _own(world, world.alice, world.first).version == 2
