"""Schemathesis runs every operation of the OpenAPI document against the app,
over a world with a published manifesto, workshops, ideas, a party's
response and a progress update: no answer may
be a server error, use a status the document does not list, or break the
schema it declares.

Each operation is tried twice: with every parameter generated (mostly
addresses of things that do not exist: the 404 and 400 answers) and with the
path pointing at real records (the 200 answers, with generated filters).
Bounded and derandomised, so the run is quick and the same every time.
"""

from __future__ import annotations

import contextvars

import flask.globals
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from manifesto.api.openapi import PATHS
from tests.api.published_world import make_published

OPERATIONS = sorted(item["get"]["operationId"] for item in PATHS.values())
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
SETTINGS = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))


def isolated(app):
    """The app as a WSGI callable whose every request runs in its own
    application context (as in production), not in the test's."""

    def call(environ, start_response):
        def run():
            flask.globals._cv_app.set(None)
            return list(app(environ, start_response))

        return contextvars.copy_context().run(run)

    return call


@pytest.fixture
def real_paths():
    world = make_published(with_parties=True)
    return {"slug": world.round.slug, "idea_id": world.idea.id,
            "workshop_id": world.workshop.id, "commitment_id": world.first.id}


def test_every_operation_is_run():
    assert len(OPERATIONS) == len(PATHS) >= 12


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_operation_conforms_to_the_document(app, real_paths, operation_id):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", isolated(app))
    operation = schema.find_operation_by_id(operation_id)
    wanted = {name: value for name, value in real_paths.items()
              if "{" + name + "}" in operation.path}

    @SETTINGS
    @given(case=operation.as_strategy())
    def anything(case):
        case.call_and_validate(checks=CHECKS)

    @SETTINGS
    @given(case=operation.as_strategy(path_parameters=wanted))
    def real_records(case):
        response = case.call_and_validate(checks=CHECKS)
        assert response.status_code in (200, 400), (case.path_parameters, response.status_code)

    anything()
    real_records()
