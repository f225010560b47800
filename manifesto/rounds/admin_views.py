"""Administration of rounds and their themes, under /admin/."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from manifesto import permissions
from manifesto.extensions import db
from manifesto.permissions import role_required
from manifesto.rounds import counts, services
from manifesto.rounds.forms import MoveThemeForm, RoundForm, ThemeForm
from manifesto.rounds.models import Round, Theme
from manifesto.timeutil import from_uk_naive, to_uk

blueprint = Blueprint("rounds_admin", __name__, url_prefix="/admin")


def _show_errors(form: FlaskForm, error: services.RoundError) -> None:
    """Put the service's messages next to their fields (and so in the summary)."""
    for name, message in error.errors.items():
        field = form._fields.get(name)
        if field is not None:
            field.errors = [*field.errors, message]
        else:
            form.form_errors.append(message)


def _round_values(form: RoundForm) -> dict:
    return {
        "title": form.title.data,
        "slug": (form.slug.data or "").strip().lower(),
        "introduction": form.introduction.data or "",
        "opens_at": from_uk_naive(form.opens_at.data),
        "closes_at": from_uk_naive(form.closes_at.data),
        "phase": form.phase.data,
        "data_licence": form.data_licence.data,
        "panellists_create_commitments": bool(form.panellists_create_commitments.data),
    }


def _load_round(round_id: int) -> Round:
    round_ = permissions.require_found(db.session.get(Round, round_id))
    permissions.require(current_user, "round.manage", round_)
    return round_


def _load_theme(theme_id: int) -> Theme:
    theme = permissions.require_found(db.session.get(Theme, theme_id))
    permissions.require(current_user, "round.manage", theme.round)
    return theme


@blueprint.route("/")
@role_required("admin")
def index():
    rounds = services.all_rounds()
    return render_template(
        "admin/index.html", rounds=rounds, counts=counts.round_counts(r.id for r in rounds)
    )


@blueprint.route("/rounds/new", methods=["GET", "POST"])
@role_required("admin")
def new_round():
    permissions.require(current_user, "round.manage", None)
    form = RoundForm()
    if form.validate_on_submit():
        try:
            round_ = services.create_round(current_user, **_round_values(form))
        except services.RoundError as error:
            _show_errors(form, error)
        else:
            flash(f"Round “{round_.title}” created. Now add its themes.", "success")
            return redirect(url_for(".themes", round_id=round_.id))
    return render_template("admin/round_form.html", form=form, round=None)


@blueprint.route("/rounds/<int:round_id>/edit", methods=["GET", "POST"])
@role_required("admin")
def edit_round(round_id: int):
    round_ = _load_round(round_id)
    form = RoundForm(data={
        "title": round_.title,
        "slug": round_.slug,
        "introduction": round_.introduction,
        "opens_at": to_uk(round_.opens_at).replace(tzinfo=None),
        "closes_at": to_uk(round_.closes_at).replace(tzinfo=None),
        "phase": round_.phase,
        "data_licence": round_.data_licence,
        "panellists_create_commitments": round_.panellists_create_commitments,
    })
    if form.validate_on_submit():
        try:
            services.update_round(current_user, round_, **_round_values(form))
        except services.RoundError as error:
            _show_errors(form, error)
        else:
            flash(f"Round “{round_.title}” saved.", "success")
            return redirect(url_for(".index"))
    return render_template("admin/round_form.html", form=form, round=round_)


@blueprint.route("/rounds/<int:round_id>/themes", methods=["GET", "POST"])
@role_required("admin")
def themes(round_id: int):
    round_ = _load_round(round_id)
    form = ThemeForm()
    if form.validate_on_submit():
        try:
            theme = services.create_theme(
                current_user, round_, name=form.name.data, description=form.description.data or ""
            )
        except services.RoundError as error:
            _show_errors(form, error)
        else:
            flash(f"Theme “{theme.name}” added.", "success")
            return redirect(url_for(".themes", round_id=round_.id))
    return render_template(
        "admin/themes.html", round=round_, form=form, move_form=MoveThemeForm()
    )


@blueprint.route("/themes/<int:theme_id>/edit", methods=["GET", "POST"])
@role_required("admin")
def edit_theme(theme_id: int):
    theme = _load_theme(theme_id)
    form = ThemeForm(data={"name": theme.name, "description": theme.description})
    if form.validate_on_submit():
        try:
            services.update_theme(
                current_user, theme, name=form.name.data, description=form.description.data or ""
            )
        except services.RoundError as error:
            _show_errors(form, error)
        else:
            flash(f"Theme “{theme.name}” saved.", "success")
            return redirect(url_for(".themes", round_id=theme.round_id))
    return render_template("admin/theme_form.html", theme=theme, round=theme.round, form=form)


@blueprint.route("/themes/<int:theme_id>/move", methods=["POST"])
@role_required("admin")
def move_theme(theme_id: int):
    theme = _load_theme(theme_id)
    form = MoveThemeForm()
    if not form.validate_on_submit():
        abort(400)
    round_id, name = theme.round_id, theme.name
    if services.move_theme(current_user, theme, form.direction.data):
        flash(f"Theme “{name}” moved {form.direction.data}.", "success")
    return redirect(url_for(".themes", round_id=round_id) + f"#theme-{theme_id}")
