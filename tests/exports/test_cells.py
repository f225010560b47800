"""Formula injection: every CSV and XLSX cell that starts with =, +, -, @, a
tab or a carriage return is neutralised — proved by opening the files the
site sends, as a spreadsheet program or a CSV reader would."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from manifesto.accounts import privacy_export
from manifesto.exports.cells import FORMULA_STARTS, safe_cell, safe_row
from tests.factories import make_idea, make_round, make_user

DANGEROUS = {
    "=": '=HYPERLINK("http://evil.example","click")',
    "+": "+1+cmd|' /C calc'!A0",
    "-": "-2+3",
    "@": "@SUM(A1:A9)",
    "\t": "\t=1+1",
    "\r": "\r=1+1",
}


def test_the_module_covers_exactly_the_dangerous_starts():
    assert set(FORMULA_STARTS) == set(DANGEROUS)


@pytest.mark.parametrize("start", DANGEROUS)
def test_text_starting_like_a_formula_gets_an_apostrophe(start):
    assert safe_cell(DANGEROUS[start]) == "'" + DANGEROUS[start]


@pytest.mark.parametrize("value", ["Open data", "", "a=b", "I-12", " =1", None, 42, -5, 3.5])
def test_everything_else_passes_unchanged(value):
    assert safe_cell(value) == value


def test_rows_and_the_privacy_export_use_the_same_rule():
    assert safe_row(["=1", 2, "ok"]) == ["'=1", 2, "ok"]
    assert privacy_export.csv_cell("@x") == "'@x"
    assert privacy_export.csv_cell(None) == ""


@pytest.fixture
def dangerous_round():
    round_ = make_round(themes=("=Theme", "Plain"))
    author = make_user()
    for start, text in DANGEROUS.items():
        make_idea(round_, author, title=f"{text} title", problem=text, proposal=text,
                  impact=text, who_should_act=text, themes=[round_.themes[0]])
    return round_


def _neutralised(value) -> bool:
    return not (isinstance(value, str) and value.startswith(FORMULA_STARTS))


def test_the_open_data_csv_neutralises_every_dangerous_cell(client, dangerous_round):
    response = client.get(f"/rounds/{dangerous_round.slug}/data/ideas.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True), newline="")))
    assert len(rows) == len(DANGEROUS)
    for row in rows:
        assert all(_neutralised(value) for value in row.values()), row
    by_problem = {row["problem"]: row for row in rows}
    for text in DANGEROUS.values():
        row = by_problem["'" + text]  # shown as the text it was, behind an apostrophe
        for column in ("title", "proposal", "impact", "who_should_act"):
            assert row[column].startswith("'" + text), column
        assert row["themes"] == "'=Theme"


def test_the_open_data_xlsx_neutralises_every_dangerous_cell(client, dangerous_round):
    response = client.get(f"/rounds/{dangerous_round.slug}/data/ideas.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data))
    sheet = workbook["Ideas"]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)  # not a single formula
    assert all(_neutralised(cell.value) for cell in cells)
    headings = [cell.value for cell in sheet[1]]
    problems = {row[headings.index("problem")] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert problems == {"'" + text for text in DANGEROUS.values()}


def test_the_manifesto_csv_neutralises_dangerous_cells(client, published):
    response = client.get(f"/rounds/{published.round.slug}/manifesto.csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True), newline="")))
    assert all(_neutralised(value) for row in rows for value in row.values())
    # A "We call for" cell starts with a safe bullet; the dangerous one is inside.
    assert "=cmd|' /C calc'!A0" in rows[0]["we_call_for"]
