"""A round taken all the way to a published manifesto, through the real
services, for the commitment endpoints and the schemathesis run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.panel import shortlist
from manifesto.panel.models import Commitment
from manifesto.rounds.models import Round
from manifesto.workshops import services as workshop_services
from tests.factories import (make_comment, make_commitment, make_idea, make_round, make_support,
                             make_user, make_workshop)


@dataclass
class Published:
    round: Round
    first: Commitment  # No. 1, theme 0, from ``idea`` and ``other_idea`` (+ a hidden one)
    second: Commitment  # No. 2, theme 1
    third: Commitment  # No. 3, theme 1
    rejected: Commitment  # not shortlisted: never public
    idea: Idea
    other_idea: Idea
    hidden_idea: Idea
    loose_idea: Idea  # in no commitment
    workshop: object
    draft: Commitment  # a draft of another round, still in assessment
    party: object = None  # responded to ``first`` (with_parties=True)
    response: object = None
    progress: object = None  # an update on ``first``


def make_published(slug: str = "uk-2026", extra: int = 0,
                   with_parties: bool = False) -> Published:
    """``extra`` more shortlisted commitments under the third theme, numbered
    4…; ``with_parties``: a party's response and a progress update on No. 1."""
    admin = make_user(display_name="Ada Admin", roles=("admin",))
    round_ = make_round(slug=slug, phase="assessment", title="UK manifesto 2026")
    open_data, anti_corruption = round_.themes[0], round_.themes[1]
    author = make_user(display_name="Alex Author")
    idea = make_idea(round_, author, title="Open contracts", themes=[open_data])
    other_idea = make_idea(round_, None, title="Contract registers", source="workshop")
    hidden_idea = make_idea(round_, author, title="=HYPERLINK(\"http://evil\")")
    loose_idea = make_idea(round_, author, title="Not taken forward")
    supporters = [make_user() for _ in range(3)]
    for person in supporters:
        make_support(person, idea)
    make_support(supporters[0], other_idea)  # counted once for the commitment
    make_comment(idea, author, body="Yes please.")
    facilitator = make_user(roles=("facilitator",))
    workshop = make_workshop(round_, facilitator, town="Cardiff", nation="wales",
                             held_on=date(2027, 3, 14))
    workshop_services.set_tally(facilitator, workshop, idea, 5)

    first = make_commitment(round_, [idea, other_idea, hidden_idea], actor=admin,
                            title="Open up public contracts", theme=open_data)
    second = make_commitment(round_, actor=admin, title="A register of lobbyists",
                             theme=anti_corruption)
    third = make_commitment(round_, actor=admin, title="Publish ministers' diaries",
                            theme=anti_corruption)
    rejected = make_commitment(round_, actor=admin, title="Rejected idea", theme=open_data)
    more = [make_commitment(round_, actor=admin, theme=round_.themes[2]) for _ in range(extra)]
    hidden_idea.status = "hidden"
    db.session.commit()
    for commitment in (first, second, third, *more):
        shortlist.decide(admin, commitment, True, "Strong support.")
    shortlist.decide(admin, rejected, False, "Covered elsewhere.")
    shortlist.publish(admin, round_)

    other_round = make_round(phase="assessment")
    draft = make_commitment(other_round, actor=admin, title="Still a draft")
    shortlist.decide(admin, draft, True, "Looks good.")
    world = Published(round_, first, second, third, rejected, idea, other_idea, hidden_idea,
                      loose_idea, workshop, draft)
    if with_parties:
        from manifesto.parties.progress import add_progress
        from tests.parties.factory import make_party, make_response

        world.party = make_party("Green Party", "Green", actor=admin)
        world.response = make_response(world.party, first, quote="=SUM(A1) we agree",
                                       actor=admin)
        world.progress = add_progress(admin, first, status="in_progress",
                                      note="Consultation opened.",
                                      source_url="https://example.org/consultation",
                                      happened_on=date(2026, 6, 1))
    return world
