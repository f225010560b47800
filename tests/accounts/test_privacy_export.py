"""Downloading everything held about oneself: JSON and a zip of CSV tables,
only ever one's own data, not cached, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from html import unescape

import pytest

from manifesto import audit
from manifesto.accounts import privacy, privacy_export
from manifesto.extensions import db
from tests.factories import make_comment, make_idea, make_round, make_support, make_user

OVERVIEW = "/account/privacy"
JSON_URL = "/account/privacy/export.json"
ZIP_URL = "/account/privacy/export.zip"


@pytest.fixture
def people():
    me = make_user(email="me@example.org", display_name="Mina Me")
    me.organisation = "Open Rights Group"
    db.session.commit()
    other = make_user(email="someone.else@example.org", display_name="Sol Else")
    round_ = make_round()
    mine = make_idea(round_, me, title="=HYPERLINK(\"http://evil.example\",\"click\")",
                     proposal="+44 is a number, not a formula")
    theirs = make_idea(round_, other, title="Open budgets", proposal="Their secret proposal text")
    make_support(me, theirs)
    make_support(other, mine)
    make_comment(theirs, me, body="@SUM(A1:A9) looks odd")
    make_comment(mine, other, body="Sol's private musing on Mina's idea")
    privacy.set_contact_consent(me, True)
    audit.record(other, "account.signed_in", other)
    db.session.commit()
    return {"me": me, "other": other, "mine": mine, "theirs": theirs}


def _download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment; filename=\"manifesto-your-data-")
    return response


def test_json_holds_every_section_and_only_my_data(client, people):
    client.login_as(people["me"])
    response = _download(client, JSON_URL)
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].endswith('.json"')
    data = json.loads(response.get_data(as_text=True))
    assert set(data) >= {"about", "profile", "roles", "consents", "ideas", "comments",
                         "supports", "workshops", "audit_events"}
    assert data["profile"]["email"] == "me@example.org"
    assert data["profile"]["organisation"] == "Open Rights Group"
    assert "password_hash" not in data["profile"] and "session_token" not in data["profile"]
    assert [idea["reference"] for idea in data["ideas"]] == [people["mine"].reference]
    assert [c["body"] for c in data["comments"]] == ["@SUM(A1:A9) looks odd"]
    assert [s["idea"] for s in data["supports"]] == [people["theirs"].reference]
    assert data["consents"][0]["given"] is True
    assert data["consents"][0]["wording"] == privacy.consent_wording()
    assert {"record": "history", "given": True} .items() <= data["consents"][1].items()
    assert {e["action"] for e in data["audit_events"]} >= {"comment.added", "support.added",
                                                           "account.contact_consent_given"}
    text = response.get_data(as_text=True)
    for theirs in ("someone.else@example.org", "Sol Else", "Their secret proposal text",
                   "private musing"):
        assert theirs not in text


def test_zip_of_csv_tables(client, people):
    client.login_as(people["me"])
    response = _download(client, ZIP_URL)
    assert response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = set(archive.namelist())
    assert {"README.txt", "profile.csv", "ideas.csv", "comments.csv", "supports.csv",
            "consents.csv", "roles.csv", "audit_events.csv", "workshops.csv"} <= names

    def table(name):
        return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))

    assert table("profile.csv")[0]["email"] == "me@example.org"
    idea = table("ideas.csv")[0]
    # Formula injection neutralised; ordinary text untouched.
    assert idea["title"] == "'=HYPERLINK(\"http://evil.example\",\"click\")"
    assert idea["proposal"] == "'+44 is a number, not a formula"
    assert table("comments.csv")[0]["body"] == "'@SUM(A1:A9) looks odd"
    assert table("roles.csv")[0]["role"] == "participant"
    assert table("workshops.csv") == []  # an empty table still has its headings
    assert archive.read("workshops.csv").decode("utf-8-sig").startswith("workshop_id,title")
    everything = b"".join(archive.read(name) for name in names).decode("utf-8-sig", "replace")
    assert "someone.else@example.org" not in everything and "Sol Else" not in everything
    assert "ideas.csv: Ideas you submitted" in archive.read("README.txt").decode()


@pytest.mark.parametrize("value, cell", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"), ("\tx", "'\tx"),
    ("plain", "plain"), ("", ""), (None, ""), (-5, "-5"), (True, "yes"),
    ({"a": 1}, '{"a": 1}'),
])
def test_csv_cells_are_safe(value, cell):
    assert privacy_export.csv_cell(value) == cell


def test_sections_rows_match_their_columns(people):
    found = privacy_export.collect(people["me"])
    for part in privacy_export.SECTIONS:
        for row in found.get(part.name, []):
            assert tuple(row) == part.columns, part.name


def test_a_new_section_is_one_function(people, monkeypatch):
    monkeypatch.setattr(privacy_export, "SECTIONS", list(privacy_export.SECTIONS))
    privacy_export.section("newsletter", "Newsletters you get", "list since")(
        lambda user: [{"list": "=cmd", "since": None}])
    archive = zipfile.ZipFile(io.BytesIO(privacy_export.as_zip(people["me"], "Manifesto")))
    assert archive.read("newsletter.csv").decode("utf-8-sig").splitlines() == ["list,since", "'=cmd,"]
    data = json.loads(privacy_export.as_json(people["me"], "Manifesto"))
    assert data["newsletter"] == [{"list": "=cmd", "since": None}]
    assert ("Newsletters you get", 1) in [(p.title, n) for p, n in privacy_export.summary(people["me"])]


def test_a_section_without_a_table_is_left_out(people, monkeypatch):
    monkeypatch.setattr(privacy_export, "_flags_table", lambda: None)
    assert "flags" not in privacy_export.collect(people["me"])
    assert "flags" not in [p.name for p, _ in privacy_export.summary(people["me"])]


def test_downloads_need_signing_in(client):
    for url in (JSON_URL, ZIP_URL, OVERVIEW):
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/account/login")


def test_overview_says_what_is_held_and_links_the_downloads(client, people):
    client.login_as(people["me"])
    page = unescape(client.get(OVERVIEW).get_data(as_text=True))
    assert "me@example.org" in page and "Open Rights Group" in page
    assert "Ideas you submitted" in page and "Comments you wrote" in page
    assert JSON_URL in page and ZIP_URL in page
    assert "You agreed on" in page and privacy.consent_wording() in page
    assert "/account/privacy/delete" in page
    assert "someone.else@example.org" not in page
    assert "/account/privacy" in client.get("/account/").get_data(as_text=True)


def test_overview_and_export_take_a_fixed_number_of_queries(client, people):
    from tests.querycount import counting_statements

    client.login_as(people["me"])
    with counting_statements() as few:
        client.get(OVERVIEW)
        client.get(JSON_URL)
    round_ = make_round()
    for n in range(6):
        idea = make_idea(round_, people["me"], title=f"More {n}")
        make_support(people["me"], idea)
        make_comment(idea, people["me"], body=f"Note {n}")
    with counting_statements() as many:
        client.get(OVERVIEW)
        client.get(JSON_URL)
    assert len(many) == len(few)


def test_flags_i_raised_are_in_the_download(client, people):
    flags = db.metadata.tables.get("flags")
    if flags is None:
        pytest.skip("this installation has no flags table yet")
    from manifesto.timeutil import utcnow

    for who, details in ((people["me"], "Spam link in the proposal"),
                         (people["other"], "Sol's own flag")):
        db.session.execute(flags.insert().values(
            idea_id=people["theirs"].id, target_key=f"idea:{people['theirs'].id}",
            flagged_by_id=who.id, reason="spam", details=details, created_at=utcnow()))
    db.session.commit()
    client.login_as(people["me"])
    data = json.loads(client.get(JSON_URL).get_data(as_text=True))
    assert [(f["reason"], f["details"]) for f in data["flags"]] == [("spam", "Spam link in the proposal")]
    archive = zipfile.ZipFile(io.BytesIO(client.get(ZIP_URL).data))
    assert "Spam link" in archive.read("flags.csv").decode("utf-8-sig")
    assert "own flag" not in client.get(JSON_URL).get_data(as_text=True)
