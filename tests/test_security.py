"""The security baseline, checked across every route: CSRF on every state
change, no change on GET, headers, cookies, size limits, safe redirects and
error pages. CSP-safe markup on every page is checked in test_page_hygiene.py.
"""

from __future__ import annotations

import re

import pytest
from werkzeug.datastructures import MultiDict

from manifesto import create_app
from manifesto.extensions import db
from manifesto.security import is_safe_redirect
from tests import conftest
from tests.conftest import ManifestoClient
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.route_walk import make_world, routes, row_counts, state_changing

# Plausible values for every form field in use, so a request without its
# CSRF token would otherwise have done something.
PLAUSIBLE_FORM = MultiDict({
    "title": "A valid title", "proposal": "Do it", "problem": "Now", "scope": "uk",
    "body": "A valid comment", "want": "add", "direction": "up", "name": "A theme",
    "email": "someone@example.org", "password": DEFAULT_PASSWORD,
    "display_name": "Someone", "confirmed": "1",
})


@pytest.fixture
def world():
    return make_world()


def _layout(page: str) -> bool:
    return '<main id="main"' in page and 'class="site-header"' in page and "<h1>" in page


# --- CSRF ------------------------------------------------------------------------

@pytest.mark.parametrize("route", [r for r in routes() if state_changing(r)], ids=str)
def test_state_change_without_csrf_token_is_refused(client, world, route):
    url = route.url(world)
    if route.kind != "public":
        client.login_as(world.admin if route.kind == "role" else world.author)
    before = row_counts()
    for method in state_changing(route):
        response = client.open(url, method=method, data=PLAUSIBLE_FORM)
        assert response.status_code == 400, f"{method} {url} without a CSRF token"
        if "text/html" in response.content_type:
            assert "Form expired" in response.get_data(as_text=True)
        forged = client.open(url, method=method, data={**PLAUSIBLE_FORM, "csrf_token": "forged"})
        assert forged.status_code == 400, f"{method} {url} with a forged CSRF token"
    assert row_counts() == before


def test_a_csrf_token_from_another_session_is_refused(app, world):
    mine, theirs = app.test_client(), app.test_client()
    mine.login_as(world.other)
    theirs.login_as(world.author)
    before = row_counts()
    stolen = theirs.csrf_token()
    response = mine.post(f"/ideas/{world.idea.id}/comments",
                         data={"body": "Forged", "csrf_token": stolen})
    assert response.status_code == 400
    assert row_counts() == before


# --- no state change on GET --------------------------------------------------------

@pytest.mark.parametrize("who", ["visitor", "author", "admin"])
@pytest.mark.parametrize("route", routes(method="GET"), ids=str)
def test_get_changes_nothing(client, world, route, who):
    if who != "visitor":
        client.login_as(getattr(world, who))
    url = route.url(world)
    before = row_counts()
    response = client.get(url)
    assert response.status_code < 500
    assert row_counts() == before, f"GET {url} as {who} wrote to the database"


def test_get_with_a_state_changing_query_string_changes_nothing(client, world):
    client.login_as(world.other)
    before = row_counts()
    for url in (f"/ideas/{world.idea.id}/support?want=add",
                f"/comments/{world.comment.id}/delete?confirm=1",
                f"/rounds/{world.round.slug}/ideas/new?title=x&proposal=y&confirmed=1"):
        assert client.get(url).status_code in (200, 403, 405)
    assert row_counts() == before


# --- headers ---------------------------------------------------------------------------

def _csp(response) -> dict[str, list[str]]:
    policy = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def assert_security_headers(response, where: str) -> None:
    csp = _csp(response)
    script_src = csp.get("script-src", csp.get("default-src"))
    assert script_src, f"{where}: no script-src"
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, where
    assert "'unsafe-inline'" not in csp.get("style-src", []), where
    assert csp.get("frame-ancestors") == ["'none'"], where
    assert csp.get("object-src") == ["'none'"], where
    assert response.headers.get("X-Content-Type-Options") == "nosniff", where
    assert response.headers.get("X-Frame-Options") == "DENY", where
    assert response.headers.get("Referrer-Policy") in (
        "strict-origin-when-cross-origin", "same-origin", "no-referrer", "strict-origin"), where


