from sqlalchemy import func, select

from manifesto.audit import AuditEvent
from manifesto.extensions import db
from manifesto.ideas.counts import find_count_drift
from manifesto.supports import services
from manifesto.supports.models import Support
from tests.factories import make_idea, make_round, make_user


def support_rows(idea) -> int:
    return db.session.scalar(select(func.count()).select_from(Support).where(Support.idea_id == idea.id))


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_add_support_once_per_person():
    idea = make_idea(make_round())
    person = make_user()

    assert services.add_support(person, idea) is True
    assert services.add_support(person, idea) is False

    assert support_rows(idea) == 1
    assert idea.support_count == 1
    assert services.has_supported(person, idea)
    assert audit_actions() == ["support.added"]
    assert find_count_drift() == []


def test_remove_support_only_counts_a_real_removal():
    idea = make_idea(make_round())
    person, other = make_user(), make_user()
    services.add_support(person, idea)
    services.add_support(other, idea)

    assert services.remove_support(person, idea) is True
    assert services.remove_support(person, idea) is False

    assert support_rows(idea) == 1
    assert idea.support_count == 1
    assert not services.has_supported(person, idea)
    assert audit_actions() == ["support.added", "support.added", "support.removed"]
    assert find_count_drift() == []


def test_toggle_support_flips_and_reports_the_count():
    idea = make_idea(make_round())
    person = make_user()
    services.add_support(make_user(), idea)

    assert services.toggle_support(person, idea) == (True, 2)
    assert services.toggle_support(person, idea) == (False, 1)
    assert services.toggle_support(person, idea) == (True, 2)
    assert support_rows(idea) == idea.support_count == 2


def test_set_support_is_idempotent():
    idea = make_idea(make_round())
    person = make_user()

    assert services.set_support(person, idea, True) == (True, 1)
    assert services.set_support(person, idea, True) == (True, 1)
    assert services.set_support(person, idea, False) == (False, 0)
    assert services.set_support(person, idea, False) == (False, 0)
    assert audit_actions() == ["support.added", "support.removed"]


def test_supported_idea_ids_for_a_list():
    round_ = make_round()
    ideas = [make_idea(round_) for _ in range(4)]
    person = make_user()
    services.add_support(person, ideas[1])
    services.add_support(person, ideas[3])
    services.add_support(make_user(), ideas[0])

    assert services.supported_idea_ids(person, [i.id for i in ideas]) == {ideas[1].id, ideas[3].id}
    assert services.supported_idea_ids(person, []) == set()
    assert services.supported_idea_ids(None, [i.id for i in ideas]) == set()


def test_anonymous_has_not_supported():
    from flask_login import AnonymousUserMixin

    idea = make_idea(make_round())
    assert services.has_supported(AnonymousUserMixin(), idea) is False
    assert services.supported_idea_ids(AnonymousUserMixin(), [idea.id]) == set()
