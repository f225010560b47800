"""Workshops: the rules for recording them and what they contributed.

Every public function is one action: it validates, writes, audits and
commits once (or rolls back and raises). The ``stage_*`` functions do the
same work inside the caller's transaction, so an import of many rows can be
all-or-nothing.

``Idea.dot_count`` caches the sum of an idea's tallies. It is changed only by
an atomic ``UPDATE … SET dot_count = dot_count + delta`` in the transaction
that changes the tally, after the tally row is locked (PostgreSQL) or the
write lock is held (SQLite), so concurrent corrections never drift.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from manifesto import audit
from manifesto.comments.models import Comment
from manifesto.comments.services import CommentError, clean_body
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.ideas.services import IdeaError, clean_idea_values, stage_idea
from manifesto.rounds.models import Round
from manifesto.timeutil import utcnow
from manifesto.workshops.models import (
    ATTENDEES_MAX,
    DOTS_MAX,
    FACILITATOR_MAX,
    GROUP_MAX,
    NATIONS,
    NOTES_MAX,
    REGION_MAX,
    TITLE_MAX,
    TOWN_MAX,
    VENUE_MAX,
    TallyChange,
    Workshop,
    WorkshopTally,
)

_ideas = Idea.__table__
_tallies = WorkshopTally.__table__
_comments = Comment.__table__

WORKSHOP_FIELDS = (
    "title", "held_on", "venue", "town", "nation", "region", "organising_group",
    "facilitator_name", "attendees", "notes",
)
_TEXT_LIMITS = {
    # field: (label, maximum length, required message or None)
    "title": ("Title", TITLE_MAX, "Enter a title for the workshop."),
    "venue": ("Venue", VENUE_MAX, None),
    "town": ("Town or city", TOWN_MAX, "Enter the town or city where it was held."),
    "region": ("Region", REGION_MAX, None),
    "organising_group": ("Organising group", GROUP_MAX, None),
    "facilitator_name": ("Facilitator", FACILITATOR_MAX, None),
    "notes": ("Notes", NOTES_MAX, None),
}
# Workshop input is typed in after the meeting: it is taken until the panel
# starts assessing, even once the online window has closed.
INPUT_PHASES = ("draft", "open")


class WorkshopError(Exception):
    """Invalid input: ``errors`` maps a field name to its message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class EntryError(Exception):
    """Some rows of a multi-row entry are invalid: ``rows`` maps the row's
    position (1-based, as shown on the form) to {field: message}. Nothing
    was saved."""

    def __init__(self, rows: dict[int, dict[str, str]]):
        super().__init__(f"{len(rows)} row(s) need fixing")
        self.rows = rows


def input_closed_reason(round_: Round) -> str | None:
    if round_.phase in INPUT_PHASES:
        return None
    return "Workshop input for this round closed when the panel began assessing ideas."


# --- workshop records -------------------------------------------------------

