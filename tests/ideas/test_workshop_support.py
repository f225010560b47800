"""Online supporters and workshop dots side by side on idea lists and pages,
workshop credits, the combined-support sort and the nation filter."""

import re
from datetime import date

from manifesto.extensions import db
from manifesto.workshops import services
from tests.factories import (
    make_comment, make_idea, make_round, make_support, make_user, make_workshop,
)
from tests.querycount import counting_statements

CARD_LINK = re.compile(r'<h2><a href="/ideas/(\d+)">')


def _ids(response) -> list[int]:
    assert response.status_code == 200
    return [int(n) for n in CARD_LINK.findall(response.get_data(as_text=True))]


def _url(round_, **args):
    query = "&".join(f"{k}={v}" for k, v in args.items())
    return f"/rounds/{round_.slug}/ideas/" + (f"?{query}" if query else "")


def _text(response) -> str:
    html = response.get_data(as_text=True)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _card(html: str, idea) -> str:
    start = html.index(f'<h2><a href="/ideas/{idea.id}">')
    end = html.find('<li class="card idea-card">', start)
    return html[start:end if end != -1 else None]


def test_cards_show_supporters_online_and_dots_at_workshops_side_by_side(client):
    round_ = make_round()
    facilitator = make_user(roles=("facilitator",))
    cardiff = make_workshop(round_, facilitator, town="Cardiff", nation="wales")
    swansea = make_workshop(round_, facilitator, town="Swansea", nation="wales")
    leeds = make_workshop(round_, facilitator, town="Leeds", nation="england")
    many = make_idea(round_, make_user(), title="Backed widely")
    once = make_idea(round_, make_user(), title="Backed once")
    none = make_idea(round_, make_user(), title="Online only")
    for person in [make_user() for _ in range(2)]:
        make_support(person, many)
    make_support(make_user(), once)
    services.set_tally(facilitator, cardiff, many, 20)
    services.set_tally(facilitator, swansea, many, 10)
    services.set_tally(facilitator, leeds, many, 7)
    services.set_tally(facilitator, leeds, once, 1)
    services.set_tally(facilitator, swansea, none, 0)  # a zero is no backing

    html = client.get(_url(round_)).get_data(as_text=True)
    assert "2 supporters online · 37 dots at 3 workshops in 2 nations · 0 comments" in _card(html, many)
    assert "1 supporter online · 1 dot at 1 workshop in 1 nation · 0 comments" in _card(html, once)
    assert "0 supporters online · 0 comments" in _card(html, none)
    assert "dot" not in _card(html, none)

    page = _text(client.get(f"/ideas/{many.id}"))
    assert "2 supporters online · 37 dots at 3 workshops in 2 nations" in page
    assert "Backed at workshops" in page
    # Each workshop that backed it: place, date and dots, most dots first.
    assert re.search(r"Cardiff, Wales , 14 March 2027 : 20 dots.*Swansea, Wales , 14 March 2027 "
                     r": 10 dots.*Leeds, England , 14 March 2027 : 7 dots", page)
    assert f'href="/workshops/{cardiff.id}"' in client.get(f"/ideas/{many.id}").get_data(as_text=True)
    assert "Backed at workshops" not in _text(client.get(f"/ideas/{none.id}"))


def test_workshop_ideas_and_comments_are_credited_to_the_workshop(client):
    round_ = make_round()
    facilitator = make_user(display_name="Fiona Typist", roles=("facilitator",))
    workshop = make_workshop(round_, facilitator, town="Cardiff", held_on=date(2027, 3, 14))
    [idea] = services.add_workshop_ideas(facilitator, workshop, [
        {"title": "Open council budgets", "proposal": "Publish them."}]).created
    online = make_idea(round_, make_user(display_name="Olu Online"), title="Online idea")
    services.add_workshop_comment(facilitator, workshop, online, "The room agreed strongly.")
    make_comment(online, make_user(display_name="Pat Person"), body="Me too.")
    credit = "From the Cardiff workshop, 14 March 2027"

    listing = client.get(_url(round_)).get_data(as_text=True)
    card = _card(listing, idea)
    assert f'<a href="/workshops/{workshop.id}">{credit}</a>' in card and "by " not in card
    assert "by Olu Online" in _card(listing, online)

    page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert f'<a href="/workshops/{workshop.id}">{credit}</a>' in page
    assert "Fiona Typist" not in page and "Submitted by" not in page

    thread = client.get(f"/ideas/{online.id}").get_data(as_text=True)
    comment = thread[thread.index("The room agreed strongly.") - 600:]
    assert f'<strong><a href="/workshops/{workshop.id}">{credit}</a></strong>' in comment
    assert "Fiona Typist" not in thread and "Pat Person" in thread


