"""The published manifesto in the API: a round's commitments, one commitment,
and the shortlist grouped by theme.

Only what the public manifesto page shows is served: commitments of a round
that is published (or tracking) and that carry a number. Drafts, rejected
commitments and the shortlist before publication never appear here.

Each commitment carries the parties' stances and its latest delivery status
(manifesto.api.party_queries.extras_for, batched per page); the parties,
responses and progress endpoints are in manifesto/api/party_views.py.
"""

from __future__ import annotations

from flask import jsonify

from manifesto.api import params, party_queries, queries
from manifesto.api.blueprint import blueprint, round_or_404
from manifesto.api.params import invalid, list_body, not_found
from manifesto.api.serializers import commitment_json, iso_utc
from manifesto.panel import public_queries
from manifesto.permissions import public
from manifesto.rounds.models import Round

COMMITMENT_ID = "<int(max=2147483647):commitment_id>"


def _themes(round_: Round) -> dict:
    return {theme.id: theme for theme in round_.themes}


@blueprint.route("/v1/rounds/<slug>/commitments")
@public
def round_commitments(slug: str):
    round_ = round_or_404(slug, with_themes=True)
    theme_id = params.optional_int_param("theme")
    if theme_id is not None and theme_id not in _themes(round_):
        raise invalid("theme", "theme must be the id of one of this round's themes.")
    paging = params.paging_params()
    items, total = queries.paged(queries.published_commitments_query(round_, theme_id),
                                 paging.offset, paging.per_page)
    entries = public_queries.entries_for([(c.number, c) for c in items])
    themes = _themes(round_)
    extras = party_queries.extras_for([c.id for c in items])
    return jsonify(list_body([commitment_json(entry, round_.slug, themes, extras)
                              for entry in entries], paging, total))


@blueprint.route(f"/v1/commitments/{COMMITMENT_ID}")
@public
def commitment_detail(commitment_id: int):
    commitment = queries.published_commitment(commitment_id)
    if commitment is None:
        raise not_found(f"There is no published commitment with id {commitment_id}.")
    round_ = commitment.round
    entry = public_queries.commitment_entry(commitment)
    extras = party_queries.extras_for([commitment.id])
    return jsonify(commitment_json(entry, round_.slug, _themes(round_), extras))


@blueprint.route("/v1/rounds/<slug>/shortlist")
@public
def round_shortlist(slug: str):
    round_ = round_or_404(slug, with_themes=True)
    if not public_queries.is_published(round_):
        raise not_found("This round's manifesto has not been published yet.")
    themes = _themes(round_)
    sections = public_queries.manifesto_sections(round_)
    extras = party_queries.extras_for([entry.commitment.id for section in sections
                                       for entry in section.entries])
    groups = []
    for section in sections:
        groups.append({
            "id": section.theme.id if section.theme else None,
            "name": section.name,
            "commitments": [commitment_json(entry, round_.slug, themes, extras)
                            for entry in section.entries],
        })
    return jsonify({
        "round": round_.slug,
        "title": round_.title,
        "published_at": iso_utc(round_.published_at),
        "total": sum(len(group["commitments"]) for group in groups),
        "themes": groups,
    })
