"""A facilitator brings a whole workshop in, in a real browser with
JavaScript on: records the workshop, types in 10 ideas and the dot votes by
form (correcting one), uploads a sheet of 50 more ideas and tallies (and
the same sheet again, which changes nothing), and the public pages show it
all, credited to the workshop."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from manifesto.accounts.models import User
from manifesto.audit import AuditEvent
from manifesto.comments.models import Comment
from manifesto.extensions import db
from manifesto.ideas.counts import find_count_drift
from manifesto.ideas.models import Idea
from manifesto.rounds.models import Round
from manifesto.workshops.models import TallyChange, Workshop, WorkshopTally
from manifesto.workshops.sheets import HEADINGS
from tests.browser.helpers import fresh, sign_in
from tests.factories import make_idea, make_round, make_support, make_user

pytestmark = pytest.mark.browser

WORKSHOP_TITLE = "Cardiff open government workshop"
FORM_IDEAS = [(f"Workshop card idea {n}", f"Government should commit to card proposal {n}.")
              for n in range(1, 11)]
SHEET_IDEAS = [(f"Sheet idea {n}", f"Government should commit to sheet proposal {n}.")
               for n in range(1, 51)]


@dataclass
class Setting:
    round: Round
    facilitator: User
    contracts: Idea  # gets the most dots: first by combined support
    lobbying: Idea  # has online supporters; its tally is corrected
    foi: Idea  # dotted only through the sheet


@pytest.fixture
def setting() -> Setting:
    round_ = make_round(slug="open-round", title="Open government manifesto 2027")
    author = make_user(display_name="Asha Author")
    facilitator = make_user(display_name="Fran Facilitator", roles=("facilitator",))
    contracts = make_idea(round_, author, title="Publish every public contract",
                          themes=[round_.themes[0]])
    lobbying = make_idea(round_, author, title="Open the lobbying register",
                         themes=[round_.themes[1]])
    foi = make_idea(round_, author, title="Answer FOI requests in 20 days",
                    themes=[round_.themes[2]])
    for _ in range(3):
        make_support(make_user(), lobbying)
    return Setting(round_, facilitator, contracts, lobbying, foi)


def sheet_csv(setting: Setting) -> bytes:
    """50 new ideas (some with dots) and tallies/comments for existing ideas,
    in the template's headings, as Excel saves "CSV UTF-8" (with a BOM)."""
    keys = ["reference", "title", "proposal", "scope", "themes", "dots", "comment",
            "workshop_date"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([HEADINGS[key] for key in keys])
    for n, (title, proposal) in enumerate(SHEET_IDEAS, start=1):
        writer.writerow(["", title, proposal, "Wales" if n % 2 else "", "open DATA" if n % 3 else "",
                         str(n % 4 + 1) if n <= 8 else "", "", "14/03/2027"])
    writer.writerow([setting.contracts.reference, "", "", "", "", "30", "", ""])  # as typed: already in
    writer.writerow([setting.foi.reference, "", "", "", "", "9", "Quicker answers, please.", ""])
    writer.writerow([setting.lobbying.reference, "", "", "", "", "", "=Name the lobbyists", ""])
    return out.getvalue().encode("utf-8-sig")


def record_workshop(page: Page, setting: Setting) -> None:
    page.goto("/workshops/mine")
    page.get_by_role("link", name=f"Record a workshop for {setting.round.title}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a workshop")
    page.get_by_label("Title").fill(WORKSHOP_TITLE)
    page.get_by_label("Date").fill("14/03/2027")
    page.get_by_label("Venue").fill("Temple of Peace")
    page.get_by_label("Town or city").fill("Cardiff")
    page.get_by_role("radio", name="Wales").check()
    page.get_by_label("Region").fill("South East Wales")
    page.get_by_label("Organising group").fill("Open Government Network Cymru")
    expect(page.get_by_label("Facilitator")).to_have_value("Fran Facilitator")
    page.get_by_label("Number of attendees").fill("40")
    page.get_by_role("button", name="Record workshop").click()
    expect(page.get_by_text(f"Workshop “{WORKSHOP_TITLE}” recorded")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(WORKSHOP_TITLE)
    expect(page.get_by_text("From the Cardiff workshop, 14 March 2027")).to_be_visible()


def fill_idea(page: Page, number: int) -> None:
    title, proposal = FORM_IDEAS[number - 1]
    page.get_by_label(f"Title (idea {number})", exact=True).fill(title)
    page.get_by_label(f"What government should commit to (idea {number})", exact=True).fill(proposal)


def enter_ideas_by_form(page: Page) -> None:
    page.get_by_role("link", name="Enter ideas").click()
    rows = page.locator("[data-entry-row]")
    expect(rows).to_have_count(5)
    for number in range(1, 6):
        fill_idea(page, number)
    row_one = rows.nth(0)
    row_one.get_by_label("Geographic scope (idea 1)").select_option("wales")
    row_one.get_by_role("checkbox", name="Open data").check()
    # Without a round trip the script adds one row; the server adds five.
    page.get_by_role("button", name="Add 5 more rows").click()
    expect(rows).to_have_count(10)
    expect(page.get_by_label("Title (idea 1)", exact=True)).to_have_value(FORM_IDEAS[0][0])
    expect(rows.nth(0).get_by_role("checkbox", name="Open data")).to_be_checked()
    for number in range(6, 11):
        fill_idea(page, number)
    page.get_by_role("button", name="Add one more row").click()
    expect(rows).to_have_count(11)
    expect(rows.nth(10).locator("legend").first).to_have_text("Idea 11")
    eleventh = page.get_by_label("Title (idea 11)", exact=True)
    expect(eleventh).to_be_focused()
    expect(eleventh).to_have_value("")  # a blank copy: ignored when saving
    page.get_by_role("button", name="Save these ideas").click()
    expect(page.get_by_text("Saved 10 ideas from the Cardiff workshop.")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text=re.compile(r"^10 ideas$"))).to_be_visible()


def enter_tallies_by_form(page: Page, setting: Setting) -> None:
    page.get_by_role("link", name="Enter or correct dot votes").click()
    page.get_by_label("Idea reference (new tally 1)").fill(setting.contracts.reference)
    page.get_by_label("Dots (new tally 1)").fill("30")
    page.get_by_label("Idea reference (new tally 2)").fill(setting.lobbying.reference)
    page.get_by_label("Dots (new tally 2)").fill("5")
    page.get_by_role("button", name="Save tallies").click()
    expect(page.get_by_text("Saved: 2 tallies changed.")).to_be_visible()

    # A correction, with its reason.
    lobbying = page.get_by_label(f"Dots for {setting.lobbying.reference} {setting.lobbying.title}")
    expect(lobbying).to_have_value("5")
    lobbying.fill("7")
    page.get_by_label("Reason for the correction").fill("Miscounted the flip chart")
    page.get_by_role("button", name="Save tallies").click()
    expect(page.get_by_text("Saved: 1 tally changed.")).to_be_visible()

    page.get_by_role("link", name="See the history of changes").click()
    history = page.locator("table.tally-history")
    expect(history.locator("caption")).to_have_text("3 changes, newest first")
    newest = history.locator("tbody tr").first
    for cell in ("5 → 7", "Fran Facilitator", "form", "Miscounted the flip chart"):
        expect(newest).to_contain_text(cell)
    expect(history).to_contain_text("first count: 30")


def upload(page: Page, content: bytes) -> None:
    page.get_by_role("link", name="Upload a sheet").first.click()
    page.get_by_label("Sheet (CSV or Excel .xlsx)").set_input_files(
        {"name": "cardiff-workshop.csv", "mimeType": "text/csv", "buffer": content})
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check cardiff-workshop.csv")


def upload_sheet_twice(page: Page, setting: Setting) -> None:
    content = sheet_csv(setting)
    upload(page, content)
    rows = page.locator("table.sheet-rows tbody tr")
    expect(rows).to_have_count(53)  # every row of the sheet, previewed
    expect(rows.first).to_contain_text("Sheet idea 1")
    expect(page.locator("#row-52")).to_contain_text("Already in")
    expect(page.locator("#row-54")).to_contain_text(f"Comment on {setting.lobbying.reference}")
    counts = page.locator(".sheet-counts")
    expect(counts).to_contain_text("50 new ideas")
    expect(counts).to_contain_text("1 row already in")
    page.get_by_role("button", name="Import this sheet").click()
    expect(page.get_by_text(re.compile(r"^Sheet imported: 50 new ideas, 9 dot tallies, 2 comments; "
                                       r"1 row was already in\."))).to_be_visible()
    expect(page.get_by_text("This sheet was imported on")).to_be_visible()

    page.get_by_role("link", name="Back to the workshop").click()
    expect(page.get_by_role("listitem").filter(has_text=re.compile(r"^60 ideas$"))).to_be_visible()
    upload(page, content)  # the same file again
    expect(page.get_by_text("Everything in this sheet is already in.")).to_be_visible()
    expect(page.locator(".sheet-counts")).to_contain_text("53 rows already in")
    expect(page.get_by_role("button", name="Import this sheet")).to_have_count(0)


def public_pages_show_it(page: Page, setting: Setting) -> None:
    page.goto(f"/rounds/{setting.round.slug}/workshops/")
    wales = page.locator("section.workshop-nation", has=page.get_by_role("heading", name="Wales"))
    wales.get_by_role("link", name=WORKSHOP_TITLE).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(WORKSHOP_TITLE)
    expect(page.locator(".workshop-facts")).to_contain_text("40 people")
    expect(page.locator("p.counts")).to_have_text("60 ideas · 2 comments · 66 dots for 11 ideas")
    ideas = page.locator("section[aria-labelledby=workshop-ideas] li")
    expect(ideas).to_have_count(60)
    dots = page.locator("section[aria-labelledby=workshop-dots] tbody tr")
    expect(dots.first).to_contain_text(setting.contracts.title)
    expect(dots.first.locator("td.numeric")).to_have_text("30")

    page.get_by_role("link", name=setting.contracts.title).first.click()
    expect(page.locator("p.counts").first).to_contain_text(
        "0 supporters online · 30 dots at 1 workshop in 1 nation")
    page.go_back()
    page.get_by_role("link", name="Workshop card idea 1", exact=True).click()
    expect(page.get_by_role("link", name="From the Cardiff workshop, 14 March 2027").first).to_be_visible()

    page.goto(f"/rounds/{setting.round.slug}/ideas/")
    page.get_by_label("Sort by").select_option("combined")
    page.get_by_role("button", name="Apply").click()
    first = page.locator(".idea-list > li").first
    expect(first.get_by_role("heading")).to_have_text(setting.contracts.title)
    expect(first).to_contain_text("30 dots at 1 workshop in 1 nation")


def assert_database(setting: Setting, facilitator_id: int) -> None:
    fresh()
    workshop = db.session.scalars(select(Workshop)).one()
    assert (workshop.title, workshop.town, workshop.nation, workshop.attendees,
            workshop.owner_id) == (WORKSHOP_TITLE, "Cardiff", "wales", 40, facilitator_id)
    assert workshop.credit == "From the Cardiff workshop, 14 March 2027"
    ideas = db.session.scalars(select(Idea).where(Idea.workshop_id == workshop.id)).all()
    assert len(ideas) == 60
    assert {(idea.source, idea.author_id, idea.status) for idea in ideas} == {("workshop", None, "published")}
    assert sorted(idea.title for idea in ideas) == sorted(t for t, _ in FORM_IDEAS + SHEET_IDEAS)
    card = next(idea for idea in ideas if idea.title == "Workshop card idea 1")
    assert card.scope == "wales" and [theme.name for theme in card.themes] == ["Open data"]
    assert db.session.scalar(select(func.count()).select_from(Idea)) == 63  # nothing duplicated

    tallies = {t.idea_id: t.dots for t in db.session.scalars(select(WorkshopTally))}
    assert tallies[setting.contracts.id] == 30 and tallies[setting.lobbying.id] == 7
    assert tallies[setting.foi.id] == 9 and sum(tallies.values()) == 66
    for idea in db.session.scalars(select(Idea)):
        assert idea.dot_count == tallies.get(idea.id, 0), idea.title
    assert find_count_drift() == []
    changes = db.session.scalars(select(TallyChange).where(TallyChange.idea_id == setting.lobbying.id)
                                 .order_by(TallyChange.id)).all()
    assert [(c.old_dots, c.new_dots, c.via, c.reason, c.changed_by_id) for c in changes] == [
        (None, 5, "form", "", facilitator_id),
        (5, 7, "form", "Miscounted the flip chart", facilitator_id),
    ]
    comments = db.session.scalars(select(Comment).order_by(Comment.id)).all()
    assert [(c.idea_id, c.author_id, c.workshop_id, c.body) for c in comments] == [
        (setting.foi.id, None, workshop.id, "Quicker answers, please."),
        (setting.lobbying.id, None, workshop.id, "=Name the lobbyists"),
    ]

    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.actor_id == facilitator_id)).all()
    counted = {action: actions.count(action) for action in set(actions)}
    assert counted == {
        "account.signed_in": 1,
        "workshop.created": 1,
        "workshop.ideas_entered": 1,  # the form's 10 ideas, in one event...
        "idea.created": 60,  # ...and one per idea, form and sheet alike
        "tally.set": 3 + 9,  # 3 changes by form, 9 tallies from the sheet
        "comment.added": 2,
        "workshop.sheet_uploaded": 2,
        "workshop.imported": 1,  # the second upload imported nothing
    }
    imported = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "workshop.imported")).one()
    assert (imported.target_id, imported.after["new_ideas"], imported.after["filename"]) == (
        workshop.id, 50, "cardiff-workshop.csv")


def test_facilitator_brings_a_workshop_in(setting: Setting, page: Page):
    facilitator_id = setting.facilitator.id
    sign_in(page, setting.facilitator.email)
    record_workshop(page, setting)
    enter_ideas_by_form(page)
    enter_tallies_by_form(page, setting)
    upload_sheet_twice(page, setting)
    public_pages_show_it(page, setting)
    assert_database(setting, facilitator_id)
