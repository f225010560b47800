"""The workshop services: records, credited ideas and comments, tallies
with history, and the cached dot totals."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from manifesto.audit import AuditEvent
from manifesto.comments.models import Comment
from manifesto.extensions import db
from manifesto.ideas.counts import find_count_drift
from manifesto.ideas.models import Idea
from manifesto.workshops import services
from manifesto.workshops.models import TallyChange, WorkshopTally
from tests.factories import make_idea, make_round, make_user, make_workshop


@pytest.fixture
def facilitator():
    return make_user(roles=("facilitator",))


def test_creating_a_workshop_validates_and_audits(facilitator):
    round_ = make_round()
    with pytest.raises(services.WorkshopError) as error:
        services.create_workshop(facilitator, round_, title="", held_on=None, town="",
                                 nation="atlantis", attendees=-3)
    assert set(error.value.errors) == {"title", "held_on", "town", "nation", "attendees"}

    workshop = make_workshop(round_, owner=facilitator)
    assert workshop.owner_id == facilitator.id
    assert workshop.credit == "From the Cardiff workshop, 14 March 2027"
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "workshop.created" in actions


def test_workshop_ideas_are_credited_and_not_duplicated(facilitator):
    round_ = make_round()
    workshop = make_workshop(round_, owner=facilitator)
    entries = [
        {"title": "Open contracts", "proposal": "Publish every contract."},
        {"title": "Lobbying register", "proposal": "Register all lobbyists.",
         "theme_ids": [round_.themes[0].id]},
    ]
    first = services.add_workshop_ideas(facilitator, workshop, entries)
    assert len(first.created) == 2 and first.already_in == []
    idea = first.created[0]
    assert (idea.source, idea.author_id, idea.workshop_id, idea.scope) == (
        "workshop", None, workshop.id, "uk")

    again = services.add_workshop_ideas(
        facilitator, workshop,
        [{"title": "  OPEN contracts ", "proposal": "publish every   contract."}] + entries)
    assert again.created == []
    assert len(again.already_in) == 3
    assert db.session.scalar(select(func.count()).select_from(Idea)) == 2


def test_one_bad_row_saves_nothing(facilitator):
    round_ = make_round()
    workshop = make_workshop(round_, owner=facilitator)
    with pytest.raises(services.EntryError) as error:
        services.add_workshop_ideas(facilitator, workshop, [
            {"title": "Fine", "proposal": "Fine."},
            {"title": "", "proposal": "No title."},
        ])
    assert list(error.value.rows) == [2]
    assert "title" in error.value.rows[2]
    assert db.session.scalar(select(func.count()).select_from(Idea)) == 0


def test_workshop_comment_is_credited_once(facilitator):
    round_ = make_round()
    workshop = make_workshop(round_, owner=facilitator)
    idea = make_idea(round_)
    comment, created = services.add_workshop_comment(facilitator, workshop, idea, "Yes, please.")
    assert created and comment.workshop_id == workshop.id and comment.author_id is None
    _, created_again = services.add_workshop_comment(facilitator, workshop, idea, "yes,  please.")
    assert not created_again
    db.session.refresh(idea)
    assert idea.comment_count == 1
    assert db.session.scalar(select(func.count()).select_from(Comment)) == 1


def test_tallies_keep_their_history_and_the_total(facilitator):
    round_ = make_round()
    cardiff = make_workshop(round_, owner=facilitator)
    leeds = make_workshop(round_, owner=facilitator, town="Leeds", nation="england")
    idea = make_idea(round_)

    services.set_tally(facilitator, cardiff, idea, 12)
    services.set_tally(facilitator, leeds, idea, 5)
    assert services.set_tally(facilitator, cardiff, idea, 12) is None  # unchanged
    services.set_tally(facilitator, cardiff, idea, 10, reason="Miscounted")

    db.session.refresh(idea)
    assert idea.dot_count == 15
    history = services.tally_history(cardiff, idea.id)
    assert [(c.old_dots, c.new_dots) for c in history] == [(12, 10), (None, 12)]
    assert history[0].reason == "Miscounted" and history[0].changed_by_id == facilitator.id
    assert find_count_drift() == []

    with pytest.raises(services.WorkshopError):
        services.set_tally(facilitator, cardiff, idea, -1)
    other_round_idea = make_idea(make_round())
    with pytest.raises(services.WorkshopError):
        services.set_tally(facilitator, cardiff, other_round_idea, 3)
    assert db.session.scalar(select(func.count()).select_from(WorkshopTally)) == 2
    assert db.session.scalar(select(func.count()).select_from(TallyChange)) == 3


def test_input_closes_when_assessment_begins():
    assert services.input_closed_reason(make_round(phase="open")) is None
    assert "closed" in services.input_closed_reason(make_round(phase="assessment"))
