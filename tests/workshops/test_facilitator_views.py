"""The facilitator's pages for workshop records: the list, recording and
editing a workshop, the manage hub, and who may reach them."""

from __future__ import annotations

from datetime import date
from html import unescape

import pytest
from sqlalchemy import func, select

from manifesto.audit import AuditEvent
from manifesto.extensions import db
from manifesto.workshops import services
from manifesto.workshops.models import Workshop
from tests.factories import make_idea, make_round, make_user, make_workshop
from tests.querycount import counting_statements
from tests.route_walk import is_login_redirect, row_counts


@pytest.fixture
def facilitator():
    return make_user(display_name="Fola Facilitator", roles=("facilitator",))


@pytest.fixture
def round_():
    return make_round(title="Open Government Manifesto 2027")


@pytest.fixture
def workshop(round_, facilitator):
    return make_workshop(round_, owner=facilitator, title="Cardiff open government workshop")


def _page(response) -> str:
    return unescape(response.get_data(as_text=True))


WORKSHOP_FORM = {
    "title": "Cardiff open government workshop", "held_on": "14/03/2027",
    "venue": "Temple of Peace", "town": "Cardiff", "nation": "wales",
    "region": "South East Wales", "organising_group": "Open Wales",
    "facilitator_name": "Sam Facilitator", "attendees": "40", "notes": "Lively.",
}


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


# --- recording a workshop ------------------------------------------------------------

def test_a_facilitator_records_a_workshop_with_a_uk_date(client, round_, facilitator):
    client.login_as(facilitator)
    form = client.get(f"/rounds/{round_.slug}/workshops/new")
    assert form.status_code == 200
    assert 'value="Fola Facilitator"' in form.get_data(as_text=True)  # prefilled

    response = client.post_form(f"/rounds/{round_.slug}/workshops/new", WORKSHOP_FORM)
    workshop = db.session.scalar(select(Workshop))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/workshops/{workshop.id}/manage")
    assert (workshop.held_on, workshop.town, workshop.nation, workshop.attendees) == (
        date(2027, 3, 14), "Cardiff", "wales", 40)
    assert workshop.owner_id == facilitator.id and workshop.round_id == round_.id
    assert "workshop.created" in _actions()
    page = _page(client.get(f"/workshops/{workshop.id}/manage"))
    assert "Workshop “Cardiff open government workshop” recorded." in page
    assert "From the Cardiff workshop, 14 March 2027" in page


@pytest.mark.parametrize("typed", ["2027-03-14", "14 March 2027", "14-03-2027"])
def test_other_ways_of_writing_the_date_work_too(client, round_, facilitator, typed):
    client.login_as(facilitator)
    response = client.post_form(f"/rounds/{round_.slug}/workshops/new",
                                {**WORKSHOP_FORM, "held_on": typed})
    assert response.status_code == 302
    assert db.session.scalar(select(Workshop.held_on)) == date(2027, 3, 14)


def test_mistakes_are_shown_next_to_each_field_and_nothing_is_saved(client, round_, facilitator):
    client.login_as(facilitator)
    before = row_counts()
    response = client.post_form(f"/rounds/{round_.slug}/workshops/new", {
        **WORKSHOP_FORM, "title": "", "held_on": "31/02/2027", "town": " ", "nation": "atlantis",
        "attendees": "about forty"})
    assert response.status_code == 200
    page = _page(response)
    assert "There is a problem" in page
    for message in ("Enter a title for the workshop.",
                    "Enter the date the workshop was held, for example 14/03/2027.",
                    "Enter the town or city where it was held.",
                    "Choose the nation where the workshop was held.",
                    "Enter the number of people who attended, as a whole number."):
        assert message in page
    assert 'id="held_on-error"' in page and 'value="31/02/2027"' in page  # kept as typed
    assert 'value="about forty"' in page
    assert row_counts() == before


