"""An administrator holds parties to the manifesto, in a real browser: adds a
party, records one party's response by the form and two parties' responses
by uploading a sheet, adds a progress update; the public scorecard (desktop
and phone), the response page and the progress page show it all, and axe
finds nothing on any of them."""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from manifesto.extensions import db
from manifesto.parties.models import PartyResponse, PartyResponseChange
from tests.browser.helpers import PHONE, check_page, fresh, sign_in
from tests.factories import make_user
from tests.parties.factory import make_party, make_published_round

pytestmark = pytest.mark.browser


@pytest.fixture
def setting():
    admin = make_user(display_name="Ada Admin", roles=("admin",))
    round_, commitments = make_published_round(3, admin=admin, slug="manifesto-2026")
    make_party("Conservative Party", "Con", colour="#0087dc", nations=["england", "scotland",
                                                                      "wales"])
    make_party("Plaid Cymru", "Plaid", colour="#005b54", nations=["wales"])
    return {"admin": admin, "round": round_, "commitments": commitments}


def sheet(commitments) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Party", "Commitment", "Stance", "Quote", "Evidence", "Date"])
    writer.writerow(["Con", commitments[0].number, "partly", "We will review contract data.",
                     "https://example.org/con-manifesto", "02/05/2026"])
    writer.writerow(["Plaid Cymru", commitments[0].number, "Committed",
                     "Byddwn yn cyhoeddi pob contract.", "https://example.org/plaid", "03/05/2026"])
    writer.writerow(["plaid", commitments[1].number, "declined", "Not a priority for us.",
                     "https://example.org/plaid#p9", ""])
    return out.getvalue().encode("utf-8-sig")


def add_party(page: Page) -> None:
    page.goto("/admin/parties")
    page.get_by_role("link", name="Add a party").click()
    page.get_by_role("button", name="Add party").click()  # empty: errors shown
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_page(page)
    page.get_by_label("Name", exact=True).fill("Labour Party")
    page.get_by_label("Short name").fill("Labour")
    page.get_by_label("Colour for charts").fill("#E4003B")
    for nation in ("England", "Scotland", "Wales"):
        page.get_by_role("checkbox", name=nation).check()
    page.get_by_label("Website").fill("https://labour.example.org")
    page.get_by_role("button", name="Add party").click()
    expect(page.get_by_text("Saved Labour Party.")).to_be_visible()
    expect(page.locator("table")).to_contain_text("England, Scotland and Wales")
    check_page(page)


def record_by_form(page: Page, setting) -> None:
    first = setting["commitments"][0]
    page.goto(f"/admin/rounds/{setting['round'].slug}/responses")
    page.get_by_role("link", name=f"Record responses to {first.title}").click()
    page.get_by_label("Party", exact=True).select_option(label="Labour Party")
    page.get_by_role("radio", name="Committed", exact=True).check()
    page.get_by_label("Quotation").fill("We will publish every public contract in full.")
    page.get_by_label("Link to the evidence").fill("https://labour.example.org/manifesto#p12")
    page.get_by_label("Date the party said it").fill("01/05/2026")
    page.get_by_role("button", name="Save response").click()
    expect(page.get_by_text("Recorded Labour Party's response: Committed.")).to_be_visible()
    check_page(page)


def record_by_sheet(page: Page, setting) -> None:
    page.goto(f"/admin/rounds/{setting['round'].slug}/responses")
    page.get_by_role("link", name="Upload a sheet of responses").click()
    check_page(page)
    content = sheet(setting["commitments"])
    page.get_by_label("Sheet (CSV or Excel .xlsx)").set_input_files(
        {"name": "responses.csv", "mimeType": "text/csv", "buffer": content})
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check responses.csv")
    expect(page.locator("table.sheet-rows tbody tr")).to_have_count(3)
    expect(page.locator(".sheet-counts")).to_contain_text("3 new responses")
    check_page(page)
    page.get_by_role("button", name="Import these responses").click()
    expect(page.get_by_text(re.compile(r"^Sheet imported: 3 new responses, 0 changed responses; "
                                       r"0 rows were already in\."))).to_be_visible()


def add_progress(page: Page, setting) -> None:
    first = setting["commitments"][0]
    page.goto(f"/admin/commitments/{first.id}/progress")
    page.get_by_role("radio", name="In the national action plan").check()
    page.get_by_label("Date", exact=True).fill("01/09/2026")
    page.get_by_label("What happened").fill("Included in the fifth national action plan.")
    page.get_by_role("button", name="Add update").click()
    expect(page.get_by_text("Progress update added.")).to_be_visible()


def public_pages(page: Page, setting) -> None:
    first = setting["commitments"][0]
    page.goto(f"/rounds/{setting['round'].slug}/scorecard")
    summary = page.locator("table.party-summary")
    expect(summary.locator("tbody tr").first).to_contain_text("Labour Party")
    expect(summary).to_contain_text("1 of 3 committed, 0 partly")
    expect(summary.locator("tr", has_text="Plaid Cymru")).to_contain_text("1 of 3 committed, 0 partly")
    expect(summary.locator("tr", has_text="Conservative Party")).to_contain_text(
        "0 of 3 committed, 1 partly")
    table = page.locator("table.scorecard-table")
    expect(table).to_be_visible()
    expect(page.locator(".scorecard-narrow")).to_be_hidden()
    expect(page.locator("svg[role=img] title")).to_have_text("Commitments each party has made, out of 3")
    check_page(page, viewports=({"width": 1280, "height": 900},))
    page.set_viewport_size(PHONE)
    expect(table).to_be_hidden()
    narrow = page.locator(".scorecard-narrow")
    expect(narrow).to_be_visible()
    expect(narrow.locator("li", has_text="Plaid Cymru").first).to_contain_text("Committed")
    check_page(page, viewports=(PHONE,))

    page.get_by_label("Nation").select_option(label="Wales")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("table.party-summary tbody tr")).to_have_count(3)
    page.get_by_label("Nation").select_option(label="England")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("table.party-summary")).not_to_contain_text("Plaid Cymru")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/rounds/{setting['round'].slug}/scorecard")
    page.locator("table.scorecard-table").get_by_role(
        "link", name=re.compile(f"Labour Party on commitment {first.number}")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Labour Party’s response")
    expect(page.locator("blockquote")).to_have_text("We will publish every public contract in full.")
    expect(page.get_by_text("1 May 2026")).to_be_visible()
    check_page(page)

    page.goto(f"/commitments/{first.id}/progress")
    expect(page.locator(".timeline")).to_contain_text("In the national action plan")
    check_page(page)


def test_admin_records_responses_and_the_scorecard_shows_them(setting, page: Page):
    sign_in(page, setting["admin"].email)
    add_party(page)
    record_by_form(page, setting)
    record_by_sheet(page, setting)
    add_progress(page, setting)
    page.get_by_role("button", name="Sign out").click()
    public_pages(page, setting)

    fresh()
    rows = db.session.scalars(select(PartyResponse)).all()
    assert len(rows) == 4
    assert {change.via for change in db.session.scalars(select(PartyResponseChange))} == {
        "form", "sheet"}
