"""Public pages: the scorecard, a response with its evidence and history, a
commitment's responses, its delivery timeline; following a commitment."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from manifesto import permissions
from manifesto.parties import follows, progress, queries
from manifesto.parties.blueprint import blueprint
from manifesto.parties.chart import build_chart
from manifesto.parties.forms import ScorecardFilters, choices
from manifesto.parties.models import PROGRESS_STATUSES
from manifesto.parties.services import PartyError
from manifesto.permissions import public, signed_in

ID = "int(max=2147483647)"


# For other pages (the commitment page, the manifesto page):
#   {% with updates = commitment_timeline(commitment) %}{% include "parties/_timeline.html" %}{% endwith %}
#   {% from "parties/_macros.html" import progress_summary %}{{ progress_summary(manifesto_progress(round)) }}
blueprint.add_app_template_global(progress.timeline, "commitment_timeline")
blueprint.add_app_template_global(progress.progress_summary, "manifesto_progress")
blueprint.add_app_template_global(PROGRESS_STATUSES, "progress_statuses")


def _visible_round(slug: str):
    round_ = permissions.require_found(queries.round_by_slug(slug))
    if not permissions.can(current_user, "round.view", round_):
        abort(404)  # drafts are not announced
    return round_


def _commitment(commitment_id: int):
    commitment = permissions.require_found(queries.load_commitment(commitment_id))
    if not permissions.can(current_user, "round.view", commitment.round):
        abort(404)
    permissions.require(current_user, "commitment.view", commitment)
    return commitment


def _theme_id() -> int | None:
    value = request.args.get("theme", "")
    return int(value) if value.isdigit() and len(value) < 10 else None


@blueprint.route("/rounds/<slug>/scorecard")
@public
def scorecard(slug: str):
    round_ = _visible_round(slug)
    if not queries.is_published(round_):
        return render_template("parties/not_published.html", round=round_), 404
    card = queries.scorecard(round_, _theme_id(), request.args.get("nation") or None)
    filters = ScorecardFilters(request.args)
    filters.theme.choices = choices([("", "All themes")]
                                    + [(str(t.id), t.name) for t in round_.themes])
    filters.theme.data = str(card.theme.id) if card.theme else ""
    filters.nation.data = card.nation or ""
    return render_template("parties/scorecard.html", round=round_, card=card, filters=filters,
                           chart=build_chart(card))


@blueprint.route(f"/responses/<{ID}:response_id>")
@public
def response(response_id: int):
    found = permissions.require_found(queries.load_response(response_id))
    commitment = _commitment(found.commitment_id)
    return render_template("parties/response.html", response=found, commitment=commitment,
                           round=commitment.round)


@blueprint.route(f"/commitments/<{ID}:commitment_id>/responses")
@public
def commitment_responses(commitment_id: int):
    commitment = _commitment(commitment_id)
    return render_template("parties/commitment_responses.html", commitment=commitment,
                           round=commitment.round,
                           cells=queries.commitment_responses(commitment),
                           following=follows.is_following(current_user, commitment))


@blueprint.route(f"/commitments/<{ID}:commitment_id>/progress")
@public
def progress_page(commitment_id: int):
    commitment = _commitment(commitment_id)
    return render_template("parties/progress.html", commitment=commitment,
                           round=commitment.round, updates=progress.timeline(commitment),
                           following=follows.is_following(current_user, commitment))


def _back(commitment) -> str:
    """Back to the page the button was on (one of ours), else the responses page."""
    wanted = request.form.get("next", "")
    pages = {url_for("parties.commitment_responses", commitment_id=commitment.id),
             url_for("parties.progress_page", commitment_id=commitment.id)}
    return wanted if wanted in pages else url_for("parties.commitment_responses",
                                                  commitment_id=commitment.id)


@blueprint.route(f"/commitments/<{ID}:commitment_id>/follow", methods=["POST"])
@signed_in
def follow(commitment_id: int):
    commitment = _commitment(commitment_id)
    try:
        started = follows.follow(current_user, commitment)
    except PartyError as error:
        flash(error.errors.get("", str(error)), "error")
        return redirect(_back(commitment))
    flash("You are following this commitment: we will email you when a party responds or "
          "progress is recorded." if started else "You already follow this commitment.",
          "success")
    return redirect(_back(commitment))


@blueprint.route(f"/commitments/<{ID}:commitment_id>/unfollow", methods=["POST"])
@signed_in
def unfollow(commitment_id: int):
    commitment = _commitment(commitment_id)
    stopped = follows.unfollow(current_user, commitment)
    flash("You no longer follow this commitment." if stopped
          else "You were not following this commitment.", "success")
    return redirect(_back(commitment))
