"""Changing a password, and resetting a forgotten one by email."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from manifesto.accounts import services
from manifesto.audit import AuditEvent
from manifesto.extensions import db
from tests.factories import DEFAULT_PASSWORD, make_user

CHANGE = "/account/password"
FORGOT = "/account/password/forgot"
ACCOUNT = "/account/"
NEW_PASSWORD = "a brand new long passphrase"
SAME_ANSWER = "If an account exists for that address, we have sent a link"


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def sign_in(client, email: str, password: str = DEFAULT_PASSWORD, **extra):
    return client.post_form("/account/login", {"email": email, "password": password, **extra})


def change(client, current=DEFAULT_PASSWORD, new=NEW_PASSWORD, confirm=None):
    return client.post_form(CHANGE, {"current_password": current, "new_password": new,
                                     "confirm": new if confirm is None else confirm})


# --- changing the password --------------------------------------------------

def test_change_password_page(client):
    client.login_as(make_user())
    page = client.get(CHANGE).get_data(as_text=True)
    assert 'autocomplete="current-password"' in page
    assert page.count('autocomplete="new-password"') == 2


def test_change_password_needs_sign_in(client):
    assert client.get(CHANGE).headers["Location"].startswith("/account/login")


def test_wrong_current_password_is_a_field_error(client):
    user = make_user()
    client.login_as(user)
    response = change(client, current="not my password")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="current_password-error"' in page
    assert "Your current password is not right." in page
    assert services.authenticate(user.email, DEFAULT_PASSWORD) == user
    assert actions() == []


@pytest.mark.parametrize(("new", "confirm", "message"), [
    ("short", "short", "Password must be at least 10 characters."),
    (NEW_PASSWORD, "something different", "The two passwords do not match."),
])
def test_new_password_is_checked(client, new, confirm, message):
    client.login_as(make_user())
    response = change(client, new=new, confirm=confirm)
    assert message in response.get_data(as_text=True)
    assert actions() == []


def test_change_password_keeps_this_session_and_ends_the_others(app, client):
    user = make_user(email="ada@example.org")
    sign_in(client, "ada@example.org", remember="y")
    elsewhere = app.test_client()
    sign_in(elsewhere, "ada@example.org")

    response = change(client)
    assert response.status_code == 302 and response.headers["Location"] == ACCOUNT
    assert client.get(ACCOUNT).status_code == 200
    assert elsewhere.get(ACCOUNT).status_code == 302
    assert services.authenticate("ada@example.org", NEW_PASSWORD) == user
    assert actions()[-1] == "account.password_changed"
    # This device stays remembered: a fresh remember cookie was issued.
    assert any(c.startswith("remember_token=") and "Expires=Thu, 01 Jan 1970" not in c
               for c in response.headers.getlist("Set-Cookie"))


def test_change_password_without_csrf_token_is_refused(client):
    user = make_user()
    client.login_as(user)
    response = client.post(CHANGE, data={"current_password": DEFAULT_PASSWORD,
                                         "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 400
    assert services.authenticate(user.email, DEFAULT_PASSWORD) == user


# --- forgotten passwords ----------------------------------------------------

def reset_path(message) -> str:
    link = re.search(r"https?://\S+", message.get_content()).group(0)
    assert link.startswith("http://localhost/account/password/reset/")
    return urlsplit(link).path


def request_reset(client, outbox, email="ada@example.org") -> str:
    response = client.post_form(FORGOT, {"email": email})
    assert response.status_code == 302
    return reset_path(outbox[-1])


def test_forgot_password_says_the_same_whether_or_not_the_account_exists(client, outbox):
    make_user(email="Ada@Example.org", display_name="Ada")
    for email in ("nobody@example.org", "ADA@example.org"):
        response = client.post_form(FORGOT, {"email": email}, follow_redirects=True)
        assert response.status_code == 200
        assert SAME_ANSWER in response.get_data(as_text=True)
    assert len(outbox) == 1
    message = outbox[0]
    assert message["To"] == "Ada@Example.org"
    assert "Reset your" in message["Subject"]
    assert "Hello Ada" in message.get_content()
    assert actions() == ["account.password_reset_requested"]


def test_forgot_password_validates_the_address(client, outbox):
    response = client.post_form(FORGOT, {"email": "not an email"})
    assert response.status_code == 200
    assert "Enter an email address like name@example.org." in response.get_data(as_text=True)
    assert outbox == []


def test_forgot_password_is_rate_limited(app, client, outbox):
    make_user(email="ada@example.org")
    old = app.config["PASSWORD_RESET_RATE_LIMIT"]
    app.config["PASSWORD_RESET_RATE_LIMIT"] = "2 per minute"
    try:
        for _ in range(2):
            assert client.post_form(FORGOT, {"email": "ada@example.org"}).status_code == 302
        assert client.post_form(FORGOT, {"email": "ada@example.org"}).status_code == 429
    finally:
        app.config["PASSWORD_RESET_RATE_LIMIT"] = old
    assert len(outbox) == 2


def test_reset_link_sets_a_new_password_and_signs_in(app, client, outbox):
    user = make_user(email="ada@example.org")
    elsewhere = app.test_client()
    sign_in(elsewhere, "ada@example.org")
    path = request_reset(client, outbox)

    page = client.get(path)
    assert page.status_code == 200
    assert "Choose a new password" in page.get_data(as_text=True)
    response = client.post_form(path, {"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == ACCOUNT
    assert client.get(ACCOUNT).status_code == 200  # signed in here
    assert elsewhere.get(ACCOUNT).status_code == 302  # and out everywhere else
    assert services.authenticate("ada@example.org", NEW_PASSWORD) == user
    assert actions()[-1] == "account.password_reset"


def test_reset_form_checks_the_new_password(client, outbox):
    user = make_user(email="ada@example.org")
    path = request_reset(client, outbox)
    response = client.post_form(path, {"new_password": "short", "confirm": "short"})
    assert response.status_code == 200
    assert "Password must be at least 10 characters." in response.get_data(as_text=True)
    assert services.authenticate("ada@example.org", DEFAULT_PASSWORD) == user


def test_reset_link_works_once(client, outbox):
    make_user(email="ada@example.org")
    path = request_reset(client, outbox)
    client.post_form(path, {"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    for response in (client.get(path),
                     client.post_form(path, {"new_password": "yet another password", "confirm": "yet another password"})):
        page = response.get_data(as_text=True)
        assert response.status_code == 400
        assert "This link does not work" in page
        assert 'href="/account/password/forgot"' in page
    assert services.authenticate("ada@example.org", NEW_PASSWORD) is not None


def test_expired_reset_link(app, client, outbox, monkeypatch):
    make_user(email="ada@example.org")
    path = request_reset(client, outbox)
    monkeypatch.setitem(app.config, "PASSWORD_RESET_MAX_AGE", -1)
    response = client.get(path)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This link has expired" in page
    assert "Ask for a new link" in page


@pytest.mark.parametrize("token", ["nonsense", "a.b.c", "x" * 500, "%00"])
def test_tampered_reset_link_is_not_a_server_error(client, token):
    response = client.get("/account/password/reset/" + token)
    assert response.status_code == 400
    assert "This link does not work" in response.get_data(as_text=True)


def test_altered_real_reset_link_is_refused(client, outbox):
    make_user(email="ada@example.org")
    path = request_reset(client, outbox)
    altered = path[:-3] + ("abc" if not path.endswith("abc") else "xyz")
    assert client.get(altered).status_code == 400


def test_reset_without_csrf_token_is_refused(client, outbox):
    user = make_user(email="ada@example.org")
    path = request_reset(client, outbox)
    response = client.post(path, data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 400
    assert services.authenticate("ada@example.org", DEFAULT_PASSWORD) == user
