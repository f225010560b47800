"""The sheet upload pages: template, upload, preview, confirm."""

from __future__ import annotations

import io
from html import unescape

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from manifesto.audit import AuditEvent
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.workshops.models import TallyChange
from manifesto.workshops.upload_models import WorkshopUpload
from tests.factories import make_idea, make_round, make_user, make_workshop
from tests.route_walk import is_login_redirect, row_counts
from tests.workshops.upload_factory import csv_bytes, row, xlsx_bytes


@pytest.fixture
def setting():
    facilitator = make_user(roles=("facilitator",))
    round_ = make_round()
    workshop = make_workshop(round_, owner=facilitator)
    idea = make_idea(round_, title="Open contracts")
    return facilitator, workshop, idea


def page(response) -> str:
    return unescape(response.get_data(as_text=True))


def upload(client, workshop, content: bytes, filename: str = "cardiff.csv"):
    return client.post_form(f"/workshops/{workshop.id}/upload",
                            {"sheet": (io.BytesIO(content), filename)},
                            content_type="multipart/form-data")


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def good_sheet(idea) -> bytes:
    return csv_bytes([row(reference=idea.reference, dots="12", comment="Start with councils."),
                      row(title="Lobbying register", proposal="Register every lobbyist.")])


def test_the_templates_are_public_downloads(client):
    csv_response = client.get("/workshops/template.csv")
    assert csv_response.status_code == 200
    assert csv_response.mimetype == "text/csv"
    assert "attachment" in csv_response.headers["Content-Disposition"]
    assert csv_response.data.decode("utf-8-sig").startswith("Reference,Title,Current situation")
    xlsx = client.get("/workshops/template.xlsx")
    assert xlsx.status_code == 200 and xlsx.data.startswith(b"PK")
    assert xlsx.mimetype.endswith("spreadsheetml.sheet")


def test_the_upload_page_links_both_templates(client, setting):
    facilitator, workshop, idea = setting
    client.login_as(facilitator)
    html = page(client.get(f"/workshops/{workshop.id}/upload"))
    assert '<label class="label" for="sheet">Sheet (CSV or Excel .xlsx)</label>' in html
    assert 'href="/workshops/template.xlsx"' in html and 'href="/workshops/template.csv"' in html
    assert 'enctype="multipart/form-data"' in html


def test_upload_preview_confirm_saves_everything(client, setting):
    facilitator, workshop, idea = setting
    client.login_as(facilitator)
    response = upload(client, workshop, good_sheet(idea))
    stored = db.session.scalar(select(WorkshopUpload))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/workshops/{workshop.id}/uploads/{stored.id}"
    assert (stored.filename, stored.uploaded_by_id, stored.applied_at) == (
        "cardiff.csv", facilitator.id, None)

    html = page(client.get(response.headers["Location"]))
    assert "<caption id=\"sheet-rows-caption\">What each row of the sheet will do</caption>" in html
    assert f"Dots for {idea.reference}: 12; Comment on {idea.reference}" in html
    assert "Import this sheet" in html
    assert count(Idea) == 1  # nothing saved by looking

    confirmed = client.post_form(f"/workshops/{workshop.id}/uploads/{stored.id}/confirm")
    assert confirmed.status_code == 302
    db.session.expire_all()
    assert count(Idea) == 2 and idea.dot_count == 12
    assert stored.applied_at is not None and stored.summary["new_ideas"] == 1
    after = page(client.get(confirmed.headers["Location"]))
    assert "Sheet imported: 1 new idea, 1 dot tally, 1 comment; 0 rows were already in." in after
    assert "This sheet was imported on" in after and "Import this sheet" not in after

    before = row_counts()
    again = client.post_form(f"/workshops/{workshop.id}/uploads/{stored.id}/confirm",
                             follow_redirects=True)
    assert "already imported" in page(again) and "Nothing more was saved" in page(again)
    assert row_counts() == before


def test_an_xlsx_upload_works_the_same(client, setting):
    facilitator, workshop, idea = setting
    client.login_as(facilitator)
    content = xlsx_bytes([row(reference=idea.id, dots=5)])
    response = upload(client, workshop, content, "cardiff.xlsx")
    html = page(client.get(response.headers["Location"]))
    assert f"Dots for {idea.reference}: 5" in html


