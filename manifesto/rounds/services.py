"""Rounds and themes: the rules for creating and changing them, and the
queries the public pages use. Every write validates, audits and commits
once."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError

from manifesto import audit
from manifesto.extensions import db
from manifesto.rounds.models import DATA_LICENCES, PHASES, Round, Theme
from manifesto.timeutil import format_uk, format_uk_date, utcnow

SLUG_MAX = 80
TITLE_MAX = 200
THEME_NAME_MAX = 120
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ROUND_FIELDS = ("title", "slug", "introduction", "opens_at", "closes_at", "phase",
                "data_licence", "panellists_create_commitments")
THEME_FIELDS = ("name", "description")
SLUG_TAKEN = "Another round already uses this web address name."
THEME_TAKEN = "This round already has a theme with this name."


class RoundError(ValueError):
    """Invalid input: ``errors`` maps a form field name to its message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


# --- slugs -------------------------------------------------------------------

def slugify(text: str) -> str:
    """'Open Government Manifesto 2027!' → 'open-government-manifesto-2027'."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:SLUG_MAX].rstrip("-")


def _slug_taken(slug: str, except_id: int | None = None) -> bool:
    query = select(Round.id).where(Round.slug == slug)
    if except_id is not None:
        query = query.where(Round.id != except_id)
    return db.session.scalar(query) is not None


def _free_slug(base: str) -> str:
    """The suggestion from a title, numbered when already in use."""
    base = base or "round"
    slug, n = base, 2
    while _slug_taken(slug):
        suffix = f"-{n}"
        slug = base[: SLUG_MAX - len(suffix)].rstrip("-") + suffix
        n += 1
    return slug


# --- rounds ------------------------------------------------------------------

def _clean_round(values: dict[str, Any], round_id: int | None) -> dict[str, Any]:
    errors: dict[str, str] = {}
    title = (values.get("title") or "").strip()
    if not title:
        errors["title"] = "Enter a title."
    elif len(title) > TITLE_MAX:
        errors["title"] = f"Title must be {TITLE_MAX} characters or fewer."
    slug = (values.get("slug") or "").strip()
    if not slug:
        if round_id is None:
            slug = _free_slug(slugify(title))
        else:
            errors["slug"] = "Enter a web address name."
    elif len(slug) > SLUG_MAX:
        errors["slug"] = f"Web address name must be {SLUG_MAX} characters or fewer."
    elif not SLUG_PATTERN.match(slug):
        errors["slug"] = ("Use only lowercase letters, digits and single hyphens, "
                          "for example manifesto-2027.")
    elif _slug_taken(slug, round_id):
        errors["slug"] = SLUG_TAKEN
    opens_at, closes_at = values.get("opens_at"), values.get("closes_at")
    for name, value in (("opens_at", opens_at), ("closes_at", closes_at)):
        if not isinstance(value, datetime):
            errors[name] = "Enter a date and time."
        elif value.tzinfo is None:
            raise ValueError("round times must be timezone-aware")
    if "opens_at" not in errors and "closes_at" not in errors and closes_at <= opens_at:
        errors["closes_at"] = "The closing time must be after the opening time."
    phase = values.get("phase")
    if phase not in PHASES:
        errors["phase"] = "Choose a phase."
    licence = values.get("data_licence") or "ogl-3.0"
    if licence not in DATA_LICENCES:
        errors["data_licence"] = "Choose a licence."
    if errors:
        raise RoundError(errors)
    return {
        "title": title,
        "slug": slug,
        "introduction": (values.get("introduction") or "").strip(),
        "opens_at": opens_at,
        "closes_at": closes_at,
        "phase": phase,
        "data_licence": licence,
        "panellists_create_commitments": bool(values.get("panellists_create_commitments")),
    }


def _commit_or_slug_error() -> None:
    """Commit; a slug taken by a concurrent request becomes a field error."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise RoundError({"slug": SLUG_TAKEN}) from None


def create_round(actor, *, title: str, slug: str, introduction: str, opens_at: datetime,
                 closes_at: datetime, phase: str, data_licence: str = "ogl-3.0",
                 panellists_create_commitments: bool = False) -> Round:
    values = _clean_round(
        dict(title=title, slug=slug, introduction=introduction, opens_at=opens_at,
             closes_at=closes_at, phase=phase, data_licence=data_licence,
             panellists_create_commitments=panellists_create_commitments),
        round_id=None,
    )
    round_ = Round(**values)
    if phase == "published":
        round_.published_at = utcnow()
    db.session.add(round_)
    try:
        db.session.flush()  # the id, for the audit event
        audit.record(actor, "round.created", round_, None, values)
        db.session.commit()
    except IntegrityError:  # a concurrent request took the slug
        db.session.rollback()
        raise RoundError({"slug": SLUG_TAKEN}) from None
    return round_


