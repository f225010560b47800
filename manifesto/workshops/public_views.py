"""Public workshop pages and the printable workshop pack."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("workshops_public", __name__)
