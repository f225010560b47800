"""Supports under real concurrency: threads started together by a barrier,
against the test database (a SQLite file, or PostgreSQL with
TEST_DATABASE_URL), both through the service and through HTTP requests."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from manifesto.accounts.models import User
from manifesto.extensions import db
from manifesto.ideas.counts import find_count_drift
from manifesto.ideas.models import Idea
from manifesto.supports import services
from manifesto.supports.models import Support
from tests.factories import make_idea, make_round, make_user
from tests.supports.threads import run_together

pytestmark = pytest.mark.concurrency


def rows_and_count(idea_id: int) -> tuple[int, int]:
    db.session.expire_all()
    rows = db.session.scalar(
        select(func.count()).select_from(Support).where(Support.idea_id == idea_id)
    )
    return rows, db.session.get(Idea, idea_id).support_count


def in_thread(app, call: Callable[[User, Idea], object], user_id: int, idea_id: int) -> object:
    with app.app_context():
        user = db.session.get(User, user_id)
        idea = db.session.get(Idea, idea_id)
        return call(user, idea)


@pytest.fixture
def idea_id() -> int:
    return make_idea(make_round()).id


# --- through the service ------------------------------------------------------

def test_twenty_people_support_at_once(app, idea_id):
    user_ids = [make_user().id for _ in range(20)]

    results = run_together(20, lambda i: in_thread(app, services.add_support, user_ids[i], idea_id))

    assert results == [True] * 20
    assert rows_and_count(idea_id) == (20, 20)
    assert find_count_drift() == []


def test_one_person_supporting_ten_times_at_once_counts_once(app, idea_id):
    user_id = make_user().id

    results = run_together(10, lambda i: in_thread(app, services.add_support, user_id, idea_id))

    assert sorted(results) == [False] * 9 + [True]
    assert rows_and_count(idea_id) == (1, 1)
    assert find_count_drift() == []


def test_ten_toggles_at_once_never_drift(app, idea_id):
    user_id = make_user().id
    other_ids = [make_user().id for _ in range(3)]
    for other in other_ids:
        in_thread(app, services.add_support, other, idea_id)

    results = run_together(10, lambda i: in_thread(app, services.toggle_support, user_id, idea_id))

    rows, count = rows_and_count(idea_id)
    assert rows == count and count in (3, 4)
    assert all(c >= 3 for _, c in results)  # never below the others' supports
    assert find_count_drift() == []


def test_adds_and_removes_by_many_at_once(app, idea_id):
    user_ids = [make_user().id for _ in range(10)]
    for user_id in user_ids[:5]:
        in_thread(app, services.add_support, user_id, idea_id)

    def work(i: int):
        call = services.remove_support if i < 5 else services.add_support
        return in_thread(app, call, user_ids[i], idea_id)

    assert run_together(10, work) == [True] * 10
    assert rows_and_count(idea_id) == (5, 5)
    assert find_count_drift() == []


# --- through HTTP requests ----------------------------------------------------

def signed_in_client(app, user_id: int):
    client = app.test_client()
    client.login_as(db.session.get(User, user_id))
    return client


def test_twenty_people_support_at_once_over_http(app, idea_id):
    clients = [signed_in_client(app, make_user().id) for _ in range(20)]

    statuses = run_together(
        20, lambda i: clients[i].post_form(f"/ideas/{idea_id}/support", {"want": "add"}).status_code
    )

    assert statuses == [302] * 20
    assert rows_and_count(idea_id) == (20, 20)
    assert find_count_drift() == []


def test_one_person_ten_supports_at_once_over_http(app, idea_id):
    user_id = make_user().id
    clients = [signed_in_client(app, user_id) for _ in range(10)]

    responses = run_together(10, lambda i: clients[i].post_form(
        f"/ideas/{idea_id}/support", {"want": "add"}, headers={"Accept": "application/json"}))

    assert [r.status_code for r in responses] == [200] * 10
    assert all(r.json["supported"] and r.json["support_count"] == 1 for r in responses)
    assert rows_and_count(idea_id) == (1, 1)
    assert find_count_drift() == []


def test_ten_toggles_at_once_over_http(app, idea_id):
    user_id = make_user().id
    clients = [signed_in_client(app, user_id) for _ in range(10)]

    responses = run_together(10, lambda i: clients[i].post_form(
        f"/ideas/{idea_id}/support", headers={"Accept": "application/json"}))

    assert [r.status_code for r in responses] == [200] * 10
    assert all(r.json["support_count"] in (0, 1) for r in responses)
    rows, count = rows_and_count(idea_id)
    assert rows == count and count in (0, 1)
    assert find_count_drift() == []
