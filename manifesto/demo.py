"""A believable demo installation for ``flask seed-demo``: a round open now,
with themes, participants, ideas, comments and supports, and workshops held
around the four nations with the ideas, comments and dot votes they brought in;
and a past round that went all the way to a published manifesto
(:mod:`manifesto.demo_past`).

Everything goes through the same services as the site (so cached counts
match their rows) and is deterministic: the same choices every run, from
``random.Random(2027)``. Only the dates follow today's date, so the round is
always open; afterwards the rows' creation times are spread over the weeks
since the round opened so the lists look lived in.
"""

from __future__ import annotations

import random
import secrets
from datetime import datetime, time, timedelta

from sqlalchemy import func, select, update

from manifesto import audit
from manifesto.accounts.models import User
from manifesto.comments import services as comment_services
from manifesto.comments.models import Comment
from manifesto.demo_past import seed_past_round
from manifesto.demo_content import (
    COMMENTS, IDEAS, PEOPLE, REPLIES, ROUND_INTRODUCTION, ROUND_SLUG, ROUND_TITLE, THEMES,
)
from manifesto.demo_workshop_content import WORKSHOP_COMMENTS, WORKSHOP_IDEAS, WORKSHOPS
from manifesto.extensions import db
from manifesto.ideas import services as idea_services
from manifesto.ideas.models import Idea
from manifesto.rounds import services as round_services
from manifesto.rounds.models import Round
from manifesto.supports import services as support_services
from manifesto.supports.models import Support
from manifesto.timeutil import from_uk_naive, to_uk, utcnow
from manifesto.workshops import services as workshop_services
from manifesto.workshops.models import TallyChange, WorkshopTally

SEED = 2027
EMAIL_DOMAIN = "example.org"
OPENED_DAYS_AGO = 21
CLOSES_IN_DAYS = 120  # about four months
SUPPORTS_PER_PERSON = (6, 18)  # about 300 in all
UNUSABLE_PASSWORD_PREFIX = "!"  # not "method$salt$hash": check_password_hash says no
DOTS_PER_ATTENDEE = 3


def seed(only_if_empty: bool = True) -> bool:
    """Load the demo round; False (and nothing written) when ``only_if_empty``
    and any round exists, or when the demo round is already there."""
    if only_if_empty and db.session.scalar(select(Round.id).limit(1)) is not None:
        return False
    if round_services.round_by_slug(ROUND_SLUG) is not None:
        return False
    rng = random.Random(SEED)
    now = utcnow()
    # Each service call commits; without this every commit would expire the
    # people and ideas held here and reload them one by one (thousands of
    # SELECTs). Nothing below reads a value another transaction changed.
    session = db.session()
    expire_on_commit, session.expire_on_commit = session.expire_on_commit, False
    try:
        people = _people()
        round_ = _round(now)
        ideas = _ideas(rng, round_, people)
        idea_times = _idea_times(rng, round_.opens_at, now, ideas)
        ideas += _workshops(rng, round_, ideas, idea_times, now)
        popularity = {idea.id: rng.paretovariate(1.5) for idea in ideas}
        comments = _comments(rng, ideas, people, popularity)
        supports = _supports(rng, ideas, people, popularity)
        _spread_over_time(rng, round_.opens_at, now, people, idea_times, comments, supports)
        seed_past_round(rng, people, now)
    finally:
        session.expire_on_commit = expire_on_commit
        session.expire_all()  # cached counts on the ideas held here are stale
    return True


def _uk_day_at(day_offset: int, hour: int, now: datetime) -> datetime:
    day = to_uk(now).date() + timedelta(days=day_offset)
    return from_uk_naive(datetime.combine(day, time(hour, 0)))


def _people() -> list[User]:
    """Demo participants nobody can sign in as: a password hash starting
    with "!" (random, so no two are alike) never matches any password, and
    costs nothing to make, unlike 25 scrypt hashes."""
    people = []
    for name, local_part, organisation in PEOPLE:
        email = f"{local_part}@{EMAIL_DOMAIN}"
        user = db.session.scalar(select(User).where(func.lower(User.email) == email))
        if user is None:
            user = User(
                email=email,
                display_name=name,
                organisation=organisation,
                password_hash=UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(32),
            )
            db.session.add(user)
            db.session.flush()
            audit.record(None, "account.created", user, after={"source": "demo"})
        people.append(user)
    db.session.commit()
    return people


