"""With JavaScript off, the support button is a plain form: each press posts,
the page reloads, and the count shown is the database's."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from manifesto.extensions import db
from manifesto.supports.models import Support
from tests.browser.helpers import fresh, sign_in
from tests.factories import make_idea, make_round, make_support, make_user

pytestmark = pytest.mark.browser


def supporters(idea_id: int) -> list[int]:
    fresh()
    return sorted(db.session.scalars(select(Support.user_id).where(Support.idea_id == idea_id)))


def test_support_and_remove_support_with_javascript_disabled(new_page):
    idea = make_idea(make_round(), make_user())
    other = make_user()
    make_support(other, idea)
    reader = make_user()
    page = new_page(java_script_enabled=False)
    sign_in(page, reader.email)
    page.goto(f"/ideas/{idea.id}")
    count = page.locator("[data-support-count]")
    expect(count).to_have_text("1 supporter online")

    with page.expect_navigation():
        page.get_by_role("button", name="Support this idea").click()
    expect(page.get_by_text("Thank you: you now support this idea.")).to_be_visible()
    expect(count).to_have_text("2 supporters online")
    expect(page.get_by_role("button", name="Remove my support")).to_have_attribute("aria-pressed", "true")
    assert supporters(idea.id) == sorted([other.id, reader.id])

    with page.expect_navigation():
        page.get_by_role("button", name="Remove my support").click()
    expect(page.get_by_text("Your support for this idea has been removed.")).to_be_visible()
    expect(count).to_have_text("1 supporter online")
    expect(page.get_by_role("button", name="Support this idea")).to_have_attribute("aria-pressed", "false")
    assert supporters(idea.id) == [other.id]
    db.session.refresh(idea)
    assert idea.support_count == 1
