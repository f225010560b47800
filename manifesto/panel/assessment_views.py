"""Panellists' assessment queue, scoring and results."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from manifesto import permissions
from manifesto.extensions import db
from manifesto.panel import assessment
from manifesto.panel import assessment_queries as queries
from manifesto.panel.aggregation import TIE_BREAK
from manifesto.panel.assessment_forms import ConflictForm, ScoreFormBase, score_form
from manifesto.panel.evidence import evidence_for
from manifesto.panel.models import Commitment
from manifesto.panel.services import PanelError, StaleEdit, criteria_of
from manifesto.permissions import role_required
from manifesto.workshops.models import NATIONS

blueprint = Blueprint("panel_assess", __name__)


@blueprint.app_template_global()
def panel_nav_round():
    """The round the "Panel" link in the site navigation leads to."""
    return queries.panel_round()


def _round(slug: str):
    return permissions.require_found(queries.round_by_slug(slug))


def _commitment(commitment_id: int) -> Commitment:
    return permissions.require_found(queries.load_commitment(commitment_id))


# --- the queue -------------------------------------------------------------------------

@blueprint.route("/rounds/<slug>/panel/assess")
@role_required("panellist")
def queue(slug: str):
    round_ = _round(slug)
    permissions.require(current_user, "assessment.queue", round_)
    rows = queries.queue_for(current_user, round_)
    scored, total = assessment.progress(current_user, [row.commitment for row in rows])
    state = request.args.get("state", "")
    state = state if state in queries.STATES else ""
    theme = request.args.get("theme", type=int)
    theme = theme if theme in {t.id for t in round_.themes} else None
    shown = [row for row in rows if (not state or row.state == state)
             and (theme is None or row.commitment.theme_id == theme)]
    return render_template(
        "panel/assess/queue.html", round=round_, rows=shown, all_count=len(rows),
        scored=scored, total=total, states=queries.STATES, state=state, theme=theme,
        closed=assessment.scoring_closed_reason(round_))


# --- scoring one commitment ---------------------------------------------------------------

def _show_errors(form, error: PanelError) -> None:
    for name, message in error.errors.items():
        field = form._fields.get(name)
        if field is not None:
            field.errors = [*field.errors, message]
        else:
            form.form_errors.append(message)


def _page(commitment: Commitment, form: ScoreFormBase, conflict_form: ConflictForm,
          status: int = 200, stale: str | None = None):
    own = assessment.assessment_of(current_user, commitment)
    criteria = criteria_of(commitment.round)
    sees_others = permissions.can(current_user, "assessment.view_others", commitment)
    context = dict(
        commitment=commitment, round=commitment.round, criteria=criteria, form=form,
        conflict_form=conflict_form, own=own, stale=stale,
        evidence=evidence_for([commitment.id])[commitment.id], nations=NATIONS,
        conflict=queries.conflict_of(current_user, commitment),
        closed=assessment.scoring_closed_reason(commitment.round),
        may_score=permissions.can(current_user, "assessment.edit", commitment),
        sees_others=sees_others,
        blind_reason=permissions.reason_refused(current_user, "assessment.view_others",
                                                commitment),
        others=queries.others_assessments(current_user, commitment) if sees_others else [],
        result=queries.result_for(commitment) if sees_others else None,
        earlier=queries.earlier_versions(own), criterion_names={c.id: c.name for c in criteria},
        rounded=queries.rounded, score_map=queries.score_map,
    )
    return render_template("panel/assess/score.html", **context), status


@blueprint.route("/panel/commitments/<int:commitment_id>/assess", methods=["GET", "POST"])
@role_required("panellist")
def score(commitment_id: int):
    commitment = _commitment(commitment_id)
    permissions.require(current_user, "assessment.queue", commitment.round)
    if request.method == "GET":
        own = assessment.assessment_of(current_user, commitment)
        form = score_form(criteria_of(commitment.round), own, from_request=False)
        return _page(commitment, form, ConflictForm(formdata=None))
    permissions.require(current_user, "assessment.edit", commitment)
    form = score_form(criteria_of(commitment.round), None, from_request=True)
    submit = request.form.get("action") == "submit"
    if form.validate_on_submit():
        was_submitted = assessment.may_see_others(current_user, commitment)
        try:
            assessment.save_assessment(current_user, commitment, form.values(), submit=submit,
                                       expected_version=form.expected_version())
        except StaleEdit as error:
            db.session.expire_all()
            own = assessment.assessment_of(current_user, commitment)
            form.version.data = str(own.version if own else 0)
            message = str(error.errors.get("", error)) if own is None else (
                "Your scores were changed in another window or on another device after this "
                "page was loaded. Nothing was overwritten.")
            return _page(commitment, form, ConflictForm(formdata=None), 409, stale=message)
        except PanelError as error:
            _show_errors(form, error)
        else:
            if was_submitted:
                flash("Your changes were saved. The version they replaced is kept under "
                      "“Your earlier versions”.", "success")
            elif submit:
                flash("Your scores were submitted. You can now see the other panellists’ scores "
                      "and change yours while scoring is open.", "success")
            else:
                flash("Draft saved. It counts towards the results only once you submit it.",
                      "success")
            return redirect(url_for(".score", commitment_id=commitment.id))
    return _page(commitment, form, ConflictForm(formdata=None))


@blueprint.route("/panel/commitments/<int:commitment_id>/conflict", methods=["POST"])
@role_required("panellist")
def declare_conflict(commitment_id: int):
    commitment = _commitment(commitment_id)
    permissions.require(current_user, "assessment.edit", commitment)
    form = ConflictForm()
    if form.validate_on_submit():
        assessment.declare_conflict(current_user, commitment, form.conflict_note.data or "")
        flash("You declared a conflict of interest on this commitment. Any scores you had "
              "saved for it were withdrawn, and you will not be asked to score it.", "success")
        return redirect(url_for(".score", commitment_id=commitment.id))
    own = assessment.assessment_of(current_user, commitment)
    return _page(commitment, score_form(criteria_of(commitment.round), own, from_request=False),
                 form)


# --- results -------------------------------------------------------------------------------

@blueprint.route("/rounds/<slug>/panel/results")
@role_required("panellist", "admin")
def results(slug: str):
    round_ = _round(slug)
    permissions.require(current_user, "panel.view", round_)
    table = queries.results_for(current_user, round_)
    return render_template(
        "panel/assess/results.html", round=round_, table=table,
        criteria=criteria_of(round_), tie_break=TIE_BREAK, rounded=queries.rounded,
        is_panellist=current_user.has_role("panellist"))
