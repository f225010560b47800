"""axe-core finds no WCAG 2.2 AA violation on the panellists' pages, at
desktop and phone width: the assessment queue, the scoring page (empty, with
errors, after submitting with others' scores and history) and the results."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from manifesto.panel import assessment
from tests.browser.helpers import check_page, sign_in
from tests.panel.assess_world import AssessWorld, make_assess_world, score

pytestmark = pytest.mark.browser


@pytest.fixture
def world() -> AssessWorld:
    world = make_assess_world()
    score(world, world.bob, world.first, (5, 2, 4), notes=("Ambitious but costly.", "", ""))
    score(world, world.bob, world.second, (3, 3, 3))
    score(world, world.cara, world.first, (1, 2, 3))
    assessment.declare_conflict(world.cara, world.third, "I advised the lead body.")
    score(world, world.alice, world.second, (4, None, None), submit=False)
    return world


@pytest.fixture
def alice_page(page: Page, world: AssessWorld) -> Page:
    sign_in(page, world.alice.email)
    return page


def test_the_queue(alice_page: Page, world: AssessWorld):
    page = alice_page
    page.get_by_role("link", name="Panel", exact=True).click()
    expect(page.get_by_text("0 of 3 scored")).to_be_visible()
    expect(page.locator(".assess-queue__item")).to_have_count(3)
    check_page(page)


def test_the_scoring_page_empty_with_errors_and_after_submitting(alice_page: Page, world: AssessWorld):
    page = alice_page
    page.goto(f"/panel/commitments/{world.first.id}/assess")
    expect(page.get_by_role("heading", name="Other panellists’ scores")).to_be_visible()
    check_page(page)

    impact = world.scored[0]
    page.get_by_role("group", name=impact.name).get_by_label("4", exact=True).check()
    page.get_by_role("button", name="Submit scores").click()
    expect(page.locator("[data-error-summary]")).to_be_visible()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    expect(page.locator(".field--error")).to_have_count(2)
    check_page(page)

    for criterion in world.scored[1:]:
        page.get_by_role("group", name=criterion.name).get_by_label("3", exact=True).check()
    page.get_by_label(f"Note on “{impact.name}” (optional)").fill("Worth doing.")
    page.get_by_role("button", name="Submit scores").click()
    expect(page.get_by_text("Your scores were submitted.")).to_be_visible()
    page.get_by_role("group", name=impact.name).get_by_label("5 (highest)").check()
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("heading", name="Your earlier versions")).to_be_visible()
    expect(page.get_by_text("Ambitious but costly.")).to_be_visible()
    check_page(page)


def test_the_conflict_form_with_an_error(alice_page: Page, world: AssessWorld):
    page = alice_page
    page.goto(f"/panel/commitments/{world.second.id}/assess")
    page.get_by_role("button", name="Declare a conflict of interest").click()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    check_page(page)


def test_the_results(new_page, world: AssessWorld):
    page = new_page()
    sign_in(page, world.alice.email)
    page.goto(f"/rounds/{world.round.slug}/panel/results")
    expect(page.get_by_text("Hidden until you submit your scores.").first).to_be_visible()
    check_page(page)

    page = new_page()
    sign_in(page, world.admin.email)
    page.goto(f"/rounds/{world.round.slug}/panel/results")
    expect(page.get_by_text("Panellists disagree").first).to_be_visible()
    check_page(page)
