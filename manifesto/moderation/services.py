"""Flags, hiding and restoring, and blocking accounts.

Hidden ideas leave every public list, search, count and the API (they are
no longer ``published``); hidden comments leave the idea's comment count,
changed by the same atomic SQL as deleting one. Each action is one
transaction, audited, and the author is told why by mail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from manifesto import audit
from manifesto.accounts.models import User, new_session_token
from manifesto.comments.models import Comment
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.mail import send_mail
from manifesto.moderation.models import (
    FLAG_DETAILS_MAX,
    FLAG_REASONS,
    HIDE_REASONS,
    NOTE_MAX,
    AccountBlock,
    Flag,
)
from manifesto.timeutil import utcnow

_ideas = Idea.__table__
_comments = Comment.__table__


class ModerationError(ValueError):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def target_key(target: Idea | Comment) -> str:
    return f"{'idea' if isinstance(target, Idea) else 'comment'}:{target.id}"


def _commit_or_rollback() -> None:
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise


# --- flags -------------------------------------------------------------------

def raise_flag(user: User, target: Idea | Comment, reason: str, details: str = "") -> Flag:
    if reason not in FLAG_REASONS:
        raise ModerationError("Choose why you are flagging this.", field="reason")
    details = (details or "").strip()
    if len(details) > FLAG_DETAILS_MAX:
        raise ModerationError(f"Keep the details to {FLAG_DETAILS_MAX} characters or fewer.",
                              field="details")
    is_idea = isinstance(target, Idea)
    flag = Flag(idea_id=target.id if is_idea else None,
                comment_id=None if is_idea else target.id,
                target_key=target_key(target), flagged_by_id=user.id, reason=reason,
                details=details)
    try:
        db.session.add(flag)
        db.session.flush()
        audit.record(user, "flag.raised", flag, after={"target": flag.target_key, "reason": reason})
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ModerationError("You have already flagged this. Moderators will look at it.") from None
    except Exception:
        db.session.rollback()
        raise
    return flag


def has_flagged(user, target: Idea | Comment) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return db.session.scalar(
        select(Flag.id).where(Flag.flagged_by_id == user.id, Flag.target_key == target_key(target))
    ) is not None


@dataclass
class QueueItem:
    target_key: str
    open_flags: int
    latest_at: datetime
    reasons: list[str]
    idea: Idea | None = None
    comment: Comment | None = None


QUEUE_ORDERS = {"newest": "Newest flag first", "most_flagged": "Most flagged first"}


def moderation_queue(order: str = "newest", page: int = 1, per_page: int = 30) -> tuple[list[QueueItem], int]:
    """Items with open flags, grouped per item; (page of items, total items).
    A fixed number of queries whatever the size of the queue."""
    open_ = Flag.resolved_at.is_(None)
    grouped = (
        select(Flag.target_key, func.count(Flag.id).label("n"),
               func.max(Flag.created_at).label("latest"))
        .where(open_).group_by(Flag.target_key)
    )
    total = db.session.scalar(select(func.count()).select_from(grouped.subquery())) or 0
    sort = ((func.count(Flag.id).desc(), func.max(Flag.created_at).desc())
            if order == "most_flagged" else (func.max(Flag.created_at).desc(),))
    rows = db.session.execute(
        grouped.order_by(*sort, Flag.target_key).limit(per_page).offset((max(page, 1) - 1) * per_page)
    ).all()
    keys = [row.target_key for row in rows]
    reasons: dict[str, list[str]] = {key: [] for key in keys}
    idea_ids, comment_ids = set(), set()
    flag_rows = db.session.execute(
        select(Flag.target_key, Flag.reason, Flag.idea_id, Flag.comment_id)
        .where(open_, Flag.target_key.in_(keys))
    ).all() if keys else []
    for key, reason, idea_id, comment_id in flag_rows:
        if reason not in reasons[key]:
            reasons[key].append(reason)
        if idea_id:
            idea_ids.add(idea_id)
        if comment_id:
            comment_ids.add(comment_id)
    ideas = {i.id: i for i in db.session.scalars(select(Idea).where(Idea.id.in_(idea_ids)))} if idea_ids else {}
    comments = {c.id: c for c in db.session.scalars(
        select(Comment).where(Comment.id.in_(comment_ids)))} if comment_ids else {}
    items = []
    for row in rows:
        kind, _, raw_id = row.target_key.partition(":")
        item = QueueItem(row.target_key, row.n, row.latest, reasons[row.target_key])
        if kind == "idea":
            item.idea = ideas.get(int(raw_id))
        else:
            item.comment = comments.get(int(raw_id))
        items.append(item)
    return items, total


def _resolve_flags(moderator: User, target: Idea | Comment, resolution: str) -> int:
    result = db.session.execute(
        update(Flag.__table__)
        .where(Flag.__table__.c.target_key == target_key(target),
               Flag.__table__.c.resolved_at.is_(None))
        .values(resolved_at=utcnow(), resolved_by_id=moderator.id, resolution=resolution)
    )
    return result.rowcount


def dismiss_flags(moderator: User, target: Idea | Comment, note: str = "") -> int:
    """Keep the item as it is; the open flags are closed."""
    count = _resolve_flags(moderator, target, "kept")
    audit.record(moderator, "flags.dismissed", target, after={"flags": count, "note": _note(note)})
    _commit_or_rollback()
    return count


# --- hiding and restoring ----------------------------------------------------

def _note(note: str) -> str:
    return " ".join((note or "").split())[:NOTE_MAX]


def _check_reason(reason: str) -> str:
    if reason not in HIDE_REASONS:
        raise ModerationError("Choose the reason to show in place of the content.", field="reason")
    return reason


def _tell_author(author: User | None, subject: str, body: str) -> None:
    if author is not None and author.email:
        send_mail(author.email, subject, body)


def hide_idea(moderator: User, idea: Idea, reason: str, note: str = "") -> None:
    _check_reason(reason)
    result = db.session.execute(
        update(_ideas).where(_ideas.c.id == idea.id, _ideas.c.status == "published")
        .values(status="hidden", moderation_note=reason, hidden_at=utcnow())
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise ModerationError("Only a published idea can be hidden.")
    flags = _resolve_flags(moderator, idea, "hidden")
    audit.record(moderator, "idea.hidden", idea, {"status": "published"},
                 {"status": "hidden", "reason": reason, "note": _note(note), "flags": flags})
    _commit_or_rollback()
    db.session.refresh(idea)
    _tell_author(idea.author, f"Your idea {idea.reference} has been hidden",
                 f"Moderators hid your idea \"{idea.title}\" because it was judged "
                 f"{HIDE_REASONS[reason]}.\n\n{_note(note)}\n\n"
                 "If you think this is a mistake, reply to this message.")


def restore_idea(moderator: User, idea: Idea, note: str = "") -> None:
    result = db.session.execute(
        update(_ideas).where(_ideas.c.id == idea.id, _ideas.c.status == "hidden")
        .values(status="published", moderation_note=None, hidden_at=None)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise ModerationError("Only a hidden idea can be restored.")
    audit.record(moderator, "idea.restored", idea, {"status": "hidden"},
                 {"status": "published", "note": _note(note)})
    _commit_or_rollback()
    db.session.refresh(idea)
    _tell_author(idea.author, f"Your idea {idea.reference} is visible again",
                 f"Moderators restored your idea \"{idea.title}\".")


def _set_comment_hidden(comment_id: int, idea_id: int, hidden: bool, reason: str | None) -> bool:
    """Atomically flip a live comment's hidden flag and its idea's count."""
    result = db.session.execute(
        update(_comments)
        .where(_comments.c.id == comment_id, _comments.c.hidden.is_(not hidden),
               _comments.c.deleted_at.is_(None))
        .values(hidden=hidden, moderation_note=reason)
    )
    if result.rowcount != 1:
        return False
    db.session.execute(
        update(_ideas).where(_ideas.c.id == idea_id)
        .values(comment_count=_ideas.c.comment_count + (-1 if hidden else 1))
    )
    return True


def hide_comment(moderator: User, comment: Comment, reason: str, note: str = "") -> None:
    _check_reason(reason)
    if not _set_comment_hidden(comment.id, comment.idea_id, True, reason):
        db.session.rollback()
        raise ModerationError("This comment is already hidden or was deleted.")
    flags = _resolve_flags(moderator, comment, "hidden")
    audit.record(moderator, "comment.hidden", comment, {"hidden": False},
                 {"hidden": True, "reason": reason, "note": _note(note), "flags": flags})
    _commit_or_rollback()
    db.session.refresh(comment)
    _tell_author(comment.author, "Your comment has been hidden",
                 f"Moderators hid your comment on idea I-{comment.idea_id} because it was "
                 f"judged {HIDE_REASONS[reason]}.\n\n{_note(note)}")


def restore_comment(moderator: User, comment: Comment, note: str = "") -> None:
    if not _set_comment_hidden(comment.id, comment.idea_id, False, None):
        db.session.rollback()
        raise ModerationError("This comment is not hidden.")
    audit.record(moderator, "comment.restored", comment, {"hidden": True},
                 {"hidden": False, "note": _note(note)})
    _commit_or_rollback()
    db.session.refresh(comment)


# --- blocking accounts -------------------------------------------------------

def block_account(moderator: User, user: User, reason: str = "") -> AccountBlock:
    """Block in one step: sign-ins refused, every copy of the login ended,
    published ideas and visible comments hidden (remembered for unblocking)."""
    if user.id == moderator.id:
        raise ModerationError("You cannot block your own account.")
    if user.blocked_at is not None:
        raise ModerationError("This account is already blocked.")
    now = utcnow()
    # First write takes the lock; then read what to hide.
    db.session.execute(
        update(User.__table__).where(User.__table__.c.id == user.id)
        .values(blocked_at=now, session_token=new_session_token())
    )
    idea_ids = list(db.session.scalars(
        select(Idea.id).where(Idea.author_id == user.id, Idea.status == "published")))
    if idea_ids:
        db.session.execute(
            update(_ideas).where(_ideas.c.id.in_(idea_ids))
            .values(status="hidden", moderation_note="blocked", hidden_at=now))
    comment_rows = db.session.execute(
        select(Comment.id, Comment.idea_id).where(
            Comment.author_id == user.id, Comment.hidden.is_(False), Comment.deleted_at.is_(None))
    ).all()
    hidden_comments = [cid for cid, idea_id in comment_rows
                       if _set_comment_hidden(cid, idea_id, True, "blocked")]
    block = AccountBlock(user_id=user.id, blocked_by_id=moderator.id, blocked_at=now,
                         reason=_note(reason), hidden_idea_ids=idea_ids,
                         hidden_comment_ids=hidden_comments)
    db.session.add(block)
    db.session.flush()
    audit.record(moderator, "account.blocked", user, None,
                 {"ideas_hidden": len(idea_ids), "comments_hidden": len(hidden_comments),
                  "reason": _note(reason)})
    _commit_or_rollback()
    db.session.refresh(user)
    return block


def unblock_account(moderator: User, user: User) -> AccountBlock:
    """Reverse the latest block: content its block hid (and still hidden for
    that reason) comes back; anything hidden for other reasons stays hidden."""
    block = db.session.scalar(
        select(AccountBlock).where(AccountBlock.user_id == user.id, AccountBlock.lifted_at.is_(None))
        .order_by(AccountBlock.id.desc())
    )
    if block is None or user.blocked_at is None:
        raise ModerationError("This account is not blocked.")
    db.session.execute(
        update(User.__table__).where(User.__table__.c.id == user.id).values(blocked_at=None))
    restored_ideas = 0
    if block.hidden_idea_ids:
        restored_ideas = db.session.execute(
            update(_ideas).where(_ideas.c.id.in_(block.hidden_idea_ids),
                                 _ideas.c.status == "hidden", _ideas.c.moderation_note == "blocked")
            .values(status="published", moderation_note=None, hidden_at=None)
        ).rowcount
    restored_comments = 0
    if block.hidden_comment_ids:
        rows = db.session.execute(
            select(Comment.id, Comment.idea_id).where(
                Comment.id.in_(block.hidden_comment_ids), Comment.moderation_note == "blocked")
        ).all()
        restored_comments = sum(_set_comment_hidden(cid, idea_id, False, None) for cid, idea_id in rows)
    block.lifted_at, block.lifted_by_id = utcnow(), moderator.id
    audit.record(moderator, "account.unblocked", user, None,
                 {"ideas_restored": restored_ideas, "comments_restored": restored_comments})
    _commit_or_rollback()
    db.session.refresh(user)
    return block


def blocked_message() -> str:
    return current_app.config.get(
        "BLOCKED_ACCOUNT_MESSAGE",
        "This account has been blocked by the moderators. Contact us if you think this is a mistake.",
    )
