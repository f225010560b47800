"""Spam resistance on the posting forms: the honeypot field, and posting
limits per account on top of the per-address ones."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from manifesto.comments.models import Comment
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from tests.factories import make_comment, make_idea, make_round, make_user


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _idea_form(round_, **overrides) -> dict:
    data = {"title": "A brand new idea", "problem": "Now", "proposal": "Do better",
            "impact": "", "who_should_act": "", "scope": "uk",
            "themes": str(round_.themes[0].id), "confirmed": "1"}
    data.update(overrides)
    return data


@pytest.fixture
def limits(app, monkeypatch):
    """Set rate limits for one test (restored afterwards)."""
    def set_limits(**values):
        for key, value in values.items():
            monkeypatch.setitem(app.config, key, value)
    return set_limits


def test_the_idea_and_comment_forms_carry_the_honeypot(client):
    round_ = make_round()
    idea = make_idea(round_, make_user())
    make_comment(idea, make_user())
    client.login_as(make_user())
    new = client.get(f"/rounds/{round_.slug}/ideas/new").text
    assert 'class="honeypot" aria-hidden="true"' in new and 'name="website"' in new
    page = client.get(f"/ideas/{idea.id}").text
    assert page.count('name="website"') == 2  # the comment form and the reply form
    ids = [part.split('"')[0] for part in page.split('id="')[1:]]
    assert len(ids) == len(set(ids))  # each honeypot has its own id


def test_a_filled_honeypot_saves_no_idea(client):
    round_ = make_round()
    client.login_as(make_user())
    response = client.post_form(f"/rounds/{round_.slug}/ideas/new",
                                _idea_form(round_, website="http://spam.example"))
    assert response.status_code == 200
    assert "There is a problem" in response.text and "We could not accept this form" in response.text
    assert _count(Idea) == 0
    ok = client.post_form(f"/rounds/{round_.slug}/ideas/new", _idea_form(round_, website=""))
    assert ok.status_code == 302 and _count(Idea) == 1


def test_a_filled_honeypot_saves_no_comment(client):
    idea = make_idea(make_round(), make_user())
    top = make_comment(idea, make_user())
    client.login_as(make_user())
    for data in ({"body": "Great, buy watches", "website": "spam"},
                 {"body": "Reply spam", "parent_id": str(top.id), "website": "x"}):
        response = client.post_form(f"/ideas/{idea.id}/comments", data)
        assert response.status_code == 200 and "We could not accept this form" in response.text
    assert _count(Comment) == 1
    db.session.expire_all()
    assert db.session.get(Idea, idea.id).comment_count == 1


def test_one_account_at_its_idea_limit_does_not_stop_another_at_the_same_address(client, limits):
    round_ = make_round()
    limits(POSTING_RATE_LIMIT="100 per hour", ACCOUNT_POSTING_RATE_LIMIT="2 per hour")
    first, second = make_user(), make_user()
    client.login_as(first)
    codes = [client.post_form(f"/rounds/{round_.slug}/ideas/new",
                              _idea_form(round_, title=f"First's idea {n}")).status_code
             for n in range(3)]
    assert codes == [302, 302, 429]
    client.login_as(second)
    assert client.post_form(f"/rounds/{round_.slug}/ideas/new",
                            _idea_form(round_, title="Second's idea")).status_code == 302
    assert _count(Idea) == 3


def test_one_account_at_its_comment_limit_does_not_stop_another(client, limits):
    idea = make_idea(make_round(), make_user())
    limits(COMMENT_RATE_LIMIT="100 per hour", ACCOUNT_COMMENT_RATE_LIMIT="2 per hour")
    first, second = make_user(), make_user()
    client.login_as(first)
    codes = [client.post_form(f"/ideas/{idea.id}/comments", {"body": f"Comment {n}"}).status_code
             for n in range(3)]
    assert codes == [302, 302, 429]
    client.login_as(second)
    assert client.post_form(f"/ideas/{idea.id}/comments", {"body": "Mine"}).status_code == 302
    assert _count(Comment) == 3


def test_the_per_address_limit_still_holds_across_accounts(client, limits):
    idea = make_idea(make_round(), make_user())
    limits(COMMENT_RATE_LIMIT="2 per hour", ACCOUNT_COMMENT_RATE_LIMIT="100 per hour")
    codes = []
    for n in range(3):
        client.login_as(make_user())
        codes.append(client.post_form(f"/ideas/{idea.id}/comments", {"body": f"C {n}"}).status_code)
    assert codes == [302, 302, 429]
