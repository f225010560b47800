from flask import Blueprint

from manifesto.permissions import public

blueprint = Blueprint("rounds", __name__)


@blueprint.route("/")
@public
def home():
    return "TODO"
