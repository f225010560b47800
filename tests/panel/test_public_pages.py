"""The public manifesto, a commitment's page, "how we decided", what
happened to an idea, and the round page's links: what each person sees
before and after publication, in a fixed number of queries."""

from __future__ import annotations

import re
from html import unescape

from manifesto.extensions import db
from manifesto.panel import shortlist
from manifesto.panel.aggregation import TIE_BREAK
from tests.factories import make_commitment, make_idea, make_round, make_support, make_user
from tests.panel.manifesto_factory import build
from tests.querycount import counting_statements
from tests.route_walk import is_login_redirect


def _text(response) -> str:
    """The page as read: inline tags vanish, others separate words."""
    html = re.sub(r"</?(a|span|strong|time|em)\b[^>]*>", "", response.get_data(as_text=True))
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_manifesto_is_not_public_before_publication(client):
    world = build(publish=False)
    url = f"/rounds/{world.round.slug}/manifesto"
    response = client.get(url)
    assert response.status_code == 404
    assert "The manifesto is not published yet" in _text(response)
    assert "Open budgets" not in _text(response)
    client.login_as(make_user())
    assert client.get(url).status_code == 404
    client.login_as(world.panellist)  # the panel may preview it
    response = client.get(url)
    assert response.status_code == 200
    page = _text(response)
    assert "Preview for the panel: this manifesto is not published yet." in page
    assert page.index("1 Open contracts") < page.index("2 Open budgets") < page.index("3 Lobbying register")
    assert "Digital archives" not in page
    draft = make_round(phase="draft")
    client.login_as(make_user())
    assert client.get(f"/rounds/{draft.slug}/manifesto").status_code == 404


def test_the_manifesto_sets_out_themes_and_numbered_commitments(client):
    world = build()
    response = client.get(f"/rounds/{world.round.slug}/manifesto")
    assert response.status_code == 200
    page = _text(response)
    html = response.get_data(as_text=True)
    assert page.startswith("Manifesto – Open government manifesto 2027")
    assert "What the next government should commit to." in page  # the introduction
    budgets, contracts, lobbying = (world.commitments[k] for k in ("budgets", "contracts", "lobbying"))
    # Contents: themes in theme order, with in-page anchors.
    assert ("Contents Open data 1. Open contracts 2. Open budgets Anti-corruption "
            "3. Lobbying register Open data 1 Open contracts") in page
    assert f'href="#theme-{world.round.themes[0].id}"' in html
    assert f'href="#commitment-{budgets.id}"' in html and f'id="commitment-{budgets.id}"' in html
    # The body: themes, then their numbered commitments in order.
    body = page[page.index("Lobbying register Open data 1 Open contracts") + 18:]
    assert (body.index("1 Open contracts") < body.index("2 Open budgets")
            < body.index("Anti-corruption") < body.index("3 Lobbying register"))
    assert "Freedom of information" not in body  # no shortlisted commitment there
    assert "Digital archives" not in page
    entry = body[body.index("2 Open budgets"):body.index("Anti-corruption")]
    assert ("Commit to Publish every department's spending each month. "
            "Current situation Spending is published a year late, if at all. "
            "We call for: Monthly spending data A citizens' budget "
            "Who should lead: HM Treasury") in entry
    assert ("Evidence of support 2 supporters online 5 dots at workshops "
            "1 workshop in Wales 0 comments") in entry
    assert "The ideas it came from Publish budgets monthly I-" in entry
    for idea in (world.ideas["budget_a"], world.ideas["budget_b"]):
        assert f'href="/ideas/{idea.id}"' in html
    assert f'href="/commitments/{contracts.id}"' in html
    assert f'href="/commitments/{lobbying.id}"' in html


def test_a_published_commitment_has_its_own_public_page(client):
    world = build()
    budgets = world.commitments["budgets"]
    response = client.get(f"/commitments/{budgets.id}")
    assert response.status_code == 200
    page = _text(response)
    assert "Commitment 2 · Open data Open budgets" in page
    assert "We call for: Monthly spending data A citizens' budget" in page
    assert "Why it was shortlisted Highest public support of all." in page
    assert "Plain-language budgets" in page and "2 supporters online" in page
    # The commitment left off the shortlist has no public page.
    archive = world.commitments["archive"]
    assert is_login_redirect(client.get(f"/commitments/{archive.id}"))
    client.login_as(make_user())
    assert client.get(f"/commitments/{archive.id}").status_code == 403
    client.login_as(world.panellist)
    page = _text(client.get(f"/commitments/{archive.id}"))
    assert "Draft commitment C-" in page and "It was not shortlisted." in page
    assert "Why it was not shortlisted Worthwhile, but a matter for the National Archives." in page


def test_draft_commitments_are_for_the_panel_only(client):
    world = build(publish=False)
    budgets = world.commitments["budgets"]
    client.login_as(make_user())
    assert client.get(f"/commitments/{budgets.id}").status_code == 403
    client.login_as(world.panellist)
    page = _text(client.get(f"/commitments/{budgets.id}"))
    assert "This commitment is a draft, visible to the panel only. It is on the shortlist." in page


