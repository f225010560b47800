from flask import Blueprint

blueprint = Blueprint("supports", __name__)
