"""The administrators' criteria pages: the list, the default set, adding and
editing with errors next to the fields, the lock once scoring has begun,
and who may reach them."""

from __future__ import annotations

from html import unescape

import pytest
from sqlalchemy import select

from manifesto.audit import AuditEvent
from manifesto.extensions import db
from manifesto.panel import assessment, services
from manifesto.panel.models import Criterion
from tests.factories import make_commitment, make_criteria, make_round, make_user
from tests.route_walk import is_login_redirect, row_counts


@pytest.fixture
def admin():
    return make_user(display_name="Ada Admin", roles=("admin",))


@pytest.fixture
def round_():
    return make_round(phase="assessment", title="Open Government Manifesto 2027")


def _page(response) -> str:
    return unescape(response.get_data(as_text=True))


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


CRITERION = {"name": "Cost to deliver", "guidance": "Cheap beats dear.", "weight": "2",
             "scale_min": "1", "scale_max": "5", "computed_from": "scored"}


def _score_something(round_, criteria):
    panellist = make_user(roles=("panellist",))
    commitment = make_commitment(round_)
    scored = next(c for c in criteria if not c.is_computed)
    assessment.save_assessment(panellist, commitment, {scored.id: (3, "")}, submit=False,
                               expected_version=None)


# --- the list and the default set ------------------------------------------------------

def test_a_round_without_criteria_offers_the_default_set(client, admin, round_):
    client.login_as(admin)
    page = client.get(f"/admin/rounds/{round_.id}/criteria")
    assert page.status_code == 200
    assert "This round has no criteria yet" in _page(page)
    assert "Add the default criteria" in _page(page)

    response = client.post_form(f"/admin/rounds/{round_.id}/criteria/defaults")
    assert response.status_code == 302
    listing = _page(client.get(response.headers["Location"]))
    assert "The 4 default criteria were added" in listing
    for name in ("Potential impact and ambition", "Feasibility", "Public support"):
        assert name in listing
    assert "Computed: Public support (online supporters and workshop dots)" in listing
    assert "Scored by panellists" in listing
    assert "Add the default criteria" not in listing
    assert _actions() == ["criteria.defaults_added"]

    again = client.post_form(f"/admin/rounds/{round_.id}/criteria/defaults")
    assert "already has criteria: nothing was added" in _page(client.get(again.headers["Location"]))
    assert db.session.scalar(select(db.func.count()).select_from(Criterion)) == 4


def test_the_list_shows_weight_scale_and_guidance(client, admin, round_):
    make_criteria(round_, admin)
    client.login_as(admin)
    page = _page(client.get(f"/admin/rounds/{round_.id}/criteria"))
    assert "How much would this change for people if delivered in full?" in page
    assert "1 to 5" in page
    assert "Add a criterion" in page


# --- adding and editing ----------------------------------------------------------------

def test_an_admin_adds_a_criterion(client, admin, round_):
    client.login_as(admin)
    response = client.post_form(f"/admin/rounds/{round_.id}/criteria", CRITERION)
    assert response.status_code == 302
    criterion = db.session.scalar(select(Criterion))
    assert (criterion.name, criterion.weight, criterion.scale_max, criterion.computed_from) == (
        "Cost to deliver", 2, 5, None)
    assert "Criterion “Cost to deliver” added." in _page(client.get(response.headers["Location"]))
    event = db.session.scalar(select(AuditEvent))
    assert event.action == "criterion.created" and event.actor_id == admin.id


def test_adding_shows_every_error_next_to_its_field(client, admin, round_):
    make_criteria(round_, admin)
    client.login_as(admin)
    before = row_counts()
    numbers = client.post_form(f"/admin/rounds/{round_.id}/criteria",
                               {**CRITERION, "weight": "lots", "scale_min": ""})
    assert numbers.status_code == 200
    page = _page(numbers)
    assert "There is a problem" in page
    assert page.count("Enter a whole number, for example 3.") == 4  # summary + field, twice

    service = _page(client.post_form(f"/admin/rounds/{round_.id}/criteria",
                                     {**CRITERION, "name": "feasibility", "weight": "0",
                                      "scale_min": "5", "scale_max": "5"}))
    assert "This round already has a criterion with that name." in service
    assert "Weight must be a whole number from 1 to 100." in service
    assert "The top of the scale must be above the bottom." in service
    assert 'aria-invalid="true"' in service
    assert row_counts() == before


