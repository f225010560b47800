"""Information pages everyone can read: privacy notice and accessibility statement."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("pages", __name__)
