"""Parties, their responses and delivery; restricted exports."""

from __future__ import annotations

from manifesto.permissions.core import _SIGN_IN, _authenticated, _is_admin, policy

# Parties: the party list, their responses and delivery progress (issue 7).

@policy("party.manage")
def _manage_parties(user, _party) -> str | None:
    if not _authenticated(user):
        return _SIGN_IN
    return None if _is_admin(user) else "Only administrators can manage parties."


@policy("party.record")
def _record_party_responses(user, _obj) -> str | None:
    """Parties' responses and delivery progress: administrators only. Whether
    the commitment takes them (published) is the service's rule, which says why."""
    if not _authenticated(user):
        return _SIGN_IN
    return None if _is_admin(user) else "Only administrators can record responses and progress."


# Restricted exports: panel scores and the audit log (issue 6).

@policy("export.restricted")
def _restricted_export(user, _obj) -> str | None:
    """Every panellist's scores and notes, and the audit log: administrators
    only, checked again on every download."""
    if not _authenticated(user):
        return _SIGN_IN
    return None if _is_admin(user) else "Only administrators can download restricted exports."
