"""Facilitators' pages: recording workshops and typing in what they produced."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("workshops", __name__)
