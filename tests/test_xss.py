"""Script put into every field people write comes back as text, everywhere.

The content is created through the real services (as the forms would), then
every GET route is walked — as a visitor, the author and an administrator —
plus search results, the similar-ideas fragment, reflected query strings and
the JSON API.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from urllib.parse import quote

import pytest

from manifesto.accounts import services as accounts
from manifesto.comments.services import add_comment
from manifesto.extensions import db
from manifesto.ideas.services import create_idea
from manifesto.panel import services as panel
from manifesto.rounds.services import create_round, create_theme
from manifesto.timeutil import utcnow
from manifesto.workshops import services as workshops
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.route_walk import World, routes
from tests.test_page_hygiene import csp_problems

LINK = ' <a href="javascript:alert(9)">x</a> javascript:alert(9)'


def payload(n: int, with_link: bool = False) -> str:
    """Script, an event handler, quotes that would end an attribute and (where
    the field is long enough) a javascript: link; ``n`` tells the fields apart."""
    text = f'<script>alert({n})</script><img src=x onerror=alert({n})>" onmouseover="alert({n})\''
    return text + LINK if with_link else text


def shown(n: int) -> str:
    """How payload ``n`` looks when correctly escaped."""
    return f"&lt;script&gt;alert({n})&lt;/script&gt;&lt;img src=x onerror=alert({n})&gt;"


FIELDS = {
    "display name": 1, "idea title": 2, "problem": 3, "proposal": 4, "impact": 5,
    "who should act": 6, "comment": 7, "reply": 8, "round title": 10,
    "round introduction": 11, "theme name": 12, "theme description": 13,
    "commenter name": 14, "workshop title": 30, "venue": 31, "town": 32, "region": 33,
    "organising group": 34, "facilitator name": 35, "workshop notes": 36,
    "workshop idea title": 37, "workshop comment": 38,
    "criterion name": 40, "criterion guidance": 41, "commitment title": 42, "commit to": 43,
    "current situation": 44, "we call for": 45, "lead body": 46,
}


@pytest.fixture
def xss():
    admin = make_user(roles=("admin",))
    author = accounts.register("author@example.org", payload(FIELDS["display name"]),
                               DEFAULT_PASSWORD)
    commenter = accounts.register("commenter@example.org", payload(FIELDS["commenter name"]),
                                  DEFAULT_PASSWORD)
    for person in (author, commenter):  # confirmed their addresses, so may post
        person.email_verified_at = utcnow()
    db.session.commit()
    now = utcnow()
    round_ = create_round(admin, title=payload(FIELDS["round title"]), slug="xss-round",
                          introduction=payload(FIELDS["round introduction"], True),
                          opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30),
                          phase="open")
    theme = create_theme(admin, round_, name=payload(FIELDS["theme name"]),
                         description=payload(FIELDS["theme description"], True))
    idea = create_idea(
        author, round_, title=payload(FIELDS["idea title"]),
        problem=payload(FIELDS["problem"], True), proposal=payload(FIELDS["proposal"], True),
        impact=payload(FIELDS["impact"], True), who_should_act=payload(FIELDS["who should act"], True),
        scope="uk", theme_ids=[theme.id],
    )
    comment = add_comment(commenter, idea, payload(FIELDS["comment"], True))
    add_comment(author, idea, payload(FIELDS["reply"], True), parent=comment)
    facilitator = make_user(roles=("facilitator",))
    workshop = workshops.create_workshop(
        facilitator, round_, title=payload(FIELDS["workshop title"]), held_on=date(2027, 3, 14),
        venue=payload(FIELDS["venue"]), town=payload(FIELDS["town"])[:100], nation="wales",
        region=payload(FIELDS["region"])[:100],
        organising_group=payload(FIELDS["organising group"]),
        facilitator_name=payload(FIELDS["facilitator name"])[:120], attendees=12,
        notes=payload(FIELDS["workshop notes"], True),
    )
    workshops.add_workshop_ideas(facilitator, workshop, [
        {"title": payload(FIELDS["workshop idea title"]), "proposal": payload(4, True)}])
    workshops.add_workshop_comment(facilitator, workshop, idea,
                                   payload(FIELDS["workshop comment"], True))
    workshops.set_tally(facilitator, workshop, idea, 9)
    other_facilitator = make_user(roles=("facilitator",))
    panellist = make_user(roles=("panellist",))
    criterion = panel.save_criterion(admin, round_, name=payload(FIELDS["criterion name"])[:120],
                                     guidance=payload(FIELDS["criterion guidance"], True),
                                     weight=2, scale_min=1, scale_max=5)
    commitment = panel.create_commitment(
        admin, round_, idea_ids=[idea.id], theme_id=theme.id,
        title=payload(FIELDS["commitment title"])[:200],
        commit_to=payload(FIELDS["commit to"], True),
        current_situation=payload(FIELDS["current situation"], True),
        we_call_for="- " + payload(FIELDS["we call for"], True),
        lead_body=payload(FIELDS["lead body"])[:300])
    return World(admin=admin, author=author, other=commenter, round=round_, theme=theme,
                 idea=idea, comment=comment, facilitator=facilitator,
                 other_facilitator=other_facilitator, workshop=workshop, panellist=panellist,
                 commitment=commitment, criterion=criterion)


TEXT_TYPES = ("text/html", "application/json", "text/plain")


def assert_no_markup_from_users(response, where: str) -> str:
    if not (response.content_type or "text/html").startswith(TEXT_TYPES):
        # Downloads (spreadsheets, zips) are never rendered by the browser.
        assert "attachment" in response.headers.get("Content-Disposition", ""), where
        return ""
    page = response.get_data(as_text=True)
    if "json" in (response.content_type or ""):
        assert "<script" not in page and "<img" not in page, where
        return page
    problems = csp_problems(page)  # parses the real tags: a break-out shows as one
    assert not problems, f"{where}: user text came out as markup: {problems}"
    assert "<img src=x" not in page.lower(), where
    return page


@pytest.mark.parametrize("who", ["visitor", "author", "admin", "facilitator", "panellist"])
@pytest.mark.parametrize("route", routes(method="GET"), ids=str)
def test_no_page_turns_user_text_into_markup(client, xss, route, who):
    if who != "visitor":
        client.login_as(getattr(xss, who))
    url = route.url(xss)
    assert_no_markup_from_users(client.get(url), f"GET {url} as {who}")


PAGES_SHOWING = {
    "/": ["round title"],
    "/rounds/xss-round/": ["round title", "round introduction", "theme name", "theme description"],
    "/rounds/xss-round/ideas/": ["idea title", "theme name"],
    "/rounds/xss-round/ideas/?q=alert": ["idea title"],
    "/rounds/xss-round/ideas/similar?title=alert+script": ["idea title"],
    "/ideas/{idea}": ["idea title", "problem", "proposal", "impact", "who should act",
                      "comment", "reply", "display name", "commenter name"],
}


@pytest.mark.parametrize("path", PAGES_SHOWING)
def test_the_text_is_shown_escaped(client, xss, path):
    """The walk above proves nothing if the text is not on the page at all."""
    url = path.format(idea=xss.idea.id)
    response = client.get(url)
    assert response.status_code == 200, url
    page = assert_no_markup_from_users(response, url)
    for field in PAGES_SHOWING[path]:
        assert shown(FIELDS[field]) in page, f"{url} does not show the {field} (escaped)"


def test_javascript_links_stay_text_and_real_links_get_rel(client, xss):
    page = client.get(f"/ideas/{xss.idea.id}").get_data(as_text=True)
    assert "javascript:alert(9)" in page  # shown, as text
    assert 'href="javascript' not in page.lower()


def test_the_edit_forms_show_the_text_escaped_in_their_fields(client, xss):
    client.login_as(xss.author)
    page = assert_no_markup_from_users(client.get(f"/ideas/{xss.idea.id}/edit"), "idea edit")
    assert shown(FIELDS["idea title"]) in page
    client.login_as(xss.other)
    page = assert_no_markup_from_users(client.get(f"/comments/{xss.comment.id}/edit"), "comment edit")
    assert "&lt;script&gt;alert(7)" in page
    client.login_as(xss.admin)
    for url in (f"/admin/rounds/{xss.round.id}/edit", f"/admin/rounds/{xss.round.id}/themes",
                f"/admin/themes/{xss.theme.id}/edit", "/admin/"):
        assert_no_markup_from_users(client.get(url), url)


REFLECTED = payload(20, True)


@pytest.mark.parametrize("url", [
    "/rounds/xss-round/ideas/?q={p}",
    "/rounds/xss-round/ideas/?q={p}&sort={p}&theme={p}&scope={p}&source={p}&page={p}",
    "/rounds/xss-round/ideas/similar?title={p}",
    "/account/login?next={p}",
    "/account/register?next={p}",
    "/no-such-page/{p}",
    "/rounds/{p}/",
])
def test_query_strings_and_paths_are_not_reflected_as_markup(client, xss, url):
    response = client.get(url.format(p=quote(REFLECTED, safe="")))
    assert response.status_code < 500
    assert_no_markup_from_users(response, url)


def test_forms_shown_back_with_errors_escape_what_was_typed(client, xss):
    client.login_as(xss.author)
    response = client.post_form("/rounds/xss-round/ideas/new",
                                {"title": REFLECTED[:120], "proposal": "", "problem": REFLECTED,
                                 "scope": REFLECTED, "themes": REFLECTED})
    assert response.status_code == 200
    assert_no_markup_from_users(response, "new idea with errors")
    response = client.post_form(f"/ideas/{xss.idea.id}/comments",
                                {"body": REFLECTED * 200, "parent_id": ""})
    assert_no_markup_from_users(response, "comment too long")
    client.logout()
    response = client.post_form("/account/register",
                                {"email": REFLECTED, "display_name": REFLECTED, "password": "x"})
    assert_no_markup_from_users(response, "register with errors")


def test_the_api_returns_the_text_exactly_and_never_as_markup(client, xss):
    urls = ["/api/v1/rounds", "/api/v1/rounds/xss-round", "/api/v1/rounds/xss-round/ideas",
            "/api/v1/rounds/xss-round/themes", f"/api/v1/ideas/{xss.idea.id}",
            "/api/v1/ideas?q=alert", "/api/v1/rounds/xss-round/ideas?q=" + REFLECTED]
    for url in urls:
        response = client.get(url)
        assert response.content_type.startswith("application/json"), url
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert_no_markup_from_users(response, url)
    idea = client.get(f"/api/v1/ideas/{xss.idea.id}").get_json()
    assert idea["title"] == payload(FIELDS["idea title"])
    assert idea["proposal"] == payload(FIELDS["proposal"], True)
    round_json = json.loads(client.get("/api/v1/rounds/xss-round").get_data(as_text=True))
    assert round_json["title"] == payload(FIELDS["round title"])