def _round(now: datetime) -> Round:
    round_ = round_services.create_round(
        None,
        title=ROUND_TITLE,
        slug=ROUND_SLUG,
        introduction=ROUND_INTRODUCTION,
        opens_at=_uk_day_at(-OPENED_DAYS_AGO, 9, now),
        closes_at=_uk_day_at(CLOSES_IN_DAYS, 17, now),
        phase="open",
    )
    for name, description in THEMES:
        round_services.create_theme(None, round_, name=name, description=description)
    return round_


def _ideas(rng: random.Random, round_: Round, people: list[User]) -> list[Idea]:
    theme_ids = {theme.name: theme.id for theme in round_.themes}
    # A few people write most of the ideas, as on any real site.
    weights = [4 if i < 6 else 1 for i in range(len(people))]
    ideas = []
    for title, themes, scope, problem, proposal, impact, who in IDEAS:
        author = rng.choices(people, weights)[0]
        ideas.append(idea_services.create_idea(
            author, round_, title=title, problem=problem, proposal=proposal, impact=impact,
            who_should_act=who, scope=scope, theme_ids=[theme_ids[name] for name in themes],
        ))
    return ideas


def _others(people: list[User], *excluded_ids: int | None) -> list[User]:
    return [person for person in people if person.id not in excluded_ids]


def _comments(rng: random.Random, ideas: list[Idea], people: list[User],
              popularity: dict[int, float]) -> list[Comment]:
    weights = [popularity[idea.id] for idea in ideas]
    top_level = []
    for body in COMMENTS:
        idea = rng.choices(ideas, weights)[0]
        author = rng.choice(_others(people, idea.author_id))
        top_level.append(comment_services.add_comment(author, idea, body))
    replies = []
    for body in REPLIES:
        parent = rng.choice(top_level)
        author = rng.choice(_others(people, parent.author_id))
        idea = db.session.get(Idea, parent.idea_id)
        replies.append(comment_services.add_comment(author, idea, body, parent=parent))
    return top_level + replies


def _supports(rng: random.Random, ideas: list[Idea], people: list[User],
              popularity: dict[int, float]) -> list[tuple[int, int]]:
    pairs = []
    for person in people:
        wanted = rng.randint(*SUPPORTS_PER_PERSON)
        candidates = [idea for idea in ideas if idea.author_id != person.id]
        chosen: list[Idea] = []
        while len(chosen) < wanted and candidates:  # weighted, without replacement
            idea = rng.choices(candidates, [popularity[c.id] for c in candidates])[0]
            candidates.remove(idea)
            chosen.append(idea)
        for idea in chosen:
            if support_services.add_support(person, idea):
                pairs.append((person.id, idea.id))
    return pairs


def _idea_times(rng: random.Random, opened: datetime, now: datetime,
                ideas: list[Idea]) -> dict[int, datetime]:
    """Creation times for the online ideas, in list order, over the first
    four fifths of the time since the round opened."""
    span = (now - opened).total_seconds() - 3600
    offsets = sorted(rng.uniform(0.0, 0.8) * span for _ in ideas)
    return {idea.id: opened + timedelta(seconds=600 + offset)
            for idea, offset in zip(ideas, offsets)}


