"""Party responses from a sheet (CSV or XLSX): columns Party, Commitment (its
number or reference), Stance, Quote, Evidence, Date.

The file is read by the workshop sheet readers (encodings, size and zip-bomb
limits, blank rows, headings in any case, formula-looking cells as text).
Every row is checked against the database first; only when no row has a
problem are they written, in one transaction, through the same write as the
form (``responses.apply_response``): all saved, or nothing. A row equal to
what is recorded is "already in", so importing the same sheet twice changes
nothing.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import asdict, dataclass, field
from typing import Any, Callable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from manifesto import audit
from manifesto.exports.cells import FORMULA_STARTS
from manifesto.extensions import db
from manifesto.panel.models import Commitment
from manifesto.parties import follows
from manifesto.parties.models import STANCES, Party, PartyResponse
from manifesto.parties.responses import FIELDS, apply_response, clean_response, closed_reason
from manifesto.parties.services import PartyError, all_parties
from manifesto.workshops.import_results import (
    ImportFailed, ImportRefused, RowOutcome, RowProblem,
)
from manifesto.workshops.import_rules import CellError, parse_uk_date, text
from manifesto.workshops.sheets import Column, Sheet, SheetError, heading_keys

COLUMNS = (
    Column("party", "Party", ("party name",)),
    Column("commitment", "Commitment", ("commitment number", "number", "reference",
                                        "commitment reference", "no", "no.")),
    Column("stance", "Stance", ("response", "position")),
    Column("quote", "Quote", ("quotation",)),
    Column("evidence_url", "Evidence", ("evidence link", "evidence url", "link", "source")),
    Column("stated_on", "Date", ("date said", "stated on")),
)
HEADINGS = {column.key: column.heading for column in COLUMNS}
REQUIRED = ("party", "commitment", "stance")


class ResponseSheet(Sheet):
    heading_keys = heading_keys(COLUMNS)
    headings = HEADINGS

    def check_required(self, columns: dict[str, int]) -> None:
        missing = [HEADINGS[key] for key in REQUIRED if key not in columns]
        if missing:
            raise SheetError(
                "The sheet has no " + " or ".join(f"“{name}”" for name in missing)
                + " column. Row 1 must hold the headings Party, Commitment, Stance, Quote, "
                  "Evidence and Date: download the template and copy your rows into it.")


def _squeezed(value: str) -> str:
    return re.sub(r"[\W_]+", "", value.casefold())


STANCE_NAMES = {_squeezed(name): key for key, label in STANCES.items()
                for name in (key, label, label.replace(" yet", ""))}
STANCE_NAMES.update({"partial": "partly", "partially": "partly", "partlycommitted": "partly"})
_REFERENCE = re.compile(r"c-?\s*(\d{1,9})", re.IGNORECASE)
_NUMBER = re.compile(r"(?:commitment\s*|no\.?\s*)?(\d{1,6})(?:\.0+)?", re.IGNORECASE)


def _unprotected(value: str) -> str:
    """A quote as typed: the apostrophe our downloads put before text that
    starts like a formula (exports/cells.py) comes off again; nothing is
    ever evaluated."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


@dataclass
class Summary:
    rows: int = 0
    new: int = 0
    changed: int = 0
    already_in: int = 0
    error_rows: int = 0

    ok = property(lambda self: self.error_rows == 0)
    as_dict = asdict

    def sentence(self) -> str:
        """"2 new responses, 1 changed response; 3 rows were already in."."""
        new, changed, already = self.new, self.changed, self.already_in
        return (f"{new:,} new response{'' if new == 1 else 's'}, "
                f"{changed:,} changed response{'' if changed == 1 else 's'}; "
                f"{already:,} row{' was' if already == 1 else 's were'} already in.")


@dataclass
class _Row:
    outcome: RowOutcome
    party: Party | None = None
    commitment: Commitment | None = None
    values: dict[str, Any] = field(default_factory=dict)


