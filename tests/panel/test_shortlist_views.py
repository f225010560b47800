"""The shortlist administration: who may use it, decisions with required
reasons, the order within themes, ideas not taken forward, and publication
(refused with the reasons, then numbering in theme order), all audited."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

from manifesto.audit import AuditEvent
from manifesto.extensions import db
from manifesto.panel.models import Commitment, IdeaOutcome
from manifesto.rounds.models import Round
from tests.factories import make_commitment, make_criteria, make_idea, make_round, make_user
from tests.panel.manifesto_factory import build
from tests.querycount import counting_statements
from tests.route_walk import is_login_redirect, row_counts


def _text(response) -> str:
    """The page as read: inline tags vanish, others separate words."""
    html = re.sub(r"</?(a|span|strong|time|em)\b[^>]*>", "", response.get_data(as_text=True))
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _actions(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                                   .order_by(AuditEvent.id)))


def _fresh(commitment: Commitment) -> Commitment:
    db.session.expire_all()
    return db.session.get(Commitment, commitment.id)


@pytest.fixture
def admin():
    return make_user(display_name="Ada Admin", roles=("admin",))


@pytest.fixture
def round_(admin):
    round_ = make_round(phase="assessment", slug="ogn-2027")
    make_criteria(round_, admin)
    return round_


def _urls(round_, commitment, idea) -> list[tuple[str, str]]:
    base = f"/rounds/{round_.slug}/panel"
    return [("GET", f"{base}/shortlist"),
            ("POST", f"{base}/shortlist/{commitment.id}/decision"),
            ("POST", f"{base}/shortlist/{commitment.id}/move"),
            ("POST", f"{base}/shortlist/ideas/{idea.id}/outcome"),
            ("GET", f"{base}/publish"), ("POST", f"{base}/publish")]


@pytest.mark.parametrize("role", ["participant", "facilitator", "panellist", "moderator"])
def test_only_administrators_reach_the_shortlist(client, admin, round_, role):
    commitment = make_commitment(round_, actor=admin)
    idea = make_idea(round_)
    client.login_as(make_user(roles=(role,)))
    before = row_counts()
    for method, url in _urls(round_, commitment, idea):
        data = {"c%d-decision" % commitment.id: "shortlist", "c%d-reason" % commitment.id: "Yes",
                "direction": "up", "i%d-reason" % idea.id: "No", "csrf_token": client.csrf_token()}
        response = client.open(url, method=method, data=data if method == "POST" else None)
        assert response.status_code == 403, f"{method} {url} as {role}"
    assert row_counts() == before
    assert _fresh(commitment).shortlisted is None


def test_visitors_are_sent_to_sign_in(client, admin, round_):
    commitment = make_commitment(round_, actor=admin)
    idea = make_idea(round_)
    before = row_counts()
    for method, url in _urls(round_, commitment, idea):
        data = {"csrf_token": client.csrf_token()} if method == "POST" else None
        response = client.open(url, method=method, data=data)
        assert is_login_redirect(response) or (method == "POST" and response.status_code == 401), url
    assert row_counts() == before


def test_the_board_groups_commitments_by_theme_with_results_and_decisions(client):
    world = build(publish=False)
    client.login_as(world.admin)
    response = client.get(f"/rounds/{world.round.slug}/panel/shortlist")
    assert response.status_code == 200
    page = _text(response)
    open_data = page.index("Open data Shortlisted, in order (2)")
    anti = page.index("Anti-corruption Shortlisted, in order (1)")
    foi = page.index("Freedom of information Shortlisted, in order (0)")
    assert open_data < page.index("1. Open contracts") < page.index("2. Open budgets") < anti < foi
    assert foi < page.index("Digital archives") and "Not shortlisted or undecided (1), by rank" in page
    # Scores, rank and evidence from the aggregation.
    budgets = page[page.index("2. Open budgets"):anti]
    assert "Rank 1 of 4" in budgets and "Overall score:" in budgets and "1 assessment" in budgets
    assert "2 supporters online" in budgets and "5 dots at workshops" in budgets
    assert "1 workshop in Wales" in budgets
    # Each decision form names the commitment; the reason already given is in it.
    html = response.get_data(as_text=True)
    archive = world.commitments["archive"]
    assert f'<label class="label" for="c{archive.id}-reason">Reason for the decision on C-{archive.id}</label>' in html
    assert "a matter for the National Archives.</textarea>" in html
    assert "Do not shortlist<span class=\"visually-hidden\"> “Digital archives”</span>" in html
    assert "Publish the manifesto" in page


def test_a_decision_needs_a_reason_shown_next_to_the_field(client, admin, round_):
    commitment = make_commitment(round_, actor=admin, title="Open budgets")
    client.login_as(admin)
    url = f"/rounds/{round_.slug}/panel/shortlist/{commitment.id}/decision"
    response = client.post_form(url, {f"c{commitment.id}-decision": "shortlist",
                                      f"c{commitment.id}-reason": "   "})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'id="c{commitment.id}-reason-error"' in html
    assert "Give the reason for this decision: it is published." in html
    assert f'href="#c{commitment.id}-reason"' in html  # the error summary links to the field
    assert response.get_data(as_text=True).count('aria-invalid="true"') == 1
    response = client.post_form(url, {f"c{commitment.id}-reason": "Good"})
    assert "Choose Shortlist or Do not shortlist." in _text(response)
    assert _fresh(commitment).shortlisted is None
    assert not _actions("commitment.decided")


def test_decisions_are_recorded_changed_and_audited(client, admin, round_):
    commitment = make_commitment(round_, actor=admin, title="Open budgets")
    client.login_as(admin)
    url = f"/rounds/{round_.slug}/panel/shortlist/{commitment.id}/decision"
    response = client.post_form(url, {f"c{commitment.id}-decision": "shortlist",
                                      f"c{commitment.id}-reason": " Wide support. "})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/panel/shortlist#commitment-{commitment.id}")
    saved = _fresh(commitment)
    assert (saved.shortlisted, saved.decision_reason, saved.position) == (True, "Wide support.", 1)
    client.post_form(url, {f"c{commitment.id}-decision": "reject",
                           f"c{commitment.id}-reason": "On reflection, out of scope."})
    saved = _fresh(commitment)
    assert (saved.shortlisted, saved.position) == (False, None)
    events = _actions("commitment.decided")
    assert [e.after["shortlisted"] for e in events] == [True, False]
    assert events[1].before == {"shortlisted": True, "reason": "Wide support."}
    assert events[1].actor_id == admin.id and events[1].target_id == commitment.id


def test_moving_up_and_down_within_a_theme(client, admin, round_):
    first, second, third = (make_commitment(round_, actor=admin, title=t)
                            for t in ("Alpha", "Bravo", "Charlie"))
    other_theme = make_commitment(round_, actor=admin, title="Delta", theme=round_.themes[1])
    client.login_as(admin)
    for commitment in (first, second, third, other_theme):
        client.post_form(f"/rounds/{round_.slug}/panel/shortlist/{commitment.id}/decision",
                         {f"c{commitment.id}-decision": "shortlist",
                          f"c{commitment.id}-reason": "Yes"})
    html = client.get(f"/rounds/{round_.slug}/panel/shortlist").get_data(as_text=True)
    assert 'Move up<span class="visually-hidden"> “Bravo”</span>' in html
    assert 'Move up<span class="visually-hidden"> “Alpha”</span>' not in html  # already first
    assert 'Move down<span class="visually-hidden"> “Charlie”</span>' not in html  # already last
    assert "“Delta”</span>" in html and 'Move up<span class="visually-hidden"> “Delta”' not in html

    move = f"/rounds/{round_.slug}/panel/shortlist/{third.id}/move"
    assert client.post_form(move, {"direction": "up"}).status_code == 302
    client.post_form(f"/rounds/{round_.slug}/panel/shortlist/{first.id}/move", {"direction": "down"})
    db.session.expire_all()
    order = db.session.scalars(select(Commitment.title).where(
        Commitment.theme_id == round_.themes[0].id).order_by(Commitment.position)).all()
    assert order == ["Charlie", "Alpha", "Bravo"]
    page = _text(client.get(f"/rounds/{round_.slug}/panel/shortlist"))
    assert page.index("1. Charlie") < page.index("2. Alpha") < page.index("3. Bravo")
    assert [e.target_id for e in _actions("commitment.moved")] == [third.id, first.id]
    # Nonsense directions and the unlisted are refused with a message, nothing moves.
    response = client.post_form(move, {"direction": "sideways"}, follow_redirects=True)
    assert "Choose whether to move the commitment up or down." in _text(response)
    assert len(_actions("commitment.moved")) == 2


def test_decisions_are_made_only_in_the_assessment_phase(client, admin):
    round_ = make_round(phase="open")
    commitment = make_commitment(round_, actor=admin, title="Open budgets")
    client.login_as(admin)
    response = client.get(f"/rounds/{round_.slug}/panel/shortlist")
    page = _text(response)
    assert "Shortlist decisions are made only in the assessment phase. This round is open for ideas." in page
    assert f'name="c{commitment.id}-reason"' not in response.get_data(as_text=True)
    response = client.post_form(f"/rounds/{round_.slug}/panel/shortlist/{commitment.id}/decision",
                                {f"c{commitment.id}-decision": "shortlist",
                                 f"c{commitment.id}-reason": "Yes"})
    assert response.status_code == 200
    assert "Shortlist decisions are made during the assessment phase." in _text(response)
    assert _fresh(commitment).shortlisted is None


def test_ideas_not_taken_forward_get_a_recorded_reason(client, admin, round_):
    in_commitment = make_idea(round_, title="Open budgets idea")
    make_commitment(round_, [in_commitment], actor=admin)
    left_out = make_idea(round_, title="Free parking for councillors")
    hidden = make_idea(round_, title="A hidden idea", status="hidden")
    client.login_as(admin)
    page = _text(client.get(f"/rounds/{round_.slug}/panel/shortlist"))
    section = page[page.index("Ideas not taken forward Published ideas"):]
    assert "Free parking for councillors" in section and "No reason recorded yet." in section
    assert "Open budgets idea" not in section and "A hidden idea" not in section

    url = f"/rounds/{round_.slug}/panel/shortlist/ideas/{left_out.id}/outcome"
    response = client.post_form(url, {f"i{left_out.id}-reason": ""})
    assert response.status_code == 200
    assert f'id="i{left_out.id}-reason-error"' in response.get_data(as_text=True)
    assert db.session.get(IdeaOutcome, left_out.id) is None
    response = client.post_form(url, {f"i{left_out.id}-reason": "Outside the scope."})
    assert response.status_code == 302
    assert db.session.get(IdeaOutcome, left_out.id).reason == "Outside the scope."
    event = _actions("idea.outcome_recorded")[-1]
    assert (event.target_id, event.after, event.actor_id) == (left_out.id, {"reason": "Outside the scope."}, admin.id)
    assert "Reason recorded." in _text(client.get(f"/rounds/{round_.slug}/panel/shortlist"))
    # Ideas in a commitment, hidden ideas and other rounds' ideas are not "not taken forward".
    for idea in (in_commitment, hidden, make_idea(make_round())):
        response = client.post_form(f"/rounds/{round_.slug}/panel/shortlist/ideas/{idea.id}/outcome",
                                    {f"i{idea.id}-reason": "No"})
        assert response.status_code == 404
    assert len(_actions("idea.outcome_recorded")) == 1


def test_the_board_pages_ideas_and_its_queries_do_not_grow(client, admin, round_):
    client.login_as(admin)
    counts = []
    for n_commitments, n_ideas in ((1, 2), (6, 40)):
        for _ in range(n_commitments):
            make_commitment(round_, [make_idea(round_), make_idea(round_)], actor=admin)
        for _ in range(n_ideas):
            make_idea(round_)
        with counting_statements() as statements:
            assert client.get(f"/rounds/{round_.slug}/panel/shortlist").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]
    page = _text(client.get(f"/rounds/{round_.slug}/panel/shortlist"))
    assert "42 ideas, page 1 of 2." in page
    page = _text(client.get(f"/rounds/{round_.slug}/panel/shortlist?page=2"))
    assert "42 ideas, page 2 of 2." in page


def test_publishing_is_refused_with_the_reasons_then_numbers_in_theme_order(client, admin, round_):
    open_data, anti_corruption, _foi = round_.themes
    # Created against theme order, so numbering by creation would be wrong.
    lobbying = make_commitment(round_, actor=admin, title="Lobbying register", theme=anti_corruption)
    contracts = make_commitment(round_, actor=admin, title="Open contracts", theme=open_data)
    budgets = make_commitment(round_, actor=admin, title="Open budgets", theme=open_data)
    client.login_as(admin)
    url = f"/rounds/{round_.slug}/panel/publish"

    def decide(commitment, choice, reason="A reason."):
        client.post_form(f"/rounds/{round_.slug}/panel/shortlist/{commitment.id}/decision",
                         {f"c{commitment.id}-decision": choice, f"c{commitment.id}-reason": reason})

    page = _text(client.get(url))
    assert "Still undecided (3)" in page and "Nothing is shortlisted yet." in page
    response = client.post_form(url)
    assert response.status_code == 200
    assert (f"Decide every commitment first: C-{lobbying.id}, C-{contracts.id}, C-{budgets.id} "
            "still undecided.") in _text(response)
    for commitment in (lobbying, contracts, budgets):
        decide(commitment, "reject")
    response = client.post_form(url)
    assert "Shortlist at least one commitment before publishing." in _text(response)
    assert db.session.get(Round, round_.id).phase == "assessment"

    for commitment in (lobbying, budgets, contracts):
        decide(commitment, "shortlist")
    page = _text(client.get(url))
    page = page[page.index("What will be published 3 commitments in 2 themes; 0 not shortlisted"):]
    assert page.index("Open data Open budgets") < page.index("Open contracts") < page.index(
        "Anti-corruption Lobbying register")
    response = client.post_form(url)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/rounds/{round_.slug}/manifesto")
    db.session.expire_all()
    assert db.session.get(Round, round_.id).phase == "published"
    numbers = {c.title: c.number for c in db.session.scalars(select(Commitment))}
    assert numbers == {"Open budgets": 1, "Open contracts": 2, "Lobbying register": 3}
    event = _actions("round.published")[-1]
    assert event.after == {"phase": "published", "commitments": 3} and event.actor_id == admin.id
    # Published: the shortlist is final, and the pages say so.
    page = _text(client.get(f"/rounds/{round_.slug}/panel/shortlist"))
    assert "the manifesto is published and the decisions below are final" in page
    assert "Only a round in its assessment phase can be published." in _text(client.get(url))
    response = client.post_form(url)
    assert "Shortlist decisions are made during the assessment phase." in _text(response)
