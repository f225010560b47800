"""Parties, their responses to a published manifesto and delivery progress
in the API. Responses and progress exist only for published (or tracking)
rounds: before that both answer 404, as the shortlist does. No personal
data: never who recorded a response or an update."""

from __future__ import annotations

from flask import jsonify, url_for

from manifesto.api import params, party_queries, queries
from manifesto.api.blueprint import blueprint, round_or_404
from manifesto.api.params import list_body, not_found
from manifesto.panel import public_queries
from manifesto.parties.models import (PROGRESS_STATUSES, STANCES, Party, PartyResponse,
                                      ProgressUpdate)
from manifesto.permissions import public
from manifesto.rounds.models import Round


def party_json(party: Party) -> dict:
    return {"id": party.id, "name": party.name, "short_name": party.short_name,
            "colour": party.colour, "nations": party.nations, "website": party.website or ""}


def _commitment_ref(commitment) -> dict:
    return {"id": commitment.id, "number": commitment.number, "title": commitment.title}


def response_json(response: PartyResponse) -> dict:
    party = response.party
    return {
        "id": response.id,
        "party": {"id": party.id, "short_name": party.short_name, "name": party.name},
        "commitment": _commitment_ref(response.commitment),
        "stance": response.stance,
        "stance_label": STANCES[response.stance],
        "quote": response.quote or "",
        "evidence_url": response.evidence_url or "",
        "stated_on": response.stated_on.isoformat() if response.stated_on else None,
        "url": url_for("parties.response", response_id=response.id, _external=True),
    }


def progress_json(update: ProgressUpdate) -> dict:
    return {
        "id": update.id,
        "commitment": _commitment_ref(update.commitment),
        "status": update.status,
        "status_label": PROGRESS_STATUSES[update.status],
        "note": update.note or "",
        "source_url": update.source_url or "",
        "happened_on": update.happened_on.isoformat(),
    }


def _published_round(slug: str) -> Round:
    round_ = round_or_404(slug)
    if not public_queries.is_published(round_):
        raise not_found("This round's manifesto has not been published yet.")
    return round_


@blueprint.route("/v1/parties")
@public
def parties():
    paging = params.paging_params()
    items, total = queries.paged(party_queries.parties_query(), paging.offset, paging.per_page)
    return jsonify(list_body([party_json(party) for party in items], paging, total))


@blueprint.route("/v1/rounds/<slug>/responses")
@public
def round_responses(slug: str):
    round_ = _published_round(slug)
    party_id = params.optional_int_param("party")
    number = params.optional_int_param("commitment")
    paging = params.paging_params()
    items, total = queries.paged(party_queries.responses_query(round_, party_id, number),
                                 paging.offset, paging.per_page)
    return jsonify(list_body([response_json(r) for r in items], paging, total))


@blueprint.route("/v1/rounds/<slug>/progress")
@public
def round_progress(slug: str):
    round_ = _published_round(slug)
    number = params.optional_int_param("commitment")
    paging = params.paging_params()
    items, total = queries.paged(party_queries.progress_query(round_, number),
                                 paging.offset, paging.per_page)
    return jsonify(list_body([progress_json(u) for u in items], paging, total))
