"""Restricted exports, for administrators only: every panel score with its
note (XLSX) and the audit log (CSV).

The files are built here; who may download them is decided in
manifesto/permissions.py ("export.restricted") at the moment of each
request, and every download is recorded in the audit log by the functions at
the end of this module. Every text cell goes through
:func:`manifesto.exports.cells.safe_cell`, so nothing in a note, a title or a
logged value can run as a spreadsheet formula.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import IO, Any, ContextManager

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from sqlalchemy import distinct, func, select

from manifesto import audit
from manifesto.accounts.models import User
from manifesto.audit_queries import AuditFilters, AuditRow, audit_page
from manifesto.exports.cells import safe_row
from manifesto.extensions import db
from manifesto.panel.models import Assessment, Commitment, ConflictDeclaration, Criterion, Score
from manifesto.rounds.models import Round

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Shown instead of a name when the panellist's account has been deleted.
DELETED_ACCOUNT = "(deleted account)"

SCORE_HEADINGS = ["Commitment", "Number", "Title", "Panellist", "Panellist account",
                  "Criterion", "Value", "Note", "Status", "Submitted at (UTC)",
                  "Last saved (UTC)"]
CONFLICT_HEADINGS = ["Commitment", "Number", "Title", "Panellist", "Panellist account",
                     "Note", "Declared at (UTC)"]
CRITERIA_HEADINGS = ["Criterion", "Guidance", "Weight", "Lowest score", "Highest score",
                     "Computed from"]
AUDIT_HEADINGS = ["Entry", "Time (UTC)", "Actor account", "Actor name", "Actor email",
                  "Action", "Record type", "Record number", "Before", "After", "IP address"]
AUDIT_BATCH = 1000


def _utc(value: datetime | None) -> datetime | None:
    """Spreadsheets hold no time zones (UTC, as the headings say) and keep
    milliseconds at best: to the second."""
    if value is None:
        return None
    return value.astimezone(timezone.utc).replace(tzinfo=None, microsecond=0)


def _name(display_name: str | None, account: int | None) -> str:
    return display_name if account is not None and display_name else DELETED_ACCOUNT


# --- panel scores -------------------------------------------------------------------

@dataclass(frozen=True)
class ScoresSummary:
    commitments: int
    panellists: int
    submitted: int
    drafts: int
    scores: int
    conflicts: int


def scores_summary(round_: Round) -> ScoresSummary:
    """What the scores file of ``round_`` would hold, for the download page."""
    in_round = select(Commitment.id).where(Commitment.round_id == round_.id)
    commitments = db.session.scalar(select(func.count()).select_from(in_round.subquery())) or 0
    panellists, submitted, total = db.session.execute(
        select(func.count(distinct(Assessment.panellist_id)), func.count(Assessment.submitted_at),
               func.count(Assessment.id))
        .where(Assessment.commitment_id.in_(in_round))).one()
    scores = db.session.scalar(
        select(func.count()).select_from(Score).join(Assessment, Assessment.id == Score.assessment_id)
        .where(Assessment.commitment_id.in_(in_round))) or 0
    conflicts = db.session.scalar(select(func.count()).select_from(ConflictDeclaration).where(
        ConflictDeclaration.commitment_id.in_(in_round))) or 0
    return ScoresSummary(commitments=commitments, panellists=panellists or 0,
                         submitted=submitted or 0, drafts=(total or 0) - (submitted or 0),
                         scores=scores, conflicts=conflicts)


def score_rows(round_: Round) -> Iterator[list[Any]]:
    """One row per score: commitments in number order (then the unnumbered
    ones), panellists by name, criteria in their order. Drafts included,
    marked as such."""
    statement = (
        select(Commitment.id, Commitment.number, Commitment.title, User.display_name,
               Assessment.panellist_id, Criterion.name, Score.value, Score.note,
               Assessment.submitted_at, Assessment.updated_at)
        .select_from(Score)
        .join(Assessment, Assessment.id == Score.assessment_id)
        .join(Commitment, Commitment.id == Assessment.commitment_id)
        .join(Criterion, Criterion.id == Score.criterion_id)
        .outerjoin(User, User.id == Assessment.panellist_id)
        .where(Commitment.round_id == round_.id)
        .order_by(Commitment.number.nulls_last(), Commitment.id, User.display_name,
                  Assessment.id, Criterion.position, Criterion.id)
    )
    for (cid, number, title, name, account, criterion, value, note, submitted,
         saved) in db.session.execute(statement):
        yield [f"C-{cid}", number, title, _name(name, account), account, criterion, value,
               note, "submitted" if submitted else "draft", _utc(submitted), _utc(saved)]


def conflict_rows(round_: Round) -> Iterator[list[Any]]:
    statement = (
        select(Commitment.id, Commitment.number, Commitment.title, User.display_name,
               ConflictDeclaration.panellist_id, ConflictDeclaration.note,
               ConflictDeclaration.declared_at)
        .select_from(ConflictDeclaration)
        .join(Commitment, Commitment.id == ConflictDeclaration.commitment_id)
        .outerjoin(User, User.id == ConflictDeclaration.panellist_id)
        .where(Commitment.round_id == round_.id)
        .order_by(Commitment.number.nulls_last(), Commitment.id, User.display_name,
                  ConflictDeclaration.panellist_id)
    )
    for cid, number, title, name, account, note, declared in db.session.execute(statement):
        yield [f"C-{cid}", number, title, _name(name, account), account, note, _utc(declared)]


def criterion_rows(round_: Round) -> Iterator[list[Any]]:
    for criterion in db.session.scalars(select(Criterion).where(Criterion.round_id == round_.id)
                                        .order_by(Criterion.position, Criterion.id)):
        yield [criterion.name, criterion.guidance, criterion.weight, criterion.scale_min,
               criterion.scale_max, criterion.computed_from or ""]


def _sheet(workbook: Workbook, title: str, headings: list[str], rows: Iterator[list[Any]]) -> int:
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    heading_cells = []
    for heading in headings:
        cell = WriteOnlyCell(sheet, value=heading)
        cell.font = bold
        heading_cells.append(cell)
    sheet.append(heading_cells)
    count = 0
    for row in rows:
        sheet.append(safe_row(row))
        count += 1
    return count


def scores_xlsx(round_: Round, stream: IO[bytes]) -> ScoresSummary:
    """Write the scores workbook of ``round_`` to ``stream`` (a binary file or
    buffer): sheets "Scores", "Conflicts" and "Criteria". Returns what it wrote."""
    workbook = Workbook(write_only=True)
    scores = _sheet(workbook, "Scores", SCORE_HEADINGS, score_rows(round_))
    conflicts = _sheet(workbook, "Conflicts", CONFLICT_HEADINGS, conflict_rows(round_))
    _sheet(workbook, "Criteria", CRITERIA_HEADINGS, criterion_rows(round_))
    workbook.save(stream)
    return dataclasses.replace(scores_summary(round_), scores=scores, conflicts=conflicts)


# --- the audit log ------------------------------------------------------------------

def _json_cell(value: Any) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _audit_row(row: AuditRow) -> list[Any]:
    event = row.event
    return [event.id, event.occurred_at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            event.actor_id, row.actor_name if event.actor_id else "",
            row.actor_email if event.actor_id else "", event.action, event.target_type,
            event.target_id, _json_cell(event.before), _json_cell(event.after),
            event.ip_address or ""]


def _csv_text(rows: Iterable[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(safe_row(row))
    return buffer.getvalue()


def audit_csv(filters: AuditFilters, batch: int = AUDIT_BATCH,
              context: Callable[[], ContextManager] = nullcontext) -> Iterator[str]:
    """The audit log as CSV text, newest first: the headings, then a chunk per
    ``batch`` events matching ``filters``, read as it is sent (keyed on the
    id, so each batch costs the same however long the log). Each batch is read
    inside ``context()``: a view streaming the file passes an application
    context factory, as the request's own is gone once the response is sent."""
    yield _csv_text([AUDIT_HEADINGS])
    before = None
    while True:
        with context():
            page = audit_page(filters, before=before, per_page=batch)
            chunk = _csv_text(_audit_row(row) for row in page.rows)
            before = page.older_than
        if chunk:
            yield chunk
        if before is None:
            return


# --- recording the downloads --------------------------------------------------------

def record_scores_export(actor, round_: Round, summary: ScoresSummary) -> None:
    audit.record(actor, "export.scores", round_, None,
                 {"format": "xlsx", "scores": summary.scores, "conflicts": summary.conflicts})
    db.session.commit()


def record_audit_log_export(actor, filters: AuditFilters) -> None:
    audit.record(actor, "export.audit_log", "audit_events", None,
                 {"format": "csv", "filters": filters.as_args()})
    db.session.commit()
