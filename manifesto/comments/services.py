"""Comments on ideas: add, edit, delete (soft) and the thread as shown.

``Idea.comment_count`` counts comments that are neither deleted nor hidden.
It changes only by an atomic ``UPDATE … SET comment_count = comment_count ± 1``
in the same transaction as the comment change that affects it.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from manifesto import audit
from manifesto.comments.forms import EMPTY_MESSAGE, TOO_LONG_MESSAGE
from manifesto.comments.models import COMMENT_MAX, Comment
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.timeutil import utcnow

_comments = Comment.__table__
_ideas = Idea.__table__


class CommentError(ValueError):
    """Invalid input, shown to the person. ``field`` names the form field the
    message belongs next to (None: about the form as a whole)."""

    def __init__(self, message: str, field: str | None = "body"):
        super().__init__(message)
        self.message = message
        self.field = field


def clean_body(body: str | None) -> str:
    text = (body or "").strip()
    if not text:
        raise CommentError(EMPTY_MESSAGE)
    if len(text) > COMMENT_MAX:
        raise CommentError(TOO_LONG_MESSAGE)
    return text


def _change_count(idea_id: int, delta: int) -> None:
    db.session.execute(
        update(_ideas)
        .where(_ideas.c.id == idea_id)
        .values(comment_count=_ideas.c.comment_count + delta)
    )


def _thread_parent(idea: Idea, parent: Comment) -> Comment:
    """Replies hang under a top-level comment: a reply to a reply goes to the
    top-level comment it belongs to."""
    if parent.parent_id is not None:
        parent = db.session.get(Comment, parent.parent_id)
    if parent is None or parent.idea_id != idea.id:
        raise CommentError("You can only reply to a comment on this idea.", field=None)
    if parent.is_deleted:
        raise CommentError("The comment you replied to has been deleted.", field=None)
    if parent.hidden:
        raise CommentError("The comment you replied to is no longer available.", field=None)
    return parent


def add_comment(author, idea: Idea, body: str, parent: Comment | None = None) -> Comment:
    text = clean_body(body)
    parent = _thread_parent(idea, parent) if parent is not None else None
    comment = Comment(
        idea_id=idea.id,
        author_id=getattr(author, "id", None),
        parent_id=parent.id if parent is not None else None,
        body=text,
    )
    try:
        db.session.add(comment)
        db.session.flush()  # the first write: the transaction starts here
        _change_count(idea.id, +1)
        audit.record(author, "comment.added", comment,
                     after={"idea_id": comment.idea_id, "parent_id": comment.parent_id})
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return comment


def edit_comment(actor, comment: Comment, body: str) -> Comment:
    text = clean_body(body)
    before = comment.body
    if text == before:
        return comment
    try:
        # Guarded in SQL so an edit racing a delete cannot bring the text back.
        result = db.session.execute(
            update(_comments)
            .where(_comments.c.id == comment.id, _comments.c.deleted_at.is_(None))
            .values(body=text, edited_at=utcnow())
        )
        if result.rowcount != 1:
            raise CommentError("This comment has been deleted.", field=None)
        audit.record(actor, "comment.edited", comment, before={"body": before}, after={"body": text})
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return comment


def delete_comment(actor, comment: Comment) -> None:
    """Soft delete: the row stays (replies keep their place), the text goes."""
    comment_id, idea_id = comment.id, comment.idea_id
    try:
        row = db.session.execute(
            update(_comments)
            .where(_comments.c.id == comment_id, _comments.c.deleted_at.is_(None))
            .values(body="", deleted_at=utcnow())
            .returning(_comments.c.hidden)
        ).first()
        if row is None:
            raise CommentError("This comment has already been deleted.", field=None)
        counted = not row.hidden
        if counted:
            _change_count(idea_id, -1)
        audit.record(actor, "comment.deleted", comment, before={"counted": counted})
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise


def thread_for(idea: Idea) -> list[Comment]:
    """Top-level comments oldest first, each with ``.replies`` (oldest first).

    One query whatever the number of comments (plus one for the authors'
    roles). Deleted or hidden replies are left out; a deleted or hidden
    top-level comment stays as a placeholder only while it has replies.
    """
    rows = db.session.scalars(
        select(Comment)
        .where(Comment.idea_id == idea.id)
        .options(joinedload(Comment.author))
        .order_by(Comment.created_at, Comment.id)
    ).all()
    replies: dict[int, list[Comment]] = defaultdict(list)
    top_level: list[Comment] = []
    for comment in rows:
        if comment.parent_id is None:
            top_level.append(comment)
        elif comment.counts:
            replies[comment.parent_id].append(comment)
    for comment in rows:
        comment.replies = replies.get(comment.id, []) if comment.parent_id is None else []
    return [c for c in top_level if c.counts or c.replies]
