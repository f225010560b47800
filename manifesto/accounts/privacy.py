"""A participant's rights over their data (UK GDPR): contact consent, and
erasing the account. Downloading everything is in ``privacy_export``.

Erasure keeps the public record honest: supports are withdrawn through the
same counting rules as the support button; ideas and comments stay, credited
to "a former participant", or are removed the way their author would remove
them; every cached count stays equal to its rows.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import OperationalError
from werkzeug.security import check_password_hash

from manifesto import audit
from manifesto.accounts.models import User, UserRole, new_session_token
from manifesto.accounts.privacy_scrub import personal_patterns, scrub, scrub_audit_log
from manifesto.comments import services as comment_services
from manifesto.comments.models import Comment
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.parties.follows import remove_follows_of
from manifesto.supports import services as support_services
from manifesto.supports.models import Support
from manifesto.timeutil import utcnow
from manifesto.workshops.models import TallyChange, Workshop

# --- contact consent ------------------------------------------------------------
# The user row keeps the version key of the words the person agreed to (and
# when); the words themselves live here, so old versions must never change.
# A new wording gets a new key and becomes CONTACT_CONSENT_VERSION.

CONTACT_CONSENT_WORDINGS = {
    "contact-2026-01": (
        "Email me now and then about this manifesto's progress and related "
        "open-government work. I can withdraw this at any time from my account."
    ),
}
CONTACT_CONSENT_VERSION = "contact-2026-01"


@dataclass(frozen=True)
class ConsentState:
    given: bool
    given_at: datetime | None
    version: str | None
    wording: str | None  # the words agreed to (None when not given)

    @property
    def current_wording(self) -> bool:
        return self.version == CONTACT_CONSENT_VERSION


def consent_wording(version: str | None = CONTACT_CONSENT_VERSION) -> str | None:
    return CONTACT_CONSENT_WORDINGS.get(version) if version else None


def consent_state(user: User) -> ConsentState:
    given = user.contact_consent_at is not None
    version = user.contact_consent_wording if given else None
    return ConsentState(given, user.contact_consent_at, version, consent_wording(version))


def _consent_record(user: User) -> dict[str, Any]:
    return {"contact_consent_at": user.contact_consent_at,
            "contact_consent_wording": user.contact_consent_wording}


def set_contact_consent(user: User, give: bool) -> bool:
    """Give (with today's wording) or withdraw consent to be contacted;
    audited before → after. False when nothing changed."""
    state = consent_state(user)
    if give and state.given and state.current_wording:
        return False
    if not give and not state.given:
        return False
    before = _consent_record(user)
    if give:
        user.contact_consent_at, user.contact_consent_wording = utcnow(), CONTACT_CONSENT_VERSION
    else:
        user.contact_consent_at, user.contact_consent_wording = None, None
    action = "account.contact_consent_given" if give else "account.contact_consent_withdrawn"
    audit.record(user, action, user, before=before, after=_consent_record(user))
    db.session.commit()
    return True


# --- erasing an account -----------------------------------------------------------

WITHDRAWN_TITLE = "Withdrawn idea"
WITHDRAWN_PROPOSAL = "The person who submitted this idea has deleted their account and removed it."
ONLY_ADMIN = ("You are the only administrator. Make someone else an administrator first, "
              "then delete your account.")


def password_matches(user: User, password: str | None) -> bool:
    return check_password_hash(user.password_hash, password or "")


def erasure_refusal(user: User) -> str | None:
    """Why this account cannot be deleted now, or None."""
    if user.has_role("admin"):
        others = db.session.scalar(
            select(func.count()).select_from(UserRole)
            .where(UserRole.role == "admin", UserRole.user_id != user.id)
        )
        if not others:
            return ONLY_ADMIN
    return None


class ErasureRefused(Exception):
    """The account cannot be deleted now; ``message`` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def erase_account(user: User, remove_contributions: bool = False) -> dict[str, Any]:
    """Delete the account and every piece of personal data, in one transaction.

    Returns the counts recorded in the "account.erased" audit event (which
    holds no personal data: counts and the former user id only)."""
    refusal = erasure_refusal(user)
    if refusal:
        raise ErasureRefused(refusal)
    user_id = user.id
    patterns = personal_patterns(user)  # read before the first write
    for attempt in range(1, ERASE_ATTEMPTS + 1):
        try:
            counts = _erase(user_id, patterns, remove_contributions)
            db.session.commit()
        except OperationalError as error:
            db.session.rollback()
            # The person's own request racing this one (e.g. withdrawing a
            # support, which locks the idea and then needs the account row)
            # can deadlock with it; PostgreSQL cancels one side. Start again.
            if attempt == ERASE_ATTEMPTS or _sqlstate(error) not in RETRYABLE:
                raise
        except Exception:
            db.session.rollback()
            raise
        else:
            break
    db.session.expunge(user)
    return counts


ERASE_ATTEMPTS = 3
RETRYABLE = {"40P01", "40001"}  # deadlock detected, serialization failure


def _sqlstate(error: OperationalError) -> str | None:
    return getattr(error.orig, "sqlstate", None)


@dataclass(frozen=True)
class _FormerUser:
    """The audit target once the row is gone (the ORM object cannot be read)."""

    id: int
    __tablename__ = "users"


def _erase(user_id: int, patterns: dict, remove: bool) -> dict[str, Any]:
    _lock_account(user_id)
    counts = {"former_user_id": user_id, "contributions_removed": remove,
              "supports_removed": _remove_supports(user_id)}
    comment_ids = _release_comments(user_id, remove, counts)
    idea_ids = _release_ideas(user_id, remove, counts)
    counts["workshops_released"] = _release_workshops(user_id, patterns["everywhere"])
    counts["roles_removed"] = db.session.execute(
        delete(UserRole.__table__).where(UserRole.__table__.c.user_id == user_id)
    ).rowcount
    remove_follows_of(user_id)  # commitments they followed, and mail waiting for them
    # Removed contributions also leave the log's copies of their text.
    content = {"ideas": idea_ids, "comments": comment_ids} if remove else {}
    counts["audit_events_scrubbed"] = scrub_audit_log(user_id, patterns, content)
    db.session.execute(delete(User.__table__).where(User.__table__.c.id == user_id))
    event = audit.record(None, "account.erased", _FormerUser(user_id), after=counts)
    event.ip_address = None  # an address is personal data too
    return counts


def _lock_account(user_id: int) -> None:
    """Lock the account's row, then end every login at once.

    On PostgreSQL, FOR UPDATE first waits for any request already adding a
    support or comment for the account, and makes later ones wait (their
    foreign-key checks) and then fail once the row is gone, so no support
    can slip in after ours are counted off. SQLite renders no FOR UPDATE;
    there the UPDATE is the first write, and writers are serialised from
    then on."""
    users = User.__table__
    db.session.execute(select(users.c.id).where(users.c.id == user_id).with_for_update())
    db.session.execute(update(users).where(users.c.id == user_id)
                       .values(session_token=new_session_token()))


def _remove_supports(user_id: int) -> int:
    """Each support goes exactly as the support button removes it: the
    idea's row locked first (the order the support service uses, so the two
    never wait on each other), the row DELETE, then the idea's count
    decremented in SQL only if a row really went."""
    idea_ids = db.session.scalars(select(Support.idea_id).where(Support.user_id == user_id)).all()
    removed = 0
    for idea_id in sorted(idea_ids):
        support_services._lock_idea(idea_id)
        if support_services._delete_support(user_id, idea_id):
            support_services._change_count(idea_id, -1)
            removed += 1
    return removed


def _release_comments(user_id: int, remove: bool, counts: dict[str, Any]) -> list[int]:
    comments = Comment.__table__
    ids = db.session.scalars(select(comments.c.id).where(comments.c.author_id == user_id)).all()
    deleted = 0
    if remove:
        # As comments.services.delete_comment does: the text goes, the row
        # stays for its replies, and a comment that was counted is uncounted.
        rows = db.session.execute(
            update(comments)
            .where(comments.c.author_id == user_id, comments.c.deleted_at.is_(None))
            .values(body="", deleted_at=utcnow())
            .returning(comments.c.idea_id, comments.c.hidden)
        ).all()
        deleted = len(rows)
        uncounted = Counter(row.idea_id for row in rows if not row.hidden)
        for idea_id, number in sorted(uncounted.items()):
            comment_services._change_count(idea_id, -number)
    db.session.execute(update(comments).where(comments.c.author_id == user_id).values(author_id=None))
    counts["comments_kept"] = 0 if remove else len(ids)
    counts["comments_deleted"] = deleted
    return list(ids)


def _release_ideas(user_id: int, remove: bool, counts: dict[str, Any]) -> list[int]:
    ideas = Idea.__table__
    ids = db.session.scalars(select(ideas.c.id).where(ideas.c.author_id == user_id)).all()
    if remove and ids:
        # Withdrawn ideas leave every list; others' supports and comments on
        # them stay exactly as they were, so all counts stay true. A merged
        # idea keeps its status (its page still leads to the merged idea).
        mine = ideas.c.author_id == user_id
        db.session.execute(update(ideas).where(mine).values(
            title=WITHDRAWN_TITLE, problem="", proposal=WITHDRAWN_PROPOSAL, impact="",
            who_should_act="", updated_at=utcnow()))
        db.session.execute(update(ideas).where(mine, ideas.c.status != "merged")
                           .values(status="withdrawn"))
    db.session.execute(update(ideas).where(ideas.c.author_id == user_id).values(author_id=None))
    counts["ideas_kept"] = 0 if remove else len(ids)
    counts["ideas_withdrawn"] = len(ids) if remove else 0
    return list(ids)


def _release_workshops(user_id: int, name_patterns: list[re.Pattern]) -> int:
    """Workshops they managed stay (they are the record of a public event)
    without a manager; the facilitator's name is blanked when it is theirs."""
    workshops = Workshop.__table__
    for workshop_id, name in db.session.execute(
        select(workshops.c.id, workshops.c.facilitator_name).where(workshops.c.owner_id == user_id)
    ):
        if scrub(name, name_patterns) != name:
            db.session.execute(update(workshops).where(workshops.c.id == workshop_id)
                               .values(facilitator_name=""))
    tallies = TallyChange.__table__
    db.session.execute(update(tallies).where(tallies.c.changed_by_id == user_id)
                       .values(changed_by_id=None))
    return db.session.execute(
        update(workshops).where(workshops.c.owner_id == user_id).values(owner_id=None)
    ).rowcount
