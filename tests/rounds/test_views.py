from datetime import datetime, timedelta, timezone

from sqlalchemy import update

from manifesto.extensions import db
from manifesto.rounds.models import Round
from tests.factories import make_comment, make_idea, make_round, make_support, make_user
from tests.querycount import counting_statements


def test_home_without_rounds_says_so(client):
    page = client.get("/").get_data(as_text=True)
    assert "No rounds yet" in page
    assert "Submit an idea" not in page


def test_home_puts_the_open_round_first_with_its_closing_time(client):
    make_round(slug="draft-round", phase="draft", title="Hidden draft")
    make_round(slug="old", phase="tracking", title="Manifesto 2015",
               opens_in=timedelta(days=-800), closes_in=timedelta(days=-700))
    open_ = make_round(slug="manifesto-2027", title="Open Government Manifesto 2027")
    db.session.execute(update(Round).where(Round.id == open_.id).values(
        closes_at=datetime(2099, 3, 14, 17, 0, tzinfo=timezone.utc)))
    db.session.commit()
    idea = make_idea(open_, make_user())
    make_idea(open_, make_user())
    make_support(make_user(), idea)

    page = client.get("/").get_data(as_text=True)
    assert "Hidden draft" not in page
    assert page.index("Open Government Manifesto 2027") < page.index("Manifesto 2015")
    assert "Open for ideas until 14 March 2099, 5pm" in page
    assert "2 ideas" in page and "1 supporter" in page
    assert "/rounds/manifesto-2027/ideas/new" in page
    assert "/rounds/manifesto-2027/ideas/" in page
    assert "Ideas were collected from" in page


def test_round_page_shows_themes_counts_and_links(client):
    round_ = make_round(slug="manifesto-2027")
    theme = round_.themes[0]
    author, supporter = make_user(), make_user()
    idea = make_idea(round_, author, themes=[theme])
    make_idea(round_, author, status="hidden", themes=[theme])  # not counted
    make_support(supporter, idea)
    make_support(author, idea)
    comment = make_comment(idea, supporter, "Good idea")
    make_comment(idea, author, "Thanks", parent=comment)

    response = client.get("/rounds/manifesto-2027/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1>" + round_.title + "</h1>" in page
    assert "Tell us what the next government should commit to." in page
    assert "Open data" in page and "Freedom of information" in page
    assert "1 idea<" in page and "2 supporters" in page and "2 comments" in page
    assert 'href="/rounds/manifesto-2027/ideas/"' in page
    assert 'href="/rounds/manifesto-2027/ideas/new"' in page
    assert "UK time" in page


def test_closed_round_explains_why_and_offers_no_submit_link(client):
    make_round(slug="assessing", phase="assessment", opens_in=timedelta(days=-90),
               closes_in=timedelta(days=-2))
    page = client.get("/rounds/assessing/").get_data(as_text=True)
    assert "This round closed for ideas on" in page
    assert "Submit an idea" not in page
    assert "Browse ideas" in page


def test_introduction_is_escaped_and_formatted(client):
    round_ = make_round(slug="intro")
    round_.introduction = "First <script>alert(1)</script>\n\nSee https://example.org"
    db.session.commit()
    page = client.get("/rounds/intro/").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    assert 'href="https://example.org"' in page


def test_draft_rounds_are_hidden_except_from_admins(client):
    make_round(slug="draft-round", phase="draft")
    assert client.get("/rounds/draft-round/").status_code == 404
    client.login_as(make_user())
    assert client.get("/rounds/draft-round/").status_code == 404
    client.login_as(make_user(roles=("admin",)))
    response = client.get("/rounds/draft-round/")
    assert response.status_code == 200
    assert "only administrators can see this page" in response.get_data(as_text=True)
    assert client.get("/rounds/no-such-round/").status_code == 404


def test_page_query_counts_do_not_grow_with_data(client):

    round_ = make_round(slug="busy")
    people = [make_user() for _ in range(3)]

    def queries_for(url):
        with counting_statements() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    make_idea(round_, people[0], themes=[round_.themes[0]])
    few_round, few_home = queries_for("/rounds/busy/"), queries_for("/")
    for person in people:
        idea = make_idea(round_, person, themes=list(round_.themes))
        for other in people:
            make_support(other, idea)
            make_comment(idea, other)
    make_round(slug="another", phase="published")
    assert queries_for("/rounds/busy/") == few_round
    assert queries_for("/") == few_home


def test_theme_idea_counts_link_to_the_filtered_list(client):
    round_ = make_round(slug="themed")
    make_idea(round_, make_user(), themes=[round_.themes[1]])
    page = client.get("/rounds/themed/").get_data(as_text=True)
    assert f'href="/rounds/themed/ideas/?theme={round_.themes[1].id}"' in page
    assert "No ideas yet" in page