def test_how_we_decided_explains_the_method_and_the_decisions(client):
    world = build()
    response = client.get(f"/rounds/{world.round.slug}/how-we-decided")
    assert response.status_code == 200
    page = _text(response)
    assert ("Potential impact and ambition How much would this change for people if delivered "
            "in full? Is it ambitious? Weight 3 of 8 (38% of the overall score) "
            "Scale 1 (lowest) to 5 (highest)") in page
    assert ("Public support Computed from online supporters and workshop dots of its source "
            "ideas. Weight 1 of 8 (12% of the overall score)") in page
    assert "Not scored by panellists: computed from public support" in page
    assert "(value − lowest) ÷ (highest − lowest)" in page and "weighted mean" in page
    assert "span at least half of its scale" in page
    assert TIE_BREAK in page
    assert "declares it and does not score that commitment" in page
    assert "1 panellist submitted 4 assessments of 4 draft commitments." in page
    assert "0 conflicts of interest were declared." in page
    decisions = page[page.index("The decisions"):]
    assert ("Shortlisted (3) 1. Open contracts Strong support and feasible within a parliament. "
            "2. Open budgets Highest public support of all. "
            "3. Lobbying register Closes a gap the last scandal showed.") in decisions
    assert ("Not shortlisted (1) Digital archives Worthwhile, but a matter for the "
            "National Archives.") in decisions
    assert "1 idea was not taken forward into any commitment" in decisions


def test_how_we_decided_keeps_the_decisions_until_publication(client):
    world = build(publish=False)
    url = f"/rounds/{world.round.slug}/how-we-decided"
    page = _text(client.get(url))
    assert "The decisions, and the reason for each one, will be published here" in page
    assert "Highest public support of all." not in page
    assert "Potential impact and ambition" in page  # the method is public from the start
    client.login_as(world.panellist)
    page = _text(client.get(url))
    assert "Visible to the panel only until the manifesto is published." in page
    assert "Highest public support of all." in page


def test_the_idea_page_says_what_happened_to_the_idea(client):
    world = build(publish=False)
    left_out, budget_a = world.ideas["left_out"], world.ideas["budget_a"]
    page = _text(client.get(f"/ideas/{left_out.id}"))
    assert "What happened to this idea" not in page  # not before publication
    client.login_as(world.panellist)
    page = _text(client.get(f"/ideas/{budget_a.id}"))
    assert "Visible to the panel only until the manifesto is published." in page
    assert f"part of the draft commitment C-{world.commitments['budgets'].id} “Open budgets”, which is shortlisted" in page
    shortlist.publish(world.admin, world.round)
    client.logout()
    page = _text(client.get(f"/ideas/{left_out.id}"))
    assert ("What happened to this idea This idea was not taken forward into the manifesto. "
            "Why: Outside the scope of open government.") in page
    response = client.get(f"/ideas/{budget_a.id}")
    assert ("This idea is part of commitment 2, “Open budgets”, in the published manifesto. "
            "Why it was shortlisted: Highest public support of all.") in _text(response)
    assert f'href="/commitments/{world.commitments["budgets"].id}"' in response.get_data(as_text=True)
    page = _text(client.get(f"/ideas/{world.ideas['archive'].id}"))
    assert ("became part of the commitment “Digital archives”, which was not shortlisted "
            "for the manifesto. Why it was not shortlisted: Worthwhile") in page


def test_the_round_page_links_the_manifesto_once_published(client):
    world = build(publish=False)
    url = f"/rounds/{world.round.slug}/"
    assert "Read the manifesto" not in _text(client.get(url))
    shortlist.publish(world.admin, world.round)
    html = client.get(url).get_data(as_text=True)
    assert f'href="/rounds/{world.round.slug}/manifesto">Read the manifesto' in html
    assert f'href="/rounds/{world.round.slug}/how-we-decided">How we decided' in html
    assert "The shortlist" not in html
    client.login_as(world.admin)
    assert f'href="/rounds/{world.round.slug}/panel/shortlist">The shortlist' in client.get(url).get_data(as_text=True)


def _grow(world, n: int) -> None:
    """n more published commitments in the second theme, each from 3 ideas."""
    for _ in range(n):
        ideas = [make_idea(world.round) for _ in range(3)]
        for idea in ideas:
            make_support(make_user(), idea)
        commitment = make_commitment(world.round, ideas, actor=world.admin,
                                     theme=world.round.themes[1])
        commitment.shortlisted, commitment.decision_reason = True, "Yes"
        commitment.number = 100 + commitment.id
        shortlist.record_idea_outcome(world.admin, make_idea(world.round), "Out of scope.")
    db.session.commit()


def test_public_pages_take_the_same_queries_whatever_the_size(client):
    world = build()
    viewer = make_user()
    budgets = world.commitments["budgets"]
    urls = [f"/rounds/{world.round.slug}/manifesto", f"/commitments/{budgets.id}",
            f"/rounds/{world.round.slug}/how-we-decided", f"/ideas/{world.ideas['budget_a'].id}",
            f"/ideas/{world.ideas['left_out'].id}"]
    counts = []
    for grow_by in (0, 8):
        _grow(world, grow_by)
        client.login_as(viewer)
        sizes = []
        for url in urls:
            with counting_statements() as statements:
                assert client.get(url).status_code == 200, url
            sizes.append(len(statements))
        counts.append(sizes)
    assert counts[0] == counts[1]
    assert _text(client.get(urls[0])).count("Evidence of support") == 11
