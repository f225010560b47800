"""Ideas: the rules for creating and changing them. Every write validates,
audits and commits once."""

from __future__ import annotations

from typing import Any, Iterable

from sqlalchemy import select

from manifesto import audit
from manifesto.extensions import db
from manifesto.ideas.models import SCOPES, SOURCES, TITLE_MAX, Idea
from manifesto.rounds.models import Round, Theme
from manifesto.timeutil import utcnow

TEXT_MAX = 5000
WHO_SHOULD_ACT_MAX = 300
EDITABLE_FIELDS = ("title", "problem", "proposal", "impact", "who_should_act", "scope", "theme_ids")
_TEXT_FIELDS = {
    # field: (label used in messages, maximum length, required)
    "title": ("Title", TITLE_MAX, True),
    "problem": ("Current situation", TEXT_MAX, False),
    "proposal": ("What government should commit to", TEXT_MAX, True),
    "impact": ("Expected impact", TEXT_MAX, False),
    "who_should_act": ("Who should act", WHO_SHOULD_ACT_MAX, False),
}
_REQUIRED_MESSAGES = {
    "title": "Enter a title for your idea.",
    "proposal": "Say what government should commit to.",
}


class IdeaError(Exception):
    """Invalid input: ``errors`` maps a form field name to its message
    (``theme_ids`` errors belong to the form's ``themes`` field)."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def _clean(round_: Round, values: dict[str, Any], source: str,
           require_theme: bool | None = None) -> tuple[dict[str, Any], list[Theme]]:
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for name, (label, maximum, required) in _TEXT_FIELDS.items():
        value = values.get(name) or ""
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a string")
        # Titles are one line; the longer answers keep their paragraphs.
        value = " ".join(value.split()) if name in ("title", "who_should_act") else value.strip()
        if required and not value:
            errors[name] = _REQUIRED_MESSAGES[name]
        elif len(value) > maximum:
            errors[name] = f"{label} must be {maximum} characters or fewer."
        cleaned[name] = value
    scope = values.get("scope")
    if scope not in SCOPES:
        errors["scope"] = "Choose where this idea applies."
    cleaned["scope"] = scope
    if source not in SOURCES:
        raise ValueError(f"unknown idea source {source!r}")

    theme_ids = sorted({int(theme_id) for theme_id in values.get("theme_ids") or ()})
    themes: list[Theme] = []
    if theme_ids:
        themes = list(db.session.scalars(
            select(Theme).where(Theme.id.in_(theme_ids), Theme.round_id == round_.id)
        ))
        if len(themes) != len(theme_ids):
            errors["theme_ids"] = "Choose themes from this round."
    elif (source == "online" if require_theme is None else require_theme) \
            and _round_has_themes(round_):
        errors["theme_ids"] = "Choose at least one theme."
    cleaned["theme_ids"] = theme_ids
    if errors:
        raise IdeaError(errors)
    return cleaned, themes


def _round_has_themes(round_: Round) -> bool:
    return db.session.scalar(select(Theme.id).where(Theme.round_id == round_.id).limit(1)) is not None


def create_idea(author, round_: Round, *, title: str, problem: str, proposal: str, impact: str,
                who_should_act: str, scope: str, theme_ids: Iterable[int],
                source: str = "online") -> Idea:
    """Publish a new idea in ``round_``. ``author`` is None for input that came
    from elsewhere (imports). Whether the round takes ideas now is the
    caller's check (policy "idea.create"), so seeders can fill past rounds."""
    idea = stage_idea(
        author, round_, title=title, problem=problem, proposal=proposal, impact=impact,
        who_should_act=who_should_act, scope=scope, theme_ids=theme_ids, source=source,
    )
    db.session.commit()
    return idea


def clean_idea_values(round_: Round, values: dict[str, Any], source: str,
                      require_theme: bool | None = None) -> tuple[dict[str, Any], list[Theme]]:
    """Validated, normalised idea fields (raises IdeaError with every problem).
    A theme is required for online submissions unless ``require_theme`` says otherwise."""
    return _clean(round_, values, source, require_theme)


def stage_idea(actor, round_: Round, *, title: str, problem: str, proposal: str, impact: str,
               who_should_act: str, scope: str, theme_ids: Iterable[int],
               source: str = "online", author=None, workshop=None,
               workshop_key: str | None = None) -> Idea:
    """Validate, add and audit a new idea in the current transaction; the
    caller commits. ``actor`` is who typed it in; the idea is credited to
    ``author`` (defaults to the actor for online ideas) or to ``workshop``."""
    values, themes = _clean(
        round_,
        dict(title=title, problem=problem, proposal=proposal, impact=impact,
             who_should_act=who_should_act, scope=scope, theme_ids=list(theme_ids)),
        source,
    )
    theme_ids_cleaned = values.pop("theme_ids")
    credited = author if author is not None else (actor if workshop is None else None)
    idea = Idea(
        round_id=round_.id,
        author_id=credited.id if credited is not None else None,
        source=source,
        status="published",
        workshop_id=workshop.id if workshop is not None else None,
        workshop_key=workshop_key,
        created_at=utcnow(),
        **values,
    )
    idea.themes = themes
    db.session.add(idea)
    db.session.flush()
    audit.record(actor, "idea.created", idea, None, {
        **values, "theme_ids": theme_ids_cleaned, "source": source, "round_id": round_.id,
        **({"workshop_id": workshop.id} if workshop is not None else {}),
    })
    return idea


def _current_values(idea: Idea) -> dict[str, Any]:
    values = {name: getattr(idea, name) for name in EDITABLE_FIELDS if name != "theme_ids"}
    values["theme_ids"] = sorted(theme.id for theme in idea.themes)
    return values


def update_idea(actor, idea: Idea, **fields: Any) -> Idea:
    """Change some of an idea's fields; records what changed, and when."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown idea fields {sorted(unknown)}")
    current = _current_values(idea)
    values, themes = _clean(idea.round, {**current, **fields}, idea.source)
    changed = [name for name in EDITABLE_FIELDS if values[name] != current[name]]
    if not changed:
        return idea
    for name in changed:
        if name == "theme_ids":
            idea.themes = themes
        else:
            setattr(idea, name, values[name])
    idea.updated_at = utcnow()
    audit.record(
        actor, "idea.updated", idea,
        {name: current[name] for name in changed},
        {name: values[name] for name in changed},
    )
    db.session.commit()
    return idea