@pytest.mark.parametrize("route", routes(method="GET"), ids=str)
def test_every_page_and_api_response_carries_the_security_headers(client, world, route):
    url = route.url(world)
    assert_security_headers(client.get(url), f"GET {url}")


def test_error_responses_and_redirects_carry_the_security_headers(client, world):
    assert_security_headers(client.get("/no-such-page"), "404")
    assert_security_headers(client.get("/api/v1/no-such-thing"), "API 404")
    assert_security_headers(client.get("/account/"), "redirect to sign in")
    assert_security_headers(client.post("/account/login", data={}), "CSRF 400")


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


# --- cookies ------------------------------------------------------------------------------

def _cookie(response, name: str) -> str:
    for header in response.headers.getlist("Set-Cookie"):
        if header.startswith(name + "="):
            return header
    raise AssertionError(f"no {name} cookie set; got {response.headers.getlist('Set-Cookie')}")


def _sign_in_with_the_form(client, user):
    return client.post_form("/account/login", {"email": user.email, "password": DEFAULT_PASSWORD,
                                               "remember": "y"})


def _attributes(cookie: str) -> set[str]:
    return {part.strip().lower() for part in cookie.split(";")[1:]}


def test_session_and_remember_cookies_are_httponly_and_samesite_lax(app, client):
    response = _sign_in_with_the_form(client, make_user())
    assert response.status_code == 302
    for name in (app.config["SESSION_COOKIE_NAME"], "remember_token"):
        attributes = _attributes(_cookie(response, name))
        assert "httponly" in attributes and "samesite=lax" in attributes, name
        assert "secure" not in attributes, f"{name}: Secure over plain http in development"


def test_cookies_are_secure_when_configured(app):
    user = make_user()
    user.email  # load it now: inside the other app's context it would borrow that app's engine
    secure_app = create_app({**conftest.make_test_config(app.config["SQLALCHEMY_DATABASE_URI"]),
                             "SESSION_COOKIE_SECURE": True})
    secure_app.test_client_class = ManifestoClient
    try:
        with secure_app.app_context():
            response = _sign_in_with_the_form(secure_app.test_client(), user)
            assert response.status_code == 302
            for name in ("session", "remember_token"):
                attributes = _attributes(_cookie(response, name))
                assert {"secure", "httponly", "samesite=lax"} <= attributes, name
    finally:
        with secure_app.app_context():
            db.session.remove()
            db.engine.dispose()


# --- request size ------------------------------------------------------------------------

def test_an_oversized_request_gets_the_413_page_not_a_500(app, client):
    before = row_counts()
    huge = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post_form("/account/register", {"display_name": huge})
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert _layout(page) and "larger than this site accepts" in page
    assert row_counts() == before


# --- redirects -------------------------------------------------------------------------------

UNSAFE_TARGETS = [
    None, "", " ", "//evil.com", "///evil.com", "////evil.com", "/\\evil.com", "\\\\evil.com",
    "\\/evil.com", "/\\/evil.com", "https://evil.com", "http://evil.com/path", "HTTPS://evil.com",
    "https:evil.com", "//evil.com/%2F..", "javascript:alert(1)", "JavaScript:alert(1)",
    " javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "%2F%2Fevil.com",
    "/%2F/evil.com", "/%2Fevil.com", "/%5Cevil.com", "/%5C%5Cevil.com", "%5C%5Cevil.com",
    "/\t/evil.com", "/\n/evil.com", "/\r\n/evil.com", "\t//evil.com", "\n/evil.com",
    "/%09/evil.com", "/%0a/evil.com", "/\x00/evil.com", "//evil.com@localhost", "evil.com",
    "http://localhost/", "//localhost/", "mailto:someone@example.org",
]
SAFE_TARGETS = [
    "/", "/account/", "/rounds/open-2026/ideas/?q=open+data&sort=newest",
    "/ideas/12#comment-3", "/account/?next=//evil.com", "/a//b", "/ideas/12/edit?x=%2F%2F",
]


