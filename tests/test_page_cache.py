"""Anonymous readers may get a page up to PAGE_CACHE_SECONDS old; anyone
with a cookie (signed in, or mid-way through something) always gets it live."""

import pytest

from manifesto import page_cache
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from tests.factories import make_idea, make_round, make_user


@pytest.fixture
def caching(app):
    app.config["PAGE_CACHE_SECONDS"] = 30
    page_cache.clear()
    yield
    app.config["PAGE_CACHE_SECONDS"] = 0
    page_cache.clear()


def _retitle(idea_id: int, title: str) -> None:
    db.session.get(Idea, idea_id).title = title
    db.session.commit()


def test_readers_without_cookies_get_the_cached_page(app, caching):
    idea = make_idea(make_round(), title="Original title")
    reader = app.test_client(use_cookies=False)
    assert "Original title" in reader.get(f"/ideas/{idea.id}").get_data(as_text=True)
    _retitle(idea.id, "Changed title")

    cached = reader.get(f"/ideas/{idea.id}")
    assert "Original title" in cached.get_data(as_text=True)
    # Every hit still carries the security headers.
    assert "script-src 'self'" in cached.headers["Content-Security-Policy"]
    assert cached.headers["X-Content-Type-Options"] == "nosniff"


def test_signed_in_people_always_get_the_live_page(app, caching):
    idea = make_idea(make_round(), title="Original title")
    reader = app.test_client(use_cookies=False)
    reader.get(f"/ideas/{idea.id}")
    _retitle(idea.id, "Changed title")

    participant = app.test_client()
    participant.login_as(make_user())
    assert "Changed title" in participant.get(f"/ideas/{idea.id}").get_data(as_text=True)


def test_pages_that_set_a_cookie_or_fail_are_not_cached(app, caching):
    round_ = make_round()
    idea = make_idea(round_, title="Original title")
    reader = app.test_client(use_cookies=False)
    # The random order stores a per-visitor seed in a cookie: never cached.
    first = reader.get(f"/rounds/{round_.slug}/ideas/?sort=random")
    assert first.headers.getlist("Set-Cookie")
    _retitle(idea.id, "Changed title")
    again = reader.get(f"/rounds/{round_.slug}/ideas/?sort=random")
    assert "Changed title" in again.get_data(as_text=True)

    assert reader.get("/ideas/999999").status_code == 404
    make_idea(round_, title="Late idea")
    assert reader.get("/ideas/999999").status_code == 404


def test_switched_off_by_default_in_tests(app):
    idea = make_idea(make_round(), title="Original title")
    reader = app.test_client(use_cookies=False)
    reader.get(f"/ideas/{idea.id}")
    _retitle(idea.id, "Changed title")
    assert "Changed title" in reader.get(f"/ideas/{idea.id}").get_data(as_text=True)
