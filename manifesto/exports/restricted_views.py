"""Administrators download the restricted exports: a round's panel scores
(XLSX) and the audit log (CSV).

Each page is a GET showing what the file will hold and a form whose
"Download" button POSTs (with its CSRF token) for the file itself: the
download is recorded in the audit log, which a GET must never do, and there
is no link to share, bookmark or guess. Permission is checked on every
request; the file is an attachment that browsers and proxies must not store.
"""

from __future__ import annotations

import io
from datetime import date

from flask import Blueprint, Response, current_app, render_template, request
from flask_login import current_user
from flask_wtf import FlaskForm

from manifesto import audit_queries, permissions
from manifesto.audit_forms import DATE_HINT, AuditFilterForm
from manifesto.exports import restricted
from manifesto.extensions import db
from manifesto.permissions import require_found, role_required
from manifesto.rounds.models import Round

blueprint = Blueprint("restricted_exports", __name__, url_prefix="/admin")


class DownloadForm(FlaskForm):
    """Nothing to fill in: the button and its CSRF token."""


def _headers(filename: str) -> dict[str, str]:
    return {
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store",
        "Pragma": "no-cache",
    }


def _actor():
    return current_user._get_current_object()


def _load_round(round_id: int) -> Round:
    round_ = require_found(db.session.get(Round, round_id))
    permissions.require(current_user, "export.restricted", round_)
    return round_


@blueprint.route("/rounds/<int(max=2147483647):round_id>/exports", methods=["GET", "POST"])
@role_required("admin")
def round_exports(round_id: int):
    round_ = _load_round(round_id)
    form = DownloadForm()
    if form.validate_on_submit():
        buffer = io.BytesIO()
        summary = restricted.scores_xlsx(round_, buffer)
        restricted.record_scores_export(_actor(), round_, summary)
        filename = f"{round_.slug}-panel-scores-{date.today().isoformat()}.xlsx"
        return Response(buffer.getvalue(), mimetype=restricted.XLSX_MIMETYPE,
                        headers=_headers(filename))
    return render_template("exports/restricted/round.html", round=round_, form=form,
                           summary=restricted.scores_summary(round_))


@blueprint.route("/audit/export", methods=["GET", "POST"])
@role_required("admin")
def audit_log_export():
    permissions.require(current_user, "export.restricted", None)
    formdata = request.form if request.method == "POST" else request.args
    form = AuditFilterForm(formdata, audit_queries.catalogue())
    # The CSRF token of the POST is checked for every request before this view runs.
    if request.method == "POST" and form.validate():
        filters = form.filters()
        restricted.record_audit_log_export(_actor(), filters)
        filename = f"audit-log-{date.today().isoformat()}.csv"
        # Read while it is sent, each batch in an application context (and so a
        # database session) of its own: the request's is gone by then.
        body = restricted.audit_csv(filters, context=current_app._get_current_object().app_context)
        return Response(body, mimetype="text/csv", headers=_headers(filename))
    if request.method == "GET":
        form.validate()  # filters carried over from the audit log page are checked at once
    return render_template("exports/restricted/audit_log.html", form=form, date_hint=DATE_HINT)
