import pytest
from sqlalchemy import select

from manifesto.audit import AuditEvent
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.ideas.services import IdeaError, create_idea, update_idea
from tests.factories import make_round, make_user


def _fields(round_, **overrides):
    values = dict(
        theme_ids=[round_.themes[0].id] if round_.themes else [],
        title="  Publish all   public contracts  ",
        problem="  Contracts are hidden.  ",
        proposal="\nPublish every contract over £10,000.\n",
        impact="Less waste.",
        who_should_act="Cabinet Office",
        scope="uk",
    )
    values.update(overrides)
    return values


def _events(action):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_create_idea_saves_stripped_fields_themes_and_audit():
    author = make_user()
    round_ = make_round()
    idea = create_idea(author, round_, **_fields(round_, theme_ids=[round_.themes[1].id,
                                                                    round_.themes[0].id]))
    db.session.expire_all()
    saved = db.session.get(Idea, idea.id)
    assert saved.title == "Publish all public contracts"
    assert saved.problem == "Contracts are hidden."
    assert saved.proposal == "Publish every contract over £10,000."
    assert saved.author_id == author.id and saved.source == "online"
    assert saved.status == "published" and saved.updated_at is None
    assert [t.name for t in saved.themes] == ["Open data", "Anti-corruption"]
    [event] = _events("idea.created")
    assert event.actor_id == author.id and event.target_id == idea.id
    assert event.after["title"] == "Publish all public contracts"
    assert event.after["theme_ids"] == sorted(t.id for t in round_.themes[:2])


def test_create_idea_without_author_for_workshop_input():
    round_ = make_round()
    idea = create_idea(None, round_, **_fields(round_, theme_ids=[]), source="workshop")
    assert idea.author_id is None and idea.source == "workshop" and idea.themes == []
    assert _events("idea.created")[0].actor_id is None


@pytest.mark.parametrize("overrides, field", [
    ({"title": "   "}, "title"),
    ({"title": "x" * 121}, "title"),
    ({"proposal": ""}, "proposal"),
    ({"problem": "x" * 5001}, "problem"),
    ({"impact": "x" * 5001}, "impact"),
    ({"who_should_act": "x" * 301}, "who_should_act"),
    ({"scope": "mars"}, "scope"),
    ({"theme_ids": []}, "theme_ids"),
])
def test_create_idea_refuses_bad_input(overrides, field):
    round_ = make_round()
    with pytest.raises(IdeaError) as caught:
        create_idea(make_user(), round_, **_fields(round_, **overrides))
    assert field in caught.value.errors
    assert db.session.scalar(select(Idea.id)) is None
    assert _events("idea.created") == []


def test_title_of_exactly_the_maximum_length_is_accepted():
    round_ = make_round()
    idea = create_idea(make_user(), round_, **_fields(round_, title="x" * 120))
    assert len(idea.title) == 120


def test_themes_from_another_round_are_refused():
    round_ = make_round()
    other = make_round()
    with pytest.raises(IdeaError) as caught:
        create_idea(make_user(), round_, **_fields(round_, theme_ids=[other.themes[0].id]))
    assert caught.value.errors == {"theme_ids": "Choose themes from this round."}
    assert db.session.scalar(select(Idea.id)) is None


def test_round_without_themes_needs_no_theme():
    round_ = make_round(themes=())
    idea = create_idea(make_user(), round_, **_fields(round_))
    assert idea.themes == []


def test_update_idea_records_only_changed_fields():
    author = make_user()
    round_ = make_round()
    idea = create_idea(author, round_, **_fields(round_))
    update_idea(author, idea, title=" A better title ", proposal=idea.proposal,
                theme_ids=[round_.themes[2].id])
    db.session.expire_all()
    saved = db.session.get(Idea, idea.id)
    assert saved.title == "A better title"
    assert [t.name for t in saved.themes] == ["Freedom of information"]
    assert saved.updated_at is not None and saved.updated_at >= saved.created_at
    [event] = _events("idea.updated")
    assert event.actor_id == author.id
    assert event.before == {"title": "Publish all public contracts",
                            "theme_ids": [round_.themes[0].id]}
    assert event.after == {"title": "A better title", "theme_ids": [round_.themes[2].id]}


def test_update_idea_without_changes_records_nothing():
    author = make_user()
    round_ = make_round()
    idea = create_idea(author, round_, **_fields(round_))
    update_idea(author, idea, title="Publish all public contracts")
    assert db.session.get(Idea, idea.id).updated_at is None
    assert _events("idea.updated") == []


def test_update_idea_validates_like_create():
    author = make_user()
    round_ = make_round()
    other = make_round()
    idea = create_idea(author, round_, **_fields(round_))
    with pytest.raises(IdeaError) as caught:
        update_idea(author, idea, proposal=" ", theme_ids=[other.themes[0].id])
    assert set(caught.value.errors) == {"proposal", "theme_ids"}
    db.session.rollback()
    db.session.expire_all()
    assert db.session.get(Idea, idea.id).proposal == "Publish every contract over £10,000."
    with pytest.raises(TypeError):
        update_idea(author, idea, status="hidden")
