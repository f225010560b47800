"""axe-core finds no WCAG 2.2 AA violation on the workshop pages, at desktop
and phone width, with real content on them: the facilitator's pages (with
their errors showing), the sheet upload and its preview, and the public
workshop pages, pack, and ideas backed at workshops."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from manifesto.accounts.models import User
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.rounds.models import Round
from manifesto.workshops import services
from manifesto.workshops.models import Workshop
from manifesto.workshops.sheets import COLUMNS
from tests.browser.helpers import check_page, sign_in
from tests.factories import make_idea, make_round, make_support, make_user, make_workshop

pytestmark = pytest.mark.browser


@dataclass
class World:
    round: Round
    facilitator: User
    workshop: Workshop
    online: Idea  # submitted online, dotted at two workshops in two nations
    from_workshop: Idea  # typed in from the Cardiff workshop


@pytest.fixture
def world() -> World:
    round_ = make_round(slug="open-round", title="Open government manifesto 2027")
    author = make_user(display_name="Asha Author")
    facilitator = make_user(display_name="Fran Facilitator", roles=("facilitator",))
    online = make_idea(round_, author, title="Publish every public contract as open data",
                       themes=[round_.themes[0]])
    make_idea(round_, author, title="Open the lobbying register", themes=[round_.themes[1]])
    make_support(author, online)
    cardiff = make_workshop(round_, facilitator, town="Cardiff", nation="wales",
                            title="Cardiff open government workshop")
    glasgow = make_workshop(round_, facilitator, town="Glasgow", nation="scotland",
                            held_on=date(2027, 3, 21), title="Glasgow open government workshop")
    result = services.add_workshop_ideas(facilitator, cardiff, [
        {"title": "Register every lobbying meeting", "proposal": "Publish them monthly.",
         "problem": "Meetings go unrecorded.", "scope": "wales",
         "theme_ids": [round_.themes[1].id]},
        {"title": "Plain-language budgets", "proposal": "Publish a citizens' budget each year."},
    ])
    from_workshop = result.created[0]
    services.set_tally(facilitator, cardiff, online, 12)
    services.set_tally(facilitator, cardiff, online, 14, reason="Miscounted the flip chart")
    services.set_tally(facilitator, cardiff, from_workshop, 6)
    services.set_tally(facilitator, glasgow, online, 9)
    services.add_workshop_comment(facilitator, cardiff, online, "Start with the biggest contracts.")
    return World(round_, facilitator, cardiff, online, from_workshop)


@pytest.fixture
def facilitator_page(page: Page, world: World) -> Page:
    sign_in(page, world.facilitator.email)
    return page


def expect_problem(page: Page) -> None:
    expect(page.locator("[data-error-summary]")).to_be_visible()
    expect(page.locator("[data-error-summary]")).to_be_focused()


def sheet(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column.heading for column in COLUMNS])
    for row in rows:
        writer.writerow([row.get(column.key, "") for column in COLUMNS])
    return out.getvalue().encode("utf-8")


def upload(page: Page, world: World, name: str, content: bytes) -> None:
    page.goto(f"/workshops/{world.workshop.id}/upload")
    page.get_by_label("Sheet (CSV or Excel .xlsx)").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": content})
    page.get_by_role("button", name="Upload and preview").click()


# --- the facilitator's pages ---------------------------------------------------------

def test_my_workshops_and_the_manage_page(facilitator_page: Page, world: World):
    page = facilitator_page
    page.goto("/workshops/mine")
    expect(page.get_by_role("link", name=world.workshop.title)).to_be_visible()
    check_page(page)

    page.get_by_role("link", name=world.workshop.title).click()
    expect(page.locator("table.tally-history tbody tr")).to_have_count(3)
    check_page(page)


def test_new_workshop_form_empty_and_with_errors(facilitator_page: Page, world: World):
    page = facilitator_page
    page.goto("/workshops/mine")
    page.get_by_role("link", name=f"Record a workshop for {world.round.title}").click()
    check_page(page)

    page.get_by_label("Date").fill("31/02/2027")
    page.get_by_label("Number of attendees").fill("about forty")
    page.get_by_role("button", name="Record workshop").click()
    expect_problem(page)
    expect(page.locator(".field--error")).not_to_have_count(0)
    check_page(page)


def test_ideas_entry_form_with_row_errors(facilitator_page: Page, world: World):
    page = facilitator_page
    page.goto(f"/workshops/{world.workshop.id}/ideas/new")
    check_page(page)

    page.get_by_label("Title (idea 1)", exact=True).fill("Open spending data")
    page.get_by_label("What government should commit to (idea 2)", exact=True).fill("Publish it.")
    page.get_by_role("button", name="Save these ideas").click()
    expect_problem(page)
    expect(page.locator("[data-error-summary] li")).to_have_count(2)
    check_page(page)

    # The script's extra row is a clean copy: no repeated ids, no stale errors.
    page.get_by_role("button", name="Add one more row").click()
    expect(page.locator("[data-entry-row]")).to_have_count(6)
    check_page(page)


def test_comments_entry_with_errors(facilitator_page: Page, world: World):
    page = facilitator_page
    page.goto(f"/workshops/{world.workshop.id}/comments/new")
    check_page(page)

    page.get_by_label("Idea reference (comment 1)").fill(world.online.reference)
    page.get_by_label("Comment (comment 1)").fill("Include the contract variations.")
    page.get_by_label("Idea reference (comment 2)").fill("I-999999")
    page.get_by_label("Comment (comment 2)").fill("No such idea.")
    page.get_by_label("Idea reference (comment 3)").fill(world.online.reference)
    page.get_by_role("button", name="Save these comments").click()
    expect_problem(page)
    expect(page.get_by_text(f"{world.online.reference}: {world.online.title}").first).to_be_visible()
    check_page(page)


def test_tallies_page_with_errors(facilitator_page: Page, world: World):
    page = facilitator_page
    page.goto(f"/workshops/{world.workshop.id}/tallies")
    expect(page.locator("table.tally-table tbody tr")).to_have_count(2)
    check_page(page)

    page.get_by_label(f"Dots for {world.online.reference} {world.online.title}").fill("lots")
    page.get_by_label("Idea reference (new tally 1)").fill("not a reference")
    page.get_by_label("Dots (new tally 1)").fill("3")
    page.get_by_role("button", name="Save tallies").click()
    expect_problem(page)
    check_page(page)


def test_upload_page_and_previews(facilitator_page: Page, world: World):
    page = facilitator_page
    page.goto(f"/workshops/{world.workshop.id}/upload")
    check_page(page)

    page.get_by_role("button", name="Upload and preview").click()  # no file chosen
    expect_problem(page)
    check_page(page)

    upload(page, world, "with-problems.csv", sheet([
        {"title": "Publish MPs' diaries", "proposal": "Every meeting, within a month.",
         "themes": "open dta", "dots": "4"},
        {"reference": "I-999999", "dots": "3"},
        {"reference": world.online.reference, "dots": "=SUM(A1:A3)"},
        {"title": "A title with no proposal"},
    ]))
    expect(page.get_by_role("heading", name="4 rows need fixing – nothing has been saved")).to_be_visible()
    check_page(page)

    upload(page, world, "ready.csv", sheet([
        {"title": "Publish MPs' diaries", "proposal": "Every meeting, within a month.",
         "themes": "Open data; anti-corruption", "scope": "England", "dots": "4",
         "comment": "Ministers' too."},
        {"reference": world.online.reference, "dots": "14"},
        {"reference": world.from_workshop.reference, "dots": "8", "comment": "Weekly, not monthly."},
    ]))
    expect(page.get_by_role("button", name="Import this sheet")).to_be_visible()
    check_page(page)

    page.get_by_role("button", name="Import this sheet").click()
    expect(page.get_by_text("This sheet was imported on")).to_be_visible()
    check_page(page)

    page.get_by_role("link", name="Upload another sheet").click()
    expect(page.locator("table.sheet-uploads tbody tr")).to_have_count(2)
    check_page(page)


def test_pages_once_workshop_input_has_closed(facilitator_page: Page, world: World):
    page = facilitator_page
    world.round.phase = "assessment"
    db.session.commit()
    page.goto(f"/workshops/{world.workshop.id}/manage")
    expect(page.get_by_text("Workshop input for this round closed")).to_be_visible()
    check_page(page)

    page.goto(f"/workshops/{world.workshop.id}/ideas/new")
    expect(page.get_by_role("heading", level=1)).to_have_text("Workshop input has closed")
    check_page(page)


# --- public pages --------------------------------------------------------------

def test_public_workshop_list_and_page(page: Page, world: World):
    page.goto(f"/rounds/{world.round.slug}/workshops/")
    expect(page.get_by_role("heading", name="Scotland")).to_be_visible()
    check_page(page)

    page.get_by_role("link", name=world.workshop.title).click()
    expect(page.get_by_role("heading", name="Dot votes at this workshop")).to_be_visible()
    check_page(page)


def test_workshop_pack_on_screen(page: Page, world: World):
    page.goto(f"/rounds/{world.round.slug}/workshop-pack")
    check_page(page)

    page.get_by_label("Print a workshop's name and date on the cards").select_option(str(world.workshop.id))
    page.get_by_label("Number of idea cards").fill("many")
    page.get_by_role("button", name="Update the pack").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_page(page)


def test_ideas_backed_at_workshops(page: Page, world: World):
    page.goto(f"/ideas/{world.online.id}")
    expect(page.get_by_text("23 dots at 2 workshops in 2 nations").first).to_be_visible()
    check_page(page)

    page.goto(f"/ideas/{world.from_workshop.id}")
    expect(page.get_by_role("link", name="From the Cardiff workshop, 14 March 2027").first).to_be_visible()
    check_page(page)

    page.goto(f"/rounds/{world.round.slug}/ideas/?sort=combined&source=workshop&nation=wales")
    check_page(page)
    page.goto(f"/rounds/{world.round.slug}/ideas/?sort=combined")
    expect(page.locator(".idea-list > li").first).to_contain_text(world.online.title)
    check_page(page)
