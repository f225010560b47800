"""The workshop sheet template, as CSV (headings only: any row would import)
and as XLSX (headings, then a "How to fill this in" sheet)."""

from __future__ import annotations

import csv
import io

from manifesto.ideas.models import SCOPES
from manifesto.workshops.models import DOTS_MAX
from manifesto.workshops.sheets import COLUMNS, HEADINGS

GUIDANCE = {
    # column key: (when to fill it in, what to write, example)
    "reference": ("For an idea already on the site",
                  "Its code from the tally sheet or the idea's page. Leave blank for a new idea.",
                  "I-42"),
    "title": ("Required for a new idea", "A short name for the idea (120 characters at most).",
              "Open contracts"),
    "problem": ("Optional", "What happens now, and why it is a problem.",
                "Councils do not publish their contracts."),
    "proposal": ("Required for a new idea", "What the next government should commit to.",
                 "Publish every public contract over £10,000 as open data."),
    "impact": ("Optional", "What would change if it did.", "People can see where money goes."),
    "who_should_act": ("Optional", "The department or body that should do it.",
                       "Cabinet Office"),
    "scope": ("Optional", "Where it applies: " + ", ".join(SCOPES.values())
              + ". Blank means UK-wide.", "Wales"),
    "themes": ("Optional", "This round's theme names, separated by semicolons. Any capitals "
               "will do.", "Open data; Anti-corruption"),
    "dots": ("Optional", f"Dot votes the idea got at this workshop: a whole number (0 to "
             f"{DOTS_MAX:,}). It replaces the workshop's count for the idea; "
             "uploading the same number again changes nothing.", "12"),
    "comment": ("Optional", "A remark from the room about the idea.",
                "Start with the biggest contracts."),
    "workshop_date": ("Optional", "The day of the workshop, day first. If given it must "
                      "match the workshop you upload to.", "14/03/2027"),
}
NOTES = (
    "One row per idea. The first row must keep these headings (any capitals; columns you "
    "do not need may be deleted, except Reference, Title and What government should commit to).",
    "A row with a Reference adds dots and/or a comment to that idea.",
    "A row without a Reference is a new idea from the workshop: Title and What government "
    "should commit to are required; Dots and Comment then apply to the new idea.",
    "Uploading the same sheet again creates no duplicates: rows already in are counted, not "
    "added twice.",
    "Cells are never worked out as formulas: a cell starting with =, +, - or @ is kept as text.",
    "Save as .xlsx or as CSV (CSV UTF-8 is best). You will see a preview of every row before "
    "anything is saved.",
)


def template_csv() -> bytes:
    """Headings only, UTF-8 with a byte-order mark so Excel shows £ and é."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow([column.heading for column in COLUMNS])
    return out.getvalue().encode("utf-8-sig")


def template_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = "Ideas"
    sheet.append([column.heading for column in COLUMNS])
    sheet.freeze_panes = "A2"
    widths = {"reference": 12, "title": 30, "problem": 40, "proposal": 40, "impact": 30,
              "who_should_act": 22, "scope": 16, "themes": 28, "dots": 8, "comment": 40,
              "workshop_date": 14}
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[letter].width = widths[column.key]
        if column.key == "scope":
            scopes = DataValidation(type="list", formula1='"' + ",".join(SCOPES.values()) + '"',
                                    allow_blank=True)
            scopes.add(f"{letter}2:{letter}5000")
            sheet.add_data_validation(scopes)
    guide = book.create_sheet("How to fill this in")
    guide.append(["Column", "When", "What to write", "Example"])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        when, what, example = GUIDANCE[column.key]
        # The example is text: a leading = or - must not become a formula.
        guide.append([HEADINGS[column.key], when, what, example])
        guide.cell(row=guide.max_row, column=4).data_type = "s"
    guide.append([])
    for note in NOTES:
        guide.append([note])
    for letter, width in zip("ABCD", (30, 24, 70, 40)):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
