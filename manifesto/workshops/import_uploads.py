"""Uploaded workshop sheets: keep the file, preview it, confirm it once."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

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

_uploads = WorkshopUpload.__table__


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


def store_upload(actor, workshop: Workshop, filename: str | None, content: bytes) -> WorkshopUpload:
    """Keep a sheet for preview. The file is read through once first, so one
    that is not a readable sheet (type, size, headings, row count) is refused
    here with a SheetError and never stored."""
    name = clean_filename(filename)
    with open_sheet(io.BytesIO(content), name, sheet_limits()) as sheet:
        for _row in sheet.rows():
            pass
    upload = WorkshopUpload(workshop_id=workshop.id, uploaded_by_id=getattr(actor, "id", None),
                            filename=name, content=content, size=len(content),
                            created_at=utcnow())
    try:
        db.session.add(upload)
        db.session.flush()
        audit.record(actor, "workshop.sheet_uploaded", upload, None,
                     {"workshop_id": workshop.id, "filename": name, "size": len(content)})
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return upload


def find_upload(workshop: Workshop, upload_id: int) -> WorkshopUpload | None:
    return db.session.scalar(select(WorkshopUpload).where(
        WorkshopUpload.id == upload_id, WorkshopUpload.workshop_id == workshop.id))


def recent_uploads(workshop: Workshop, limit: int = 20) -> list[WorkshopUpload]:
    return list(db.session.scalars(
        select(WorkshopUpload).where(WorkshopUpload.workshop_id == workshop.id)
        .order_by(WorkshopUpload.created_at.desc(), WorkshopUpload.id.desc()).limit(limit)
    ))


def preview_upload(upload: WorkshopUpload) -> Preview:
    """What confirming would do now, row by row (writes nothing)."""
    preview = Preview(ImportSummary())
    try:
        with open_sheet(io.BytesIO(upload.content), upload.filename, sheet_limits()) as sheet:
            preview.summary = check_sheet(upload.workshop, sheet, preview.rows.append)
    except SheetError as error:
        return Preview(ImportSummary(), error=error.message)
    return preview


def confirm_upload(actor, upload: WorkshopUpload) -> Preview:
    """Check the sheet again and import it, all or nothing, once.

    Raises AlreadyApplied, ImportRefused (input closed, a clash), or returns
    a Preview whose ``ok`` is False when rows are wrong (nothing saved)."""
    if upload.applied_at is not None:
        raise AlreadyApplied()
    preview = Preview(ImportSummary())

    def claim() -> None:
        claimed = db.session.execute(
            update(_uploads).where(_uploads.c.id == upload.id, _uploads.c.applied_at.is_(None))
            .values(applied_at=utcnow())
        ).rowcount
        if not claimed:
            raise AlreadyApplied()

    def record(summary: ImportSummary) -> None:
        db.session.execute(update(_uploads).where(_uploads.c.id == upload.id)
                           .values(summary=summary.as_dict()))

    try:
        with open_sheet(io.BytesIO(upload.content), upload.filename, sheet_limits()) as sheet:
            preview.summary = apply_sheet(
                actor, upload.workshop, sheet, preview.rows.append,
                details={"upload_id": upload.id, "filename": upload.filename, "via": "upload"},
                before_rows=claim, after_rows=record)
    except SheetError as error:
        return Preview(ImportSummary(), error=error.message)
    except ImportFailed as failed:
        preview.summary = failed.summary
    db.session.expire(upload)
    return preview
