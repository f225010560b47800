"""Administrators' and panellists' pages for criteria and commitments."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("panel_admin", __name__)
