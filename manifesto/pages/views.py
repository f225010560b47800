"""Information pages everyone can read: privacy notice and accessibility statement."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, render_template, url_for
from werkzeug.routing import BuildError

from manifesto.permissions import public

blueprint = Blueprint("pages", __name__)

#: When each text was last reviewed: change it with the text.
PRIVACY_NOTICE_REVIEWED = date(2026, 11, 23)
ACCESSIBILITY_STATEMENT_REVIEWED = date(2026, 11, 23)
DEFAULT_CONTROLLER = "the network running this platform"


def _optional_url(endpoint: str) -> str | None:
    """The address of a page another part of the site may not have yet."""
    if endpoint not in current_app.view_functions:
        return None
    try:
        return url_for(endpoint)
    except BuildError:
        return None


def _operator() -> dict:
    config = current_app.config
    name = (config.get("ORGANISATION_NAME") or "").strip()
    return {
        "organisation": name or DEFAULT_CONTROLLER,
        "organisation_named": bool(name),
        "contact_email": (config.get("PRIVACY_CONTACT_EMAIL") or "").strip() or None,
    }


@blueprint.route("/privacy")
@public
def privacy():
    return render_template(
        "pages/privacy.html",
        reviewed=PRIVACY_NOTICE_REVIEWED,
        your_data_url=_optional_url("privacy.overview"),
        account_url=url_for("accounts.account"),
        **_operator(),
    )


@blueprint.route("/accessibility")
@public
def accessibility():
    return render_template(
        "pages/accessibility.html",
        reviewed=ACCESSIBILITY_STATEMENT_REVIEWED,
        **_operator(),
    )
