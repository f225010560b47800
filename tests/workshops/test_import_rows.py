"""Importing a sheet's rows: the rules, all-or-nothing, and repeats."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import func, select

from manifesto.audit import AuditEvent
from manifesto.comments.models import Comment
from manifesto.extensions import db
from manifesto.ideas.counts import find_count_drift
from manifesto.ideas.models import Idea
from manifesto.workshops import imports
from manifesto.workshops.imports import ImportFailed, ImportRefused, apply_sheet, check_sheet
from manifesto.workshops.models import TallyChange, WorkshopTally
from manifesto.workshops.services import dot_total_drift, set_tally
from manifesto.workshops.sheets import open_sheet
from tests.factories import make_idea, make_round, make_user, make_workshop
from tests.workshops.upload_factory import csv_bytes, row, xlsx_bytes


@pytest.fixture
def setting():
    facilitator = make_user(roles=("facilitator",))
    round_ = make_round()
    workshop = make_workshop(round_, owner=facilitator)
    idea = make_idea(round_, title="Open contracts")
    return facilitator, round_, workshop, idea


def check(workshop, content: bytes, filename: str = "sheet.csv"):
    outcomes = []
    with open_sheet(io.BytesIO(content), filename) as sheet:
        summary = check_sheet(workshop, sheet, outcomes.append)
    return summary, outcomes


def apply(actor, workshop, content: bytes, filename: str = "sheet.csv"):
    outcomes = []
    with open_sheet(io.BytesIO(content), filename) as sheet:
        summary = apply_sheet(actor, workshop, sheet, outcomes.append,
                              details={"filename": filename})
    return summary, outcomes


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def mixed_sheet(idea) -> bytes:
    return csv_bytes([
        row(reference=idea.reference, dots="10", comment="Start with councils."),
        row(title="Lobbying register", proposal="Register every lobbyist.", themes="open DATA",
            scope="wales", dots="7", comment="Loud support."),
        row(title="Open budgets", proposal="Publish budgets monthly.", workshop_date="14/03/2027"),
        row(reference=str(idea.id), comment="Also hospitals."),
    ])


def test_a_good_sheet_is_previewed_then_saved(setting):
    facilitator, round_, workshop, idea = setting
    summary, outcomes = check(workshop, mixed_sheet(idea))
    assert [o.description for o in outcomes] == [
        f"Dots for {idea.reference}: 10; Comment on {idea.reference}",
        "New idea; Dots for the new idea: 7; Comment on the new idea",
        "New idea",
        f"Comment on {idea.reference}",
    ]
    assert outcomes[0].idea == f"{idea.reference} Open contracts"
    assert (summary.new_ideas, summary.tallies, summary.comments, summary.already_in) == (2, 2, 3, 0)
    assert count(Idea) == 1  # the preview wrote nothing

    apply(facilitator, workshop, mixed_sheet(idea))
    db.session.expire_all()
    lobbying = db.session.scalar(select(Idea).where(Idea.title == "Lobbying register"))
    assert (lobbying.source, lobbying.workshop_id, lobbying.author_id, lobbying.scope) == (
        "workshop", workshop.id, None, "wales")
    assert [t.name for t in lobbying.themes] == ["Open data"]
    assert (lobbying.dot_count, lobbying.comment_count) == (7, 1)
    assert (idea.dot_count, idea.comment_count) == (10, 2)
    comment = db.session.scalar(select(Comment).where(Comment.body == "Loud support."))
    assert (comment.workshop_id, comment.author_id) == (workshop.id, None)
    assert find_count_drift() == [] and dot_total_drift() == []


def test_one_bad_row_saves_nothing_and_names_row_and_column(setting):
    facilitator, round_, workshop, idea = setting
    content = csv_bytes([
        row(title="Fine idea", proposal="Fine.", dots="3", comment="Fine comment"),
        row(reference=idea.reference, dots="10"),
        row(title="Another", proposal="Fine too.", dots="lots"),
    ])
    before = {model: count(model) for model in (Idea, Comment, WorkshopTally, TallyChange,
                                                AuditEvent)}
    with pytest.raises(ImportFailed) as failed:
        apply(facilitator, workshop, content)
    assert failed.value.summary.error_rows == 1
    db.session.expire_all()
    assert {model: count(model) for model in before} == before
    assert idea.dot_count == 0

    _summary, outcomes = check(workshop, content)
    [problem] = outcomes[2].problems
    assert (problem.row, problem.column) == (4, "Dots")
    assert "“lots” is not a whole number" in problem.message


def test_bad_rows_in_a_later_batch_undo_the_batches_already_written(setting, monkeypatch):
    facilitator, round_, workshop, idea = setting
    monkeypatch.setattr(imports, "BATCH", 2)
    rows = [row(title=f"Idea {n}", proposal="P", dots=str(n)) for n in range(1, 6)]
    rows.append(row(reference="I-999999", dots="2"))
    with pytest.raises(ImportFailed):
        apply(facilitator, workshop, csv_bytes(rows))
    assert count(Idea) == 1 and count(TallyChange) == 0


def test_uploading_the_same_sheet_again_adds_nothing_and_says_so(setting):
    facilitator, round_, workshop, idea = setting
    apply(facilitator, workshop, mixed_sheet(idea))
    counts = {model: count(model) for model in (Idea, Comment, TallyChange)}
    summary, outcomes = apply(facilitator, workshop, mixed_sheet(idea))
    assert (summary.new_ideas, summary.tallies, summary.comments) == (0, 0, 0)
    assert summary.already_in == 4
    assert all(o.description.startswith("Already in") for o in outcomes)
    assert outcomes[1].idea.endswith(" Lobbying register")  # found as the idea it created
    assert {model: count(model) for model in counts} == counts
    # Any case or spacing is the same idea and the same comment.
    again = csv_bytes([row(title="  LOBBYING   register", proposal="register every lobbyist.",
                           comment="loud  support.")])
    summary, _ = check(workshop, again)
    assert (summary.already_in, summary.new_ideas, summary.comments) == (1, 0, 0)


def test_rows_repeating_earlier_rows_are_already_in(setting, monkeypatch):
    facilitator, round_, workshop, idea = setting
    monkeypatch.setattr(imports, "BATCH", 2)  # repeats across batches too
    content = csv_bytes([
        row(title="Open budgets", proposal="Publish budgets."),
        row(reference=idea.reference, dots="4", comment="Yes"),
        row(title="open budgets", proposal="Publish budgets."),
        row(reference=f"i{idea.id}", dots="4"),
        row(reference=str(idea.id), comment="Yes"),
    ])
    summary, outcomes = apply(facilitator, workshop, content)
    assert [o.description for o in outcomes[2:]] == [
        "Already in (same as row 2)", "Already in (same as row 3)", "Already in (same as row 3)"]
    assert (summary.new_ideas, summary.already_in) == (1, 3)
    assert count(Idea) == 2 and count(Comment) == 1 and count(TallyChange) == 1


def test_conflicting_dots_for_one_idea_name_both_rows(setting):
    facilitator, round_, workshop, idea = setting
    content = csv_bytes([row(reference=idea.reference, dots="10"), row(comment="x", reference="I-%d" % idea.id),
                         row(reference=idea.reference, dots="12")])
    summary, outcomes = check(workshop, content)
    [problem] = outcomes[2].problems
    assert (problem.row, problem.column) == (4, "Dots")
    assert "Row 4 gives 12 dots" in problem.message and "row 2 gives 10" in problem.message
    assert summary.error_rows == 1


def test_dots_are_set_to_values_with_history_via_import(setting):
    facilitator, round_, workshop, idea = setting
    apply(facilitator, workshop, csv_bytes([row(reference=idea.reference, dots="10")]))
    summary, outcomes = check(workshop, csv_bytes([row(reference=idea.reference, dots="12")]))
    assert outcomes[0].description == f"Dots for {idea.reference}: 10 → 12"
    apply(facilitator, workshop, csv_bytes([row(reference=idea.reference, dots="12")]))
    history = db.session.scalars(select(TallyChange).order_by(TallyChange.id)).all()
    assert [(c.old_dots, c.new_dots, c.via, c.changed_by_id) for c in history] == [
        (None, 10, "import", facilitator.id), (10, 12, "import", facilitator.id)]
    assert history[0].reason == "Sheet “sheet.csv”"
    db.session.expire_all()
    assert idea.dot_count == 12 and dot_total_drift() == []
    # A form correction and a later sheet follow on from each other.
    set_tally(facilitator, workshop, idea, 15)
    summary, _ = apply(facilitator, workshop, csv_bytes([row(reference=idea.reference, dots="15")]))
    assert summary.already_in == 1


def test_zero_dots_for_an_idea_without_a_tally_adds_nothing(setting):
    facilitator, round_, workshop, idea = setting
    summary, outcomes = apply(facilitator, workshop, csv_bytes([row(reference=idea.reference, dots="0")]))
    assert summary.nothing == 1 and outcomes[0].description.startswith("Nothing to add")
    assert count(WorkshopTally) == 0


def test_every_change_is_audited_with_one_import_event(setting):
    facilitator, round_, workshop, idea = setting
    summary, _ = apply(facilitator, workshop, mixed_sheet(idea))
    actions = [a for (a,) in db.session.execute(
        select(AuditEvent.action).where(AuditEvent.actor_id == facilitator.id)
        .order_by(AuditEvent.id))]
    assert actions.count("idea.created") == 2
    assert actions.count("comment.added") == 3
    assert actions.count("tally.set") == 2
    assert actions[-1] == "workshop.imported"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "workshop.imported"))
    assert (event.target_type, event.target_id) == ("workshops", workshop.id)
    assert event.after["new_ideas"] == 2 and event.after["filename"] == "sheet.csv"
    created = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "idea.created",
                                                         AuditEvent.actor_id == facilitator.id))
    assert created.after["workshop_id"] == workshop.id and created.after["via"] == "import"


def test_text_that_looks_like_a_formula_is_saved_as_typed(setting):
    facilitator, round_, workshop, idea = setting
    content = xlsx_bytes([row(title="=HYPERLINK(\"http://evil\")", proposal="+44 commit",
                              impact="-less waste", comment="@all agree")],
                         formulas={"C2": "=SUM(1,2)"})
    apply(facilitator, workshop, content, "sheet.xlsx")
    saved = db.session.scalar(select(Idea).where(Idea.workshop_id == workshop.id))
    assert (saved.title, saved.problem, saved.proposal, saved.impact) == (
        "=HYPERLINK(\"http://evil\")", "=SUM(1,2)", "+44 commit", "-less waste")
    assert db.session.scalar(select(Comment.body).where(Comment.idea_id == saved.id)) == "@all agree"


def test_references_must_be_live_ideas_of_the_workshops_round(setting):
    facilitator, round_, workshop, idea = setting
    elsewhere = make_idea(make_round(), title="Elsewhere")
    hidden = make_idea(round_, status="hidden")
    merged = make_idea(round_, status="merged")
    merged.merged_into_id = idea.id
    db.session.commit()
    content = csv_bytes([row(reference=elsewhere.reference, dots="1"),
                         row(reference=hidden.reference, dots="1"),
                         row(reference=merged.reference, comment="Hi"),
                         row(reference="X-12", dots="1"),
                         row(reference="I-99999999", dots="1")])
    _summary, outcomes = check(workshop, content)
    messages = [(o.problems[0].column, o.problems[0].message) for o in outcomes]
    assert messages[0] == ("Reference", f"There is no idea {elsewhere.reference} in this round. "
                                        "Check the code on the tally sheet.")
    assert "no longer open for input (hidden)" in messages[1][1]
    assert f"merged into {idea.reference}: use {idea.reference} instead" in messages[2][1]
    assert "“X-12” is not an idea reference" in messages[3][1]
    assert messages[4][0] == "Reference"


def test_new_idea_rows_are_checked_like_the_form(setting):
    facilitator, round_, workshop, idea = setting
    content = csv_bytes([
        row(title="No proposal"),
        row(dots="3"),
        row(title="x" * 121, proposal="P"),
        row(title="T", proposal="P", themes="Opne data", scope="Londn"),
        row(title="T2", proposal="P", workshop_date="15/03/2027"),
        row(title="T3", proposal="P", workshop_date="14 March 2027"),
    ])
    summary, outcomes = check(workshop, content)
    columns = [[p.column for p in o.problems] for o in outcomes]
    assert columns == [["What government should commit to"], ["Reference"], ["Title"],
                       ["Scope", "Themes"], ["Workshop date"], []]
    assert "did you mean “Open data”?" in outcomes[3].problems[1].message
    assert "the Cardiff workshop was on 14/03/2027" in outcomes[4].problems[0].message
    assert summary.error_rows == 5 and summary.new_ideas == 1


def test_a_round_past_workshop_input_refuses_the_import(setting):
    facilitator, round_, workshop, idea = setting
    round_.phase = "assessment"
    db.session.commit()
    with pytest.raises(ImportRefused) as refused:
        apply(facilitator, workshop, csv_bytes([row(reference=idea.reference, dots="1")]))
    assert "closed" in refused.value.message
    assert count(TallyChange) == 0


def test_the_workshop_date_may_be_a_real_date_cell(setting):
    facilitator, round_, workshop, idea = setting
    content = xlsx_bytes([row(reference=idea.id, dots=3, workshop_date=date(2027, 3, 14))])
    summary, _ = check(workshop, content, "s.xlsx")
    assert summary.ok and summary.tallies == 1
