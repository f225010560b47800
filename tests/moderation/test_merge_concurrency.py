"""A merge racing people supporting both ideas: nobody counted twice,
nothing lost, counts match rows."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from manifesto.accounts.models import User
from manifesto.extensions import db
from manifesto.ideas.counts import find_count_drift
from manifesto.ideas.models import Idea
from manifesto.moderation import merging
from manifesto.supports import services as supports
from manifesto.supports.models import Support
from tests.factories import make_idea, make_round, make_support, make_user
from tests.supports.threads import run_together

pytestmark = pytest.mark.concurrency


def test_supports_racing_a_merge_are_counted_once(app):
    round_ = make_round()
    a, b = make_idea(round_), make_idea(round_)
    moderator_id = make_user(roles=("moderator",)).id
    early = [make_user() for _ in range(6)]
    for user in early[:3]:
        make_support(user, a)
    for user in early[2:]:
        make_support(user, b)
    racers = [make_user().id for _ in range(12)]
    a_id, b_id = a.id, b.id

    def work(i: int):
        with app.app_context():
            if i == 0:
                merging.merge_ideas(db.session.get(User, moderator_id),
                                    db.session.get(Idea, b_id), db.session.get(Idea, a_id))
                return "merged"
            user = db.session.get(User, racers[i - 1])
            idea = db.session.get(Idea, b_id if i % 2 else a_id)
            try:
                supports.add_support(user, idea)
                return "supported"
            except supports.SupportRefused:
                return "refused"

    results = run_together(len(racers) + 1, work)

    assert results[0] == "merged"
    db.session.expire_all()
    assert db.session.get(Idea, b_id).support_count == 0
    assert db.session.scalar(select(func.count()).select_from(Support)
                             .where(Support.idea_id == b_id)) == 0
    supporters_of_a = db.session.scalars(select(Support.user_id).where(Support.idea_id == a_id)).all()
    assert len(supporters_of_a) == len(set(supporters_of_a))
    expected = {u.id for u in early} | {
        racers[i - 1] for i in range(1, len(racers) + 1) if results[i] == "supported"}
    assert set(supporters_of_a) == expected
    assert find_count_drift() == []
