"""Reading the two file types a workshop sheet comes in, as rows of cells.

CSV: UTF-8 with or without a byte-order mark, or Windows-1252 (Excel's
"CSV" on Windows), with any separator Excel writes. XLSX: the first
worksheet, read-only, formulas as their text; the zip is checked before
openpyxl opens it, so a workbook that would expand to far more than a
sheet holds (a "zip bomb") is refused unread.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import warnings
import zipfile
from datetime import date, datetime
from typing import IO, Any, Callable, Iterator

SAVE_AS = "Save it as .xlsx (Excel Workbook) or CSV and upload it again."
_CHUNK = 64 * 1024
Opened = tuple[Iterator[list[Any]], Callable[[], Any]]


class SheetError(Exception):
    """The file as a whole cannot be read: ``message`` says why and what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def xlsx_cells(stream: IO[bytes], max_expanded_bytes: int, max_ratio: int) -> Opened:
    """The first worksheet's rows, once the zip has been checked for size."""
    try:
        with zipfile.ZipFile(stream) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise SheetError("This file is damaged or is not an Excel workbook. " + SAVE_AS) from None
    names = {entry.filename for entry in entries}
    if "xl/workbook.xml" not in names:
        raise SheetError("This file is not an Excel workbook (it may be from another program). "
                         + SAVE_AS)
    expanded = sum(entry.file_size for entry in entries)
    squeezed = any(entry.file_size > 1024 * 1024
                   and entry.file_size > max_ratio * max(entry.compress_size, 1)
                   for entry in entries)
    if len(entries) > 10_000 or expanded > max_expanded_bytes or squeezed:
        raise SheetError("This workbook would expand to far more data than a workshop sheet "
                         "holds, so it was not opened. Copy your rows into the template and "
                         "upload that.")
    stream.seek(0)
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(stream, read_only=True, data_only=False)
            sheet = book.worksheets[0]
            sheet.reset_dimensions()  # read every row, whatever the file claims
    except Exception:  # openpyxl raises many kinds on a broken file
        raise SheetError("This workbook could not be opened. " + SAVE_AS) from None

    def cells() -> Iterator[list[Any]]:
        rows = sheet.iter_rows(values_only=True)
        while True:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    row = next(rows)
            except StopIteration:
                return
            except Exception:
                raise SheetError("Part of this workbook could not be read. " + SAVE_AS) from None
            yield [_xlsx_value(value) for value in row]

    return cells(), book.close


def _xlsx_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _detect_encoding(stream: IO[bytes]) -> str:
    """'utf-8-sig' when the whole file is UTF-8 (with or without BOM), else
    'cp1252' (Excel's "CSV" on Windows). Reads the file once, in chunks."""
    for encoding in ("utf-8-sig", "cp1252"):
        stream.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            while chunk := stream.read(_CHUNK):
                if b"\x00" in chunk:
                    raise SheetError("This file is not a CSV file or an Excel workbook. "
                                     + SAVE_AS)
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        stream.seek(0)
        return encoding
    raise SheetError("The characters in this file could not be read. Save it as "
                     "“CSV UTF-8” or as .xlsx and upload it again.")


def _delimiter(header: str) -> str:
    """The separator Excel used (comma; semicolon or tab in some locales)."""
    outside, quoted = [], False
    for character in header:
        if character == '"':
            quoted = not quoted
        elif not quoted:
            outside.append(character)
    counts = {d: outside.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def csv_cells(stream: IO[bytes]) -> Opened:
    """The rows of a CSV in UTF-8 (BOM or not) or Windows-1252, any Excel separator."""
    encoding = _detect_encoding(stream)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    header = text.readline()
    reader = csv.reader(itertools.chain([header], text), delimiter=_delimiter(header))

    def cells() -> Iterator[list[Any]]:
        number = 0
        try:
            for number, row in enumerate(reader, start=1):
                yield row
        except csv.Error as error:
            raise SheetError(f"Row {number + 1} could not be read ({error}). Check that row's "
                             "quotation marks, or save the sheet as .xlsx.") from None

    return cells(), text.detach
