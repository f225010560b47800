"""A newcomer's whole first visit, in a real browser with JavaScript on:
register, find the open round, submit an idea (offered similar ideas while
typing), discuss it, support ideas without a page reload."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from manifesto.accounts.models import User
from manifesto.audit import AuditEvent
from manifesto.comments.models import Comment
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.supports.models import Support
from tests.browser.helpers import fresh
from tests.factories import make_idea, make_round, make_user

pytestmark = pytest.mark.browser

PASSWORD = "a long enough passphrase"
NEW_TITLE = "Publish all public contracts as open data"


def register(page: Page, email: str, name: str) -> None:
    page.goto("/")
    page.get_by_role("link", name="Create an account").first.click()
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Display name").fill(name)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()


def submit_idea_seeing_similar(page: Page, similar_title: str) -> None:
    title = page.get_by_label("Title", exact=True)
    title.press_sequentially(NEW_TITLE, delay=5)  # real key presses: the script listens to input
    similar = page.locator("[data-similar-ideas]")
    expect(similar.get_by_role("link", name=similar_title)).to_be_visible()
    page.get_by_label("What government should commit to").fill(
        "Every contract over £10,000 published within 30 days, as open data."
    )
    page.get_by_role("checkbox", name="Open data").check()
    page.get_by_role("button", name="Publish my idea").click()
    # The server checks for duplicates once more before publishing.
    expect(page.get_by_role("heading", level=1)).to_have_text("Similar ideas already submitted")
    page.get_by_role("button", name="Submit my idea anyway").click()


def toggle_support_without_reload(page: Page, press: str, expected_count: str, new_label: str) -> None:
    """Click the support button; the count must change in place."""
    documents = []
    page.on("request", lambda request: documents.append(request.url)
            if request.resource_type == "document" else None)
    page.evaluate("window.noReloadMarker = 'still the same page'")
    page.get_by_role("button", name=press).click()
    expect(page.locator("[data-support-count]")).to_have_text(expected_count)
    expect(page.get_by_role("button", name=new_label)).to_be_visible()
    assert page.evaluate("window.noReloadMarker") == "still the same page"
    assert documents == [], f"the page was reloaded: {documents}"


def confirm_email(app, page: Page) -> None:
    """Open the confirmation link from the mail the site just sent."""
    body = app.extensions["mail_outbox"][-1].get_content()
    link = re.search(r"https?://\S+/account/verify/\S+", body).group(0)
    page.goto(urlsplit(link).path)
    expect(page.get_by_text("your email address is confirmed")).to_be_visible()


def test_newcomer_registers_submits_discusses_and_supports(app, page: Page):
    round_ = make_round(slug="open-round", title="Open government manifesto 2026")
    author = make_user(display_name="Asha Author")
    existing = make_idea(round_, author, title="Publish every public contract online",
                         proposal="All contracts, published as open data.", themes=[round_.themes[0]])

    register(page, "newcomer@example.org", "Nia Newcomer")
    expect(page.get_by_text("open it to confirm your address")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    confirm_email(app, page)

    page.get_by_role("link", name=round_.title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(round_.title)
    page.locator("main").get_by_role("link", name="Submit an idea").click()
    submit_idea_seeing_similar(page, existing.title)

    expect(page.get_by_text("Your idea has been published")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(NEW_TITLE)
    expect(page.get_by_text("Nia Newcomer", exact=False).first).to_be_visible()
    new_idea_url = page.url

    page.get_by_label("Add a comment").fill("Contract variations should be published too.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Your comment has been posted.")).to_be_visible()
    page.locator("summary", has_text="Reply").first.click()
    page.get_by_label("Your reply").fill("And the tender documents.")
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_text("Your reply has been posted.")).to_be_visible()
    expect(page.get_by_role("heading", name="Comments (2)")).to_be_visible()

    toggle_support_without_reload(page, "Support this idea", "1 supporter online", "Remove my support")
    toggle_support_without_reload(page, "Remove my support", "0 supporters online", "Support this idea")
    page.reload()  # and the server agrees
    expect(page.locator("[data-support-count]")).to_have_text("0 supporters online")

    page.goto(f"/ideas/{existing.id}")
    toggle_support_without_reload(page, "Support this idea", "1 supporter online", "Remove my support")

    fresh()
    newcomer = db.session.scalars(select(User).where(User.email == "newcomer@example.org")).one()
    assert newcomer.display_name == "Nia Newcomer"
    assert db.session.scalar(select(func.count()).select_from(User)) == 2
    new_idea = db.session.scalars(select(Idea).where(Idea.author_id == newcomer.id)).one()
    assert new_idea_url.endswith(f"/ideas/{new_idea.id}")
    assert (new_idea.title, new_idea.status, new_idea.source) == (NEW_TITLE, "published", "online")
    assert [theme.name for theme in new_idea.themes] == ["Open data"]
    assert (new_idea.comment_count, new_idea.support_count) == (2, 0)
    comments = db.session.scalars(select(Comment).order_by(Comment.id)).all()
    assert [(c.idea_id, c.author_id, c.body) for c in comments] == [
        (new_idea.id, newcomer.id, "Contract variations should be published too."),
        (new_idea.id, newcomer.id, "And the tender documents."),
    ]
    assert comments[1].parent_id == comments[0].id and comments[0].parent_id is None
    supports = db.session.scalars(select(Support)).all()
    assert [(s.user_id, s.idea_id) for s in supports] == [(newcomer.id, existing.id)]
    db.session.refresh(existing)
    assert existing.support_count == 1
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.actor_id == newcomer.id).order_by(AuditEvent.id)
    ).all()
    assert actions == [
        "account.registered", "account.email_verified", "idea.created", "comment.added",
        "comment.added",
        "support.added", "support.removed", "support.added",
    ]
