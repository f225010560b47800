from flask import Blueprint

from manifesto.permissions import role_required

blueprint = Blueprint("rounds_admin", __name__, url_prefix="/admin")


@blueprint.route("/")
@role_required("admin")
def index():
    return "TODO"
