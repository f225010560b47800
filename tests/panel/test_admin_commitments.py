"""The panel's commitment list and drafting a commitment from ideas: the
form with references, its errors, drafting from an idea's page, and who may
draft (administrators; panellists only where the round allows it)."""

from __future__ import annotations

from html import unescape

import pytest
from sqlalchemy import select

from manifesto.audit import AuditEvent
from manifesto.extensions import db
from manifesto.panel.forms import parse_references
from manifesto.panel.models import Commitment, CommitmentVersion
from manifesto.workshops import services as workshops
from tests.factories import (make_commitment, make_comment, make_idea, make_round, make_support,
                             make_user, make_workshop)
from tests.route_walk import is_login_redirect, row_counts


@pytest.fixture
def admin():
    return make_user(display_name="Ada Admin", roles=("admin",))


@pytest.fixture
def panellist():
    return make_user(display_name="Pat Panellist", roles=("panellist",))


@pytest.fixture
def round_():
    return make_round(phase="assessment", title="Open Government Manifesto 2027")


def _page(response) -> str:
    return unescape(response.get_data(as_text=True))


def _allow_panellists(round_, allowed: bool = True) -> None:
    round_.panellists_create_commitments = allowed
    db.session.commit()


def _form(round_, ideas, **overrides) -> dict:
    data = {"theme_id": str(round_.themes[1].id), "title": "Open up public contracts",
            "commit_to": "Publish every public contract in full.",
            "current_situation": "Only summaries are published.",
            "we_call_for": "Publish contracts\nPublish performance data",
            "lead_body": "Cabinet Office",
            "idea_refs": ", ".join(i.reference for i in ideas)}
    data.update(overrides)
    return data


def test_references_are_read_the_way_people_type_them():
    assert parse_references("I-12, i-40;I7  33\n") == ([12, 40, 7, 33], [])
    assert parse_references("I-12, C-3, twelve, I-12") == ([12], ["C-3", "twelve"])
    assert parse_references("I-99999999999999") == ([], ["I-99999999999999"])


# --- the list ------------------------------------------------------------------------------

def test_the_list_groups_commitments_by_theme_with_their_evidence(client, round_, panellist):
    facilitator = make_user(roles=("facilitator",))
    cardiff = make_workshop(round_, owner=facilitator)
    a, b = make_idea(round_), make_idea(round_)
    for _ in range(2):
        make_support(make_user(), a)
    workshops.set_tally(facilitator, cardiff, b, 7)
    make_comment(a, make_user())
    make_commitment(round_, [a, b], title="Open contracts", theme=round_.themes[1])
    make_commitment(round_, title="Open budgets", theme=round_.themes[0])

    client.login_as(panellist)
    page = _page(client.get(f"/rounds/{round_.slug}/panel/commitments"))
    assert "2 commitments under 2 themes." in page
    first, second = (page.index(f'<h2 id="theme-{t.id}"') for t in round_.themes[:2])
    assert first < page.index("Open budgets") < second < page.index("Open contracts")
    assert ("2 distinct supporters online · 7 dots at 1 workshop in 1 nation (Wales) · 1 comment"
            in " ".join(page.split()))
    assert "from 2 source ideas" in page
    assert "Draft a commitment" not in page  # this round does not let panellists draft


def test_an_empty_list_says_so(client, admin, round_):
    client.login_as(admin)
    page = _page(client.get(f"/rounds/{round_.slug}/panel/commitments"))
    assert "No commitments have been drafted in this round yet." in page
    assert "Draft a commitment" in page


# --- drafting -------------------------------------------------------------------------------

def test_an_admin_drafts_a_commitment_from_references(client, admin, round_):
    a, b = make_idea(round_), make_idea(round_)
    client.login_as(admin)
    form = client.get(f"/rounds/{round_.slug}/panel/commitments/new")
    assert form.status_code == 200
    assert "The ideas it comes from" in _page(form)

    response = client.post_form(f"/rounds/{round_.slug}/panel/commitments/new",
                                _form(round_, [a, b], idea_refs=f"i{a.id}; I-{b.id}"))
    assert response.status_code == 302
    commitment = db.session.scalar(select(Commitment))
    assert response.headers["Location"].endswith(f"/panel/commitments/{commitment.id}")
    assert [i.id for i in commitment.ideas] == [a.id, b.id]
    assert commitment.theme_id == round_.themes[1].id
    assert commitment.call_for_items == ["Publish contracts", "Publish performance data"]
    assert commitment.created_by_id == admin.id
    assert db.session.scalar(select(CommitmentVersion.version)) == 1
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "commitment.created"))
    assert event.actor_id == admin.id and event.after["idea_ids"] == [a.id, b.id]
    shown = _page(client.get(response.headers["Location"]))
    assert f"Commitment {commitment.reference} “Open up public contracts” drafted." in shown


