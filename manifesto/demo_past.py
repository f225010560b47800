"""The demo's past round: collected, assessed by a panel of three,
published, answered by four parties and followed into delivery, so a
newcomer sees the whole process on first run.

Everything goes through the site's services (audited, counts exact), in the
order a real network would work: ideas and supports while open, then the
panel's criteria, commitments, scores and decisions, then publication.
"""

from __future__ import annotations

import random
import secrets
from datetime import datetime, timedelta

from sqlalchemy import func, select, update

from manifesto import audit
from manifesto.accounts import services as account_services
from manifesto.accounts.models import User
from manifesto.demo_past_content import (
    PANELLISTS, PARTIES, PARTY_QUOTES, PARTY_STANCES, PAST_COMMITMENTS, PAST_DECISIONS,
    PAST_IDEAS, PAST_ROUND_INTRODUCTION, PAST_ROUND_SLUG, PAST_ROUND_TITLE, PAST_SCORES,
    PAST_THEMES, PROGRESS, UNUSED_IDEA_REASON,
)
from manifesto.extensions import db
from manifesto.ideas import services as idea_services
from manifesto.ideas.models import Idea
from manifesto.panel import assessment, services as panel_services, shortlist
from manifesto.panel.models import Commitment
from manifesto.parties import progress as party_progress, responses as party_responses
from manifesto.parties import services as party_services
from manifesto.parties.models import Party
from manifesto.rounds import services as round_services
from manifesto.rounds.models import Round
from manifesto.supports import services as support_services

OPENED_DAYS_AGO = 420
CLOSED_DAYS_AGO = 330
PUBLISHED_DAYS_AGO = 270
UNUSABLE_PASSWORD_PREFIX = "!"


def seed_past_round(rng: random.Random, people: list[User], now: datetime) -> Round | None:
    """Create the published past round; None when it is already there."""
    if round_services.round_by_slug(PAST_ROUND_SLUG) is not None:
        return None
    admin = None  # the demo's own actions are the system's, as for the open round
    round_ = round_services.create_round(
        admin, title=PAST_ROUND_TITLE, slug=PAST_ROUND_SLUG,
        introduction=PAST_ROUND_INTRODUCTION,
        opens_at=now - timedelta(days=OPENED_DAYS_AGO),
        closes_at=now + timedelta(days=1),  # open while its ideas and supports go in
        phase="open")
    for name, description in PAST_THEMES:
        round_services.create_theme(admin, round_, name=name, description=description)
    ideas = _ideas(rng, round_, people)
    _supports(rng, ideas, people)
    round_services.update_round(admin, round_, closes_at=now - timedelta(days=CLOSED_DAYS_AGO),
                                phase="assessment")
    panel_services.add_default_criteria(admin, round_)
    commitments = _commitments(admin, round_, ideas)
    _assess(round_, commitments, _panellists())
    _decide(admin, round_, commitments, ideas)
    shortlist.publish(admin, round_)
    _backdate(round_, ideas, now)
    published_on = (now - timedelta(days=PUBLISHED_DAYS_AGO)).date()
    _party_responses(admin, commitments, published_on)
    round_services.update_round(admin, round_, phase="tracking")
    _progress(admin, commitments, published_on)
    return round_


def _ideas(rng: random.Random, round_: Round, people: list[User]) -> dict[str, Idea]:
    theme_ids = {theme.name: theme.id for theme in round_.themes}
    ideas = {}
    for title, theme, scope, problem, proposal in PAST_IDEAS:
        ideas[title] = idea_services.create_idea(
            rng.choice(people), round_, title=title, problem=problem, proposal=proposal,
            impact="", who_should_act="", scope=scope, theme_ids=[theme_ids[theme]])
    return ideas


def _supports(rng: random.Random, ideas: dict[str, Idea], people: list[User]) -> None:
    for person in people:
        for idea in rng.sample(list(ideas.values()), rng.randint(2, 7)):
            if idea.author_id != person.id:
                support_services.add_support(person, idea)


