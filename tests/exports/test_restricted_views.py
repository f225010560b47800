"""Downloading the restricted exports: administrators only, checked on every
request; a POST with its CSRF token (no reusable link); an attachment never
stored by caches; recorded in the audit log."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import func, select

from manifesto.accounts.models import UserRole
from manifesto.audit import AuditEvent
from manifesto.extensions import db
from tests.exports.test_restricted import make_scored, read_xlsx
from tests.factories import make_user
from tests.route_walk import is_login_redirect, row_counts


def _url(world) -> str:
    return f"/admin/rounds/{world.round.id}/exports"


AUDIT_URL = "/admin/audit/export"


def _events(action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return list(db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def _assert_download(response, mimetype: str, suffix: str) -> None:
    assert response.status_code == 200
    assert response.mimetype == mimetype
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment; filename=") and disposition.endswith(f'{suffix}"')
    assert response.headers["Cache-Control"] == "no-store"


def test_the_page_describes_the_file_and_changes_nothing(client):
    world = make_scored()
    client.login_as(world.admin)
    before = row_counts()
    page = client.get(_url(world))
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Restricted exports" in text and "Download the panel scores (XLSX)" in text
    assert 'method="post"' in text and 'name="csrf_token"' in text
    assert "Conflicts of interest declared</dt><dd>1" in text
    assert row_counts() == before


def test_an_administrator_downloads_the_scores_and_it_is_audited(client):
    world = make_scored()
    client.login_as(world.admin)
    response = client.post_form(_url(world))
    _assert_download(response, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     ".xlsx")
    assert f"{world.round.slug}-panel-scores-" in response.headers["Content-Disposition"]
    sheets = read_xlsx(response.get_data())
    assert len(sheets["Scores"]) == 1 + 7 and len(sheets["Conflicts"]) == 1 + 1
    [event] = _events("export.scores")
    assert (event.actor_id, event.target_type, event.target_id) == (
        world.admin.id, "rounds", world.round.id)
    assert event.after == {"format": "xlsx", "scores": 7, "conflicts": 1}


@pytest.mark.parametrize("role", ["participant", "panellist", "facilitator", "moderator"])
def test_other_roles_are_refused_and_nothing_is_recorded(client, role):
    world = make_scored()
    person = world.submitted if role == "panellist" else make_user(roles=(role,))
    client.login_as(person)
    before = row_counts()
    for url in (_url(world), AUDIT_URL):
        assert client.get(url).status_code == 403, url
        response = client.post_form(url)
        assert response.status_code == 403, url
        assert "Not allowed" in response.get_data(as_text=True)
        assert "Content-Disposition" not in response.headers
    assert row_counts() == before


def test_visitors_are_sent_to_sign_in_and_nothing_is_recorded(client):
    world = make_scored()
    before = row_counts()
    for url in (_url(world), AUDIT_URL):
        assert is_login_redirect(client.get(url), next_path=url)
        response = client.post_form(url)
        assert response.status_code == 401 or is_login_redirect(response)
        assert "Content-Disposition" not in response.headers
    assert row_counts() == before


def test_permission_is_checked_on_each_download(client):
    """A page opened while an administrator does not let a former one download."""
    world = make_scored()
    admin = make_user(roles=("admin",))
    client.login_as(admin)
    assert client.get(_url(world)).status_code == 200
    db.session.execute(UserRole.__table__.delete().where(UserRole.__table__.c.user_id == admin.id))
    db.session.commit()
    assert client.post_form(_url(world)).status_code == 403
    assert client.post_form(AUDIT_URL).status_code == 403
    assert _events("export.scores") == [] and _events("export.audit_log") == []


def test_a_download_without_the_csrf_token_is_refused(client):
    world = make_scored()
    client.login_as(world.admin)
    before = row_counts()
    for url in (_url(world), AUDIT_URL):
        response = client.post(url, data={})
        assert response.status_code == 400 and "Content-Disposition" not in response.headers
    assert row_counts() == before


def test_a_missing_round_is_404(client):
    world = make_scored()
    client.login_as(world.admin)
    assert client.get("/admin/rounds/424242/exports").status_code == 404
    assert client.post_form("/admin/rounds/424242/exports").status_code == 404


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_an_administrator_downloads_the_audit_log_and_it_is_audited(client):
    world = make_scored()
    client.login_as(world.admin)
    page = client.get(AUDIT_URL + "?action=panel.")
    assert page.status_code == 200 and "Download the audit log (CSV)" in page.get_data(as_text=True)
    assert _events("export.audit_log") == []

    response = client.post_form(AUDIT_URL, {"action": "panel."})
    _assert_download(response, "text/csv", ".csv")
    rows = _csv(response)
    assert rows[0][0] == "Entry" and len(rows) > 1
    assert {row[5].split(".")[0] for row in rows[1:]} == {"panel"}
    [event] = _events("export.audit_log")
    assert event.actor_id == world.admin.id and event.target_type == "audit_events"
    assert event.after == {"format": "csv", "filters": {"action": "panel."}}


def test_the_whole_audit_log_includes_its_own_download(client):
    world = make_scored()
    client.login_as(world.admin)
    rows = _csv(client.post_form(AUDIT_URL))[1:]
    assert len(rows) == db.session.scalar(select(func.count()).select_from(AuditEvent))
    assert rows[0][5] == "export.audit_log"  # newest first


def test_bad_filters_are_explained_and_nothing_is_downloaded(client):
    world = make_scored()
    client.login_as(world.admin)
    before = row_counts()
    response = client.post_form(AUDIT_URL, {"date_from": "31/2/2027", "record_id": "x"})
    assert response.status_code == 200 and "Content-Disposition" not in response.headers
    text = response.get_data(as_text=True)
    assert "Enter a real date" in text and "digits only" in text
    assert "There is a problem" in text or "error-summary" in text
    assert row_counts() == before
