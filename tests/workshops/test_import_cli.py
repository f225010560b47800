"""``flask import-workshop FILE --workshop ID``: the upload's rules from a shell."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from manifesto.audit import AuditEvent
from manifesto.comments.models import Comment
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.workshops.models import TallyChange
from tests.factories import make_idea, make_round, make_user, make_workshop
from tests.workshops.upload_factory import csv_bytes, row, xlsx_bytes


@pytest.fixture
def setting():
    facilitator = make_user(email="fola@example.org", roles=("facilitator",))
    round_ = make_round()
    workshop = make_workshop(round_, owner=facilitator)
    idea = make_idea(round_, title="Open contracts")
    return facilitator, workshop, idea


def run(app, *args: str):
    """Invoke the command; ``result.output`` holds stdout and stderr together."""
    return app.test_cli_runner().invoke(args=["import-workshop", *args])


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def sheet(tmp_path, content: bytes, name: str = "cardiff.csv") -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def test_a_good_sheet_is_imported(app, tmp_path, setting):
    facilitator, workshop, idea = setting
    path = sheet(tmp_path, csv_bytes([
        row(reference=idea.reference, dots="9", comment="Yes please"),
        row(title="Lobbying register", proposal="Register every lobbyist.", dots="3"),
    ]))
    result = run(app, path, "--workshop", str(workshop.id), "--as", "FOLA@example.org")
    assert result.exit_code == 0, result.output
    assert "2 rows: 1 new idea, 2 dot tallies, 1 comment; 0 rows were already in." in result.output
    assert "Imported." in result.output
    assert count(Idea) == 2 and count(Comment) == 1
    changes = db.session.scalars(select(TallyChange)).all()
    assert {(c.via, c.changed_by_id) for c in changes} == {("import", facilitator.id)}
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "workshop.imported"))
    assert event.actor_id == facilitator.id and event.after["via"] == "cli"

    again = run(app, path, "--workshop", str(workshop.id))
    assert again.exit_code == 0
    assert "2 rows were already in" in again.output
    assert count(Idea) == 2


def test_bad_rows_are_listed_and_nothing_is_saved(app, tmp_path, setting):
    facilitator, workshop, idea = setting
    path = sheet(tmp_path, csv_bytes([
        row(title="Fine", proposal="Fine", dots="2"),
        row(reference=idea.reference, dots="-4"),
        row(title="Themed", proposal="P", themes="Opne data"),
    ]))
    result = run(app, path, "--workshop", str(workshop.id))
    assert result.exit_code == 1
    output = result.output
    assert "Row 3, Dots: “-4” is not a whole number." in output
    assert "Row 4, Themes: Unknown theme “Opne data” – did you mean “Open data”?" in output
    assert "2 rows need fixing. Nothing was saved." in output
    assert count(Idea) == 1 and count(TallyChange) == 0


def test_dry_run_checks_and_saves_nothing(app, tmp_path, setting):
    facilitator, workshop, idea = setting
    path = sheet(tmp_path, xlsx_bytes([row(reference=idea.id, dots=4)]), "cardiff.xlsx")
    result = run(app, path, "--workshop", str(workshop.id), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "1 dot tally" in result.output and "Dry run: nothing was saved." in result.output
    assert count(TallyChange) == 0


@pytest.mark.parametrize("extra,says", [
    (["--workshop", "999999"], "There is no workshop 999999."),
    (["--as", "nobody@example.org"], "There is no account with the email address"),
])
def test_unknown_workshop_or_person(app, tmp_path, setting, extra, says):
    facilitator, workshop, idea = setting
    path = sheet(tmp_path, csv_bytes([row(reference=idea.reference, dots="1")]))
    args = [path, "--workshop", str(workshop.id)] + extra
    if extra[0] == "--workshop":
        args = [path] + extra
    result = run(app, *args)
    assert result.exit_code == 1
    assert says in result.output
    assert count(TallyChange) == 0


def test_someone_who_may_not_enter_for_the_workshop_is_refused(app, tmp_path, setting):
    facilitator, workshop, idea = setting
    make_user(email="other@example.org", roles=("facilitator",))
    path = sheet(tmp_path, csv_bytes([row(reference=idea.reference, dots="1")]))
    result = run(app, path, "--workshop", str(workshop.id), "--as", "other@example.org")
    assert result.exit_code == 1
    assert "cannot import into this workshop" in result.output
    assert count(TallyChange) == 0


def test_an_unreadable_file_is_refused(app, tmp_path, setting):
    facilitator, workshop, idea = setting
    path = sheet(tmp_path, b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "old.xls")
    result = run(app, path, "--workshop", str(workshop.id))
    assert result.exit_code == 1
    assert "Save it as .xlsx" in result.output
