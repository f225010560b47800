"""A participant's own data: download it, manage consent, delete the account."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("privacy", __name__)