def update_round(actor, round_: Round, **fields: Any) -> Round:
    unknown = set(fields) - set(ROUND_FIELDS)
    if unknown:
        raise TypeError(f"unknown round fields {sorted(unknown)}")
    current = {name: getattr(round_, name) for name in ROUND_FIELDS}
    values = _clean_round({**current, **fields}, round_id=round_.id)
    changed = [name for name in ROUND_FIELDS if values[name] != current[name]]
    if not changed:
        return round_
    for name in changed:
        setattr(round_, name, values[name])
    if "phase" in changed and round_.phase == "published" and round_.published_at is None:
        round_.published_at = utcnow()
    audit.record(
        actor, "round.updated", round_,
        {name: current[name] for name in changed},
        {name: values[name] for name in changed},
    )
    _commit_or_slug_error()
    return round_


def round_by_slug(slug: str) -> Round | None:
    return db.session.scalar(select(Round).where(Round.slug == slug))


def all_rounds() -> list[Round]:
    """Every round, drafts included (administration), newest first."""
    return list(db.session.scalars(select(Round).order_by(Round.opens_at.desc(), Round.id.desc())))


def current_rounds(now: datetime | None = None) -> list[Round]:
    """Public rounds: those taking ideas first, then upcoming, then the rest,
    each group newest first."""
    now = now or utcnow()
    is_open = Round.phase == "open"
    rank = case(
        (is_open & (Round.opens_at <= now) & (Round.closes_at > now), 0),
        (is_open & (Round.opens_at > now), 1),
        else_=2,
    )
    query = (select(Round).where(Round.phase != "draft")
             .order_by(rank, Round.opens_at.desc(), Round.id.desc()))
    return list(db.session.scalars(query))


# --- themes ------------------------------------------------------------------

def _clean_theme(round_: Round, values: dict[str, Any], theme_id: int | None) -> dict[str, Any]:
    name = " ".join((values.get("name") or "").split())
    if not name:
        raise RoundError({"name": "Enter a name for the theme."})
    if len(name) > THEME_NAME_MAX:
        raise RoundError({"name": f"Name must be {THEME_NAME_MAX} characters or fewer."})
    query = select(Theme.id).where(Theme.round_id == round_.id,
                                   func.lower(Theme.name) == name.lower())
    if theme_id is not None:
        query = query.where(Theme.id != theme_id)
    if db.session.scalar(query) is not None:
        raise RoundError({"name": THEME_TAKEN})
    return {"name": name, "description": (values.get("description") or "").strip()}


def _commit_or_name_error() -> None:
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise RoundError({"name": THEME_TAKEN}) from None


def create_theme(actor, round_: Round, *, name: str, description: str = "",
                 position: int | None = None) -> Theme:
    values = _clean_theme(round_, {"name": name, "description": description}, None)
    if position is None:
        last = db.session.scalar(select(func.max(Theme.position)).where(Theme.round_id == round_.id))
        position = 0 if last is None else last + 1
    theme = Theme(round_id=round_.id, position=position, **values)
    db.session.add(theme)
    try:
        db.session.flush()
        audit.record(actor, "theme.created", theme, None,
                     {**values, "round_id": round_.id, "position": position})
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise RoundError({"name": THEME_TAKEN}) from None
    return theme


def update_theme(actor, theme: Theme, **fields: Any) -> Theme:
    unknown = set(fields) - set(THEME_FIELDS)
    if unknown:
        raise TypeError(f"unknown theme fields {sorted(unknown)}")
    current = {name: getattr(theme, name) for name in THEME_FIELDS}
    values = _clean_theme(theme.round, {**current, **fields}, theme.id)
    changed = [name for name in THEME_FIELDS if values[name] != current[name]]
    if not changed:
        return theme
    for name in changed:
        setattr(theme, name, values[name])
    audit.record(actor, "theme.updated", theme,
                 {name: current[name] for name in changed},
                 {name: values[name] for name in changed})
    _commit_or_name_error()
    return theme


def move_theme(actor, theme: Theme, direction: str) -> bool:
    """Swap a theme with its neighbour ("up" or "down"); False at either end.
    Positions are renumbered 0..n-1 so ties left by older data disappear."""
    if direction not in ("up", "down"):
        raise ValueError(f"unknown direction {direction!r}")
    themes = list(db.session.scalars(
        select(Theme).where(Theme.round_id == theme.round_id).order_by(Theme.position, Theme.id)
    ))
    index = themes.index(theme)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(themes):
        return False
    before = theme.position
    themes[index], themes[other] = themes[other], themes[index]
    for position, item in enumerate(themes):
        item.position = position
    audit.record(actor, "theme.moved", theme, {"position": before},
                 {"position": theme.position, "direction": direction})
    db.session.commit()
    return True


def describe_window(round_: Round, now: datetime | None = None) -> str:
    """One line saying when ideas are (or were) taken, in UK time."""
    now = now or utcnow()
    opens, closes = format_uk(round_.opens_at), format_uk(round_.closes_at)
    if round_.is_accepting(now):
        return f"Open for ideas until {closes}"
    if round_.phase == "draft":
        return f"Not yet public: planned to open for ideas on {opens} and close on {closes}"
    if round_.phase == "open" and now < round_.opens_at:
        return f"Opens for ideas on {opens}, closing on {closes}"
    if round_.phase == "open":
        return f"Closed for ideas on {closes}"
    return (f"Ideas were collected from {format_uk_date(round_.opens_at)} "
            f"to {format_uk_date(round_.closes_at)}")
