"""The shortlist: decisions with reasons, order and publication.

Administrators only (``panel.manage``). Decisions, moves and publication are
taken by the services in panel/shortlist.py, which refuse outside the
assessment phase; the pages say so rather than offering forms that fail.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from manifesto import permissions
from manifesto.permissions import role_required
from manifesto.panel import shortlist, shortlist_queries as queries
from manifesto.panel.services import PanelError
from manifesto.panel.shortlist_forms import (
    DecisionForm,
    MoveForm,
    OutcomeForm,
    PublishForm,
)

blueprint = Blueprint("shortlist", __name__)

IDEAS_PER_PAGE = 25
MAX_PAGE = 100_000


def _round(slug: str):
    round_ = permissions.require_found(queries.round_by_slug(slug))
    permissions.require(current_user, "panel.manage", round_)
    return round_


def _show_errors(form, error: PanelError) -> None:
    for name, message in error.errors.items():
        field = form._fields.get(name) if name else None
        if field is not None:
            field.errors = [*field.errors, message]
        else:
            form.form_errors.append(message)


def _ideas_page() -> int:
    return min(max(request.args.get("page", 1, type=int), 1), MAX_PAGE)


def _render_board(round_, *, failed=None, status: int = 200):
    """The shortlist page; ``failed`` is a form shown back with its errors."""
    board = queries.board(round_)
    ideas_page = queries.ideas_not_taken_forward(round_.id, _ideas_page(), IDEAS_PER_PAGE)
    decision_forms = {}
    for group in board.groups:
        for result in (*group.shortlisted, *group.others):
            commitment = result.commitment
            if isinstance(failed, DecisionForm) and failed.commitment.id == commitment.id:
                decision_forms[commitment.id] = failed
            else:
                decision_forms[commitment.id] = DecisionForm(
                    commitment, formdata=None, data={"reason": commitment.decision_reason})
    outcome_forms = {}
    for idea in ideas_page.items:
        if isinstance(failed, OutcomeForm) and failed.idea.id == idea.id:
            outcome_forms[idea.id] = failed
        else:
            outcome_forms[idea.id] = OutcomeForm(idea, formdata=None,
                                                 data={"reason": idea.outcome_reason or ""})
    return render_template(
        "panel/shortlist/index.html", round=round_, board=board, ideas_page=ideas_page,
        decision_forms=decision_forms, outcome_forms=outcome_forms, failed=failed,
        deciding=round_.phase == "assessment",
    ), status


@blueprint.route("/rounds/<slug>/panel/shortlist")
@role_required("admin")
def index(slug: str):
    return _render_board(_round(slug))


@blueprint.route("/rounds/<slug>/panel/shortlist/<int:commitment_id>/decision", methods=["POST"])
@role_required("admin")
def decide(slug: str, commitment_id: int):
    round_ = _round(slug)
    commitment = permissions.require_found(queries.commitment_in_round(round_, commitment_id))
    form = DecisionForm(commitment)
    if form.validate():
        try:
            shortlist.decide(current_user, commitment, form.chosen(), form.reason.data)
        except PanelError as error:
            _show_errors(form, error)
        else:
            verdict = "shortlisted" if commitment.shortlisted else "not shortlisted"
            flash(f"{commitment.reference} “{commitment.title}” {verdict}.", "success")
            return redirect(url_for(".index", slug=round_.slug, _anchor=f"commitment-{commitment.id}"))
    return _render_board(round_, failed=form)


@blueprint.route("/rounds/<slug>/panel/shortlist/<int:commitment_id>/move", methods=["POST"])
@role_required("admin")
def move(slug: str, commitment_id: int):
    round_ = _round(slug)
    commitment = permissions.require_found(queries.commitment_in_round(round_, commitment_id))
    form = MoveForm()
    if not form.validate():
        flash("Choose whether to move the commitment up or down.", "error")
    elif not commitment.shortlisted:
        flash(f"{commitment.reference} is not on the shortlist, so it has no place to move.", "error")
    else:
        try:
            shortlist.move(current_user, commitment, form.step())
        except PanelError as error:
            flash(str(error), "error")
        else:
            flash(f"{commitment.reference} “{commitment.title}” moved {form.direction.data}.", "success")
    return redirect(url_for(".index", slug=round_.slug, _anchor=f"commitment-{commitment.id}"))


@blueprint.route("/rounds/<slug>/panel/shortlist/ideas/<int:idea_id>/outcome", methods=["POST"])
@role_required("admin")
def idea_outcome(slug: str, idea_id: int):
    round_ = _round(slug)
    # Only an idea in no commitment is "not taken forward".
    idea = queries.unused_idea(round_, idea_id)
    if idea is None:
        abort(404)
    form = OutcomeForm(idea)
    if form.validate():
        try:
            shortlist.record_idea_outcome(current_user, idea, form.reason.data)
        except PanelError as error:
            _show_errors(form, error)
        else:
            flash(f"Reason recorded for {idea.reference} “{idea.title}”.", "success")
            return redirect(url_for(".index", slug=round_.slug, page=_ideas_page(),
                                    _anchor=f"idea-{idea.id}"))
    return _render_board(round_, failed=form)


@blueprint.route("/rounds/<slug>/panel/publish", methods=["GET", "POST"])
@role_required("admin")
def publish(slug: str):
    round_ = _round(slug)
    form = PublishForm()
    refusal = None
    if request.method == "POST" and form.validate():
        try:
            count = shortlist.publish(current_user, round_)
        except PanelError as error:
            refusal = str(error)
        else:
            flash(f"The manifesto is published with {count} "
                  f"{'commitment' if count == 1 else 'commitments'}.", "success")
            return redirect(url_for("manifesto_public.manifesto", slug=round_.slug))
    return render_template("panel/shortlist/publish.html", round=round_, form=form,
                           plan=queries.publish_plan(round_), refusal=refusal)
