"""The party response sheet: upload → preview (row-level problems) → confirm,
all or nothing, repeatable; the workshop sheet readers' rules apply."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from manifesto.audit import AuditEvent
from manifesto.extensions import db
from manifesto.parties.models import PartyResponse, PartyResponseChange, ResponseUpload
from tests.factories import make_user
from tests.parties.helpers import page
from tests.parties.factory import make_party, make_published_round, make_response
from tests.workshops.upload_factory import csv_bytes, xlsx_bytes

HEADER = ["Party", "Commitment", "Stance", "Quote", "Evidence", "Date"]
LINK = "https://example.org/manifesto"


@pytest.fixture
def setting(client):
    admin = make_user(roles=("admin",))
    round_, commitments = make_published_round(3, admin=admin)
    parties = [make_party("Labour Party", "Labour"), make_party("Conservative Party", "Con"),
               make_party("Plaid Cymru", "Plaid", nations=["wales"])]
    client.login_as(admin)
    return {"admin": admin, "round": round_, "commitments": commitments, "parties": parties}


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def upload(client, round_, content: bytes, filename: str = "responses.csv"):
    return client.post_form(f"/admin/rounds/{round_.slug}/responses/upload",
                            {"sheet": (io.BytesIO(content), filename)},
                            content_type="multipart/form-data")


def upload_and_confirm(client, round_, content: bytes, filename: str = "responses.csv"):
    response = upload(client, round_, content, filename)
    assert response.status_code == 302, page(response)
    preview_url = response.headers["Location"]
    return client.post_form(preview_url + "/confirm"), preview_url


def good_rows(setting):
    c1, c2, _c3 = setting["commitments"]
    return [["Labour", str(c1.number), "Committed", "We will legislate.", LINK, "14/03/2026"],
            ["conservative party", f"C-{c2.id}", "partly", "We will review it.", LINK, ""],
            ["PLAID", str(c1.number), "no response", "", "", ""]]


def test_a_good_sheet_previews_then_imports_everything_at_once(client, setting):
    response = upload(client, setting["round"], csv_bytes(good_rows(setting), header=HEADER))
    preview = client.get(response.headers["Location"])
    text = page(preview)
    assert preview.status_code == 200
    assert "3 new responses" in " ".join(text.split())
    assert "New response: Committed" in text and "Labour on 1." in text
    assert count(PartyResponse) == 0  # nothing saved by the preview

    confirmed = client.post_form(response.headers["Location"] + "/confirm")
    assert confirmed.status_code == 302
    stances = dict(db.session.execute(select(PartyResponse.party_id, PartyResponse.stance)).all())
    labour, con, plaid = setting["parties"]
    assert stances == {labour.id: "committed", con.id: "partly", plaid.id: "no_response"}
    assert db.session.scalar(select(PartyResponseChange.via).limit(1)) == "sheet"
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "party_responses.imported"))
    assert (event.after["new"], event.after["filename"]) == (3, "responses.csv")
    followed = client.get(confirmed.headers["Location"])
    assert "3 new responses" in page(followed)


def test_re_uploading_the_same_sheet_changes_nothing_and_says_so(client, setting):
    content = csv_bytes(good_rows(setting), header=HEADER)
    upload_and_confirm(client, setting["round"], content)
    changes = count(PartyResponseChange)
    response = upload(client, setting["round"], content, "responses-again.csv")
    text = page(client.get(response.headers["Location"]))
    assert "Every row of this sheet is already in (3 rows)" in text
    assert "Import these responses" not in text
    client.post_form(response.headers["Location"] + "/confirm")
    assert count(PartyResponse) == 3 and count(PartyResponseChange) == changes


def test_a_changed_row_is_shown_as_a_change_and_kept_in_history(client, setting):
    labour = setting["parties"][0]
    c1 = setting["commitments"][0]
    make_response(labour, c1, stance="partly", actor=setting["admin"])
    rows = [["Labour", str(c1.number), "committed", "Now we will.", LINK, "01/06/2026"]]
    response = upload(client, setting["round"], csv_bytes(rows, header=HEADER))
    assert "Change: Partly committed → Committed" in page(client.get(response.headers["Location"]))
    client.post_form(response.headers["Location"] + "/confirm")
    changes = db.session.scalars(select(PartyResponseChange).order_by(PartyResponseChange.id)).all()
    assert [(c.old_stance, c.new_stance, c.via) for c in changes] == [
        (None, "partly", "form"), ("partly", "committed", "sheet")]


def test_row_problems_name_the_row_and_column_and_nothing_is_saved(client, setting):
    c1 = setting["commitments"][0]
    rows = good_rows(setting) + [
        [],  # a blank row still counts in the numbering
        ["Labour", "99", "committed", "x", LINK, ""],                       # row 6
        ["Liberal Dems", str(c1.number), "comitted", "x", "not a link", "31/02/2026"],  # row 7
        ["Con", str(c1.number), "declined", "", "", ""],                    # row 8: unsourced
    ]
    response = upload(client, setting["round"], csv_bytes(rows, header=HEADER))
    preview = client.get(response.headers["Location"])
    text = page(preview)
    assert "3 rows need fixing – nothing has been saved" in text
    assert "Row 6, Commitment: This manifesto has no commitment number 99 (it has 3)." in text
    assert "Row 7, Party: Unknown party “Liberal Dems”" in text
    assert "Row 7, Stance: Unknown stance “comitted” – did you mean “committed”?" in text
    assert "Row 7, Date:" in text and "Row 7, Evidence: A web address has no spaces" in text
    assert "Row 8, Quote:" in text and "sourced" in text
    assert "Import these responses" not in text

    confirmed = client.post_form(response.headers["Location"] + "/confirm")
    assert confirmed.status_code == 422
    assert count(PartyResponse) == 0 and count(PartyResponseChange) == 0
    assert db.session.scalar(select(ResponseUpload.applied_at)) is None


def test_a_bad_link_and_a_future_date_are_reported(client, setting):
    c1 = setting["commitments"][0]
    rows = [["Labour", str(c1.number), "committed", "Yes", "javascript:alert(1)", "01/01/2099"]]
    response = upload(client, setting["round"], csv_bytes(rows, header=HEADER))
    text = page(client.get(response.headers["Location"]))
    assert "Row 2, Evidence: Give a full web address starting with https://" in text
    assert "Row 2, Date: The date the party said it cannot be in the future." in text


def test_the_same_response_twice_in_a_sheet_with_different_stances_is_refused(client, setting):
    c1 = setting["commitments"][0]
    rows = [["Labour", str(c1.number), "committed", "Yes", LINK, ""],
            ["Labour Party", str(c1.number), "declined", "No", LINK, ""],
            ["labour", str(c1.number), "committed", "Yes", LINK, ""]]
    response = upload(client, setting["round"], csv_bytes(rows, header=HEADER))
    text = page(client.get(response.headers["Location"]))
    assert "Row 3, Stance: Row 2 also gives Labour's response to commitment 1, differently." in text
    assert "Already in (same as row 2)" in text


def test_formula_looking_cells_stay_text(client, setting):
    c1 = setting["commitments"][0]
    rows = [["Labour", str(c1.number), "committed", "=HYPERLINK(\"http://evil\")", LINK, ""],
            ["Con", str(c1.number), "partly", "@SUM(A1:A9) -- we said", LINK, ""]]
    upload_and_confirm(client, setting["round"], xlsx_bytes(rows, header=HEADER), "sheet.xlsx")
    quotes = set(db.session.scalars(select(PartyResponse.quote)))
    assert quotes == {"=HYPERLINK(\"http://evil\")", "@SUM(A1:A9) -- we said"}


def test_an_xlsx_with_a_real_formula_keeps_its_text(client, setting):
    c1 = setting["commitments"][0]
    rows = [["Labour", str(c1.number), "committed", "", LINK, ""]]
    content = xlsx_bytes(rows, header=HEADER, formulas={"D2": "=1+1"})
    upload_and_confirm(client, setting["round"], content, "sheet.xlsx")
    assert db.session.scalar(select(PartyResponse.quote)) == "=1+1"


def test_headings_in_any_case_and_a_windows_csv_with_bom_are_read(client, setting):
    c1 = setting["commitments"][0]
    rows = [["Plaid Cymru", str(c1.number), "Declined", "Nid ydym yn cytuno – “no”", LINK, ""]]
    header = ["  PARTY ", "commitment", "stance", "QUOTE", "evidence", "date"]
    upload_and_confirm(client, setting["round"],
                       csv_bytes(rows, header=header, encoding="cp1252", bom=False))
    assert db.session.scalar(select(PartyResponse.quote)) == "Nid ydym yn cytuno – “no”"
    rows[0][3] = "Ydym – yes"
    rows[0][2] = "committed"
    upload_and_confirm(client, setting["round"], csv_bytes(rows, header=HEADER, bom=True))
    assert db.session.scalar(select(PartyResponse.quote)) == "Ydym – yes"


def test_a_sheet_without_the_needed_columns_is_refused_unstored(client, setting):
    response = upload(client, setting["round"], csv_bytes([["Labour", "1"]],
                                                          header=["Party", "Commitment"]))
    assert response.status_code == 422
    assert "no “Stance” column" in page(response)
    assert count(ResponseUpload) == 0
    response = upload(client, setting["round"], b"\xd0\xcf\x11\xe0old excel", "old.xls")
    assert ".xls" in page(response) and count(ResponseUpload) == 0


def test_the_downloaded_sheet_uploads_again_unchanged(client, setting):
    labour = setting["parties"][0]
    c1 = setting["commitments"][0]
    make_response(labour, c1, quote="-10% bureaucracy, we promise", actor=setting["admin"])
    download = client.get(f"/admin/rounds/{setting['round'].slug}/responses/template.csv")
    assert download.status_code == 200 and download.mimetype == "text/csv"
    assert "'-10% bureaucracy" in download.data.decode("utf-8-sig")  # protected in the file
    rows = [line for line in download.data.decode("utf-8-sig").splitlines()[1:]
            if line.split(",")[2]]  # only the rows that have a stance
    content = ("\r\n".join([",".join(HEADER)] + rows) + "\r\n").encode()
    response = upload(client, setting["round"], content)
    text = page(client.get(response.headers["Location"]))
    assert "Every row of this sheet is already in (1 row)" in text


def test_importing_twice_at_once_imports_once(client, setting):
    response = upload(client, setting["round"], csv_bytes(good_rows(setting), header=HEADER))
    url = response.headers["Location"] + "/confirm"
    client.post_form(url)
    again = client.post_form(url, follow_redirects=True)
    assert "already imported" in page(again)
    assert count(PartyResponse) == 3


def test_uploads_wait_for_publication(client):
    from tests.factories import make_round

    admin = make_user(roles=("admin",))
    client.login_as(admin)
    round_ = make_round()
    response = upload(client, round_, csv_bytes([["Labour", "1", "committed"]],
                                                header=HEADER[:3]))
    assert response.status_code == 409
    assert "once this round’s manifesto is published" in response.get_data(as_text=True)
    assert count(ResponseUpload) == 0