def test_re_uploading_says_how_many_rows_are_already_in(client, setting):
    facilitator, workshop, idea = setting
    client.login_as(facilitator)
    first = upload(client, workshop, good_sheet(idea)).headers["Location"]
    client.post_form(first + "/confirm")
    second = upload(client, workshop, good_sheet(idea)).headers["Location"]
    html = page(client.get(second))
    assert "<strong>2</strong> rows already in" in html
    assert "Everything in this sheet is already in" in html and "Import this sheet" not in html


def test_a_sheet_with_bad_rows_lists_them_first_and_cannot_be_confirmed(client, setting):
    facilitator, workshop, idea = setting
    client.login_as(facilitator)
    content = csv_bytes([row(title="Fine", proposal="Fine"), row(reference=idea.reference, dots="ten"),
                         row(title="Themed", proposal="P", themes="Opne data")])
    location = upload(client, workshop, content).headers["Location"]
    html = page(client.get(location))
    assert "2 rows need fixing – nothing has been saved" in html
    assert '<a href="#row-3">Row 3, Dots</a>: “ten” is not a whole number' in html
    assert '<a href="#row-4">Row 4, Themes</a>: Unknown theme “Opne data” – did you mean “Open data”?' in html
    assert html.index("Row 3, Dots") < html.index("<table")
    assert "Import this sheet" not in html
    response = client.post_form(location + "/confirm")
    assert response.status_code == 422
    assert count(Idea) == 1 and db.session.scalar(select(WorkshopUpload.applied_at)) is None


def test_confirm_checks_again_against_the_database(client, setting):
    facilitator, workshop, idea = setting
    client.login_as(facilitator)
    location = upload(client, workshop, good_sheet(idea)).headers["Location"]
    idea.status = "hidden"  # moderated between preview and confirm
    db.session.commit()
    response = client.post_form(location + "/confirm")
    assert response.status_code == 422
    assert "no longer open for input" in page(response)
    assert count(Idea) == 1 and count(TallyChange) == 0


@pytest.mark.parametrize("filename,content,says", [
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "Save it as .xlsx"),
    ("notes.csv", csv_bytes([["x"]], header=["Notes"]), "Unknown column: “Notes”"),
    ("empty.csv", b"", "empty"),
], ids=["xls", "unknown column", "empty"])
def test_unreadable_files_are_refused_next_to_the_field(client, setting, filename, content, says):
    facilitator, workshop, idea = setting
    client.login_as(facilitator)
    response = upload(client, workshop, content, filename)
    html = page(response)
    assert response.status_code == 200
    assert says in html and 'class="field-error" id="sheet-error"' in html
    assert "There is a problem" in html
    assert count(WorkshopUpload) == 0


def test_no_file_chosen(client, setting):
    facilitator, workshop, idea = setting
    client.login_as(facilitator)
    html = page(client.post_form(f"/workshops/{workshop.id}/upload", {}))
    assert "Choose the sheet to upload." in html


def test_oversize_uploads_are_refused(app, client, setting):
    facilitator, workshop, idea = setting
    client.login_as(facilitator)
    content = csv_bytes([row(title=f"Idea {n}", proposal="P" * 50) for n in range(20)])
    limit = app.config["WORKSHOP_UPLOAD_MAX_BYTES"]
    app.config["WORKSHOP_UPLOAD_MAX_BYTES"] = 1000
    assert 1000 < len(content) < 2000
    try:
        html = page(upload(client, workshop, content))
        assert "The file is larger than 1 KB. Split the sheet into smaller ones." in html
        huge = client.post_form(f"/workshops/{workshop.id}/upload",
                                {"sheet": (io.BytesIO(b"x" * 5000), "big.csv")},
                                content_type="multipart/form-data")
        assert huge.status_code == 413
    finally:
        app.config["WORKSHOP_UPLOAD_MAX_BYTES"] = limit
    assert count(WorkshopUpload) == 0


