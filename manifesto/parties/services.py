"""The party list: adding, changing and removing parties (administrators).

Also the small rules every part of this package shares: what a web address
may be, and how a transaction ends."""

from __future__ import annotations

from typing import Iterable
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from manifesto import audit
from manifesto.extensions import db
from manifesto.parties.colours import normalise
from manifesto.parties.models import (
    NAME_MAX,
    SHORT_NAME_MAX,
    URL_MAX,
    Party,
    PartyNation,
    PartyResponse,
)
from manifesto.timeutil import utcnow
from manifesto.workshops.models import NATIONS


class PartyError(ValueError):
    """Invalid input or a refused change: ``errors`` maps field names to
    messages ("" for the form as a whole)."""

    def __init__(self, errors: dict[str, str] | str):
        errors = {"": errors} if isinstance(errors, str) else errors
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def commit() -> None:
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise


def url_problem(value: str) -> str | None:
    """Why ``value`` is not a web address we link to (None when it is)."""
    if len(value) > URL_MAX:
        return f"Keep the web address to {URL_MAX} characters or fewer."
    if any(character.isspace() for character in value):
        return "A web address has no spaces. Copy it from the browser's address bar."
    try:
        parts = urlsplit(value)
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname \
            or "." not in parts.hostname:
        return "Give a full web address starting with https:// (or http://)."
    return None


def clean_url(value: str | None, field: str, errors: dict[str, str]) -> str:
    text = (value or "").strip()
    if text:
        problem = url_problem(text)
        if problem:
            errors[field] = problem
    return text


def _clean_text(value: str | None, field: str, label: str, limit: int,
                errors: dict[str, str]) -> str:
    text = " ".join((value or "").split())
    if not text:
        errors[field] = f"Enter the party's {label}."
    elif len(text) > limit:
        errors[field] = f"Keep the {label} to {limit} characters or fewer."
    return text


# --- parties -------------------------------------------------------------------------

def all_parties() -> list[Party]:
    return list(db.session.scalars(select(Party).order_by(func.lower(Party.name), Party.id)))


def _snapshot(party: Party) -> dict:
    return {"name": party.name, "short_name": party.short_name, "colour": party.colour,
            "nations": party.nations, "website": party.website}


def _clash(party: Party | None, column, value: str) -> bool:
    statement = select(Party.id).where(func.lower(column) == value.lower())
    if party is not None:
        statement = statement.where(Party.id != party.id)
    return db.session.scalar(statement.limit(1)) is not None


def save_party(actor, party: Party | None = None, *, name: str, short_name: str, colour: str,
               nations: Iterable[str], website: str = "") -> Party:
    """Add a party (``party`` None) or change one; audited, one transaction."""
    errors: dict[str, str] = {}
    name = _clean_text(name, "name", "name", NAME_MAX, errors)
    short_name = _clean_text(short_name, "short_name", "short name", SHORT_NAME_MAX, errors)
    hex_colour = normalise(colour or "")
    if hex_colour is None:
        errors["colour"] = "Give the colour as # and six hexadecimal digits, like #1d4f91."
    chosen = sorted(set(nations or ()))
    if not chosen:
        errors["nations"] = "Choose at least one nation where the party stands."
    elif any(code not in NATIONS for code in chosen):
        errors["nations"] = "Choose from the nations listed."
    website = clean_url(website, "website", errors)
    if "name" not in errors and _clash(party, Party.name, name):
        errors["name"] = f"There is already a party called “{name}”."
    if "short_name" not in errors and _clash(party, Party.short_name, short_name):
        errors["short_name"] = f"Another party already has the short name “{short_name}”."
    if errors:
        raise PartyError(errors)
    before = _snapshot(party) if party is not None else None
    if party is None:
        party = Party(name=name, short_name=short_name, colour=hex_colour, website=website)
        db.session.add(party)
    else:
        party.name, party.short_name, party.colour = name, short_name, hex_colour
        party.website, party.updated_at = website, utcnow()
    party.nation_rows = [row for row in party.nation_rows if row.nation in chosen]
    have = {row.nation for row in party.nation_rows}
    party.nation_rows += [PartyNation(nation=code) for code in chosen if code not in have]
    try:
        db.session.flush()
        audit.record(actor, "party.created" if before is None else "party.updated", party,
                     before, _snapshot(party))
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise PartyError("Another party with this name was saved at the same moment. "
                         "Check the list of parties and try again.") from None
    except Exception:
        db.session.rollback()
        raise
    return party


def delete_party(actor, party: Party) -> None:
    """Remove a party added by mistake. A party whose responses are on the
    scorecard stays: its record is public."""
    responses = db.session.scalar(
        select(func.count()).select_from(PartyResponse).where(PartyResponse.party_id == party.id))
    if responses:
        raise PartyError(f"{party.name} has {responses} recorded "
                         f"{'response' if responses == 1 else 'responses'}, which are public, "
                         "so it cannot be removed. You can change its details instead.")
    before = _snapshot(party)
    audit.record(actor, "party.deleted", party, before, None)
    db.session.delete(party)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise PartyError(f"A response for {party.name} was recorded just now, so it cannot "
                         "be removed.") from None
    except Exception:
        db.session.rollback()
        raise
