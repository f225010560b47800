"""Walk every route in the URL map with real objects behind its URL.

Used by the cross-cutting tests (permissions, CSRF, no change on GET, page
hygiene). A new route is covered the moment it is registered; a new URL
argument name must be taught to ``ARGUMENT_VALUES`` (the tests fail naming it).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import current_app
from sqlalchemy import func, select
from werkzeug.routing import Rule

from manifesto import create_app
from manifesto.accounts.models import User
from manifesto.audit import AuditEvent
from manifesto.comments.models import Comment
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.permissions import access_of
from manifesto.rounds.models import Round, Theme
from tests import conftest
from manifesto.panel.models import Commitment, Criterion
from manifesto.workshops.models import Workshop
from tests.factories import (make_comment, make_commitment, make_criteria, make_idea, make_round,
                             make_user, make_workshop)

SKIPPED_ENDPOINTS = {"static"}
STATE_CHANGING = ("POST", "PUT", "PATCH", "DELETE")


@dataclass
class World:
    """One of everything, so every URL can point at something real."""

    admin: User
    author: User  # a participant who wrote ``idea`` and ``comment``
    other: User  # another participant
    round: Round
    theme: Theme
    idea: Idea
    comment: Comment
    facilitator: User  # a facilitator who recorded ``workshop``
    other_facilitator: User  # a facilitator of some other workshop
    workshop: Workshop
    panellist: User  # a panellist of ``round``
    commitment: Commitment  # drafted from its own idea (not ``idea``)
    criterion: Criterion


def make_world() -> World:
    admin = make_user(display_name="Ada Admin", roles=("admin",))
    author = make_user(display_name="Alex Author")
    other = make_user(display_name="Olu Other")
    round_ = make_round()
    theme = round_.themes[0]
    idea = make_idea(round_, author, title="Open contracts", themes=[theme])
    comment = make_comment(idea, author, body="A first comment.")
    facilitator = make_user(display_name="Fola Facilitator", roles=("facilitator",))
    other_facilitator = make_user(display_name="Finn Facilitator", roles=("facilitator",))
    workshop = make_workshop(round_, owner=facilitator)
    make_workshop(round_, owner=other_facilitator, town="Leeds", nation="england")
    panellist = make_user(display_name="Pat Panellist", roles=("panellist",))
    criterion = make_criteria(round_, admin)[0]
    commitment = make_commitment(round_, [make_idea(round_, author, title="Open budgets")],
                                 actor=admin, title="Open budgets")
    return World(admin, author, other, round_, theme, idea, comment,
                 facilitator, other_facilitator, workshop, panellist, commitment, criterion)


#: URL argument name → its value in a World. Add new argument names here.
ARGUMENT_VALUES: dict[str, Callable[[World], object]] = {
    "slug": lambda w: w.round.slug,
    "round_slug": lambda w: w.round.slug,
    "round_id": lambda w: w.round.id,
    "theme_id": lambda w: w.theme.id,
    "idea_id": lambda w: w.idea.id,
    "comment_id": lambda w: w.comment.id,
    "user_id": lambda w: w.author.id,
    "token": lambda w: "not-a-real-token",
    "workshop_id": lambda w: w.workshop.id,
    "commitment_id": lambda w: w.commitment.id,
    "criterion_id": lambda w: w.criterion.id,
    "version": lambda w: w.commitment.version,  # a commitment's version (panel history)
    "event_id": lambda w: db.session.scalar(select(AuditEvent.id).limit(1)),
    "upload_id": lambda w: __import__("tests.workshops.upload_factory", fromlist=["upload_for"]).upload_for(w.workshop).id,
    "merge_id": lambda w: __import__("tests.moderation.merge_factory", fromlist=["merge_into"]).merge_into(w.idea).id,
    "party_id": lambda w: __import__("tests.parties.factory", fromlist=["make_party"]).make_party().id,
    "response_id": lambda w: __import__("tests.parties.factory", fromlist=["x"]).response_in_new_round(w).id,
    "sheet_id": lambda w: __import__("tests.parties.factory", fromlist=["upload_for"]).upload_for(w.round).id,
}


@dataclass(frozen=True)
class Route:
    rule: str
    endpoint: str
    methods: frozenset[str]
    access: tuple[str, ...] | None
    arguments: frozenset[str]

    @property
    def kind(self) -> str | None:
        return self.access[0] if self.access else None

    @property
    def roles(self) -> tuple[str, ...]:
        return self.access[1:] if self.kind == "role" else ()

    def url(self, world: World) -> str:
        values = {}
        for name in sorted(self.arguments):
            if name not in ARGUMENT_VALUES:
                pytest.fail(
                    f"route {self.rule} ({self.endpoint}) has the URL argument {name!r}, "
                    "which tests/route_walk.py ARGUMENT_VALUES does not know: add it "
                    "so the permission and security tests can reach this route"
                )
            values[name] = ARGUMENT_VALUES[name](world)
        return current_app.url_map.bind("localhost").build(self.endpoint, values)

    def __str__(self) -> str:  # readable test ids
        return self.endpoint


def _route(rule: Rule, view) -> Route:
    return Route(
        rule=rule.rule,
        endpoint=rule.endpoint,
        methods=frozenset(rule.methods - {"HEAD", "OPTIONS"}),
        access=access_of(view),
        arguments=frozenset(rule.arguments),
    )


def routes_of(app) -> list[Route]:
    return sorted(
        (_route(rule, app.view_functions[rule.endpoint])
         for rule in app.url_map.iter_rules() if rule.endpoint not in SKIPPED_ENDPOINTS),
        key=lambda r: (r.rule, r.endpoint),
    )


@lru_cache(maxsize=1)
def collected_routes() -> tuple[Route, ...]:
    """The routes, known at collection time (for parametrised test ids).
    The URL map never touches the database, so an in-memory URI will do."""
    return tuple(routes_of(create_app(conftest.make_test_config("sqlite://"))))


def routes(*, method: str | None = None, kinds: tuple[str, ...] | None = None) -> list[Route]:
    chosen = []
    for route in collected_routes():
        if method is not None and method not in route.methods:
            continue
        if kinds is not None and route.kind not in kinds:
            continue
        chosen.append(route)
    return chosen


def state_changing(route: Route) -> list[str]:
    return [m for m in STATE_CHANGING if m in route.methods]


# --- database ---------------------------------------------------------------------

def row_counts() -> dict[str, int]:
    """Rows in every table: compared before and after a request."""
    db.session.expire_all()
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


# --- responses ---------------------------------------------------------------------

def is_login_redirect(response, next_path: str | None = None) -> bool:
    if response.status_code not in (302, 303):
        return False
    location = urlsplit(response.headers["Location"])
    if location.path != "/account/login" or location.netloc not in ("", "localhost"):
        return False
    if next_path is None:
        return True
    return parse_qs(location.query).get("next") == [next_path]
