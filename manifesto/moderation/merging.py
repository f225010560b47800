"""Merging a duplicate idea into another, and undoing it exactly.

Merge B (source) into A (target), in one transaction:
* both idea rows are locked first (PostgreSQL row locks; SQLite's write
  lock), and support changes lock their idea row before anything else
  (supports/services.py), so a support racing the merge either lands before
  it (and moves) or is refused after it (B is no longer published);
* B's supports move to A, except a person who supported both, whose B
  support is dropped: they count once;
* each workshop's dots for B are added to its dots for A (history kept);
* B's comments move to A, each remembering where it came from;
* B becomes ``merged`` into A, and its page redirects there.
Everything moved or dropped is recorded in ``IdeaMerge.snapshot``; undo
puts it back and recomputes nothing by guesswork.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update

from manifesto import audit
from manifesto.accounts.models import User
from manifesto.comments.models import Comment
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.ideas.services import IdeaError, clean_idea_values
from manifesto.moderation.models import Flag, IdeaMerge
from manifesto.moderation.services import ModerationError, _note
from manifesto.supports.models import Support
from manifesto.timeutil import utcnow
from manifesto.workshops.models import TallyChange, WorkshopTally

_ideas = Idea.__table__
_supports = Support.__table__
_comments = Comment.__table__
_tallies = WorkshopTally.__table__
TEXT_FIELDS = ("title", "problem", "proposal", "impact", "who_should_act", "scope")


def _lock_published(*idea_ids: int) -> None:
    """Lock the rows (in id order) and insist they are still published."""
    locked = 0
    for idea_id in sorted(idea_ids):
        locked += db.session.execute(
            update(_ideas).where(_ideas.c.id == idea_id, _ideas.c.status == "published")
            .values(support_count=_ideas.c.support_count)
        ).rowcount
    if locked != len(idea_ids):
        raise ModerationError("Both ideas must still be published to merge them.")


def _count(idea_id: int, column: str, delta: int) -> None:
    if delta:
        db.session.execute(
            update(_ideas).where(_ideas.c.id == idea_id)
            .values({column: _ideas.c[column] + delta})
        )


def _text_of(idea: Idea) -> dict[str, Any]:
    values = {name: getattr(idea, name) for name in TEXT_FIELDS}
    values["theme_ids"] = sorted(theme.id for theme in idea.themes)
    return values


def _set_text(idea: Idea, values: dict[str, Any]) -> None:
    # Moderators merge what exists: no theme is demanded of the result.
    cleaned, themes = clean_idea_values(idea.round, values, idea.source, require_theme=False)
    for name in TEXT_FIELDS:
        setattr(idea, name, cleaned[name])
    idea.themes = themes
    idea.updated_at = utcnow()


def _tally_change(actor, workshop_id: int, idea_id: int, old: int | None, new: int) -> None:
    db.session.add(TallyChange(workshop_id=workshop_id, idea_id=idea_id, old_dots=old,
                               new_dots=new, changed_by_id=getattr(actor, "id", None),
                               via="merge", reason="Ideas merged"))


def merge_ideas(moderator, source: Idea, target: Idea, *, text: str = "target",
                edited: dict[str, Any] | None = None, note: str = "") -> IdeaMerge:
    """Merge ``source`` into ``target``. ``text``: "target" keeps A's text,
    "source" takes B's, "edited" uses ``edited`` (validated like an idea)."""
    if source.id == target.id:
        raise ModerationError("Choose a different idea to merge into.", field="target")
    if source.round_id != target.round_id:
        raise ModerationError("Only ideas in the same round can be merged.", field="target")
    if text not in ("target", "source", "edited"):
        raise ModerationError("Choose which text the merged idea keeps.", field="text")
    target_text_before = _text_of(target)
    new_text = {"target": None, "source": _text_of(source), "edited": edited}[text]
    if text == "edited" and not edited:
        raise ModerationError("Enter the merged idea's text.", field="text")
    source_id, target_id = source.id, target.id
    try:
        _lock_published(source_id, target_id)
        if new_text is not None:
            _set_text(target, {**target_text_before, **new_text})

        # Supports: move, or drop where the person already supports the target.
        both = select(_supports.c.user_id).where(_supports.c.idea_id == target_id)
        dropped = [dict(row._mapping) for row in db.session.execute(
            select(_supports.c.id, _supports.c.user_id, _supports.c.created_at)
            .where(_supports.c.idea_id == source_id, _supports.c.user_id.in_(both))
        )]
        if dropped:
            db.session.execute(delete(_supports).where(
                _supports.c.id.in_([row["id"] for row in dropped])))
        moved_supports = list(db.session.scalars(
            select(_supports.c.id).where(_supports.c.idea_id == source_id)))
        if moved_supports:
            db.session.execute(update(_supports).where(_supports.c.id.in_(moved_supports))
                               .values(idea_id=target_id))
        _count(target_id, "support_count", len(moved_supports))
        _count(source_id, "support_count", -(len(moved_supports) + len(dropped)))

        # Workshop dots: added per workshop.
        tallies = []
        for workshop_id, dots in db.session.execute(
            select(_tallies.c.workshop_id, _tallies.c.dots).where(_tallies.c.idea_id == source_id)
        ).all():
            before = db.session.scalar(select(_tallies.c.dots).where(
                _tallies.c.workshop_id == workshop_id, _tallies.c.idea_id == target_id))
            if before is None:
                db.session.execute(insert(_tallies).values(
                    workshop_id=workshop_id, idea_id=target_id, dots=dots, updated_at=utcnow()))
            else:
                db.session.execute(update(_tallies).where(
                    _tallies.c.workshop_id == workshop_id, _tallies.c.idea_id == target_id
                ).values(dots=_tallies.c.dots + dots, updated_at=utcnow()))
            _tally_change(moderator, workshop_id, target_id, before, (before or 0) + dots)
            _tally_change(moderator, workshop_id, source_id, dots, 0)
            tallies.append({"workshop_id": workshop_id, "dots": dots, "target_before": before})
        db.session.execute(delete(_tallies).where(_tallies.c.idea_id == source_id))
        moved_dots = sum(t["dots"] for t in tallies)
        _count(target_id, "dot_count", moved_dots)
        _count(source_id, "dot_count", -moved_dots)

        # Comments: move with a note of where they came from.
        comments = db.session.execute(
            select(_comments.c.id, _comments.c.hidden, _comments.c.deleted_at)
            .where(_comments.c.idea_id == source_id)
        ).all()
        counted = sum(1 for c in comments if not c.hidden and c.deleted_at is None)
        if comments:
            db.session.execute(update(_comments).where(_comments.c.idea_id == source_id)
                               .values(idea_id=target_id, merged_from_id=source_id))
        _count(target_id, "comment_count", counted)
        _count(source_id, "comment_count", -counted)

        db.session.execute(update(_ideas).where(_ideas.c.id == source_id)
                           .values(status="merged", merged_into_id=target_id))
        db.session.execute(update(Flag.__table__).where(
            Flag.__table__.c.target_key == f"idea:{source_id}", Flag.__table__.c.resolved_at.is_(None)
        ).values(resolved_at=utcnow(), resolved_by_id=moderator.id, resolution="merged"))
        snapshot = {
            "text": text, "target_text_before": target_text_before,
            "moved_support_ids": moved_supports,
            "dropped_supports": [{"user_id": r["user_id"], "created_at": r["created_at"].isoformat()}
                                 for r in dropped],
            "tallies": tallies,
            "comment_ids": [c.id for c in comments], "counted_comments": counted,
        }
        merge = IdeaMerge(source_id=source_id, target_id=target_id, merged_by_id=moderator.id,
                          note=_note(note), snapshot=snapshot)
        db.session.add(merge)
        db.session.flush()
        audit.record(moderator, "idea.merged", merge, {"target_text": target_text_before}, {
            "source_id": source_id, "target_id": target_id, "supports_moved": len(moved_supports),
            "supports_counted_once": len(dropped), "dots_moved": moved_dots,
            "comments_moved": len(comments), "text": text,
        })
        db.session.commit()
    except IdeaError as error:
        db.session.rollback()
        raise ModerationError("; ".join(error.errors.values()), field="text") from None
    except Exception:
        db.session.rollback()
        raise
    db.session.expire_all()
    return merge