def test_combined_sort_counts_dots_like_supports(client):
    round_ = make_round()
    facilitator = make_user(roles=("facilitator",))
    workshop = make_workshop(round_, facilitator)
    online = make_idea(round_, make_user(), title="Three online")
    for person in [make_user() for _ in range(3)]:
        make_support(person, online)
    room = make_idea(round_, make_user(), title="Five dots")
    services.set_tally(facilitator, workshop, room, 5)
    mixed = make_idea(round_, make_user(), title="Two and two")
    make_support(make_user(), mixed)
    make_support(make_user(), mixed)
    services.set_tally(facilitator, workshop, mixed, 2)
    tie = make_idea(round_, make_user(), title="Four dots, newer")
    services.set_tally(facilitator, workshop, tie, 4)

    combined = [room.id, tie.id, mixed.id, online.id]  # 5, 4 (newer first), 4, 3
    assert _ids(client.get(_url(round_, sort="combined"))) == combined
    assert _ids(client.get(_url(round_))) == combined  # the default order
    assert _ids(client.get(_url(round_, sort="supported"))) == [online.id, mixed.id, tie.id, room.id]
    html = client.get(_url(round_)).get_data(as_text=True)
    assert '<option selected value="combined">Most support (online + workshops)</option>' in html
    # A correction moves the idea at once.
    services.set_tally(facilitator, workshop, room, 0, reason="Miscounted")
    assert _ids(client.get(_url(round_)))[-1] == room.id


def test_nation_filter_finds_ideas_from_backed_by_or_discussed_at_its_workshops(client):
    round_ = make_round()
    facilitator = make_user(roles=("facilitator",))
    glasgow = make_workshop(round_, facilitator, town="Glasgow", nation="scotland")
    leeds = make_workshop(round_, facilitator, town="Leeds", nation="england")
    elsewhere = make_workshop(make_round(), facilitator, town="Dundee", nation="scotland")
    [written] = services.add_workshop_ideas(facilitator, glasgow, [
        {"title": "Land register", "proposal": "Open it."}]).created
    dotted = make_idea(round_, make_user(), title="Dotted in Glasgow")
    services.set_tally(facilitator, glasgow, dotted, 3)
    discussed = make_idea(round_, make_user(), title="Discussed in Glasgow")
    services.add_workshop_comment(facilitator, glasgow, discussed, "Good for Scotland.")
    zero = make_idea(round_, make_user(), title="Zero dots in Glasgow")
    services.set_tally(facilitator, glasgow, zero, 0)
    english = make_idea(round_, make_user(), title="Dotted in Leeds")
    services.set_tally(facilitator, leeds, english, 9)
    make_idea(round_, make_user(), title="Online only")
    other_round_idea = make_idea(elsewhere.round, make_user())
    services.set_tally(facilitator, elsewhere, other_round_idea, 2)

    scottish = client.get(_url(round_, nation="scotland"))
    assert set(_ids(scottish)) == {written.id, dotted.id, discussed.id}
    html = scottish.get_data(as_text=True)
    assert '<option selected value="scotland">Scotland</option>' in html
    assert "Clear search and filters" in html
    assert _ids(client.get(_url(round_, nation="england"))) == [english.id]
    assert _ids(client.get(_url(round_, nation="wales"))) == []
    assert "No ideas match these filters" in client.get(_url(round_, nation="wales")).get_data(as_text=True)
    # Combined with the source filter; unknown nations are ignored, not an error.
    assert _ids(client.get(_url(round_, nation="scotland", source="workshop"))) == [written.id]
    assert len(_ids(client.get(_url(round_, nation="mars")))) == 6
    # A hidden workshop comment no longer puts the idea in the nation's list.
    from manifesto.comments.models import Comment
    db.session.query(Comment).filter(Comment.workshop_id == glasgow.id).update({"hidden": True})
    db.session.commit()
    assert discussed.id not in _ids(client.get(_url(round_, nation="scotland")))


def test_page_links_keep_the_nation_filter(client):
    round_ = make_round()
    facilitator = make_user(roles=("facilitator",))
    workshop = make_workshop(round_, facilitator, nation="wales")
    for n in range(25):
        services.set_tally(facilitator, workshop, make_idea(round_, title=f"Idea {n}"), n + 1)
    html = client.get(_url(round_, nation="wales")).get_data(as_text=True)
    next_link = re.search(r'href="([^"]*)" rel="next"', html).group(1)
    assert "nation=wales" in next_link and "sort=combined" in next_link


