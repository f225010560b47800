"""Row generators for workshops and their dot-vote tallies (see rows.py).

Workshops are spread over the four nations and the round's open window;
each gives dots to a random set of ideas, in proportion to its attendance,
with every tally's first value in the history table as an upload would
leave it.
"""

from __future__ import annotations

import bisect
import random
import time
from typing import Iterator

from benchmarks.rows import DAY, ROUND_ID, Plan, stamp, workshop_day

NATION_WEIGHTS = {"england": 60, "scotland": 15, "wales": 15, "northern_ireland": 10}
TOWNS = {
    "england": ("Leeds", "Bristol", "Manchester", "Norwich", "Plymouth", "Newcastle",
                "Birmingham", "Brighton", "Sheffield", "York", "London", "Liverpool"),
    "scotland": ("Glasgow", "Edinburgh", "Aberdeen", "Dundee", "Inverness", "Stirling"),
    "wales": ("Cardiff", "Swansea", "Aberystwyth", "Bangor", "Wrexham", "Newport"),
    "northern_ireland": ("Belfast", "Derry", "Newry", "Omagh", "Enniskillen"),
}
GROUPS = ("Open Government Network", "Citizens Advice volunteers", "Tenants' network",
          "Council of voluntary service", "Students' union", "Local democracy forum")


def workshop_attendance(plan: Plan) -> list[int]:
    """Attendees per workshop (index = id - 1), drawn once so rows agree."""
    rng = random.Random(plan.scale.workshops * 7919 + 1)
    return [rng.randint(8, 80) for _ in range(plan.scale.workshops)]


def workshop_rows(plan: Plan) -> Iterator[tuple]:
    rng = plan.rng
    nations, weights = list(NATION_WEIGHTS), list(NATION_WEIGHTS.values())
    for index, attendees in enumerate(workshop_attendance(plan)):
        workshop_id = index + 1
        nation = rng.choices(nations, weights)[0]
        town = rng.choice(TOWNS[nation])
        held = workshop_day(plan, workshop_id)
        held_on = time.strftime("%Y-%m-%d", time.gmtime(held))
        owner = rng.randint(1, plan.scale.users)
        yield (workshop_id, ROUND_ID, f"{town} open government workshop {workshop_id}", held_on,
               "Community centre", town, nation, "", rng.choice(GROUPS),
               f"Facilitator {workshop_id}", attendees,
               "Ideas on cards, then three dots each.", owner, stamp(held + DAY), None)


def _tallies(plan: Plan) -> Iterator[tuple[int, int, int]]:
    """(workshop_id, idea_id, dots), unique per (workshop, idea) by construction.
    A workshop votes only on ideas already in when it met (ids are in date
    order), about in proportion to its attendance."""
    rng = random.Random(plan.scale.tallies * 31 + 7)
    attendance = workshop_attendance(plan)
    available = [bisect.bisect_left(plan.idea_times, workshop_day(plan, w + 1))
                 for w in range(len(attendance))]
    share = plan.scale.tallies / sum(attendance)
    counts = [min(available[i], round(a * share)) for i, a in enumerate(attendance)]
    while sum(counts) > plan.scale.tallies:  # rounding: take the excess back
        i = rng.randrange(len(counts))
        if counts[i] > 0:
            counts[i] -= 1
    open_slots = [i for i in range(len(counts)) if counts[i] < available[i]]
    while sum(counts) < plan.scale.tallies and open_slots:  # hand the rest to later ones
        i = rng.choice(open_slots)
        counts[i] += 1
        if counts[i] == available[i]:
            open_slots.remove(i)
    for index, k in enumerate(counts):
        cap = attendance[index] * 3
        for idea_id in sorted(rng.sample(range(1, available[index] + 1), k)):
            yield index + 1, idea_id, min(cap, max(1, int(rng.paretovariate(1.2) * 2)))


def tally_rows(plan: Plan) -> Iterator[tuple]:
    for workshop_id, idea_id, dots in _tallies(plan):
        yield (workshop_id, idea_id, dots, stamp(workshop_day(plan, workshop_id) + DAY))


def tally_change_rows(plan: Plan) -> Iterator[tuple]:
    for change_id, (workshop_id, idea_id, dots) in enumerate(_tallies(plan), start=1):
        yield (change_id, workshop_id, idea_id, None, dots, None,
               stamp(workshop_day(plan, workshop_id) + DAY), "import", "")
