from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from manifesto.audit import AuditEvent
from manifesto.extensions import db
from manifesto.rounds.models import Round, Theme
from tests.factories import make_round, make_user

ROUND_FORM = {
    "title": "Open Government Manifesto 2027",
    "slug": "",
    "introduction": "Tell us what the next government should commit to.",
    "opens_at": "2027-01-10T09:00",
    "closes_at": "2027-07-01T18:00",
    "phase": "open",
}


@pytest.fixture
def admin(client):
    user = make_user(roles=("admin",))
    client.login_as(user)
    return user


def admin_urls(round_id, theme_id):
    return [
        ("get", "/admin/"),
        ("get", "/admin/rounds/new"),
        ("post", "/admin/rounds/new"),
        ("get", f"/admin/rounds/{round_id}/edit"),
        ("post", f"/admin/rounds/{round_id}/edit"),
        ("get", f"/admin/rounds/{round_id}/themes"),
        ("post", f"/admin/rounds/{round_id}/themes"),
        ("get", f"/admin/themes/{theme_id}/edit"),
        ("post", f"/admin/themes/{theme_id}/move"),
    ]


def test_anonymous_visitors_are_sent_to_sign_in(client):
    round_ = make_round()
    for method, url in admin_urls(round_.id, round_.themes[0].id):
        if method == "get":
            response = client.get(url)
            assert response.status_code == 302, url
            assert "/account/login" in response.headers["Location"]
        else:
            assert client.post_form(url, {"direction": "up"}).status_code == 401, url


def test_signed_in_non_admins_are_refused(client):
    round_ = make_round()
    client.login_as(make_user(roles=("moderator", "panellist")))
    for method, url in admin_urls(round_.id, round_.themes[0].id):
        if method == "get":
            response = client.get(url)
        else:
            response = client.post_form(url, {**ROUND_FORM, "direction": "up", "name": "X"})
        assert response.status_code == 403, url
    assert len(list(db.session.scalars(select(Round)))) == 1
    assert db.session.scalar(select(AuditEvent)) is None


def test_admin_list_shows_drafts(client, admin):
    make_round(slug="secret-plan", phase="draft", title="Secret plan")
    page = client.get("/admin/").get_data(as_text=True)
    assert "Secret plan" in page and "Draft" in page and "Create a round" in page


def test_create_round_converts_uk_summer_time_to_utc(client, admin):
    page = client.get("/admin/rounds/new").get_data(as_text=True)
    assert 'type="datetime-local"' in page and "UK time" in page
    response = client.post_form("/admin/rounds/new", ROUND_FORM)
    assert response.status_code == 302
    round_ = db.session.scalar(select(Round))
    assert round_.slug == "open-government-manifesto-2027"  # suggested from the title
    assert round_.closes_at == datetime(2027, 7, 1, 17, 0, tzinfo=timezone.utc)  # BST
    assert round_.opens_at == datetime(2027, 1, 10, 9, 0, tzinfo=timezone.utc)  # GMT
    assert response.headers["Location"].endswith(f"/admin/rounds/{round_.id}/themes")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "round.created"))
    assert event.actor_id == admin.id


def test_edit_form_shows_uk_times_and_saves_changes(client, admin):
    client.post_form("/admin/rounds/new", ROUND_FORM)
    round_ = db.session.scalar(select(Round))
    page = client.get(f"/admin/rounds/{round_.id}/edit").get_data(as_text=True)
    assert 'value="2027-07-01T18:00"' in page  # shown in UK time, as typed
    response = client.post_form(f"/admin/rounds/{round_.id}/edit", {
        **ROUND_FORM, "slug": "manifesto-2027", "closes_at": "2027-11-01T17:00", "phase": "assessment",
    })
    assert response.status_code == 302
    db.session.expire_all()
    round_ = db.session.get(Round, round_.id)
    assert round_.slug == "manifesto-2027" and round_.phase == "assessment"
    assert round_.closes_at == datetime(2027, 11, 1, 17, 0, tzinfo=timezone.utc)  # GMT again
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "round.updated"))
    assert set(event.after) == {"slug", "closes_at", "phase"}


def test_round_form_errors_are_shown_next_to_fields_and_in_a_summary(client, admin):
    make_round(slug="taken")
    response = client.post_form("/admin/rounds/new", {
        **ROUND_FORM, "title": "", "slug": "Bad Slug!", "opens_at": "next tuesday", "closes_at": "",
        "phase": "imaginary",
    })
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "There is a problem" in page
    for message in ("Enter a title.", "Lowercase", "Enter a date and time, for example",
                    "Enter the closing date and time.", "Choose a phase."):
        assert message.lower() in page.lower(), message
    assert 'id="title-error"' in page and 'aria-invalid="true"' in page
    assert 'value="next tuesday"' in page  # what was typed is kept

    response = client.post_form("/admin/rounds/new", {**ROUND_FORM, "slug": "taken"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Another round already uses this web address name." in page
    response = client.post_form("/admin/rounds/new", {**ROUND_FORM, "closes_at": "2027-01-01T09:00"})
    assert "The closing time must be after the opening time." in response.get_data(as_text=True)
    assert len(list(db.session.scalars(select(Round)))) == 1


def test_missing_round_is_404(client, admin):
    assert client.get("/admin/rounds/999/edit").status_code == 404
    assert client.get("/admin/themes/999/edit").status_code == 404


def test_add_edit_and_reorder_themes(client, admin):
    round_ = make_round(themes=("Open data", "Anti-corruption"))
    url = f"/admin/rounds/{round_.id}/themes"
    response = client.post_form(url, {"name": "Lobbying", "description": "Who meets whom."})
    assert response.status_code == 302
    response = client.post_form(url, {"name": "open DATA"})
    assert response.status_code == 200
    assert "This round already has a theme with this name." in response.get_data(as_text=True)

    theme = db.session.scalar(select(Theme).where(Theme.name == "Lobbying"))
    page = client.get(url).get_data(as_text=True)
    assert page.index("Open data") < page.index("Anti-corruption") < page.index("Lobbying")
    assert "Move up" in page and "Move down" in page

    assert client.post_form(f"/admin/themes/{theme.id}/move", {"direction": "up"}).status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert page.index("Lobbying") < page.index("Anti-corruption")
    assert client.post_form(f"/admin/themes/{theme.id}/move", {"direction": "sideways"}).status_code == 400
    assert client.get(f"/admin/themes/{theme.id}/move").status_code == 405

    response = client.post_form(f"/admin/themes/{theme.id}/edit",
                                {"name": "Lobbying transparency", "description": "Who meets ministers."})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Theme, theme.id).name == "Lobbying transparency"
    response = client.post_form(f"/admin/themes/{theme.id}/edit", {"name": ""})
    assert "Enter a name for the theme." in response.get_data(as_text=True)
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"theme.created", "theme.moved", "theme.updated"} <= actions


def test_theme_names_are_escaped_in_the_move_buttons(client, admin):
    round_ = make_round(themes=("<b>Bold</b>", "Open data"))
    page = client.get(f"/admin/rounds/{round_.id}/themes").get_data(as_text=True)
    assert "<b>Bold</b>" not in page
    assert 'Move down<span class="visually-hidden"> &lt;b&gt;Bold&lt;/b&gt;</span>' in page
