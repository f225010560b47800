"""Following a published commitment, and telling its followers what changed.

Telling them writes one outbox row per follower, in the caller's transaction
(a single INSERT … SELECT, however many follow it); the mail itself is sent
after the response by :mod:`manifesto.parties.outbox`.
"""

from __future__ import annotations

from flask import has_request_context, url_for
from sqlalchemy import delete, func, insert, literal, select
from sqlalchemy.exc import IntegrityError

from manifesto import audit
from manifesto.accounts.verification import needs_verification
from manifesto.extensions import db
from manifesto.panel.models import Commitment
from manifesto.parties import outbox
from manifesto.parties.models import Follow, MailOutbox
from manifesto.parties.services import PartyError
from manifesto.timeutil import UTCDateTime, utcnow

NOT_PUBLISHED = "Only commitments in a published manifesto can be followed."
VERIFY_FIRST = ("Please confirm your email address before following a commitment: open the "
                "link we sent you, or ask for a new one on your account page.")


def is_following(user, commitment: Commitment) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return db.session.get(Follow, (user.id, commitment.id)) is not None


def follower_count(commitment: Commitment) -> int:
    return db.session.scalar(select(func.count()).select_from(Follow)
                             .where(Follow.commitment_id == commitment.id)) or 0


def follow(user, commitment: Commitment) -> bool:
    """Start following; False when already following."""
    from manifesto.parties.responses import closed_reason

    if closed_reason(commitment):
        raise PartyError(NOT_PUBLISHED)
    if needs_verification(user):  # mail goes only to addresses shown to be theirs
        raise PartyError(VERIFY_FIRST)
    if is_following(user, commitment):
        return False
    db.session.add(Follow(user_id=user.id, commitment_id=commitment.id, created_at=utcnow()))
    audit.record(user, "commitment.followed", commitment, None, {"user_id": user.id})
    try:
        db.session.commit()
    except IntegrityError:  # the same person's other tab, at the same moment
        db.session.rollback()
        return False
    except Exception:
        db.session.rollback()
        raise
    return True


def unfollow(user, commitment: Commitment) -> bool:
    """Stop following; False when not following."""
    gone = db.session.execute(delete(Follow).where(
        Follow.user_id == user.id, Follow.commitment_id == commitment.id)).rowcount
    if gone:
        audit.record(user, "commitment.unfollowed", commitment, {"user_id": user.id}, None)
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return bool(gone)


def _link(commitment: Commitment, progress: bool) -> str:
    endpoint, path = (("parties.progress_page", "progress") if progress
                      else ("parties.commitment_responses", "responses"))
    if has_request_context():
        return url_for(endpoint, commitment_id=commitment.id, _external=True)
    return f"/commitments/{commitment.id}/{path}"


def notify_followers(commitment: Commitment, lines: list[str], *, progress: bool = False) -> None:
    """Queue an email to each follower (in the caller's transaction)."""
    label = f"Commitment {commitment.number}: {commitment.title}"
    what = "Progress on" if progress else "Party responses to"
    subject = f"{what} {label}"[:200]
    body = "\n".join([
        "Hello,",
        "",
        f"You follow “{label}”. Something has changed:",
        "",
        *[f"- {line}" for line in lines],
        "",
        f"See the details and the evidence: {_link(commitment, progress)}",
        "",
        "You get this email because you chose to follow this commitment. To stop, "
        "open that page and choose “Stop following”.",
    ])
    now = utcnow()
    queued = db.session.execute(insert(MailOutbox.__table__).from_select(
        ["user_id", "subject", "body", "created_at", "attempts", "last_error"],
        select(Follow.user_id, literal(subject), literal(body),
               literal(now, type_=UTCDateTime()), literal(0), literal(""))
        .where(Follow.commitment_id == commitment.id),
    )).rowcount
    if queued:
        outbox.mark_queued()


def remove_follows_of(user_id: int) -> int:
    """Erasing an account: its follows (and mail waiting for it) go."""
    db.session.execute(delete(MailOutbox).where(MailOutbox.user_id == user_id))
    return db.session.execute(delete(Follow).where(Follow.user_id == user_id)).rowcount
