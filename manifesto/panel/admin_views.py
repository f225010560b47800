"""Administrators' and panellists' pages for criteria and commitments.

Criteria (administrators): a round's list, the default set, add and edit.
Commitments (the panel): the round's list by theme, drafting one from ideas,
its panel page with evidence and version history, and editing it without
ever overwriting someone else's save."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from manifesto import permissions
from manifesto.panel import admin_queries as queries
from manifesto.panel import services
from manifesto.panel.forms import CommitmentForm, CriterionForm, references_text
from manifesto.panel.models import COMPUTED_FROM, Commitment
from manifesto.panel.services import PanelError, StaleEdit
from manifesto.permissions import role_required

blueprint = Blueprint("panel_admin", __name__)

MAX_ID = 2_147_483_647
#: Service error keys → the form field that shows them.
FIELD_OF = {"idea_ids": "idea_refs"}


@blueprint.app_template_global()
def panel_idea_commitment(idea):
    """The commitment an idea is part of (None when none): the idea page's panel link."""
    return services.commitment_of_idea(idea)


def _show_errors(form: FlaskForm, error: PanelError) -> None:
    for name, message in error.errors.items():
        field = form._fields.get(FIELD_OF.get(name, name))
        if field is not None and name:
            field.errors = [*field.errors, message]
        else:
            form.form_errors.append(message)


def _round_by_slug(slug: str):
    return permissions.require_found(queries.round_by_slug(slug))


def _commitment(commitment_id: int) -> Commitment:
    return permissions.require_found(queries.load_commitment(commitment_id))


# --- criteria ------------------------------------------------------------------------

@blueprint.route("/admin/rounds/<int(max=2147483647):round_id>/criteria", methods=["GET", "POST"])
@role_required("admin")
def criteria(round_id: int):
    round_ = permissions.require_found(queries.round_by_id(round_id))
    permissions.require(current_user, "panel.manage", round_)
    form = CriterionForm(data={"weight": 1, "scale_min": 1, "scale_max": 5})
    if form.validate_on_submit():
        try:
            criterion = services.save_criterion(current_user, round_, **form.values())
        except PanelError as error:
            _show_errors(form, error)
        else:
            flash(f"Criterion “{criterion.name}” added.", "success")
            return redirect(url_for(".criteria", round_id=round_.id) + f"#criterion-{criterion.id}")
    return render_template("panel/admin/criteria.html", round=round_, form=form,
                           criteria=services.criteria_of(round_), computed_labels=COMPUTED_FROM,
                           scoring_begun=services.scoring_has_begun(round_))


@blueprint.route("/admin/rounds/<int(max=2147483647):round_id>/criteria/defaults",
                 methods=["POST"])
@role_required("admin")
def default_criteria(round_id: int):
    round_ = permissions.require_found(queries.round_by_id(round_id))
    permissions.require(current_user, "panel.manage", round_)
    if not FlaskForm().validate_on_submit():
        abort(400)
    if services.criteria_of(round_):
        flash("This round already has criteria: nothing was added.", "info")
    else:
        added = services.add_default_criteria(current_user, round_)
        flash(f"The {len(added)} default criteria were added. Adjust their weights before "
              "scoring begins.", "success")
    return redirect(url_for(".criteria", round_id=round_.id))


@blueprint.route("/admin/criteria/<int(max=2147483647):criterion_id>/edit",
                 methods=["GET", "POST"])
@role_required("admin")
def edit_criterion(criterion_id: int):
    criterion = permissions.require_found(queries.load_criterion(criterion_id))
    round_ = permissions.require_found(queries.round_by_id(criterion.round_id))
    permissions.require(current_user, "panel.manage", round_)
    form = CriterionForm(data=CriterionForm.data_of(criterion))
    if form.validate_on_submit():
        try:
            services.save_criterion(current_user, round_, criterion, **form.values())
        except PanelError as error:
            _show_errors(form, error)
        else:
            flash(f"Criterion “{criterion.name}” saved.", "success")
            return redirect(url_for(".criteria", round_id=round_.id) + f"#criterion-{criterion.id}")
    return render_template("panel/admin/criterion_form.html", round=round_, form=form,
                           criterion=criterion, scoring_begun=services.scoring_has_begun(round_))


# --- commitments: the list and drafting ----------------------------------------------------

@blueprint.route("/rounds/<slug>/panel/commitments")
@role_required("admin", "panellist")
def commitments(slug: str):
    round_ = _round_by_slug(slug)
    permissions.require(current_user, "panel.view", round_)
    groups, total = queries.commitments_by_theme(round_)
    return render_template("panel/admin/commitments.html", round=round_, groups=groups,
                           total=total,
                           may_draft=permissions.can(current_user, "commitment.create", round_))


