"""The restricted files themselves: every panel score read back from the
XLSX and compared with the database, conflicts, criteria, the audit log as
CSV, and formula-like text neutralised in both."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import timezone

from openpyxl import load_workbook
from sqlalchemy import select

from manifesto.accounts.models import User
from manifesto.audit import AuditEvent
from manifesto.audit_queries import AuditFilters
from manifesto.exports import restricted
from manifesto.extensions import db
from manifesto.panel import assessment
from manifesto.panel.models import Assessment, Commitment, Criterion, Score
from manifesto.rounds.models import Round
from tests.factories import make_commitment, make_criteria, make_round, make_user

FORMULAS = ("=SUM(A1:A9)", "+44 20 7946 0000", "-2 for cost", "@SUM(1)")


@dataclass
class Scored:
    round: Round
    admin: User
    first: Commitment
    second: Commitment
    criteria: list[Criterion]
    submitted: User
    drafting: User
    conflicted: User


def make_scored(slug: str = "uk-2026") -> Scored:
    admin = make_user(display_name="Ada Admin", roles=("admin",))
    round_ = make_round(slug=slug, phase="assessment")
    criteria = make_criteria(round_, admin)
    scored = [c for c in criteria if not c.is_computed]
    first = make_commitment(round_, actor=admin, title="=HYPERLINK(\"http://evil\",\"x\")")
    second = make_commitment(round_, actor=admin, title="A register of lobbyists")
    submitted = make_user(display_name="Pat Panellist", roles=("panellist",))
    drafting = make_user(display_name="@Quinn", roles=("panellist",))
    conflicted = make_user(display_name="Robin Conflicted", roles=("panellist",))
    notes = iter(FORMULAS)
    assessment.save_assessment(submitted, first, {c.id: (4, next(notes)) for c in scored},
                               submit=True, expected_version=None)
    assessment.save_assessment(submitted, second, {c.id: (2, "Plain note") for c in scored},
                               submit=True, expected_version=None)
    assessment.save_assessment(drafting, first, {scored[0].id: (5, next(notes))}, submit=False,
                               expected_version=None)
    assessment.declare_conflict(conflicted, second, "=I advise the bidder")
    return Scored(round_, admin, first, second, criteria, submitted, drafting, conflicted)


def read_xlsx(body: bytes) -> dict[str, list[tuple]]:
    workbook = load_workbook(io.BytesIO(body), read_only=True)
    return {sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)]
            for sheet in workbook.worksheets}


def _neutral(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _naive(value):
    return value.astimezone(timezone.utc).replace(tzinfo=None, microsecond=0) if value else None


def _scores_xlsx(round_) -> tuple[dict, restricted.ScoresSummary]:
    buffer = io.BytesIO()
    summary = restricted.scores_xlsx(round_, buffer)
    return read_xlsx(buffer.getvalue()), summary


def test_every_score_is_in_the_workbook_as_in_the_database():
    world = make_scored()
    sheets, summary = _scores_xlsx(world.round)
    assert list(sheets) == ["Scores", "Conflicts", "Criteria"]
    heading, *rows = sheets["Scores"]
    assert list(heading) == restricted.SCORE_HEADINGS

    expected = []
    for score, assessment_, commitment, criterion, panellist in db.session.execute(
            select(Score, Assessment, Commitment, Criterion, User)
            .join(Assessment, Assessment.id == Score.assessment_id)
            .join(Commitment, Commitment.id == Assessment.commitment_id)
            .join(Criterion, Criterion.id == Score.criterion_id)
            .join(User, User.id == Assessment.panellist_id)):
        expected.append((f"C-{commitment.id}", None, _neutral(commitment.title),
                         _neutral(panellist.display_name), panellist.id, criterion.name,
                         score.value, _neutral(score.note),
                         "submitted" if assessment_.submitted_at else "draft",
                         _naive(assessment_.submitted_at), _naive(assessment_.updated_at)))
    assert len(rows) == len(expected) == 3 + 3 + 1 == summary.scores
    assert sorted(rows, key=repr) == sorted(expected, key=repr)
    # Commitments in order, then panellists by name, criteria in their order.
    assert [row[0] for row in rows] == [f"C-{world.first.id}"] * 4 + [f"C-{world.second.id}"] * 3
    assert [row[3] for row in rows[:4]] == ["'@Quinn", "Pat Panellist", "Pat Panellist",
                                            "Pat Panellist"]
    assert rows[0][8] == "draft" and rows[0][9] is None


def test_every_formula_like_cell_is_neutralised():
    world = make_scored()
    # The services strip leading spaces; notes that begin with a tab or a
    # carriage return could still arrive from older data or an import.
    drafted = db.session.scalar(select(Assessment).where(
        Assessment.panellist_id == world.drafting.id))
    drafted.scores[0].note = "\tindented"
    world.submitted.display_name = "\rreturn"
    db.session.commit()
    sheets, _ = _scores_xlsx(world.round)
    cells = [cell for rows in sheets.values() for row in rows[1:] for cell in row
             if isinstance(cell, str)]
    assert cells
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), repr(cell)
    notes = {row[7] for row in sheets["Scores"][1:]}
    assert {"'" + formula for formula in FORMULAS[:3]} | {"'\tindented"} <= notes
    assert "'\rreturn" in {row[3] for row in sheets["Scores"][1:]}
    assert "'=HYPERLINK(\"http://evil\",\"x\")" in {row[2] for row in sheets["Scores"][1:]}
    # Numbers stay numbers.
    assert {row[6] for row in sheets["Scores"][1:]} == {2, 4, 5}


def test_conflicts_and_criteria_sheets():
    world = make_scored()
    sheets, summary = _scores_xlsx(world.round)
    assert sheets["Conflicts"][0] == tuple(restricted.CONFLICT_HEADINGS)
    [conflict] = sheets["Conflicts"][1:]
    assert conflict[:6] == (f"C-{world.second.id}", None, "A register of lobbyists",
                            "Robin Conflicted", world.conflicted.id, "'=I advise the bidder")
    assert conflict[6] is not None and summary.conflicts == 1
    criteria = sheets["Criteria"][1:]
    assert [row[0] for row in criteria] == [c.name for c in world.criteria]
    assert [row[2] for row in criteria] == [c.weight for c in world.criteria]


def test_numbers_after_publication_and_deleted_accounts():
    world = make_scored()
    world.first.number, world.second.number = 2, 1
    db.session.delete(world.submitted)
    db.session.commit()
    sheets, _ = _scores_xlsx(world.round)
    rows = sheets["Scores"][1:]
    assert [row[1] for row in rows] == [1, 1, 1, 2, 2, 2, 2]
    assert rows[0][3:5] == (restricted.DELETED_ACCOUNT, None)


def test_a_round_without_scores_gives_headings_only():
    sheets, summary = _scores_xlsx(make_round())
    assert [len(rows) for rows in sheets.values()] == [1, 1, 1]
    assert summary.scores == summary.conflicts == 0


def test_scores_of_other_rounds_are_not_included():
    world = make_scored("first")
    other = make_scored("second")
    sheets, _ = _scores_xlsx(world.round)
    references = {row[0] for row in sheets["Scores"][1:]}
    assert references == {f"C-{world.first.id}", f"C-{world.second.id}"}
    assert f"C-{other.first.id}" not in references


# --- the audit log ----------------------------------------------------------------

def read_csv(chunks) -> list[list[str]]:
    return list(csv.reader(io.StringIO("".join(chunks))))


def test_the_audit_log_csv_holds_every_event_newest_first():
    make_scored()
    heading, *rows = read_csv(restricted.audit_csv(AuditFilters(), batch=2))
    assert heading == restricted.AUDIT_HEADINGS
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).all()
    assert len(rows) == len(events) > 4  # several batches
    for row, event in zip(rows, events):
        assert row[0] == str(event.id) and row[5] == event.action
        assert row[1] == event.occurred_at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        assert row[2] == (str(event.actor_id) if event.actor_id else "")
        assert row[6] == event.target_type and row[7] == (str(event.target_id)
                                                          if event.target_id else "")
    actors = {row[3] for row in rows}
    assert "Pat Panellist" in actors and "'@Quinn" in actors
    assert any(row[4].endswith("@example.org") for row in rows)


def test_the_audit_log_csv_follows_the_filters_and_neutralises_cells():
    world = make_scored()
    filters = AuditFilters(action="panel.")
    rows = read_csv(restricted.audit_csv(filters))[1:]
    assert rows and {row[5].split(".")[0] for row in rows} == {"panel"}
    mine = read_csv(restricted.audit_csv(AuditFilters(actor="quinn")))[1:]
    assert mine and {row[2] for row in mine} == {str(world.drafting.id)}
    for row in read_csv(restricted.audit_csv(AuditFilters())):
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), repr(cell)


def test_the_audit_log_csv_of_an_empty_selection_has_headings_only():
    make_user()
    rows = read_csv(restricted.audit_csv(AuditFilters(action="nothing.like.this")))
    assert rows == [restricted.AUDIT_HEADINGS]
