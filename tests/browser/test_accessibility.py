"""axe-core finds no WCAG 2.2 AA violation on the main pages, at desktop and
at phone width, with real content on them (and nothing scrolls sideways on
a phone)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from manifesto.accounts.models import User
from manifesto.ideas.models import Idea
from manifesto.rounds.models import Round
from tests.browser.helpers import check_page, sign_in
from tests.factories import make_comment, make_idea, make_round, make_support, make_user

pytestmark = pytest.mark.browser


@dataclass
class Content:
    round: Round
    reader: User
    idea: Idea


@pytest.fixture
def content() -> Content:
    """An open round with ideas, a discussion with a reply, and supports."""
    round_ = make_round(slug="open-round", title="Open government manifesto 2026")
    author = make_user(display_name="Asha Author")
    reader = make_user(display_name="Rhys Reader")
    idea = make_idea(
        round_, author, title="Publish every public contract as open data",
        problem="Contracts are hard to find.\n\nMany are never published.",
        proposal="Publish every contract over £10,000 within 30 days, as open data.",
        impact="People can see how public money is spent.",
        who_should_act="Cabinet Office", themes=[round_.themes[0]],
    )
    make_idea(round_, reader, title="Open the lobbying register to everyone", themes=[round_.themes[1]])
    make_idea(round_, None, title="Answer FOI requests in 20 working days", source="workshop",
              scope="wales", themes=[round_.themes[2]])
    first = make_comment(idea, reader, body="Yes — and include the contract variations.")
    make_comment(idea, author, body="Good point, variations matter.", parent=first)
    make_comment(idea, author, body="See https://www.contractsfinder.service.gov.uk for today’s list.")
    make_support(reader, idea)
    make_support(author, idea)
    return Content(round=round_, reader=reader, idea=idea)


def test_home_page(page: Page, content):
    page.goto("/")
    expect(page.get_by_role("link", name=content.round.title)).to_be_visible()
    check_page(page)


def test_round_page(page: Page, content):
    page.goto(f"/rounds/{content.round.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(content.round.title)
    check_page(page)


def test_idea_list(page: Page, content):
    page.goto(f"/rounds/{content.round.slug}/ideas/")
    expect(page.get_by_role("link", name=content.idea.title)).to_be_visible()
    check_page(page)


def test_idea_page_for_a_visitor(page: Page, content):
    page.goto(f"/ideas/{content.idea.id}")
    expect(page.get_by_text("Good point, variations matter.")).to_be_visible()
    check_page(page)


def test_idea_page_signed_in_with_reply_form_open(page: Page, content):
    sign_in(page, content.reader.email)
    page.goto(f"/ideas/{content.idea.id}")
    expect(page.get_by_role("button", name="Remove my support")).to_be_visible()
    page.locator("details.comment__reply summary").first.click()
    expect(page.get_by_role("button", name="Post reply")).to_be_visible()
    check_page(page)


def test_submit_form_empty_and_with_errors(page: Page, content):
    sign_in(page, content.reader.email)
    page.goto(f"/rounds/{content.round.slug}/ideas/new")
    expect(page.get_by_role("heading", level=1)).to_have_text("Submit an idea")
    check_page(page)

    page.get_by_role("button", name="Publish my idea").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_page(page)


def test_register_page_empty_and_with_errors(page: Page):
    page.goto("/account/register")
    check_page(page)
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_page(page)


def test_log_in_page_empty_and_with_errors(page: Page):
    page.goto("/account/login")
    check_page(page)
    page.get_by_label("Email address").fill("nobody@example.org")
    page.get_by_label("Password").fill("not the password")
    page.locator("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_page(page)


def test_similar_ideas_while_typing_and_the_review_step(page: Page, content):
    sign_in(page, content.reader.email)
    page.goto(f"/rounds/{content.round.slug}/ideas/new")
    page.get_by_label("Title", exact=True).press_sequentially("Publish public contracts", delay=5)
    expect(page.locator("[data-similar-ideas]").get_by_role("link", name=content.idea.title)).to_be_visible()
    check_page(page)

    page.get_by_label("What government should commit to").fill("Publish them all.")
    page.get_by_role("checkbox", name="Open data").check()
    page.get_by_role("button", name="Publish my idea").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Similar ideas already submitted")
    check_page(page)


def test_comment_form_with_errors_and_account_page(page: Page, content):
    sign_in(page, content.reader.email)
    page.goto(f"/ideas/{content.idea.id}")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_page(page)

    page.goto("/account/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    check_page(page)
