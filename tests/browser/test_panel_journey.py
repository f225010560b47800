"""The expert panel's whole journey in a real browser, through the real pages
only: three panellists score five commitments (blind to each other until
they submit, one of them first forgetting a criterion), the administrator
reads the ranked results, shortlists three with reasons and declines two,
reorders the shortlist and publishes; a visitor then reads the numbered
manifesto and learns from an idea's page why its commitment was declined.
axe checks every page on the way (the public ones at phone width too)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from manifesto.accounts.models import User
from manifesto.audit import AuditEvent
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.panel.models import Assessment, Commitment, Criterion
from manifesto.rounds.models import Round
from tests.browser.helpers import DESKTOP, check_page, fresh, sign_in
from tests.factories import (make_commitment, make_criteria, make_idea, make_round, make_support,
                             make_user)

pytestmark = pytest.mark.browser

PASSWORD = "panel journey passphrase 2027"
IMPACT = "Potential impact and ambition"
VALUES = "Relevance to open-government values"
FEASIBILITY = "Feasibility"
SCORED = (IMPACT, VALUES, FEASIBILITY)  # weights 3, 2, 2; "Public support" (weight 1) is computed

TITLES = {
    "contracts": "Open up public contracts",
    "spending": "Publish spending within a month",
    "addresses": "Free the address register",
    "lobbying": "Register every lobbyist",
    "ownership": "Name the owners of shell companies",
}
COMMIT_TO = {key: f"Commit to: {title.lower()}, in full and on time." for key, title in TITLES.items()}

# (impact, values, feasibility) from each panellist, in sign-in order. All
# criteria are 1–5, so each value counts (mean − 1) ÷ 4 of its weight.
SCORES = {
    "lobbying": ((5, 5, 4), (5, 4, 4), (4, 5, 5)),
    "spending": ((4, 4, 4), (4, 4, 5), (4, 3, 4)),
    "contracts": ((3, 3, 3), (3, 4, 3), (3, 3, 4)),
    "ownership": ((2, 2, 2), (2, 3, 2), (2, 2, 2)),
    "addresses": ((1, 1, 2), (1, 2, 1), (2, 1, 1)),
}
# Public support (weight 1): contracts has 2 distinct supporters (the most,
# so 5 → 1), lobbying 1 (1 + ½ × 4 = 3 → ½), the others none (1 → 0).
# Overall = (3·impact + 2·values + 2·feasibility + 1·support) ÷ 8:
#   lobbying  (3·11/12 + 2·11/12 + 2·10/12 + ½) ÷ 8 = 81/96 = 84.375 %
#   spending  (3·3/4 + 2·8/12 + 2·10/12 + 0) ÷ 8 = 63/96 = 65.625 %
#   contracts (3·1/2 + 2·7/12 + 2·7/12 + 1) ÷ 8 = 58/96 ≈ 60.417 %
#   ownership (3·1/4 + 2·4/12 + 2·1/4 + 0) ÷ 8 = 23/96 ≈ 23.958 %
#   addresses (3·1/12 + 2·1/12 + 2·1/12 + 0) ÷ 8 = 7/96 ≈ 7.292 %
RANKED = [("lobbying", "84.38"), ("spending", "65.63"), ("contracts", "60.42"),
          ("ownership", "23.96"), ("addresses", "7.29")]

SHORTLIST_REASONS = {
    "contracts": "Well supported online and deliverable within a parliament.",
    "spending": "Scored high on impact; the data already exists.",
    "lobbying": "The panel's top score: closes the gap the last scandal showed.",
}
DECLINE_REASONS = {
    "addresses": "Lowest score: the panel doubts it is feasible this parliament.",
    "ownership": "Already promised by every party, so not needed in the manifesto.",
}


@dataclass
class Panel:
    round: Round
    admin: User
    panellists: list[User]
    commitments: dict[str, Commitment]
    ideas: dict[str, Idea]

    def cid(self, key: str) -> int:
        return self.commitments[key].id


@pytest.fixture
def panel() -> Panel:
    admin = make_user(email="ada@example.org", display_name="Ada Administrator", password=PASSWORD,
                      roles=("admin",))
    panellists = [make_user(email=f"{name.lower()}@example.org", display_name=f"{name} Panellist",
                            password=PASSWORD, roles=("panellist",))
                  for name in ("Pia", "Quinn", "Rhys")]
    round_ = make_round(slug="panel-round", phase="assessment",
                        title="Open government manifesto 2027")
    make_criteria(round_, admin)
    open_data, anti_corruption = round_.themes[0], round_.themes[1]
    author = make_user(display_name="Asha Author")
    theme_of = {"contracts": open_data, "spending": open_data, "addresses": open_data,
                "lobbying": anti_corruption, "ownership": anti_corruption}
    ideas = {key: make_idea(round_, author, title=f"Idea: {TITLES[key].lower()}",
                            themes=[theme_of[key]]) for key in TITLES}
    ideas["contracts too"] = make_idea(round_, author, title="Idea: contract registers for councils",
                                       themes=[open_data])
    both, one, lobby = make_user(), make_user(), make_user()
    make_support(both, ideas["contracts"])
    make_support(both, ideas["contracts too"])  # the same person: counted once
    make_support(one, ideas["contracts"])
    make_support(lobby, ideas["lobbying"])
    commitments = {}
    for key, title in TITLES.items():
        sources = [ideas[key], ideas["contracts too"]] if key == "contracts" else [ideas[key]]
        commitments[key] = make_commitment(round_, sources, actor=admin, title=title,
                                           theme=theme_of[key], commit_to=COMMIT_TO[key])
    return Panel(round_, admin, panellists, commitments, ideas)


def radio_label(value: int) -> str:
    return {1: "1 (lowest)", 5: "5 (highest)"}.get(value, str(value))


def choose(page: Page, criterion: str, value: int) -> None:
    page.get_by_role("group", name=criterion, exact=True).get_by_label(
        radio_label(value), exact=True).check()


def open_scoring_page(page: Page, panel: Panel, key: str) -> None:
    page.get_by_role("link", name=f"C-{panel.cid(key)}: {TITLES[key]}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLES[key])


def submit_scores(page: Page, key: str, values: tuple[int, int, int], note: str) -> None:
    for criterion, value in zip(SCORED, values, strict=True):
        choose(page, criterion, value)
    page.get_by_label(f"Note on “{IMPACT}” (optional)").fill(note)
    page.get_by_role("button", name="Submit scores").click()
    expect(page.get_by_text("Your scores were submitted.")).to_be_visible()


def note_of(panellist: User, key: str) -> str:
    return f"{panellist.display_name.split()[0]} on {TITLES[key].lower()}."


def first_tries_with_a_criterion_missing(page: Page, panel: Panel, key: str) -> None:
    check_page(page, (DESKTOP,))  # the empty scoring page
    choose(page, IMPACT, SCORES[key][0][0])
    choose(page, VALUES, SCORES[key][0][1])
    page.get_by_role("button", name="Submit scores").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(f"Score “{FEASIBILITY}” before submitting.")
    feasibility = page.locator(".field--error")
    expect(feasibility).to_have_count(1)
    expect(feasibility.locator(".field-error")).to_have_text(
        f"Error: Score “{FEASIBILITY}” before submitting.")
    expect(feasibility.get_by_role("group", name=FEASIBILITY)).to_be_visible()
    # What was chosen is kept.
    expect(page.get_by_role("group", name=IMPACT).get_by_label(
        radio_label(SCORES[key][0][0]), exact=True)).to_be_checked()
    check_page(page, (DESKTOP,))


def panellist_scores_everything(page: Page, panel: Panel, number: int) -> None:
    me = panel.panellists[number]
    sign_in(page, me.email, PASSWORD)
    page.goto(f"/rounds/{panel.round.slug}/panel/assess")
    expect(page.get_by_text("0 of 5 scored")).to_be_visible()
    expect(page.locator(".assess-queue__item")).to_have_count(5)
    if number == 0:
        check_page(page, (DESKTOP,))
    for key in TITLES:
        open_scoring_page(page, panel, key)
        others = page.locator("section[aria-labelledby=others-title]")
        if number == 0 and key == "contracts":
            first_tries_with_a_criterion_missing(page, panel, key)
        if number == 1 and key == "contracts":
            # Blind: Pia has submitted, but Quinn sees nothing of it yet.
            expect(others).to_contain_text("appear here once you submit your own scores")
            expect(page.get_by_text("Pia Panellist")).to_have_count(0)
            expect(page.get_by_text(note_of(panel.panellists[0], key))).to_have_count(0)
        submit_scores(page, key, SCORES[key][number], note_of(me, key))
        if number == 1 and key == "contracts":
            pia = others.locator("li", has=page.get_by_role("heading", name="Pia Panellist"))
            expect(pia).to_be_visible()
            expect(pia).to_contain_text(note_of(panel.panellists[0], key))
            expect(pia.locator("dd").first).to_contain_text(f"{SCORES[key][0][0]} out of")
            expect(others.locator("caption")).to_have_text("Combined result from 2 submitted assessments")
            check_page(page, (DESKTOP,))  # after submitting, with others' scores
        page.get_by_role("link", name="Back to the assessment queue").last.click()
    expect(page.get_by_text("5 of 5 scored")).to_be_visible()


def admin_reads_the_results(page: Page, panel: Panel) -> None:
    page.goto(f"/rounds/{panel.round.slug}/panel/results")
    rows = page.locator(".results-table tbody tr")
    expect(rows.locator("th[scope=row]")).to_have_text(
        [f"C-{panel.cid(key)}: {TITLES[key]}" for key, _ in RANKED])
    expect(rows.locator("td:first-child")).to_have_text([str(n) for n in range(1, 6)])
    expect(rows.locator("td.results-overall")).to_have_text([overall for _, overall in RANKED])
    check_page(page, (DESKTOP,))


def decide(page: Page, panel: Panel, key: str, shortlist: bool, reason: str) -> None:
    page.get_by_label(f"Reason for the decision on C-{panel.cid(key)}").fill(reason)
    button = "Shortlist" if shortlist else "Do not shortlist"
    page.get_by_role("button", name=f"{button} “{TITLES[key]}”", exact=True).click()
    verdict = "shortlisted" if shortlist else "not shortlisted"
    expect(page.get_by_text(f"C-{panel.cid(key)} “{TITLES[key]}” {verdict}.")).to_be_visible()


def admin_shortlists_and_publishes(page: Page, panel: Panel) -> None:
    page.goto(f"/rounds/{panel.round.slug}/panel/shortlist")
    expect(page.get_by_role("heading", name="Shortlist", exact=True)).to_be_visible()
    check_page(page, (DESKTOP,))

    contracts = panel.cid("contracts")
    page.get_by_role("button", name=f"Shortlist “{TITLES['contracts']}”", exact=True).click()
    expect(page.locator("[data-error-summary]")).to_contain_text("Give the reason for this decision")
    expect(page.locator(f"#c{contracts}-reason-error")).to_contain_text("Give the reason")
    check_page(page, (DESKTOP,))

    for key in ("contracts", "spending", "lobbying"):
        decide(page, panel, key, True, SHORTLIST_REASONS[key])
    for key, reason in DECLINE_REASONS.items():
        decide(page, panel, key, False, reason)
    open_data = page.locator("section.shortlist-theme", has=page.get_by_role("heading", name="Open data"))
    expect(open_data.locator("ol .shortlist-item__title")).to_have_count(2)
    expect(open_data.locator("ol .shortlist-item__title")).to_contain_text(
        [TITLES["contracts"], TITLES["spending"]])
    page.get_by_role("button", name=f"Move up “{TITLES['spending']}”").click()
    expect(page.get_by_text(f"“{TITLES['spending']}” moved up.")).to_be_visible()
    expect(open_data.locator("ol .shortlist-item__title")).to_contain_text(
        [TITLES["spending"], TITLES["contracts"]])

    page.get_by_role("link", name="Publish the manifesto").click()
    expect(page.get_by_role("heading", name="What will be published")).to_be_visible()
    expect(page.locator("ol.publish-plan li")).to_have_count(3)
    expect(page.locator("ol.publish-plan li")).to_contain_text(
        [TITLES["spending"], TITLES["contracts"], TITLES["lobbying"]])
    check_page(page, (DESKTOP,))
    page.get_by_role("button", name="Publish the manifesto").click()
    expect(page.get_by_text("The manifesto is published with 3 commitments.")).to_be_visible()


def visitor_reads_the_manifesto(page: Page, panel: Panel) -> None:
    expected = [("Open data", "spending"), ("Open data", "contracts"), ("Anti-corruption", "lobbying")]
    page.goto(f"/rounds/{panel.round.slug}/manifesto")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    expect(page.locator("section.manifesto-theme > h2")).to_have_text(["Open data", "Anti-corruption"])
    articles = page.locator("section.manifesto-theme article.commitment")
    expect(articles.locator("h3")).to_have_text(
        [f"{n} {TITLES[key]}" for n, (_, key) in enumerate(expected, start=1)])
    expect(articles.locator(".commitment__commit-to")).to_have_text(
        [COMMIT_TO[key] for _, key in expected])
    for n, (theme, key) in enumerate(expected, start=1):
        section = page.locator("section.manifesto-theme", has=page.get_by_role("heading", name=theme, exact=True))
        expect(section.locator(f"#commitment-{panel.cid(key)} .commitment__number")).to_have_text(str(n))
    for key in DECLINE_REASONS:
        expect(page.get_by_text(TITLES[key])).to_have_count(0)
    check_page(page)

    page.get_by_role("link", name=TITLES["contracts"], exact=True).first.click()
    expect(page.get_by_text("Commitment 2 · Open data")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLES["contracts"])
    expect(page.get_by_text(SHORTLIST_REASONS["contracts"])).to_be_visible()
    expect(page.get_by_text("2 supporters online")).to_be_visible()  # one person, two ideas: once
    check_page(page)

    page.get_by_role("link", name="How we decided").first.click()
    expect(page.get_by_role("heading", name="Shortlisted (3)")).to_be_visible()
    expect(page.get_by_role("heading", name="Not shortlisted (2)")).to_be_visible()
    expect(page.get_by_text(DECLINE_REASONS["addresses"])).to_be_visible()
    check_page(page)

    page.goto(f"/ideas/{panel.ideas['addresses'].id}")
    outcome = page.locator("section.idea-outcome")
    expect(outcome).to_contain_text(
        f"This idea became part of the commitment “{TITLES['addresses']}”, which was not "
        "shortlisted for the manifesto.")
    expect(outcome).to_contain_text(DECLINE_REASONS["addresses"])
    check_page(page)

    page.goto(f"/ideas/{panel.ideas['spending'].id}")
    expect(page.locator("section.idea-outcome")).to_contain_text(
        f"This idea is part of commitment 1, “{TITLES['spending']}”, in the published manifesto.")


def assert_database(panel: Panel) -> None:
    fresh()
    assert db.session.get(Round, panel.round.id).phase == "published"
    assert db.session.scalar(select(func.count()).select_from(Assessment)
                             .where(Assessment.submitted_at.is_not(None))) == 15
    numbered = db.session.execute(
        select(Commitment.title, Commitment.number).where(Commitment.round_id == panel.round.id)
        .order_by(Commitment.id)).all()
    assert dict(numbered) == {TITLES["contracts"]: 2, TITLES["spending"]: 1,
                              TITLES["addresses"]: None, TITLES["lobbying"]: 3,
                              TITLES["ownership"]: None}
    scored = db.session.scalar(select(func.count()).select_from(Criterion).where(
        Criterion.round_id == panel.round.id, Criterion.computed_from.is_(None)))
    assert scored == len(SCORED)
    actions = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.actor_id == panel.admin.id, AuditEvent.action.like("commitment.%"))).all()
    assert actions.count("commitment.moved") == 1


def test_panel_scores_shortlists_and_publishes(panel: Panel, new_page):
    for number in range(3):
        panellist_scores_everything(new_page(), panel, number)
    admin = new_page()
    sign_in(admin, panel.admin.email, PASSWORD)
    admin_reads_the_results(admin, panel)
    admin_shortlists_and_publishes(admin, panel)
    visitor_reads_the_manifesto(new_page(), panel)
    assert_database(panel)
