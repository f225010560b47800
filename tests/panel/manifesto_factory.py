"""A round with commitments, scores, decisions and (optionally) a published
manifesto, built through the real services, for the shortlist and public
page tests."""

from __future__ import annotations

from dataclasses import dataclass, field

from manifesto.accounts.models import User
from manifesto.ideas.models import Idea
from manifesto.panel import assessment, shortlist
from manifesto.panel.models import Commitment
from manifesto.rounds.models import Round
from manifesto.workshops import services as workshops
from tests.factories import (make_commitment, make_criteria, make_idea, make_round, make_support,
                             make_user, make_workshop)


@dataclass
class Manifesto:
    round: Round
    admin: User
    panellist: User
    commitments: dict[str, Commitment]
    ideas: dict[str, Idea]
    extra: dict = field(default_factory=dict)


def score(panellist: User, commitment: Commitment, value: int) -> None:
    from manifesto.panel.services import criteria_of

    values = {c.id: (value, "") for c in criteria_of(commitment.round) if not c.is_computed}
    assessment.save_assessment(panellist, commitment, values, submit=True, expected_version=None)


def build(publish: bool = True) -> Manifesto:
    """Themes "Open data" (0), "Anti-corruption" (1), "Freedom of information" (2).

    * budgets (Open data): from two ideas, 2 distinct supporters, 5 dots at a
      Cardiff workshop; shortlisted second in its theme.
    * contracts (Open data): shortlisted first.
    * lobbying (Anti-corruption): shortlisted.
    * archive (Freedom of information): not shortlisted.
    * idea "left out": in no commitment, with a recorded reason.
    """
    admin = make_user(display_name="Ada Admin", roles=("admin",))
    panellist = make_user(display_name="Pat Panellist", roles=("panellist",))
    round_ = make_round(phase="assessment", title="Open government manifesto 2027")
    round_.introduction = "What the next government should commit to."
    make_criteria(round_, admin)
    open_data, anti_corruption, foi = round_.themes
    author = make_user(display_name="Asha Author")
    budget_a = make_idea(round_, author, title="Publish budgets monthly", themes=[open_data])
    budget_b = make_idea(round_, author, title="Plain-language budgets", themes=[open_data])
    contracts_idea = make_idea(round_, author, title="Open every contract", themes=[open_data])
    lobbying_idea = make_idea(round_, author, title="Register all lobbying", themes=[anti_corruption])
    archive_idea = make_idea(round_, author, title="Digitise the archives", themes=[foi])
    left_out = make_idea(round_, author, title="Free parking for councillors", themes=[foi])
    both, one = make_user(), make_user()
    make_support(both, budget_a), make_support(both, budget_b), make_support(one, budget_a)
    facilitator = make_user(roles=("facilitator",))
    cardiff = make_workshop(round_, owner=facilitator)
    workshops.set_tally(facilitator, cardiff, budget_b, 5)

    budgets = make_commitment(
        round_, [budget_a, budget_b], actor=admin, title="Open budgets", theme=open_data,
        commit_to="Publish every department's spending each month.",
        current_situation="Spending is published a year late, if at all.",
        we_call_for="- Monthly spending data\n- A citizens' budget", lead_body="HM Treasury")
    contracts = make_commitment(round_, [contracts_idea], actor=admin, title="Open contracts",
                                theme=open_data)
    lobbying = make_commitment(round_, [lobbying_idea], actor=admin, title="Lobbying register",
                               theme=anti_corruption)
    archive = make_commitment(round_, [archive_idea], actor=admin, title="Digital archives",
                              theme=foi)
    for commitment, value in ((budgets, 5), (contracts, 4), (lobbying, 3), (archive, 1)):
        score(panellist, commitment, value)
    shortlist.decide(admin, contracts, True, "Strong support and feasible within a parliament.")
    shortlist.decide(admin, budgets, True, "Highest public support of all.")
    shortlist.decide(admin, lobbying, True, "Closes a gap the last scandal showed.")
    shortlist.decide(admin, archive, False, "Worthwhile, but a matter for the National Archives.")
    shortlist.record_idea_outcome(admin, left_out, "Outside the scope of open government.")
    if publish:
        shortlist.publish(admin, round_)
    return Manifesto(round_, admin, panellist,
                     {"budgets": budgets, "contracts": contracts, "lobbying": lobbying,
                      "archive": archive},
                     {"budget_a": budget_a, "budget_b": budget_b, "contracts": contracts_idea,
                      "lobbying": lobbying_idea, "archive": archive_idea, "left_out": left_out})