def test_editing_a_workshop_is_audited_with_what_changed(client, workshop, facilitator):
    client.login_as(facilitator)
    form = _page(client.get(f"/workshops/{workshop.id}/edit"))
    assert 'value="14/03/2027"' in form and 'value="40"' in form
    response = client.post_form(f"/workshops/{workshop.id}/edit",
                                {**WORKSHOP_FORM, "attendees": "42", "title": workshop.title,
                                 "venue": "Community hall", "region": "",
                                 "organising_group": "Open Government Network", "notes": ""})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Workshop, workshop.id).attendees == 42
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "workshop.updated"))
    assert event.actor_id == facilitator.id
    assert (event.before, event.after) == ({"attendees": 40}, {"attendees": 42})


# --- the list ----------------------------------------------------------------------

def test_a_facilitator_sees_only_their_workshops_newest_first(client, round_, facilitator):
    older = make_workshop(round_, owner=facilitator, title="Older", held_on=date(2027, 1, 5))
    newer = make_workshop(round_, owner=facilitator, title="Newer", held_on=date(2027, 4, 1))
    make_workshop(round_, owner=make_user(roles=("facilitator",)), title="Someone else's")
    client.login_as(facilitator)
    page = _page(client.get("/workshops/mine"))
    assert page.index("Newer") < page.index("Older")
    assert "Someone else's" not in page
    assert f'href="/workshops/{newer.id}/manage"' in page
    assert f'href="/workshops/{older.id}/manage"' in page
    assert f'href="/rounds/{round_.slug}/workshops/new"' in page


def test_record_links_only_for_rounds_taking_workshop_input(client, facilitator):
    open_round = make_round()
    assessing = make_round(phase="assessment")
    client.login_as(facilitator)
    page = _page(client.get("/workshops/mine"))
    assert f"/rounds/{open_round.slug}/workshops/new" in page
    assert f"/rounds/{assessing.slug}/workshops/new" not in page


def test_an_administrator_sees_every_workshop_and_can_filter_by_round(client, round_, facilitator):
    other_round = make_round(title="Wales 2028")
    make_workshop(round_, owner=facilitator, title="In the first round")
    make_workshop(other_round, owner=make_user(roles=("facilitator",)), title="In Wales 2028")
    client.login_as(make_user(roles=("admin",)))
    page = _page(client.get("/workshops/mine"))
    assert "In the first round" in page and "In Wales 2028" in page
    filtered = _page(client.get(f"/workshops/mine?round={other_round.id}"))
    assert "In Wales 2028" in filtered and "In the first round" not in filtered
    assert client.get("/workshops/mine?round=nonsense").status_code == 200


def test_the_list_loads_in_a_fixed_number_of_queries(client, round_, facilitator):
    make_workshop(round_, owner=facilitator)
    client.login_as(facilitator)
    client.get("/workshops/mine")
    with counting_statements() as few:
        client.get("/workshops/mine")
    for n in range(8):
        make_workshop(round_, owner=facilitator, title=f"More {n}")
    with counting_statements() as many:
        client.get("/workshops/mine")
    assert len(many) == len(few)


# --- the manage hub --------------------------------------------------------------------

def test_the_manage_page_shows_counts_links_and_tally_history(app, client, workshop, facilitator):
    idea = make_idea(workshop.round, make_user(), title="Open contracts")
    services.add_workshop_ideas(facilitator, workshop, [{"title": "Lobbying", "proposal": "Register."}])
    services.set_tally(facilitator, workshop, idea, 12)
    services.set_tally(facilitator, workshop, idea, 15, reason="Miscounted the flip chart")
    client.login_as(facilitator)
    page = _page(client.get(f"/workshops/{workshop.id}/manage"))
    assert "1 idea" in page and "0 comments" in page and "15 dots on 1 idea" in page
    for path in ("ideas/new", "comments/new", "tallies", "edit"):
        assert f'href="/workshops/{workshop.id}/{path}"' in page
    assert "12 → 15" in page and "first count: 12" in page
    assert "Miscounted the flip chart" in page and "Fola Facilitator" in page
    assert page.index("12 → 15") < page.index("first count: 12")  # newest first
    assert "2 changes, newest first" in page
    has_upload = "workshop_imports.upload" in app.view_functions
    assert ("Upload a sheet" in page) == has_upload