def test_workshop_text_is_escaped_on_idea_pages_and_lists(client):
    round_ = make_round()
    facilitator = make_user(roles=("facilitator",))
    workshop = services.create_workshop(
        facilitator, round_, title="<b>Title</b>", held_on=date(2027, 3, 14),
        town='<script>alert("town")</script>', nation="wales")
    [idea] = services.add_workshop_ideas(facilitator, workshop, [
        {"title": "An idea", "proposal": "Do it."}]).created
    services.set_tally(facilitator, workshop, idea, 2)
    services.add_workshop_comment(facilitator, workshop, idea, "<img src=x onerror=alert(1)>")
    for url in (_url(round_), f"/ideas/{idea.id}"):
        html = client.get(url).get_data(as_text=True)
        assert '<script>alert("town")</script>' not in html
        assert "&lt;script&gt;alert(&#34;town&#34;)&lt;/script&gt;" in html
        assert "<img src=x" not in html


# --- the number of queries does not grow with the data -------------------------

def _populate(round_, n_ideas: int):
    facilitator = make_user(roles=("facilitator",))
    people = [make_user() for _ in range(3)]
    workshops = [make_workshop(round_, facilitator, town=town, nation=nation)
                 for town, nation in (("Cardiff", "wales"), ("Leeds", "england"),
                                      ("Belfast", "northern_ireland"))]
    discussed = None
    for n in range(n_ideas):
        workshop = workshops[n % 3]
        if n % 4 == 0:
            [idea] = services.add_workshop_ideas(facilitator, workshop, [
                {"title": f"Workshop idea {n}", "proposal": "Do it."}]).created
        else:
            idea = make_idea(round_, people[n % 3], title=f"Online idea {n}")
        if n % 2 == 0:
            make_support(people[n % 3], idea)
        for w in workshops[: 1 + n % 3]:
            services.set_tally(facilitator, w, idea, 1 + n % 5)
        if n % 3 == 0:
            services.add_workshop_comment(facilitator, workshop, idea, f"Said in the room {n}.")
            make_comment(idea, people[(n + 1) % 3])
            discussed = discussed or idea
    return discussed  # dots from three workshops, comments from people and a workshop


def _query_counts(app, n_ideas: int) -> dict[str, int]:
    round_ = make_round()
    discussed = _populate(round_, n_ideas)
    urls = {
        "combined": _url(round_),
        "nation": _url(round_, nation="wales"),
        "nation+source+newest": _url(round_, nation="england", source="workshop", sort="newest"),
        "idea page": f"/ideas/{discussed.id}",
    }
    counts = {}
    client = app.test_client()
    for name, url in urls.items():
        with counting_statements() as statements:
            assert client.get(url).status_code == 200
        counts[name] = len(statements)
    return counts


def test_query_counts_do_not_grow_with_workshops_dots_and_comments(app):
    small = _query_counts(app, 6)
    large = _query_counts(app, 40)
    assert small == large
    assert max(small.values()) <= 10


def test_nation_filter_gives_the_same_ideas_on_shallow_and_deep_pages(app, monkeypatch):
    """Deep pages test ideas against a prebuilt set, shallow ones one by one:
    both ways find the same ideas in the same order."""
    from manifesto.ideas import queries

    round_ = make_round()
    facilitator = make_user(roles=("facilitator",))
    wales = make_workshop(round_, facilitator, nation="wales")
    england = make_workshop(round_, facilitator, nation="england")
    for n in range(12):
        idea = make_idea(round_, title=f"Idea {n}")
        if n % 3 == 0:
            services.set_tally(facilitator, wales if n % 2 else england, idea, n + 1)
        if n % 4 == 1:
            services.add_workshop_comment(facilitator, wales, idea, "Said in Wales.")
    services.add_workshop_ideas(facilitator, wales, [{"title": "From Wales", "proposal": "Do."}])

    def pages(sort: str) -> list[int]:
        found = []
        for number in range(1, 5):
            page = queries.browse_ideas(round_.id, queries.IdeaFilters(sort=sort, nation="wales"),
                                        page=number, per_page=2)
            assert page.total == 5
            found += [idea.id for idea in page.items]
        return found

    for sort in ("combined", "newest", "supported"):
        monkeypatch.setattr(queries, "_SHALLOW_OFFSET", {"sqlite": 10**9, "postgresql": 10**9})
        one_by_one = pages(sort)
        monkeypatch.setattr(queries, "_SHALLOW_OFFSET", {"sqlite": 0, "postgresql": 0})
        assert pages(sort) == one_by_one and len(one_by_one) == 5
