"""Typing in a workshop's ideas, comments and dot-vote tallies, several rows
at a time. Every save is all-or-nothing; a bad row is named in the error
summary and its message shown next to the field."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import FieldList
from wtforms.fields.choices import SelectChoice

from manifesto import permissions
from manifesto.permissions import role_required
from manifesto.workshops import manage_queries, services
from manifesto.workshops.forms import (
    MAX_ROWS,
    CommentsEntryForm,
    IdeasEntryForm,
    TalliesForm,
    add_rows,
    number_rows,
)
from manifesto.workshops.models import Workshop
from manifesto.workshops.views import blueprint, load_workshop

ADD_ROWS = "add_rows"


def _entry_workshop(workshop_id: int) -> tuple[Workshop, str | None]:
    """The workshop, if this person manages it, and why input is closed (or None)."""
    workshop = load_workshop(workshop_id)
    permissions.require(current_user, "workshop.edit", workshop)
    return workshop, permissions.reason_refused(current_user, "workshop.enter", workshop)


def _closed(workshop: Workshop, reason: str):
    return render_template("workshops/manage/closed.html", workshop=workshop,
                           round=workshop.round, reason=reason), 403


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _place_errors(entry, errors: dict[str, str], rename: dict[str, str] | None = None) -> None:
    for name, message in errors.items():
        name = (rename or {}).get(name, name)
        field = entry.form._fields.get(name)
        if field is None:  # a problem with no field of its own: show it on the first
            field = next(iter(entry.form))
        field.errors = [*field.errors, message]


def _summary(form, *lists: FieldList) -> list[tuple[str | None, str]]:
    """(anchor, message) for the error summary: "Idea 3 – Title: Enter …"."""
    items: list[tuple[str | None, str]] = [(None, message) for message in form.form_errors]
    for field_list in lists:
        for entry in field_list.entries:
            for field in entry.form:
                for message in field.errors:
                    base = field.label.text.split(" (")[0]
                    items.append((field.id, f"{entry.row_name} – {base}: {message}"))
    for field in form:
        if not isinstance(field, FieldList) and field.type != "CSRFTokenField":
            items.extend((field.id, f"{field.label.text}: {message}") for message in field.errors)
    return items


def _name_rows(field_list: FieldList, noun: str) -> None:
    number_rows(field_list, noun.lower())
    for entry in field_list.entries:
        entry.row_name = f"{noun} {entry.row_number}"


def _filled(field_list: FieldList) -> list:
    return [entry for entry in field_list.entries if not entry.form.is_blank()]


def _done(workshop: Workshop, what: str, created: int, already_in: int) -> str:
    """"Saved 8 ideas from the Cardiff workshop. 2 were already in." """
    if not created:
        return (f"Nothing new to save: {_plural(already_in, what, what + 's')} "
                f"from the {workshop.town} workshop "
                f"{'was' if already_in == 1 else 'were'} already in.")
    said = f"Saved {_plural(created, what, what + 's')} from the {workshop.town} workshop."
    if already_in:
        said += f" {already_in} {'was' if already_in == 1 else 'were'} already in."
    return said


# --- ideas ---------------------------------------------------------------------

@blueprint.route("/workshops/<int:workshop_id>/ideas/new", methods=["GET", "POST"])
@role_required("facilitator", "admin")
def enter_ideas(workshop_id: int):
    workshop, closed = _entry_workshop(workshop_id)
    if closed:
        return _closed(workshop, closed)
    form = IdeasEntryForm()
    theme_choices = [SelectChoice(theme.id, theme.name) for theme in workshop.round.themes]
    if request.method == "POST" and ADD_ROWS in request.form:
        add_rows(form.ideas)
    elif form.validate_on_submit():
        filled = _filled(form.ideas)
        known = {choice.value for choice in theme_choices}
        forged = [entry for entry in filled
                  if any(theme not in known for theme in entry.form.themes.data or [])]
        for entry in forged:
            entry.form.themes.errors = ["Choose themes from the list."]
        if not filled:
            form.form_errors.append(
                "Type in at least one idea: its title and what government should commit to.")
        elif not forged:
            try:
                result = services.add_workshop_ideas(
                    current_user, workshop, [entry.form.values() for entry in filled])
            except services.EntryError as error:
                for position, errors in error.rows.items():
                    _place_errors(filled[position - 1], errors, {"theme_ids": "themes"})
            else:
                flash(_done(workshop, "idea", len(result.created), len(result.already_in)),
                      "success")
                return redirect(url_for(".manage", workshop_id=workshop.id))
    for entry in form.ideas.entries:
        entry.form.themes.choices = theme_choices
    _name_rows(form.ideas, "Idea")
    return render_template("workshops/manage/ideas.html", workshop=workshop,
                           round=workshop.round, form=form, max_rows=MAX_ROWS,
                           summary=_summary(form, form.ideas))


# --- comments ---------------------------------------------------------------------

@blueprint.route("/workshops/<int:workshop_id>/comments/new", methods=["GET", "POST"])
@role_required("facilitator", "admin")
def enter_comments(workshop_id: int):
    workshop, closed = _entry_workshop(workshop_id)
    if closed:
        return _closed(workshop, closed)
    form = CommentsEntryForm()
    if request.method == "POST" and ADD_ROWS in request.form:
        add_rows(form.comments)
    elif form.validate_on_submit():
        filled = _filled(form.comments)
        if not filled:
            form.form_errors.append("Type in at least one comment and the idea it is about.")
        else:
            rows = [{"reference": e.form.reference.data, "body": e.form.body.data} for e in filled]
            try:
                result = services.add_workshop_comments(current_user, workshop, rows)
            except services.EntryError as error:
                for position, errors in error.rows.items():
                    _place_errors(filled[position - 1], errors)
            else:
                flash(_done(workshop, "comment", len(result.created), len(result.already_in)),
                      "success")
                return redirect(url_for(".manage", workshop_id=workshop.id))
    _name_rows(form.comments, "Comment")
    # Show which idea each typed reference names, so a wrong one is easy to spot.
    ideas = {}
    if request.method == "POST":
        ideas, _errors = services.resolve_references(workshop, {
            entry.row_number: entry.form.reference.data
            for entry in form.comments.entries if entry.form.reference.data})
    return render_template("workshops/manage/comments.html", workshop=workshop,
                           round=workshop.round, form=form, ideas=ideas, max_rows=MAX_ROWS,
                           summary=_summary(form, form.comments))


# --- dot-vote tallies ----------------------------------------------------------------

@blueprint.route("/workshops/<int:workshop_id>/tallies", methods=["GET", "POST"])
@role_required("facilitator", "admin")
def tallies(workshop_id: int):
    workshop, closed = _entry_workshop(workshop_id)
    if closed:
        return _closed(workshop, closed)
    if request.method == "GET":
        current = manage_queries.workshop_tallies(workshop)
        form = TalliesForm(data={"existing": [
            {"idea_id": str(tally.idea_id), "dots": str(tally.dots)} for tally, _idea in current]})
    else:
        form = TalliesForm()
    if request.method == "POST" and ADD_ROWS in request.form:
        add_rows(form.new)
    elif form.validate_on_submit():
        existing = list(form.existing.entries)
        added = _filled(form.new)
        rows = [(f"I-{entry.form.idea_id.data}", entry.form.dots.data) for entry in existing]
        rows += [(entry.form.reference.data, entry.form.dots.data) for entry in added]
        if not rows:
            form.form_errors.append("Type in the reference of an idea and the dots it got.")
        else:
            try:
                changes = services.set_tallies_by_reference(current_user, workshop, rows,
                                                            reason=form.reason.data or "")
            except services.EntryError as error:
                for position, errors in error.rows.items():
                    if position <= len(existing):
                        _place_errors(existing[position - 1], errors, {"reference": "dots"})
                    else:
                        _place_errors(added[position - len(existing) - 1], errors)
            else:
                if changes:
                    flash(f"Saved: {_plural(len(changes), 'tally', 'tallies')} changed.", "success")
                else:
                    flash("Nothing to save: the tallies were already as shown.", "success")
                return redirect(url_for(".tallies", workshop_id=workshop.id))
    ideas = manage_queries.ideas_by_id(
        int(entry.form.idea_id.data) for entry in form.existing.entries
        if (entry.form.idea_id.data or "").isdigit())
    for entry in form.existing.entries:
        idea_id = entry.form.idea_id.data or ""
        entry.idea = ideas.get(int(idea_id)) if idea_id.isdigit() else None
        entry.row_name = f"I-{idea_id}"
    _name_rows(form.new, "New tally")
    return render_template("workshops/manage/tallies.html", workshop=workshop,
                           round=workshop.round, form=form, max_rows=MAX_ROWS,
                           summary=_summary(form, form.existing, form.new))
