"""Everything works by keyboard: the skip link, and the support button."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import sign_in
from tests.factories import make_idea, make_round, make_user

pytestmark = pytest.mark.browser

MAX_TABS = 80


def tab_to(page: Page, locator) -> None:
    """Press Tab until ``locator`` has focus, proving it is in the tab order."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{locator} never received focus in {MAX_TABS} Tab presses")


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page: Page):
    make_round()
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()  # visible when focused, not just present
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # The next Tab continues inside main, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_support_button_works_by_keyboard(page: Page):
    idea = make_idea(make_round(), make_user())
    reader = make_user()
    sign_in(page, reader.email)
    page.goto(f"/ideas/{idea.id}")

    support = page.locator("[data-support-button]")
    tab_to(page, support)
    page.keyboard.press("Enter")
    expect(page.locator("[data-support-count]")).to_have_text("1 supporter online")
    expect(support).to_have_text("Remove my support")
    expect(support).to_have_attribute("aria-pressed", "true")
    expect(support).to_be_focused()  # focus stays put after the update

    page.keyboard.press("Space")
    expect(page.locator("[data-support-count]")).to_have_text("0 supporters online")
    expect(support).to_have_text("Support this idea")
    expect(support).to_have_attribute("aria-pressed", "false")