def test_an_admin_edits_a_criterion(client, admin, round_):
    feasibility = make_criteria(round_, admin)[2]
    client.login_as(admin)
    form = _page(client.get(f"/admin/criteria/{feasibility.id}/edit"))
    assert 'value="Feasibility"' in form and 'value="2"' in form

    response = client.post_form(f"/admin/criteria/{feasibility.id}/edit",
                                {**CRITERION, "name": "Deliverability", "weight": "4"})
    assert response.status_code == 302
    db.session.expire_all()
    assert (feasibility.name, feasibility.weight) == ("Deliverability", 4)
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.action == "criterion.updated"
    assert event.before["weight"] == 2 and event.after["weight"] == 4

    blank = _page(client.post_form(f"/admin/criteria/{feasibility.id}/edit",
                                   {**CRITERION, "name": "  "}))
    assert "Enter the criterion's name." in blank


# --- once scoring has begun -------------------------------------------------------------

def test_weight_and_scale_are_fixed_once_scoring_has_begun(admin, round_):
    criteria = make_criteria(round_, admin)
    impact = criteria[0]
    assert not services.scoring_has_begun(round_)
    services.save_criterion(admin, round_, impact, name=impact.name, weight=5)  # still allowed
    _score_something(round_, criteria)
    assert services.scoring_has_begun(round_)

    with pytest.raises(services.PanelError) as error:
        services.save_criterion(admin, round_, impact, name=impact.name, weight=1, scale_max=10)
    assert set(error.value.errors) == {"weight", "scale_max"}
    assert "Scoring has begun in this round" in error.value.errors["weight"]
    with pytest.raises(services.PanelError) as error:
        services.save_criterion(admin, round_, name="Cost", weight=1)
    assert "no criterion can be added" in error.value.errors[""]

    services.save_criterion(admin, round_, impact, name="Impact and ambition",
                            guidance="Clearer words.", weight=5)
    db.session.expire_all()
    assert (impact.name, impact.weight, impact.scale_max) == ("Impact and ambition", 5, 5)
    other_round = make_round(phase="assessment")
    assert not services.scoring_has_begun(other_round)  # scores elsewhere do not count


def test_the_pages_say_why_once_scoring_has_begun(client, admin, round_):
    criteria = make_criteria(round_, admin)
    _score_something(round_, criteria)
    client.login_as(admin)
    listing = _page(client.get(f"/admin/rounds/{round_.id}/criteria"))
    assert "Scoring has begun in this round" in listing
    assert "Add a criterion" not in listing

    before = row_counts()
    refused = _page(client.post_form(f"/admin/criteria/{criteria[0].id}/edit",
                                     {**CRITERION, "name": criteria[0].name, "weight": "9"}))
    assert "so the weight can no longer change" in refused
    assert "There is a problem" in refused
    added = _page(client.post_form(f"/admin/rounds/{round_.id}/criteria", CRITERION))
    assert "no criterion can be added" in added
    assert row_counts() == before


# --- who may ----------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["panellist", "facilitator", "moderator", None])
def test_only_administrators_reach_the_criteria(client, admin, round_, role):
    criterion = make_criteria(round_, admin)[0]
    person = make_user(roles=(role,) if role else ())
    client.login_as(person)
    before = row_counts()
    for response in (client.get(f"/admin/rounds/{round_.id}/criteria"),
                     client.post_form(f"/admin/rounds/{round_.id}/criteria", CRITERION),
                     client.post_form(f"/admin/rounds/{round_.id}/criteria/defaults"),
                     client.get(f"/admin/criteria/{criterion.id}/edit"),
                     client.post_form(f"/admin/criteria/{criterion.id}/edit", CRITERION)):
        assert response.status_code == 403
    assert row_counts() == before


def test_visitors_are_sent_to_sign_in_and_missing_things_are_404(client, admin, round_):
    url = f"/admin/rounds/{round_.id}/criteria"
    assert is_login_redirect(client.get(url), next_path=url)
    client.login_as(admin)
    assert client.get("/admin/rounds/999999/criteria").status_code == 404
    assert client.get("/admin/criteria/999999/edit").status_code == 404
    assert client.get("/admin/criteria/99999999999999999999/edit").status_code == 404
