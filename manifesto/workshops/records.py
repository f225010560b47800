"""Workshop records: who met, where, when and how many came."""

from __future__ import annotations

from datetime import date
from typing import Any

from manifesto import audit
from manifesto.extensions import db
from manifesto.rounds.models import Round
from manifesto.timeutil import utcnow
from manifesto.workshops.models import (
    ATTENDEES_MAX,
    FACILITATOR_MAX,
    GROUP_MAX,
    NATIONS,
    NOTES_MAX,
    REGION_MAX,
    TITLE_MAX,
    TOWN_MAX,
    VENUE_MAX,
    Workshop,
)
from manifesto.workshops.rules import WorkshopError

WORKSHOP_FIELDS = (
    "title", "held_on", "venue", "town", "nation", "region", "organising_group",
    "facilitator_name", "attendees", "notes",
)
_TEXT_LIMITS = {
    # field: (label, maximum length, required message or None)
    "title": ("Title", TITLE_MAX, "Enter a title for the workshop."),
    "venue": ("Venue", VENUE_MAX, None),
    "town": ("Town or city", TOWN_MAX, "Enter the town or city where it was held."),
    "region": ("Region", REGION_MAX, None),
    "organising_group": ("Organising group", GROUP_MAX, None),
    "facilitator_name": ("Facilitator", FACILITATOR_MAX, None),
    "notes": ("Notes", NOTES_MAX, None),
}

# --- workshop records -------------------------------------------------------

def _clean_workshop(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for name, (label, maximum, required) in _TEXT_LIMITS.items():
        value = values.get(name) or ""
        value = value.strip() if name == "notes" else " ".join(value.split())
        if required and not value:
            errors[name] = required
        elif len(value) > maximum:
            errors[name] = f"{label} must be {maximum} characters or fewer."
        cleaned[name] = value
    held_on = values.get("held_on")
    if not isinstance(held_on, date):
        errors["held_on"] = "Enter the date the workshop was held, for example 14/03/2027."
    cleaned["held_on"] = held_on
    nation = values.get("nation")
    if nation not in NATIONS:
        errors["nation"] = "Choose the nation where the workshop was held."
    cleaned["nation"] = nation
    attendees = values.get("attendees")
    if attendees in (None, ""):
        attendees = 0
    if not isinstance(attendees, int) or isinstance(attendees, bool):
        errors["attendees"] = "Enter the number of people who attended, as a whole number."
    elif not 0 <= attendees <= ATTENDEES_MAX:
        errors["attendees"] = f"Number of attendees must be between 0 and {ATTENDEES_MAX:,}."
    cleaned["attendees"] = attendees
    if errors:
        raise WorkshopError(errors)
    return cleaned


def create_workshop(actor, round_: Round, **values: Any) -> Workshop:
    unknown = set(values) - set(WORKSHOP_FIELDS)
    if unknown:
        raise TypeError(f"unknown workshop fields {sorted(unknown)}")
    cleaned = _clean_workshop(values)
    workshop = Workshop(round_id=round_.id, owner_id=getattr(actor, "id", None), **cleaned)
    try:
        db.session.add(workshop)
        db.session.flush()
        audit.record(actor, "workshop.created", workshop, None,
                     {**cleaned, "round_id": round_.id, "owner_id": workshop.owner_id})
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return workshop


def update_workshop(actor, workshop: Workshop, **values: Any) -> Workshop:
    unknown = set(values) - set(WORKSHOP_FIELDS)
    if unknown:
        raise TypeError(f"unknown workshop fields {sorted(unknown)}")
    current = {name: getattr(workshop, name) for name in WORKSHOP_FIELDS}
    cleaned = _clean_workshop({**current, **values})
    changed = [name for name in WORKSHOP_FIELDS if cleaned[name] != current[name]]
    if not changed:
        return workshop
    try:
        for name in changed:
            setattr(workshop, name, cleaned[name])
        workshop.updated_at = utcnow()
        audit.record(actor, "workshop.updated", workshop,
                     {name: current[name] for name in changed},
                     {name: cleaned[name] for name in changed})
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return workshop
