import pytest
from sqlalchemy import func, select

from manifesto.audit import AuditEvent
from manifesto.comments import services
from manifesto.comments.models import COMMENT_MAX, Comment
from manifesto.extensions import db
from manifesto.ideas.counts import find_count_drift
from tests.factories import make_comment, make_idea, make_round, make_user
from tests.querycount import counting_statements


@pytest.fixture
def idea():
    return make_idea(make_round())


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_add_comment_strips_counts_and_audits(idea):
    author = make_user()
    comment = services.add_comment(author, idea, "  Yes, and publish the contracts too.  \n")

    assert comment.body == "Yes, and publish the contracts too."
    assert comment.author_id == author.id and comment.parent_id is None
    assert idea.comment_count == 1
    assert [e.target_id for e in events("comment.added")] == [comment.id]
    assert find_count_drift() == []


@pytest.mark.parametrize("body", ["", "   \n\t ", "x" * (COMMENT_MAX + 1)])
def test_invalid_body_is_refused_and_nothing_written(idea, body):
    with pytest.raises(services.CommentError) as refused:
        services.add_comment(make_user(), idea, body)
    assert refused.value.field == "body"
    assert db.session.scalar(select(func.count()).select_from(Comment)) == 0
    assert idea.comment_count == 0


def test_longest_comment_is_accepted(idea):
    assert services.add_comment(make_user(), idea, "x" * COMMENT_MAX).body == "x" * COMMENT_MAX


def test_reply_to_a_reply_attaches_to_the_top_level_comment(idea):
    top = make_comment(idea, make_user(), "Top")
    reply = make_comment(idea, make_user(), "Reply", parent=top)
    reply_to_reply = make_comment(idea, make_user(), "Reply to the reply", parent=reply)

    assert reply.parent_id == top.id
    assert reply_to_reply.parent_id == top.id
    assert idea.comment_count == 3


def test_reply_must_be_on_the_same_idea_and_to_a_live_comment(idea):
    other_idea = make_idea(idea.round)
    elsewhere = make_comment(other_idea, make_user())
    with pytest.raises(services.CommentError, match="on this idea"):
        services.add_comment(make_user(), idea, "Hello", parent=elsewhere)

    author = make_user()
    gone = make_comment(idea, author)
    services.delete_comment(author, gone)
    with pytest.raises(services.CommentError, match="deleted") as refused:
        services.add_comment(make_user(), idea, "Hello", parent=gone)
    assert refused.value.field is None


def test_edit_sets_edited_at_and_audits_before_and_after(idea):
    author = make_user()
    comment = make_comment(idea, author, "First thought")

    services.edit_comment(author, comment, "Second thought ")

    assert comment.body == "Second thought"
    assert comment.edited_at is not None
    [event] = events("comment.edited")
    assert event.before == {"body": "First thought"} and event.after == {"body": "Second thought"}
    assert idea.comment_count == 1


def test_edit_without_change_is_not_an_edit(idea):
    author = make_user()
    comment = make_comment(idea, author, "Same")
    services.edit_comment(author, comment, " Same ")
    assert comment.edited_at is None
    assert events("comment.edited") == []


def test_editing_a_deleted_comment_is_refused(idea):
    author = make_user()
    comment = make_comment(idea, author, "Soon gone")
    services.delete_comment(author, comment)
    with pytest.raises(services.CommentError):
        services.edit_comment(author, comment, "Back again")
    assert comment.body == ""


def test_delete_is_soft_and_decrements_once(idea):
    author = make_user()
    comment = make_comment(idea, author, "Delete me")
    make_comment(idea, make_user(), "Stays")

    services.delete_comment(author, comment)
    with pytest.raises(services.CommentError, match="already been deleted"):
        services.delete_comment(author, comment)

    assert comment.body == "" and comment.deleted_at is not None
    assert idea.comment_count == 1
    assert len(events("comment.deleted")) == 1
    assert find_count_drift() == []


def test_deleting_a_hidden_comment_leaves_the_count_alone(idea):
    author = make_user()
    comment = make_comment(idea, author)
    # As moderation hides it: flag and counter together.
    comment.hidden = True
    idea_table = idea.__table__
    db.session.execute(idea_table.update().where(idea_table.c.id == idea.id)
                       .values(comment_count=idea_table.c.comment_count - 1))
    db.session.commit()

    services.delete_comment(author, comment)
    assert idea.comment_count == 0
    assert find_count_drift() == []


def test_thread_for_builds_the_tree_in_a_fixed_number_of_queries(idea, app):

    people = [make_user() for _ in range(3)]
    first = make_comment(idea, people[0], "First")
    make_comment(idea, people[1], "Reply 1", parent=first)
    second = make_comment(idea, people[1], "Second")
    make_comment(idea, people[2], "Reply 2", parent=first)
    deleted_reply = make_comment(idea, people[2], "Deleted reply", parent=second)
    services.delete_comment(people[2], deleted_reply)
    lonely = make_comment(idea, people[0], "Deleted, no replies")
    services.delete_comment(people[0], lonely)
    placeholder = make_comment(idea, people[0], "Deleted with a reply")
    make_comment(idea, people[1], "Reply under deleted", parent=placeholder)
    services.delete_comment(people[0], placeholder)

    def count_queries(call):
        db.session.expire_all()
        with counting_statements() as seen:
            result = call()
            # Touching authors and replies must not load anything more.
            [(c.author.display_name if c.author else None, [r.author.display_name for r in c.replies])
             for c in result]
        return result, len(seen)

    thread, queries = count_queries(lambda: services.thread_for(idea))
    assert [c.body for c in thread] == ["First", "Second", ""]
    assert [r.body for r in thread[0].replies] == ["Reply 1", "Reply 2"]
    assert thread[1].replies == []
    assert thread[2].is_deleted and [r.body for r in thread[2].replies] == ["Reply under deleted"]

    for n in range(10):
        top = make_comment(idea, make_user(), f"More {n}")
        make_comment(idea, make_user(), f"More reply {n}", parent=top)
    _, more_queries = count_queries(lambda: services.thread_for(idea))
    assert more_queries == queries
