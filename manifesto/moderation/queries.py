"""What the moderation pages and the idea page read: each function runs a
fixed number of queries whatever the amount of content."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from manifesto.accounts.models import User
from manifesto.audit import AuditEvent
from manifesto.comments.models import Comment
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.moderation.merging import TEXT_FIELDS
from manifesto.moderation.models import AccountBlock, Flag, IdeaMerge
from manifesto.moderation.services import QueueItem, moderation_queue, target_key
from manifesto.supports.models import Support
from manifesto.workshops.models import Workshop, WorkshopTally

QUEUE_PER_PAGE = 20
RECENTLY_HIDDEN = 20
DETAILS_PER_ITEM = 3


# --- the idea page -------------------------------------------------------------

def comment_thread(idea: Idea) -> list[Comment]:
    """Top-level comments oldest first, each with ``.replies``, in one query.

    A comment hidden by moderators keeps its place (it shows "Hidden by
    moderators: <reason>"), so a thread never silently changes shape; a
    comment its author deleted goes, unless replies hang under it.
    """
    rows = db.session.scalars(
        select(Comment).where(Comment.idea_id == idea.id)
        .options(joinedload(Comment.author))
        .order_by(Comment.created_at, Comment.id)
    ).all()
    replies: dict[int, list[Comment]] = defaultdict(list)
    top_level: list[Comment] = []
    for comment in rows:
        if comment.parent_id is None:
            top_level.append(comment)
        elif not comment.is_deleted:
            replies[comment.parent_id].append(comment)
    for comment in rows:
        comment.replies = replies.get(comment.id, []) if comment.parent_id is None else []
    return [c for c in top_level if not c.is_deleted or c.replies]


def reported_keys(user, idea: Idea, comments: Iterable[Comment]) -> set[str]:
    """The idea and comments (``target_key``) this person has already reported."""
    if not getattr(user, "is_authenticated", False):
        return set()
    keys = [target_key(idea)] + [target_key(c) for top in comments for c in (top, *top.replies)]
    return set(db.session.scalars(
        select(Flag.target_key).where(Flag.flagged_by_id == user.id, Flag.target_key.in_(keys))))


def merges_into(idea: Idea) -> list[IdeaMerge]:
    """Merges into ``idea`` still in force, newest first, with their source ideas."""
    return list(db.session.scalars(
        select(IdeaMerge).where(IdeaMerge.target_id == idea.id, IdeaMerge.undone_at.is_(None))
        .options(joinedload(IdeaMerge.source)).order_by(IdeaMerge.merged_at.desc(), IdeaMerge.id.desc())
    ))


def open_item_count() -> int:
    """Items with open flags (the number beside "Moderation" in the menu)."""
    return db.session.scalar(
        select(func.count(func.distinct(Flag.target_key))).where(Flag.resolved_at.is_(None))) or 0


# --- the queue -----------------------------------------------------------------

@dataclass
class QueueEntry:
    item: QueueItem
    author: User | None = None
    idea: Idea | None = None  # the idea reported, or the one the comment is on
    details: list[str] = field(default_factory=list)

    @property
    def target(self) -> Idea | Comment | None:
        return self.item.idea or self.item.comment

    @property
    def anchor(self) -> str:
        return self.item.target_key.replace(":", "-")


def queue_page(order: str, page: int, per_page: int = QUEUE_PER_PAGE) -> tuple[list[QueueEntry], int]:
    items, total = moderation_queue(order, page, per_page)
    entries = [QueueEntry(item) for item in items]
    targets = [e.target for e in entries if e.target is not None]
    # Authors, and the ideas comments are on, in one query each.
    author_ids = {t.author_id for t in targets if t.author_id is not None}
    authors = {u.id: u for u in db.session.scalars(
        select(User).where(User.id.in_(author_ids)))} if author_ids else {}
    idea_ids = {e.item.comment.idea_id for e in entries if e.item.comment is not None}
    ideas = {i.id: i for i in db.session.scalars(
        select(Idea).where(Idea.id.in_(idea_ids)))} if idea_ids else {}
    for entry in entries:
        target = entry.target
        if target is not None:
            entry.author = authors.get(target.author_id)
            entry.idea = entry.item.idea or ideas.get(target.idea_id)
    by_key = {e.item.target_key: e for e in entries}
    if by_key:
        for key, details in db.session.execute(
            select(Flag.target_key, Flag.details)
            .where(Flag.resolved_at.is_(None), Flag.target_key.in_(by_key), Flag.details != "")
            .order_by(Flag.created_at.desc(), Flag.id.desc())
        ):
            if len(by_key[key].details) < DETAILS_PER_ITEM:
                by_key[key].details.append(details)
    return entries, total


def recently_hidden(limit: int = RECENTLY_HIDDEN) -> tuple[list[Idea], list[tuple[Comment, Any]]]:
    """Ideas and comments moderators hid by hand, most recent first. (What a
    block hid comes back by unblocking, on the person's page.)"""
    ideas = list(db.session.scalars(
        select(Idea).where(Idea.status == "hidden",
                           or_(Idea.moderation_note.is_(None), Idea.moderation_note != "blocked"))
        .options(joinedload(Idea.author))
        .order_by(Idea.hidden_at.desc(), Idea.id.desc()).limit(limit)
    ).unique())
    last_hidden = (
        select(AuditEvent.target_id.label("comment_id"), func.max(AuditEvent.occurred_at).label("at"))
        .where(AuditEvent.action == "comment.hidden", AuditEvent.target_type == "comments")
        .group_by(AuditEvent.target_id).subquery()
    )
    comments = [tuple(row) for row in db.session.execute(
        select(Comment, last_hidden.c.at).join(last_hidden, last_hidden.c.comment_id == Comment.id)
        .where(Comment.hidden.is_(True),
               or_(Comment.moderation_note.is_(None), Comment.moderation_note != "blocked"))
        .options(joinedload(Comment.author), joinedload(Comment.idea))
        .order_by(last_hidden.c.at.desc(), Comment.id.desc()).limit(limit)
    ).unique()]
    return ideas, comments


# --- merging -------------------------------------------------------------------

def merge_problem(source: Idea, target: Idea) -> str | None:
    """Why these two cannot be merged (the service refuses the same), or None."""
    if source.id == target.id:
        return "Choose a different idea to merge into."
    if source.round_id != target.round_id:
        return "Only ideas in the same round can be merged."
    if target.status != "published":
        return f"{target.reference} is not published, so nothing can be merged into it."
    if source.status != "published":
        return f"{source.reference} is no longer published, so it cannot be merged."
    return None


@dataclass
class DotLine:
    workshop: Workshop
    source_dots: int
    target_dots: int

    @property
    def after(self) -> int:
        return self.source_dots + self.target_dots


@dataclass
class MergePreview:
    source: Idea
    target: Idea
    both: int  # people who support both ideas: counted once after the merge
    dots: list[DotLine]
    comments_moving: int
    text_after: dict[str, str]

    @property
    def supporters_after(self) -> int:
        return self.target.support_count + self.source.support_count - self.both

    @property
    def supporters_moving(self) -> int:
        return self.source.support_count - self.both

    @property
    def dots_after(self) -> int:
        return self.target.dot_count + self.source.dot_count


def merge_preview(source: Idea, target: Idea, text: str, edited: dict | None) -> MergePreview:
    both = db.session.scalar(
        select(func.count(Support.id)).where(
            Support.idea_id == source.id,
            Support.user_id.in_(select(Support.user_id).where(Support.idea_id == target.id)))
    ) or 0
    lines: dict[int, DotLine] = {}
    for tally, workshop in db.session.execute(
        select(WorkshopTally, Workshop).join(Workshop, Workshop.id == WorkshopTally.workshop_id)
        .where(WorkshopTally.idea_id.in_((source.id, target.id)), WorkshopTally.dots > 0)
        .order_by(Workshop.held_on, Workshop.id)
    ).all():
        line = lines.setdefault(workshop.id, DotLine(workshop, 0, 0))
        if tally.idea_id == source.id:
            line.source_dots = tally.dots
        else:
            line.target_dots = tally.dots
    moving = db.session.scalar(select(func.count(Comment.id)).where(Comment.idea_id == source.id)) or 0
    if text == "edited" and edited:
        text_after = {name: edited.get(name, "") for name in TEXT_FIELDS}
    else:
        chosen = source if text == "source" else target
        text_after = {name: getattr(chosen, name) for name in TEXT_FIELDS}
    return MergePreview(source, target, both, [l for l in lines.values() if l.source_dots],
                        moving, text_after)


def merge_for_undo(merge_id: int) -> IdeaMerge | None:
    return db.session.scalar(
        select(IdeaMerge).where(IdeaMerge.id == merge_id)
        .options(joinedload(IdeaMerge.source), joinedload(IdeaMerge.target)))


# --- a person's record -----------------------------------------------------------

@dataclass
class PersonSummary:
    ideas: dict[str, int]  # by status
    comments_shown: int
    comments_hidden: int
    open_flags_on_content: int
    flags_raised: int
    blocks: list[AccountBlock]


def person_summary(user: User) -> PersonSummary:
    ideas = dict(db.session.execute(
        select(Idea.status, func.count(Idea.id)).where(Idea.author_id == user.id).group_by(Idea.status)
    ).all())
    shown = hidden = 0
    for is_hidden, n in db.session.execute(
        select(Comment.hidden, func.count(Comment.id))
        .where(Comment.author_id == user.id, Comment.deleted_at.is_(None)).group_by(Comment.hidden)
    ).all():
        if is_hidden:
            hidden = n
        else:
            shown = n
    on_content = db.session.scalar(
        select(func.count(Flag.id)).where(
            Flag.resolved_at.is_(None),
            or_(Flag.idea_id.in_(select(Idea.id).where(Idea.author_id == user.id)),
                Flag.comment_id.in_(select(Comment.id).where(Comment.author_id == user.id))))
    ) or 0
    raised = db.session.scalar(select(func.count(Flag.id)).where(Flag.flagged_by_id == user.id)) or 0
    blocks = list(db.session.scalars(
        select(AccountBlock).where(AccountBlock.user_id == user.id)
        .order_by(AccountBlock.blocked_at.desc(), AccountBlock.id.desc()).limit(10)))
    return PersonSummary(ideas, shown, hidden, on_content, raised, blocks)
