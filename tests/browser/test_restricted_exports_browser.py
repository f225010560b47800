"""The restricted export pages in a real Chromium: axe finds no WCAG 2.2 AA
violation at desktop and phone width (errors showing too), and the Download
buttons hand over the files as downloads, each recorded in the audit log."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from sqlalchemy import select

from manifesto.audit import AuditEvent
from manifesto.extensions import db
from tests.browser.helpers import check_page, fresh, sign_in
from tests.exports.test_restricted import make_scored

pytestmark = pytest.mark.browser


def _actions() -> list[str]:
    fresh()
    return list(db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.action.startswith("export."))))


def test_downloading_the_panel_scores(page: Page):
    world = make_scored()
    sign_in(page, world.admin.email)
    page.goto(f"/admin/rounds/{world.round.id}/exports")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Restricted exports")
    check_page(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the panel scores (XLSX)").click()
    download = download_info.value
    assert download.suggested_filename.startswith(f"{world.round.slug}-panel-scores-")
    with open(download.path(), "rb") as handle:  # saved without its extension
        workbook = load_workbook(handle, read_only=True)
        assert workbook.sheetnames == ["Scores", "Conflicts", "Criteria"]
        workbook.close()
    assert _actions() == ["export.scores"]


def test_downloading_the_audit_log(page: Page):
    world = make_scored()
    sign_in(page, world.admin.email)
    page.goto(f"/admin/rounds/{world.round.id}/exports")
    page.get_by_role("link", name="download the audit log").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Download the audit log")
    check_page(page)

    page.get_by_label("From").fill("31/2/2027")
    page.get_by_role("button", name="Download the audit log (CSV)").click()
    expect(page.locator(".error-summary, [role=alert]").first).to_be_visible()
    check_page(page)
    assert _actions() == []

    page.get_by_label("From").fill("")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the audit log (CSV)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("audit-log-")
    with open(download.path(), encoding="utf-8") as handle:
        assert handle.readline().startswith("Entry,Time (UTC),")
    assert _actions() == ["export.audit_log"]
