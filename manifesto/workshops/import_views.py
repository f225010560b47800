"""Sheet upload for workshops: template, upload, preview, confirm."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("workshop_imports", __name__)
