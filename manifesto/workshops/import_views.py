"""Sheet upload for workshops: template, upload, preview, confirm.

The templates are public (they hold no data, and facilitators print or share
them before they have an account). Everything else is for the workshop's
facilitator or an administrator, while the round takes workshop input
(policy "workshop.enter")."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from manifesto import permissions
from manifesto.extensions import db, limiter
from manifesto.permissions import public, role_required
from manifesto.rounds.models import Round
from manifesto.timeutil import format_uk
from manifesto.workshops import import_template, import_uploads
from manifesto.workshops.import_forms import SheetUploadForm
from manifesto.workshops.imports import ImportRefused
from manifesto.workshops.models import Workshop
from manifesto.workshops.sheets import SheetError, megabytes

blueprint = Blueprint("workshop_imports", __name__)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def allow_sheet_sized_bodies(on: Blueprint, upload_endpoint: str) -> None:
    """Let POSTs to ``upload_endpoint`` (a sheet upload, and only that) be
    larger than the site's usual request limit. Runs before the CSRF check
    reads the form; files over the sheet limit but under this get a message
    next to the field."""
    @on.url_value_preprocessor
    def _allow(endpoint, values):
        if endpoint == upload_endpoint and request.method == "POST":
            request.max_content_length = 2 * current_app.config["WORKSHOP_UPLOAD_MAX_BYTES"]


allow_sheet_sized_bodies(blueprint, "workshop_imports.upload")


def upload_rate_limit() -> str:
    return current_app.config["WORKSHOP_UPLOAD_RATE_LIMIT"]


def _download(content: bytes, mimetype: str, filename: str) -> Response:
    response = Response(content, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@blueprint.route("/workshops/template.csv")
@public
def template_csv():
    return _download(import_template.template_csv(), "text/csv; charset=utf-8",
                     "workshop-sheet.csv")


@blueprint.route("/workshops/template.xlsx")
@public
def template_xlsx():
    return _download(import_template.template_xlsx(), XLSX_TYPE, "workshop-sheet.xlsx")


def _workshop(workshop_id: int, action: str = "workshop.enter") -> Workshop:
    workshop = permissions.require_found(db.session.scalar(
        select(Workshop).where(Workshop.id == workshop_id)
        .options(joinedload(Workshop.round).selectinload(Round.themes))
    ))
    permissions.require(current_user, action, workshop)
    return workshop


def _upload(workshop: Workshop, upload_id: int):
    return permissions.require_found(import_uploads.find_upload(workshop, upload_id))


def _manage_url(workshop: Workshop) -> str | None:
    if "workshops.manage" in current_app.view_functions:
        return url_for("workshops.manage", workshop_id=workshop.id)
    return None


@blueprint.route("/workshops/<int:workshop_id>/upload", methods=["GET", "POST"])
@role_required("facilitator", "admin")
@limiter.limit(upload_rate_limit, methods=["POST"])
def upload(workshop_id: int):
    workshop = _workshop(workshop_id)
    form = SheetUploadForm()
    if form.validate_on_submit():
        limit = current_app.config["WORKSHOP_UPLOAD_MAX_BYTES"]
        content = form.sheet.data.stream.read(limit + 1)
        try:
            if len(content) > limit:
                raise SheetError(f"The file is larger than {megabytes(limit)}. "
                                 "Split the sheet into smaller ones.")
            stored = import_uploads.store_upload(current_user, workshop,
                                                 form.sheet.data.filename, content)
        except SheetError as error:
            form.sheet.errors.append(error.message)
        else:
            return redirect(url_for(".preview", workshop_id=workshop.id, upload_id=stored.id))
    return render_template("workshops/import/upload.html", workshop=workshop, form=form,
                           uploads=import_uploads.recent_uploads(workshop),
                           manage_url=_manage_url(workshop),
                           max_size=megabytes(current_app.config["WORKSHOP_UPLOAD_MAX_BYTES"]),
                           max_rows=current_app.config["WORKSHOP_UPLOAD_MAX_ROWS"])


def _render_preview(workshop, upload, preview, status: int = 200):
    closed = permissions.reason_refused(current_user, "workshop.enter", workshop)
    return render_template("workshops/import/preview.html", workshop=workshop, upload=upload,
                           preview=preview, closed=closed,
                           manage_url=_manage_url(workshop)), status


@blueprint.route("/workshops/<int:workshop_id>/uploads/<int:upload_id>")
@role_required("facilitator", "admin")
def preview(workshop_id: int, upload_id: int):
    # Viewable after the round stops taking input (then without the button).
    workshop = _workshop(workshop_id, "workshop.edit")
    upload = _upload(workshop, upload_id)
    if upload.applied_at is not None:
        return _render_preview(workshop, upload, None)
    return _render_preview(workshop, upload, import_uploads.preview_upload(upload))


@blueprint.route("/workshops/<int:workshop_id>/uploads/<int:upload_id>/confirm", methods=["POST"])
@role_required("facilitator", "admin")
def confirm(workshop_id: int, upload_id: int):
    workshop = _workshop(workshop_id)
    upload = _upload(workshop, upload_id)
    return confirm_and_report(
        upload, lambda: import_uploads.confirm_upload(current_user, upload),
        back=url_for(".preview", workshop_id=workshop.id, upload_id=upload.id),
        show_problems=lambda result: _render_preview(workshop, upload, result, status=422))


def confirm_and_report(upload, confirm, *, back: str, show_problems, after_import=None):
    """The confirm step of any sheet upload: import once, then say what
    happened (already imported, refused, rows to fix, or what came in)."""
    try:
        result = confirm()
    except import_uploads.AlreadyApplied:
        db.session.refresh(upload)
        flash(f"This sheet was already imported on {format_uk(upload.applied_at)}. "
              "Nothing more was saved.", "info")
        return redirect(back)
    except ImportRefused as refused:
        flash(refused.message, "error")
        return redirect(back)
    if not result.ok:
        return show_problems(result)
    if after_import is not None:
        after_import()
    flash(f"Sheet imported: {result.summary.sentence()}", "success")
    return redirect(back)
