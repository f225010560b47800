"""Administrators' pages for people and their roles, under /admin/people."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("people_admin", __name__)
