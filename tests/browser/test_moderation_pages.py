"""The moderation pages in a real Chromium: axe-core finds no WCAG 2.2 AA
violation (desktop and phone width, with errors shown), and reporting
works without JavaScript."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from manifesto.accounts.models import User
from manifesto.comments.models import Comment
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.moderation import services
from manifesto.moderation.models import Flag
from tests.browser.helpers import check_page, fresh, sign_in
from tests.factories import make_comment, make_idea, make_round, make_support, make_user
from tests.moderation.merge_factory import merge_into

pytestmark = pytest.mark.browser


@dataclass
class Scene:
    moderator: User
    reader: User
    spammer: User
    idea: Idea
    duplicate: Idea
    spam: Idea
    rude: Comment


@pytest.fixture
def scene() -> Scene:
    round_ = make_round(slug="open-round", title="Open government manifesto 2026")
    moderator = make_user(email="mo@example.org", display_name="Mo Moderator", roles=("moderator",))
    reader = make_user(email="rhys@example.org", display_name="Rhys Reader")
    spammer = make_user(display_name="Sam Spammer")
    author = make_user(display_name="Asha Author")
    idea = make_idea(round_, author, title="Publish every public contract as open data",
                     proposal="Publish every contract over £10,000 within 30 days.",
                     themes=[round_.themes[0]])
    duplicate = make_idea(round_, make_user(), title="Open up public contracts",
                          proposal="Put all public contracts online.", themes=[round_.themes[0]])
    spam = make_idea(round_, spammer, title="Cheap watches for sale", proposal="Buy watches now.")
    make_support(reader, idea)
    make_support(reader, duplicate)
    rude = make_comment(idea, spammer, "A rude remark about the author")
    make_comment(idea, reader, "A fair point about variations.", parent=rude)
    for n in range(3):
        services.raise_flag(make_user(), spam, "spam", f"This is an advert ({n})")
    services.raise_flag(make_user(), rude, "offensive", "Personal attack")
    services.hide_idea(moderator, make_idea(round_, make_user(), title="Off-topic idea"), "off_topic")
    return Scene(moderator, reader, spammer, idea, duplicate, spam, rude)


def test_reporting_pages_are_accessible(page: Page, scene):
    sign_in(page, "rhys@example.org")
    page.goto(f"/ideas/{scene.spam.id}")
    page.get_by_role("link", name="Report this idea").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report this idea")
    check_page(page)
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_page(page)


def test_reporting_works_without_javascript(new_page, scene):
    page: Page = new_page(java_script_enabled=False)  # (axe needs JavaScript: checked above)
    sign_in(page, "rhys@example.org")
    page.goto(f"/ideas/{scene.idea.id}")
    page.get_by_role("link", name="Report the comment by Sam Spammer", exact=False).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report this comment")
    page.get_by_label("Abusive or offensive").check()
    page.get_by_label("Anything else the moderators should know (optional)").fill("Rude")
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_text("Thank you for your report")).to_be_visible()
    expect(page.get_by_text("You reported this comment")).to_be_visible()
    fresh()
    assert db.session.scalar(select(Flag.details).where(Flag.flagged_by_id == scene.reader.id)) == "Rude"


def test_the_queue_and_hiding_from_it(page: Page, scene):
    sign_in(page, "mo@example.org")
    page.get_by_role("link", name="Moderation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation")
    expect(page.get_by_text("This is an advert (2)")).to_be_visible()
    check_page(page)

    card = page.locator(f"#idea-{scene.spam.id}")
    card.get_by_label("Reason shown in its place").select_option("spam")
    card.get_by_role("button", name="Hide this idea").click()
    expect(page.get_by_text("is hidden")).to_be_visible()
    check_page(page)
    fresh()
    assert db.session.get(Idea, scene.spam.id).status == "hidden"


def test_hide_page_with_errors(page: Page, scene):
    sign_in(page, "mo@example.org")
    page.goto(f"/ideas/{scene.idea.id}")
    page.get_by_role("link", name="Hide this idea").click()
    check_page(page)
    page.get_by_role("button", name="Hide this idea").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_page(page)


def test_idea_page_with_placeholders_and_moderation_tools(page: Page, scene):
    services.hide_comment(scene.moderator, scene.rude, "offensive")
    merge_into(scene.idea, scene.moderator)
    page.goto(f"/ideas/{scene.idea.id}")
    expect(page.get_by_text("Hidden by moderators: abusive or offensive")).to_be_visible()
    check_page(page)
    hidden = db.session.scalar(select(Idea.id).where(Idea.status == "hidden"))
    page.goto(f"/ideas/{hidden}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hidden by moderators: off-topic")
    check_page(page)

    sign_in(page, "mo@example.org")
    page.goto(f"/ideas/{scene.idea.id}")
    expect(page.get_by_role("button", name="Undo merge")).to_be_visible()
    check_page(page)


def test_merge_form_search_and_confirmation(page: Page, scene):
    sign_in(page, "mo@example.org")
    page.goto(f"/ideas/{scene.duplicate.id}")
    page.get_by_role("link", name="Merge into another idea…").click()
    check_page(page)
    page.get_by_label("Words from its title or text").fill("public contracts")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=f"Merge into {scene.idea.reference}", exact=True).click()
    expect(page.get_by_label("Merge into idea")).to_have_value(scene.idea.reference)
    check_page(page)
    page.get_by_role("button", name="Check the effect").click()
    expect(page.get_by_text("1 person supports both and is counted once")).to_be_visible()
    check_page(page)
    page.get_by_role("button", name=f"Merge {scene.duplicate.reference} into {scene.idea.reference}").click()
    expect(page.get_by_text("was merged into this idea")).to_be_visible()
    fresh()
    assert db.session.get(Idea, scene.duplicate.id).status == "merged"

    page.goto(f"/moderation/ideas/{scene.idea.id}/merge")
    page.get_by_label("Merge into idea").fill("nonsense")
    page.get_by_role("button", name="Check the effect").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_page(page)


def test_person_page_block_with_errors_and_blocked(page: Page, scene):
    sign_in(page, "mo@example.org")
    page.goto(f"/moderation/people/{scene.spammer.id}")
    check_page(page)
    page.get_by_role("button", name="Block Sam Spammer").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_page(page)
    page.get_by_label("Why is this account being blocked?").fill("Advertising")
    page.get_by_role("button", name="Block Sam Spammer").click()
    expect(page.get_by_role("button", name="Unblock Sam Spammer")).to_be_visible()
    check_page(page)
