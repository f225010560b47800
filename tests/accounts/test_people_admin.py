"""Administrators find people and give or take away their roles; every
change is audited, and nobody can remove their own administrator role."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

from manifesto.accounts import services
from manifesto.accounts.models import User
from manifesto.audit import AuditEvent
from manifesto.extensions import db
from tests.factories import make_user
from tests.querycount import counting_statements
from tests.route_walk import is_login_redirect, row_counts


@pytest.fixture
def admin():
    return make_user(display_name="Ada Admin", email="ada@example.org", roles=("admin",))


def _page(response) -> str:
    return unescape(response.get_data(as_text=True))


def _roles(user_id: int) -> set[str]:
    db.session.expire_all()
    return db.session.get(User, user_id).roles


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                                   .order_by(AuditEvent.id)))


def test_the_people_list_shows_roles_and_searches_names_and_emails(client, admin):
    make_user(display_name="Fola Facilitator", email="fola@wales.example", roles=("facilitator",))
    make_user(display_name="Percy Panellist", email="percy@example.org", roles=("panellist", "moderator"))
    client.login_as(admin)
    page = _page(client.get("/admin/people"))
    assert "3 people" in page
    assert "Fola Facilitator" in page and "Facilitator" in page
    assert "Moderator, Panellist" in page and "Administrator" in page
    by_name = _page(client.get("/admin/people?q=FOLA"))
    assert "Fola Facilitator" in by_name and "Percy Panellist" not in by_name
    by_email = _page(client.get("/admin/people?q=wales.example"))
    assert "1 person matching “wales.example”" in by_email and "Fola Facilitator" in by_email
    nothing = _page(client.get("/admin/people?q=%25"))  # a LIKE wildcard matches only itself
    assert "No one matches “%”." in nothing


def test_the_people_list_pages_by_fifty_in_a_fixed_number_of_queries(client, admin):
    for n in range(55):
        make_user(display_name=f"Person {n:02d}")
    client.login_as(admin)
    with counting_statements() as statements:
        first = _page(client.get("/admin/people"))
    assert "56 people, page 1 of 2." in first and first.count('href="/admin/people/') == 50
    assert 'href="/admin/people?page=2"' in first
    second = _page(client.get("/admin/people?page=2"))
    assert second.count('href="/admin/people/') == 6
    assert len(statements) <= 6


def test_granting_and_revoking_roles_is_audited(client, admin):
    person = make_user(display_name="Fola", roles=("moderator",))
    client.login_as(admin)
    url = f"/admin/people/{person.id}"
    form = _page(client.get(url))
    assert re.search(r'<input [^>]*checked id="moderator"', form)
    assert not re.search(r'<input [^>]*checked id="facilitator"', form)
    response = client.post_form(url, {"facilitator": "y", "panellist": "y"})
    assert response.status_code == 302 and response.headers["Location"].endswith(url)
    assert _roles(person.id) == {"participant", "facilitator", "panellist"}
    page = _page(client.get(url))
    assert "Roles of Fola saved: added facilitator, panellist; removed moderator." in page
    granted, revoked = _events("account.role_granted"), _events("account.role_revoked")
    assert len(granted) == 2 and len(revoked) == 1
    assert all(event.actor_id == admin.id and event.target_id == person.id
               for event in granted + revoked)
    assert revoked[0].before["roles"] == ["facilitator", "moderator", "panellist", "participant"]
    assert revoked[0].after["roles"] == ["facilitator", "panellist", "participant"]
    # Saving again without a change records nothing.
    client.post_form(url, {"facilitator": "y", "panellist": "y"})
    assert "No change" in _page(client.get(url))
    assert len(_events("account.role_granted") + _events("account.role_revoked")) == 3


def test_an_administrator_cannot_remove_their_own_admin_role(client, admin):
    client.login_as(admin)
    url = f"/admin/people/{admin.id}"
    assert "you cannot remove your own administrator role" in _page(client.get(url))
    before = row_counts()
    response = client.post_form(url, {"facilitator": "y"})
    assert response.status_code == 200
    page = _page(response)
    assert 'id="admin-error"' in page
    assert "Administrator: You cannot remove your own administrator role." in page
    assert row_counts() == before
    assert _roles(admin.id) == {"participant", "admin"}


def test_another_administrator_can_remove_the_admin_role(client, admin):
    other = make_user(roles=("admin",))
    client.login_as(admin)
    assert client.post_form(f"/admin/people/{other.id}", {}).status_code == 302
    assert _roles(other.id) == {"participant"}


def test_the_service_refuses_to_drop_ones_own_admin_role(admin):
    with pytest.raises(services.AccountError) as error:
        services.revoke_role(admin, "admin", actor=admin)
    assert error.value.field == "admin"
    assert _roles(admin.id) == {"participant", "admin"}
    with pytest.raises(services.AccountError):
        services.revoke_role(admin, "participant", actor=None)


def test_people_pages_are_for_administrators_only(client, admin):
    urls = ["/admin/people", f"/admin/people/{admin.id}"]
    for url in urls:
        assert is_login_redirect(client.get(url), next_path=url)
    for roles in ((), ("facilitator",), ("moderator", "panellist")):
        client.login_as(make_user(roles=roles))
        for url in urls:
            assert client.get(url).status_code == 403, (roles, url)
        assert client.post_form(urls[1], {}).status_code == 403
    assert _roles(admin.id) == {"participant", "admin"}


def test_changing_roles_needs_the_csrf_token(client, admin):
    person = make_user()
    client.login_as(admin)
    response = client.post(f"/admin/people/{person.id}", data={"admin": "y"})
    assert response.status_code == 400
    assert _roles(person.id) == {"participant"}


def test_an_unknown_person_is_not_found(client, admin):
    client.login_as(admin)
    assert client.get("/admin/people/999999").status_code == 404


def test_the_admin_home_links_to_people(client, admin):
    client.login_as(admin)
    assert 'href="/admin/people"' in client.get("/admin/").get_data(as_text=True)
