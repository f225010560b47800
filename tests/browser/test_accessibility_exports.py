"""axe-core finds no WCAG 2.2 AA violation on the open data page and the
manifesto's print version, at desktop and phone width; the print version
prints on A4 without the site's chrome, and its downloads arrive as files."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import check_page
from tests.exports.published import Published, make_published_round

pytestmark = pytest.mark.browser


@pytest.fixture
def published() -> Published:
    return make_published_round()


def test_open_data_page(page: Page, published: Published):
    page.goto(f"/rounds/{published.round.slug}/data")
    expect(page.get_by_role("heading", name="Open data", exact=False).first).to_be_visible()
    expect(page.get_by_role("link", name="Open Government Licence v3.0")).to_be_visible()
    check_page(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Ideas as CSV").click()
    assert download.value.suggested_filename == f"{published.round.slug}-ideas.csv"


def test_manifesto_print_page(page: Page, published: Published):
    page.goto(f"/rounds/{published.round.slug}/manifesto/print")
    expect(page.get_by_role("heading", name="1. Open up public contracts")).to_be_visible()
    check_page(page)
    page.get_by_role("navigation", name="Contents").get_by_role(
        "link", name="2. A statutory lobbying register").click()
    expect(page).to_have_url(f"{page.url.split('#')[0]}#commitment-2")

    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".mp-screen-only")).to_be_hidden()
    # Each theme starts a new page.
    assert page.locator(".mp-theme").first.evaluate(
        "element => getComputedStyle(element).breakBefore") == "page"
    pdf = page.pdf(prefer_css_page_size=True)  # A4, from the page's own @page rule
    width, height = (float(n) for n in re.search(
        rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf).groups())
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    page.emulate_media(media="screen")

    with page.expect_download() as download:
        page.get_by_role("link", name="an editable Word document (DOCX)").click()
    assert download.value.suggested_filename == f"{published.round.slug}-manifesto.docx"
