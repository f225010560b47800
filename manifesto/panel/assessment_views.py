"""Panellists' assessment queue, scoring and results."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("panel_assess", __name__)
