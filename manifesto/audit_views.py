"""Administrators read and filter the audit log (read only)."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("audit_admin", __name__)
