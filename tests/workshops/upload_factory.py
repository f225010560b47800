"""Workshop sheets for tests: CSV and XLSX bytes built from rows, and a
stored upload (used by tests/route_walk.py for the ``upload_id`` argument)."""

from __future__ import annotations

import csv
import io

from manifesto.workshops.sheets import COLUMNS

HEADER = [column.heading for column in COLUMNS]


def row(**values) -> list:
    """One row in template order from column keys: row(title=…, proposal=…, dots=3)."""
    return [values.get(column.key, "") for column in COLUMNS]


def csv_bytes(rows, header=HEADER, encoding: str = "utf-8", bom: bool = False,
              delimiter: str = ",") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    data = out.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(rows, header=HEADER, formulas: dict[str, str] | None = None) -> bytes:
    """An XLSX whose first sheet holds header + rows; ``formulas`` puts real
    formula cells in place (cell reference → "=…")."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    if header is not None:
        sheet.append(header)
    for values in rows:
        sheet.append(values)
    for ref, formula in (formulas or {}).items():
        sheet[ref] = formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload_for(workshop):
    """The workshop's first upload, stored through the real service if none."""
    from sqlalchemy import select

    from manifesto.extensions import db
    from manifesto.workshops.import_uploads import store_upload
    from manifesto.workshops.upload_models import WorkshopUpload

    existing = db.session.scalar(select(WorkshopUpload).where(
        WorkshopUpload.workshop_id == workshop.id).order_by(WorkshopUpload.id).limit(1))
    if existing is not None:
        return existing
    content = csv_bytes([row(title="Open the books", proposal="Publish all spending.", dots=4)])
    return store_upload(workshop.owner, workshop, "workshop.csv", content)
