"""Reporting an idea or a comment through the pages, without JavaScript."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from manifesto.extensions import db
from manifesto.moderation.models import Flag
from tests.factories import make_comment, make_idea, make_round, make_user
from tests.route_walk import is_login_redirect


@pytest.fixture
def author():
    return make_user(display_name="Asha Author")


@pytest.fixture
def idea(author):
    return make_idea(make_round(), author, title="Publish every contract")


def flags() -> list[Flag]:
    db.session.expire_all()
    return list(db.session.scalars(select(Flag).order_by(Flag.id)))


def test_a_reader_reports_an_idea_with_a_reason(client, idea):
    reader = make_user()
    client.login_as(reader)
    page = client.get(f"/ideas/{idea.id}").text
    assert f'href="/ideas/{idea.id}/report"' in page and "Report this idea" in page

    form = client.get(f"/ideas/{idea.id}/report")
    assert form.status_code == 200
    html = form.text
    assert "Spam or advertising" in html and 'type="radio"' in html and "Publish every contract" in html

    response = client.post_form(f"/ideas/{idea.id}/report",
                                {"reason": "off_topic", "details": "Not about government"})
    assert response.status_code == 302 and response.headers["Location"] == f"/ideas/{idea.id}"
    [flag] = flags()
    assert (flag.idea_id, flag.flagged_by_id, flag.reason, flag.details) == (
        idea.id, reader.id, "off_topic", "Not about government")

    page = client.get(f"/ideas/{idea.id}").text
    assert "Thank you for your report" in page
    assert "You have reported this idea" in page and f"/ideas/{idea.id}/report" not in page


def test_reporting_twice_says_so_and_saves_nothing_more(client, idea):
    client.login_as(make_user())
    client.post_form(f"/ideas/{idea.id}/report", {"reason": "spam"})
    again = client.get(f"/ideas/{idea.id}/report")
    assert again.status_code == 200 and "You have already reported this idea" in again.text
    assert 'name="reason"' not in again.text
    repost = client.post_form(f"/ideas/{idea.id}/report", {"reason": "offensive"})
    assert repost.status_code == 200 and "You have already reported this idea" in repost.text
    assert [f.reason for f in flags()] == ["spam"]


def test_a_report_needs_a_reason_and_short_details(client, idea):
    client.login_as(make_user())
    response = client.post_form(f"/ideas/{idea.id}/report", {"reason": "", "details": "x"})
    assert response.status_code == 200
    assert "There is a problem" in response.text and "Choose why you are reporting this." in response.text
    forged = client.post_form(f"/ideas/{idea.id}/report", {"reason": "because"})
    assert "Choose why you are reporting this." in forged.text
    long = client.post_form(f"/ideas/{idea.id}/report", {"reason": "spam", "details": "x" * 1001})
    assert "1000 characters or fewer" in long.text
    assert flags() == []


def test_a_comment_is_reported_from_beside_it(client, idea, author):
    commenter = make_user(display_name="Cai")
    comment = make_comment(idea, commenter, "Buy cheap watches at example.com")
    client.login_as(author)
    page = client.get(f"/ideas/{idea.id}").text
    assert f'href="/comments/{comment.id}/report"' in page

    response = client.post_form(f"/comments/{comment.id}/report", {"reason": "spam"})
    assert response.headers["Location"] == f"/ideas/{idea.id}#comment-{comment.id}"
    [flag] = flags()
    assert (flag.comment_id, flag.idea_id, flag.reason) == (comment.id, None, "spam")
    page = client.get(f"/ideas/{idea.id}").text
    assert "You reported this comment" in page and f"/comments/{comment.id}/report" not in page


def test_visitors_are_sent_to_sign_in(client, idea):
    comment = make_comment(idea, make_user())
    page = client.get(f"/ideas/{idea.id}").text
    assert f"/ideas/{idea.id}/report" in page and f"/comments/{comment.id}/report" in page
    for url in (f"/ideas/{idea.id}/report", f"/comments/{comment.id}/report"):
        assert is_login_redirect(client.get(url), next_path=url)
        posted = client.post_form(url, {"reason": "spam"})
        assert posted.status_code == 401 or is_login_redirect(posted)
    assert flags() == []


def test_people_cannot_report_their_own_content(client, idea, author):
    comment = make_comment(idea, author, "My own comment")
    client.login_as(author)
    page = client.get(f"/ideas/{idea.id}").text
    assert f"/ideas/{idea.id}/report" not in page and f"/comments/{comment.id}/report" not in page
    refused = client.get(f"/ideas/{idea.id}/report")
    assert refused.status_code == 200 and "This is your own idea" in refused.text
    assert 'name="reason"' not in refused.text
    assert client.post_form(f"/ideas/{idea.id}/report", {"reason": "spam"}).status_code == 403
    assert client.post_form(f"/comments/{comment.id}/report", {"reason": "spam"}).status_code == 403
    assert flags() == []


def test_unverified_and_blocked_accounts_cannot_report(client, idea):
    unverified = make_user(verified=False)
    client.login_as(unverified)
    assert "confirm your email address" in client.get(f"/ideas/{idea.id}/report").text
    assert client.post_form(f"/ideas/{idea.id}/report", {"reason": "spam"}).status_code == 403
    assert flags() == []


def test_hidden_content_cannot_be_reported(client, idea):
    comment = make_comment(idea, make_user())
    comment.hidden = True
    db.session.commit()
    client.login_as(make_user())
    assert client.post_form(f"/comments/{comment.id}/report", {"reason": "spam"}).status_code == 403
    assert "no longer shown" in client.get(f"/comments/{comment.id}/report").text
    assert client.get("/ideas/999999/report").status_code == 404
    assert flags() == []
