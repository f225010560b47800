"""The API's blueprint and what every API view shares: open-data headers,
JSON errors, this site's API address and the round lookup.

The views live in manifesto/api/views.py (rounds, themes, ideas, workshops)
and manifesto/api/commitment_views.py (commitments and the shortlist); both
add their routes to this one blueprint, so every endpoint is ``api.<name>``.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from manifesto.api import queries
from manifesto.api.params import ApiError, not_found
from manifesto.rounds.models import Round

blueprint = Blueprint("api", __name__, url_prefix="/api")
JSON_PREFIX = "/api/v1/"


@blueprint.after_request
def _open_data_headers(response):
    if request.path.startswith(JSON_PREFIX):
        response.headers["Access-Control-Allow-Origin"] = "*"
        if response.status_code == 200:
            response.headers["Cache-Control"] = "public, max-age=60"
    return response


@blueprint.errorhandler(ApiError)
def _api_error(error: ApiError):
    return jsonify(error.as_json()), error.status


def server_url() -> str:
    """This site's /api/v1 address, as the OpenAPI document's server."""
    return request.url_root.rstrip("/") + JSON_PREFIX.rstrip("/")


def round_or_404(slug: str, with_themes: bool = False) -> Round:
    round_ = queries.public_round(slug, with_themes=with_themes)
    if round_ is None:
        raise not_found("There is no public round with this slug.")
    return round_
