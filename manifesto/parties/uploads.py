"""Uploaded party response sheets: keep the file, preview it, confirm it once,
through the same steps as a workshop sheet (``workshops/import_uploads.py``)."""

from __future__ import annotations

import io

from sqlalchemy import select

from manifesto.extensions import db
from manifesto.parties.models import ResponseUpload
from manifesto.parties.sheet_import import ResponseSheet, Summary, apply_sheet, check_sheet
from manifesto.timeutil import utcnow
from manifesto.workshops.import_uploads import (
    Preview, apply_upload, check_upload, clean_filename, keep_upload, sheet_limits,
)
from manifesto.workshops.sheets import open_sheet


def _opener(content: bytes, filename: str):
    return lambda: open_sheet(io.BytesIO(content), filename, sheet_limits(), kind=ResponseSheet)


def store_upload(actor, round_, filename: str | None, content: bytes) -> ResponseUpload:
    """Keep a sheet for preview; one that cannot be read as a response sheet
    (type, size, headings, row count) is refused with a SheetError, unstored."""
    name = clean_filename(filename)
    upload = ResponseUpload(round_id=round_.id, uploaded_by_id=getattr(actor, "id", None),
                            filename=name, content=content, size=len(content),
                            created_at=utcnow())
    return keep_upload(actor, upload, _opener(content, name), "party_responses.sheet_uploaded",
                       {"round_id": round_.id, "filename": name, "size": len(content)})


def find_upload(round_, upload_id: int) -> ResponseUpload | None:
    return db.session.scalar(select(ResponseUpload).where(
        ResponseUpload.id == upload_id, ResponseUpload.round_id == round_.id))


def recent_uploads(round_, limit: int = 20) -> list[ResponseUpload]:
    return list(db.session.scalars(
        select(ResponseUpload).where(ResponseUpload.round_id == round_.id)
        .order_by(ResponseUpload.created_at.desc(), ResponseUpload.id.desc()).limit(limit)))


def preview_upload(upload: ResponseUpload) -> Preview:
    """What confirming would do now, row by row (writes nothing)."""
    return check_upload(_opener(upload.content, upload.filename),
                        lambda sheet, on_row: check_sheet(upload.round, sheet, on_row), Summary)


def confirm_upload(actor, upload: ResponseUpload) -> Preview:
    """Check the sheet again and import it, all or nothing, once. Raises
    AlreadyApplied or ImportRefused; a Preview that is not ``ok`` when rows
    are wrong (nothing saved)."""
    def apply(sheet, on_row, claim, record):
        return apply_sheet(actor, upload.round, sheet, on_row,
                           details={"upload_id": upload.id, "filename": upload.filename},
                           before_rows=claim, after_rows=record)

    return apply_upload(upload, _opener(upload.content, upload.filename), apply, Summary)
