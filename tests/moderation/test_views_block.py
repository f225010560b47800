"""Blocking and unblocking an account from its moderation page."""

from __future__ import annotations

import pytest

from manifesto.accounts.models import User
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.moderation import services
from tests.factories import make_comment, make_idea, make_round, make_user
from tests.route_walk import is_login_redirect, row_counts


@pytest.fixture
def moderator():
    return make_user(display_name="Mo Moderator", roles=("moderator",))


@pytest.fixture
def spammer():
    person = make_user(display_name="Sam Spammer")
    round_ = make_round()
    idea = make_idea(round_, person, title="Cheap watches")
    make_comment(idea, person, "Buy now")
    make_comment(make_idea(round_, make_user()), person, "Buy here too")
    services.raise_flag(make_user(), idea, "spam")
    return person


def test_the_page_shows_the_record_and_blocks_in_one_step(client, moderator, spammer):
    client.login_as(moderator)
    page = client.get(f"/moderation/people/{spammer.id}").text
    assert "Sam Spammer" in page and spammer.email not in page  # moderators need no address
    assert "<dt>Ideas published</dt><dd>1</dd>" in page
    assert "<dt>Comments shown</dt><dd>2</dd>" in page
    assert "<dt>Open reports on their content</dt><dd>1</dd>" in page

    response = client.post_form(f"/moderation/people/{spammer.id}",
                                {"action": "block", "reason": "Advertising"})
    assert response.status_code == 302 and response.headers["Location"] == f"/moderation/people/{spammer.id}"
    db.session.expire_all()
    assert db.session.get(User, spammer.id).blocked_at is not None
    page = client.get(f"/moderation/people/{spammer.id}").text
    assert "is blocked and signed out everywhere; 1 ideas and 2 comments are hidden" in page
    assert "<dt>Ideas hidden</dt><dd>1</dd>" in page and "“Advertising”" in page
    assert "Unblock Sam Spammer" in page

    response = client.post_form(f"/moderation/people/{spammer.id}", {"action": "unblock"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, spammer.id).blocked_at is None
    assert db.session.get(Idea, db.session.query(Idea.id).filter_by(author_id=spammer.id).scalar()).status \
        == "published"
    assert "can sign in and post again" in client.get(f"/moderation/people/{spammer.id}").text


def test_blocking_needs_a_reason(client, moderator, spammer):
    client.login_as(moderator)
    before = row_counts()
    response = client.post_form(f"/moderation/people/{spammer.id}", {"action": "block", "reason": " "})
    assert response.status_code == 200 and "Give the reason for blocking this account." in response.text
    assert row_counts() == before


def test_a_moderator_cannot_block_themselves(client, moderator):
    client.login_as(moderator)
    response = client.post_form(f"/moderation/people/{moderator.id}", {"action": "block", "reason": "Test"})
    assert response.status_code == 200 and "You cannot block your own account." in response.text
    db.session.expire_all()
    assert db.session.get(User, moderator.id).blocked_at is None


def test_only_administrators_block_moderators_and_administrators(client, moderator):
    admin = make_user(roles=("admin",))
    other_moderator = make_user(roles=("moderator",))
    client.login_as(moderator)
    page = client.get(f"/moderation/people/{admin.id}").text
    assert "Only administrators can block" in page and 'name="reason"' not in page
    assert client.post_form(f"/moderation/people/{admin.id}",
                            {"action": "block", "reason": "Coup"}).status_code == 403
    client.login_as(admin)
    assert client.post_form(f"/moderation/people/{other_moderator.id}",
                            {"action": "block", "reason": "Abuse"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, admin.id).blocked_at is None
    assert db.session.get(User, other_moderator.id).blocked_at is not None


def test_linked_from_the_admin_person_page_and_the_queue(client, moderator, spammer):
    admin = make_user(roles=("admin",))
    client.login_as(admin)
    assert f'href="/moderation/people/{spammer.id}"' in client.get(f"/admin/people/{spammer.id}").text
    client.login_as(moderator)
    assert f'href="/moderation/people/{spammer.id}"' in client.get("/moderation/").text


def test_participants_and_visitors_are_kept_out(client, spammer):
    url = f"/moderation/people/{spammer.id}"
    assert is_login_redirect(client.get(url), next_path=url)
    client.login_as(make_user())
    assert client.get(url).status_code == 403
    assert client.post_form(url, {"action": "block", "reason": "x"}).status_code == 403
    assert client.get("/moderation/people/999999").status_code == 403  # role first, then lookup
    db.session.expire_all()
    assert db.session.get(User, spammer.id).blocked_at is None
