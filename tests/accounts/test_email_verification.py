"""New accounts confirm their email before posting (on by default, off by
setting); blocked accounts cannot sign in or post."""

from __future__ import annotations

import re

from sqlalchemy import select

from manifesto.accounts.models import User
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from tests.factories import DEFAULT_PASSWORD, make_idea, make_round, make_user


def _register(client, email="new@example.org"):
    return client.post_form("/account/register", {
        "email": email, "display_name": "New Person", "password": DEFAULT_PASSWORD,
        "confirm": DEFAULT_PASSWORD,
    })


def _link(app) -> str:
    body = app.extensions["mail_outbox"][-1].get_content()
    return re.search(r"http://[^\s]+/account/verify/[^\s]+", body).group(0)


def _idea_form(round_):
    return {"title": "A new idea", "problem": "", "proposal": "Do it", "impact": "",
            "who_should_act": "", "scope": "uk", "themes": str(round_.themes[0].id),
            "confirmed": "1"}


def test_a_new_account_must_confirm_before_posting(app, client):
    round_ = make_round()
    idea = make_idea(round_)
    response = _register(client)
    assert response.status_code in (302, 303)
    user = db.session.scalar(select(User).where(User.email == "new@example.org"))
    assert user.email_verified_at is None

    refused = client.post_form(f"/rounds/{round_.slug}/ideas/new", _idea_form(round_))
    assert refused.status_code == 403
    assert "confirm your email address" in refused.get_data(as_text=True)
    refused = client.post_form(f"/ideas/{idea.id}/comments", {"body": "Hello", "parent_id": ""})
    assert refused.status_code == 403
    assert "Send me a new link" in client.get("/account/").get_data(as_text=True)

    link = _link(app)
    client.get(link.replace("http://localhost", ""))
    db.session.expire_all()
    assert db.session.get(User, user.id).email_verified_at is not None
    client.post_form(f"/rounds/{round_.slug}/ideas/new", _idea_form(round_))
    assert db.session.scalar(select(Idea).where(Idea.title == "A new idea")) is not None


def test_a_bad_or_foreign_link_does_not_confirm(app, client):
    _register(client)
    link = _link(app)
    response = client.get(link.replace("http://localhost", "")[:-3] + "xyz")
    assert response.status_code in (302, 303)
    assert db.session.scalar(select(User.email_verified_at)) is None


def test_resend_sends_a_new_link(app, client):
    _register(client)
    sent = len(app.extensions["mail_outbox"])
    client.post_form("/account/verify/resend", {})
    assert len(app.extensions["mail_outbox"]) == sent + 1


def test_verification_can_be_switched_off(app, client):
    app.config["REQUIRE_EMAIL_VERIFICATION"] = False
    try:
        round_ = make_round()
        _register(client)
        client.post_form(f"/rounds/{round_.slug}/ideas/new", _idea_form(round_))
        assert db.session.scalar(select(Idea).where(Idea.title == "A new idea")) is not None
    finally:
        app.config["REQUIRE_EMAIL_VERIFICATION"] = True


def test_a_blocked_account_cannot_sign_in_and_its_cookie_stops_working(client):
    from manifesto.moderation.services import block_account

    person = make_user(email="blocked@example.org")
    client.login_as(person)
    assert client.get("/account/").status_code == 200
    block_account(make_user(roles=("moderator",)), person, "spam")
    assert client.get("/account/").status_code in (302, 303)  # the old cookie is dead
    response = client.post_form("/account/login",
                                {"email": "blocked@example.org", "password": DEFAULT_PASSWORD})
    assert response.status_code == 403
    assert "blocked" in response.get_data(as_text=True)


def test_the_honeypot_refuses_bots_and_saves_nothing(client):
    response = client.post_form("/account/register", {
        "email": "bot@example.org", "display_name": "Bot", "password": DEFAULT_PASSWORD,
        "confirm": DEFAULT_PASSWORD, "website": "http://spam.example",
    })
    assert response.status_code == 200
    assert "could not accept this form" in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email == "bot@example.org")) is None
