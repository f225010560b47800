"""Administrators read and filter the audit log (read only).

There is deliberately no route here, or anywhere, that changes or deletes an
audit event: the log is append-only (see manifesto/audit.py).
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, current_app, render_template, request, url_for
from werkzeug.routing import BuildError

from manifesto import audit_queries
from manifesto.audit_forms import DATE_HINT, AuditFilterForm
from manifesto.audit_queries import AuditRow
from manifesto.permissions import require_found, role_required

blueprint = Blueprint("audit_admin", __name__, url_prefix="/admin/audit")

#: Ids are 32-bit in the database: anything larger is no id at all.
MAX_ID = 2_147_483_647
#: The public page of a workshop, wherever the workshops package puts it.
WORKSHOP_PAGE_RULE = re.compile(r"^/workshops/<int(\([^)]*\))?:workshop_id>$")


def _build(endpoint: str | None, anchor: str | None = None, **values) -> str | None:
    """The address of ``endpoint``, or None when this installation has no such page."""
    if endpoint is None or endpoint not in current_app.view_functions:
        return None
    try:
        return url_for(endpoint, _anchor=anchor, **values)
    except BuildError:
        return None


def _workshop_endpoint() -> str | None:
    for rule in current_app.url_map.iter_rules():
        if WORKSHOP_PAGE_RULE.match(rule.rule) and "GET" in (rule.methods or ()):
            return rule.endpoint
    return None


def record_url(record_type: str, record_id: int | None, context: dict) -> str | None:
    """Where to read the record an event is about, if it still exists."""
    if record_id is None:
        return None
    value: Any = context.get((record_type, record_id))
    if value is None:
        return None
    if record_type == "ideas":
        return _build("ideas.show", idea_id=record_id)
    if record_type == "comments":
        return _build("ideas.show", anchor=f"comment-{record_id}", idea_id=value)
    if record_type == "rounds":
        return _build("rounds.show", slug=value)
    if record_type == "themes":
        return _build("rounds_admin.themes", round_id=value)
    if record_type == "workshops":
        return _build(_workshop_endpoint(), workshop_id=record_id)
    if record_type == "users":
        return _build("people_admin.person", user_id=record_id)
    return None


def _links(rows: list[AuditRow]) -> dict[int, str]:
    context = audit_queries.record_context(rows)
    links = {}
    for row in rows:
        url = record_url(row.event.target_type, row.event.target_id, context)
        if url:
            links[row.event.id] = url
    return links


def _cursor(name: str) -> int | None:
    """A page position from the query string; nonsense means the newest page."""
    value = request.args.get(name, type=int)
    return value if value is not None and 0 <= value <= MAX_ID + 1 else None


@blueprint.route("")
@role_required("admin")
def index():
    catalogue = audit_queries.catalogue()
    form = AuditFilterForm(request.args, catalogue)
    page = filters = None
    if form.validate():
        filters = form.filters()
        page = audit_queries.audit_page(
            filters,
            before=_cursor("before"),
            after=_cursor("after"),
        )
    return render_template(
        "admin/audit/index.html",
        form=form,
        filters=filters,
        page=page,
        links=_links(page.rows) if page else {},
        date_hint=DATE_HINT,
        per_page=audit_queries.PER_PAGE,
        no_actor=audit_queries.NO_ACTOR,
    )


@blueprint.route("/<int(max=2147483647):event_id>")
@role_required("admin")
def show(event_id: int):
    row = require_found(audit_queries.audit_event(event_id))
    return render_template(
        "admin/audit/show.html",
        row=row,
        link=_links([row]).get(row.event.id),
        fields=audit_queries.changed_fields(row.event.before, row.event.after, everything=True),
        before_json=audit_queries.full_json(row.event.before),
        after_json=audit_queries.full_json(row.event.after),
        no_actor=audit_queries.NO_ACTOR,
    )
