"""Public pages: the home page (current rounds) and a round's page."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user

from manifesto import permissions
from manifesto.permissions import public
from manifesto.rounds import counts, services

blueprint = Blueprint("rounds", __name__)


@blueprint.app_template_global("round_window")
def round_window(round_) -> str:
    return services.describe_window(round_)


@blueprint.route("/")
@public
def home():
    rounds = services.current_rounds()
    featured = rounds[0] if rounds and rounds[0].is_accepting() else None
    return render_template(
        "rounds/home.html",
        rounds=rounds,
        featured=featured,
        counts=counts.round_counts(r.id for r in rounds),
    )


@blueprint.route("/rounds/<slug>/")
@public
def show(slug: str):
    round_ = permissions.require_found(services.round_by_slug(slug))
    if not permissions.can(current_user, "round.view", round_):
        abort(404)  # drafts are not announced to anyone but administrators
    return render_template(
        "rounds/show.html",
        round=round_,
        counts=counts.round_counts([round_.id])[round_.id],
        theme_counts=counts.theme_idea_counts(round_),
    )
