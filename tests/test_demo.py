from sqlalchemy import and_, func, select

from manifesto import demo
from manifesto.accounts.models import User
from manifesto.comments.models import Comment
from manifesto.extensions import db
from manifesto.ideas.counts import find_count_drift
from manifesto.ideas.models import Idea
from manifesto.rounds.models import Round
from manifesto.supports.models import Support
from manifesto.timeutil import utcnow
from tests.factories import make_round


def count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_seed_loads_an_open_round_once():
    assert demo.seed(only_if_empty=True) is True
    assert demo.seed(only_if_empty=True) is False
    assert demo.seed(only_if_empty=False) is False  # the demo round is already there
    [round_] = db.session.scalars(select(Round))
    assert round_.slug == "manifesto-2027" and round_.title == "Open Government Manifesto 2027"
    assert round_.is_accepting()
    assert 100 <= (round_.closes_at - utcnow()).days <= 130
    assert [t.name for t in round_.themes][:3] == ["Anti-corruption", "Open data", "Freedom of information"]
    assert len(round_.themes) == 8

    assert count(Idea) >= 30
    assert count(User, User.email.like("%@example.org")) == 25
    assert 55 <= count(Comment) <= 65
    assert count(Comment, Comment.parent_id.is_not(None)) >= 10
    assert 250 <= count(Support) <= 350
    for idea in db.session.scalars(select(Idea)):
        assert idea.themes and idea.author_id and idea.problem and idea.who_should_act
        assert round_.opens_at <= idea.created_at <= utcnow()


def test_seeded_counts_match_their_rows():
    demo.seed(only_if_empty=True)
    for idea in db.session.scalars(select(Idea)):
        supports = count(Support, Support.idea_id == idea.id)
        comments = count(Comment, and_(Comment.idea_id == idea.id, Comment.deleted_at.is_(None),
                                       Comment.hidden.is_(False)))
        assert (idea.support_count, idea.comment_count) == (supports, comments)
    assert find_count_drift() == []


def test_seed_is_deterministic_apart_from_dates():
    demo.seed(only_if_empty=True)
    first = db.session.execute(
        select(Idea.title, Idea.support_count, Idea.comment_count).order_by(Idea.id)).all()
    from tests.conftest import empty_all_tables
    empty_all_tables()
    demo.seed(only_if_empty=True)
    assert db.session.execute(
        select(Idea.title, Idea.support_count, Idea.comment_count).order_by(Idea.id)).all() == first


def test_seed_if_empty_leaves_an_existing_installation_alone():
    make_round(slug="our-round")
    assert demo.seed(only_if_empty=True) is False
    assert count(Idea) == 0
    assert demo.seed(only_if_empty=False) is True  # asked explicitly: added alongside
    assert count(Round) == 2


def test_demo_accounts_cannot_sign_in_with_a_guessable_password():
    from werkzeug.security import check_password_hash

    demo.seed(only_if_empty=True)
    for user in db.session.scalars(select(User)):
        assert user.email.endswith("@example.org")
        assert not check_password_hash(user.password_hash, "")
        assert not check_password_hash(user.password_hash, "password")
        assert not check_password_hash(user.password_hash, user.password_hash[1:])
