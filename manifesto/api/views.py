from flask import Blueprint, jsonify

from manifesto.permissions import public

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")


@blueprint.route("/openapi.json")
@public
def openapi():
    return jsonify({})
