"""Registering, signing in and out, the account page, rate limits."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from sqlalchemy import select

from manifesto.accounts.models import User
from manifesto.audit import AuditEvent
from manifesto.extensions import db
from tests.factories import DEFAULT_PASSWORD, make_user

LOGIN = "/account/login"
REGISTER = "/account/register"
LOGOUT = "/account/logout"
ACCOUNT = "/account/"


def registration(**overrides) -> dict:
    data = {"email": "Ada@Example.org", "display_name": "Ada Lovelace",
            "password": DEFAULT_PASSWORD, "confirm": DEFAULT_PASSWORD}
    data.update(overrides)
    return data


def sign_in(client, email: str, password: str = DEFAULT_PASSWORD, **extra):
    return client.post_form(LOGIN + extra.pop("query", ""), {"email": email, "password": password, **extra})


def user_count() -> int:
    return db.session.scalar(select(db.func.count(User.id)))


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


@contextmanager
def config_value(app, key, value):
    old = app.config[key]
    app.config[key] = value
    try:
        yield
    finally:
        app.config[key] = old


# --- registering ------------------------------------------------------------

def test_register_page_has_labels_hints_and_autocomplete(client):
    page = client.get(REGISTER).get_data(as_text=True)
    assert '<label class="label" for="email">Email address</label>' in page
    assert 'type="email"' in page and 'autocomplete="email"' in page
    assert page.count('autocomplete="new-password"') == 2
    assert "Shown publicly next to your ideas, comments and support" in page
    assert "At least 10 characters" in page


def test_register_creates_the_account_and_signs_in(client):
    response = client.post_form(REGISTER, registration())
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    user = db.session.scalars(select(User)).one()
    assert (user.email, user.display_name) == ("Ada@Example.org", "Ada Lovelace")
    assert actions() == ["account.registered"]
    page = client.get(ACCOUNT)
    assert page.status_code == 200
    assert "Ada@Example.org" in page.get_data(as_text=True)


def test_register_goes_to_a_safe_next(client):
    response = client.post_form(REGISTER + "?next=/rounds/x", registration())
    assert response.headers["Location"] == "/rounds/x"


def test_register_refuses_an_email_taken_in_another_case(client):
    make_user(email="ada@example.org")
    response = client.post_form(REGISTER, registration(email="ADA@EXAMPLE.ORG"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert 'id="email-error"' in page and "already exists" in page
    assert user_count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": "not an email"}, "Enter an email address like name@example.org."),
        ({"email": ""}, "Enter your email address."),
        ({"display_name": " "}, "Enter the name to show next to your contributions."),
        ({"password": "short", "confirm": "short"}, "Password must be at least 10 characters."),
        ({"confirm": "something else entirely"}, "The two passwords do not match."),
    ],
)
def test_register_shows_field_errors(client, overrides, message):
    response = client.post_form(REGISTER, registration(**overrides))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page
    assert 'aria-invalid="true"' in page
    assert DEFAULT_PASSWORD not in page  # passwords are never echoed back
    assert user_count() == 0


def test_register_without_csrf_token_is_refused(client):
    response = client.post(REGISTER, data=registration())
    assert response.status_code == 400
    assert "Form expired" in response.get_data(as_text=True)
    assert user_count() == 0


def test_signed_in_people_are_sent_from_register_and_login_to_their_account(client):
    client.login_as(make_user())
    assert client.get(REGISTER).headers["Location"] == ACCOUNT
    assert client.get(LOGIN).headers["Location"] == ACCOUNT


# --- signing in -------------------------------------------------------------

def test_login_page(client):
    page = client.get(LOGIN).get_data(as_text=True)
    assert 'type="email"' in page and 'autocomplete="email"' in page
    assert 'autocomplete="current-password"' in page
    assert "Remember me" in page
    assert 'href="/account/password/forgot"' in page


def test_login_signs_in_and_records_the_time(client):
    user = make_user(email="Ada@Example.org")
    response = sign_in(client, "ada@example.org")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    db.session.refresh(user)
    assert user.last_login_at is not None
    assert actions() == ["account.signed_in"]
    assert client.get(ACCOUNT).status_code == 200


def test_login_goes_to_a_safe_next(client):
    make_user(email="ada@example.org")
    response = sign_in(client, "ada@example.org", query="?next=/rounds/open?page=2")
    assert response.headers["Location"] == "/rounds/open?page=2"


@pytest.mark.parametrize("target", ["//evil.com", "https://evil.com", "/\\evil.com", "http:evil.com",
                                    "\\\\evil.com", "javascript:alert(1)", "/\r\nLocation: evil.com"])
def test_login_never_redirects_off_site(client, target):
    make_user(email="ada@example.org")
    page = client.get(LOGIN, query_string={"next": target}).get_data(as_text=True)
    assert "evil" not in page
    response = client.post_form(LOGIN + "?" + _query(target), {"email": "ada@example.org",
                                                               "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def _query(target: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"next": target})


def _without_values(page: str) -> str:
    return re.sub(r'value="[^"]*"', "", page)


def test_wrong_password_and_unknown_email_get_the_same_answer(client):
    make_user(email="ada@example.org")
    wrong_password = sign_in(client, "ada@example.org", "not the password")
    unknown_email = sign_in(client, "nobody@example.org", DEFAULT_PASSWORD)
    assert wrong_password.status_code == unknown_email.status_code == 200
    assert "Email or password is not right" in wrong_password.get_data(as_text=True)
    assert _without_values(wrong_password.get_data(as_text=True)) == \
        _without_values(unknown_email.get_data(as_text=True))
    assert client.get(ACCOUNT).status_code == 302  # still signed out


def test_login_without_csrf_token_is_refused(client):
    make_user(email="ada@example.org")
    response = client.post(LOGIN, data={"email": "ada@example.org", "password": DEFAULT_PASSWORD})
    assert response.status_code == 400
    assert client.get(ACCOUNT).status_code == 302


def _set_cookies(response) -> list[str]:
    return response.headers.getlist("Set-Cookie")


def test_remember_me_sets_an_httponly_remember_cookie(client):
    make_user(email="ada@example.org")
    response = sign_in(client, "ada@example.org", remember="y")
    remember = [c for c in _set_cookies(response) if c.startswith("remember_token=")]
    assert len(remember) == 1
    assert "HttpOnly" in remember[0] and "SameSite=Lax" in remember[0]


def test_without_remember_me_there_is_no_remember_cookie(client):
    make_user(email="ada@example.org")
    response = sign_in(client, "ada@example.org")
    assert not [c for c in _set_cookies(response) if c.startswith("remember_token=")]


def test_login_posts_are_rate_limited(app, client):
    make_user(email="ada@example.org")
    with config_value(app, "LOGIN_RATE_LIMIT", "3 per minute"):
        for _ in range(3):
            assert sign_in(client, "ada@example.org", "wrong password!").status_code == 200
        response = sign_in(client, "ada@example.org")
        assert response.status_code == 429
        assert "Please wait" in response.get_data(as_text=True)
        assert client.get(LOGIN).status_code == 200  # reading the page is not limited
    # The limit is read from the configuration on every request.
    assert sign_in(client, "ada@example.org").status_code == 302


def test_register_posts_are_rate_limited(app, client):
    with config_value(app, "REGISTER_RATE_LIMIT", "2 per minute"):
        for n in range(2):
            client.post_form(REGISTER, registration(email=f"person{n}@example.org"))
            client.post_form(LOGOUT)
        response = client.post_form(REGISTER, registration(email="third@example.org"))
        assert response.status_code == 429
    assert user_count() == 2


# --- signing out ------------------------------------------------------------

def test_logout_is_post_only(client):
    client.login_as(make_user())
    assert client.get(LOGOUT).status_code == 405
    assert client.get(ACCOUNT).status_code == 200


def test_logout_without_csrf_token_is_refused(client):
    client.login_as(make_user())
    assert client.post(LOGOUT).status_code == 400
    assert client.get(ACCOUNT).status_code == 200


def test_logout_ends_every_copy_of_the_login(app, client):
    user = make_user(email="ada@example.org")
    sign_in(client, "ada@example.org", remember="y")
    session_copy = app.test_client()
    session_copy.set_cookie("session", client.get_cookie("session").value)
    remember_copy = app.test_client()
    remember_copy.set_cookie("remember_token", client.get_cookie("remember_token").value)
    assert session_copy.get(ACCOUNT).status_code == 200
    assert remember_copy.get(ACCOUNT).status_code == 200
    token = user.session_token

    response = client.post_form(LOGOUT)
    assert response.status_code == 302
    assert "You have signed out" in client.get(LOGIN).get_data(as_text=True)

    db.session.refresh(user)
    assert user.session_token != token
    assert "account.signed_out_everywhere" in actions()
    for other in (client, session_copy, remember_copy):
        response = other.get(ACCOUNT)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/account/login")


# --- the account page -------------------------------------------------------

def test_account_page_needs_sign_in(client):
    response = client.get(ACCOUNT)
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/login?next=/account/"


def test_account_page_shows_the_account(client):
    user = make_user(email="ada@example.org", display_name="Ada <b>Lovelace</b>", roles=("moderator",))
    client.login_as(user)
    page = client.get(ACCOUNT).get_data(as_text=True)
    assert "Ada &lt;b&gt;Lovelace&lt;/b&gt;" in page
    assert "ada@example.org" in page
    assert "Member since" in page
    assert "Moderator" in page and "Participant" in page
    assert 'href="/account/password"' in page
