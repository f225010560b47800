"""Reading parties' responses and progress: the scorecard, a commitment's
responses, and plain-dict lists for the API and the open-data exports.

For other packages:

* :func:`responses_for_round` — every party's response to each published
  commitment of a round, as plain dicts (no personal data);
* :func:`progress_for_round` — every progress update on them, likewise;
* ``progress.progress_summary(round_)`` — counts per delivery status.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from manifesto.extensions import db
from manifesto.panel.models import Commitment
from manifesto.parties.models import (
    PROGRESS_STATUSES,
    STANCES,
    Party,
    PartyResponse,
    ProgressUpdate,
)
from manifesto.parties.responses import PUBLISHED_PHASES
from manifesto.parties.services import all_parties
from manifesto.rounds.models import Round, Theme
from manifesto.workshops.models import NATIONS


def round_by_slug(slug: str) -> Round | None:
    return db.session.scalar(select(Round).where(Round.slug == slug)
                             .options(selectinload(Round.themes)))


def load_commitment(commitment_id: int) -> Commitment | None:
    return db.session.scalar(select(Commitment).where(Commitment.id == commitment_id)
                             .options(joinedload(Commitment.round), joinedload(Commitment.theme)))


def load_response(response_id: int) -> PartyResponse | None:
    return db.session.scalar(
        select(PartyResponse).where(PartyResponse.id == response_id)
        .options(joinedload(PartyResponse.party),
                 joinedload(PartyResponse.commitment).joinedload(Commitment.round),
                 selectinload(PartyResponse.changes)))


def is_published(round_: Round) -> bool:
    return round_.phase in PUBLISHED_PHASES


def published_commitments(round_: Round, theme_id: int | None = None) -> list[Commitment]:
    if not is_published(round_):
        return []
    statement = (select(Commitment).where(Commitment.round_id == round_.id,
                                          Commitment.number.is_not(None))
                 .options(joinedload(Commitment.theme)).order_by(Commitment.number))
    if theme_id is not None:
        statement = statement.where(Commitment.theme_id == theme_id)
    return list(db.session.scalars(statement))


def _responses(commitment_ids: list[int]) -> dict[tuple[int, int], PartyResponse]:
    if not commitment_ids:
        return {}
    return {(r.party_id, r.commitment_id): r for r in db.session.scalars(
        select(PartyResponse).where(PartyResponse.commitment_id.in_(commitment_ids)))}


# --- the scorecard --------------------------------------------------------------------

@dataclass
class Cell:
    party: Party
    response: PartyResponse | None

    @property
    def stance(self) -> str:
        return self.response.stance if self.response else "no_response"

    @property
    def label(self) -> str:
        return STANCES[self.stance]


@dataclass
class Line:
    commitment: Commitment
    cells: list[Cell]


@dataclass
class Totals:
    party: Party
    out_of: int
    counts: dict[str, int] = field(default_factory=lambda: {stance: 0 for stance in STANCES})

    @property
    def sentence(self) -> str:
        """"11 of 28 committed, 6 partly"."""
        return (f"{self.counts['committed']} of {self.out_of} committed, "
                f"{self.counts['partly']} partly")


@dataclass
class Scorecard:
    round: Round
    parties: list[Party]
    lines: list[Line]
    totals: list[Totals]
    themes: list[Theme]
    theme: Theme | None
    nation: str | None

    @property
    def nation_label(self) -> str:
        return NATIONS.get(self.nation or "", "")

    @property
    def ranked(self) -> list[Totals]:
        """Most committed first (then most partly): the race to the top."""
        return sorted(self.totals, key=lambda t: (-t.counts["committed"], -t.counts["partly"],
                                                  t.party.name.lower()))


def scorecard(round_: Round, theme_id: int | None = None, nation: str | None = None) -> Scorecard:
    theme = next((t for t in round_.themes if t.id == theme_id), None)
    nation = nation if nation in NATIONS else None
    parties = [p for p in all_parties() if nation is None or nation in p.nations]
    commitments = published_commitments(round_, theme.id if theme else None)
    found = _responses([c.id for c in commitments])
    lines = [Line(c, [Cell(p, found.get((p.id, c.id))) for p in parties]) for c in commitments]
    totals = [Totals(p, len(commitments)) for p in parties]
    for line in lines:
        for total, cell in zip(totals, line.cells):
            total.counts[cell.stance] += 1
    return Scorecard(round_, parties, lines, totals, list(round_.themes), theme, nation)


def commitment_responses(commitment: Commitment) -> list[Cell]:
    """Every party's stance on one commitment (parties with none: no response yet)."""
    found = {r.party_id: r for r in db.session.scalars(
        select(PartyResponse).where(PartyResponse.commitment_id == commitment.id)
        .options(selectinload(PartyResponse.changes)))}
    return [Cell(party, found.get(party.id)) for party in all_parties()]


# --- plain data for the API and open data -----------------------------------------------

def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _commitment_dict(commitment: Commitment) -> dict[str, Any]:
    return {"commitment_id": commitment.id, "commitment_number": commitment.number,
            "commitment_title": commitment.title}


def party_dict(party: Party) -> dict[str, Any]:
    return {"id": party.id, "name": party.name, "short_name": party.short_name,
            "colour": party.colour, "nations": party.nations, "website": party.website}


def responses_for_round(round_: Round) -> list[dict[str, Any]]:
    """Each recorded response to a published commitment of ``round_``, by
    commitment number then party name. Empty until the round is published."""
    commitments = {c.id: c for c in published_commitments(round_)}
    rows = db.session.scalars(
        select(PartyResponse).where(PartyResponse.commitment_id.in_(list(commitments)))
        .options(joinedload(PartyResponse.party))) if commitments else []
    items = [{
        "id": r.id, **_commitment_dict(commitments[r.commitment_id]),
        "party": party_dict(r.party), "stance": r.stance, "stance_label": STANCES[r.stance],
        "quote": r.quote, "evidence_url": r.evidence_url, "stated_on": _iso(r.stated_on),
        "recorded_at": _iso(r.recorded_at), "updated_at": _iso(r.updated_at),
    } for r in rows]
    return sorted(items, key=lambda i: (i["commitment_number"], i["party"]["name"].lower()))


def progress_for_round(round_: Round) -> list[dict[str, Any]]:
    """Each progress update on a published commitment of ``round_``, by
    commitment number then date (oldest first). Empty until published."""
    commitments = {c.id: c for c in published_commitments(round_)}
    if not commitments:
        return []
    rows = db.session.scalars(
        select(ProgressUpdate).where(ProgressUpdate.commitment_id.in_(list(commitments)))
        .order_by(ProgressUpdate.happened_on, ProgressUpdate.id))
    items = [{
        "id": u.id, **_commitment_dict(commitments[u.commitment_id]), "status": u.status,
        "status_label": PROGRESS_STATUSES[u.status], "note": u.note,
        "source_url": u.source_url, "happened_on": _iso(u.happened_on),
        "recorded_at": _iso(u.recorded_at),
    } for u in rows]
    return sorted(items, key=lambda i: i["commitment_number"])
