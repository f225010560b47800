from datetime import timedelta

from sqlalchemy import select

from manifesto.audit import AuditEvent
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from tests.factories import make_comment, make_idea, make_round, make_support, make_user
from tests.querycount import counting_statements


def _edit_form(idea, **overrides):
    data = {
        "title": idea.title, "problem": idea.problem, "proposal": idea.proposal,
        "impact": idea.impact, "who_should_act": idea.who_should_act, "scope": idea.scope,
        "themes": [str(t.id) for t in idea.themes],
    }
    data.update(overrides)
    return data


def test_idea_page_shows_every_field(client):
    author = make_user(display_name="Bronwen Jones")
    round_ = make_round(title="Manifesto 2027")
    idea = make_idea(round_, author, title="Open up contracts",
                     problem="Contracts are hidden.\n\nNobody can check them.",
                     proposal="Publish them <script>alert(1)</script> at https://example.org",
                     impact="Less waste.", who_should_act="Cabinet Office", scope="wales",
                     themes=[round_.themes[1]])
    make_support(make_user(), idea)
    make_comment(idea, make_user(), body="Good idea.")
    response = client.get(f"/ideas/{idea.id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h1>Open up contracts</h1>" in html
    for text in ("Current situation", "<p>Contracts are hidden.</p><p>Nobody can check them.</p>",
                 "What government should commit to", "Expected impact", "Less waste.",
                 "Who should act", "Cabinet Office", "Anti-corruption", "Wales", "Online",
                 "Bronwen Jones", "1 supporter online · 1 comment", "Good idea.", "Manifesto 2027",
                 f'href="/rounds/{round_.slug}/ideas/"', "js/supports.js", "<time datetime="):
        assert text in html, text
    assert "<script>alert(1)</script>" not in html
    assert 'href="https://example.org"' in html
    assert "Edit your idea" not in html


def test_idea_page_for_workshop_and_former_participant_ideas(client):
    round_ = make_round()
    workshop = make_idea(round_, None, source="workshop")
    orphan = make_idea(round_, None)
    assert "a workshop" in client.get(f"/ideas/{workshop.id}").get_data(as_text=True)
    assert "a former participant" in client.get(f"/ideas/{orphan.id}").get_data(as_text=True)


def test_missing_hidden_and_withdrawn_ideas(client):
    round_ = make_round()
    author = make_user()
    hidden = make_idea(round_, author, status="hidden")
    withdrawn = make_idea(round_, author, status="withdrawn")
    assert client.get("/ideas/999999").status_code == 404
    assert client.get(f"/ideas/{hidden.id}").status_code == 410  # placeholder: tests/moderation/test_placeholders.py
    assert client.get(f"/ideas/{withdrawn.id}").status_code == 403
    client.login_as(author)
    page = client.get(f"/ideas/{hidden.id}")
    assert page.status_code == 200 and "hidden by the moderators" in page.get_data(as_text=True)


def test_author_sees_edit_link_and_edits(client):
    author = make_user()
    round_ = make_round()
    idea = make_idea(round_, author, title="First title", themes=[round_.themes[0]])
    client.login_as(author)
    page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert f'href="/ideas/{idea.id}/edit"' in page and "Edit your idea" in page
    form = client.get(f"/ideas/{idea.id}/edit")
    assert form.status_code == 200 and 'value="First title"' in form.get_data(as_text=True)

    response = client.post_form(f"/ideas/{idea.id}/edit", _edit_form(
        idea, title="Better title", themes=[str(round_.themes[2].id)]))
    assert response.status_code == 302 and response.headers["Location"] == f"/ideas/{idea.id}"
    db.session.expire_all()
    saved = db.session.get(Idea, idea.id)
    assert saved.title == "Better title" and [t.name for t in saved.themes] == ["Freedom of information"]
    shown = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "Your changes have been saved" in shown and "Last edited" in shown
    event_row = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "idea.updated")).one()
    assert event_row.before["title"] == "First title" and event_row.after["title"] == "Better title"


def test_edit_errors_are_shown(client):
    author = make_user()
    round_ = make_round()
    idea = make_idea(round_, author, themes=[round_.themes[0]])
    client.login_as(author)
    response = client.post_form(f"/ideas/{idea.id}/edit", _edit_form(idea, proposal="", themes=[]))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in html
    assert "Choose at least one theme." in html
    db.session.expire_all()
    assert db.session.get(Idea, idea.id).proposal == "Publish it all as open data."


def test_edit_refused_for_others_and_anonymous(client):
    round_ = make_round()
    idea = make_idea(round_, make_user(), themes=[round_.themes[0]])
    assert client.get(f"/ideas/{idea.id}/edit").status_code == 302  # to sign in
    client.login_as(make_user())
    assert client.get(f"/ideas/{idea.id}/edit").status_code == 403
    refused = client.post_form(f"/ideas/{idea.id}/edit", _edit_form(idea, title="Hijacked"))
    assert refused.status_code == 403
    assert "Only the person who submitted this idea can edit it." in refused.get_data(as_text=True)
    assert "Edit your idea" not in client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Idea, idea.id).title != "Hijacked"


def test_edit_refused_when_the_round_has_closed(client):
    author = make_user()
    round_ = make_round(opens_in=timedelta(days=-30), closes_in=timedelta(days=-1))
    idea = make_idea(round_, author, themes=[round_.themes[0]])
    client.login_as(author)
    assert "Edit your idea" not in client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    response = client.post_form(f"/ideas/{idea.id}/edit", _edit_form(idea, title="Too late"))
    assert response.status_code == 403
    assert "This round closed for ideas on" in response.get_data(as_text=True)
    assert client.get(f"/ideas/{idea.id}/edit").status_code == 403


def test_idea_page_queries_do_not_grow_with_comments(client):
    round_ = make_round()
    viewer = make_user()
    counts = []
    for n_comments in (1, 25):
        idea = make_idea(round_, make_user(), themes=list(round_.themes))
        for n in range(n_comments):
            top = make_comment(idea, make_user(), body=f"Comment {n}")
            make_comment(idea, make_user(), body=f"Reply {n}", parent=top)
            make_support(make_user(), idea)
        client.login_as(viewer)
        url = f"/ideas/{idea.id}"
        with counting_statements() as statements:
            assert client.get(url).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]
