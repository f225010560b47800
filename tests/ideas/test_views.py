import re

from sqlalchemy import select

from manifesto.extensions import db
from manifesto.ideas.models import Idea
from tests.factories import make_idea, make_round, make_user


def _form(round_, **overrides):
    data = {
        "title": "Publish every public contract",
        "problem": "Contracts are hard to find.",
        "proposal": "Publish all contracts over £10,000 as open data.",
        "impact": "Less waste.",
        "who_should_act": "Cabinet Office",
        "scope": "england",
        "themes": [str(round_.themes[0].id)],
    }
    data.update(overrides)
    return data


def _only_idea():
    return db.session.scalars(select(Idea)).one()


def test_create_happy_path_publishes_and_redirects_to_the_idea(client):
    user = make_user(display_name="Asha Patel")
    round_ = make_round()
    client.login_as(user)
    page = client.get(f"/rounds/{round_.slug}/ideas/new")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for label in ("Title", "Current situation", "What government should commit to",
                  "Expected impact", "Who should act", "Open data", "Northern Ireland"):
        assert label in html
    assert "js/ideas.js" in html and "<script>" not in html

    response = client.post_form(f"/rounds/{round_.slug}/ideas/new", _form(round_))
    idea = _only_idea()
    assert response.status_code == 302
    assert response.headers["Location"] == f"/ideas/{idea.id}"
    assert idea.author_id == user.id and idea.scope == "england"
    assert [t.name for t in idea.themes] == ["Open data"]
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your idea has been published" in shown
    assert "Asha Patel" in shown


def test_field_errors_are_shown_next_to_fields_and_in_a_summary(client):
    round_ = make_round()
    client.login_as(make_user())
    response = client.post_form(
        f"/rounds/{round_.slug}/ideas/new",
        _form(round_, title="x" * 121, proposal="  ", themes=[], scope="mars"),
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "There is a problem" in html
    assert 'href="#title"' in html and "Title must be 120 characters or fewer." in html
    assert 'href="#proposal"' in html and "Say what government should commit to." in html
    assert 'href="#themes"' in html and "Choose at least one theme." in html
    assert "Choose where this idea applies." in html
    assert 'aria-invalid="true"' in html
    assert "x" * 121 in html  # what they typed is kept
    assert db.session.scalar(select(Idea.id)) is None


def test_theme_of_another_round_is_a_field_error_not_a_crash(client):
    round_ = make_round()
    other = make_round()
    client.login_as(make_user())
    response = client.post_form(f"/rounds/{round_.slug}/ideas/new",
                                _form(round_, themes=[str(other.themes[0].id), "nonsense"]))
    assert response.status_code == 200
    assert "Choose themes from the list." in response.get_data(as_text=True)
    assert db.session.scalar(select(Idea.id)) is None


def test_review_step_without_javascript_then_confirm(client):
    round_ = make_round()
    existing = make_idea(round_, title="Open contracting for all public contracts")
    client.login_as(make_user())
    data = _form(round_, themes=[str(round_.themes[0].id), str(round_.themes[2].id)],
                 problem='Line one\nwith "quotes" & <b>tags</b>')
    review = client.post_form(f"/rounds/{round_.slug}/ideas/new", data)
    assert review.status_code == 200
    html = review.get_data(as_text=True)
    assert "Similar ideas already submitted" in html
    assert "you could support one of these instead" in html
    assert f'href="/ideas/{existing.id}"' in html
    assert "Submit my idea anyway" in html and "Go back and edit" in html
    assert '<b>tags</b>' not in html
    assert "Open data, Freedom of information" in html and "England" in html
    assert db.session.scalars(select(Idea)).all() == [existing]

    # The review page carries everything typed in hidden fields.
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    assert hidden["title"] == "Publish every public contract" and hidden["scope"] == "england"
    themes = re.findall(r'<input type="hidden" name="themes" value="(\d+)"', html)
    assert sorted(themes) == sorted(data["themes"])

    back = client.post_form(f"/rounds/{round_.slug}/ideas/new", {**data, "edit": "1"})
    assert back.status_code == 200
    back_html = back.get_data(as_text=True)
    assert "Publish my idea" in back_html and "There is a problem" not in back_html
    assert 'value="Publish every public contract"' in back_html
    assert db.session.scalar(select(Idea).where(Idea.id != existing.id)) is None

    confirmed = client.post_form(f"/rounds/{round_.slug}/ideas/new", {**data, "confirmed": "1"})
    assert confirmed.status_code == 302
    idea = db.session.scalar(select(Idea).where(Idea.id != existing.id))
    assert idea.problem == 'Line one\nwith "quotes" & <b>tags</b>'
    assert len(idea.themes) == 2


def test_no_similar_ideas_saves_straight_away(client):
    round_ = make_round()
    make_idea(round_, title="Register of lobbyists", proposal="Include in-house lobbyists.")
    client.login_as(make_user())
    response = client.post_form(f"/rounds/{round_.slug}/ideas/new", _form(round_))
    assert response.status_code == 302
    assert db.session.scalar(select(Idea).where(Idea.title == "Publish every public contract"))


def test_similar_endpoint_lists_matching_published_ideas(client):
    round_ = make_round()
    match = make_idea(round_, title="Publish contracts as open data")
    hidden = make_idea(round_, title="Contracts hidden idea", status="hidden")
    other_round = make_idea(make_round(), title="Contracts elsewhere")
    response = client.get(f"/rounds/{round_.slug}/ideas/similar?title=open+contracts")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "you could support one of these instead" in html
    assert f"/ideas/{match.id}" in html
    assert f"/ideas/{hidden.id}" not in html and f"/ideas/{other_round.id}" not in html
    assert "<html" not in html
    empty = client.get(f"/rounds/{round_.slug}/ideas/similar?title=the+and+of")
    assert empty.status_code == 200 and empty.get_data(as_text=True).strip() == ""
    assert client.get("/rounds/nowhere/ideas/similar?title=x").status_code == 404


def test_anonymous_visitor_is_sent_to_sign_in(client):
    round_ = make_round()
    response = client.get(f"/rounds/{round_.slug}/ideas/new")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"] or "sign" in response.headers["Location"]
    assert client.post_form(f"/rounds/{round_.slug}/ideas/new", _form(round_)).status_code == 401


def test_closed_round_shows_the_reason_and_refuses_posts(client):
    round_ = make_round(phase="assessment")
    client.login_as(make_user())
    page = client.get(f"/rounds/{round_.slug}/ideas/new")
    html = page.get_data(as_text=True)
    assert "This round closed for ideas on" in html
    assert "Publish my idea" not in html and 'name="title"' not in html
    response = client.post_form(f"/rounds/{round_.slug}/ideas/new", _form(round_))
    assert response.status_code == 403
    assert db.session.scalar(select(Idea.id)) is None


def test_create_is_rate_limited(app, client):
    round_ = make_round()
    client.login_as(make_user())
    app.config["POSTING_RATE_LIMIT"] = "2 per hour"
    try:
        codes = [client.post_form(f"/rounds/{round_.slug}/ideas/new",
                                  _form(round_, title=f"Idea {n}", proposal="")).status_code
                 for n in range(3)]
        assert codes == [200, 200, 429]
        assert client.get(f"/rounds/{round_.slug}/ideas/new").status_code == 200
    finally:
        app.config["POSTING_RATE_LIMIT"] = "1000 per minute"
