"""The privacy notice and the accessibility statement: public, real, linked
from every page, and saying what the law asks them to say."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from tests.factories import make_user

PAGES = {"/privacy": "Privacy notice", "/accessibility": "Accessibility statement"}


class _Outline(HTMLParser):
    """Headings, ids, in-page links and the visible text of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[int, str]] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.text: list[str] = []
        self._heading: list[str] | None = None
        self._level = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if re.fullmatch(r"h[1-6]", tag):
            self._heading, self._level = [], int(tag[1])

    def handle_endtag(self, tag):
        if re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self.headings.append((self._level, " ".join("".join(self._heading).split())))
            self._heading = None

    def handle_data(self, data):
        self.text.append(data)
        if self._heading is not None:
            self._heading.append(data)

    @property
    def plain(self) -> str:
        return " ".join("".join(self.text).split())


def outline(response) -> _Outline:
    parser = _Outline()
    parser.feed(response.get_data(as_text=True))
    return parser


@pytest.mark.parametrize("url, title", PAGES.items())
def test_public_pages_with_a_sound_outline(client, url, title):
    response = client.get(url)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers  # reading sets no cookie
    page = outline(response)
    assert [text for level, text in page.headings if level == 1] == [title]
    assert f"<title>{title} – " in response.get_data(as_text=True)
    levels = [level for level, _text in page.headings]
    assert levels[0] == 1 and len(levels) >= 6
    for previous, level in zip(levels, levels[1:]):
        assert level <= previous + 1, f"heading level skipped on {url}: {page.headings}"
    for link in page.links:
        if link.startswith("#"):
            assert link[1:] in page.ids, f"{url} links to a missing section {link}"
    assert "lorem" not in page.plain.lower()


@pytest.mark.parametrize("who", ["visitor", "participant"])
def test_every_page_links_to_both_in_the_footer(client, who):
    own_page = "/account/login"
    if who == "participant":
        client.login_as(make_user())
        own_page = "/account/"
    for url in ("/", "/privacy", "/accessibility", own_page):
        html = client.get(url).get_data(as_text=True)
        footer = html.split('<footer class="site-footer">', 1)[1]
        assert '<a href="/privacy">Privacy notice</a>' in footer, url
        assert '<a href="/accessibility">Accessibility statement</a>' in footer, url


def test_privacy_notice_covers_what_uk_gdpr_asks(client):
    text = outline(client.get("/privacy")).plain
    for needed in (
        "the network running this platform",  # controller, when no name is configured
        "Email address", "Display name", "audit log", "IP",  # what is collected
        "Article 6(1)(b)", "Article 6(1)(f)", "Article 6(1)(a)", "Article 9(2)(e)",  # bases
        "How long we keep it", "a former participant",  # retention
        "get a copy", "corrected", "erased", "object", "withdraw consent",  # rights
        "unticked", "exact words",  # opt-in consent, recorded
        "Reading the site sets no cookies", "session", "strictly necessary",  # cookies
        "Information Commissioner's Office", "0303 123 1113",  # complaints
    ):
        assert needed in text, needed


def test_privacy_notice_names_the_configured_controller_and_contact(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "ORGANISATION_NAME", "Open Government Network")
    monkeypatch.setitem(app.config, "PRIVACY_CONTACT_EMAIL", "privacy@ogn.example")
    response = client.get("/privacy")
    text = outline(response).plain
    assert "The data controller is Open Government Network." in text
    assert "the network running this platform" not in text
    assert 'href="mailto:privacy@ogn.example"' in response.get_data(as_text=True)
    accessibility = client.get("/accessibility").get_data(as_text=True)
    assert 'href="mailto:privacy@ogn.example"' in accessibility


def test_without_a_contact_address_the_notice_says_so(client):
    text = outline(client.get("/privacy")).plain
    assert "no contact address has been set up on this site yet" in text
    assert "mailto:" not in client.get("/privacy").get_data(as_text=True)


def test_privacy_notice_links_to_the_download_and_deletion_page_when_there_is_one(app, client,
                                                                                monkeypatch):
    if "privacy.overview" in app.view_functions:
        page = outline(client.get("/privacy"))
        assert "/account/privacy" in page.links
    monkeypatch.delitem(app.view_functions, "privacy.overview", raising=False)
    page = outline(client.get("/privacy"))
    assert "/account/privacy" not in page.links
    assert "download everything we hold about you" in page.plain


def test_accessibility_statement_covers_the_model_statement(client):
    text = outline(client.get("/accessibility")).plain
    for needed in (
        "WCAG", "2.2", "level AA",  # the target
        "axe-core", "Chromium", "keyboard", "JavaScript switched off",  # how it is tested
        "Known limitations",
        "Reporting a problem", "what you were trying to do",
        "Enforcement procedure", "Equality and Human Rights Commission",
        "Equality Advisory and Support Service", "Northern Ireland",
    ):
        assert needed in text, needed
