"""Support an idea: one button, with or without JavaScript."""

from __future__ import annotations


from flask import Blueprint, current_app, flash, jsonify, redirect, request, url_for
from flask_login import current_user

from manifesto import permissions
from manifesto.extensions import db, limiter
from manifesto.ideas.models import Idea
from manifesto.permissions import PermissionDenied, signed_in
from manifesto.security import safe_next
from manifesto.supports import services

blueprint = Blueprint("supports", __name__)

ADD_LABEL = "Support this idea"
REMOVE_LABEL = "Remove my support"


def support_count_text(count: int) -> str:
    return f"{count} supporter{'' if count == 1 else 's'} online"


def _wants_json() -> bool:
    return permissions.wants_json() or bool(request.headers.get("X-Requested-With"))


@blueprint.app_template_global()
def support_refusal(idea: Idea) -> permissions.Refusal | None:
    """None when the current person may do this to ``idea``; otherwise why not."""
    return permissions.refusal_for(current_user, "idea.support", idea, "Sign in to support this idea")


blueprint.add_app_template_global(support_count_text, "support_count_text")


@blueprint.route("/ideas/<int:idea_id>/support", methods=["POST"])
@signed_in
@limiter.limit(lambda: current_app.config["SUPPORT_RATE_LIMIT"])
def toggle(idea_id: int):
    idea = permissions.require_found(db.session.get(Idea, idea_id))
    try:
        permissions.require(current_user, "idea.support", idea)
    except PermissionDenied as refused:
        if _wants_json():
            return jsonify({"error": "Not allowed", "message": refused.reason, "status": 403}), 403
        raise

    # The form says what the button showed ("add"/"remove"), so a double
    # click or a stale second tab cannot undo what the person meant.
    wanted = request.form.get("want")
    try:
        if wanted in ("add", "remove"):
            supported, count = services.set_support(current_user, idea, wanted == "add")
        else:
            supported, count = services.toggle_support(current_user, idea)
    except services.SupportRefused as refused:
        if _wants_json():
            return jsonify({"error": "Conflict", "message": refused.message, "status": 409}), 409
        flash(refused.message, "error")
        return redirect(url_for("ideas.show", idea_id=idea_id))

    message = (
        "Thank you: you now support this idea." if supported
        else "Your support for this idea has been removed."
    )
    if _wants_json():
        return jsonify(
            {
                "supported": supported,
                "support_count": count,
                "label": REMOVE_LABEL if supported else ADD_LABEL,
                "count_text": support_count_text(count),
                "message": message,
            }
        )
    flash(message, "success")
    default = url_for("ideas.show", idea_id=idea_id, _anchor="support")
    return redirect(safe_next(request.form.get("next") or request.args.get("next"), default))
