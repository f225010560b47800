from flask import Blueprint

blueprint = Blueprint("ideas", __name__)
