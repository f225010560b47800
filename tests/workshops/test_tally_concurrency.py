"""Tallies under real concurrency: corrections to the same tally and tallies
for the same idea from many workshops at once never make the cached dot
total drift, and every change is in the history."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from manifesto.accounts.models import User
from manifesto.extensions import db
from manifesto.ideas.counts import find_count_drift
from manifesto.ideas.models import Idea
from manifesto.workshops import services
from manifesto.workshops.models import TallyChange, Workshop, WorkshopTally
from tests.factories import make_idea, make_round, make_user, make_workshop
from tests.supports.threads import run_together

pytestmark = pytest.mark.concurrency


def _set(app, user_id: int, workshop_id: int, idea_id: int, dots: int):
    with app.app_context():
        change = services.set_tally(
            db.session.get(User, user_id), db.session.get(Workshop, workshop_id),
            db.session.get(Idea, idea_id), dots,
        )
        return None if change is None else (change.old_dots, change.new_dots)


def test_ten_workshops_tally_the_same_idea_at_once(app):
    round_ = make_round()
    facilitator = make_user(roles=("facilitator",))
    workshop_ids = [make_workshop(round_, owner=facilitator, town=f"Town {i}").id
                    for i in range(10)]
    idea_id = make_idea(round_).id

    user_id = facilitator.id
    run_together(10, lambda i: _set(app, user_id, workshop_ids[i], idea_id, i + 1))

    db.session.expire_all()
    assert db.session.get(Idea, idea_id).dot_count == sum(range(1, 11))
    assert find_count_drift() == []


def test_corrections_to_one_tally_at_once_leave_a_consistent_history(app):
    round_ = make_round()
    facilitator = make_user(roles=("facilitator",))
    workshop = make_workshop(round_, owner=facilitator)
    idea_id = make_idea(round_).id
    values = [3, 7, 11, 15, 19, 23, 27, 31]

    user_id, workshop_id = facilitator.id, workshop.id
    run_together(len(values), lambda i: _set(app, user_id, workshop_id, idea_id, values[i]))

    db.session.expire_all()
    final = db.session.scalar(select(WorkshopTally.dots).where(WorkshopTally.idea_id == idea_id))
    assert db.session.get(Idea, idea_id).dot_count == final
    history = db.session.execute(
        select(TallyChange.old_dots, TallyChange.new_dots).order_by(TallyChange.id)
    ).all()
    # Each change starts from the value the previous one left: a chain
    # None → a → b → … ending at the final value, one link per writer.
    assert len(history) == len(values)
    assert history[0].old_dots is None
    for previous, current in zip(history, history[1:]):
        assert current.old_dots == previous.new_dots
    assert history[-1].new_dots == final
    assert db.session.scalar(select(func.count()).select_from(WorkshopTally)) == 1
    assert find_count_drift() == []
