"""The error page (which every refusal and missing page uses) is accessible."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import check_page

pytestmark = pytest.mark.browser


def test_not_found_page_is_accessible(page):
    response = page.goto("/no-such-page")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    check_page(page)
