"""A commitment's panel page (its text, source ideas, evidence and version
history), one version's page, and editing it: versions kept, the source
ideas changed, and a stale edit refused showing the other person's text."""

from __future__ import annotations

from html import unescape

import pytest
from sqlalchemy import select

from manifesto.audit import AuditEvent
from manifesto.extensions import db
from manifesto.panel import services
from manifesto.panel.models import CommitmentVersion
from manifesto.workshops import services as workshops
from tests.factories import (make_commitment, make_idea, make_round, make_support, make_user,
                             make_workshop)
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


@pytest.fixture
def ideas(round_):
    return [make_idea(round_, title="Publish all contracts"),
            make_idea(round_, title="Contract registers for councils")]


@pytest.fixture
def commitment(round_, ideas, admin):
    return make_commitment(round_, ideas, actor=admin, title="Open up public contracts")


def _page(response) -> str:
    return " ".join(unescape(response.get_data(as_text=True)).split())


def _edit_form(commitment, **overrides) -> dict:
    data = {"theme_id": str(commitment.theme_id), "title": commitment.title,
            "commit_to": commitment.commit_to, "current_situation": commitment.current_situation,
            "we_call_for": commitment.we_call_for, "lead_body": commitment.lead_body,
            "idea_refs": ", ".join(i.reference for i in commitment.ideas),
            "expected_version": str(commitment.version)}
    data.update(overrides)
    return data


# --- the panel page ----------------------------------------------------------------------

def test_the_panel_page_shows_text_lineage_evidence_and_history(client, round_, ideas,
                                                                 commitment, panellist):
    facilitator = make_user(roles=("facilitator",))
    cardiff = make_workshop(round_, owner=facilitator)
    leeds = make_workshop(round_, owner=facilitator, town="Leeds", nation="england")
    both = make_user()
    make_support(both, ideas[0]), make_support(both, ideas[1]), make_support(make_user(), ideas[0])
    workshops.set_tally(facilitator, cardiff, ideas[0], 30)
    workshops.set_tally(facilitator, leeds, ideas[1], 7)

    client.login_as(panellist)
    page = _page(client.get(f"/panel/commitments/{commitment.id}"))
    assert "Open up public contracts" in page and "Publish every public contract in full." in page
    assert "Only summaries are published." in page and "Cabinet Office" in page
    assert "<li>Publish contracts</li><li>Publish performance data</li>" in page
    assert ("2 distinct supporters online · 37 dots at 2 workshops in 2 nations "
            "(England and Wales) · 0 comments") in page
    for idea in ideas:  # lineage: the commitment names its ideas, with links
        assert f'<a href="/ideas/{idea.id}">{idea.title}</a>' in page
    assert f'href="/panel/commitments/{commitment.id}/versions/1">Version 1</a> (current)' in page
    assert "Ada Admin" in page and "Drafted" in page
    assert "Edit this commitment" not in page  # panellists may not edit in this round


def test_the_history_lists_each_version_and_what_it_changed(client, commitment, admin, panellist):
    services.update_commitment(panellist, commitment, expected_version=1,
                               title="Open all public contracts")
    client.login_as(admin)
    page = _page(client.get(f"/panel/commitments/{commitment.id}"))
    assert "Version 2</a> (current)" in page
    assert "Pat Panellist" in page
    assert page.index("Version 2") < page.index("Version 1</a>")
    assert "<td>Title</td>" in page

    old = _page(client.get(f"/panel/commitments/{commitment.id}/versions/1"))
    assert "Version 1 of commitment" in old and "Open up public contracts" in old
    assert "The current version is 2." in old and "Saved by Ada Admin" in old
    assert "Publish all contracts" in old  # its source ideas
    new = _page(client.get(f"/panel/commitments/{commitment.id}/versions/2"))
    assert "Open all public contracts" in new and "This is the current version." in new
    assert client.get(f"/panel/commitments/{commitment.id}/versions/3").status_code == 404


