"""Every route × role × phase: allowed or refused, and nothing written when refused.

Routes are walked from the URL map (tests/route_walk.py), so a new route is
covered as soon as it exists.
"""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import select

from manifesto.comments.models import Comment
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.supports.models import Support
from manifesto.timeutil import utcnow
from tests.factories import make_comment, make_idea, make_round, make_user
from tests.route_walk import (
    ARGUMENT_VALUES,
    is_login_redirect,
    make_world,
    routes,
    routes_of,
    row_counts,
    state_changing,
)

NON_PUBLIC = ("signed_in", "role")


@pytest.fixture
def world():
    return make_world()


# --- (a) every route carries an access decorator --------------------------------

def test_every_route_has_an_access_marker(app):
    unmarked = [f"{r.rule} ({r.endpoint})" for r in routes_of(app) if r.access is None]
    assert not unmarked, (
        "routes without @public / @signed_in / @role_required directly under "
        f"@blueprint.route: {unmarked}"
    )


def test_every_url_argument_is_known_to_the_route_walk(app):
    """Each URL argument needs a real value (tests/route_walk.py
    ARGUMENT_VALUES) or the route escapes the checks in these files."""
    unknown = sorted({f"{r.rule}: {name}" for r in routes_of(app) for name in r.arguments
                      if name not in ARGUMENT_VALUES})
    assert not unknown, f"add these URL arguments to ARGUMENT_VALUES: {unknown}"


def test_access_markers_name_known_kinds(app):
    for route in routes_of(app):
        assert route.kind in ("public", "signed_in", "role"), route
        if route.kind == "role":
            assert route.roles, f"{route.endpoint}: role_required() with no role"


# --- (b) role × route matrix ---------------------------------------------------

@pytest.mark.parametrize("route", routes(method="GET", kinds=NON_PUBLIC), ids=str)
def test_anonymous_get_is_sent_to_sign_in(client, world, route):
    url = route.url(world)
    before = row_counts()
    response = client.get(url)
    assert is_login_redirect(response, next_path=url), (
        f"GET {url} as a visitor: {response.status_code} {response.headers.get('Location')}"
    )
    assert row_counts() == before


@pytest.mark.parametrize("route", [r for r in routes(kinds=NON_PUBLIC) if state_changing(r)],
                         ids=str)
def test_anonymous_state_change_is_refused(client, world, route):
    url = route.url(world)
    before = row_counts()
    for method in state_changing(route):
        response = client.open(url, method=method, data={"csrf_token": client.csrf_token()})
        assert response.status_code == 401 or is_login_redirect(response), (
            f"{method} {url} as a visitor: {response.status_code}"
        )
    assert row_counts() == before


def _role_routes_refusing_participants():
    return [r for r in routes(kinds=("role",)) if "participant" not in r.roles]


@pytest.mark.parametrize("route", _role_routes_refusing_participants(), ids=str)
def test_participant_is_refused_on_role_routes(client, world, route):
    url = route.url(world)
    client.login_as(world.author)
    before = row_counts()
    for method in sorted(route.methods):
        data = {"csrf_token": client.csrf_token()} if method != "GET" else None
        response = client.open(url, method=method, data=data)
        assert response.status_code == 403, f"{method} {url} as a participant"
        assert "Not allowed" in response.get_data(as_text=True)
    assert row_counts() == before


@pytest.mark.parametrize("route", [r for r in routes(kinds=("role",)) if "admin" in r.roles], ids=str)
def test_admin_gets_through_role_routes(client, world, route):
    url = route.url(world)
    client.login_as(world.admin)
    for method in sorted(route.methods):
        data = {"csrf_token": client.csrf_token()} if method != "GET" else None
        response = client.open(url, method=method, data=data)
        assert response.status_code not in (401, 403), f"{method} {url} as an admin"
        assert response.status_code < 500


@pytest.mark.parametrize("route", routes(method="GET", kinds=("signed_in",)), ids=str)
def test_signed_in_person_reaches_their_own_pages(client, world, route):
    """The world's objects belong to ``author``: every signed-in page opens."""
    url = route.url(world)
    client.login_as(world.author)
    response = client.get(url)
    assert response.status_code in (200, 302, 303), f"GET {url} as its author"


# --- (c) phase rules -------------------------------------------------------------

def _set_round_state(round_, state: str) -> None:
    now = utcnow()
    if state == "closed":
        round_.opens_at, round_.closes_at = now - timedelta(days=60), now - timedelta(days=1)
    elif state == "not yet open":
        round_.opens_at, round_.closes_at = now + timedelta(days=3), now + timedelta(days=90)
    elif state == "draft":
        round_.phase = "draft"
    elif state == "assessment":
        round_.phase = "assessment"
    db.session.commit()


ROUND_STATES = ("closed", "not yet open", "draft", "assessment")


@pytest.fixture(params=ROUND_STATES)
def refusing(request):
    """A round not taking contributions, with an idea and a comment written
    while it was open, by ``author``."""
    author, supporter = make_user(), make_user()
    round_ = make_round()
    idea = make_idea(round_, author, themes=[round_.themes[0]])
    comment = make_comment(idea, author)
    _set_round_state(round_, request.param)
    reasons = {round_.closed_reason()}
    if request.param == "draft":
        reasons.add("This round is not public yet.")  # a draft round is hidden altogether
    return {"author": author, "supporter": supporter, "round": round_, "idea": idea,
            "comment": comment, "reasons": reasons, "state": request.param}


def _says_why(response, reasons: set[str]) -> bool:
    page = unescape(response.get_data(as_text=True))
    return any(reason in page for reason in reasons)