class _Checker:
    """Reads every row, decides what it would do, remembers the writes."""

    def __init__(self, round_):
        self.round = round_
        self.parties = all_parties()
        self.by_name: dict[str, Party] = {}
        for party in self.parties:
            self.by_name.setdefault(_squeezed(party.short_name), party)
            self.by_name[_squeezed(party.name)] = party
        commitments = db.session.scalars(select(Commitment).where(
            Commitment.round_id == round_.id)).all()
        self.by_number = {c.number: c for c in commitments if c.number is not None}
        self.by_id = {c.id: c for c in commitments}
        self.recorded = {(r.party_id, r.commitment_id): {name: getattr(r, name) for name in FIELDS}
                         for r in db.session.scalars(select(PartyResponse).join(Commitment).where(
                             Commitment.round_id == round_.id))}
        self.seen: dict[tuple[int, int], tuple[int, dict]] = {}
        self.summary = Summary()
        self.writes: list[_Row] = []

    def check(self, sheet: Sheet, on_row: Callable[[RowOutcome], None] | None) -> Summary:
        summary = self.summary
        for sheet_row in sheet.rows():
            outcome = self._row(sheet_row.number, sheet_row.values, sheet_row.unlabelled).outcome
            summary.rows += 1
            summary.error_rows += outcome.status == "error"
            summary.already_in += outcome.status == "already"
            if on_row is not None:
                on_row(outcome)
        return summary

    def _row(self, number: int, cells: dict[str, Any], unlabelled: list[str]) -> _Row:
        outcome = RowOutcome(number, " ".join(text(cells.get("party")).split()) or "(no party)")
        row = _Row(outcome)

        def problem(key: str, message: str) -> None:
            outcome.problems.append(RowProblem(number, HEADINGS.get(key, key), message))

        for letter in unlabelled:
            problem(f"Column {letter}", "This cell has a value but its column has no heading. "
                    "Add the heading from the template, or clear the cell.")
        row.party = self._party(cells.get("party"), problem)
        row.commitment = self._commitment(cells.get("commitment"), problem)
        stance = self._stance(cells.get("stance"), problem)
        stated_on = None
        try:
            stated_on = parse_uk_date(cells.get("stated_on"))
        except CellError as error:
            problem("stated_on", error.message)
        try:
            values = clean_response(stance, _unprotected(text(cells.get("quote"))),
                                    text(cells.get("evidence_url")), stated_on)
        except PartyError as error:
            for key, message in error.errors.items():
                if key != "stance":  # an unknown stance is reported above, with a suggestion
                    problem(key if key in HEADINGS else "quote", message)
        if outcome.problems:
            return row
        row.values = values
        outcome.idea = f"{row.party.short_name} on {row.commitment.number}. {row.commitment.title}"
        self._decide(row)
        return row

    def _party(self, value: Any, problem) -> Party | None:
        raw = " ".join(text(value).split())
        if not raw:
            problem("party", "Give the party's name or short name.")
            return None
        party = self.by_name.get(_squeezed(raw))
        if party is None:
            names = [p.name for p in self.parties] + [p.short_name for p in self.parties]
            close = difflib.get_close_matches(raw, names, n=1, cutoff=0.6)
            hint = (f" – did you mean “{close[0]}”?" if close else
                    (". Add the party first, or use one of: " + "; ".join(
                        p.name for p in self.parties) + "." if self.parties
                     else ". No parties have been added yet: add them first."))
            problem("party", f"Unknown party “{raw[:60]}”{hint}")
        return party

    def _commitment(self, value: Any, problem) -> Commitment | None:
        raw = " ".join(text(value).split())
        if not raw:
            problem("commitment", "Give the commitment's number (like 3) or reference (like C-12).")
            return None
        if match := _REFERENCE.fullmatch(raw):
            commitment = self.by_id.get(int(match.group(1)))
            if commitment is None:
                problem("commitment", f"There is no commitment {raw.upper()} in this round.")
                return None
        elif match := _NUMBER.fullmatch(raw):
            commitment = self.by_number.get(int(match.group(1)))
            if commitment is None:
                problem("commitment", f"This manifesto has no commitment number "
                        f"{int(match.group(1))} (it has {len(self.by_number)}).")
                return None
        else:
            problem("commitment", f"“{raw[:40]}” is not a commitment number or reference. "
                    "Write its number, like 3, or its reference, like C-12.")
            return None
        reason = closed_reason(commitment)
        if reason:
            problem("commitment", reason)
            return None
        return commitment

    def _stance(self, value: Any, problem) -> str | None:
        raw = " ".join(text(value).split())
        if not raw:
            problem("stance", "Give the stance: committed, partly, declined or no response.")
            return None
        stance = STANCE_NAMES.get(_squeezed(raw))
        if stance is None:
            close = difflib.get_close_matches(_squeezed(raw), STANCE_NAMES, n=1, cutoff=0.6)
            hint = (f" – did you mean “{STANCES[STANCE_NAMES[close[0]]].lower()}”?" if close
                    else ". Use committed, partly, declined or no response.")
            problem("stance", f"Unknown stance “{raw[:40]}”{hint}")
        return stance

    def _decide(self, row: _Row) -> None:
        outcome, key = row.outcome, (row.party.id, row.commitment.id)
        earlier = self.seen.get(key)
        if earlier is not None:
            first_row, first_values = earlier
            if first_values != row.values:
                outcome.problems.append(RowProblem(
                    outcome.row, HEADINGS["stance"],
                    f"Row {first_row} also gives {row.party.short_name}'s response to "
                    f"commitment {row.commitment.number}, differently. Keep one of the two rows."))
            else:
                outcome.already.append("already in")
                outcome.same_as = first_row
            return
        self.seen[key] = (outcome.row, row.values)
        recorded = self.recorded.get(key)
        stance = STANCES[row.values["stance"]]
        if recorded == row.values:
            outcome.already.append("already in")
        elif recorded is None:
            outcome.actions.append(f"New response: {stance}")
            self.summary.new += 1
            self.writes.append(row)
        else:
            was = STANCES[recorded["stance"]]
            outcome.actions.append(f"Change: {was} → {stance}" if was != stance
                                   else f"Update the quote, link or date ({stance})")
            self.summary.changed += 1
            self.writes.append(row)


