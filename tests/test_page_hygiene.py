"""Markup that the strict Content-Security-Policy would break (or that would
weaken it): no inline <script>, no <style> elements, no style= attributes, no
on*= event handlers, no javascript: links, on any page the site renders —
every GET route for every kind of person, and the forms shown back with errors.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from tests.route_walk import make_world, routes, state_changing

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data"}


class _MarkupScanner(HTMLParser):
    """Finds, in the real tags of a page (not in text or attribute values),
    what the Content-Security-Policy forbids or what only injected markup has."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = {name.lower() for name, _value in attrs}
        if tag == "script" and "src" not in names:
            self.problems.append("inline <script>")
        if tag == "style":
            self.problems.append("<style> element")
        for name, value in attrs:
            name = name.lower()
            if name == "style":
                self.problems.append(f"style= attribute on <{tag}>")
            elif name.startswith("on"):
                self.problems.append(f"{name}= event handler on <{tag}>")
            elif name in URL_ATTRIBUTES and value is not None:
                squeezed = "".join(ch for ch in value if ord(ch) > 32).lower()
                if squeezed.startswith(("javascript:", "vbscript:", "data:text/html")):
                    self.problems.append(f"{name}={value[:40]!r} on <{tag}>")

    handle_startendtag = handle_starttag


def csp_problems(page: str) -> list[str]:
    scanner = _MarkupScanner()
    scanner.feed(page)
    scanner.close()
    return scanner.problems


def assert_csp_safe(response, where: str) -> None:
    if "html" not in (response.content_type or ""):
        return
    problems = csp_problems(response.get_data(as_text=True))
    assert not problems, f"{where}: {problems}"


@pytest.fixture
def world():
    return make_world()


def test_the_checks_catch_what_they_look_for():
    bad = ('<script>alert(1)</script><style>p{}</style><p style="color:red">'
           '<img src=x onerror="alert(1)"><a href="javascript:alert(1)">x</a>')
    assert len(csp_problems(bad)) == 5
    assert csp_problems('<input value="" onmouseover="alert(1)"><a href=" JaVa\tScript:x">') == [
        "onmouseover= event handler on <input>", "href=' JaVa\\tScript:x' on <a>"]
    good = ('<script src="/static/js/site.js" defer></script><p>onerror=alert(1) style=x</p>'
            "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
            '<input value="&lt;img src=x onerror=alert(1)&gt;&#34; onmouseover=&#34;alert(1)">')
    assert csp_problems(good) == []


@pytest.mark.parametrize("who", ["visitor", "author", "admin"])
@pytest.mark.parametrize("route", routes(method="GET"), ids=str)
def test_pages_have_no_inline_script_or_style(client, world, route, who):
    if who != "visitor":
        client.login_as(getattr(world, who))
    url = route.url(world)
    assert_csp_safe(client.get(url), f"GET {url} as {who}")


def test_search_results_and_fragments_have_no_inline_script_or_style(client, world):
    slug = world.round.slug
    for url in (f"/rounds/{slug}/ideas/?q=open+contracts",
                f"/rounds/{slug}/ideas/?q=nothing+matches+this",
                f"/rounds/{slug}/ideas/?sort=random&theme={world.theme.id}&scope=uk",
                f"/rounds/{slug}/ideas/similar?title=Open+contracts",
                "/account/login?next=/account/"):
        assert_csp_safe(client.get(url), f"GET {url}")


@pytest.mark.parametrize("route", [r for r in routes() if state_changing(r)], ids=str)
def test_forms_shown_back_with_errors_have_no_inline_script_or_style(client, world, route):
    """An empty submission shows the form again with its error summary."""
    if route.kind != "public":
        client.login_as(world.admin if route.kind == "role" else world.author)
    url = route.url(world)
    for method in state_changing(route):
        response = client.open(url, method=method, data={"csrf_token": client.csrf_token()})
        assert response.status_code < 500
        assert_csp_safe(response, f"{method} {url} (empty form)")
