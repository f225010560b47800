import re
from datetime import timedelta

import pytest

from manifesto.extensions import db
from manifesto.ideas.queries import SORTS
from manifesto.timeutil import utcnow
from tests.factories import make_comment, make_idea, make_round, make_support, make_user
from tests.querycount import counting_statements

CARD_LINK = re.compile(r'<h2><a href="/ideas/(\d+)">')


def _ids(response) -> list[int]:
    assert response.status_code == 200
    return [int(n) for n in CARD_LINK.findall(response.get_data(as_text=True))]


def _url(round_, **args):
    query = "&".join(f"{k}={v}" for k, v in args.items())
    return f"/rounds/{round_.slug}/ideas/" + (f"?{query}" if query else "")


@pytest.fixture
def ranked(app):
    """Three ideas whose order differs for every sort."""
    round_ = make_round()
    people = [make_user() for _ in range(3)]
    a = make_idea(round_, people[0], title="Alpha")   # oldest, 2 supporters, 0 comments
    b = make_idea(round_, people[1], title="Bravo")   # 0 supporters, 2 comments
    c = make_idea(round_, people[2], title="Charlie")  # newest, 1 supporter, 1 comment
    a.created_at = utcnow() - timedelta(days=3)
    b.created_at = utcnow() - timedelta(days=2)
    c.created_at = utcnow() - timedelta(days=1)
    db.session.commit()
    make_support(people[1], a)
    make_support(people[2], a)
    make_support(people[0], c)
    make_comment(b, people[0])
    make_comment(b, people[2])
    make_comment(c, people[1])
    return round_, a, b, c


def test_each_sort_orders_the_list(client, ranked):
    round_, a, b, c = ranked
    assert _ids(client.get(_url(round_))) == [a.id, c.id, b.id]
    assert _ids(client.get(_url(round_, sort="supported"))) == [a.id, c.id, b.id]
    assert _ids(client.get(_url(round_, sort="newest"))) == [c.id, b.id, a.id]
    assert _ids(client.get(_url(round_, sort="discussed"))) == [b.id, c.id, a.id]
    assert sorted(_ids(client.get(_url(round_, sort="random")))) == sorted([a.id, b.id, c.id])
    # Nonsense falls back to the default rather than an error.
    fallback = client.get(_url(round_, sort="nonsense", page="x"))
    assert _ids(fallback) == [a.id, c.id, b.id]
    assert '<option selected value="combined">' in fallback.get_data(as_text=True)


def test_cards_show_the_idea_at_a_glance(client, ranked):
    round_, a, _b, _c = ranked
    workshop = make_idea(round_, None, title="From the room", source="workshop", scope="scotland",
                         themes=[round_.themes[1]], proposal="Word " * 100)
    html = client.get(_url(round_, sort="newest")).get_data(as_text=True)
    assert "2 supporters online · 0 comments" in html and "1 supporter online · 1 comment" in html
    assert a.author.display_name in html and "a workshop" in html
    assert "Anti-corruption" in html and "Scotland" in html and "Workshop" in html
    assert "Word Word" in html and "Word " * 100 not in html  # an excerpt
    assert f'href="/ideas/{workshop.id}"' in html
    assert "<time datetime=" in html
    assert "Submit an idea" in html


def test_signed_in_person_sees_which_ideas_they_support(client, ranked):
    round_, a, b, c = ranked
    supporter = db.session.get(type(a.author), c.author_id)  # supports Alpha
    client.login_as(supporter)
    html = client.get(_url(round_)).get_data(as_text=True)
    assert html.count("You support this idea") == 1
    card = html[html.index(f'href="/ideas/{a.id}"'):html.index(f'href="/ideas/{c.id}"')]
    assert "You support this idea" in card


def test_random_order_is_stable_per_visitor(app, client):
    round_ = make_round()
    for n in range(30):
        make_idea(round_, title=f"Idea {n}")
    first = _ids(client.get(_url(round_, sort="random")))
    assert len(first) == 20
    assert _ids(client.get(_url(round_, sort="random"))) == first
    page_two = _ids(client.get(_url(round_, sort="random", page=2)))
    assert len(page_two) == 10 and not set(page_two) & set(first)
    other_visitor = app.test_client()
    assert _ids(other_visitor.get(_url(round_, sort="random"))) != first


def test_filters_by_theme_scope_and_source(client):
    round_ = make_round()
    open_data, anti_corruption = round_.themes[0], round_.themes[1]
    a = make_idea(round_, themes=[open_data], scope="wales")
    b = make_idea(round_, themes=[anti_corruption, open_data], scope="uk", source="workshop")
    c = make_idea(round_, themes=[anti_corruption], scope="wales")
    assert set(_ids(client.get(_url(round_, theme=open_data.id)))) == {a.id, b.id}
    assert set(_ids(client.get(_url(round_, scope="wales")))) == {a.id, c.id}
    assert set(_ids(client.get(_url(round_, source="workshop")))) == {b.id}
    both = client.get(_url(round_, theme=anti_corruption.id, scope="wales"))
    assert _ids(both) == [c.id]
    html = both.get_data(as_text=True)
    assert f'<option selected value="{anti_corruption.id}">' in html
    assert "Clear search and filters" in html
    # A theme of another round, or nonsense, is ignored rather than an error.
    other = make_round()
    assert len(_ids(client.get(_url(round_, theme=other.themes[0].id)))) == 3
    assert len(_ids(client.get(_url(round_, theme="x", scope="mars", source="?")))) == 3