def check_sheet(round_, sheet: Sheet,
                on_row: Callable[[RowOutcome], None] | None = None) -> Summary:
    """What importing would do, row by row; writes nothing."""
    return _Checker(round_).check(sheet, on_row)


def apply_sheet(actor, round_, sheet: Sheet, on_row: Callable[[RowOutcome], None] | None = None,
                *, details: dict[str, Any] | None = None,
                before_rows: Callable[[], None] | None = None,
                after_rows: Callable[[Summary], None] | None = None) -> Summary:
    """Check every row, then write them all in one transaction, or raise
    ImportFailed (rows wrong) / ImportRefused (the round changed meanwhile)."""
    if round_.phase not in ("published", "tracking"):
        raise ImportRefused("Responses can be recorded once the manifesto is published.")
    try:
        if before_rows is not None:
            before_rows()
        checker = _Checker(round_)
        summary = checker.check(sheet, on_row)
        if not summary.ok:
            raise ImportFailed(summary)
        lines: dict[int, tuple[Commitment, list[str]]] = {}
        for row in checker.writes:
            applied = apply_response(actor, row.party, row.commitment, row.values, via="sheet")
            lines.setdefault(row.commitment.id, (row.commitment, []))[1].append(applied.line())
        for commitment, changes in lines.values():
            follows.notify_followers(commitment, changes)
        if after_rows is not None:
            after_rows(summary)
        audit.record(actor, "party_responses.imported", round_, None,
                     {**summary.as_dict(), **(details or {})})
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ImportRefused("A response in this sheet was recorded by someone else while it was "
                            "being imported. Nothing was saved: try again.") from None
    except Exception:
        db.session.rollback()
        raise
    return summary