def test_drafting_shows_errors_next_to_the_fields(client, admin, round_):
    other_round = make_round(phase="assessment")
    foreign, hidden = make_idea(other_round), make_idea(round_, status="hidden")
    taken = make_idea(round_)
    existing = make_commitment(round_, [taken])
    client.login_as(admin)
    url = f"/rounds/{round_.slug}/panel/commitments/new"
    before = row_counts()

    bad_refs = _page(client.post_form(url, _form(round_, [], idea_refs="I-1, contracts")))
    assert "Not an idea reference: “contracts”" in bad_refs
    assert 'id="idea_refs-error"' in bad_refs
    none = _page(client.post_form(url, _form(round_, [], idea_refs="")))
    assert "Enter at least one idea reference" in none

    fields = _page(client.post_form(url, _form(round_, [taken], title="", commit_to="",
                                               theme_id="")))
    assert "Enter a title for the commitment." in fields
    assert "Say what government should commit to." in fields
    assert "Choose the theme this commitment belongs to." in fields
    assert 'id="title-error"' in fields and 'id="theme_id-error"' in fields

    wrong = _page(client.post_form(url, _form(round_, [foreign, hidden])))
    assert f"Not published ideas of this round: {foreign.reference}, {hidden.reference}." in wrong
    used = _page(client.post_form(url, _form(round_, [taken])))
    assert f"Already part of another commitment: {taken.reference} (in {existing.reference})" in used
    assert 'value="Open up public contracts"' in used  # what was typed is kept
    assert row_counts() == before


def test_drafting_from_an_idea_prefills_the_form(client, admin, round_):
    idea = make_idea(round_, title="Publish all contracts", problem="Contracts are secret.",
                     proposal="Publish contracts over £10k.", themes=[round_.themes[2]])
    client.login_as(admin)
    idea_page = _page(client.get(f"/ideas/{idea.id}"))
    link = f"/rounds/{round_.slug}/panel/commitments/new?idea={idea.id}"
    assert "Draft a commitment from this idea" in idea_page
    assert link in idea_page

    form = _page(client.get(link))
    assert f"Drafting from idea {idea.reference}" in form
    assert f'value="{idea.reference}"' in form
    assert 'value="Publish all contracts"' in form
    assert "Publish contracts over £10k." in form
    assert f'<option selected value="{round_.themes[2].id}">' in form

    for junk in ("abc", "0", "99999999999999999999", str(make_idea(make_round()).id)):
        page = client.get(f"/rounds/{round_.slug}/panel/commitments/new?idea={junk}")
        assert page.status_code == 200 and "Drafting from idea" not in _page(page)


def test_the_draft_link_goes_once_the_idea_is_in_a_commitment(client, admin, panellist, round_):
    idea = make_idea(round_)
    commitment = make_commitment(round_, [idea], title="Open budgets")
    client.login_as(admin)
    page = _page(client.get(f"/ideas/{idea.id}"))
    assert "Draft a commitment from this idea" not in page
    assert f"/commitments/{commitment.id}\"" in page  # lineage: the idea names its commitment
    assert "already part of commitment" in _page(
        client.get(f"/rounds/{round_.slug}/panel/commitments/new?idea={idea.id}"))

    fresh = make_idea(round_)
    for person in (panellist, make_user(), make_user(roles=("facilitator",))):
        client.login_as(person)  # none of them may draft in this round
        assert "Draft a commitment" not in _page(client.get(f"/ideas/{fresh.id}"))
    client.logout()
    assert "Draft a commitment" not in _page(client.get(f"/ideas/{fresh.id}"))


# --- who may ------------------------------------------------------------------------------

def test_a_panellist_drafts_only_where_the_round_allows_it(client, panellist, round_):
    idea = make_idea(round_)
    url = f"/rounds/{round_.slug}/panel/commitments/new"
    client.login_as(panellist)
    before = row_counts()
    refused = client.post_form(url, _form(round_, [idea]))
    assert refused.status_code == 403
    assert "where the round allows it" in _page(refused)
    assert client.get(url).status_code == 403
    assert row_counts() == before

    _allow_panellists(round_)
    assert "Draft a commitment from this idea" in _page(client.get(f"/ideas/{idea.id}"))
    assert "Draft a commitment" in _page(client.get(f"/rounds/{round_.slug}/panel/commitments"))
    assert client.post_form(url, _form(round_, [idea])).status_code == 302
    assert db.session.scalar(select(Commitment.created_by_id)) == panellist.id


@pytest.mark.parametrize("phase", ["published", "tracking"])
def test_no_drafting_after_publication(client, admin, phase):
    round_ = make_round(phase=phase)
    idea = make_idea(round_)
    client.login_as(admin)
    response = client.post_form(f"/rounds/{round_.slug}/panel/commitments/new",
                                _form(round_, [idea]))
    assert response.status_code == 403
    assert "only before the manifesto is published" in _page(response)
    assert "Draft a commitment from this idea" not in _page(client.get(f"/ideas/{idea.id}"))


@pytest.mark.parametrize("role", ["facilitator", "moderator", None])
def test_others_reach_neither_the_list_nor_the_form(client, round_, role):
    _allow_panellists(round_)
    idea = make_idea(round_)
    client.login_as(make_user(roles=(role,) if role else ()))
    before = row_counts()
    for response in (client.get(f"/rounds/{round_.slug}/panel/commitments"),
                     client.get(f"/rounds/{round_.slug}/panel/commitments/new"),
                     client.post_form(f"/rounds/{round_.slug}/panel/commitments/new",
                                      _form(round_, [idea]))):
        assert response.status_code == 403
    assert row_counts() == before


def test_visitors_are_sent_to_sign_in(client, round_):
    for url in (f"/rounds/{round_.slug}/panel/commitments",
                f"/rounds/{round_.slug}/panel/commitments/new"):
        assert is_login_redirect(client.get(url), next_path=url)
    assert client.post_form(f"/rounds/{round_.slug}/panel/commitments/new", {}).status_code in (
        302, 401)
    assert db.session.scalar(select(Commitment.id)) is None


def test_an_unknown_round_is_404(client, admin):
    client.login_as(admin)
    assert client.get("/rounds/no-such-round/panel/commitments").status_code == 404
    assert client.get("/rounds/no-such-round/panel/commitments/new").status_code == 404
