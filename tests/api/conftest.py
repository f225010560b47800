"""The API links each round and idea to its HTML page. Where a page's view
is not in this checkout yet, a placeholder rule lets url_for build its
address; once the real view exists this fixture does nothing."""

from __future__ import annotations

import pytest
from werkzeug.routing import Rule

from manifesto.permissions import public

PAGE_ENDPOINTS = (("rounds.show", "/rounds/<slug>/"), ("ideas.show", "/ideas/<int:idea_id>"))


@public
def _placeholder(**_values):
    return "", 404


@pytest.fixture(scope="session", autouse=True)
def html_page_endpoints(app):
    for endpoint, path in PAGE_ENDPOINTS:
        if endpoint not in app.view_functions:
            app.url_map.add(Rule(path, endpoint=endpoint, methods=["GET"]))
            app.view_functions[endpoint] = _placeholder


def get_json(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return response.get_json()
