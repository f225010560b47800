"""Read-only JSON API under /api/v1/, and the page describing it at /api/.

The JSON views never touch the session or the signed-in person: the output is
the same for everyone, so it can be cached publicly and read cross-origin.
Commitments and the shortlist are in manifesto/api/commitment_views.py, on
the same blueprint (manifesto/api/blueprint.py).
"""

from __future__ import annotations

from flask import current_app, jsonify, render_template, request

from manifesto.api import commitment_views  # noqa: F401  (its routes join the blueprint)
from manifesto.api import party_views  # noqa: F401  (its routes join the blueprint)
from manifesto.api import docs, params, queries
from manifesto.api.blueprint import blueprint, round_or_404, server_url
from manifesto.api.openapi import openapi_document
from manifesto.api.params import invalid, list_body, not_found
from manifesto.api.serializers import (
    commitment_ref_json,
    idea_json,
    round_json,
    theme_json,
    workshop_json,
)
from manifesto.ideas.models import SCOPES, SOURCES
from manifesto.ideas.queries import DEFAULT_SORT, SORTS, IdeaFilters, browse_ideas
from manifesto.permissions import public
from manifesto.rounds.counts import round_counts
from manifesto.rounds.models import Round
from manifesto.workshops.models import NATIONS
from manifesto.workshops.queries import backing_for, counts_for

__all__ = ["blueprint"]
IDEA_ID = "<int(max=2147483647):idea_id>"
WORKSHOP_ID = "<int(max=2147483647):workshop_id>"
#: The field lists the page at /api/ shows, in this order.
DOCUMENTED_SCHEMAS = ("Round", "Theme", "Idea", "Workshop", "Commitment", "Evidence",
                      "Shortlist")


def _commitment_refs(idea_ids: list[int]) -> dict[int, dict]:
    return {idea_id: commitment_ref_json(cid, number)
            for idea_id, (cid, number) in queries.idea_commitments(idea_ids).items()}


def _ideas_of(round_: Round) -> dict:
    paging = params.paging_params()
    theme_id = params.optional_int_param("theme")
    if theme_id is not None and theme_id not in {theme.id for theme in round_.themes}:
        raise invalid("theme", "theme must be the id of one of this round's themes.")
    filters = IdeaFilters(
        q=params.text_param("q"),
        sort=params.choice_param("sort", SORTS) or DEFAULT_SORT,
        theme_id=theme_id,
        scope=params.choice_param("scope", SCOPES),
        source=params.choice_param("source", SOURCES),
        nation=params.choice_param("nation", NATIONS),
    )
    seed = params.int_param("seed", 1, minimum=0)
    page = browse_ideas(round_.id, filters, paging.page, paging.per_page, seed=seed)
    refs = _commitment_refs([idea.id for idea in page.items])
    return list_body([idea_json(idea, round_.slug, page.backing.get(idea.id), refs.get(idea.id))
                      for idea in page.items], paging, page.total)


@blueprint.route("/")
@public
def docs_page():
    document = openapi_document(server_url(), current_app.config["API_MAX_PER_PAGE"])
    rounds, _ = queries.paged(queries.public_rounds_query(), 0, 1)
    return render_template(
        "api/docs.html",
        base_url=server_url(),
        endpoints=docs.endpoints(document),
        schemas={name: docs.fields(document, name) for name in DOCUMENTED_SCHEMAS},
        example_round=rounds[0] if rounds else None,
        published_round=queries.latest_published_round(),
    )


@blueprint.route("/v1/openapi.json")
@public
def openapi():
    return jsonify(openapi_document(server_url(), current_app.config["API_MAX_PER_PAGE"]))


@blueprint.route("/v1/rounds")
@public
def rounds():
    paging = params.paging_params()
    items, total = queries.paged(queries.public_rounds_query(), paging.offset, paging.per_page)
    counts = round_counts(round_.id for round_ in items)
    return jsonify(list_body([round_json(r, counts[r.id]) for r in items], paging, total))


@blueprint.route("/v1/rounds/<slug>")
@public
def round_detail(slug: str):
    round_ = round_or_404(slug, with_themes=True)
    return jsonify(round_json(round_, round_counts([round_.id])[round_.id], with_themes=True))


@blueprint.route("/v1/rounds/<slug>/themes")
@public
def round_themes(slug: str):
    round_ = round_or_404(slug)
    paging = params.paging_params()
    items, total = queries.paged(queries.themes_query(round_), paging.offset, paging.per_page)
    return jsonify(list_body([theme_json(theme) for theme in items], paging, total))


@blueprint.route("/v1/rounds/<slug>/ideas")
@public
def round_ideas(slug: str):
    return jsonify(_ideas_of(round_or_404(slug)))


@blueprint.route("/v1/ideas")
@public
def ideas():
    slug = request.args.get("round", "").strip()
    if not slug:
        raise invalid("round", "round is required: a round's slug, as listed at /api/v1/rounds.")
    round_ = queries.public_round(slug)
    if round_ is None:
        raise invalid("round", "round must be a public round's slug, as listed at /api/v1/rounds.")
    return jsonify(_ideas_of(round_))


@blueprint.route(f"/v1/ideas/{IDEA_ID}")
@public
def idea_detail(idea_id: int):
    idea = queries.published_idea(idea_id)
    if idea is None:
        raise not_found(f"There is no published idea with id {idea_id}.")
    return jsonify(idea_json(idea, idea.round.slug, backing_for([idea.id]).get(idea.id),
                             _commitment_refs([idea.id]).get(idea.id)))


@blueprint.route("/v1/rounds/<slug>/workshops")
@public
def round_workshops(slug: str):
    round_ = round_or_404(slug)
    nation = params.choice_param("nation", NATIONS)
    paging = params.paging_params()
    items, total = queries.paged(queries.workshops_query(round_, nation), paging.offset,
                                 paging.per_page)
    counts = counts_for(round_.id, (workshop.id for workshop in items))
    return jsonify(list_body([workshop_json(w, round_.slug, counts[w.id]) for w in items],
                             paging, total))


@blueprint.route(f"/v1/workshops/{WORKSHOP_ID}")
@public
def workshop_detail(workshop_id: int):
    workshop = queries.public_workshop(workshop_id)
    if workshop is None:
        raise not_found(f"There is no public workshop with id {workshop_id}.")
    counts = counts_for(workshop.round_id, [workshop.id])[workshop.id]
    return jsonify(workshop_json(workshop, workshop.round.slug, counts))