# --- editing ---------------------------------------------------------------------------------

def test_an_admin_edits_and_a_new_version_is_kept(client, round_, commitment, admin):
    client.login_as(admin)
    form = _page(client.get(f"/panel/commitments/{commitment.id}/edit"))
    assert 'name="expected_version" type="hidden" value="1"' in form
    response = client.post_form(f"/panel/commitments/{commitment.id}/edit",
                                _edit_form(commitment, title="Open all public contracts",
                                           theme_id=str(round_.themes[2].id)))
    assert response.status_code == 302
    assert "saved (version 2)" in _page(client.get(response.headers["Location"]))
    db.session.expire_all()
    assert (commitment.title, commitment.version, commitment.theme_id) == (
        "Open all public contracts", 2, round_.themes[2].id)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "commitment.updated"))
    assert event.actor_id == admin.id
    assert event.before == {"title": "Open up public contracts", "theme_id": round_.themes[0].id}


def test_saving_without_changes_adds_no_version(client, commitment, admin):
    client.login_as(admin)
    response = client.post_form(f"/panel/commitments/{commitment.id}/edit", _edit_form(commitment))
    assert "Nothing was changed" in _page(client.get(response.headers["Location"]))
    assert db.session.scalar(select(db.func.count()).select_from(CommitmentVersion)) == 1


def test_source_ideas_are_added_and_removed_on_edit(client, round_, ideas, commitment, admin):
    third = make_idea(round_, title="Open framework agreements")
    client.login_as(admin)
    response = client.post_form(f"/panel/commitments/{commitment.id}/edit",
                                _edit_form(commitment, idea_refs=f"{ideas[1].reference}, "
                                                                 f"{third.reference}"))
    assert response.status_code == 302
    db.session.expire_all()
    assert [i.id for i in commitment.ideas] == [ideas[1].id, third.id]
    assert services.commitment_of_idea(ideas[0]) is None
    assert "Draft a commitment from this idea" in _page(client.get(f"/ideas/{ideas[0].id}"))
    version = db.session.scalar(select(CommitmentVersion).where(CommitmentVersion.version == 2))
    assert version.fields["idea_ids"] == [ideas[1].id, third.id]
    assert "Source ideas" in _page(client.get(f"/panel/commitments/{commitment.id}"))


def test_a_source_idea_hidden_since_does_not_block_text_edits(client, ideas, commitment, admin):
    ideas[0].status = "hidden"
    db.session.commit()
    client.login_as(admin)
    response = client.post_form(f"/panel/commitments/{commitment.id}/edit",
                                _edit_form(commitment, commit_to="Publish them all."))
    assert response.status_code == 302
    removing = _page(client.post_form(f"/panel/commitments/{commitment.id}/edit",
                                      _edit_form(commitment, idea_refs="I-999999",
                                                 expected_version="2")))
    assert "Not published ideas of this round: I-999999." in removing


def test_edit_errors_are_shown_next_to_the_fields(client, commitment, admin):
    client.login_as(admin)
    before = row_counts()
    page = _page(client.post_form(f"/panel/commitments/{commitment.id}/edit",
                                  _edit_form(commitment, title="", idea_refs="")))
    assert "Enter at least one idea reference" in page
    page = _page(client.post_form(f"/panel/commitments/{commitment.id}/edit",
                                  _edit_form(commitment, title="x" * 201, commit_to="")))
    assert "Keep this to 200 characters or fewer." in page
    assert "Say what government should commit to." in page
    lost = _page(client.post_form(f"/panel/commitments/{commitment.id}/edit",
                                  _edit_form(commitment, title="New", expected_version="")))
    assert "lost track of the version" in lost
    assert row_counts() == before


