"""Erasing an account while the same person is supporting and commenting in
other requests: every support either lands before the erasure (and is then
removed and uncounted) or is refused; counts never drift."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError

from manifesto.accounts import privacy
from manifesto.accounts.models import User
from manifesto.comments import services as comments
from manifesto.extensions import db
from manifesto.ideas.counts import find_count_drift
from manifesto.ideas.models import Idea
from manifesto.supports import services as supports
from manifesto.supports.models import Support
from tests.factories import make_idea, make_round, make_support, make_user
from tests.supports.threads import run_together

pytestmark = pytest.mark.concurrency


@pytest.mark.parametrize("remove", [False, True], ids=["keep", "remove"])
def test_erasure_racing_supports_and_comments_keeps_counts_exact(app, remove):
    person, other = make_user(), make_user()
    round_ = make_round()
    idea_ids = [make_idea(round_, other).id for _ in range(12)]
    own_idea_id = make_idea(round_, person).id
    for idea_id in idea_ids[:5]:
        make_support(person, db.session.get(Idea, idea_id))
    make_support(other, db.session.get(Idea, own_idea_id))
    person_id = person.id
    db.session.remove()
    # The schema reset in conftest leaves one pooled SQLite connection with
    # PRAGMA foreign_keys=OFF; start from connections as the app makes them.
    db.engine.dispose()

    def work(i: int) -> str:
        with app.app_context():
            user = db.session.get(User, person_id)
            if i == 0:
                privacy.erase_account(user, remove_contributions=remove)
                return "erased"
            if user is None:
                return "already gone"
            idea = db.session.get(Idea, idea_ids[i])
            try:
                if i <= 3:
                    supports.remove_support(user, idea)  # ideas 1-3: supported already
                elif i <= 7:
                    supports.add_support(user, idea)  # 4: supported already, 5-7: new
                else:
                    comments.add_comment(user, idea, f"Comment {i}")
            except IntegrityError:
                return "refused"  # the account was deleted first
            except OperationalError:
                return "deadlock victim"  # PostgreSQL cancelled this side
            return "done"

    results = run_together(12, work)

    assert results[0] == "erased"
    db.session.expire_all()
    assert db.session.get(User, person_id) is None
    assert db.session.scalar(select(func.count()).select_from(Support)
                             .where(Support.user_id == person_id)) == 0
    assert find_count_drift() == []
