"""Typing in a workshop's ideas, comments and dot votes: several rows at
once, all-or-nothing, errors naming the row, re-entry harmless, audited."""

from __future__ import annotations

import re
from collections import Counter
from html import unescape

import pytest
from sqlalchemy import func, select

from manifesto.audit import AuditEvent
from manifesto.comments.models import Comment
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.workshops.models import TallyChange, WorkshopTally
from tests.factories import make_idea, make_round, make_user, make_workshop
from tests.route_walk import row_counts


@pytest.fixture
def facilitator():
    return make_user(display_name="Fola Facilitator", roles=("facilitator",))


@pytest.fixture
def workshop(facilitator):
    return make_workshop(make_round(), owner=facilitator)


@pytest.fixture
def idea(workshop):
    return make_idea(workshop.round, make_user(), title="Open contracts")


def _page(response) -> str:
    return unescape(response.get_data(as_text=True))


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _ideas(*rows: tuple[int, str, str], **extra) -> dict:
    data = {}
    for number, title, proposal in rows:
        data[f"ideas-{number - 1}-title"] = title
        data[f"ideas-{number - 1}-proposal"] = proposal
        data[f"ideas-{number - 1}-scope"] = "uk"
    data.update(extra)
    return data


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action)))


# --- ideas -------------------------------------------------------------------------------

def test_the_ideas_form_starts_with_five_labelled_rows(client, workshop, facilitator):
    client.login_as(facilitator)
    page = _page(client.get(f"/workshops/{workshop.id}/ideas/new"))
    assert page.count("data-entry-row>") == 5
    assert "<legend>Idea 3</legend>" in page
    assert '<label class="label" for="ideas-2-title">Title (idea 3)</label>' in page
    assert "What government should commit to (idea 5)" in page
    assert "Themes (idea 1)" in page and 'id="ideas-0-themes-0"' in page
    ids = Counter(re.findall(r' id="([^"]+)"', page))
    assert [i for i, n in ids.items() if n > 1] == []
    assert "workshop_entry.js" in page


def test_several_ideas_are_saved_at_once_credited_to_the_workshop(client, workshop, facilitator):
    theme = workshop.round.themes[1]
    client.login_as(facilitator)
    data = _ideas((1, "Open contracts", "Publish every contract."),
                  (4, "Lobbying register", "Register all lobbyists."),
                  **{"ideas-3-themes": str(theme.id), "ideas-3-scope": "wales",
                     "ideas-3-problem": "Nobody knows who meets ministers."})
    response = client.post_form(f"/workshops/{workshop.id}/ideas/new", data)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/workshops/{workshop.id}/manage")
    ideas = db.session.scalars(select(Idea).order_by(Idea.id)).all()
    assert [i.title for i in ideas] == ["Open contracts", "Lobbying register"]
    assert all(i.source == "workshop" and i.workshop_id == workshop.id and i.author_id is None
               for i in ideas)
    assert ideas[1].scope == "wales" and [t.id for t in ideas[1].themes] == [theme.id]
    assert ideas[1].problem == "Nobody knows who meets ministers."
    assert "workshop.ideas_entered" in _actions()
    page = _page(client.get(f"/workshops/{workshop.id}/manage"))
    assert "Saved 2 ideas from the Cardiff workshop." in page


def test_entering_the_same_ideas_again_adds_no_duplicates(client, workshop, facilitator):
    client.login_as(facilitator)
    url = f"/workshops/{workshop.id}/ideas/new"
    client.post_form(url, _ideas((1, "Open contracts", "Publish every contract."),
                                 (2, "Lobbying register", "Register all lobbyists.")))
    response = client.post_form(url, _ideas((1, "OPEN  contracts", "publish every contract."),
                                            (2, "Lobbying register", "Register all lobbyists."),
                                            (3, "Beneficial ownership", "Publish owners.")))
    assert response.status_code == 302
    assert _count(Idea) == 3
    page = _page(client.get(f"/workshops/{workshop.id}/manage"))
    assert "Saved 1 idea from the Cardiff workshop. 2 were already in." in page
    client.post_form(url, _ideas((1, "Open contracts", "Publish every contract.")))
    page = _page(client.get(f"/workshops/{workshop.id}/manage"))
    assert "Nothing new to save: 1 idea from the Cardiff workshop was already in." in page
    assert _count(Idea) == 3


def test_one_bad_row_saves_nothing_and_the_error_names_the_row(client, workshop, facilitator):
    client.login_as(facilitator)
    before = row_counts()
    data = _ideas((1, "Open contracts", "Publish every contract."),
                  (3, "A title without a proposal", ""))
    response = client.post_form(f"/workshops/{workshop.id}/ideas/new", data)
    assert response.status_code == 200
    page = _page(response)
    assert "Idea 3 – What government should commit to: Say what government should commit to." in page
    assert 'href="#ideas-2-proposal"' in page and 'id="ideas-2-proposal-error"' in page
    assert 'value="Open contracts"' in page and 'value="A title without a proposal"' in page
    assert row_counts() == before


