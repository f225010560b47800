"""Erasing an account: no personal data left in any table, counts exact,
others' contributions untouched, all in one transaction."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import JSON, String, func, select

from manifesto import audit
from manifesto.accounts import privacy
from manifesto.accounts.models import User, UserRole
from manifesto.audit import AuditEvent
from manifesto.comments import services as comments
from manifesto.comments.models import Comment
from manifesto.extensions import db
from manifesto.ideas import services as ideas
from manifesto.ideas.counts import find_count_drift
from manifesto.ideas.models import Idea
from manifesto.supports.models import Support
from manifesto.workshops import services as workshops
from manifesto.workshops.models import TallyChange, Workshop
from tests.factories import make_comment, make_idea, make_round, make_support, make_user, make_workshop

EMAIL = "Zebedee.Quist@Example.org"
NAME = "Zebedee Quist"
ORGANISATION = "Quist Collective"


def personal_data_left(*needles: str) -> list[str]:
    """Every text or JSON cell, in every table, that still holds a needle."""
    db.session.expire_all()
    found = []
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, (String, JSON))]
        if not columns:
            continue
        for row in db.session.execute(select(*columns)):
            for column, value in zip(columns, row):
                if value is None:
                    continue
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                for needle in needles:
                    if needle.lower() in text.lower():
                        found.append(f"{table.name}.{column.name}: {text[:80]!r}")
    return found


@pytest.fixture
def scene():
    """The person has a bit of everything; others interact with their work."""
    person = make_user(email=EMAIL, display_name=NAME, roles=("facilitator",))
    person.organisation, person.region = ORGANISATION, "Wales"
    db.session.commit()
    other = make_user(display_name="Olu Other")
    admin = make_user(display_name="Ada Admin", roles=("admin",))
    round_ = make_round()
    theme_ids = [round_.themes[0].id]
    mine = ideas.create_idea(person, round_, title="Open contracts register", problem="Hidden now.",
                             proposal="Publish every contract.", impact="", who_should_act="",
                             scope="uk", theme_ids=theme_ids)
    theirs = make_idea(round_, other, title="Open budgets", themes=[round_.themes[0]])
    make_support(person, mine)
    make_support(person, theirs)
    make_support(other, mine)
    my_comment = make_comment(theirs, person, body="I agree, and I am Zebedee.")
    gone = make_comment(theirs, person, body="A comment I deleted myself.")
    comments.delete_comment(person, gone)
    my_reply = make_comment(mine, person, body="Adding detail to my own idea.")
    comments.edit_comment(person, my_reply, "Adding more detail to my own idea.")
    their_comment = make_comment(mine, other, body="Good idea.")
    their_reply = make_comment(theirs, other, body="Replying to you.", parent=my_comment)
    privacy.set_contact_consent(person, True)
    workshop = make_workshop(round_, owner=person)
    workshops.update_workshop(person, workshop, facilitator_name=NAME)
    workshops.set_tally(person, workshop, theirs, 7)
    # Events by others that mention the person.
    audit.record(admin, "account.profile_changed", person,
                 before={"display_name": "Zeb", "organisation": None},
                 after={"display_name": NAME, "organisation": ORGANISATION})
    audit.record(admin, "admin.people_searched", round_, after={"q": EMAIL.lower()})
    audit.record(admin, "admin.note", round_, after={"note": f"Spoke to {NAME.upper()} about it"})
    db.session.commit()
    return dict(person=person, other=other, admin=admin, round=round_, mine=mine, theirs=theirs,
                my_comment=my_comment, gone=gone, my_reply=my_reply, their_comment=their_comment,
                their_reply=their_reply, workshop=workshop)


def test_the_scene_really_holds_the_personal_data(scene):
    found = personal_data_left(EMAIL, NAME)
    assert any(f.startswith("users.") for f in found)
    assert any(f.startswith("audit_events.") for f in found)
    assert any(f.startswith("workshops.") for f in found)
    assert find_count_drift() == []


def _reload(model, id_):
    db.session.expire_all()
    return db.session.get(model, id_)


def test_erasure_keeping_contributions(scene):
    person, other = scene["person"], scene["other"]
    person_id = person.id
    theirs_supports_before = scene["theirs"].support_count
    theirs_comments_before = scene["theirs"].comment_count

    counts = privacy.erase_account(person, remove_contributions=False)

    assert personal_data_left(EMAIL, NAME, ORGANISATION) == []
    assert find_count_drift() == []
    assert db.session.get(User, person_id) is None
    assert db.session.scalar(select(func.count()).select_from(UserRole)
                             .where(UserRole.user_id == person_id)) == 0
    assert db.session.scalar(select(func.count()).select_from(Support)
                             .where(Support.user_id == person_id)) == 0
    mine, theirs = _reload(Idea, scene["mine"].id), _reload(Idea, scene["theirs"].id)
    # Their idea stays, credited to nobody; others' support and comments on it stay.
    assert (mine.author_id, mine.status, mine.title) == (None, "published", "Open contracts register")
    assert mine.support_count == 1
    assert mine.comment_count == 2
    assert theirs.support_count == theirs_supports_before - 1
    assert theirs.comment_count == theirs_comments_before  # comments kept
    kept = _reload(Comment, scene["my_comment"].id)
    assert (kept.author_id, kept.body, kept.deleted_at) == (None, "I agree, and I am Zebedee.", None)
    assert _reload(Comment, scene["their_reply"].id).author_id == other.id
    workshop = _reload(Workshop, scene["workshop"].id)
    assert (workshop.owner_id, workshop.facilitator_name, workshop.town) == (None, "", "Cardiff")
    assert db.session.scalar(select(TallyChange.changed_by_id)) is None
    assert counts == {
        "former_user_id": person_id, "contributions_removed": False, "supports_removed": 2,
        "comments_kept": 3, "comments_deleted": 0, "ideas_kept": 1, "ideas_withdrawn": 0,
        "workshops_released": 1, "roles_removed": 1, "audit_events_scrubbed": counts["audit_events_scrubbed"],
    }
    assert counts["audit_events_scrubbed"] >= 4


def test_the_audit_log_keeps_the_events_without_the_person(scene):
    person = scene["person"]
    person_id = person.id
    events_before = db.session.scalar(select(func.count()).select_from(AuditEvent))
    privacy.erase_account(person)

    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert len(events) == events_before + 1  # nothing deleted, one added
    assert all(event.actor_id != person_id for event in events)
    profile = next(e for e in events if e.action == "account.profile_changed")
    assert profile.after == {"display_name": "[erased]", "organisation": "[erased]"}
    assert profile.actor_id == scene["admin"].id  # others' actions keep their actor
    note = next(e for e in events if e.action == "admin.note")
    assert note.after == {"note": "Spoke to [erased] about it"}
    erased = events[-1]
    assert erased.action == "account.erased"
    assert (erased.actor_id, erased.target_type, erased.target_id) == (None, "users", person_id)
    assert erased.ip_address is None and erased.before is None
    assert erased.after["former_user_id"] == person_id
    assert set(erased.after) <= {"former_user_id", "contributions_removed", "supports_removed",
                                 "comments_kept", "comments_deleted", "ideas_kept",
                                 "ideas_withdrawn", "workshops_released", "roles_removed",
                                 "audit_events_scrubbed"}


def test_erasure_removing_contributions(scene, client):
    person = scene["person"]
    theirs_comments_before = scene["theirs"].comment_count

    counts = privacy.erase_account(person, remove_contributions=True)

    assert personal_data_left(EMAIL, NAME, ORGANISATION) == []
    assert find_count_drift() == []
    mine = _reload(Idea, scene["mine"].id)
    assert (mine.status, mine.author_id, mine.title) == ("withdrawn", None, privacy.WITHDRAWN_TITLE)
    assert (mine.problem, mine.impact) == ("", "")
    assert "contract" not in mine.proposal
    # Others' support and comments on the withdrawn idea stay as they were.
    assert mine.support_count == 1
    assert _reload(Comment, scene["their_comment"].id).body == "Good idea."
    # Their comments are deleted; the one already deleted is not uncounted twice.
    theirs = _reload(Idea, scene["theirs"].id)
    assert theirs.comment_count == theirs_comments_before - 1
    for key in ("my_comment", "my_reply", "gone"):
        comment = _reload(Comment, scene[key].id)
        assert (comment.body, comment.author_id) == ("", None)
        assert comment.deleted_at is not None
    assert (counts["comments_deleted"], counts["ideas_withdrawn"]) == (2, 1)
    # The log's copies of the removed text are gone too.
    created = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "idea.created", AuditEvent.target_id == mine.id)).one()
    assert created.after["title"] == "[erased]" and created.after["proposal"] == "[erased]"
    assert created.after["scope"] == "uk"
    edited = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "comment.edited")).one()
    assert edited.before == {"body": "[erased]"} and edited.after == {"body": "[erased]"}
    # The withdrawn idea leaves the public lists and pages.
    listing = client.get(f"/rounds/{scene['round'].slug}/ideas/").get_data(as_text=True)
    assert "Open budgets" in listing and "Open contracts register" not in listing
    assert client.get(f"/ideas/{mine.id}").status_code in (403, 404, 410)


def test_keeping_credits_a_former_participant_on_the_pages(scene, client):
    mine_id = scene["mine"].id
    privacy.erase_account(scene["person"])
    page = client.get(f"/ideas/{mine_id}").get_data(as_text=True)
    assert "a former participant" in page
    assert "Adding more detail to my own idea." in page
    assert NAME not in page


def test_names_inside_other_words_are_left_alone():
    person = make_user(display_name="Sam", email="sam@example.org")
    admin = make_user(roles=("admin",))
    audit.record(admin, "admin.note", admin, after={"note": "Samuel and Sam met"})
    db.session.commit()
    privacy.erase_account(person)
    note = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "admin.note")).one()
    assert note.after == {"note": "Samuel and [erased] met"}


def test_non_ascii_names_are_found_in_the_log():
    person = make_user(display_name="Émile Zoë Ó Briain", email="emile@example.org")
    admin = make_user(roles=("admin",))
    audit.record(admin, "account.profile_changed", person, after={"display_name": person.display_name})
    audit.record(admin, "admin.note", admin, after={"note": "Met ÉMILE ZOË Ó BRIAIN today"})
    db.session.commit()
    privacy.erase_account(person)
    assert personal_data_left("Émile Zoë Ó Briain", "emile@example.org") == []


def test_the_only_administrator_cannot_erase_their_account():
    admin = make_user(roles=("admin",))
    with pytest.raises(privacy.ErasureRefused) as refused:
        privacy.erase_account(admin)
    assert refused.value.message == privacy.ONLY_ADMIN
    assert db.session.get(User, admin.id) is not None
    make_user(roles=("admin",))
    assert privacy.erasure_refusal(admin) is None
    admin_id = admin.id
    privacy.erase_account(admin)
    assert db.session.get(User, admin_id) is None


def test_erasure_is_all_or_nothing(scene, monkeypatch):
    person_id = scene["person"].id

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(privacy, "scrub_audit_log", broken)
    with pytest.raises(RuntimeError):
        privacy.erase_account(scene["person"], remove_contributions=True)
    db.session.expire_all()
    assert db.session.get(User, person_id) is not None
    assert _reload(Idea, scene["mine"].id).author_id == person_id
    assert _reload(Idea, scene["mine"].id).status == "published"
    assert db.session.scalar(select(func.count()).select_from(Support)
                             .where(Support.user_id == person_id)) == 2
    assert find_count_drift() == []
    assert "account.erased" not in db.session.scalars(select(AuditEvent.action)).all()


def test_erasure_starts_again_when_the_database_cancels_it_for_a_deadlock(scene, monkeypatch):
    """PostgreSQL cancels one side of a deadlock (the person's own request
    racing the erasure); the erasure starts again from a clean slate."""
    from sqlalchemy.exc import OperationalError

    class Deadlock(Exception):
        sqlstate = "40P01"

    real_erase, calls = privacy._erase, []

    def deadlock_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            real_erase(*args, **kwargs)  # does all the work, then is cancelled
            raise OperationalError("COMMIT", {}, Deadlock())
        return real_erase(*args, **kwargs)

    monkeypatch.setattr(privacy, "_erase", deadlock_once)
    person_id = scene["person"].id
    counts = privacy.erase_account(scene["person"])
    assert len(calls) == 2
    assert counts["supports_removed"] == 2  # counted once, by the attempt that stood
    assert db.session.get(User, person_id) is None
    assert find_count_drift() == []
    assert db.session.scalars(select(AuditEvent.action)).all().count("account.erased") == 1


def test_other_database_errors_are_not_retried(scene, monkeypatch):
    from sqlalchemy.exc import OperationalError

    def broken(*args, **kwargs):
        raise OperationalError("UPDATE", {}, Exception("disk I/O error"))

    monkeypatch.setattr(privacy, "_erase", broken)
    with pytest.raises(OperationalError):
        privacy.erase_account(scene["person"])
    assert db.session.get(User, scene["person"].id) is not None
