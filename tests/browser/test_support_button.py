"""The support button in a real Chromium: without reload when JavaScript
runs, as a plain form without it, and falling back to the plain form when
the server refuses."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from manifesto.extensions import db
from manifesto.ideas.counts import find_count_drift
from manifesto.rounds.models import Round
from manifesto.supports.models import Support
from manifesto.timeutil import utcnow
from tests.browser.helpers import check_page, fresh, sign_in
from tests.factories import make_idea, make_round, make_support, make_user

pytestmark = pytest.mark.browser


def support_rows() -> int:
    fresh()
    return db.session.scalar(select(func.count()).select_from(Support))


@pytest.fixture
def idea():
    idea = make_idea(make_round(), title="Open up public contracts")
    make_support(make_user(), idea)
    return idea


def test_support_without_reload(page: Page, idea):
    person = make_user()
    sign_in(page, person.email)
    page.goto(f"/ideas/{idea.id}")
    page.evaluate("() => { window.notReloaded = true; }")
    button = page.get_by_role("button", name="Support this idea")

    button.click()
    expect(page.get_by_role("button", name="Remove my support")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("[data-support-count]")).to_have_text("2 supporters online")
    expect(page.locator("[data-support-status]")).to_contain_text("you now support this idea")
    assert page.evaluate("() => window.notReloaded") is True
    assert support_rows() == 2
    check_page(page)

    page.get_by_role("button", name="Remove my support").click()
    expect(page.get_by_role("button", name="Support this idea")).to_have_attribute("aria-pressed", "false")
    expect(page.locator("[data-support-count]")).to_have_text("1 supporter online")
    assert page.evaluate("() => window.notReloaded") is True
    assert support_rows() == 1
    assert find_count_drift() == []


def test_support_without_javascript(new_page, idea):
    page = new_page(java_script_enabled=False)
    sign_in(page, make_user().email)
    page.goto(f"/ideas/{idea.id}")

    page.get_by_role("button", name="Support this idea").click()
    expect(page.get_by_text("Thank you: you now support this idea.")).to_be_visible()
    expect(page.get_by_role("button", name="Remove my support")).to_be_visible()
    assert support_rows() == 2


def test_refusal_falls_back_to_the_page_with_the_reason(page: Page, idea):
    sign_in(page, make_user().email)
    page.goto(f"/ideas/{idea.id}")
    # The round closes while the page is open.
    round_ = db.session.get(Round, idea.round_id)
    round_.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()

    page.get_by_role("button", name="Support this idea").click()
    expect(page.get_by_text("This round closed for ideas on")).to_be_visible()
    assert support_rows() == 1
