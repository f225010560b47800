"""Recording a party's stance on a published commitment, keeping every
earlier value as history, and telling the commitment's followers.

:func:`apply_response` is the one write (the form and the sheet import both
come through it); :func:`record_response` is the form's whole transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from manifesto import audit
from manifesto.extensions import db
from manifesto.panel.models import Commitment
from manifesto.parties import follows
from manifesto.parties.models import (
    QUOTE_MAX,
    STANCES,
    Party,
    PartyResponse,
    PartyResponseChange,
)
from manifesto.parties.services import PartyError, clean_url
from manifesto.timeutil import UK, utcnow

PUBLISHED_PHASES = ("published", "tracking")
FIELDS = ("stance", "quote", "evidence_url", "stated_on")


def closed_reason(commitment: Commitment) -> str | None:
    """Why this commitment takes no responses or progress (None when it does)."""
    if commitment.number is None or commitment.round.phase not in PUBLISHED_PHASES:
        return ("This commitment is not in a published manifesto, so parties' responses "
                "and progress cannot be recorded for it yet.")
    return None


def today_uk() -> date:
    return datetime.now(UK).date()


def clean_response(stance: str | None, quote: str | None, evidence_url: str | None,
                   stated_on: date | None, *, date_text: str = "") -> dict[str, Any]:
    """The values as stored, or PartyError naming each field that is wrong.
    ``date_text``: what was typed when it could not be read as a date."""
    errors: dict[str, str] = {}
    stance = (stance or "").strip()
    if stance not in STANCES:
        errors["stance"] = "Choose the party's stance: " + ", ".join(
            label.lower() for label in STANCES.values()) + "."
    quote = (quote or "").strip()
    if len(quote) > QUOTE_MAX:
        errors["quote"] = (f"The quotation is {len(quote):,} characters long; keep it to "
                           f"{QUOTE_MAX:,} or fewer (link to the rest).")
    evidence_url = clean_url(evidence_url, "evidence_url", errors)
    if date_text and stated_on is None:
        errors["stated_on"] = "Write the date the day first, like 14/03/2027."
    elif stated_on is not None and stated_on > today_uk():
        errors["stated_on"] = "The date the party said it cannot be in the future."
    if stance in ("committed", "partly", "declined") and not quote and not evidence_url \
            and "evidence_url" not in errors:
        errors["quote"] = ("Give the party's words or a link to where they said it: "
                           "a stance on the scorecard must be sourced.")
    if errors:
        raise PartyError(errors)
    return {"stance": stance, "quote": quote, "evidence_url": evidence_url,
            "stated_on": stated_on}


def _values(response: PartyResponse) -> dict[str, Any]:
    return {name: getattr(response, name) for name in FIELDS}


@dataclass
class Applied:
    response: PartyResponse
    outcome: str  # "new", "changed" or "same"
    before: dict[str, Any] | None

    def line(self) -> str:
        """How a follower's email reports it."""
        party, stance = self.response.party.name, STANCES[self.response.stance]
        if self.outcome == "new":
            return f"{party}: {stance}"
        return f"{party}: {stance} (was: {STANCES[self.before['stance']]})" \
            if self.before["stance"] != self.response.stance else f"{party}: {stance} (updated)"


def apply_response(actor, party: Party, commitment: Commitment, values: dict[str, Any],
                   via: str = "form") -> Applied:
    """Write ``values`` (already clean) in the caller's transaction: a new
    response, a change (with its history row), or nothing when equal."""
    response = db.session.scalar(
        select(PartyResponse).where(PartyResponse.party_id == party.id,
                                    PartyResponse.commitment_id == commitment.id)
        .with_for_update())
    now, actor_id = utcnow(), getattr(actor, "id", None)
    if response is None:
        response = PartyResponse(party=party, commitment=commitment, recorded_by_id=actor_id,
                                 recorded_at=now, **values)
        db.session.add(response)
        before = None
    else:
        before = _values(response)
        if before == values:
            return Applied(response, "same", before)
        for name, value in values.items():
            setattr(response, name, value)
        response.recorded_by_id, response.updated_at = actor_id, now
    db.session.flush()
    db.session.add(PartyResponseChange(
        response_id=response.id, old_stance=before and before["stance"],
        new_stance=values["stance"], old_quote=before and before["quote"],
        new_quote=values["quote"], old_evidence_url=before and before["evidence_url"],
        new_evidence_url=values["evidence_url"], old_stated_on=before and before["stated_on"],
        new_stated_on=values["stated_on"], changed_by_id=actor_id, changed_at=now, via=via))
    details = {"party_id": party.id, "commitment_id": commitment.id, "via": via}
    audit.record(actor, "party_response.recorded" if before is None else "party_response.changed",
                 response, before, {**values, **details})
    return Applied(response, "new" if before is None else "changed", before)


def record_response(actor, party: Party, commitment: Commitment, *, stance: str | None,
                    quote: str | None = "", evidence_url: str | None = "",
                    stated_on: date | None = None, date_text: str = "") -> Applied:
    """Record or change one response: one transaction, audited, followers told."""
    reason = closed_reason(commitment)
    if reason:
        raise PartyError(reason)
    values = clean_response(stance, quote, evidence_url, stated_on, date_text=date_text)
    try:
        applied = apply_response(actor, party, commitment, values)
        if applied.outcome != "same":
            follows.notify_followers(commitment, [applied.line()])
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise PartyError("Someone else recorded this party's response at the same moment. "
                         "Check it below and save again if it needs changing.") from None
    except Exception:
        db.session.rollback()
        raise
    return applied


def response_for(party_id: int, commitment_id: int) -> PartyResponse | None:
    return db.session.scalar(select(PartyResponse).where(
        PartyResponse.party_id == party_id, PartyResponse.commitment_id == commitment_id))
