"""Uploaded workshop sheets: keep the file, preview it, confirm it once.

The steps themselves (:func:`keep_upload`, :func:`check_upload`,
:func:`apply_upload`) serve any kind of sheet; the party response sheet
uses them too."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any, Callable

from flask import current_app
from sqlalchemy import select, update

from manifesto import audit
from manifesto.extensions import db
from manifesto.timeutil import utcnow
from manifesto.workshops.imports import (
    ImportFailed,
    ImportSummary,
    RowOutcome,
    RowProblem,
    apply_sheet,
    check_sheet,
)
from manifesto.workshops.models import Workshop
from manifesto.workshops.sheets import SheetError, SheetLimits, open_sheet
from manifesto.workshops.upload_models import FILENAME_MAX, WorkshopUpload


class AlreadyApplied(Exception):
    """The upload was imported before: nothing more was done."""


@dataclass
class Preview:
    summary: ImportSummary
    rows: list[RowOutcome] = field(default_factory=list)
    error: str | None = None  # the file as a whole could not be read

    @property
    def problems(self) -> list[RowProblem]:
        return [problem for row in self.rows for problem in row.problems]

    @property
    def ok(self) -> bool:
        return self.error is None and self.summary.ok


def sheet_limits() -> SheetLimits:
    return SheetLimits.from_config(current_app.config)


def clean_filename(filename: str | None) -> str:
    """The file's own name (browsers may send a path), one line, not too long."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = " ".join(name.split())
    return name[-FILENAME_MAX:] or "sheet"


def keep_upload(actor, upload, opened: Callable[[], Any], action: str,
                details: dict[str, Any]):
    """Keep an uploaded sheet (any kind) for preview. ``opened()`` opens it;
    it is read through once first, so a file that is not a readable sheet
    (type, size, headings, row count) is refused with a SheetError and never
    stored. Audited as ``action``; one transaction."""
    with opened() as sheet:
        for _row in sheet.rows():
            pass
    try:
        db.session.add(upload)
        db.session.flush()
        audit.record(actor, action, upload, None, details)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return upload


def store_upload(actor, workshop: Workshop, filename: str | None, content: bytes) -> WorkshopUpload:
    """Keep a workshop sheet for preview (SheetError when it cannot be read)."""
    name = clean_filename(filename)
    upload = WorkshopUpload(workshop_id=workshop.id, uploaded_by_id=getattr(actor, "id", None),
                            filename=name, content=content, size=len(content),
                            created_at=utcnow())
    return keep_upload(actor, upload, lambda: open_sheet(io.BytesIO(content), name, sheet_limits()),
                       "workshop.sheet_uploaded",
                       {"workshop_id": workshop.id, "filename": name, "size": len(content)})


def find_upload(workshop: Workshop, upload_id: int) -> WorkshopUpload | None:
    return db.session.scalar(select(WorkshopUpload).where(
        WorkshopUpload.id == upload_id, WorkshopUpload.workshop_id == workshop.id))


def recent_uploads(workshop: Workshop, limit: int = 20) -> list[WorkshopUpload]:
    return list(db.session.scalars(
        select(WorkshopUpload).where(WorkshopUpload.workshop_id == workshop.id)
        .order_by(WorkshopUpload.created_at.desc(), WorkshopUpload.id.desc()).limit(limit)
    ))


def _opened(upload: WorkshopUpload):
    return open_sheet(io.BytesIO(upload.content), upload.filename, sheet_limits())


def check_upload(opened: Callable[[], Any], check: Callable, empty: Callable[[], Any]) -> Preview:
    """What confirming an upload would do now, row by row (writes nothing):
    ``check(sheet, on_row)`` returns the summary; ``empty()`` is a blank one."""
    preview = Preview(empty())
    try:
        with opened() as sheet:
            preview.summary = check(sheet, preview.rows.append)
    except SheetError as error:
        return Preview(empty(), error=error.message)
    return preview


def apply_upload(upload, opened: Callable[[], Any], apply: Callable,
                 empty: Callable[[], Any]) -> Preview:
    """Check an upload again and import it, all or nothing, once.

    ``apply(sheet, on_row, claim, record)`` imports in one transaction,
    calling ``claim()`` first (which marks the upload applied, or raises
    AlreadyApplied) and ``record(summary)`` last. Raises AlreadyApplied or
    ImportRefused, or returns a Preview that is not ``ok`` when rows are
    wrong (nothing saved)."""
    if upload.applied_at is not None:
        raise AlreadyApplied()
    uploads = type(upload).__table__
    preview = Preview(empty())

    def claim() -> None:
        claimed = db.session.execute(
            update(uploads).where(uploads.c.id == upload.id, uploads.c.applied_at.is_(None))
            .values(applied_at=utcnow())
        ).rowcount
        if not claimed:
            raise AlreadyApplied()

    def record(summary) -> None:
        db.session.execute(update(uploads).where(uploads.c.id == upload.id)
                           .values(summary=summary.as_dict()))

    try:
        with opened() as sheet:
            preview.summary = apply(sheet, preview.rows.append, claim, record)
    except SheetError as error:
        return Preview(empty(), error=error.message)
    except ImportFailed as failed:
        preview.summary = failed.summary
    db.session.expire(upload)
    return preview


def preview_upload(upload: WorkshopUpload) -> Preview:
    """What confirming would do now, row by row (writes nothing)."""
    return check_upload(lambda: _opened(upload),
                        lambda sheet, on_row: check_sheet(upload.workshop, sheet, on_row),
                        ImportSummary)


def confirm_upload(actor, upload: WorkshopUpload) -> Preview:
    """Check the sheet again and import it, all or nothing, once.

    Raises AlreadyApplied, ImportRefused (input closed, a clash), or returns
    a Preview whose ``ok`` is False when rows are wrong (nothing saved)."""
    def apply(sheet, on_row, claim, record):
        return apply_sheet(
            actor, upload.workshop, sheet, on_row,
            details={"upload_id": upload.id, "filename": upload.filename, "via": "upload"},
            before_rows=claim, after_rows=record)

    return apply_upload(upload, lambda: _opened(upload), apply, ImportSummary)
