"""axe-core finds no WCAG 2.2 AA violation on the pages added for people,
roles and the audit log, the information pages, and the account pages'
newer states, at desktop and phone width, with real content and errors
showing."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from manifesto import audit
from manifesto.accounts import services as accounts
from manifesto.accounts.models import User
from manifesto.audit import AuditEvent
from manifesto.extensions import db
from manifesto.workshops.models import Workshop
from tests.browser.helpers import check_page, sign_in
from tests.factories import make_idea, make_round, make_user, make_workshop

pytestmark = pytest.mark.browser


@dataclass
class Office:
    admin: User
    facilitator: User
    workshop: Workshop


@pytest.fixture
def office() -> Office:
    """An administrator, enough people for two pages, and an audit log with
    more than a page of entries of several kinds."""
    admin = make_user(display_name="Ada Administrator", email="ada@example.org", roles=("admin",))
    facilitator = make_user(display_name="Fran Facilitator", email="fran@example.org")
    accounts.grant_role(facilitator, "facilitator", actor=admin)
    for n in range(55):
        make_user(display_name=f"Participant {n:02d}", email=f"participant{n:02d}@example.org")
    round_ = make_round(slug="open-round", title="Open government manifesto 2027")
    workshop = make_workshop(round_, facilitator, title="Cardiff open government workshop")
    make_idea(round_, facilitator, title="Publish every public contract")
    for n in range(55):  # changes made at the command line: no account
        audit.record(None, "round.updated", round_, {"title": f"Draft {n}"},
                     {"title": round_.title, "note": "A long note " * 20})
    db.session.commit()
    return Office(admin, facilitator, workshop)


@pytest.fixture
def admin_page(page: Page, office: Office) -> Page:
    sign_in(page, office.admin.email)
    return page


def test_people_list_searched_and_paged(admin_page: Page, office: Office):
    page = admin_page
    page.goto("/admin/people")
    expect(page.get_by_role("navigation", name="Pages of people")).to_be_visible()
    check_page(page)

    page.get_by_label("Search by name or email").fill("fran")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="Fran Facilitator")).to_be_visible()
    check_page(page)

    page.get_by_label("Search by name or email").fill("nobody at all")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("No one matches")).to_be_visible()
    check_page(page)


def test_a_persons_roles_with_errors(admin_page: Page, office: Office):
    page = admin_page
    page.goto(f"/admin/people/{office.facilitator.id}")
    expect(page.get_by_role("checkbox", name="Facilitator")).to_be_checked()
    check_page(page)

    page.get_by_role("checkbox", name="Moderator").check()
    page.get_by_role("button", name="Save roles").click()
    expect(page.get_by_text("Roles of Fran Facilitator saved: added moderator.")).to_be_visible()
    check_page(page)

    page.goto(f"/admin/people/{office.admin.id}")  # removing one's own admin role is refused
    page.get_by_role("checkbox", name="Administrator").uncheck()
    page.get_by_role("button", name="Save roles").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_page(page)


def test_audit_log_filtered_paged_and_with_errors(admin_page: Page, office: Office):
    page = admin_page
    page.goto("/admin/audit")
    expect(page.get_by_role("link", name="Older entries")).to_be_visible()
    check_page(page)

    page.get_by_role("link", name="Older entries").click()
    expect(page.get_by_role("link", name="Newer entries")).to_be_visible()
    check_page(page)

    page.goto("/admin/audit")
    page.get_by_label("Who").fill("Ada")
    page.get_by_label("Action").select_option("account.")
    page.get_by_label("From").fill("1/1/2020")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("link", name="Clear filters")).to_be_visible()
    expect(page.locator(".audit-table tbody tr")).not_to_have_count(0)
    check_page(page)

    page.get_by_label("Record number").fill("not a number")
    page.get_by_label("To").fill("31/02/2027")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_page(page)


def test_one_audit_entry(admin_page: Page, office: Office):
    page = admin_page
    for action in ("workshop.created", "round.updated"):
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                                  .order_by(AuditEvent.id.desc())).first()
        page.goto(f"/admin/audit/{event.id}")
        expect(page.get_by_role("heading", level=1)).to_contain_text(action)
        check_page(page)


def test_all_workshops_for_an_administrator(admin_page: Page, office: Office):
    page = admin_page
    page.goto("/workshops/mine")
    page.get_by_label("Round").select_option(label="Open government manifesto 2027")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("managed by Fran Facilitator")).to_be_visible()
    check_page(page)

    page.goto(f"/workshops/{office.workshop.id}/edit")
    page.get_by_label("Town or city").fill("")
    page.get_by_role("button", name="Save workshop").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_page(page)


@pytest.mark.parametrize("path, heading", [
    ("/privacy", "Privacy notice"),
    ("/accessibility", "Accessibility statement"),
])
def test_information_pages(page: Page, path: str, heading: str):
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    check_page(page)


def test_account_page_asking_to_confirm_the_email_address(page: Page):
    person = make_user(display_name="Una Unverified", verified=False)
    sign_in(page, person.email)
    page.goto("/account/")
    expect(page.get_by_role("heading", name="Confirm your email address")).to_be_visible()
    check_page(page)

    page.get_by_role("button", name="Send me a new link").click()
    check_page(page)


def test_register_page_with_every_kind_of_error(page: Page):
    make_user(email="taken@example.org")
    page.goto("/account/register")
    page.get_by_label("Email address").fill("taken@example.org")
    page.get_by_label("Display name").fill("x" * 200)
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Confirm password").fill("different")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_page(page)
