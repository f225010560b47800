"""axe-core finds no WCAG 2.2 AA violation on the shortlist administration
(with an error showing), the publish confirmation, the manifesto, a
commitment's page, "how we decided" and an idea's outcome, at desktop and
phone width; and an administrator decides, moves and publishes by keyboard
and mouse without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from manifesto.extensions import db
from manifesto.panel.models import Commitment
from manifesto.rounds.models import Round
from tests.browser.helpers import check_page, fresh, sign_in
from tests.panel.manifesto_factory import Manifesto, build

pytestmark = pytest.mark.browser


@pytest.fixture
def draft() -> Manifesto:
    return build(publish=False)


@pytest.fixture
def published() -> Manifesto:
    return build(publish=True)


def test_shortlist_administration(page: Page, draft: Manifesto):
    sign_in(page, draft.admin.email)
    slug = draft.round.slug
    page.goto(f"/rounds/{slug}/panel/shortlist")
    expect(page.get_by_role("heading", name="Shortlist", exact=True)).to_be_visible()
    check_page(page)

    archive = draft.commitments["archive"]
    page.get_by_label(f"Reason for the decision on C-{archive.id}").fill("")
    page.get_by_role("button", name="Shortlist “Digital archives”", exact=True).click()
    expect(page.locator("[data-error-summary]")).to_be_visible()
    expect(page.locator(f"#c{archive.id}-reason-error")).to_contain_text("Give the reason")
    check_page(page)

    page.get_by_label(f"Reason for the decision on C-{archive.id}").fill("Reconsidered: strong case.")
    page.get_by_role("button", name="Shortlist “Digital archives”", exact=True).click()
    expect(page.get_by_text("“Digital archives” shortlisted.")).to_be_visible()
    page.get_by_role("button", name="Move down “Open contracts”").click()
    expect(page.get_by_text("“Open contracts” moved down.")).to_be_visible()
    fresh()
    budgets = db.session.get(Commitment, draft.commitments["budgets"].id)
    assert budgets.position == 1

    page.get_by_role("link", name="Publish the manifesto").click()
    expect(page.get_by_role("heading", name="What will be published")).to_be_visible()
    check_page(page)
    page.get_by_role("button", name="Publish the manifesto").click()
    expect(page.get_by_text("The manifesto is published with 4 commitments.")).to_be_visible()
    fresh()
    assert db.session.get(Round, draft.round.id).phase == "published"


def test_shortlist_without_javascript_on_a_phone(new_page, draft: Manifesto):
    page = new_page(java_script_enabled=False, viewport={"width": 375, "height": 800})
    sign_in(page, draft.admin.email)
    page.goto(f"/rounds/{draft.round.slug}/panel/shortlist")
    page.get_by_role("button", name="Move up “Open budgets”").click()
    expect(page.get_by_text("“Open budgets” moved up.")).to_be_visible()


def test_public_manifesto_pages(page: Page, published: Manifesto):
    slug = published.round.slug
    page.goto(f"/rounds/{slug}/manifesto")
    expect(page.get_by_role("heading", name="2 Open budgets")).to_be_visible()
    check_page(page)
    page.get_by_role("navigation", name="Contents").get_by_role("link", name="3. Lobbying register").click()
    expect(page).to_have_url(f"{page.url.split('#')[0]}#commitment-{published.commitments['lobbying'].id}")

    page.goto(f"/commitments/{published.commitments['budgets'].id}")
    expect(page.get_by_role("heading", name="Why it was shortlisted")).to_be_visible()
    check_page(page)

    page.goto(f"/rounds/{slug}/how-we-decided")
    expect(page.get_by_role("heading", name="The decisions")).to_be_visible()
    check_page(page)

    page.goto(f"/ideas/{published.ideas['left_out'].id}")
    expect(page.get_by_role("heading", name="What happened to this idea")).to_be_visible()
    check_page(page)


def test_preview_and_not_published_pages(page: Page, draft: Manifesto):
    page.goto(f"/rounds/{draft.round.slug}/manifesto")
    expect(page.get_by_role("heading", name="The manifesto is not published yet")).to_be_visible()
    check_page(page)
    sign_in(page, draft.panellist.email)
    page.goto(f"/rounds/{draft.round.slug}/manifesto")
    expect(page.get_by_text("Preview for the panel")).to_be_visible()
    check_page(page)
