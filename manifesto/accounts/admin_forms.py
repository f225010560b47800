"""Administrators' forms for finding people and changing their roles."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, Form, SearchField

#: The roles an administrator assigns here (everyone is a participant).
ASSIGNABLE_ROLES = {
    "facilitator": ("Facilitator", "Records workshops and types in what they produced."),
    "moderator": ("Moderator", "Works the queue of flagged content; hides, restores and merges."),
    "panellist": ("Panellist", "Scores commitments against the round’s criteria."),
    "admin": ("Administrator", "Runs rounds, assigns roles, publishes the manifesto."),
}


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class PeopleSearchForm(Form):
    """A GET form changing nothing, so without a CSRF token: links stay shareable."""

    q = SearchField("Search by name or email", filters=[_strip])


class RolesForm(FlaskForm):
    facilitator = BooleanField(ASSIGNABLE_ROLES["facilitator"][0])
    moderator = BooleanField(ASSIGNABLE_ROLES["moderator"][0])
    panellist = BooleanField(ASSIGNABLE_ROLES["panellist"][0])
    admin = BooleanField(ASSIGNABLE_ROLES["admin"][0])

    def role_fields(self):
        return [(getattr(self, role), hint) for role, (_label, hint) in ASSIGNABLE_ROLES.items()]

    def wanted_roles(self) -> set[str]:
        return {role for role in ASSIGNABLE_ROLES if getattr(self, role).data}
