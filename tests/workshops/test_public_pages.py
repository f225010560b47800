"""The public workshop pages: a round's workshops by nation then date with
totals, and one workshop's page with what it brought in."""

import re
from datetime import date

from manifesto.workshops import services
from tests.factories import make_comment, make_idea, make_round, make_user, make_workshop
from tests.querycount import counting_statements


def _text(response) -> str:
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    main = html[html.index("<main"):html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def _round_with_workshops():
    round_ = make_round()
    facilitator = make_user(roles=("facilitator",))
    cardiff = make_workshop(round_, facilitator, town="Cardiff", nation="wales",
                            held_on=date(2027, 3, 14), attendees=40, title="Cardiff evening")
    bangor = make_workshop(round_, facilitator, town="Bangor", nation="wales",
                           held_on=date(2027, 2, 1), attendees=12, title="Bangor lunch")
    leeds = make_workshop(round_, facilitator, town="Leeds", nation="england",
                          held_on=date(2027, 4, 2), attendees=25, title="Leeds library")
    make_workshop(make_round(), facilitator, town="Elsewhere", title="Another round's")
    ideas = services.add_workshop_ideas(facilitator, cardiff, [
        {"title": "Bilingual open data", "proposal": "Publish in Welsh too."},
        {"title": "Open council budgets", "proposal": "Publish them."},
    ]).created
    online = make_idea(round_, make_user(), title="Register of lobbyists")
    services.set_tally(facilitator, cardiff, online, 30)
    services.set_tally(facilitator, cardiff, ideas[0], 12)
    services.set_tally(facilitator, leeds, online, 5)
    services.add_workshop_comment(facilitator, cardiff, online, "The room wanted it to cover WhatsApp.")
    return round_, facilitator, cardiff, bangor, leeds, ideas, online


def test_round_workshops_are_grouped_by_nation_then_date_with_totals(client):
    round_, _f, cardiff, bangor, leeds, _ideas, _online = _round_with_workshops()
    response = client.get(f"/rounds/{round_.slug}/workshops/")
    text = _text(response)
    assert "3 workshops in 2 nations: 77 people took part, bringing 2 ideas and 47 dots." in text
    # England before Wales; within Wales, Bangor (February) before Cardiff (March).
    assert text.index("England 1 workshop") < text.index("Wales 2 workshops")
    assert text.index("Bangor lunch") < text.index("Cardiff evening")
    assert "England 1 workshop · 25 attendees · 0 ideas · 5 dots" in text
    assert "Wales 2 workshops · 52 attendees · 2 ideas · 42 dots" in text
    assert "14 March 2027 Cardiff evening Cardiff 40 2 42" in text
    assert "Another round's" not in text
    html = response.get_data(as_text=True)
    assert f'href="/workshops/{cardiff.id}"' in html
    assert f'href="/rounds/{round_.slug}/workshop-pack"' in html
    assert f'href="/rounds/{round_.slug}/ideas/?nation=wales"' in html


def test_round_without_workshops_says_so(client):
    round_ = make_round()
    text = _text(client.get(f"/rounds/{round_.slug}/workshops/"))
    assert "No workshops have been recorded for this round yet." in text
    assert "Print a workshop pack" in text


def test_round_page_links_its_workshops(client):
    round_ = make_round()
    html = client.get(f"/rounds/{round_.slug}/").get_data(as_text=True)
    assert f'href="/rounds/{round_.slug}/workshops/"' in html


def test_workshop_page_shows_the_record_and_what_it_brought_in(client):
    round_, facilitator, cardiff, _b, _l, ideas, online = _round_with_workshops()
    services.update_workshop(facilitator, cardiff, notes="Cards first.\n\nThen three dots each.",
                             region="South Wales", venue="Temple of Peace")
    hidden = make_idea(round_, make_user(), title="Hidden later")
    services.set_tally(facilitator, cardiff, hidden, 9)
    hidden.status = "hidden"
    from manifesto.extensions import db
    db.session.commit()
    response = client.get(f"/workshops/{cardiff.id}")
    text = _text(response)
    for expected in ("Cardiff evening", "14 March 2027", "Temple of Peace", "Cardiff", "Wales",
                     "South Wales", "Open Government Network", "Sam Facilitator", "40 people",
                     "2 ideas · 1 comment · 42 dots for 2 ideas"):
        assert expected in text, expected
    html = response.get_data(as_text=True)
    assert "<p>Cards first.</p>" in html and "<p>Then three dots each.</p>" in html
    # Ideas it produced, comments it gave (with the idea), dots per idea, most first.
    assert "Bilingual open data" in text and "Open council budgets" in text
    assert "On Register of lobbyists The room wanted it to cover WhatsApp." in text
    dots = text[text.index("Dot votes at this workshop"):]
    assert re.search(rf"Register of lobbyists I-{online.id} 30 Bilingual open data I-{ideas[0].id} 12", dots)
    assert "Hidden later" not in text  # hidden ideas are not shown, nor counted
    assert f'href="/ideas/{online.id}#comment-' in html
    # Never the account that typed it in.
    assert facilitator.display_name not in html and facilitator.email not in html


def test_workshop_page_caps_long_lists_and_says_so(client, monkeypatch):
    from manifesto.workshops import queries

    monkeypatch.setattr(queries.workshop_contribution, "__defaults__", (2,))  # 2 per section
    round_ = make_round()
    facilitator = make_user(roles=("facilitator",))
    workshop = make_workshop(round_, facilitator)
    created = services.add_workshop_ideas(facilitator, workshop, [
        {"title": f"Idea {n}", "proposal": "Do it."} for n in range(5)]).created
    for n, idea in enumerate(created):
        services.set_tally(facilitator, workshop, idea, n + 1)
    text = _text(client.get(f"/workshops/{workshop.id}"))
    assert "Showing the 2 with most support of 5 ideas from this workshop." in text
    assert "Showing the 2 ideas with most dots of 5 ideas that got dots here." in text


def test_workshop_pages_escape_what_facilitators_typed(client):
    round_ = make_round()
    facilitator = make_user(roles=("facilitator",))
    workshop = services.create_workshop(
        facilitator, round_, title="<script>alert('t')</script>", held_on=date(2027, 3, 14),
        venue="<b>Hall</b>", town="<i>Town</i>", nation="wales", region="<u>R</u>",
        organising_group="<img src=x onerror=alert(1)>", facilitator_name="<em>Sam</em>",
        notes="<script>alert('notes')</script> **bold** <a href='javascript:x'>x</a>")
    idea = make_idea(round_, make_user(), title="<svg onload=alert(1)>")
    services.set_tally(facilitator, workshop, idea, 2)
    services.add_workshop_comment(facilitator, workshop, idea, "<script>alert('c')</script>")
    for url in (f"/workshops/{workshop.id}", f"/rounds/{round_.slug}/workshops/",
                f"/rounds/{round_.slug}/workshop-pack?workshop={workshop.id}"):
        html = client.get(url).get_data(as_text=True)
        for raw in ("<script>alert", "<b>Hall", "<i>Town", "<u>R", "<img src=x", "<em>Sam",
                    "<svg onload", "href='javascript", 'href="javascript'):
            assert raw not in html, (url, raw)
    assert "&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;" in client.get(
        f"/workshops/{workshop.id}").get_data(as_text=True)


def test_workshops_of_a_draft_round_are_hidden_except_from_administrators(client):
    round_ = make_round(phase="draft")
    workshop = make_workshop(round_)
    for url in (f"/workshops/{workshop.id}", f"/rounds/{round_.slug}/workshops/",
                f"/rounds/{round_.slug}/workshop-pack"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "This round is not public yet." in response.get_data(as_text=True)
    client.login_as(make_user(roles=("facilitator",)))
    assert client.get(f"/workshops/{workshop.id}").status_code == 403
    client.login_as(make_user(roles=("admin",)))
    for url in (f"/workshops/{workshop.id}", f"/rounds/{round_.slug}/workshops/",
                f"/rounds/{round_.slug}/workshop-pack"):
        assert client.get(url).status_code == 200, url


def test_missing_workshop_or_round_is_not_found(client):
    assert client.get("/workshops/424242").status_code == 404
    assert client.get("/workshops/99999999999999").status_code == 404
    assert client.get("/rounds/no-such-round/workshops/").status_code == 404


def test_the_facilitator_sees_a_link_to_manage_their_workshop(client):
    round_ = make_round()
    facilitator = make_user(roles=("facilitator",))
    workshop = make_workshop(round_, facilitator)
    assert "Manage this workshop" not in client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    client.login_as(facilitator)
    assert "Manage this workshop" in client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    client.login_as(make_user(roles=("facilitator",)))
    assert "Manage this workshop" not in client.get(f"/workshops/{workshop.id}").get_data(as_text=True)


# --- fixed query counts ---------------------------------------------------------

def _populate(round_, size: int):
    facilitator = make_user(roles=("facilitator",))
    people = [make_user() for _ in range(2)]
    workshops = [make_workshop(round_, facilitator, town=f"Town {n}",
                               nation=("wales", "england", "scotland")[n % 3])
                 for n in range(size)]
    for n, workshop in enumerate(workshops):
        created = services.add_workshop_ideas(facilitator, workshop, [
            {"title": f"Idea {n}.{k}", "proposal": "Do it."} for k in range(size)]).created
        for k, idea in enumerate(created):
            services.set_tally(facilitator, workshops[(n + k) % size], idea, k + 1)
            services.add_workshop_comment(facilitator, workshop, idea, f"Said {k}.")
            make_comment(idea, people[k % 2])
    return workshops[0]


def _counts(app, size: int) -> dict[str, int]:
    round_ = make_round()
    workshop = _populate(round_, size)
    client = app.test_client()
    counts = {}
    for name, url in {"list": f"/rounds/{round_.slug}/workshops/",
                      "page": f"/workshops/{workshop.id}",
                      "pack": f"/rounds/{round_.slug}/workshop-pack?workshop={workshop.id}"}.items():
        with counting_statements() as statements:
            assert client.get(url).status_code == 200
        counts[name] = len(statements)
    return counts


def test_query_counts_do_not_grow_with_workshops_ideas_and_dots(app):
    small = _counts(app, 2)
    large = _counts(app, 6)
    assert small == large
    assert max(small.values()) <= 8
