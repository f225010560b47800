"""Importing a workshop sheet: every row checked against the database, then
applied all-or-nothing. The web upload (preview, confirm) and ``flask
import-workshop`` both come through :func:`check_sheet` / :func:`apply_sheet`.

Rows are read and decided in batches, so memory stays flat however long the
sheet is; only a small index of what earlier rows did is kept, to recognise
repeats. When applying, each batch is written as soon as it is decided (with
bulk statements) while no row has failed; the first bad row stops the writing,
the rest are still checked so every problem is reported, and the transaction
is rolled back: nothing is saved.

Re-importing is harmless: a new idea is recognised by ``idea_key(title,
proposal)`` within the workshop, a comment by ``comment_key(body)`` on its
idea, and dots are "set to" values, so an equal tally is already in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterator

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from manifesto import audit
from manifesto.comments.models import COMMENT_MAX, Comment
from manifesto.extensions import db
from manifesto.ideas.models import Idea, parse_reference
from manifesto.ideas.services import IdeaError
from manifesto.workshops import import_writes
from manifesto.workshops.import_results import (  # noqa: F401  (the import's API)
    ImportFailed, ImportRefused, ImportSummary, RowOutcome, RowProblem, Target,
)
from manifesto.workshops.import_rules import (
    CellError, ThemeMatcher, parse_dots, parse_scope, parse_uk_date, text,
)
from manifesto.workshops.models import Workshop, WorkshopTally
from manifesto.workshops.services import (
    comment_key, idea_key, input_closed_reason, validate_idea_entry,
)
from manifesto.workshops.sheets import HEADINGS, Sheet, SheetRow

BATCH = 1000
IDEA_TEXT_KEYS = ("title", "problem", "proposal", "impact", "who_should_act")


@dataclass
class _Row:
    number: int
    reference: int | None = None
    idea: dict[str, Any] | None = None
    key: str | None = None
    dots: int | None = None
    comment: str = ""
    outcome: RowOutcome | None = None
    target: Target | None = None


def _batches(rows: Iterator[SheetRow]) -> Iterator[list[SheetRow]]:
    batch: list[SheetRow] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


class _Importer:
    def __init__(self, actor, workshop: Workshop, apply: bool, reason: str = ""):
        self.actor = actor
        self.workshop = workshop
        self.apply = apply
        self.themes = ThemeMatcher(workshop.round.themes)
        self.summary = ImportSummary()
        self.writer = import_writes.Writer(actor, workshop, reason) if apply else None
        # What earlier rows did, compactly (64-bit key prefixes; a clash
        # between two of a sheet's 20,000 rows is a 1-in-10^10 chance).
        self.new_keys: dict[int, Target] = {}  # idea key → its target
        self.by_id: dict[int, Target] = {}  # existing ideas rows point at
        self.comments: dict[int, int] = {}  # (target, comment key) → first row

    def run(self, sheet: Sheet, on_row: Callable[[RowOutcome], None] | None) -> ImportSummary:
        for batch in _batches(sheet.rows()):
            rows = [self._parse(row) for row in batch]
            self._resolve(rows)
            for row in rows:
                self._decide(row)
                self.summary.rows += 1
                status = row.outcome.status
                if status == "error":
                    self.summary.error_rows += 1
                elif status == "already":
                    self.summary.already_in += 1
                elif status == "nothing":
                    self.summary.nothing += 1
                if on_row is not None:
                    on_row(row.outcome)
            if self.writer is not None:
                if self.summary.ok:
                    self.writer.flush()
                else:
                    self.writer = None  # stop writing; keep checking
        return self.summary

    # --- one row on its own ------------------------------------------------------

    def _parse(self, sheet_row: SheetRow) -> _Row:
        values = sheet_row.values
        row = _Row(sheet_row.number)
        outcome = row.outcome = RowOutcome(sheet_row.number, "")
        problems = outcome.problems

        def problem(key: str, message: str) -> None:
            problems.append(RowProblem(row.number, HEADINGS.get(key, key), message))

        for letter in sheet_row.unlabelled:
            problem(f"Column {letter}", "This cell has a value but its column has no heading. "
                    "Add the heading from the template, or clear the cell.")
        try:
            when = parse_uk_date(values.get("workshop_date"))
            held = self.workshop.held_on
            if when is not None and when != held:
                problem("workshop_date", f"This row is dated {when:%d/%m/%Y} but the "
                        f"{self.workshop.town} workshop was on {held:%d/%m/%Y}. Check that "
                        "this is the right sheet for this workshop.")
        except CellError as error:
            problem("workshop_date", error.message)
        try:
            row.dots = parse_dots(values.get("dots"))
        except CellError as error:
            problem("dots", error.message)
        row.comment = text(values.get("comment")).strip()
        if len(row.comment) > COMMENT_MAX:
            problem("comment", f"The comment is {len(row.comment):,} characters long; the "
                    f"limit is {COMMENT_MAX:,}. Shorten it or split it over two rows.")
        reference = text(values.get("reference")).strip()
        if reference:
            row.reference = parse_reference(reference)
            outcome.idea = reference
            if row.reference is None:
                problem("reference", f"“{reference[:40]}” is not an idea reference. Use the "
                        "code from the tally sheet, like I-42, or leave it blank for a new idea.")
            return row
        idea = {key: text(values.get(key)) for key in IDEA_TEXT_KEYS}
        outcome.idea = " ".join(idea["title"].split()) or "(no title)"
        if not idea["title"].strip() and not idea["proposal"].strip():
            if row.dots is not None or row.comment:
                problem("reference", "This row has dots or a comment but no idea. Put the "
                        "idea's reference (like I-42) in Reference, or fill in Title and "
                        "What government should commit to for a new idea.")
            else:
                problem("title", "A new idea needs a Title and “What government should "
                        "commit to”. Fill them in, or clear the row.")
            return row
        try:
            idea["scope"] = parse_scope(values.get("scope"))
        except CellError as error:
            problem("scope", error.message)
        try:
            theme_ids = self.themes.match(values.get("themes"))
        except CellError as error:
            problem("themes", error.message)
            theme_ids = []
        try:
            cleaned = validate_idea_entry(self.workshop.round,
                                          {**idea, "scope": idea.get("scope") or "uk"})
        except IdeaError as error:
            for key, message in error.errors.items():
                problem(key, _idea_message(key, message))
            return row
        row.idea = {**cleaned, "theme_ids": theme_ids}
        row.key = idea_key(cleaned["title"], cleaned["proposal"])
        return row

    # --- what the database already holds, for a whole batch ----------------------

    def _resolve(self, rows: list[_Row]) -> None:
        wanted = {row.reference for row in rows
                  if row.reference is not None and row.reference not in self.by_id}
        for idea_id, title, status, merged_into_id in _chunked_rows(
                wanted, lambda ids: select(Idea.id, Idea.title, Idea.status, Idea.merged_into_id)
                .where(Idea.id.in_(ids), Idea.round_id == self.workshop.round_id)):
            self.by_id[idea_id] = Target(idea_id, f"I-{idea_id} {title}", status, merged_into_id)
        keys = {row.key for row in rows
                if row.key is not None and _short(row.key) not in self.new_keys}
        existing: dict[str, Target] = {}
        for idea_id, title, status, merged_into_id, key in _chunked_rows(
                keys, lambda chunk: select(Idea.id, Idea.title, Idea.status, Idea.merged_into_id,
                                           Idea.workshop_key)
                .where(Idea.workshop_id == self.workshop.id, Idea.workshop_key.in_(chunk))):
            target = self.by_id.setdefault(
                idea_id, Target(idea_id, f"I-{idea_id} {title}", status, merged_into_id))
            existing[key] = target
        for row in rows:
            if row.outcome.problems:
                continue
            if row.reference is not None:
                row.target = self.by_id.get(row.reference)
            elif _short(row.key) in self.new_keys:
                row.target = self.new_keys[_short(row.key)]
                row.outcome.same_as = row.target.first_row
                row.outcome.already.append("idea already in")
            elif row.key in existing:
                row.target = existing[row.key]
                row.target.first_row = row.number
                row.outcome.idea = row.target.label
                row.outcome.already.append(f"idea already in as I-{row.target.idea_id}")
                self.new_keys[_short(row.key)] = row.target
            else:
                row.target = Target(None, first_row=row.number)
                row.outcome.actions.append("New idea")
                self.summary.new_ideas += 1
                self.new_keys[_short(row.key)] = row.target
                if self.writer is not None:
                    self.writer.idea(row.target, row.key, row.idea)
        ids = {row.target.idea_id for row in rows
               if row.target is not None and row.target.idea_id is not None}
        self._current_dots = dict(_chunked_rows(
            ids, lambda chunk: select(WorkshopTally.idea_id, WorkshopTally.dots)
            .where(WorkshopTally.workshop_id == self.workshop.id,
                   WorkshopTally.idea_id.in_(chunk))))
        comment_keys = {comment_key(row.comment) for row in rows if row.comment}
        self._existing_comments = set(_chunked_rows(
            ids, lambda chunk: select(Comment.idea_id, Comment.workshop_key)
            .where(Comment.workshop_id == self.workshop.id, Comment.idea_id.in_(chunk),
                   Comment.workshop_key.in_(comment_keys)))) if comment_keys else set()

    # --- the row's outcome -------------------------------------------------------

    def _decide(self, row: _Row) -> None:
        outcome = row.outcome
        if outcome.problems:
            return
        target = row.target
        if row.reference is not None:
            if target is None:
                outcome.problems.append(RowProblem(
                    row.number, HEADINGS["reference"], f"There is no idea I-{row.reference} "
                    "in this round. Check the code on the tally sheet."))
                return
            outcome.idea = target.label
        if (row.dots is not None or row.comment) and target.closed:
            column = "reference" if row.reference is not None else (
                "dots" if row.dots is not None else "comment")
            outcome.problems.append(RowProblem(row.number, HEADINGS[column], target.closed))
            return
        name = target.name
        if row.dots is not None:
            self._decide_dots(row, target, name)
        if row.comment and not outcome.problems:
            key = comment_key(row.comment)
            token = _short(key) << 33 | target.token
            seen = self.comments.get(token)
            if seen is not None:
                outcome.already.append("comment already in")
                outcome.same_as = outcome.same_as or seen
            elif target.idea_id is not None and (target.idea_id, key) in self._existing_comments:
                outcome.already.append("comment already in")
            else:
                self.comments[token] = row.number
                outcome.actions.append(f"Comment on {name}")
                self.summary.comments += 1
                if self.writer is not None:
                    self.writer.comment(target, row.comment, key)
        if outcome.problems:
            outcome.actions.clear()

    def _decide_dots(self, row: _Row, target: Target, name: str) -> None:
        outcome = row.outcome
        if target.tally_row is not None:
            first_row, first_dots = target.tally_row, target.tally_dots
            if first_dots != row.dots:
                outcome.problems.append(RowProblem(
                    row.number, HEADINGS["dots"],
                    f"Row {row.number} gives {row.dots} dots for {name} but row {first_row} "
                    f"gives {first_dots}. Keep the right number in one of the two rows."))
            else:
                outcome.already.append("dots already in")
                outcome.same_as = outcome.same_as or first_row
            return
        target.tally_row, target.tally_dots = row.number, row.dots
        current = self._current_dots.get(target.idea_id) if target.idea_id else None
        if current == row.dots:
            outcome.already.append("dots already in")
        elif current is None and row.dots == 0:
            return  # no tally, none to add
        else:
            was = f"{current} → " if current is not None else ""
            outcome.actions.append(f"Dots for {name}: {was}{row.dots}")
            self.summary.tallies += 1
            if self.writer is not None:
                self.writer.tally(target, row.dots, current)


def _short(key: str) -> int:
    return int(key[:16], 16)


def _idea_message(key: str, message: str) -> str:
    if key == "title" and "Enter" in message:
        return ("A new idea needs a title. Fill in Title (for an idea already on the site, "
                "put its reference in Reference instead).")
    if key == "proposal" and "Say" in message:
        return "A new idea needs “What government should commit to”. Fill it in."
    if "characters or fewer" in message:
        return message + " Shorten it."
    return message


def _chunked_rows(values: set, statement: Callable[[list], Any], size: int = 500):
    values = list(values)
    for start in range(0, len(values), size):
        yield from db.session.execute(statement(values[start:start + size]))


# --- the two ways in ---------------------------------------------------------------

def check_sheet(workshop: Workshop, sheet: Sheet,
                on_row: Callable[[RowOutcome], None] | None = None) -> ImportSummary:
    """What importing would do, row by row; writes nothing."""
    return _Importer(None, workshop, apply=False).run(sheet, on_row)


def apply_sheet(actor, workshop: Workshop, sheet: Sheet,
                on_row: Callable[[RowOutcome], None] | None = None, *,
                details: dict[str, Any] | None = None,
                before_rows: Callable[[], None] | None = None,
                after_rows: Callable[[ImportSummary], None] | None = None) -> ImportSummary:
    """Check and import every row in one transaction: all saved, or nothing
    (raises ImportFailed with the summary; ``on_row`` has seen each row).
    ``before_rows`` and ``after_rows`` run inside the transaction, before and
    after the rows (e.g. to claim an upload and to record its summary)."""
    details = details or {}
    reason = input_closed_reason(workshop.round)
    if reason:
        raise ImportRefused(reason)
    try:
        # Take the workshop's write lock first: imports into one workshop queue
        # up (PostgreSQL row lock; SQLite's database write lock).
        workshop_table = Workshop.__table__
        db.session.execute(update(workshop_table).where(workshop_table.c.id == workshop.id)
                           .values(attendees=workshop_table.c.attendees))
        if before_rows is not None:
            before_rows()
        filename = details.get("filename")
        importer = _Importer(actor, workshop, apply=True,
                             reason=f"Sheet “{filename}”" if filename else "Sheet import")
        summary = importer.run(sheet, on_row)
        if not summary.ok:
            raise ImportFailed(summary)
        if after_rows is not None:
            after_rows(summary)
        audit.record(actor, "workshop.imported", workshop, None, {**summary.as_dict(), **details})
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ImportRefused("This workshop's input changed while the sheet was being imported. "
                            "Nothing was saved: try again.") from None
    except Exception:
        db.session.rollback()
        raise
    return summary