@pytest.mark.parametrize("target", UNSAFE_TARGETS, ids=repr)
def test_unsafe_redirect_targets_are_refused(app, target):
    with app.test_request_context("/"):
        assert not is_safe_redirect(target)


@pytest.mark.parametrize("target", SAFE_TARGETS)
def test_local_paths_are_safe_redirect_targets(app, target):
    with app.test_request_context("/"):
        assert is_safe_redirect(target)


@pytest.mark.parametrize("target", ["//evil.com", "https://evil.com", "/\\evil.com",
                                    "%2F%2Fevil.com", "/%2F/evil.com", "javascript:alert(1)"])
def test_signing_in_never_redirects_off_site(client, target):
    user = make_user()
    page = client.get("/account/login", query_string={"next": target})
    assert "evil.com" not in page.get_data(as_text=True)
    response = client.post_form("/account/login", {"email": user.email, "password": DEFAULT_PASSWORD},
                                query_string={"next": target})
    assert response.status_code == 302
    assert response.headers["Location"] in ("/", "http://localhost/")
    again = client.get("/account/login", query_string={"next": target})  # already signed in
    assert again.status_code == 302 and "evil.com" not in again.headers["Location"]


def test_signing_in_returns_to_a_local_next_page(client, world):
    target = f"/ideas/{world.idea.id}/edit"
    response = client.post_form("/account/login",
                                {"email": world.author.email, "password": DEFAULT_PASSWORD},
                                query_string={"next": target})
    assert response.headers["Location"] == target


def test_supporting_never_redirects_off_site(client, world):
    client.login_as(world.other)
    response = client.post_form(f"/ideas/{world.idea.id}/support",
                                {"want": "add", "next": "//evil.com"})
    assert response.status_code == 302 and "evil.com" not in response.headers["Location"]


# --- error pages ------------------------------------------------------------------------------

def _error_page(response, status: int, *phrases: str) -> None:
    assert response.status_code == status
    page = response.get_data(as_text=True)
    assert _layout(page), f"{status} page without the site layout"
    for phrase in phrases:
        assert phrase in page, f"{status} page does not say {phrase!r}"
    assert re.search(r"<title>[^<]+ – ", page), "the title names the problem"


def test_error_pages_use_the_layout_and_say_what_to_do(app, client, world, monkeypatch):
    _error_page(client.get("/no-such-page"), 404, "Page not found", "home page")
    _error_page(client.get("/account/logout"), 405, "not available at this address")
    _error_page(client.post("/account/login", data={"email": "x"}), 400,
                "Form expired", "reload the page and try again")
    _error_page(client.post_form(f"/ideas/{world.idea.id}/comments", {"body": "x"}), 401,
                "Please sign in", "Sign in")
    client.login_as(world.author)
    _error_page(client.get("/admin/"), 403, "Not allowed", "permission")

    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "2 per minute")
    client.logout()
    for _ in range(2):
        client.post_form("/account/login", {"email": "nobody@example.org", "password": "wrong"})
    _error_page(client.post_form("/account/login", {"email": "nobody@example.org", "password": "x"}),
                429, "Too many requests", "try again")


def test_api_errors_are_json(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404 and response.is_json


def test_reading_public_pages_sets_no_cookie(client):
    """Visitors who only read are not given a session cookie."""
    from tests.factories import make_idea, make_round

    round_ = make_round()
    idea = make_idea(round_)
    for url in ("/", f"/rounds/{round_.slug}/", f"/rounds/{round_.slug}/ideas/", f"/ideas/{idea.id}"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers.getlist("Set-Cookie") == [], url
