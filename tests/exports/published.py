"""A round taken all the way to a published manifesto through the real
services: ideas online and from workshops in two nations, supports, dots,
comments, a hidden and a merged idea, criteria, three commitments (two
shortlisted under two themes, one not), then published."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.moderation.merging import merge_ideas
from manifesto.moderation.services import hide_idea
from manifesto.panel import shortlist
from manifesto.panel.models import Commitment
from manifesto.rounds.models import Round
from manifesto.workshops import services as workshops
from tests.factories import (make_comment, make_commitment, make_criteria, make_idea, make_round,
                             make_support, make_user, make_workshop)


@dataclass
class Published:
    round: Round
    admin: object
    people: list  # every account made, for scanning files for their emails
    ideas: list[Idea]  # the published ideas, in id order
    hidden: Idea
    merged: Idea
    workshop_idea: Idea
    first: Commitment  # number 1
    second: Commitment  # number 2
    dropped: Commitment  # not shortlisted


def publish_round(round_: Round, admin) -> None:
    round_.phase = "assessment"
    db.session.commit()
    shortlist.publish(admin, round_)


def make_published_round(**round_options) -> Published:
    admin = make_user(roles=("admin",), display_name="Ada Admin")
    moderator = make_user(roles=("moderator",))
    facilitator = make_user(roles=("facilitator",))
    author = make_user(display_name="Alex Author", email="alex.author@example.org")
    supporters = [make_user() for _ in range(3)]
    for person, region in zip(supporters, ("Wales", "North West", None)):
        person.region = region
    db.session.commit()
    round_ = make_round(**round_options)
    open_data_theme, anti_corruption, _foi = round_.themes
    contracts = make_idea(round_, author, title="=HYPERLINK(\"http://evil\")",
                          proposal="+Publish every contract", problem="-Hidden contracts",
                          who_should_act="@Cabinet Office", themes=[open_data_theme, anti_corruption])
    budgets = make_idea(round_, author, title="Open budgets", themes=[open_data_theme],
                        scope="wales")
    lobbying = make_idea(round_, author, title="Lobbying register", themes=[anti_corruption])
    unused = make_idea(round_, author, title="Not taken forward", impact="\tTabbed impact")
    hidden = make_idea(round_, author, title="Hidden by moderators SECRET-HIDDEN")
    merged = make_idea(round_, author, title="Merged away SECRET-MERGED")
    cardiff = make_workshop(round_, owner=facilitator, town="Cardiff", nation="wales",
                            held_on=date(2027, 3, 14), attendees=40, title="Cardiff meeting")
    leeds = make_workshop(round_, owner=facilitator, town="Leeds", nation="england",
                          held_on=date(2027, 4, 2), attendees=25, title="Leeds meeting")
    workshop_idea = workshops.add_workshop_ideas(facilitator, cardiff, [
        {"title": "Beneficial ownership", "proposal": "Publish who owns companies."}]).created[0]
    for person in supporters:
        make_support(person, contracts)
    make_support(supporters[0], budgets)  # counted once for the commitment
    make_support(supporters[1], lobbying)
    workshops.set_tally(facilitator, cardiff, contracts, 9)
    workshops.set_tally(facilitator, leeds, contracts, 4)
    workshops.set_tally(facilitator, leeds, lobbying, 2)
    make_comment(contracts, supporters[0], body="@SUM(A1:A9) matters")
    make_comment(budgets, supporters[1])
    hide_idea(moderator, hidden, "spam")
    merge_ideas(moderator, merged, budgets)
    make_criteria(round_, admin)
    first = make_commitment(round_, [contracts, budgets, workshop_idea], actor=admin,
                            title="Open up public contracts", theme=open_data_theme,
                            we_call_for="- Publish contracts\n- =cmd|' /C calc'!A0\n- Publish data")
    second = make_commitment(round_, [lobbying], actor=admin, title="A statutory lobbying register",
                             theme=anti_corruption, lead_body="Cabinet Office",
                             current_situation="The register is partial.\n\nMost lobbying is unseen.")
    dropped = make_commitment(round_, [unused], actor=admin, title="Dropped commitment",
                              theme=anti_corruption)
    round_.phase = "assessment"
    db.session.commit()
    shortlist.decide(admin, first, True, "Strong support in both nations.")
    shortlist.decide(admin, second, True, "Feasible within a parliament.")
    shortlist.decide(admin, dropped, False, "Covered elsewhere.")
    shortlist.publish(admin, round_)
    for row in (first, second, dropped, hidden, merged):
        db.session.refresh(row)
    ideas = sorted((contracts, budgets, lobbying, unused, workshop_idea), key=lambda i: i.id)
    for idea in ideas:
        db.session.refresh(idea)
    people = [admin, moderator, facilitator, author, *supporters]
    return Published(round_, admin, people, ideas, hidden, merged, workshop_idea, first, second,
                     dropped)
