"""Who may record what, and the admin pages doing it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from manifesto.extensions import db
from manifesto.parties.models import Party, PartyResponse, ProgressUpdate
from tests.factories import make_commitment, make_round, make_user
from tests.parties.factory import make_party, make_published_round, make_response
from tests.parties.helpers import page
from tests.route_walk import is_login_redirect, row_counts


@pytest.fixture
def setting():
    admin = make_user(roles=("admin",), display_name="Ada Admin")
    round_, commitments = make_published_round(2, admin=admin)
    party = make_party("Labour Party", "Labour")
    return {"admin": admin, "round": round_, "commitment": commitments[0], "party": party}


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _record(client, setting, **values):
    data = {"party": str(setting["party"].id), "stance": "committed", "quote": "We will.",
            "evidence_url": "https://example.org/labour", "stated_on": "14/03/2026", **values}
    return client.post_form(f"/admin/commitments/{setting['commitment'].id}/responses", data)


def _pages(setting, party_id):
    c = setting["commitment"].id
    slug = setting["round"].slug
    return {
        "GET": ["/admin/parties", "/admin/parties/new", f"/admin/parties/{party_id}/edit",
                f"/admin/rounds/{slug}/responses", f"/admin/commitments/{c}/responses",
                f"/admin/commitments/{c}/progress", f"/admin/rounds/{slug}/responses/upload",
                f"/admin/rounds/{slug}/responses/template.csv"],
        "POST": ["/admin/parties/new", f"/admin/parties/{party_id}/edit",
                 f"/admin/parties/{party_id}/delete", f"/admin/commitments/{c}/responses",
                 f"/admin/commitments/{c}/progress", f"/admin/rounds/{slug}/responses/upload"],
    }


@pytest.mark.parametrize("role", ["participant", "panellist", "facilitator", "moderator"])
def test_only_administrators_manage_parties_and_record(client, setting, role):
    person = make_user(roles=(role,) if role != "participant" else ())
    client.login_as(person)
    pages = _pages(setting, setting["party"].id)
    before = row_counts()
    for url in pages["GET"]:
        response = client.get(url)
        assert response.status_code == 403, url
    for url in pages["POST"]:
        response = _record(client, setting) if "responses" in url and "admin/c" in url \
            else client.post_form(url, {"name": "X", "stance": "committed", "status": "delivered"})
        assert response.status_code == 403, url
    assert row_counts() == before


def test_visitors_are_sent_to_sign_in_and_change_nothing(client, setting):
    pages = _pages(setting, setting["party"].id)
    before = row_counts()
    for url in pages["GET"]:
        assert is_login_redirect(client.get(url)), url
    assert _record(client, setting).status_code in (302, 401)
    assert row_counts() == before


def test_an_admin_adds_and_edits_a_party(client, setting):
    client.login_as(setting["admin"])
    response = client.post_form("/admin/parties/new", {
        "name": "Scottish National Party", "short_name": "SNP", "colour": "#FDF38E",
        "nations": ["scotland"], "website": "https://www.snp.org"})
    assert response.status_code == 302
    snp = db.session.scalar(select(Party).where(Party.short_name == "SNP"))
    assert (snp.colour, snp.nations, snp.text_colour) == ("#fdf38e", ["scotland"], "#000000")
    listing = page(client.get("/admin/parties"))
    assert "Scottish National Party" in listing and "Scotland" in listing
    form = client.get(f"/admin/parties/{snp.id}/edit").get_data(as_text=True)
    assert 'value="scotland" checked' in form or "checked value=\"scotland\"" in form \
        or ('value="scotland"' in form and "checked" in form)


def test_party_form_errors_show_next_to_the_fields(client, setting):
    client.login_as(setting["admin"])
    response = client.post_form("/admin/parties/new", {"name": "", "colour": "red",
                                                       "website": "www.example.org"})
    assert response.status_code == 422
    text = page(response)
    assert "There is a problem" in text
    assert "Enter the party's name." in text and "#1d4f91" in text
    assert "Choose at least one nation" in text and "starting with https://" in text
    assert _count(Party) == 1


def test_an_admin_records_and_changes_a_response_by_form(client, setting):
    client.login_as(setting["admin"])
    response = _record(client, setting, stance="partly", quote="We will consider it.")
    assert response.status_code == 302
    assert "Recorded Labour Party's response: Partly committed." in page(client.get(
        response.headers["Location"]))
    form = client.get(f"/admin/commitments/{setting['commitment'].id}/responses"
                      f"?party={setting['party'].id}").get_data(as_text=True)
    assert "We will consider it." in form and 'value="14/03/2026"' in form
    _record(client, setting, stance="committed", quote="We will do it.")
    found = db.session.scalar(select(PartyResponse))
    assert (found.stance, found.stated_on, found.recorded_by_id) == (
        "committed", date(2026, 3, 14), setting["admin"].id)
    history = page(client.get(f"/responses/{found.id}"))
    assert "changed from partly committed to committed by Ada Admin" in history
    assert "Quotation was: We will consider it." in history


def test_response_form_errors_are_shown_and_nothing_saved(client, setting):
    client.login_as(setting["admin"])
    response = _record(client, setting, party="", stance="", stated_on="31/02/2026",
                       evidence_url="ftp://x")
    assert response.status_code == 422
    text = page(response)
    assert "Choose the party whose response this is." in text
    response = _record(client, setting, stance="", stated_on="31/02/2026",
                       evidence_url="ftp://x")
    text = page(response)
    assert "Choose the party's stance" in text and "day first" in text
    assert "starting with https://" in text
    assert _count(PartyResponse) == 0


def test_draft_commitments_take_no_responses_or_progress(client, setting):
    client.login_as(setting["admin"])
    draft = make_commitment(make_round(phase="assessment"), actor=setting["admin"])
    page_ = client.get(f"/admin/commitments/{draft.id}/responses")
    assert page_.status_code == 200 and "not in a published manifesto" in page(page_)
    response = client.post_form(f"/admin/commitments/{draft.id}/responses",
                                {"party": str(setting["party"].id), "stance": "committed",
                                 "quote": "Yes"})
    assert response.status_code == 409
    response = client.post_form(f"/admin/commitments/{draft.id}/progress",
                                {"status": "delivered", "note": "Done",
                                 "happened_on": "01/02/2026"})
    assert response.status_code == 409
    assert _count(PartyResponse) == 0 and _count(ProgressUpdate) == 0


def test_an_admin_adds_progress_and_the_public_timeline_shows_it(client, setting):
    client.login_as(setting["admin"])
    c = setting["commitment"].id
    for status, day, note in (("in_action_plan", "01/09/2025", "In the national action plan."),
                              ("delivered", "15/01/2026", "The register went live."),
                              ("in_progress", "01/11/2025", "Consultation opened.")):
        response = client.post_form(f"/admin/commitments/{c}/progress",
                                    {"status": status, "happened_on": day, "note": note,
                                     "source_url": "https://gov.example.org/news"})
        assert response.status_code == 302
    client.logout()
    text = page(client.get(f"/commitments/{c}/progress"))
    assert "Now: Delivered (as of 15 January 2026)" in text
    assert text.index("15 January 2026 Delivered") < text.index("1 November 2025 In progress") \
        < text.index("1 September 2025 In the national action plan")


def test_progress_form_errors(client, setting):
    client.login_as(setting["admin"])
    response = client.post_form(f"/admin/commitments/{setting['commitment'].id}/progress",
                                {"status": "", "happened_on": "", "note": ""})
    assert response.status_code == 422
    text = page(response)
    assert "Choose where the commitment has got to." in text
    assert "Enter the date this happened" in text
    assert _count(ProgressUpdate) == 0


def test_following_from_the_page(client, setting, outbox):
    fan = make_user()
    c = setting["commitment"]
    responses_url = f"/commitments/{c.id}/responses"
    assert "Sign in to follow this commitment" in page(client.get(responses_url))
    client.login_as(fan)
    response = client.post_form(f"/commitments/{c.id}/follow",
                                {"next": f"/commitments/{c.id}/progress"})
    assert response.headers["Location"].endswith(f"/commitments/{c.id}/progress")
    assert "Stop following" in page(client.get(responses_url))
    client.logout()
    client.login_as(setting["admin"])
    _record(client, setting)
    from manifesto.parties.models import MailOutbox

    assert db.session.scalar(select(MailOutbox.user_id)) == fan.id
    assert outbox == []  # sent by the background sender / flask send-mail, not the request
    client.logout()
    client.login_as(fan)
    response = client.post_form(f"/commitments/{c.id}/unfollow", {"next": "https://evil.example"})
    assert response.headers["Location"].endswith(responses_url)
    assert "Follow this commitment" in page(client.get(responses_url))


def test_user_text_is_shown_escaped(client, setting):
    evil = '<script>alert(1)</script><img src=x onerror=alert(2)>'
    client.login_as(setting["admin"])
    party = make_party(name=f"Party {evil}"[:120], short_name="<b>x</b>")
    found = make_response(party, setting["commitment"], quote=evil, actor=setting["admin"])
    from manifesto.parties import progress

    progress.add_progress(setting["admin"], setting["commitment"], status="in_progress",
                          note=evil, happened_on=date(2026, 1, 2))
    client.logout()
    for url in (f"/rounds/{setting['round'].slug}/scorecard", f"/responses/{found.id}",
                f"/commitments/{setting['commitment'].id}/responses",
                f"/commitments/{setting['commitment'].id}/progress"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)" not in html and "<b>x</b>" not in html, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html or "&lt;b&gt;x&lt;/b&gt;" in html
