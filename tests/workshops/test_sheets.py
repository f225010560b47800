"""Reading workshop sheets as spreadsheets really produce them."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest

from manifesto.workshops import import_template
from manifesto.workshops.sheets import HEADINGS, SheetError, SheetLimits, open_sheet
from tests.workshops.upload_factory import HEADER, csv_bytes, row, xlsx_bytes

FILES = Path(__file__).parent / "files"


def read(content: bytes, filename: str = "sheet.csv", limits: SheetLimits | None = None):
    with open_sheet(io.BytesIO(content), filename, limits) as sheet:
        return [(r.number, r.values) for r in sheet.rows()]


def refused(content: bytes, filename: str = "sheet.csv", limits: SheetLimits | None = None) -> str:
    with pytest.raises(SheetError) as error:
        read(content, filename, limits)
    return error.value.message


@pytest.mark.parametrize("bom", [False, True], ids=["no BOM", "BOM"])
def test_utf8_with_or_without_bom(bom):
    content = csv_bytes([row(title="Café – £5", proposal="Crème brûlée for all")], bom=bom)
    [(number, values)] = read(content)
    assert number == 2
    assert values["title"] == "Café – £5"
    assert values["reference"] == ""  # the BOM did not stick to the first heading


def test_windows_1252_csv_from_excel():
    [(number, values)] = read((FILES / "excel_windows.csv").read_bytes())
    assert values["title"] == "Café prices"
    assert values["proposal"] == "Cap the cost of a café lunch at £5 – for everyone"
    assert values["impact"] == "Fewer “surprises”"
    assert values["comment"] == "Très bien"


@pytest.mark.parametrize("delimiter", [";", "\t"], ids=["semicolon", "tab"])
def test_excel_delimiters_other_than_comma(delimiter):
    content = csv_bytes([row(title="A, with comma", proposal="B", dots="3")], delimiter=delimiter)
    [(_number, values)] = read(content)
    assert (values["title"], values["dots"]) == ("A, with comma", "3")


def test_blank_rows_are_skipped_and_rows_keep_the_spreadsheets_numbers():
    content = csv_bytes([row(title="First", proposal="P"), ["", "", ""], [], [" ", "  "],
                         row(title="Fifth row", proposal="P")])
    assert [(n, v["title"]) for n, v in read(content)] == [(2, "First"), (6, "Fifth row")]


def test_a_quoted_cell_over_several_lines_is_one_row():
    content = csv_bytes([row(title="T", proposal="Line one\nLine two"), row(title="U", proposal="P")])
    assert [(n, v["proposal"]) for n, v in read(content)] == [
        (2, "Line one\nLine two"), (3, "P")]


def test_headings_match_without_regard_to_case_spacing_or_old_names():
    header = ["  REFERENCE ", "title", "Problem", "proposal", "Impact", "who  should act",
              "scope", "THEMES", "dots", "Comment ", "Date"]
    [(_n, values)] = read(csv_bytes([["I-4", "T", "S", "P", "I", "W", "Wales", "x", "1", "C",
                                      "14/03/2027"]], header=header))
    assert values == {"reference": "I-4", "title": "T", "problem": "S", "proposal": "P",
                      "impact": "I", "who_should_act": "W", "scope": "Wales", "themes": "x",
                      "dots": "1", "comment": "C", "workshop_date": "14/03/2027"}


def test_columns_may_be_left_out_and_reordered():
    [(_n, values)] = read(csv_bytes([["5", "I-9"]], header=["Dots", "Reference"]))
    assert values == {"dots": "5", "reference": "I-9"}


def test_unknown_columns_are_named():
    message = refused(csv_bytes([], header=HEADER + ["Votes2", "Notes"]))
    assert "Unknown columns: “Votes2”, “Notes”" in message
    assert "Reference, Title" in message  # says what the headings should be


def test_missing_required_columns_are_explained():
    message = refused(csv_bytes([["T"]], header=["Title"]))
    assert "no “What government should commit to” column" in message
    message = refused(csv_bytes([["x"]], header=["Comment"]))
    assert "“Reference”, “Title” or “What government should commit to”" in message
    message = refused(csv_bytes([["I-1"]], header=["Reference"]))
    assert "no “Dots” or “Comment” column" in message


def test_a_repeated_heading_is_refused():
    message = refused(csv_bytes([], header=["Reference", "Dots", "dots"]))
    assert "“Dots” appears twice (columns B and C)" in message


def test_an_empty_file_or_empty_first_row_is_refused():
    assert "empty" in refused(b"")
    assert "Row 1 must hold the column headings" in refused(b"\r\n,,\r\nI-1,3\r\n")


def test_old_xls_is_refused_with_what_to_do():
    message = refused((FILES / "old_excel.xls").read_bytes(), "workshop.xls")
    assert "old Excel file (.xls)" in message and "Save it as .xlsx" in message


@pytest.mark.parametrize("filename,content", [
    ("sheet.ods", b"PK\x03\x04 not really"),
    ("notes.pdf", b"%PDF-1.4 ..."),
    ("picture.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"),
    ("sheet.xlsx", b"Reference,Dots\r\nI-1,3\r\n"),
], ids=["ods", "pdf", "binary named csv", "csv named xlsx"])
def test_files_that_are_neither_csv_nor_xlsx_are_refused(filename, content):
    assert "Save it as .xlsx" in refused(content, filename)


def test_oversize_files_and_too_many_rows_are_refused():
    content = csv_bytes([row(title=f"Idea {n}", proposal="P") for n in range(50)])
    assert "the limit is" in refused(content, limits=SheetLimits(max_bytes=len(content) - 1))
    message = refused(content, limits=SheetLimits(max_rows=49))
    assert "more than 49 rows" in message and "Split it" in message
    assert len(read(content, limits=SheetLimits(max_rows=50))) == 50


def _zip_with(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_zip_bomb_is_refused_before_the_workbook_is_opened(monkeypatch):
    import openpyxl

    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not open a refused workbook")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    squeezed = _zip_with({"xl/workbook.xml": b"<workbook/>",
                          "xl/worksheets/sheet1.xml": b"\x00" * (4 * 1024 * 1024)})
    assert len(squeezed) < 50_000
    assert "would expand" in refused(squeezed, "bomb.xlsx")
    large = _zip_with({"xl/workbook.xml": b"<workbook/>",
                       "xl/worksheets/sheet1.xml": bytes(range(256)) * 8000})
    assert "would expand" in refused(large, "big.xlsx",
                                     SheetLimits(max_expanded_bytes=1024 * 1024))


def test_a_zip_that_is_not_a_workbook_is_refused():
    assert "not an Excel workbook" in refused(_zip_with({"word/document.xml": b"<w/>"}), "a.xlsx")
    assert "damaged" in refused(b"PK\x03\x04" + b"\x00" * 100, "a.xlsx")


def test_xlsx_cells_are_read_as_text_formulas_included():
    content = xlsx_bytes(
        [row(reference=42, title="=HYPERLINK(\"http://x\")", proposal="+44 20 7946 0000",
             dots=12.0, comment="@everyone -- said so", workshop_date=date(2027, 3, 14)),
         [], row(title="Third", proposal="P", dots=3)],
        formulas={"I2": "=2+3"})
    rows = read(content, "sheet.xlsx")
    assert [n for n, _v in rows] == [2, 4]
    values = rows[0][1]
    assert values["reference"] == "42"
    assert values["title"] == "=HYPERLINK(\"http://x\")"
    assert values["proposal"] == "+44 20 7946 0000"
    assert values["dots"] == "=2+3"  # the formula as typed, never worked out
    assert values["comment"] == "@everyone -- said so"
    assert values["workshop_date"] == date(2027, 3, 14)


def test_csv_cells_starting_with_formula_characters_stay_text():
    [(_n, values)] = read(csv_bytes([row(title="=1+1", proposal="-minus", comment="@at")]))
    assert (values["title"], values["proposal"], values["comment"]) == ("=1+1", "-minus", "@at")


def test_a_filled_cell_without_a_heading_is_reported():
    content = csv_bytes([["T", "P", "", "stray"]], header=["Title", "Proposal", "", ""])
    with open_sheet(io.BytesIO(content), "s.csv") as sheet:
        [sheet_row] = list(sheet.rows())
    assert sheet_row.unlabelled == ["D"]


def test_the_templates_have_the_headings_and_read_back_cleanly():
    csv_template = import_template.template_csv()
    assert csv_template.startswith(b"\xef\xbb\xbf")
    assert csv_template.decode("utf-8-sig").strip() == ",".join(HEADINGS.values())
    assert read(csv_template) == []

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(import_template.template_xlsx()))
    assert book.sheetnames == ["Ideas", "How to fill this in"]
    assert [cell.value for cell in book["Ideas"][1]] == list(HEADINGS.values())
    guide = [cell.value for cell in book["How to fill this in"]["A"]]
    assert "Reference" in guide and "Workshop date" in guide
    assert read(import_template.template_xlsx(), "template.xlsx") == []
