"""Merging duplicates: supports count once, dots add per workshop, comments
move with a note, and undo restores exactly what was there."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from manifesto.comments.models import Comment
from manifesto.extensions import db
from manifesto.ideas.counts import find_count_drift
from manifesto.ideas.models import Idea
from manifesto.moderation import merging
from manifesto.moderation.services import ModerationError
from manifesto.supports.models import Support
from manifesto.workshops import services as workshops
from manifesto.workshops.models import WorkshopTally
from tests.factories import make_comment, make_idea, make_round, make_support, make_user, make_workshop


@pytest.fixture
def moderator():
    return make_user(roles=("moderator",))


def _state(*ideas: Idea) -> dict:
    """Everything a merge touches, as plain values."""
    db.session.expire_all()
    out = {}
    for idea in ideas:
        row = db.session.get(Idea, idea.id)
        out[idea.id] = {
            "status": row.status,
            "title": row.title,
            "proposal": row.proposal,
            "supporters": sorted(db.session.scalars(
                select(Support.user_id).where(Support.idea_id == idea.id))),
            "support_count": row.support_count,
            "tallies": sorted(db.session.execute(
                select(WorkshopTally.workshop_id, WorkshopTally.dots)
                .where(WorkshopTally.idea_id == idea.id)).all()),
            "dot_count": row.dot_count,
            "comments": sorted(db.session.scalars(
                select(Comment.id).where(Comment.idea_id == idea.id))),
            "comment_count": row.comment_count,
        }
    return out


@pytest.fixture
def duplicates(moderator):
    """A and B with overlapping supporters, tallies at a shared and an own
    workshop, and comments on B."""
    round_ = make_round()
    facilitator = make_user(roles=("facilitator",))
    cardiff = make_workshop(round_, owner=facilitator)
    leeds = make_workshop(round_, owner=facilitator, town="Leeds", nation="england")
    a = make_idea(round_, title="Open contracts", proposal="Publish contracts.")
    b = make_idea(round_, title="Publish all contracts", proposal="Every contract online.")
    both, only_a, only_b1, only_b2 = (make_user() for _ in range(4))
    for user in (both, only_a):
        make_support(user, a)
    for user in (both, only_b1, only_b2):
        make_support(user, b)
    workshops.set_tally(facilitator, cardiff, a, 10)
    workshops.set_tally(facilitator, cardiff, b, 4)
    workshops.set_tally(facilitator, leeds, b, 7)
    make_comment(b, only_b1, "Yes please")
    make_comment(a, only_a, "Good")
    return {"a": a, "b": b, "cardiff": cardiff, "leeds": leeds, "both": both}


def test_merge_counts_each_supporter_once_and_adds_dots_per_workshop(moderator, duplicates):
    a, b = duplicates["a"], duplicates["b"]
    before = _state(a, b)

    merging.merge_ideas(moderator, b, a, note="Same idea")

    after = _state(a, b)
    assert after[a.id]["support_count"] == 4  # both, only_a, only_b1, only_b2
    assert len(after[a.id]["supporters"]) == 4
    assert after[b.id]["support_count"] == 0 and after[b.id]["supporters"] == []
    cardiff, leeds = duplicates["cardiff"].id, duplicates["leeds"].id
    assert dict(after[a.id]["tallies"]) == {cardiff: 14, leeds: 7}
    assert after[a.id]["dot_count"] == 21 and after[b.id]["dot_count"] == 0
    assert after[a.id]["comment_count"] == 2 and after[b.id]["comment_count"] == 0
    assert after[b.id]["status"] == "merged"
    assert db.session.get(Idea, b.id).merged_into_id == a.id
    moved = db.session.scalar(select(Comment).where(Comment.body == "Yes please"))
    assert moved.idea_id == a.id and moved.merged_from_id == b.id
    assert after[a.id]["title"] == before[a.id]["title"]
    assert find_count_drift() == []


def test_undo_restores_exactly_what_was_there(moderator, duplicates):
    a, b = duplicates["a"], duplicates["b"]
    before = _state(a, b)
    merge = merging.merge_ideas(moderator, b, a, text="source")
    assert _state(a)[a.id]["title"] == "Publish all contracts"

    merging.undo_merge(moderator, merge)

    assert _state(a, b) == before
    assert find_count_drift() == []
    with pytest.raises(ModerationError):
        merging.undo_merge(moderator, db.session.get(type(merge), merge.id))


def test_edited_text_is_validated(moderator, duplicates):
    with pytest.raises(ModerationError):
        merging.merge_ideas(moderator, duplicates["b"], duplicates["a"], text="edited",
                            edited={"title": "", "proposal": "x"})
    assert _state(duplicates["b"])[duplicates["b"].id]["status"] == "published"


def test_cannot_merge_across_rounds_or_into_itself(moderator, duplicates):
    other = make_idea(make_round())
    with pytest.raises(ModerationError):
        merging.merge_ideas(moderator, duplicates["b"], other)
    with pytest.raises(ModerationError):
        merging.merge_ideas(moderator, duplicates["b"], duplicates["b"])
    assert db.session.scalar(select(func.count()).select_from(Idea).where(Idea.status == "merged")) == 0
