"""Reading a workshop sheet (CSV or XLSX) into rows of cell values.

Only the file itself is judged here: its type, size, encoding, headings and
row count. What the rows mean is decided in ``imports.py``.

Rows are streamed: a sheet is never held in memory as a whole. Row numbers
are the spreadsheet's own (the heading row is row 1, blank rows count).
Nothing is ever evaluated: a cell starting with =, +, - or @ is text, and
an XLSX formula cell gives its formula as text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import IO, Any, Iterator

from openpyxl.utils import get_column_letter

from manifesto.workshops.sheet_readers import (  # noqa: F401  (SheetError is this API's too)
    SAVE_AS, SheetError, csv_cells, xlsx_cells,
)


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    aliases: tuple[str, ...] = ()


#: The template's columns, in order (aliases: older or shorter headings).
COLUMNS = (
    Column("reference", "Reference", ("ref", "idea reference", "code")),
    Column("title", "Title"),
    Column("problem", "Current situation", ("problem",)),
    Column("proposal", "What government should commit to", ("proposal", "commit to")),
    Column("impact", "Expected impact", ("impact",)),
    Column("who_should_act", "Who should act"),
    Column("scope", "Scope"),
    Column("themes", "Themes", ("theme",)),
    Column("dots", "Dots", ("dot votes",)),
    Column("comment", "Comment", ("comments",)),
    Column("workshop_date", "Workshop date", ("date",)),
)
HEADINGS = {column.key: column.heading for column in COLUMNS}
CSV_EXTENSIONS = (".csv", ".txt", ".tsv")
XLSX_EXTENSIONS = (".xlsx", ".xlsm")
_MAX_BLANK_ROWS = 100_000


@dataclass(frozen=True)
class SheetLimits:
    max_bytes: int = 5 * 1024 * 1024
    max_rows: int = 20_000
    max_expanded_bytes: int = 100 * 1024 * 1024
    max_ratio: int = 200

    @classmethod
    def from_config(cls, config) -> "SheetLimits":
        return cls(
            max_bytes=config["WORKSHOP_UPLOAD_MAX_BYTES"],
            max_rows=config["WORKSHOP_UPLOAD_MAX_ROWS"],
            max_expanded_bytes=config["WORKSHOP_UPLOAD_MAX_EXPANDED_BYTES"],
            max_ratio=config["WORKSHOP_UPLOAD_MAX_RATIO"],
        )


@dataclass
class SheetRow:
    number: int
    values: dict[str, Any]  # column key → str, or a date from an XLSX date cell
    unlabelled: list[str] = field(default_factory=list)  # letters of filled cells with no heading


def megabytes(size: int) -> str:
    """5 MB, 1.2 MB, or 900 KB for less than a megabyte."""
    if size < 1024 * 1024:
        return f"{-(-size // 1024)} KB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")


def _normalised_heading(value: Any) -> str:
    text = " ".join(str(value if value is not None else "").split()).casefold()
    return text.strip(" *:")


def heading_keys(columns: tuple[Column, ...]) -> dict[str, str]:
    """Every heading a column may have (normalised) → its key."""
    return {_normalised_heading(name): column.key
            for column in columns for name in (column.heading,) + column.aliases}


_HEADING_KEYS = heading_keys(COLUMNS)


def _size(stream: IO[bytes]) -> int:
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    return size


class Sheet:
    """An opened sheet whose headings are known; iterate ``rows()`` once.

    Other kinds of sheet (e.g. party responses) subclass it with their own
    ``heading_keys``, ``headings`` and ``check_required``."""

    heading_keys = _HEADING_KEYS
    headings = HEADINGS

    def __init__(self, kind: str, cells: Iterator[list[Any]], limits: SheetLimits,
                 closer=None):
        self.kind = kind
        self._cells = cells
        self._limits = limits
        self._closer = closer
        self.columns, self._unlabelled = self._read_headings()

    def __enter__(self) -> "Sheet":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._closer is not None:
            self._closer()
            self._closer = None

    def _read_headings(self) -> tuple[dict[str, int], list[int]]:
        first = next(self._cells, None)
        if first is None or all(_blank(value) for value in first):
            raise SheetError("The first row is empty. Row 1 must hold the column headings, "
                             "as in the template.")
        self._width = len(first)
        columns: dict[str, int] = {}
        unknown, unlabelled = [], []
        for index, value in enumerate(first):
            heading = _normalised_heading(value)
            if not heading:
                unlabelled.append(index)
                continue
            key = self.heading_keys.get(heading)
            if key is None:
                unknown.append(str(value).strip())
            elif key in columns:
                raise SheetError(
                    f"The column “{self.headings[key]}” appears twice (columns "
                    f"{get_column_letter(columns[key] + 1)} and {get_column_letter(index + 1)}). "
                    "Delete one of them.")
            else:
                columns[key] = index
        if unknown:
            names = ", ".join(f"“{name}”" for name in unknown)
            raise SheetError(
                f"Unknown column{'s' if len(unknown) > 1 else ''}: {names}. Use the template's "
                f"headings ({', '.join(self.headings.values())}), or delete "
                f"{'those columns' if len(unknown) > 1 else 'that column'}.")
        self.check_required(columns)
        return columns, unlabelled

    def check_required(self, columns: dict[str, int]) -> None:
        _check_required(columns)

    def rows(self) -> Iterator[SheetRow]:
        """The non-blank rows under the headings, numbered as the spreadsheet shows them."""
        counted = blanks = 0
        for number, cells in enumerate(self._cells, start=2):
            if all(_blank(value) for value in cells):
                blanks += 1
                if blanks > _MAX_BLANK_ROWS:
                    raise SheetError("The sheet has too many empty rows. Delete them and "
                                     "upload it again.")
                continue
            counted += 1
            if counted > self._limits.max_rows:
                raise SheetError(f"The sheet has more than {self._limits.max_rows:,} rows. "
                                 "Split it into smaller sheets and upload each one.")
            values = {key: cells[index] if index < len(cells) else ""
                      for key, index in self.columns.items()}
            unlabelled = [get_column_letter(index + 1) for index in self._unlabelled
                          if index < len(cells) and not _blank(cells[index])]
            unlabelled += [get_column_letter(index + 1)
                           for index in range(self._width, len(cells)) if not _blank(cells[index])]
            yield SheetRow(number, values, unlabelled)


def _check_required(columns: dict[str, int]) -> None:
    has_new = "title" in columns or "proposal" in columns
    if "reference" not in columns and not has_new:
        raise SheetError(
            "The sheet has none of the columns “Reference”, “Title” or “What government "
            "should commit to”. Row 1 must hold the template's headings: download the "
            "template and copy your rows into it.")
    for key, partner in (("title", "proposal"), ("proposal", "title")):
        if key in columns and partner not in columns:
            raise SheetError(
                f"The sheet has a “{HEADINGS[key]}” column but no “{HEADINGS[partner]}” "
                "column: new ideas need both. Add the missing column (see the template).")
    if not has_new and "dots" not in columns and "comment" not in columns:
        raise SheetError("The sheet has a “Reference” column but no “Dots” or “Comment” "
                         "column, so there is nothing to add. Add one of them.")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- opening ---------------------------------------------------------------------

def open_sheet(stream: IO[bytes], filename: str, limits: SheetLimits | None = None,
               kind: type[Sheet] = Sheet) -> Sheet:
    """Open ``stream`` (binary, seekable) as a CSV or XLSX sheet of ``kind``
    (a workshop sheet unless told); raises SheetError."""
    limits = limits or SheetLimits()
    size = _size(stream)
    if size == 0:
        raise SheetError("The file is empty. Fill in the template and upload it again.")
    if size > limits.max_bytes:
        raise SheetError(f"The file is {megabytes(size)}; the limit is "
                         f"{megabytes(limits.max_bytes)}. Split the sheet into smaller ones.")
    head = stream.read(8)
    stream.seek(0)
    name = (filename or "").strip().lower()
    extension = name[name.rfind("."):] if "." in name else ""
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise SheetError("This is an old Excel file (.xls) or a password-protected workbook, "
                         "which cannot be read. Save it as .xlsx (Excel Workbook) or CSV, "
                         "without a password, and upload it again.")
    if head.startswith(b"PK\x03\x04"):
        cells, closer = xlsx_cells(stream, limits.max_expanded_bytes, limits.max_ratio)
        return kind("xlsx", cells, limits, closer)
    if extension in XLSX_EXTENSIONS:
        raise SheetError("This file is not a valid Excel workbook. " + SAVE_AS)
    if extension and extension not in CSV_EXTENSIONS:
        raise SheetError(f"A {extension} file cannot be read. " + SAVE_AS)
    cells, closer = csv_cells(stream)
    return kind("csv", cells, limits, closer)
