"""Posting limits per account, on top of the per-address ones.

A whole workshop may share one address, so the per-address limits are
generous; these stop any single account flooding the site whatever address
it posts from. Used as a Flask-Limiter ``key_func`` under ``@signed_in``.
"""

from __future__ import annotations

from flask_login import current_user


def account_key() -> str:
    return f"account:{current_user.id}" if current_user.is_authenticated else "account:anonymous"
