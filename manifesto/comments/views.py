from flask import Blueprint

blueprint = Blueprint("comments", __name__)
