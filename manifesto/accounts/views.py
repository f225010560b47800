from flask import Blueprint

from manifesto.permissions import public, signed_in

blueprint = Blueprint("accounts", __name__, url_prefix="/account")


@blueprint.route("/login", methods=["GET", "POST"])
@public
def login():
    return "TODO"


@blueprint.route("/register", methods=["GET", "POST"])
@public
def register():
    return "TODO"


@blueprint.route("/logout", methods=["POST"])
@signed_in
def logout():
    return "TODO"


@blueprint.route("/")
@signed_in
def account():
    return "TODO"
