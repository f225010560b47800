"""axe-core finds no WCAG 2.2 AA violation on the panel's criteria and
commitment pages, at desktop and phone width, with real content, errors
and a refused stale edit showing."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from manifesto.accounts.models import User
from manifesto.panel import services
from manifesto.panel.models import Commitment
from manifesto.rounds.models import Round
from tests.browser.helpers import check_page, sign_in
from tests.factories import make_commitment, make_idea, make_round, make_support, make_user

pytestmark = pytest.mark.browser


@dataclass
class Panel:
    admin: User
    round: Round
    commitment: Commitment


@pytest.fixture
def panel() -> Panel:
    admin = make_user(display_name="Ada Administrator", email="ada@example.org", roles=("admin",))
    round_ = make_round(slug="open-round", phase="assessment",
                        title="Open government manifesto 2027")
    ideas = [make_idea(round_, title="Publish every public contract"),
             make_idea(round_, title="Registers of council contracts")]
    for n in range(3):
        make_support(make_user(), ideas[0])
    commitment = make_commitment(round_, ideas, actor=admin, title="Open up public contracts")
    services.update_commitment(admin, commitment, expected_version=1,
                               title="Open up all public contracts")
    make_commitment(round_, actor=admin, title="Open budgets", theme=round_.themes[1])
    make_idea(round_, title="An idea in no commitment yet")
    return Panel(admin, round_, commitment)


@pytest.fixture
def admin_page(page: Page, panel: Panel) -> Page:
    sign_in(page, panel.admin.email)
    return page


def test_criteria_list_defaults_and_errors(admin_page: Page, panel: Panel):
    page = admin_page
    page.goto(f"/admin/rounds/{panel.round.id}/criteria")
    page.get_by_role("button", name="Add the default criteria").click()
    expect(page.get_by_role("row", name="Feasibility")).to_be_visible()
    check_page(page)

    page.get_by_label("Name").fill("Feasibility")
    page.get_by_label("Weight").fill("lots")
    page.get_by_role("button", name="Add criterion").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_page(page)

    page.goto(f"/admin/rounds/{panel.round.id}/criteria")
    page.get_by_role("link", name="Edit Feasibility").click()
    page.get_by_label("Highest score").fill("0")
    page.get_by_role("button", name="Save criterion").click()
    expect(page.get_by_text("The top of the scale must be above the bottom.").first).to_be_visible()
    check_page(page)


def test_commitment_list_page_and_version(admin_page: Page, panel: Panel):
    page = admin_page
    page.goto(f"/rounds/{panel.round.slug}/panel/commitments")
    expect(page.get_by_role("heading", name="Open data")).to_be_visible()
    check_page(page)

    page.get_by_role("link", name="Open up all public contracts").click()
    expect(page.get_by_role("heading", name="Version history")).to_be_visible()
    check_page(page)

    page.get_by_role("link", name="Version 1").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Version 1 of commitment")
    check_page(page)


def test_drafting_with_errors_and_from_an_idea(admin_page: Page, panel: Panel):
    page = admin_page
    page.goto(f"/rounds/{panel.round.slug}/panel/commitments/new")
    page.get_by_label("The ideas it comes from").fill("I-1, contracts")
    page.get_by_role("button", name="Draft commitment").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_page(page)

    page.goto(f"/rounds/{panel.round.slug}/ideas")
    page.get_by_role("link", name="An idea in no commitment yet").click()
    page.get_by_role("link", name="Draft a commitment from this idea").click()
    expect(page.get_by_text("Drafting from idea")).to_be_visible()
    check_page(page)


def test_a_stale_edit_shows_both_texts(admin_page: Page, panel: Panel):
    page = admin_page
    page.goto(f"/panel/commitments/{panel.commitment.id}/edit")
    other = make_user(display_name="Pat Panellist", roles=("admin",))
    services.update_commitment(other, panel.commitment, expected_version=2,
                               commit_to="Publish every contract over £10,000.")
    page.get_by_label("Commit to …").fill("Publish contracts within 30 days.")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("heading", name="The version saved meanwhile")).to_be_visible()
    check_page(page)