def _workshops(rng: random.Random, round_: Round, ideas: list[Idea],
               idea_times: dict[int, datetime], now: datetime) -> list[Idea]:
    """The workshops, each typed in the morning after it was held: its ideas,
    its remarks on ideas already online and its dot votes, through the same
    services facilitators use. Returns the ideas the workshops wrote (their
    times are added to ``idea_times``)."""
    theme_ids = {theme.name: theme.id for theme in round_.themes}
    by_title = {idea.title: idea for idea in ideas}
    written: list[Idea] = []
    for (title, days_ago, venue, town, nation, region, group, facilitator, attendees,
         notes) in WORKSHOPS:
        held_on = to_uk(now).date() - timedelta(days=days_ago)
        typed_in = from_uk_naive(datetime.combine(held_on + timedelta(days=1), time(10, 0)))
        workshop = workshop_services.create_workshop(
            None, round_, title=title, held_on=held_on, venue=venue, town=town, nation=nation,
            region=region, organising_group=group, facilitator_name=facilitator,
            attendees=attendees, notes=notes,
        )
        entries = [
            dict(title=t, scope=scope, problem=problem, proposal=proposal,
                 impact=impact, who_should_act=who, theme_ids=[theme_ids[n] for n in themes])
            for t, themes, scope, problem, proposal, impact, who in WORKSHOP_IDEAS.get(town, [])
        ]
        created = workshop_services.add_workshop_ideas(None, workshop, entries).created
        for idea in created:
            idea_times[idea.id] = typed_in + timedelta(minutes=rng.randint(0, 50))
        for comment_town, idea_title, body in WORKSHOP_COMMENTS:
            if comment_town == town:
                idea = by_title[idea_title]
                # A workshop remarks on ideas already online when it met.
                idea_times[idea.id] = min(idea_times[idea.id], typed_in - timedelta(days=2))
                comment, _ = workshop_services.add_workshop_comment(None, workshop, idea, body)
                comment.created_at = typed_in + timedelta(minutes=rng.randint(0, 50))
        earlier = [idea for idea in ideas + written
                   if idea_times[idea.id] < typed_in - timedelta(days=1)]
        workshop_services.set_tallies(None, workshop, _dot_votes(rng, earlier, attendees))
        workshop.created_at = typed_in
        counted_at = typed_in + timedelta(hours=1)
        db.session.execute(update(WorkshopTally).where(WorkshopTally.workshop_id == workshop.id)
                           .values(updated_at=counted_at))
        db.session.execute(update(TallyChange).where(TallyChange.workshop_id == workshop.id)
                           .values(changed_at=counted_at))
        db.session.commit()
        written += created
    return written


def _dot_votes(rng: random.Random, ideas: list[Idea], attendees: int) -> dict[Idea, int]:
    """Each person in the room places three dots on the ideas on the wall
    (a dozen at most), some ideas far more popular than others."""
    if not ideas:
        return {}
    on_the_wall = rng.sample(ideas, min(12, len(ideas)))
    appeal = [rng.paretovariate(1.2) for _ in on_the_wall]
    dots: dict[Idea, int] = {}
    for _ in range(attendees * DOTS_PER_ATTENDEE):
        idea = rng.choices(on_the_wall, appeal)[0]
        dots[idea] = dots.get(idea, 0) + 1
    return dots


def _spread_over_time(rng: random.Random, opened: datetime, now: datetime, people: list[User],
                      idea_times: dict[int, datetime], comments: list[Comment],
                      supports: list[tuple[int, int]]) -> None:
    """Creation times between the opening and now: ideas at ``idea_times``,
    comments and supports after the idea they belong to, replies after
    their parent. Counts are untouched."""

    def after(start: datetime) -> datetime:
        room = (now - start).total_seconds()
        return start + timedelta(seconds=rng.uniform(0.05, 0.95) * room)

    for idea_id, at in idea_times.items():
        db.session.execute(update(Idea).where(Idea.id == idea_id).values(created_at=at))
    comment_times = {}
    for comment in comments:  # parents come before their replies in the list
        start = comment_times[comment.parent_id] if comment.parent_id else idea_times[comment.idea_id]
        comment_times[comment.id] = after(start)
        comment.created_at = comment_times[comment.id]
    for user_id, idea_id in supports:
        db.session.execute(
            update(Support)
            .where(Support.user_id == user_id, Support.idea_id == idea_id)
            .values(created_at=after(idea_times[idea_id]))
        )
    for person in people:  # joined before taking part (older accounts keep their date)
        person.created_at = min(person.created_at, opened + timedelta(seconds=rng.uniform(0, 600)))
    db.session.commit()
