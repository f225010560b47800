"""Workshops: facilitators record them and type in what was said."""

from __future__ import annotations

from manifesto.permissions.core import _SIGN_IN, _authenticated, _is_admin, policy
from manifesto.permissions.rules_content import _view_round

# Workshops.

def _is_facilitator(user) -> bool:
    return _authenticated(user) and bool(user.roles & {"facilitator", "admin"})


def _workshop_input_closed(round_) -> str | None:
    from manifesto.workshops.services import input_closed_reason

    return input_closed_reason(round_)


@policy("workshop.view")
def _view_workshop(user, workshop) -> str | None:
    return _view_round(user, workshop.round)


@policy("workshop.create")
def _create_workshop(user, round_) -> str | None:
    if not _authenticated(user):
        return _SIGN_IN
    if not _is_facilitator(user):
        return "Only facilitators can record workshops."
    return _workshop_input_closed(round_)


@policy("workshop.edit")
def _edit_workshop(user, workshop) -> str | None:
    """Facilitators manage their own workshops; administrators all of them."""
    if not _authenticated(user):
        return _SIGN_IN
    if _is_admin(user):
        return None
    if user.has_role("facilitator") and workshop.owner_id == user.id:
        return None
    return "Only the facilitator who recorded this workshop, or an administrator, can change it."


@policy("workshop.enter")
def _enter_for_workshop(user, workshop) -> str | None:
    """Typing in the workshop's ideas, comments and dots."""
    return _edit_workshop(user, workshop) or _workshop_input_closed(workshop.round)
