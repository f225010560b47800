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
from manifesto.workshops.models import TallyChange, Workshop, WorkshopTally
from tests.factories import make_round


def count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_seed_loads_an_open_round_once():
    assert demo.seed(only_if_empty=True) is True
    assert demo.seed(only_if_empty=True) is False
    assert demo.seed(only_if_empty=False) is False  # the demo round is already there
    round_ = db.session.scalar(select(Round).where(Round.slug == "manifesto-2027"))
    assert round_.slug == "manifesto-2027" and round_.title == "Open Government Manifesto 2027"
    assert round_.is_accepting()
    assert 100 <= (round_.closes_at - utcnow()).days <= 130
    assert [t.name for t in round_.themes][:3] == ["Anti-corruption", "Open data", "Freedom of information"]
    assert len(round_.themes) == 8

    in_round = Idea.round_id == round_.id
    assert count(Idea, in_round) >= 30
    assert count(User, User.email.like("%@example.org")) == 25 + 3  # participants, the panel
    assert 60 <= count(Comment) <= 75
    assert count(Comment, Comment.parent_id.is_not(None)) >= 10
    assert 250 <= count(Support, Support.idea_id.in_(select(Idea.id).where(in_round))) <= 350
    for idea in db.session.scalars(select(Idea).where(in_round)):
        assert idea.themes and idea.problem and idea.who_should_act
        # Credited to a person, or (and only then) to the workshop it came from.
        assert (idea.author_id is None) == (idea.source == "workshop") == (idea.workshop_id is not None)
        assert round_.opens_at <= idea.created_at <= utcnow()


def test_seed_holds_workshops_in_every_nation_with_their_input():
    demo.seed(only_if_empty=True)
    workshops = list(db.session.scalars(select(Workshop).order_by(Workshop.held_on)))
    assert 4 <= len(workshops) <= 5
    assert {w.nation for w in workshops} == {"england", "scotland", "wales", "northern_ireland"}
    today = utcnow().date()
    for workshop in workshops:
        assert workshop.round.opens_at.date() <= workshop.held_on < today
        assert workshop.attendees > 0 and workshop.town and workshop.facilitator_name
        # Every workshop brought ideas, and its dots are three per person in the room.
        assert count(Idea, Idea.workshop_id == workshop.id) >= 1
        dots = db.session.scalar(select(func.sum(WorkshopTally.dots))
                                 .where(WorkshopTally.workshop_id == workshop.id))
        assert dots == 3 * workshop.attendees
    assert count(Comment, Comment.workshop_id.is_not(None), Comment.author_id.is_(None)) >= 5
    assert count(TallyChange) == count(WorkshopTally)
    # All through the services a facilitator uses, so every entry is audited.
    from manifesto.audit import AuditEvent
    assert count(AuditEvent, AuditEvent.action == "workshop.created") == len(workshops)
    assert count(AuditEvent, AuditEvent.action == "tally.set") == count(TallyChange)
    # Some ideas got dots at several workshops, so lists show "dots at 3 workshops in 2 nations".
    assert db.session.scalar(select(func.max(Idea.dot_count))) > 0
    per_idea = select(WorkshopTally.idea_id).group_by(WorkshopTally.idea_id).having(
        func.count() > 1).subquery()
    assert db.session.scalar(select(func.count()).select_from(per_idea)) >= 3
    # Workshop input comes after the workshop met: ideas commented on existed before it.
    for comment in db.session.scalars(select(Comment).where(Comment.workshop_id.is_not(None))):
        assert comment.idea.created_at.date() < comment.workshop.held_on <= comment.created_at.date()


def test_seeded_counts_match_their_rows():
    demo.seed(only_if_empty=True)
    for idea in db.session.scalars(select(Idea)):
        supports = count(Support, Support.idea_id == idea.id)
        comments = count(Comment, and_(Comment.idea_id == idea.id, Comment.deleted_at.is_(None),
                                       Comment.hidden.is_(False)))
        dots = db.session.scalar(select(func.coalesce(func.sum(WorkshopTally.dots), 0))
                                 .where(WorkshopTally.idea_id == idea.id))
        assert (idea.support_count, idea.comment_count, idea.dot_count) == (supports, comments, dots)
    assert find_count_drift() == []


def test_seed_is_deterministic_apart_from_dates():
    demo.seed(only_if_empty=True)
    columns = (Idea.title, Idea.support_count, Idea.comment_count, Idea.dot_count)
    first = db.session.execute(select(*columns).order_by(Idea.id)).all()
    from tests.conftest import empty_all_tables
    empty_all_tables()
    demo.seed(only_if_empty=True)
    assert db.session.execute(select(*columns).order_by(Idea.id)).all() == first


def test_seed_if_empty_leaves_an_existing_installation_alone():
    make_round(slug="our-round")
    assert demo.seed(only_if_empty=True) is False
    assert count(Idea) == 0
    assert demo.seed(only_if_empty=False) is True  # asked explicitly: added alongside
    assert count(Round) == 3  # ours, the demo round and its published past round


def test_demo_accounts_cannot_sign_in_with_a_guessable_password():
    from werkzeug.security import check_password_hash

    demo.seed(only_if_empty=True)
    for user in db.session.scalars(select(User)):
        assert user.email.endswith("@example.org")
        assert not check_password_hash(user.password_hash, "")
        assert not check_password_hash(user.password_hash, "password")
        assert not check_password_hash(user.password_hash, user.password_hash[1:])


def test_seed_adds_a_past_round_taken_all_the_way_to_a_published_manifesto():
    from manifesto.panel.models import Assessment, Commitment, ConflictDeclaration, IdeaOutcome
    from manifesto.panel.shortlist import outcome_for_idea

    demo.seed(only_if_empty=True)
    past = db.session.scalar(select(Round).where(Round.slug == "manifesto-2025"))
    assert past.phase == "tracking" and past.published_at < utcnow()
    assert past.closes_at < utcnow()
    commitments = list(db.session.scalars(
        select(Commitment).where(Commitment.round_id == past.id).order_by(Commitment.id)))
    assert len(commitments) == 7
    numbered = sorted(c.number for c in commitments if c.number is not None)
    assert numbered == [1, 2, 3, 4, 5]  # five shortlisted, numbered in theme order
    assert all(c.decision_reason for c in commitments)
    # Three panellists scored everything, except one conflict of interest.
    assert count(Assessment, Assessment.submitted_at.is_not(None)) == 7 * 3 - 1
    assert count(ConflictDeclaration) == 1
    # Every idea has an outcome its author can read.
    ideas = list(db.session.scalars(select(Idea).where(Idea.round_id == past.id)))
    assert ideas and all(outcome_for_idea(idea) is not None for idea in ideas)
    assert count(IdeaOutcome) == 1  # the one idea in no commitment
    # Four parties answered each published commitment; delivery is being tracked.
    from manifesto.parties.models import Party, PartyResponse, ProgressUpdate

    assert count(Party) == 4
    assert count(PartyResponse) == 4 * 5
    assert count(PartyResponse, PartyResponse.stance == "committed") == 10
    assert count(ProgressUpdate) == 5
    assert find_count_drift() == []