def test_manage_page_queries_do_not_grow_with_history(client, workshop, facilitator):
    ideas = [make_idea(workshop.round, make_user()) for _ in range(3)]
    url = f"/workshops/{workshop.id}/manage"
    client.login_as(facilitator)
    services.set_tally(facilitator, workshop, ideas[0], 1)
    client.get(url)
    with counting_statements() as few:
        client.get(url)
    for dots in range(2, 8):
        for idea in ideas:
            services.set_tally(make_user(), workshop, idea, dots)
    with counting_statements() as many:
        client.get(url)
    assert len(many) == len(few)


# --- who may do what ----------------------------------------------------------------------

PAGES = ("edit", "manage", "ideas/new", "comments/new", "tallies")


def test_the_facilitator_of_another_workshop_is_refused(client, workshop):
    client.login_as(make_user(roles=("facilitator",)))
    before = row_counts()
    for path in PAGES:
        url = f"/workshops/{workshop.id}/{path}"
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Only the facilitator who recorded this workshop" in _page(response)
        if path != "manage":
            assert client.post_form(url, {**WORKSHOP_FORM, "ideas-0-title": "Hijack",
                                          "ideas-0-proposal": "Hijack"}).status_code == 403
    assert row_counts() == before


def test_participants_are_refused_and_visitors_sent_to_sign_in(client, workshop, round_):
    urls = [f"/workshops/{workshop.id}/{path}" for path in PAGES]
    urls += ["/workshops/mine", f"/rounds/{round_.slug}/workshops/new"]
    for url in urls:
        assert is_login_redirect(client.get(url), next_path=url), url
    client.login_as(make_user())
    for url in urls:
        assert client.get(url).status_code == 403, url
    before = row_counts()
    assert client.post_form(f"/rounds/{round_.slug}/workshops/new", WORKSHOP_FORM).status_code == 403
    assert row_counts() == before


def test_an_administrator_manages_any_workshop(client, workshop):
    client.login_as(make_user(roles=("admin",)))
    for path in PAGES:
        assert client.get(f"/workshops/{workshop.id}/{path}").status_code == 200, path


def test_a_post_without_the_csrf_token_is_refused(client, round_, facilitator, workshop):
    client.login_as(facilitator)
    before = row_counts()
    assert client.post(f"/rounds/{round_.slug}/workshops/new", data=WORKSHOP_FORM).status_code == 400
    response = client.post(f"/workshops/{workshop.id}/ideas/new",
                           data={"ideas-0-title": "T", "ideas-0-proposal": "P"})
    assert response.status_code == 400
    assert row_counts() == before


def test_a_missing_workshop_is_not_found(client, facilitator):
    client.login_as(facilitator)
    assert client.get("/workshops/999999/manage").status_code == 404
    assert client.get("/rounds/no-such-round/workshops/new").status_code == 404


# --- input closes when the panel starts assessing ----------------------------------------

def test_input_is_closed_once_the_round_is_being_assessed(client, workshop, facilitator):
    idea = make_idea(workshop.round, make_user())
    workshop.round.phase = "assessment"
    db.session.commit()
    client.login_as(facilitator)
    before = row_counts()
    reason = "Workshop input for this round closed when the panel began assessing ideas."
    posts = {"ideas/new": {"ideas-0-title": "Late", "ideas-0-proposal": "Too late"},
             "comments/new": {"comments-0-reference": idea.reference, "comments-0-body": "Late"},
             "tallies": {"new-0-reference": idea.reference, "new-0-dots": "3"}}
    for path, data in posts.items():
        url = f"/workshops/{workshop.id}/{path}"
        for response in (client.get(url), client.post_form(url, data)):
            assert response.status_code == 403, url
            page = _page(response)
            assert reason in page
            assert "<textarea" not in page and 'name="new-0-dots"' not in page
    assert row_counts() == before
    manage = _page(client.get(f"/workshops/{workshop.id}/manage"))
    assert reason in manage and f"/workshops/{workshop.id}/ideas/new" not in manage
    refused = client.get(f"/rounds/{workshop.round.slug}/workshops/new")
    assert refused.status_code == 403 and reason in _page(refused)
    assert db.session.scalar(select(func.count()).select_from(Workshop)) == 1