def test_blank_rows_only_asks_for_an_idea(client, workshop, facilitator):
    client.login_as(facilitator)
    response = client.post_form(f"/workshops/{workshop.id}/ideas/new",
                                {"ideas-0-title": " ", "ideas-0-scope": "uk"})
    assert response.status_code == 200
    assert "Type in at least one idea" in _page(response)
    assert _count(Idea) == 0


def test_a_forged_theme_is_refused_next_to_the_field(client, workshop, facilitator):
    client.login_as(facilitator)
    other_round_theme = make_round().themes[0]
    for value, message in (("not-a-number", "Choose themes from the list."),
                           (str(other_round_theme.id), "Choose themes from the list.")):
        data = _ideas((1, "Open contracts", "Publish."), **{"ideas-0-themes": value})
        response = client.post_form(f"/workshops/{workshop.id}/ideas/new", data)
        assert response.status_code == 200
        assert f"Idea 1 – Themes: {message}" in _page(response)
    assert _count(Idea) == 0


def test_add_more_rows_keeps_what_was_typed_without_saving(client, workshop, facilitator):
    client.login_as(facilitator)
    url = f"/workshops/{workshop.id}/ideas/new"
    data = _ideas((2, "Typed before adding rows", "Keep me"), add_rows="1")
    for n in range(5):
        data.setdefault(f"ideas-{n}-scope", "uk")
    response = client.post_form(url, data)
    page = _page(response)
    assert response.status_code == 200 and page.count("data-entry-row>") == 10
    assert 'value="Typed before adding rows"' in page and "Keep me</textarea>" in page
    assert "<legend>Idea 10</legend>" in page and "There is a problem" not in page
    assert _count(Idea) == 0
    many = {f"ideas-{n}-scope": "uk" for n in range(48)}
    page = _page(client.post_form(url, {**many, "add_rows": "1"}))
    assert page.count("data-entry-row>") == 50
    assert "Add 5 more rows" not in page and "up to 50 ideas at a time" in page


# --- comments --------------------------------------------------------------------------------

def _comments(*rows: tuple[str, str], **extra) -> dict:
    data = {}
    for n, (reference, body) in enumerate(rows):
        data[f"comments-{n}-reference"] = reference
        data[f"comments-{n}-body"] = body
    data.update(extra)
    return data


def test_comments_are_saved_on_their_ideas_credited_to_the_workshop(client, workshop, facilitator, idea):
    other = make_idea(workshop.round, make_user(), title="Lobbying register")
    client.login_as(facilitator)
    url = f"/workshops/{workshop.id}/comments/new"
    response = client.post_form(url, _comments((idea.reference, "Include grants too."),
                                               (f"i{other.id}", "Cover think tanks."),
                                               ("", "")))
    assert response.status_code == 302
    comments = db.session.scalars(select(Comment).order_by(Comment.id)).all()
    assert [(c.idea_id, c.workshop_id, c.author_id) for c in comments] == [
        (idea.id, workshop.id, None), (other.id, workshop.id, None)]
    db.session.expire_all()
    assert db.session.get(Idea, idea.id).comment_count == 1
    assert "workshop.comments_entered" in _actions() and "comment.added" in _actions()
    assert "Saved 2 comments from the Cardiff workshop." in _page(client.get(response.headers["Location"]))
    # Again: already in, nothing duplicated.
    client.post_form(url, _comments((idea.reference, "Include grants  too.")))
    assert _count(Comment) == 2
    assert "1 comment from the Cardiff workshop was already in" in _page(
        client.get(f"/workshops/{workshop.id}/manage"))


def test_an_unknown_reference_saves_nothing_and_shows_the_titles_back(client, workshop, facilitator, idea):
    client.login_as(facilitator)
    before = row_counts()
    response = client.post_form(f"/workshops/{workshop.id}/comments/new",
                                _comments((idea.reference, "Good."), ("I-999999", "Which one?"),
                                          ("forty-two", "Hmm"), ("", "No reference")))
    assert response.status_code == 200
    page = _page(response)
    assert "Comment 2 – Idea reference: There is no idea I-999999 in this round." in page
    assert 'id="comments-1-reference-error"' in page
    assert "Comment 3 – Idea reference: “forty-two” is not an idea reference" in page
    assert "Comment 4 – Idea reference: Enter the idea’s reference" in page
    assert f"{idea.reference}: Open contracts" in page  # the title shown back
    assert row_counts() == before