def test_search_finds_matching_ideas_best_match_first(client):
    round_ = make_round()
    weak = make_idea(round_, title="Register of interests",
                     proposal="Also covering lobbying by former ministers.")
    strong = make_idea(round_, title="Lobbying register for lobbying firms",
                       proposal="A statutory lobbying register including in-house lobbying.")
    make_idea(round_, title="Open contracts", proposal="Publish contracts.")
    response = client.get(_url(round_, q="lobbying"))
    assert _ids(response) == [strong.id, weak.id]
    html = response.get_data(as_text=True)
    assert "Showing 1–2 of 2 ideas matching “lobbying”" in html
    assert '<option selected value="relevance">Best match</option>' in html
    assert _ids(client.get(_url(round_, q="lobbying", sort="newest"))) == [strong.id, weak.id]


def test_a_new_search_from_the_form_sorts_by_best_match(client):
    round_ = make_round()
    strong = make_idea(round_, title="Lobbying lobbying", proposal="Lobbying register.")
    weak = make_idea(round_, title="Interests", proposal="Lobbying once.")
    make_support(make_user(), weak)
    # The form as shown without a search (sorted by most supported); the
    # person types a search and presses Apply: best match first.
    response = client.get(_url(round_, q="lobbying", sort="supported", shown_q="",
                               shown_sort="supported"))
    assert _ids(response) == [strong.id, weak.id]
    # They then choose another sort for the same search: it is respected.
    response = client.get(_url(round_, q="lobbying", sort="newest", shown_q="lobbying",
                               shown_sort="relevance"))
    assert _ids(response) == [weak.id, strong.id]
    assert '<option selected value="newest">' in response.get_data(as_text=True)
    # Page links carry the sort without the form's bookkeeping.
    response = client.get(_url(round_, q="lobbying", sort="supported"))
    assert _ids(response) == [weak.id, strong.id]


def test_empty_results_give_a_helpful_message(client):
    round_ = make_round()
    html = client.get(_url(round_)).get_data(as_text=True)
    assert "No ideas have been published in this round yet." in html
    make_idea(round_, title="Open contracts")
    html = client.get(_url(round_, q="zebra")).get_data(as_text=True)
    assert "No ideas match “zebra”" in html and "check the spelling" in html
    assert CARD_LINK.search(html) is None


def test_pagination(client):
    round_ = make_round()
    for n in range(45):
        make_idea(round_, title=f"Idea {n}")
    html = client.get(_url(round_, sort="newest", page=2)).get_data(as_text=True)
    assert "Showing 21–40 of 45 ideas" in html
    assert re.search(r'href="[^"]*page=2[^"]*" aria-current="page"', html)
    assert 'rel="prev"' in html and 'rel="next"' in html
    assert "sort=newest" in re.search(r'href="([^"]*)" rel="next"', html).group(1)
    last = client.get(_url(round_, sort="newest", page=3)).get_data(as_text=True)
    assert "Showing 41–45 of 45 ideas" in last and 'rel="next"' not in last
    beyond = client.get(_url(round_, page=99)).get_data(as_text=True)
    assert "There is no page 99" in beyond
    huge = client.get(_url(round_, page=10 ** 30))
    assert huge.status_code == 200


def test_hidden_withdrawn_merged_and_other_rounds_ideas_are_absent(client):
    round_ = make_round()
    shown = make_idea(round_, title="Shown")
    hidden = make_idea(round_, title="Hidden", status="hidden")
    withdrawn = make_idea(round_, title="Withdrawn", status="withdrawn")
    merged = make_idea(round_, title="Merged", status="merged")
    elsewhere = make_idea(make_round(), title="Elsewhere")
    assert _ids(client.get(_url(round_))) == [shown.id]
    assert _ids(client.get(_url(round_, q="withdrawn"))) == []
    assert {hidden.id, withdrawn.id, merged.id, elsewhere.id}.isdisjoint(
        _ids(client.get(_url(round_, sort="random"))))


def test_draft_round_and_missing_round(client):
    draft = make_round(phase="draft")
    assert client.get(_url(draft)).status_code == 403
    assert client.get("/rounds/no-such-round/ideas/").status_code == 404


# --- the number of queries does not grow with the data -------------------------

def _populate(round_, n_ideas: int):
    people = [make_user() for _ in range(4)]
    for n in range(n_ideas):
        idea = make_idea(round_, people[n % 4] if n % 5 else None,
                         title=f"Contracts idea {n}", themes=list(round_.themes[: 1 + n % 3]))
        if n % 2 == 0:
            make_support(people[n % 4], idea)
        if n % 3 == 0:
            make_comment(idea, people[(n + 1) % 4])
    return people[0]


def _query_counts(app, n_ideas: int) -> dict[str, int]:
    round_ = make_round()
    viewer = _populate(round_, n_ideas)
    theme_id = round_.themes[0].id
    urls = {f"sort={sort}": _url(round_, sort=sort) for sort in SORTS if sort != "relevance"}
    urls["search"] = _url(round_, q="contracts")
    urls["search+relevance"] = _url(round_, q="contracts", sort="relevance")
    urls["filter"] = _url(round_, theme=theme_id, scope="uk")
    urls["search+filter+newest"] = _url(round_, q="idea", theme=theme_id, sort="newest")
    counts = {}
    for signed_in in (False, True):
        client = app.test_client()
        if signed_in:
            client.login_as(viewer)
        for name, url in urls.items():
            with counting_statements() as statements:
                assert _ids(client.get(url)), url
            counts[f"{name} signed_in={signed_in}"] = len(statements)
    return counts


def test_list_query_count_does_not_grow_with_the_data(app):
    small = _query_counts(app, 5)
    large = _query_counts(app, 60)
    assert small == large
    assert max(small.values()) <= 10