def test_a_sheet_larger_than_the_sites_usual_request_limit_can_be_uploaded(app, client, setting):
    facilitator, workshop, idea = setting
    client.login_as(facilitator)
    padding = "x" * 4000
    content = csv_bytes([row(title=f"Idea {n}", proposal=padding) for n in range(700)])
    assert app.config["MAX_CONTENT_LENGTH"] < len(content) < app.config["WORKSHOP_UPLOAD_MAX_BYTES"]
    # Encoded in memory: the test client would otherwise leave a temporary file open.
    boundary, body = encode_multipart({"csrf_token": client.csrf_token(),
                                       "sheet": FileStorage(io.BytesIO(content), "big.csv")})
    response = client.post(f"/workshops/{workshop.id}/upload", data=body,
                           content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 302
    assert db.session.scalar(select(WorkshopUpload.size)) == len(content)


def test_who_may_upload(client, setting):
    facilitator, workshop, idea = setting
    location = f"/workshops/{workshop.id}/upload"
    assert is_login_redirect(client.get(location), next_path=location)
    for person in (make_user(roles=("facilitator",)), make_user()):
        client.login_as(person)
        assert client.get(location).status_code == 403
        assert upload(client, workshop, good_sheet(idea)).status_code == 403
    client.login_as(make_user(roles=("admin",)))
    assert client.get(location).status_code == 200
    assert count(WorkshopUpload) == 0


def test_who_may_preview_and_confirm(client, setting):
    facilitator, workshop, idea = setting
    client.login_as(facilitator)
    location = upload(client, workshop, good_sheet(idea)).headers["Location"]
    for person in (make_user(roles=("facilitator",)), make_user()):
        client.login_as(person)
        assert client.get(location).status_code == 403
        assert client.post_form(location + "/confirm").status_code == 403
    client.logout()
    assert is_login_redirect(client.get(location), next_path=location)
    assert client.post_form(location + "/confirm").status_code in (401, 302)
    assert count(Idea) == 1


def test_confirm_needs_the_csrf_token(client, setting):
    facilitator, workshop, idea = setting
    client.login_as(facilitator)
    location = upload(client, workshop, good_sheet(idea)).headers["Location"]
    assert client.post(location + "/confirm").status_code == 400
    assert client.post(f"/workshops/{workshop.id}/upload",
                       data={"sheet": (io.BytesIO(good_sheet(idea)), "a.csv")},
                       content_type="multipart/form-data").status_code == 400
    assert count(Idea) == 1 and count(WorkshopUpload) == 1


def test_an_upload_belongs_to_the_workshop_in_the_address(client, setting):
    facilitator, workshop, idea = setting
    client.login_as(facilitator)
    location = upload(client, workshop, good_sheet(idea)).headers["Location"]
    upload_id = location.rsplit("/", 1)[-1]
    other = make_workshop(workshop.round, owner=facilitator, town="Swansea")
    assert client.get(f"/workshops/{other.id}/uploads/{upload_id}").status_code == 404
    assert client.post_form(f"/workshops/{other.id}/uploads/{upload_id}/confirm").status_code == 404
    assert client.get(f"/workshops/{workshop.id}/uploads/999999").status_code == 404
    assert count(Idea) == 1


def test_uploads_are_refused_once_the_round_is_past_workshop_input(client, setting):
    facilitator, workshop, idea = setting
    client.login_as(facilitator)
    location = upload(client, workshop, good_sheet(idea)).headers["Location"]
    round_ = workshop.round
    round_.phase = "assessment"
    db.session.commit()
    response = client.post_form(location + "/confirm")
    assert response.status_code == 403 and "closed" in page(response)
    assert count(Idea) == 1
    assert client.get(f"/workshops/{workshop.id}/upload").status_code == 403
    # The upload can still be looked at, without the button.
    html = page(client.get(location))
    assert "Workshop input for this round closed" in html and "Import this sheet" not in html


def test_the_upload_is_audited(client, setting):
    facilitator, workshop, idea = setting
    client.login_as(facilitator)
    upload(client, workshop, good_sheet(idea))
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "workshop.sheet_uploaded"))
    assert event.actor_id == facilitator.id and event.after["filename"] == "cardiff.csv"