def undo_merge(moderator, merge: IdeaMerge) -> None:
    """Put back exactly what the merge moved: supports (those still there),
    dropped double supports, dots, comments, the target's text, B's status."""
    if merge.undone_at is not None:
        raise ModerationError("This merge has already been undone.")
    source_id, target_id, snap = merge.source_id, merge.target_id, merge.snapshot
    try:
        locked = db.session.execute(
            update(_ideas).where(_ideas.c.id == source_id, _ideas.c.status == "merged",
                                 _ideas.c.merged_into_id == target_id)
            .values(status="published", merged_into_id=None)
        ).rowcount
        if locked != 1 or db.session.execute(
            update(_ideas).where(_ideas.c.id == target_id).values(support_count=_ideas.c.support_count)
        ).rowcount != 1:
            raise ModerationError("The merged idea has changed since; this merge cannot be undone.")
        target = db.session.get(Idea, target_id)
        if snap["text"] != "target":
            _set_text(target, snap["target_text_before"])

        # Supports that moved (and still exist) go back; dropped ones return.
        back = list(db.session.scalars(select(_supports.c.id).where(
            _supports.c.id.in_(snap["moved_support_ids"]), _supports.c.idea_id == target_id))
        ) if snap["moved_support_ids"] else []
        if back:
            db.session.execute(update(_supports).where(_supports.c.id.in_(back))
                               .values(idea_id=source_id))
        # Double supports come back, except from accounts erased since.
        still_here = set(db.session.scalars(select(User.id).where(
            User.id.in_([row["user_id"] for row in snap["dropped_supports"]]))))
        restored = [row for row in snap["dropped_supports"] if row["user_id"] in still_here]
        for row in restored:
            db.session.execute(insert(_supports).values(
                user_id=row["user_id"], idea_id=source_id,
                created_at=datetime.fromisoformat(row["created_at"])))
        _count(target_id, "support_count", -len(back))
        _count(source_id, "support_count", len(back) + len(restored))

        moved_dots = 0
        for tally in snap["tallies"]:
            wid, dots = tally["workshop_id"], tally["dots"]
            where = (_tallies.c.workshop_id == wid, _tallies.c.idea_id == target_id)
            current = db.session.scalar(select(_tallies.c.dots).where(*where)) or 0
            take = min(dots, current)  # a later correction may have lowered it
            if tally["target_before"] is None and current - take == 0:
                db.session.execute(delete(_tallies).where(*where))
            else:
                db.session.execute(update(_tallies).where(*where).values(dots=current - take))
            db.session.execute(insert(_tallies).values(
                workshop_id=wid, idea_id=source_id, dots=take, updated_at=utcnow()))
            _tally_change(moderator, wid, target_id, current, current - take)
            _tally_change(moderator, wid, source_id, 0, take)
            moved_dots += take
        _count(target_id, "dot_count", -moved_dots)
        _count(source_id, "dot_count", moved_dots)

        comments = db.session.execute(
            select(_comments.c.id, _comments.c.hidden, _comments.c.deleted_at).where(
                _comments.c.merged_from_id == source_id, _comments.c.idea_id == target_id)
        ).all()
        counted = sum(1 for c in comments if not c.hidden and c.deleted_at is None)
        if comments:
            db.session.execute(update(_comments).where(
                _comments.c.id.in_([c.id for c in comments])
            ).values(idea_id=source_id, merged_from_id=None))
        _count(target_id, "comment_count", -counted)
        _count(source_id, "comment_count", counted)

        merge.undone_at, merge.undone_by_id = utcnow(), moderator.id
        audit.record(moderator, "idea.merge_undone", merge, None, {
            "source_id": source_id, "target_id": target_id, "supports_returned": len(back),
            "supports_restored": len(restored), "dots_returned": moved_dots,
            "comments_returned": len(comments),
        })
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    db.session.expire_all()


def merges_into(idea: Idea) -> list[IdeaMerge]:
    return list(db.session.scalars(
        select(IdeaMerge).where(IdeaMerge.target_id == idea.id, IdeaMerge.undone_at.is_(None))
        .order_by(IdeaMerge.merged_at.desc())))


def latest_merge_of(source: Idea) -> IdeaMerge | None:
    return db.session.scalar(
        select(IdeaMerge).where(IdeaMerge.source_id == source.id, IdeaMerge.undone_at.is_(None))
        .order_by(IdeaMerge.id.desc()))

