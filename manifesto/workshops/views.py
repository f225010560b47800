"""Facilitators' pages: recording workshops and typing in what they produced.

This module holds the workshop records (the list, create, edit and the
manage hub); entry_views.py adds the ideas, comments and tallies forms to
the same blueprint."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.routing import BuildError

from manifesto import permissions
from manifesto.accounts.models import User
from manifesto.extensions import db
from manifesto.ideas.queries import Page
from manifesto.permissions import role_required
from manifesto.rounds.models import Round
from manifesto.workshops import manage_queries, services
from manifesto.workshops.forms import WorkshopForm
from manifesto.workshops.models import Workshop

blueprint = Blueprint("workshops", __name__)

PER_PAGE = 50
MAX_PAGE = 100_000


# --- helpers shared with entry_views -----------------------------------------

def load_workshop(workshop_id: int) -> Workshop:
    return permissions.require_found(db.session.scalar(
        select(Workshop).where(Workshop.id == workshop_id)
        .options(joinedload(Workshop.round).selectinload(Round.themes),
                 joinedload(Workshop.owner).lazyload(User.role_rows))
    ))


def optional_url(endpoint: str, **candidates) -> str | None:
    """A link to another part's page, or None while that page does not exist
    (the sheet upload and public pages are built separately)."""
    if endpoint not in current_app.view_functions:
        return None
    for name, value in candidates.items():
        try:
            return url_for(endpoint, **{name: value})
        except BuildError:
            continue
    return None


def _show_errors(form: WorkshopForm, error: services.WorkshopError) -> None:
    for name, message in error.errors.items():
        field = form._fields.get(name)
        if field is not None:
            field.errors = [*field.errors, message]
        else:
            form.form_errors.append(message)


# --- the facilitator's list -------------------------------------------------

@blueprint.route("/workshops/mine")
@role_required("facilitator", "admin")
def mine():
    is_admin = current_user.has_role("admin")
    rounds = manage_queries.all_rounds() if is_admin else []
    chosen = request.args.get("round", type=int) if is_admin else None
    if chosen is not None and chosen not in {r.id for r in rounds}:
        chosen = None
    number = min(max(request.args.get("page", 1, type=int), 1), MAX_PAGE)
    workshops, total = manage_queries.managed_workshops(
        current_user, round_id=chosen, page=number, per_page=PER_PAGE)
    page = Page(items=workshops, page=number, per_page=PER_PAGE, total=total)
    taking_input = [r for r in manage_queries.rounds_taking_input()
                    if permissions.can(current_user, "workshop.create", r)]
    return render_template("workshops/manage/mine.html", page=page, rounds=rounds,
                           chosen_round=chosen, taking_input=taking_input, is_admin=is_admin,
                           link_args={"round": chosen} if chosen else {})


# --- recording and editing a workshop -----------------------------------------

@blueprint.route("/rounds/<slug>/workshops/new", methods=["GET", "POST"])
@role_required("facilitator", "admin")
def new(slug: str):
    round_ = permissions.require_found(db.session.scalar(select(Round).where(Round.slug == slug)))
    permissions.require(current_user, "workshop.create", round_)
    form = WorkshopForm()
    if request.method == "GET":
        form.facilitator_name.data = current_user.display_name
    if form.validate_on_submit():
        try:
            workshop = services.create_workshop(current_user, round_, **form.values())
        except services.WorkshopError as error:
            _show_errors(form, error)
        else:
            flash(f"Workshop “{workshop.title}” recorded. Now type in what it produced.", "success")
            return redirect(url_for(".manage", workshop_id=workshop.id))
    return render_template("workshops/manage/form.html", form=form, round=round_, workshop=None)


@blueprint.route("/workshops/<int:workshop_id>/edit", methods=["GET", "POST"])
@role_required("facilitator", "admin")
def edit(workshop_id: int):
    workshop = load_workshop(workshop_id)
    permissions.require(current_user, "workshop.edit", workshop)
    form = WorkshopForm(data={name: getattr(workshop, name) for name in services.WORKSHOP_FIELDS})
    if form.validate_on_submit():
        try:
            services.update_workshop(current_user, workshop, **form.values())
        except services.WorkshopError as error:
            _show_errors(form, error)
        else:
            flash(f"Workshop “{workshop.title}” saved.", "success")
            return redirect(url_for(".manage", workshop_id=workshop.id))
    return render_template("workshops/manage/form.html", form=form, round=workshop.round,
                           workshop=workshop)


@blueprint.route("/workshops/<int:workshop_id>/manage")
@role_required("facilitator", "admin")
def manage(workshop_id: int):
    workshop = load_workshop(workshop_id)
    permissions.require(current_user, "workshop.edit", workshop)
    history, history_total = manage_queries.recent_tally_changes(workshop)
    links = {
        "upload": optional_url("workshop_imports.upload", workshop_id=workshop.id),
        "pack": optional_url("workshops_public.pack", workshop_id=workshop.id,
                             slug=workshop.round.slug),
        "public": optional_url("workshops_public.show", workshop_id=workshop.id),
    }
    return render_template(
        "workshops/manage/manage.html", workshop=workshop, round=workshop.round,
        counts=manage_queries.workshop_counts(workshop), history=history,
        history_total=history_total, links=links,
        closed=permissions.reason_refused(current_user, "workshop.enter", workshop),
    )


from manifesto.workshops import entry_views  # noqa: E402,F401  (registers the entry routes)
