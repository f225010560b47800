"""Downloads: the manifesto documents, open data and restricted exports."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("exports", __name__)
