"""Row generators for the benchmark tables, streamed as plain tuples.

Ids are assigned here (1..n) so related rows can refer to each other without
reading anything back. Times are written as naive-UTC text in the format
SQLAlchemy's SQLite dialect uses, which PostgreSQL's COPY also accepts.
"""

from __future__ import annotations

import math
import random
import secrets
import time
from dataclasses import dataclass
from typing import Iterator

from benchmarks.corpus import THEMES, Corpus
from benchmarks.scale import LONG_THREAD, ROUND_SLUG, Scale

DAY = 86_400.0
ROUND_ID = 1
SCOPE_WEIGHTS = {"uk": 45, "england": 20, "scotland": 10, "wales": 10, "northern_ireland": 5,
                 "local": 10}
SOURCE_WEIGHTS = {"online": 80, "workshop": 15, "import": 5}
STATUS_WEIGHTS = {"published": 96, "hidden": 1.5, "withdrawn": 1.5, "merged": 1}
REPLY_SHARE = 0.3
#: Top-level comments typed in from a workshop (no author, credited to it).
WORKSHOP_COMMENT_SHARE = 0.03


def stamp(epoch: float) -> str:
    whole = int(epoch)
    micro = int((epoch - whole) * 1_000_000)
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(whole)) + f".{micro:06d}"


def long_tail(total: int, n: int, exponent: float, cap: int, rng: random.Random) -> list[int]:
    """``n`` counts summing to ``total``, Zipf-like (largest first), none above ``cap``."""
    weights = [(rank + 1) ** -exponent for rank in range(n)]
    factor = total / sum(weights)
    for _ in range(20):  # capping loses mass: scale the rest up until it fits
        counts = [min(cap, int(w * factor)) for w in weights]
        if sum(counts) >= total * 0.999:
            break
        factor *= total / max(1, sum(counts))
    excess = sum(counts) - total
    while excess > 0:  # rounding overshoot: take it back from random ideas
        i = rng.randrange(n)
        if counts[i] > 1:
            counts[i] -= 1
            excess -= 1
    while excess < 0:  # rounding shortfall: hand it to random ideas below the cap
        i = rng.randrange(n)
        if counts[i] < cap:
            counts[i] += 1
            excess += 1
    return counts