def test_a_comment_on_an_idea_of_another_round_or_a_hidden_idea_is_refused(client, workshop, facilitator):
    elsewhere = make_idea(make_round(), make_user())
    hidden = make_idea(workshop.round, make_user(), status="hidden")
    client.login_as(facilitator)
    page = _page(client.post_form(f"/workshops/{workshop.id}/comments/new",
                                  _comments((elsewhere.reference, "A"), (hidden.reference, "B"))))
    assert f"There is no idea {elsewhere.reference} in this round." in page
    assert f"Idea {hidden.reference} is no longer open for input." in page
    assert _count(Comment) == 0


# --- tallies --------------------------------------------------------------------------------

def test_new_tallies_and_corrections_are_saved_with_their_history(client, workshop, facilitator, idea):
    other = make_idea(workshop.round, make_user(), title="Lobbying register")
    client.login_as(facilitator)
    url = f"/workshops/{workshop.id}/tallies"
    response = client.post_form(url, {"new-0-reference": idea.reference, "new-0-dots": "12",
                                      "new-2-reference": other.reference, "new-2-dots": "1,200"})
    assert response.status_code == 302 and response.headers["Location"].endswith(url)
    assert "Saved: 2 tallies changed." in _page(client.get(url))
    db.session.expire_all()
    assert db.session.get(Idea, other.id).dot_count == 1200

    page = _page(client.get(url))
    assert 'name="existing-0-dots"' in page and 'value="12"' in page
    assert "I-" in page and "Open contracts" in page
    ids = {"existing-0-idea_id": str(idea.id), "existing-0-dots": "15",
           "existing-1-idea_id": str(other.id), "existing-1-dots": "1200",
           "reason": "Miscounted the flip chart"}
    response = client.post_form(url, ids)
    assert response.status_code == 302
    assert "Saved: 1 tally changed." in _page(client.get(url))
    change = db.session.scalars(select(TallyChange).order_by(TallyChange.id.desc())).first()
    assert (change.idea_id, change.old_dots, change.new_dots, change.reason, change.changed_by_id,
            change.via) == (idea.id, 12, 15, "Miscounted the flip chart", facilitator.id, "form")
    assert _actions().count("tally.set") == 3
    client.post_form(url, ids)
    assert "Nothing to save" in _page(client.get(url))
    assert _count(TallyChange) == 3
    manage = _page(client.get(f"/workshops/{workshop.id}/manage"))
    assert "12 → 15" in manage and "Miscounted the flip chart" in manage


def test_one_bad_tally_row_saves_nothing_and_names_the_row(client, workshop, facilitator, idea):
    client.login_as(facilitator)
    before = row_counts()
    response = client.post_form(f"/workshops/{workshop.id}/tallies", {
        "new-0-reference": idea.reference, "new-0-dots": "7",
        "new-1-reference": "I-999999", "new-1-dots": "3",
        "new-2-reference": idea.reference, "new-2-dots": "lots",
        "new-3-reference": "", "new-3-dots": "4"})
    assert response.status_code == 200
    page = _page(response)
    assert "New tally 2 – Idea reference: There is no idea I-999999 in this round." in page
    assert "New tally 3 – Dots: Enter the number of dots as a whole number" in page
    assert "New tally 4 – Idea reference: Enter the idea’s reference" in page
    assert 'value="lots"' in page
    assert row_counts() == before
    assert _count(WorkshopTally) == 0


def test_the_same_idea_twice_with_different_dots_is_an_error(client, workshop, facilitator, idea):
    client.login_as(facilitator)
    page = _page(client.post_form(f"/workshops/{workshop.id}/tallies", {
        "new-0-reference": idea.reference, "new-0-dots": "7",
        "new-1-reference": idea.reference, "new-1-dots": "8"}))
    assert f"Idea {idea.reference} is on this form twice with different dots (7 and 8)." in page
    assert _count(WorkshopTally) == 0


def test_a_bad_correction_is_shown_on_its_row(client, workshop, facilitator, idea):
    from manifesto.workshops import services

    services.set_tally(facilitator, workshop, idea, 5)
    client.login_as(facilitator)
    page = _page(client.post_form(f"/workshops/{workshop.id}/tallies", {
        "existing-0-idea_id": str(idea.id), "existing-0-dots": ""}))
    assert f"{idea.reference} – Dots: Enter the number of dots." in page
    assert 'id="existing-0-dots-error"' in page
    db.session.expire_all()
    assert db.session.get(Idea, idea.id).dot_count == 5


def test_an_unchanged_tally_of_a_hidden_idea_does_not_block_saving(client, workshop, facilitator, idea):
    from manifesto.workshops import services

    other = make_idea(workshop.round, make_user())
    services.set_tally(facilitator, workshop, idea, 5)
    idea.status = "hidden"
    db.session.commit()
    client.login_as(facilitator)
    response = client.post_form(f"/workshops/{workshop.id}/tallies", {
        "existing-0-idea_id": str(idea.id), "existing-0-dots": "5",
        "new-0-reference": other.reference, "new-0-dots": "2"})
    assert response.status_code == 302
    assert _count(WorkshopTally) == 2