def _clean_workshop(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for name, (label, maximum, required) in _TEXT_LIMITS.items():
        value = values.get(name) or ""
        value = value.strip() if name == "notes" else " ".join(value.split())
        if required and not value:
            errors[name] = required
        elif len(value) > maximum:
            errors[name] = f"{label} must be {maximum} characters or fewer."
        cleaned[name] = value
    held_on = values.get("held_on")
    if not isinstance(held_on, date):
        errors["held_on"] = "Enter the date the workshop was held, for example 14/03/2027."
    cleaned["held_on"] = held_on
    nation = values.get("nation")
    if nation not in NATIONS:
        errors["nation"] = "Choose the nation where the workshop was held."
    cleaned["nation"] = nation
    attendees = values.get("attendees")
    if attendees in (None, ""):
        attendees = 0
    if not isinstance(attendees, int) or isinstance(attendees, bool):
        errors["attendees"] = "Enter the number of people who attended, as a whole number."
    elif not 0 <= attendees <= ATTENDEES_MAX:
        errors["attendees"] = f"Number of attendees must be between 0 and {ATTENDEES_MAX:,}."
    cleaned["attendees"] = attendees
    if errors:
        raise WorkshopError(errors)
    return cleaned


def create_workshop(actor, round_: Round, **values: Any) -> Workshop:
    unknown = set(values) - set(WORKSHOP_FIELDS)
    if unknown:
        raise TypeError(f"unknown workshop fields {sorted(unknown)}")
    cleaned = _clean_workshop(values)
    workshop = Workshop(round_id=round_.id, owner_id=getattr(actor, "id", None), **cleaned)
    try:
        db.session.add(workshop)
        db.session.flush()
        audit.record(actor, "workshop.created", workshop, None,
                     {**cleaned, "round_id": round_.id, "owner_id": workshop.owner_id})
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return workshop


def update_workshop(actor, workshop: Workshop, **values: Any) -> Workshop:
    unknown = set(values) - set(WORKSHOP_FIELDS)
    if unknown:
        raise TypeError(f"unknown workshop fields {sorted(unknown)}")
    current = {name: getattr(workshop, name) for name in WORKSHOP_FIELDS}
    cleaned = _clean_workshop({**current, **values})
    changed = [name for name in WORKSHOP_FIELDS if cleaned[name] != current[name]]
    if not changed:
        return workshop
    try:
        for name in changed:
            setattr(workshop, name, cleaned[name])
        workshop.updated_at = utcnow()
        audit.record(actor, "workshop.updated", workshop,
                     {name: current[name] for name in changed},
                     {name: cleaned[name] for name in changed})
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return workshop


# --- keys that make re-entry harmless ---------------------------------------

def _normalised(text: str) -> str:
    return " ".join((text or "").casefold().split())


def idea_key(title: str, proposal: str) -> str:
    """The same idea typed or uploaded again (any case or spacing) has the
    same key, so it is recognised rather than duplicated."""
    raw = _normalised(title) + "\x1f" + _normalised(proposal)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def comment_key(body: str) -> str:
    return hashlib.sha256(_normalised(body).encode("utf-8")).hexdigest()


# --- ideas from a workshop --------------------------------------------------

@dataclass
class EntryResult:
    created: list[Idea] = field(default_factory=list)
    already_in: list[Idea] = field(default_factory=list)


IDEA_ENTRY_FIELDS = ("title", "problem", "proposal", "impact", "who_should_act", "scope",
                     "theme_ids")


def existing_workshop_ideas(workshop: Workshop, keys: Iterable[str]) -> dict[str, Idea]:
    keys = list(set(keys))
    found: dict[str, Idea] = {}
    for start in range(0, len(keys), 500):
        for idea in db.session.scalars(
            select(Idea).where(Idea.workshop_id == workshop.id,
                               Idea.workshop_key.in_(keys[start:start + 500]))
        ):
            found[idea.workshop_key] = idea
    return found


def validate_idea_entry(round_: Round, values: dict[str, Any]) -> dict[str, Any]:
    """Cleaned values of one workshop idea (scope defaults to UK-wide);
    raises IdeaError. Only title and proposal are required."""
    values = {name: values.get(name) for name in IDEA_ENTRY_FIELDS}
    values["scope"] = values.get("scope") or "uk"
    values["theme_ids"] = values.get("theme_ids") or []
    for name in ("title", "problem", "proposal", "impact", "who_should_act"):
        values[name] = values[name] or ""
    cleaned, _themes = clean_idea_values(round_, values, "workshop")
    return cleaned


def stage_workshop_ideas(actor, workshop: Workshop,
                         entries: list[dict[str, Any]]) -> EntryResult:
    """Add the entries as ideas credited to the workshop, in the caller's
    transaction. Entries already in (same title and proposal from this
    workshop, or repeated in ``entries``) are reported, not duplicated."""
    round_ = workshop.round
    errors: dict[int, dict[str, str]] = {}
    cleaned_entries: list[dict[str, Any]] = []
    for position, values in enumerate(entries, start=1):
        try:
            cleaned_entries.append(validate_idea_entry(round_, values))
        except IdeaError as error:
            errors[position] = error.errors
    if errors:
        raise EntryError(errors)
    keys = [idea_key(v["title"], v["proposal"]) for v in cleaned_entries]
    existing = existing_workshop_ideas(workshop, keys)
    result = EntryResult()
    for key, values in zip(keys, cleaned_entries):
        if key in existing:
            result.already_in.append(existing[key])
            continue
        idea = stage_idea(actor, round_, source="workshop", workshop=workshop,
                          workshop_key=key, **values)
        existing[key] = idea
        result.created.append(idea)
    return result


def add_workshop_ideas(actor, workshop: Workshop, entries: list[dict[str, Any]]) -> EntryResult:
    """Several ideas from one workshop at once: all saved, or none."""
    try:
        result = stage_workshop_ideas(actor, workshop, entries)
        if result.created:
            audit.record(actor, "workshop.ideas_entered", workshop, None, {
                "created": [idea.id for idea in result.created],
                "already_in": [idea.id for idea in result.already_in],
            })
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return result


# --- comments from a workshop -----------------------------------------------

def check_idea_for_workshop(workshop: Workshop, idea: Idea | None) -> Idea:
    """The idea a workshop comments on or votes for must be a live idea of
    the workshop's round (raises CommentError with the reason)."""
    if idea is None or idea.round_id != workshop.round_id:
        raise CommentError("There is no idea with that reference in this round.", field="idea")
    if idea.status != "published":
        raise CommentError(f"Idea {idea.reference} is no longer open for input.", field="idea")
    return idea


def stage_workshop_comment(actor, workshop: Workshop, idea: Idea,
                           body: str) -> tuple[Comment, bool]:
    """(comment, created): a comment said at the workshop, credited to it.
    The same words for the same idea from the same workshop are not added twice."""
    check_idea_for_workshop(workshop, idea)
    text = clean_body(body)
    key = comment_key(text)
    existing = db.session.scalar(
        select(Comment).where(Comment.workshop_id == workshop.id, Comment.idea_id == idea.id,
                              Comment.workshop_key == key)
    )
    if existing is not None:
        return existing, False
    comment = Comment(idea_id=idea.id, author_id=None, workshop_id=workshop.id,
                      workshop_key=key, body=text)
    db.session.add(comment)
    db.session.flush()
    db.session.execute(
        update(_ideas).where(_ideas.c.id == idea.id)
        .values(comment_count=_ideas.c.comment_count + 1)
    )
    audit.record(actor, "comment.added", comment,
                 after={"idea_id": idea.id, "workshop_id": workshop.id})
    return comment, True


def add_workshop_comment(actor, workshop: Workshop, idea: Idea, body: str) -> tuple[Comment, bool]:
    try:
        result = stage_workshop_comment(actor, workshop, idea, body)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return result


# --- dot-vote tallies -------------------------------------------------------

def clean_dots(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise WorkshopError({"dots": "Enter the number of dots as a whole number."})
    if not 0 <= value <= DOTS_MAX:
        raise WorkshopError({"dots": f"Dots must be between 0 and {DOTS_MAX:,}."})
    return value


def _insert_ignore():
    return postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert


def stage_tally(actor, workshop: Workshop, idea: Idea, dots: int, *, via: str = "form",
                reason: str = "") -> TallyChange | None:
    """Set the workshop's dots for an idea, in the caller's transaction.
    Returns the recorded change, or None when the value was already that."""
    dots = clean_dots(dots)
    try:
        check_idea_for_workshop(workshop, idea)
    except CommentError as error:
        raise WorkshopError({"idea": error.message}) from None
    now = utcnow()
    # First write: make sure the row exists (so it can be locked), learning
    # whether it is new. On SQLite this takes the write lock.
    inserted = db.session.execute(
        _insert_ignore()(_tallies)
        .values(workshop_id=workshop.id, idea_id=idea.id, dots=0, updated_at=now)
        .on_conflict_do_nothing(index_elements=["workshop_id", "idea_id"])
        .returning(_tallies.c.idea_id)
    ).scalar_one_or_none() is not None
    where = (_tallies.c.workshop_id == workshop.id, _tallies.c.idea_id == idea.id)
    current = db.session.execute(
        select(_tallies.c.dots).where(*where).with_for_update()
    ).scalar_one()
    old = None if inserted else current
    if not inserted and current == dots:
        return None
    db.session.execute(update(_tallies).where(*where).values(dots=dots, updated_at=now))
    delta = dots - current
    if delta:
        db.session.execute(
            update(_ideas).where(_ideas.c.id == idea.id)
            .values(dot_count=_ideas.c.dot_count + delta)
        )
    change = TallyChange(workshop_id=workshop.id, idea_id=idea.id, old_dots=old, new_dots=dots,
                         changed_by_id=getattr(actor, "id", None), changed_at=now, via=via,
                         reason=" ".join((reason or "").split())[:300])
    db.session.add(change)
    db.session.flush()
    audit.record(actor, "tally.set", change,
                 {"dots": old} if old is not None else None,
                 {"dots": dots, "workshop_id": workshop.id, "idea_id": idea.id, "via": via})
    return change


def set_tally(actor, workshop: Workshop, idea: Idea, dots: int, *, via: str = "form",
              reason: str = "") -> TallyChange | None:
    try:
        change = stage_tally(actor, workshop, idea, dots, via=via, reason=reason)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return change


def set_tallies(actor, workshop: Workshop, dots_by_idea: dict[Idea, int],
                reason: str = "") -> list[TallyChange]:
    """Several tallies from one form: all saved, or none."""
    changes: list[TallyChange] = []
    try:
        for idea, dots in dots_by_idea.items():
            change = stage_tally(actor, workshop, idea, dots, reason=reason)
            if change is not None:
                changes.append(change)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return changes


def tally_history(workshop: Workshop, idea_id: int | None = None) -> list[TallyChange]:
    """Every change to the workshop's tallies, newest first."""
    stmt = select(TallyChange).where(TallyChange.workshop_id == workshop.id)
    if idea_id is not None:
        stmt = stmt.where(TallyChange.idea_id == idea_id)
    return list(db.session.scalars(
        stmt.order_by(TallyChange.changed_at.desc(), TallyChange.id.desc())
    ))


def dot_total_drift() -> list[tuple[int, str, int, int]]:
    """Ideas whose cached dot_count differs from the sum of their tallies."""
    total = func.coalesce(func.sum(WorkshopTally.dots), 0)
    query = (
        select(Idea.id, Idea.dot_count, total)
        .outerjoin(WorkshopTally, WorkshopTally.idea_id == Idea.id)
        .group_by(Idea.id, Idea.dot_count)
        .having(Idea.dot_count != total)
    )
    return [(i, "dot_count", cached, actual) for i, cached, actual in db.session.execute(query)]