def _idea_to_draft_from(round_):
    """The idea named by ?idea=<id>, when it is a published idea of this round."""
    idea_id = request.args.get("idea", type=int)
    if idea_id is None or not 0 < idea_id <= MAX_ID:
        return None
    idea = queries.load_idea(idea_id)
    if idea is None or idea.round_id != round_.id or idea.status != "published":
        return None
    return idea


@blueprint.route("/rounds/<slug>/panel/commitments/new", methods=["GET", "POST"])
@role_required("admin", "panellist")
def new_commitment(slug: str):
    round_ = _round_by_slug(slug)
    permissions.require(current_user, "commitment.create", round_)
    form = CommitmentForm(round_)
    from_idea = taken_by = None
    if request.method == "GET":
        from_idea = _idea_to_draft_from(round_)
        if from_idea is not None:
            taken_by = services.commitment_of_idea(from_idea)
            themes = [t for t in from_idea.themes if t.round_id == round_.id]
            form.idea_refs.data = references_text([from_idea.id])
            form.title.data = from_idea.title
            form.commit_to.data = from_idea.proposal
            form.current_situation.data = from_idea.problem
            form.theme_id.data = str(themes[0].id) if themes else ""
    if form.validate_on_submit():
        try:
            commitment = services.create_commitment(current_user, round_,
                                                    idea_ids=form.idea_ids, **form.values())
        except PanelError as error:
            _show_errors(form, error)
        else:
            flash(f"Commitment {commitment.reference} “{commitment.title}” drafted.", "success")
            return redirect(url_for(".commitment", commitment_id=commitment.id))
    return render_template("panel/admin/commitment_form.html", round=round_, form=form,
                           commitment=None, from_idea=from_idea, taken_by=taken_by)


# --- one commitment: its page, its versions, editing ---------------------------------------

def _viewable(commitment_id: int) -> Commitment:
    commitment = _commitment(commitment_id)
    permissions.require(current_user, "panel.view", commitment.round)
    permissions.require(current_user, "commitment.view", commitment)
    return commitment


@blueprint.route("/panel/commitments/<int(max=2147483647):commitment_id>")
@role_required("admin", "panellist")
def commitment(commitment_id: int):
    commitment = _viewable(commitment_id)
    return render_template(
        "panel/admin/commitment.html", round=commitment.round, commitment=commitment,
        evidence=queries.evidence_for([commitment.id])[commitment.id],
        history=queries.history(commitment),
        may_edit=permissions.can(current_user, "commitment.edit", commitment))


@blueprint.route("/panel/commitments/<int(max=2147483647):commitment_id>"
                 "/versions/<int(max=2147483647):version>")
@role_required("admin", "panellist")
def commitment_version(commitment_id: int, version: int):
    commitment = _viewable(commitment_id)
    found = permissions.require_found(queries.version_of(commitment, version))
    return render_template("panel/admin/commitment_version.html", round=commitment.round,
                           commitment=commitment, version=found,
                           text=queries.version_text(commitment.round, found))


def _unchanged(commitment: Commitment, form: CommitmentForm) -> bool:
    current = {name: getattr(commitment, name) for name in form.values()}
    return (form.values() == current
            and sorted(form.idea_ids) == sorted(i.id for i in commitment.ideas))


@blueprint.route("/panel/commitments/<int(max=2147483647):commitment_id>/edit",
                 methods=["GET", "POST"])
@role_required("admin", "panellist")
def edit_commitment(commitment_id: int):
    commitment = _commitment(commitment_id)
    permissions.require(current_user, "commitment.edit", commitment)
    form = CommitmentForm(commitment.round, data=CommitmentForm.data_of(commitment))
    theirs = None
    if form.validate_on_submit():
        expected = form.version()
        if expected is None:
            form.form_errors.append("This form lost track of the version you started from: "
                                    "reload the page and make your changes again.")
        elif expected == commitment.version and _unchanged(commitment, form):
            flash("Nothing was changed, so no new version was saved.", "info")
            return redirect(url_for(".commitment", commitment_id=commitment.id))
        else:
            current_ids = sorted(i.id for i in commitment.ideas)
            try:
                services.update_commitment(
                    current_user, commitment, expected_version=expected,
                    idea_ids=form.idea_ids if sorted(form.idea_ids) != current_ids else None,
                    **form.values())
            except StaleEdit as error:
                _show_errors(form, error)
                commitment = _commitment(commitment_id)  # as the other person saved it
                theirs = queries.latest_version(commitment)
                form.expected_version.data = str(commitment.version)
            except PanelError as error:
                _show_errors(form, error)
            else:
                flash(f"Commitment {commitment.reference} saved (version {commitment.version}).",
                      "success")
                return redirect(url_for(".commitment", commitment_id=commitment.id))
    return render_template(
        "panel/admin/commitment_form.html", round=commitment.round, form=form,
        commitment=commitment, theirs=theirs,
        theirs_text=queries.version_text(commitment.round, theirs) if theirs else None)