@dataclass
class Plan:
    """Everything decided before rows are written: times, statuses, counts."""

    scale: Scale
    now: float
    opens: float
    idea_times: list[float]
    statuses: list[str]
    support_counts: list[int]
    comment_counts: list[int]
    long_thread_idea: int  # index into the idea lists (id - 1)
    rng: random.Random

    @classmethod
    def make(cls, scale: Scale, seed: int, now: float | None = None) -> "Plan":
        rng = random.Random(seed)
        now = now if now is not None else time.time()
        opens = now - 200 * DAY
        n = scale.ideas
        idea_times = sorted(rng.uniform(opens, now - DAY) for _ in range(n))
        statuses = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()), k=n)
        # Popularity is a random permutation: old ideas are not always the top ones.
        support_rank = list(range(n))
        rng.shuffle(support_rank)
        by_rank = long_tail(scale.supports, n, 0.8, min(scale.users // 4, 25_000), rng)
        support_counts = [by_rank[support_rank[i]] for i in range(n)]
        # Discussion follows popularity loosely.
        jittered = sorted(range(n), key=lambda i: support_rank[i] * rng.uniform(0.3, 3.0))
        comment_by_rank = long_tail(scale.comments, n, 0.8, max(LONG_THREAD * 5, 1), rng)
        comment_counts = [0] * n
        for rank, i in enumerate(jittered):
            comment_counts[i] = comment_by_rank[rank]
        long_thread = _fix_long_thread(comment_counts, statuses, rng)
        statuses[support_rank.index(0)] = "published"  # the most supported idea is visible
        return cls(scale, now, opens, idea_times, statuses, support_counts, comment_counts,
                   long_thread, rng)


def _fix_long_thread(counts: list[int], statuses: list[str], rng: random.Random) -> int:
    """Give one published idea exactly LONG_THREAD comments, keeping the total."""
    target = min(range(len(counts)), key=lambda i: abs(counts[i] - LONG_THREAD))
    statuses[target] = "published"
    delta = counts[target] - LONG_THREAD
    counts[target] = LONG_THREAD
    while delta != 0:  # hand the difference to (or take it from) other ideas
        i = rng.randrange(len(counts))
        if i == target or (delta < 0 and counts[i] == 0):
            continue
        step = 1 if delta > 0 else -1
        counts[i] += step
        delta -= step
    return target


def workshop_day(plan: Plan, workshop_id: int) -> float:
    """When a workshop met: spread evenly over the open window."""
    span = plan.now - plan.opens - 2 * DAY
    return plan.opens + span * workshop_id / (plan.scale.workshops + 1)


def workshops_held_before(plan: Plan, at: float) -> int:
    """How many workshops had met by ``at`` (workshop ids are in date order)."""
    span = plan.now - plan.opens - 2 * DAY
    return max(0, min(plan.scale.workshops,
                      math.ceil((at - plan.opens) * (plan.scale.workshops + 1) / span) - 1))


def round_rows(plan: Plan) -> Iterator[tuple]:
    yield (ROUND_ID, ROUND_SLUG, "National open government manifesto",
           "Ideas from across the UK for the next government's open government commitments.",
           stamp(plan.opens), stamp(plan.now + 365 * DAY), "open", None,
           stamp(plan.opens - 30 * DAY))


def theme_rows(plan: Plan) -> Iterator[tuple]:
    for position, (name, description) in enumerate(THEMES[: plan.scale.themes], start=1):
        yield (position, ROUND_ID, name, description, position)


def user_rows(plan: Plan, corpus: Corpus, password_hash: str) -> Iterator[tuple]:
    rng = plan.rng
    for user_id in range(1, plan.scale.users + 1):
        name, organisation, region = corpus.person()
        created = rng.uniform(plan.opens - 30 * DAY, plan.now - DAY)
        consent = stamp(created) if rng.random() < 0.3 else None
        yield (user_id, f"user{user_id}@bench.example.org", name, password_hash, organisation,
               region, secrets.token_urlsafe(24), consent, "v1" if consent else None,
               stamp(created), stamp(rng.uniform(created, plan.now)))


def idea_rows(plan: Plan, corpus: Corpus) -> Iterator[tuple]:
    rng = plan.rng
    scopes, scope_weights = list(SCOPE_WEIGHTS), list(SCOPE_WEIGHTS.values())
    sources, source_weights = list(SOURCE_WEIGHTS), list(SOURCE_WEIGHTS.values())
    for index, created in enumerate(plan.idea_times):
        idea_id = index + 1
        source = rng.choices(sources, source_weights)[0]
        author = rng.randint(1, plan.scale.users) if source == "online" else None
        status = plan.statuses[index]
        merged_into = rng.randint(1, idea_id - 1) if status == "merged" and idea_id > 1 else None
        if status == "merged" and merged_into is None:
            status = "published"
        updated = stamp(rng.uniform(created, plan.now)) if rng.random() < 0.1 else None
        # Workshop ideas are credited to a workshop that had met by then.
        workshop = (rng.randint(1, max(1, workshops_held_before(plan, created)))
                    if source == "workshop" else None)
        yield (idea_id, ROUND_ID, corpus.title(), corpus.problem(), corpus.proposal(),
               corpus.impact(), corpus.who_should_act(), rng.choices(scopes, scope_weights)[0],
               source, author, workshop, status, merged_into, 0, 0, 0, stamp(created), updated)


def idea_theme_rows(plan: Plan) -> Iterator[tuple]:
    rng = plan.rng
    theme_ids = range(1, plan.scale.themes + 1)
    for idea_id in range(1, plan.scale.ideas + 1):
        for theme_id in sorted(rng.sample(theme_ids, rng.choice((1, 1, 2, 2, 3)))):
            yield (idea_id, theme_id)


def comment_rows(plan: Plan, corpus: Corpus) -> Iterator[tuple]:
    """Per idea: time-ordered comments, about a third replies to earlier top-level ones."""
    rng = plan.rng
    users = plan.scale.users
    comment_id = 0
    for index, count in enumerate(plan.comment_counts):
        start = plan.idea_times[index]
        times = sorted(rng.uniform(start, plan.now) for _ in range(count))
        top_level: list[int] = []
        moderated = index != plan.long_thread_idea  # the measured thread stays whole
        for at in times:
            comment_id += 1
            parent = rng.choice(top_level) if top_level and rng.random() < REPLY_SHARE else None
            if parent is None:
                top_level.append(comment_id)
            roll = rng.random() if moderated else 1.0
            deleted = stamp(rng.uniform(at, plan.now)) if roll < 0.005 else None
            hidden = 0.005 <= roll < 0.01
            edited = stamp(rng.uniform(at, plan.now)) if 0.01 <= roll < 0.04 else None
            author = None if roll > 0.98 and moderated else rng.randint(1, users)
            workshop = None
            held = workshops_held_before(plan, at)
            if parent is None and author is not None and held and moderated \
                    and rng.random() < WORKSHOP_COMMENT_SHARE:
                author, workshop = None, rng.randint(1, held)
            yield (comment_id, index + 1, author, parent, "" if deleted else corpus.comment(),
                   hidden, stamp(at), edited, deleted, workshop)


def support_rows(plan: Plan) -> Iterator[tuple]:
    """Distinct supporters per idea, so (user, idea) is unique by construction."""
    rng = plan.rng
    population = range(1, plan.scale.users + 1)
    support_id = 0
    for index, count in enumerate(plan.support_counts):
        start = plan.idea_times[index]
        span = plan.now - start
        for user_id in rng.sample(population, count):
            support_id += 1
            yield (support_id, user_id, index + 1, stamp(start + rng.random() * span))
