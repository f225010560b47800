"""The party response sheet: template, upload, preview, confirm
(administrators, once the round's manifesto is published)."""

from __future__ import annotations

import csv
import io

from flask import Response, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from manifesto import permissions
from manifesto.exports.cells import safe_row
from manifesto.extensions import limiter
from manifesto.parties import outbox, queries, uploads
from manifesto.parties.blueprint import blueprint
from manifesto.parties.models import STANCES
from manifesto.parties.sheet_import import HEADINGS
from manifesto.permissions import role_required
from manifesto.workshops.import_forms import SheetUploadForm
from manifesto.workshops.import_views import (
    allow_sheet_sized_bodies, confirm_and_report, upload_rate_limit,
)
from manifesto.workshops.sheets import SheetError, megabytes

ID = "int(max=2147483647)"


allow_sheet_sized_bodies(blueprint, "parties.upload_sheet")


def _round(slug: str):
    round_ = permissions.require_found(queries.round_by_slug(slug))
    permissions.require(current_user, "party.record", round_)
    return round_


@blueprint.route("/admin/rounds/<slug>/responses/template.csv")
@role_required("admin")
def sheet_template(slug: str):
    """A sheet with a row for every party and published commitment, filled
    in with what is recorded (so it can be edited and uploaded again)."""
    round_ = _round(slug)
    card = queries.scorecard(round_)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADINGS.values())
    for line in card.lines:
        for cell in line.cells:
            found = cell.response
            writer.writerow(safe_row((
                cell.party.name, line.commitment.number,
                STANCES[found.stance].lower() if found else "",
                found.quote if found else "", found.evidence_url if found else "",
                f"{found.stated_on:%d/%m/%Y}" if found and found.stated_on else "")))
    response = Response("\ufeff" + out.getvalue(), mimetype="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="party-responses-{round_.slug}.csv"')
    return response


@blueprint.route("/admin/rounds/<slug>/responses/upload", methods=["GET", "POST"])
@role_required("admin")
@limiter.limit(upload_rate_limit, methods=["POST"])
def upload_sheet(slug: str):
    round_ = _round(slug)
    published = queries.is_published(round_)
    form = SheetUploadForm()
    status = 200
    if published and form.validate_on_submit():
        limit = current_app.config["WORKSHOP_UPLOAD_MAX_BYTES"]
        content = form.sheet.data.stream.read(limit + 1)
        try:
            if len(content) > limit:
                raise SheetError(f"The file is larger than {megabytes(limit)}. "
                                 "Split the sheet into smaller ones.")
            stored = uploads.store_upload(current_user, round_, form.sheet.data.filename, content)
        except SheetError as error:
            form.sheet.errors.append(error.message)
            status = 422
        else:
            return redirect(url_for(".sheet_preview", slug=round_.slug, sheet_id=stored.id))
    elif request.method == "POST":
        status = 409 if not published else 422
    return render_template("parties/admin/upload.html", round=round_, form=form,
                           published=published, uploads=uploads.recent_uploads(round_),
                           max_size=megabytes(current_app.config["WORKSHOP_UPLOAD_MAX_BYTES"]),
                           max_rows=current_app.config["WORKSHOP_UPLOAD_MAX_ROWS"]), status


def _upload(round_, sheet_id: int):
    return permissions.require_found(uploads.find_upload(round_, sheet_id))


def _render_preview(round_, upload, preview, status: int = 200):
    return render_template("parties/admin/preview.html", round=round_, upload=upload,
                           preview=preview, published=queries.is_published(round_)), status


@blueprint.route(f"/admin/rounds/<slug>/responses/uploads/<{ID}:sheet_id>")
@role_required("admin")
def sheet_preview(slug: str, sheet_id: int):
    round_ = _round(slug)
    upload = _upload(round_, sheet_id)
    if upload.applied_at is not None:
        return _render_preview(round_, upload, None)
    return _render_preview(round_, upload, uploads.preview_upload(upload))


@blueprint.route(f"/admin/rounds/<slug>/responses/uploads/<{ID}:sheet_id>/confirm",
                 methods=["POST"])
@role_required("admin")
def sheet_confirm(slug: str, sheet_id: int):
    round_ = _round(slug)
    upload = _upload(round_, sheet_id)
    return confirm_and_report(
        upload, lambda: uploads.confirm_upload(current_user, upload),
        back=url_for(".sheet_preview", slug=round_.slug, sheet_id=upload.id),
        show_problems=lambda result: _render_preview(round_, upload, result, status=422),
        after_import=outbox.send_soon)
