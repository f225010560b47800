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
from typing import Any, Iterable

from sqlalchemy import select, update

from manifesto import audit
from manifesto.comments.models import Comment
from manifesto.comments.services import CommentError, clean_body
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.ideas.services import IdeaError, clean_idea_values, stage_idea
from manifesto.rounds.models import Round
from manifesto.workshops.models import DOTS_MAX, TallyChange, Workshop, WorkshopTally

# Records, shared rules and tallies live in their own modules; callers may
# keep using them through this one.
from manifesto.workshops.records import (  # noqa: F401
    WORKSHOP_FIELDS, create_workshop, update_workshop,
)
from manifesto.workshops.rules import (  # noqa: F401
    INPUT_PHASES, EntryError, WorkshopError, check_idea_for_workshop, input_closed_reason,
)
from manifesto.workshops.tallies import (  # noqa: F401
    clean_dots, dot_total_drift, set_tallies, set_tally, stage_tally, tally_history,
)

_ideas = Idea.__table__
_tallies = WorkshopTally.__table__
_comments = Comment.__table__

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


# --- the facilitator's forms: comments and tallies by idea reference --------

@dataclass
class CommentEntryResult:
    created: list[Comment] = field(default_factory=list)
    already_in: list[Comment] = field(default_factory=list)


def resolve_references(workshop: Workshop,
                       references: dict[int, str]) -> tuple[dict[int, Idea], dict[int, str]]:
    """Row → the idea of the workshop's round its reference ("I-42") names,
    and row → what is wrong for the others. One query, whatever the rows.
    Whether the idea still takes input is the caller's check."""
    from manifesto.ideas.models import parse_reference

    ids: dict[int, int] = {}
    errors: dict[int, str] = {}
    for row, text in references.items():
        text = (text or "").strip()
        if not text:
            errors[row] = "Enter the idea’s reference, for example I-42."
            continue
        idea_id = parse_reference(text)
        if idea_id is None or idea_id > 2_000_000_000:
            errors[row] = f"“{text[:20]}” is not an idea reference: write it like I-42."
            continue
        ids[row] = idea_id
    found = {
        idea.id: idea for idea in db.session.scalars(
            select(Idea).where(Idea.id.in_(set(ids.values())), Idea.round_id == workshop.round_id)
        )
    } if ids else {}
    ideas: dict[int, Idea] = {}
    for row, idea_id in ids.items():
        if idea_id in found:
            ideas[row] = found[idea_id]
        else:
            errors[row] = f"There is no idea I-{idea_id} in this round."
    return ideas, errors


def _live_idea_problem(workshop: Workshop, idea: Idea) -> str | None:
    try:
        check_idea_for_workshop(workshop, idea)
    except CommentError as error:
        return error.message
    return None


def add_workshop_comments(actor, workshop: Workshop, rows: list[dict[str, Any]]) -> CommentEntryResult:
    """Several comments said at the workshop, each {"reference": "I-42",
    "body": "…"}: all saved, or none (EntryError names the rows, 1-based).
    The same words on the same idea again are reported, not duplicated."""
    ideas, reference_errors = resolve_references(
        workshop, {row: values.get("reference") or "" for row, values in enumerate(rows, 1)})
    errors: dict[int, dict[str, str]] = {}
    bodies: dict[int, str] = {}
    for row, values in enumerate(rows, start=1):
        problem = reference_errors.get(row) or (
            _live_idea_problem(workshop, ideas[row]) if row in ideas else None)
        if problem:
            errors.setdefault(row, {})["reference"] = problem
        try:
            bodies[row] = clean_body(values.get("body"))
        except CommentError as error:
            errors.setdefault(row, {})["body"] = error.message
    if errors:
        raise EntryError(errors)
    result = CommentEntryResult()
    try:
        for row in range(1, len(rows) + 1):
            comment, created = stage_workshop_comment(actor, workshop, ideas[row], bodies[row])
            (result.created if created else result.already_in).append(comment)
        if result.created:
            audit.record(actor, "workshop.comments_entered", workshop, None, {
                "created": [comment.id for comment in result.created],
                "already_in": [comment.id for comment in result.already_in],
            })
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return result


def parse_dots(value: Any) -> int:
    """A tally as typed ("12", "1,200") → int; raises WorkshopError."""
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        if not text:
            raise WorkshopError({"dots": "Enter the number of dots."})
        if not text.isdigit():
            raise WorkshopError({"dots": "Enter the number of dots as a whole number, for example 12."})
        value = int(text) if len(text) < 12 else DOTS_MAX + 1
    return clean_dots(value)


def current_dots(workshop: Workshop, idea_ids: Iterable[int]) -> dict[int, int]:
    idea_ids = list(set(idea_ids))
    if not idea_ids:
        return {}
    return dict(db.session.execute(
        select(WorkshopTally.idea_id, WorkshopTally.dots)
        .where(WorkshopTally.workshop_id == workshop.id, WorkshopTally.idea_id.in_(idea_ids))
    ).all())


def set_tallies_by_reference(actor, workshop: Workshop, rows: list[tuple[str, Any]],
                             reason: str = "") -> list[TallyChange]:
    """Tallies from the facilitator's form, each (reference, dots): all saved
    through set_tallies, or none (EntryError names the rows, 1-based, with
    fields "reference" and "dots"). A row repeating a tally's current value
    changes nothing, even for an idea no longer taking input."""
    ideas, reference_errors = resolve_references(
        workshop, {row: reference for row, (reference, _dots) in enumerate(rows, 1)})
    current = current_dots(workshop, (idea.id for idea in ideas.values()))
    errors: dict[int, dict[str, str]] = {}
    wanted: dict[int, tuple[Idea, int, int]] = {}  # idea id → (idea, dots, row)
    for row, (_reference, raw_dots) in enumerate(rows, start=1):
        row_errors: dict[str, str] = {}
        if row in reference_errors:
            row_errors["reference"] = reference_errors[row]
        try:
            dots = parse_dots(raw_dots)
        except WorkshopError as error:
            row_errors["dots"] = error.errors["dots"]
            dots = None
        idea = ideas.get(row)
        if idea is not None and dots is not None:
            if idea.id in wanted and wanted[idea.id][1] != dots:
                row_errors["reference"] = (f"Idea {idea.reference} is on this form twice with "
                                           f"different dots ({wanted[idea.id][1]} and {dots}).")
            elif current.get(idea.id) != dots:
                problem = _live_idea_problem(workshop, idea)
                if problem:
                    row_errors["reference"] = problem
            wanted.setdefault(idea.id, (idea, dots, row))
        if row_errors:
            errors[row] = row_errors
    if errors:
        raise EntryError(errors)
    changing = {idea: dots for idea, dots, _row in wanted.values() if current.get(idea.id) != dots}
    if not changing:
        return []
    return set_tallies(actor, workshop, changing, reason=reason)
