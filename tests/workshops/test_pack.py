"""The printable workshop pack: blank idea cards mirroring the public form,
and a tally sheet of current ideas with their reference codes."""

import re
from datetime import date

from manifesto.ideas.models import SCOPES
from manifesto.workshops import services
from tests.factories import make_idea, make_round, make_support, make_user, make_workshop
from tests.querycount import counting_statements


def _get(client, round_, **args):
    query = "&".join(f"{k}={v}" for k, v in args.items())
    response = client.get(f"/rounds/{round_.slug}/workshop-pack" + (f"?{query}" if query else ""))
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _sheet_refs(html: str) -> list[str]:
    return re.findall(r'<td class="tally-sheet__ref">(I-\d+)</td>', html)


def test_pack_has_idea_cards_with_the_form_fields_and_a_print_stylesheet(client):
    round_ = make_round()
    html = _get(client, round_)
    assert '<link rel="stylesheet" media="print" href="/static/css/print.css">' in html
    assert html.count('class="pack-card__title"') == 6  # the default
    card = html[html.index('<section class="pack-card'):html.index("</section>", html.index('<section class="pack-card'))]
    for label in ("Title", "Current situation", "What government should commit to",
                  "Expected impact", "Who should act", "Where it applies", "Themes"):
        assert f'<p class="pack-field__label">{label}' in card, label
    for scope in SCOPES.values():
        assert f"</span> {scope}</li>" in card, scope
    for theme in round_.themes:
        assert f"</span> {theme.name}</li>" in card, theme.name
    assert "Workshop and town:" in card  # blank, to write in
    # Two cards a page: a page break after every second card but the last.
    assert html.count("pack-card--page-end") == 2


def test_print_stylesheet_lays_the_pack_out_on_a4(app):
    from pathlib import Path

    css = (Path(app.root_path).parent / "static/css/print.css").read_text()
    assert "@page { size: A4" in css
    assert re.search(r"\.site-header, \.site-footer, \.breadcrumbs[^{]*\.pack-intro \{ display: none", css)
    assert ".pack-card--page-end { break-after: page" in css
    assert ".pack-sheet { break-before: page" in css


def test_a_chosen_workshop_is_printed_on_every_card_and_the_sheet(client):
    round_ = make_round()
    workshop = make_workshop(round_, title="Cardiff evening", town="Cardiff",
                             held_on=date(2027, 3, 14))
    html = _get(client, round_, workshop=workshop.id, cards=3)
    assert html.count("Workshop: Cardiff evening, Cardiff, 14 March 2027") == 4  # 3 cards + sheet
    assert html.count('class="pack-card__title"') == 3
    assert f'<option selected value="{workshop.id}">' in html
    # Another round's workshop, or nonsense, is ignored: blank cards.
    other = make_workshop(make_round(), title="Elsewhere")
    for value in (other.id, "x", "99999999999999999999"):
        page = _get(client, round_, workshop=value)
        assert "Elsewhere" not in page and "Workshop: Cardiff" not in page


def test_tally_sheet_lists_published_ideas_by_reference_with_an_empty_dots_column(client):
    round_ = make_round()
    ideas = [make_idea(round_, title=f"Idea {n}") for n in range(3)]
    make_idea(round_, title="Hidden idea", status="hidden")
    make_idea(make_round(), title="Another round's idea")
    html = _get(client, round_)
    assert _sheet_refs(html) == [f"I-{idea.id}" for idea in ideas]
    assert "Hidden idea" not in html and "Another round's idea" not in html
    assert '<th scope="col" class="tally-sheet__dots">Dots</th>' in html
    assert html.count('<td class="tally-sheet__dots"></td>') == 3
    assert "go into the Reference column of the upload template" in html
    assert "capped" not in html and "Choose a theme above" not in html


def test_tally_sheet_by_theme(client):
    round_ = make_round()
    open_data, other = round_.themes[0], round_.themes[1]
    a = make_idea(round_, themes=[open_data])
    make_idea(round_, themes=[other])
    html = _get(client, round_, theme=open_data.id)
    assert _sheet_refs(html) == [f"I-{a.id}"]
    assert f"Tally sheet: {open_data.name}" in html
    assert len(_sheet_refs(_get(client, round_, theme="nonsense"))) == 2


def test_a_big_round_gets_a_bounded_sheet_of_its_most_supported_ideas(client, monkeypatch):
    from manifesto.workshops import queries

    monkeypatch.setattr(queries.tally_sheet, "__defaults__", (None, 3))  # 3 ideas a sheet
    round_ = make_round()
    facilitator = make_user(roles=("facilitator",))
    workshop = make_workshop(round_, facilitator)
    ideas = [make_idea(round_, title=f"Idea {n}") for n in range(6)]
    make_support(make_user(), ideas[4])
    services.set_tally(facilitator, workshop, ideas[1], 5)
    services.set_tally(facilitator, workshop, ideas[5], 2)
    html = _get(client, round_)
    # The three with most support (dots count too), in reference order.
    assert _sheet_refs(html) == [f"I-{ideas[i].id}" for i in (1, 4, 5)]
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert ("This sheet lists the 3 ideas with the most support so far, in reference order, "
            "out of 6 published ideas. Choose a theme above") in text


def test_bad_options_get_a_message_not_an_error(client):
    round_ = make_round()
    for value in ("abc", "0", "41", "-2", "1e3"):
        html = _get(client, round_, cards=value)
        assert "Enter a whole number of cards from 1 to 40." in html, value
        assert html.count('class="pack-card__title"') == 6
    assert _get(client, round_, cards=40).count('class="pack-card__title"') == 40


def test_the_pack_is_linked_from_the_workshops_page(client):
    round_ = make_round()
    html = client.get(f"/rounds/{round_.slug}/workshops/").get_data(as_text=True)
    assert f'href="/rounds/{round_.slug}/workshop-pack"' in html


def _count(app, n_ideas: int) -> int:
    round_ = make_round()
    workshop = make_workshop(round_)
    for n in range(n_ideas):
        make_idea(round_, themes=[round_.themes[n % 2]])
        make_workshop(round_, town=f"Town {n}")
    url = f"/rounds/{round_.slug}/workshop-pack?workshop={workshop.id}&theme={round_.themes[0].id}"
    client = app.test_client()
    with counting_statements() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_pack_query_count_does_not_grow_with_the_data(app):
    assert _count(app, 2) == _count(app, 12) <= 6
