"""Round administration in a real browser: axe finds nothing on the admin
pages (with errors showing too), and a round can be created by keyboard
with the datetime-local inputs."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from manifesto.extensions import db
from manifesto.rounds.models import Round
from tests.browser.helpers import check_page, fresh, sign_in
from tests.factories import make_round, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def admin_page(page: Page) -> Page:
    admin = make_user(roles=("admin",))
    sign_in(page, admin.email)
    return page


def test_admin_pages_are_accessible(admin_page: Page):
    round_ = make_round(slug="manifesto-2027", title="Open Government Manifesto 2027")
    for url in ("/admin/", f"/admin/rounds/{round_.id}/edit", f"/admin/rounds/{round_.id}/themes",
                f"/admin/themes/{round_.themes[0].id}/edit"):
        admin_page.goto(url)
        check_page(admin_page)


def test_create_a_round_with_errors_then_fixed(admin_page: Page):
    admin_page.goto("/admin/rounds/new")
    admin_page.get_by_role("button", name="Create round").click()
    expect(admin_page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(admin_page.locator("[data-error-summary]")).to_be_focused()
    check_page(admin_page)

    admin_page.get_by_label("Title").fill("Wales Open Government 2027")
    admin_page.get_by_label("Opens for ideas").fill("2027-06-01T09:00")
    admin_page.get_by_label("Closes for ideas").fill("2027-07-01T18:00")
    admin_page.get_by_label("Phase").select_option("open")
    admin_page.get_by_role("button", name="Create round").click()
    expect(admin_page.get_by_role("heading", level=1)).to_have_text(
        "Themes of “Wales Open Government 2027”")
    fresh()
    round_ = db.session.scalar(select(Round))
    assert round_.slug == "wales-open-government-2027"
    assert round_.closes_at.hour == 17  # 6pm BST is 5pm UTC
