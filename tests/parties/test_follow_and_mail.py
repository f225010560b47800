"""Following a commitment: the outbox rows written with the change, the
sender that drains them through the mail backend, retries, and erasure."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from manifesto.accounts import privacy
from manifesto.accounts.privacy_export import collect
from manifesto.extensions import db
from manifesto.parties import follows, progress, responses
from manifesto.parties import outbox as sender
from manifesto.parties.models import Follow, MailOutbox
from manifesto.parties.services import PartyError
from tests.factories import make_commitment, make_round, make_user
from tests.parties.factory import make_party, make_published_round, make_response


@pytest.fixture
def scene():
    admin = make_user(roles=("admin",))
    round_, (commitment, other) = make_published_round(2, admin=admin)
    fans = [make_user(email=f"fan{i}@example.org") for i in range(3)]
    for fan in fans[:2]:
        follows.follow(fan, commitment)
    follows.follow(fans[2], other)
    return {"admin": admin, "round": round_, "commitment": commitment, "other": other,
            "fans": fans, "party": make_party("Labour Party", "Labour")}


def _waiting():
    return db.session.scalars(select(MailOutbox).where(MailOutbox.sent_at.is_(None))
                              .order_by(MailOutbox.id)).all()


def test_following_is_once_per_person_and_only_for_published_commitments(scene):
    fan = scene["fans"][0]
    assert follows.follow(fan, scene["commitment"]) is False  # already following
    assert follows.follower_count(scene["commitment"]) == 2
    draft = make_commitment(make_round(phase="assessment"))
    with pytest.raises(PartyError):
        follows.follow(fan, draft)
    unconfirmed = make_user(verified=False)
    with pytest.raises(PartyError, match="confirm your email address"):
        follows.follow(unconfirmed, scene["commitment"])
    assert follows.unfollow(fan, scene["commitment"]) is True
    assert follows.unfollow(fan, scene["commitment"]) is False
    assert follows.follower_count(scene["commitment"]) == 1


def test_a_response_queues_one_email_per_follower_in_its_own_transaction(scene, outbox):
    responses.record_response(scene["admin"], scene["party"], scene["commitment"],
                              stance="committed", quote="We will.",
                              evidence_url="https://example.org/m")
    rows = _waiting()
    emails = {db.session.get(type(scene["fans"][0]), row.user_id).email for row in rows}
    assert emails == {"fan0@example.org", "fan1@example.org"}  # not the other commitment's fan
    assert "Labour Party: Committed" in rows[0].body
    assert rows[0].subject.startswith(f"Party responses to Commitment {scene['commitment'].number}")
    assert outbox == []  # nothing sent during the request


def test_a_refused_change_queues_nothing(scene):
    with pytest.raises(PartyError):
        responses.record_response(scene["admin"], scene["party"], scene["commitment"],
                                  stance="committed", quote="", evidence_url="")
    assert _waiting() == []


def test_draining_sends_through_the_mail_backend_once(scene, outbox):
    make_response(scene["party"], scene["commitment"], actor=scene["admin"])
    progress.add_progress(scene["admin"], scene["commitment"], status="in_progress",
                          note="A bill was introduced.", happened_on=date(2026, 3, 2))
    assert len(_waiting()) == 4
    result = sender.drain()
    assert (result.sent, result.failed) == (4, 0)
    assert sorted(message["To"] for message in outbox) == [
        "fan0@example.org", "fan0@example.org", "fan1@example.org", "fan1@example.org"]
    progress_mail = next(m for m in outbox if m["Subject"].startswith("Progress on"))
    assert "In progress (2 March 2026): A bill was introduced." in progress_mail.get_content()
    assert _waiting() == []
    assert sender.drain().sent == 0 and len(outbox) == 4  # each sent once


def test_a_failed_send_leaves_the_row_for_retry(scene, outbox, monkeypatch):
    make_response(scene["party"], scene["commitment"], actor=scene["admin"])

    def broken(to, subject, body):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(sender, "send_mail", broken)
    result = sender.drain()
    assert (result.sent, result.failed) == (0, 2)
    rows = _waiting()
    assert len(rows) == 2
    assert all(row.attempts == 1 and row.claimed_at is None for row in rows)
    assert "mail server down" in rows[0].last_error
    monkeypatch.undo()
    assert sender.drain().sent == 2
    assert len(outbox) == 2 and _waiting() == []


def test_rows_stop_being_retried_after_the_last_attempt(scene, monkeypatch):
    make_response(scene["party"], scene["commitment"], actor=scene["admin"])
    monkeypatch.setattr(sender, "send_mail", lambda *a: (_ for _ in ()).throw(OSError("no")))
    for _attempt in range(sender.MAX_ATTEMPTS + 2):
        sender.drain()
    assert {row.attempts for row in _waiting()} == {sender.MAX_ATTEMPTS}


def test_the_background_sender_drains_after_the_commit(app, scene, outbox):
    app.config["MAIL_OUTBOX_SEND_AFTER_RESPONSE"] = True
    try:
        make_response(scene["party"], scene["commitment"], actor=scene["admin"])
        thread = sender.send_soon()
        assert thread is not None
        thread.join(timeout=30)
    finally:
        app.config.pop("MAIL_OUTBOX_SEND_AFTER_RESPONSE")
    db.session.expire_all()
    assert len(outbox) == 2 and _waiting() == []


def test_send_soon_does_nothing_when_nothing_was_queued(app):
    app.config["MAIL_OUTBOX_SEND_AFTER_RESPONSE"] = True
    try:
        assert sender.send_soon() is None
    finally:
        app.config.pop("MAIL_OUTBOX_SEND_AFTER_RESPONSE")


def test_the_send_mail_command_drains_the_outbox(app, scene, outbox):
    make_response(scene["party"], scene["commitment"], actor=scene["admin"])
    result = app.test_cli_runner().invoke(args=["send-mail"])
    assert result.exit_code == 0, result.output
    assert "Sent 2; 0 failed" in result.output
    assert len(outbox) == 2


def test_erasing_an_account_removes_its_follows_and_waiting_mail(scene):
    fan = scene["fans"][0]
    make_response(scene["party"], scene["commitment"], actor=scene["admin"])
    fan_id = fan.id
    privacy.erase_account(fan)
    assert db.session.scalar(select(func.count()).select_from(Follow)
                             .where(Follow.user_id == fan_id)) == 0
    assert all(row.user_id != fan_id for row in _waiting())
    assert len(_waiting()) == 1


def test_the_privacy_download_lists_what_one_follows(scene):
    data = collect(scene["fans"][0])
    assert [row["commitment"] for row in data["follows"]] == [f"C-{scene['commitment'].id}"]
    assert data["follows"][0]["commitment_title"] == scene["commitment"].title
