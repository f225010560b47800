"""The public manifesto, commitment pages and how we decided."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("manifesto_public", __name__)
