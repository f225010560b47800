"""The privacy pages in a real Chromium: axe-core finds no WCAG 2.2 AA
violation (desktop and phone width, errors shown), and a person can
withdraw consent and delete their account by keyboard-reachable controls."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from manifesto.accounts.models import User
from manifesto.extensions import db
from tests.browser.helpers import check_page, fresh, sign_in
from tests.factories import make_comment, make_idea, make_round, make_support, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def person() -> User:
    person = make_user(email="pat.private@example.org", display_name="Pat Private")
    other = make_user()
    round_ = make_round()
    idea = make_idea(round_, person, title="Publish spending over £500", themes=[round_.themes[0]])
    make_support(other, idea)
    make_comment(idea, person, body="More detail here.")
    return person


def test_overview_consent_and_delete_pages_are_accessible(page: Page, person):
    sign_in(page, "pat.private@example.org")
    page.goto("/account/")
    page.get_by_role("link", name="See and download the data we hold about you").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your data and privacy")
    check_page(page)

    page.get_by_role("link", name="Agree to be contacted").click()
    check_page(page)
    page.get_by_role("button", name="Yes, you may contact me").click()
    expect(page.get_by_text("Thank you: we may contact you by email")).to_be_visible()
    page.get_by_role("link", name="Withdraw your consent").click()
    page.get_by_role("button", name="Withdraw my consent").click()
    expect(page.get_by_text("You have withdrawn your consent")).to_be_visible()

    page.get_by_role("link", name="Delete your account").last.click()
    check_page(page)
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_page(page)


def test_deleting_through_the_browser(page: Page, person):
    person_id = person.id
    sign_in(page, "pat.private@example.org")
    page.goto("/account/privacy/delete")
    page.get_by_label("Remove them: ideas are withdrawn and comments deleted").check()
    page.get_by_label("Your password").fill("correct horse battery staple")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account has been deleted")
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    check_page(page)
    fresh()
    assert db.session.get(User, person_id) is None