def _panellists() -> list[User]:
    panel = []
    for name, local_part, organisation in PANELLISTS:
        email = f"{local_part}@example.org"
        user = db.session.scalar(select(User).where(func.lower(User.email) == email))
        if user is None:
            user = User(email=email, display_name=name, organisation=organisation,
                        password_hash=UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(32))
            db.session.add(user)
            db.session.flush()
            audit.record(None, "account.created", user, after={"source": "demo"})
            db.session.commit()
        panel.append(account_services.grant_role(user, "panellist"))
    return panel


def _commitments(admin, round_: Round, ideas: dict[str, Idea]) -> list[Commitment]:
    theme_ids = {theme.name: theme.id for theme in round_.themes}
    return [
        panel_services.create_commitment(
            admin, round_, idea_ids=[ideas[source].id for source in sources], title=title,
            theme_id=theme_ids[theme], commit_to=commit_to, current_situation=situation,
            we_call_for=calls, lead_body=lead)
        for title, theme, sources, commit_to, situation, calls, lead in PAST_COMMITMENTS
    ]


def _assess(round_: Round, commitments: list[Commitment], panel: list[User]) -> None:
    scored = [c for c in panel_services.criteria_of(round_) if c.computed_from is None]
    for commitment, rows in zip(commitments, PAST_SCORES):
        for panellist, values in zip(panel, rows):
            if values is None:
                assessment.declare_conflict(panellist, commitment,
                                            "Advised one of the organisations behind this idea.")
                continue
            assessment.save_assessment(
                panellist, commitment,
                {criterion.id: (value, "") for criterion, value in zip(scored, values)},
                submit=True, expected_version=None)


def _decide(admin, round_: Round, commitments: list[Commitment],
            ideas: dict[str, Idea]) -> None:
    for commitment, (shortlisted, reason) in zip(commitments, PAST_DECISIONS):
        shortlist.decide(admin, commitment, shortlisted, reason)
    used = {title for _t, _th, sources, *_ in PAST_COMMITMENTS for title in sources}
    for title, idea in ideas.items():
        if title not in used:
            shortlist.record_idea_outcome(admin, idea, UNUSED_IDEA_REASON)


def _backdate(round_: Round, ideas: dict[str, Idea], now: datetime) -> None:
    """Ideas dated within the open window; publication some months ago."""
    opened = round_.opens_at
    span = (round_.closes_at - opened).total_seconds()
    for n, idea in enumerate(ideas.values()):
        when = opened + timedelta(seconds=span * (n + 1) / (len(ideas) + 2))
        db.session.execute(update(Idea).where(Idea.id == idea.id).values(created_at=when))
    db.session.execute(update(Round).where(Round.id == round_.id).values(
        published_at=now - timedelta(days=PUBLISHED_DAYS_AGO)))
    db.session.commit()


def _parties() -> list[Party]:
    existing = {party.name: party for party in party_services.all_parties()}
    return [existing.get(name) or party_services.save_party(
                None, name=name, short_name=short, colour=colour, nations=nations,
                website=website)
            for name, short, colour, nations, website in PARTIES]


def _party_responses(admin, commitments: list[Commitment], published_on) -> None:
    by_number = {c.number: c for c in commitments if c.number is not None}
    parties = _parties()
    for number, stances in PARTY_STANCES.items():
        for n, (party, stance) in enumerate(zip(parties, stances)):
            evidence = "" if stance == "no_response" else f"{party.website}manifesto#{number}"
            party_responses.record_response(
                admin, party, by_number[number], stance=stance,
                quote=PARTY_QUOTES.get(stance, ""), evidence_url=evidence,
                stated_on=published_on + timedelta(days=14 + 3 * n))


def _progress(admin, commitments: list[Commitment], published_on) -> None:
    by_number = {c.number: c for c in commitments if c.number is not None}
    for number, days, status, note in PROGRESS:
        party_progress.add_progress(admin, by_number[number], status=status, note=note,
                                    happened_on=published_on + timedelta(days=days))
