"""Party responses and delivery progress for the API: paged queries over a
published round's numbered commitments, and the per-commitment extras
(stances and latest status) loaded for a whole page in two queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Select, select
from sqlalchemy.orm import contains_eager

from manifesto.extensions import db
from manifesto.panel.models import Commitment
from manifesto.parties.models import Party, PartyResponse, ProgressUpdate
from manifesto.parties.progress import current_statuses
from manifesto.rounds.models import Round


def parties_query() -> Select:
    return select(Party).order_by(Party.name, Party.id)


def responses_query(round_: Round, party_id: int | None = None,
                    number: int | None = None) -> Select:
    """Responses to the round's numbered commitments, by number then party name."""
    statement = (
        select(PartyResponse)
        .join(PartyResponse.commitment).join(PartyResponse.party)
        .where(Commitment.round_id == round_.id, Commitment.number.is_not(None))
        .options(contains_eager(PartyResponse.commitment), contains_eager(PartyResponse.party))
        .order_by(Commitment.number, Party.name, PartyResponse.id)
    )
    if party_id is not None:
        statement = statement.where(PartyResponse.party_id == party_id)
    if number is not None:
        statement = statement.where(Commitment.number == number)
    return statement


def progress_query(round_: Round, number: int | None = None) -> Select:
    """Updates on the round's numbered commitments, by number then date."""
    statement = (
        select(ProgressUpdate)
        .join(ProgressUpdate.commitment)
        .where(Commitment.round_id == round_.id, Commitment.number.is_not(None))
        .options(contains_eager(ProgressUpdate.commitment))
        .order_by(Commitment.number, ProgressUpdate.happened_on, ProgressUpdate.id)
    )
    if number is not None:
        statement = statement.where(Commitment.number == number)
    return statement


@dataclass
class PartyExtras:
    """Each commitment's responses (party short name, stance) and latest status."""

    responses: dict[int, list[dict]] = field(default_factory=dict)
    statuses: dict[int, str] = field(default_factory=dict)

    def responses_of(self, commitment_id: int) -> list[dict]:
        return self.responses.get(commitment_id, [])

    def status_of(self, commitment_id: int) -> str | None:
        return self.statuses.get(commitment_id)


def extras_for(commitment_ids: list[int]) -> PartyExtras:
    """Two queries for any number of commitments."""
    extras = PartyExtras()
    if not commitment_ids:
        return extras
    for commitment_id, party_id, short_name, stance in db.session.execute(
            select(PartyResponse.commitment_id, Party.id, Party.short_name, PartyResponse.stance)
            .join(Party, Party.id == PartyResponse.party_id)
            .where(PartyResponse.commitment_id.in_(commitment_ids))
            .order_by(Party.name, Party.id)):
        extras.responses.setdefault(commitment_id, []).append(
            {"party_id": party_id, "party": short_name, "stance": stance})
    extras.statuses = {cid: update.status
                       for cid, update in current_statuses(commitment_ids).items()}
    return extras
