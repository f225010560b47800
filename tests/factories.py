"""Factories returning saved objects. Counts go through the real services so
cached counters match their rows exactly as in production."""

from __future__ import annotations

import itertools
from datetime import timedelta

from werkzeug.security import generate_password_hash

from manifesto.accounts.models import User, UserRole
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.rounds.models import Round, Theme
from manifesto.timeutil import utcnow

DEFAULT_PASSWORD = "correct horse battery staple"
_sequence = itertools.count(1)


def make_user(email: str | None = None, display_name: str | None = None,
              password: str = DEFAULT_PASSWORD, roles: tuple[str, ...] = (),
              verified: bool = True) -> User:
    n = next(_sequence)
    user = User(
        email=email or f"person{n}@example.org",
        display_name=display_name or f"Person {n}",
        password_hash=generate_password_hash(password, method="pbkdf2:sha256:1000"),
        email_verified_at=utcnow() if verified else None,
    )
    user.role_rows = [UserRole(role=role) for role in roles if role != "participant"]
    db.session.add(user)
    db.session.commit()
    return user


DEFAULT_THEMES = ("Open data", "Anti-corruption", "Freedom of information")


def make_round(slug: str | None = None, phase: str = "open", themes=DEFAULT_THEMES,
               opens_in: timedelta = timedelta(days=-10),
               closes_in: timedelta = timedelta(days=120), title: str | None = None) -> Round:
    n = next(_sequence)
    now = utcnow()
    round_ = Round(
        slug=slug or f"round-{n}",
        title=title or f"Open government manifesto {n}",
        introduction="Tell us what the next government should commit to.",
        opens_at=now + opens_in,
        closes_at=now + closes_in,
        phase=phase,
    )
    round_.themes = [Theme(name=name, position=i) for i, name in enumerate(themes)]
    db.session.add(round_)
    db.session.commit()
    return round_


def make_idea(round_: Round, author: User | None = None, title: str | None = None,
              proposal: str = "Publish it all as open data.", problem: str = "It is hidden.",
              impact: str = "", who_should_act: str = "", scope: str = "uk",
              themes: list[Theme] | None = None, source: str = "online",
              status: str = "published") -> Idea:
    n = next(_sequence)
    idea = Idea(
        round_id=round_.id,
        author_id=author.id if author else None,
        title=title or f"Idea number {n}",
        problem=problem,
        proposal=proposal,
        impact=impact,
        who_should_act=who_should_act,
        scope=scope,
        source=source,
        status=status,
    )
    idea.themes = list(themes or [])
    db.session.add(idea)
    db.session.commit()
    return idea


def make_comment(idea: Idea, author: User, body: str = "I agree with this.", parent=None):
    from manifesto.comments import services

    return services.add_comment(author, idea, body, parent=parent)


def make_support(user: User, idea: Idea) -> None:
    from manifesto.supports import services

    services.add_support(user, idea)


def make_workshop(round_: Round, owner: User | None = None, town: str = "Cardiff",
                  nation: str = "wales", held_on=None, attendees: int = 40,
                  title: str | None = None):
    """A workshop recorded through the real service (so it is audited)."""
    from datetime import date

    from manifesto.workshops import services

    n = next(_sequence)
    return services.create_workshop(
        owner, round_, title=title or f"Workshop {n}", held_on=held_on or date(2027, 3, 14),
        venue="Community hall", town=town, nation=nation, region="",
        organising_group="Open Government Network", facilitator_name="Sam Facilitator",
        attendees=attendees, notes="",
    )


def make_criteria(round_: Round, actor: User | None = None):
    """The default criteria (three scored, public support computed)."""
    from manifesto.panel import services

    return services.add_default_criteria(actor or make_user(roles=("admin",)), round_)


def make_commitment(round_: Round, ideas=None, actor: User | None = None,
                    title: str | None = None, theme: Theme | None = None, **fields):
    """A commitment drafted through the real service from ``ideas`` (one new
    idea when none are given)."""
    from manifesto.panel import services

    actor = actor or make_user(roles=("admin",))
    ideas = ideas if ideas is not None else [make_idea(round_)]
    values = {"commit_to": "Publish every public contract in full.",
              "current_situation": "Only summaries are published.",
              "we_call_for": "- Publish contracts\n- Publish performance data",
              "lead_body": "Cabinet Office", **fields}
    return services.create_commitment(
        actor, round_, idea_ids=[idea.id for idea in ideas],
        title=title or f"Commitment {next(_sequence)}",
        theme_id=(theme or round_.themes[0]).id, **values)
