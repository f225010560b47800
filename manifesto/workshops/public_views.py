"""Public workshop pages and the printable workshop pack."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, render_template, request, url_for
from werkzeug.routing import BuildError
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload
from wtforms import Form, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from manifesto import permissions
from manifesto.extensions import db
from manifesto.ideas.models import SCOPES
from manifesto.permissions import public
from manifesto.rounds.models import Round
from manifesto.workshops import queries
from manifesto.workshops.models import Workshop

blueprint = Blueprint("workshops_public", __name__)

CARDS_DEFAULT = 6
CARDS_MAX = 40


@blueprint.app_template_filter("long_date")
def long_date(value: date | None) -> str:
    """14 March 2027: how workshop dates are written."""
    return f"{value.day} {value:%B %Y}" if value else ""


def _round_or_404(slug: str) -> Round:
    round_ = permissions.require_found(
        db.session.scalar(
            select(Round).where(Round.slug == slug).options(selectinload(Round.themes))
        )
    )
    permissions.require(current_user, "round.view", round_)
    return round_


@blueprint.route("/rounds/<slug>/workshops/")
@public
def round_workshops(slug: str):
    round_ = _round_or_404(slug)
    return render_template("workshops/public/index.html", round=round_,
                           listing=queries.round_workshops(round_.id))


@blueprint.route("/workshops/<int(max=2147483647):workshop_id>")
@public
def show(workshop_id: int):
    workshop = permissions.require_found(db.session.scalar(
        select(Workshop).where(Workshop.id == workshop_id).options(joinedload(Workshop.round))
    ))
    permissions.require(current_user, "workshop.view", workshop)
    return render_template("workshops/public/show.html", workshop=workshop, round=workshop.round,
                           contribution=queries.workshop_contribution(workshop))


class PackOptionsForm(Form):
    """What to print (a GET form: nothing changes, so no CSRF token)."""

    workshop = SelectField("Print a workshop's name and date on the cards", choices=[],
                           validate_choice=False)
    theme = SelectField("Ideas on the tally sheet", choices=[], validate_choice=False)
    cards = StringField("Number of idea cards", default=str(CARDS_DEFAULT),
                        filters=[lambda value: value.strip() if isinstance(value, str) else value])

    def __init__(self, round_: Round, workshops: list[Workshop], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.workshop.choices = [SelectChoice("", "No workshop: leave a space to write it in")] + [
            SelectChoice(str(w.id), f"{w.title} – {w.town}, {long_date(w.held_on)}")
            for w in workshops
        ]
        self.theme.choices = [SelectChoice("", "All themes")] + [
            SelectChoice(str(theme.id), theme.name) for theme in round_.themes
        ]

    def validate_cards(self, field) -> None:
        value = field.data or ""
        if value and not (value.isascii() and value.isdigit() and 1 <= int(value) <= CARDS_MAX):
            raise ValidationError(f"Enter a whole number of cards from 1 to {CARDS_MAX}.")

    def card_count(self) -> int:
        value = self.cards.data or ""
        return int(value) if value and not self.cards.errors else CARDS_DEFAULT

    def chosen(self, field, known: dict):
        value = field.data or ""
        return known.get(int(value)) if value.isascii() and value.isdigit() else None


@blueprint.route("/rounds/<slug>/workshop-pack")
@public
def pack(slug: str):
    round_ = _round_or_404(slug)
    workshops = queries.workshop_choices(round_.id)
    form = PackOptionsForm(round_, workshops, request.args)
    form.validate()
    workshop = form.chosen(form.workshop, {w.id: w for w in workshops})
    theme = form.chosen(form.theme, {t.id: t for t in round_.themes})
    cards = form.card_count()
    sheet = queries.tally_sheet(round_.id, theme.id if theme else None)
    return render_template("workshops/pack.html", round=round_, form=form, workshop=workshop,
                           theme=theme, cards=cards, sheet=sheet, scopes=SCOPES,
                           template_urls=_upload_template_urls())


def _upload_template_urls() -> dict[str, str] | None:
    """Where the sheet-upload templates are downloaded (workshops/import_views.py)."""
    try:
        return {"csv": url_for("workshop_imports.template_csv"),
                "xlsx": url_for("workshop_imports.template_xlsx")}
    except BuildError:
        return None