def _idea_form(round_, **overrides) -> dict:
    data = {"title": "A brand new idea", "problem": "Now", "proposal": "Do better",
            "impact": "", "who_should_act": "", "scope": "uk",
            "themes": str(round_.themes[0].id), "confirmed": "1"}
    data.update(overrides)
    return data


def test_closed_reason_says_when():
    round_ = make_round(opens_in=timedelta(days=-60), closes_in=timedelta(days=-1))
    assert round_.closed_reason().startswith("This round closed for ideas on ")
    upcoming = make_round(opens_in=timedelta(days=3))
    assert upcoming.closed_reason().startswith("This round opens for ideas on ")


def test_submitting_an_idea_is_refused_saying_why(client, refusing):
    client.login_as(refusing["author"])
    url = f"/rounds/{refusing['round'].slug}/ideas/new"
    before = row_counts()
    page = client.get(url)
    assert page.status_code in (200, 403) and _says_why(page, refusing["reasons"])
    assert 'name="proposal"' not in page.get_data(as_text=True)
    response = client.post_form(url, _idea_form(refusing["round"]))
    assert response.status_code == 403
    assert _says_why(response, refusing["reasons"])
    assert row_counts() == before


def test_editing_ones_own_idea_is_refused_saying_why(client, refusing):
    idea = refusing["idea"]
    title = idea.title
    client.login_as(refusing["author"])
    before = row_counts()
    for response in (client.get(f"/ideas/{idea.id}/edit"),
                     client.post_form(f"/ideas/{idea.id}/edit",
                                      _idea_form(refusing["round"], title="Changed title"))):
        assert response.status_code == 403
        assert _says_why(response, refusing["reasons"])
    assert row_counts() == before
    assert db.session.get(Idea, idea.id).title == title


def test_commenting_is_refused_saying_why(client, refusing):
    idea = refusing["idea"]
    client.login_as(refusing["supporter"])
    before = row_counts()
    response = client.post_form(f"/ideas/{idea.id}/comments", {"body": "Late comment"})
    assert response.status_code == 403 and _says_why(response, refusing["reasons"])
    reply = client.post_form(f"/ideas/{idea.id}/comments",
                             {"body": "Late reply", "parent_id": str(refusing["comment"].id)})
    assert reply.status_code == 403
    assert row_counts() == before


def test_editing_ones_own_comment_is_refused_saying_why(client, refusing):
    comment = refusing["comment"]
    client.login_as(refusing["author"])
    response = client.post_form(f"/comments/{comment.id}/edit", {"body": "Changed"})
    assert response.status_code == 403 and _says_why(response, refusing["reasons"])
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).body == "I agree with this."


def test_supporting_is_refused_saying_why(client, refusing):
    idea = refusing["idea"]
    client.login_as(refusing["supporter"])
    before = row_counts()
    response = client.post_form(f"/ideas/{idea.id}/support", {"want": "add"})
    assert response.status_code == 403 and _says_why(response, refusing["reasons"])
    as_json = client.post_form(f"/ideas/{idea.id}/support", {"want": "add"},
                               headers={"Accept": "application/json"})
    assert as_json.status_code == 403
    assert as_json.get_json()["message"] in refusing["reasons"]
    assert row_counts() == before
    assert db.session.scalar(select(Support.id)) is None


def test_contributions_are_accepted_while_the_round_is_open(client):
    """The control for the refusals above: the same requests succeed when open."""
    author, supporter = make_user(), make_user()
    round_ = make_round()
    idea = make_idea(round_, author, themes=[round_.themes[0]])
    client.login_as(author)
    assert client.post_form(f"/rounds/{round_.slug}/ideas/new", _idea_form(round_)).status_code == 302
    assert client.post_form(f"/ideas/{idea.id}/edit",
                            _idea_form(round_, title="Changed title")).status_code == 302
    client.login_as(supporter)
    assert client.post_form(f"/ideas/{idea.id}/comments", {"body": "Yes"}).status_code == 302
    assert client.post_form(f"/ideas/{idea.id}/support", {"want": "add"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Idea, idea.id).title == "Changed title"
    assert db.session.get(Idea, idea.id).support_count == 1


# --- (d) object rules --------------------------------------------------------------

def test_participant_cannot_edit_someone_elses_idea(client, world):
    client.login_as(world.other)
    before = row_counts()
    url = f"/ideas/{world.idea.id}/edit"
    assert client.get(url).status_code == 403
    response = client.post_form(url, _idea_form(world.round, title="Hijacked"))
    assert response.status_code == 403
    assert "Only the person who submitted this idea can edit it." in response.get_data(as_text=True)
    assert row_counts() == before
    assert db.session.get(Idea, world.idea.id).title == "Open contracts"


def test_participant_cannot_edit_or_delete_someone_elses_comment(client, world):
    client.login_as(world.other)
    before = row_counts()
    comment_id = world.comment.id
    for url, data in ((f"/comments/{comment_id}/edit", {"body": "Hijacked"}),
                      (f"/comments/{comment_id}/delete", {})):
        assert client.get(url).status_code == 403
        assert client.post_form(url, data).status_code == 403
    assert row_counts() == before
    db.session.expire_all()
    comment = db.session.get(Comment, comment_id)
    assert comment.body == "A first comment." and comment.deleted_at is None


def test_admin_cannot_edit_someone_elses_idea_either(client, world):
    """Editing is the author's: administrators moderate, they do not rewrite."""
    client.login_as(world.admin)
    response = client.post_form(f"/ideas/{world.idea.id}/edit",
                                _idea_form(world.round, title="Rewritten"))
    assert response.status_code == 403
    assert db.session.get(Idea, world.idea.id).title == "Open contracts"
