"""Flags, the queue, hiding/restoring with counts and placeholders, blocking."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from manifesto.audit import AuditEvent
from manifesto.extensions import db
from manifesto.ideas.counts import find_count_drift
from manifesto.ideas.models import Idea
from manifesto.ideas.queries import IdeaFilters, browse_ideas
from manifesto.moderation import services
from manifesto.moderation.models import Flag
from tests.factories import make_comment, make_idea, make_round, make_user


@pytest.fixture
def moderator():
    return make_user(roles=("moderator",))


def test_one_flag_per_person_per_item_and_the_queue_orders(moderator):
    round_ = make_round()
    quiet, busy = make_idea(round_), make_idea(round_)
    flaggers = [make_user() for _ in range(3)]
    for user in flaggers:
        services.raise_flag(user, busy, "spam")
    services.raise_flag(flaggers[0], quiet, "off_topic", "Not about government")
    with pytest.raises(services.ModerationError):
        services.raise_flag(flaggers[0], quiet, "spam")
    with pytest.raises(services.ModerationError):
        services.raise_flag(flaggers[1], quiet, "because")

    newest, total = services.moderation_queue("newest")
    assert total == 2 and newest[0].idea.id == quiet.id
    most, _ = services.moderation_queue("most_flagged")
    assert most[0].idea.id == busy.id and most[0].open_flags == 3 and most[0].reasons == ["spam"]


def test_hiding_an_idea_takes_it_out_of_lists_and_tells_the_author(app, moderator):
    author = make_user()
    round_ = make_round()
    idea = make_idea(round_, author, title="Buy cheap watches")
    services.raise_flag(make_user(), idea, "spam")

    services.hide_idea(moderator, idea, "spam", "Advertising")

    assert idea.status == "hidden" and idea.moderation_note == "spam"
    assert browse_ideas(round_.id, IdeaFilters()).total == 0
    assert db.session.scalar(select(Flag.resolution)) == "hidden"
    mail = app.extensions["mail_outbox"][-1]
    assert mail["To"] == author.email and "spam" in mail.get_content()

    services.restore_idea(moderator, idea)
    assert idea.status == "published"
    assert browse_ideas(round_.id, IdeaFilters()).total == 1
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"idea.hidden", "idea.restored", "flag.raised"} <= actions


def test_hiding_a_comment_corrects_the_count(moderator):
    idea = make_idea(make_round())
    comment = make_comment(idea, make_user())
    services.hide_comment(moderator, comment, "offensive")
    db.session.refresh(idea)
    assert idea.comment_count == 0 and comment.hidden
    with pytest.raises(services.ModerationError):
        services.hide_comment(moderator, comment, "offensive")
    services.restore_comment(moderator, comment)
    db.session.refresh(idea)
    assert idea.comment_count == 1
    assert find_count_drift() == []


def test_blocking_hides_everything_in_one_step_and_unblocking_restores_it(moderator):
    spammer = make_user()
    round_ = make_round()
    ideas = [make_idea(round_, spammer) for _ in range(3)]
    services.hide_idea(moderator, ideas[0], "offensive")  # hidden before the block
    other_idea = make_idea(round_)
    comment = make_comment(other_idea, spammer)
    token = spammer.session_token

    services.block_account(moderator, spammer, "Spam run")

    db.session.expire_all()
    assert spammer.blocked_at is not None and spammer.session_token != token
    assert [db.session.get(Idea, i.id).status for i in ideas] == ["hidden"] * 3
    assert db.session.get(Idea, other_idea.id).comment_count == 0
    with pytest.raises(services.ModerationError):
        services.block_account(moderator, spammer)

    services.unblock_account(moderator, spammer)

    db.session.expire_all()
    assert spammer.blocked_at is None
    # The idea hidden for its own reason stays hidden.
    assert [db.session.get(Idea, i.id).status for i in ideas] == ["hidden", "published", "published"]
    assert db.session.get(Idea, other_idea.id).comment_count == 1
    assert not db.session.get(type(comment), comment.id).hidden
    assert find_count_drift() == []