def test_a_stale_edit_is_refused_showing_the_other_persons_text(client, round_, commitment,
                                                                admin, panellist):
    _allow_panellists(round_)
    client.login_as(admin)
    loaded = _edit_form(commitment)  # the admin opens the form at version 1 …
    services.update_commitment(panellist, commitment, expected_version=1,  # … the panellist saves
                               commit_to="Publish every contract over £10,000.")
    before = row_counts()
    response = client.post_form(f"/panel/commitments/{commitment.id}/edit",
                                {**loaded, "commit_to": "Publish contracts within 30 days."})
    assert response.status_code == 200
    page = _page(response)
    assert "Someone else changed this commitment while you were editing." in page
    assert "Nothing was overwritten" in page
    assert "Version 2, saved by Pat Panellist" in page
    assert "Publish every contract over £10,000." in page  # theirs
    assert "Publish contracts within 30 days." in page  # yours, still in the form
    assert 'name="expected_version" type="hidden" value="2"' in page
    assert row_counts() == before
    db.session.expire_all()
    assert commitment.commit_to == "Publish every contract over £10,000."

    # Having compared, saving again is a deliberate new version.
    again = client.post_form(f"/panel/commitments/{commitment.id}/edit",
                             {**loaded, "commit_to": "Publish contracts within 30 days.",
                              "expected_version": "2"})
    assert again.status_code == 302
    db.session.expire_all()
    assert (commitment.commit_to, commitment.version) == ("Publish contracts within 30 days.", 3)


# --- who may -------------------------------------------------------------------------------

def _allow_panellists(round_, allowed: bool = True) -> None:
    round_.panellists_create_commitments = allowed
    db.session.commit()


def test_a_panellist_edits_only_where_the_round_allows_it(client, round_, commitment, panellist):
    client.login_as(panellist)
    url = f"/panel/commitments/{commitment.id}/edit"
    before = row_counts()
    assert client.get(url).status_code == 403
    refused = client.post_form(url, _edit_form(commitment, title="Changed"))
    assert refused.status_code == 403 and "where the round allows it" in _page(refused)
    assert row_counts() == before

    _allow_panellists(round_)
    assert "Edit this commitment" in _page(client.get(f"/panel/commitments/{commitment.id}"))
    assert client.post_form(url, _edit_form(commitment, title="Changed")).status_code == 302


def test_after_publication_only_administrators_correct(client, round_, commitment, admin,
                                                       panellist):
    _allow_panellists(round_)
    round_.phase = "published"
    db.session.commit()
    client.login_as(panellist)
    assert client.get(f"/panel/commitments/{commitment.id}/edit").status_code == 403
    assert client.get(f"/panel/commitments/{commitment.id}").status_code == 200
    client.login_as(admin)
    assert client.get(f"/panel/commitments/{commitment.id}/edit").status_code == 200


@pytest.mark.parametrize("role", ["facilitator", "moderator", None])
def test_others_are_refused_every_commitment_page(client, round_, commitment, role):
    _allow_panellists(round_)
    client.login_as(make_user(roles=(role,) if role else ()))
    before = row_counts()
    for response in (client.get(f"/panel/commitments/{commitment.id}"),
                     client.get(f"/panel/commitments/{commitment.id}/versions/1"),
                     client.get(f"/panel/commitments/{commitment.id}/edit"),
                     client.post_form(f"/panel/commitments/{commitment.id}/edit",
                                      _edit_form(commitment, title="Changed"))):
        assert response.status_code == 403
    assert row_counts() == before


def test_visitors_are_sent_to_sign_in_and_unknown_ids_are_404(client, commitment, admin):
    for url in (f"/panel/commitments/{commitment.id}",
                f"/panel/commitments/{commitment.id}/versions/1",
                f"/panel/commitments/{commitment.id}/edit"):
        assert is_login_redirect(client.get(url), next_path=url)
    client.login_as(admin)
    for url in ("/panel/commitments/999999", "/panel/commitments/999999/edit",
                "/panel/commitments/99999999999999999999",
                f"/panel/commitments/{commitment.id}/versions/99999999999999999999"):
        assert client.get(url).status_code == 404
