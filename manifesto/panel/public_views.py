"""The public manifesto, commitment pages and how we decided."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user

from manifesto import permissions
from manifesto.panel import public_queries as queries
from manifesto.panel.aggregation import TIE_BREAK
from manifesto.panel.models import COMPUTED_FROM
from manifesto.panel.services import criteria_of
from manifesto.permissions import public
from manifesto.workshops.models import NATIONS

blueprint = Blueprint("manifesto_public", __name__)


@blueprint.app_template_filter("nation_names")
def nation_names(codes) -> str:
    """["scotland", "wales"] → "Scotland and Wales"."""
    names = [NATIONS.get(code, code) for code in codes]
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _visible_round(slug: str):
    round_ = permissions.require_found(queries.round_by_slug(slug))
    if not permissions.can(current_user, "round.view", round_):
        abort(404)  # drafts are not announced to anyone but administrators
    return round_


@blueprint.route("/rounds/<slug>/manifesto")
@public
def manifesto(slug: str):
    round_ = _visible_round(slug)
    published = queries.is_published(round_)
    preview = not published and permissions.can(current_user, "panel.view", round_)
    if not (published or preview):
        return render_template("panel/public/not_published.html", round=round_), 404
    return render_template("panel/public/manifesto.html", round=round_, preview=preview,
                           sections=queries.manifesto_sections(round_))


@blueprint.route("/commitments/<int(max=2147483647):commitment_id>")
@public
def commitment(commitment_id: int):
    commitment = permissions.require_found(queries.load_commitment(commitment_id))
    permissions.require(current_user, "round.view", commitment.round)
    permissions.require(current_user, "commitment.view", commitment)
    return render_template("panel/public/commitment.html", round=commitment.round,
                           entry=queries.commitment_entry(commitment),
                           published=queries.is_published(commitment.round)
                           and commitment.number is not None)


@blueprint.route("/rounds/<slug>/how-we-decided")
@public
def how_we_decided(slug: str):
    round_ = _visible_round(slug)
    published = queries.is_published(round_)
    return render_template("panel/public/how_we_decided.html", round=round_,
                           criteria=criteria_of(round_), computed_from=COMPUTED_FROM,
                           tie_break=TIE_BREAK, facts=queries.method_facts(round_),
                           published=published,
                           show_decisions=published or permissions.can(current_user, "panel.view", round_))
