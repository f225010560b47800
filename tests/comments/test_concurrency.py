"""Comment counts under real concurrency (threads released by a barrier)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from manifesto.accounts.models import User
from manifesto.comments import services
from manifesto.comments.models import Comment
from manifesto.extensions import db
from manifesto.ideas.counts import find_count_drift
from manifesto.ideas.models import Idea
from tests.factories import make_comment, make_idea, make_round, make_user
from tests.supports.threads import run_together

pytestmark = pytest.mark.concurrency


def comment_count(idea_id: int) -> int:
    db.session.expire_all()
    return db.session.get(Idea, idea_id).comment_count


def test_twenty_comments_at_once(app):
    idea_id = make_idea(make_round()).id
    user_ids = [make_user().id for _ in range(20)]

    def work(i: int):
        with app.app_context():
            author = db.session.get(User, user_ids[i])
            return services.add_comment(author, db.session.get(Idea, idea_id), f"Comment {i}").id

    assert len(set(run_together(20, work))) == 20
    assert comment_count(idea_id) == 20
    assert find_count_drift() == []


def test_twenty_comments_at_once_over_http(app):
    idea_id = make_idea(make_round()).id
    clients = []
    for _ in range(20):
        client = app.test_client()
        client.login_as(make_user())
        clients.append(client)

    statuses = run_together(20, lambda i: clients[i].post_form(
        f"/ideas/{idea_id}/comments", {"body": f"Comment {i}"}).status_code)

    assert statuses == [302] * 20
    assert db.session.scalar(select(func.count()).select_from(Comment)) == 20
    assert comment_count(idea_id) == 20
    assert find_count_drift() == []


def test_one_comment_deleted_five_times_at_once_counts_once(app):
    idea = make_idea(make_round())
    author = make_user()
    comment_id = make_comment(idea, author, "Going").id
    make_comment(idea, make_user(), "Staying")
    idea_id, author_id = idea.id, author.id

    def work(_):
        with app.app_context():
            try:
                services.delete_comment(db.session.get(User, author_id), db.session.get(Comment, comment_id))
            except services.CommentError:
                return "refused"
            return "deleted"

    assert sorted(run_together(5, work)) == ["deleted"] + ["refused"] * 4
    assert comment_count(idea_id) == 1
    assert find_count_drift() == []
