"""The shortlist: decisions with reasons, order and publication."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("shortlist", __name__)
