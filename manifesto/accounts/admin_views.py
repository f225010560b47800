"""Administrators' pages for people and their roles, under /admin/people."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from manifesto import permissions
from manifesto.accounts import services
from manifesto.accounts.admin_forms import ASSIGNABLE_ROLES, PeopleSearchForm, RolesForm
from manifesto.accounts.models import User
from manifesto.extensions import db
from manifesto.ideas.queries import Page
from manifesto.permissions import role_required

blueprint = Blueprint("people_admin", __name__, url_prefix="/admin/people")

MAX_PAGE = 100_000


@blueprint.route("")
@role_required("admin")
def people():
    permissions.require(current_user, "user.manage", None)
    form = PeopleSearchForm(request.args)
    number = min(max(request.args.get("page", 1, type=int), 1), MAX_PAGE)
    found, total = services.search_people(form.q.data or "", page=number,
                                          per_page=services.PEOPLE_PER_PAGE)
    page = Page(items=found, page=number, per_page=services.PEOPLE_PER_PAGE, total=total)
    return render_template("admin/people.html", form=form, page=page,
                           link_args={"q": form.q.data} if form.q.data else {},
                           role_labels={role: label for role, (label, _) in ASSIGNABLE_ROLES.items()})


def _describe(roles: set[str]) -> str:
    return ", ".join(ASSIGNABLE_ROLES[role][0].lower() for role in sorted(roles))


@blueprint.route("/<int:user_id>", methods=["GET", "POST"])
@role_required("admin")
def person(user_id: int):
    user = permissions.require_found(db.session.get(User, user_id))
    permissions.require(current_user, "user.manage", user)
    form = RolesForm(data={role: user.has_role(role) for role in ASSIGNABLE_ROLES})
    if form.validate_on_submit():
        wanted = form.wanted_roles()
        current = {role for role in ASSIGNABLE_ROLES if user.has_role(role)}
        added, removed = wanted - current, current - wanted
        if "admin" in removed and user.id == current_user.id:
            form.admin.errors = [services.OWN_ADMIN_ROLE]
        else:
            try:
                for role in sorted(added):
                    services.grant_role(user, role, actor=current_user)
                for role in sorted(removed):
                    services.revoke_role(user, role, actor=current_user)
            except services.AccountError as error:
                getattr(form, error.field or "admin").errors = [error.message]
            else:
                changes = []
                if added:
                    changes.append(f"added {_describe(added)}")
                if removed:
                    changes.append(f"removed {_describe(removed)}")
                if changes:
                    flash(f"Roles of {user.display_name} saved: {'; '.join(changes)}.", "success")
                else:
                    flash(f"No change: {user.display_name}’s roles are as they were.", "success")
                return redirect(url_for(".person", user_id=user.id))
    return render_template("admin/person.html", person=user, form=form,
                           is_self=user.id == current_user.id)
