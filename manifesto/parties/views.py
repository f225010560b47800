"""Parties, their responses, the scorecard and delivery tracking."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("parties", __name__)
