"""Administrators' pages: the party list, recording a party's response to a
commitment, and adding progress updates."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from manifesto import permissions
from manifesto.extensions import db
from manifesto.parties import outbox, progress, queries, responses, services
from manifesto.parties.blueprint import blueprint
from manifesto.parties.forms import PartyForm, ProgressForm, ResponseForm, choices
from manifesto.parties.models import Party
from manifesto.parties.services import PartyError
from manifesto.permissions import role_required

ID = "int(max=2147483647)"


def show_errors(form, error: PartyError) -> None:
    """A service's messages next to the fields they are about (else at the top)."""
    for name, message in error.errors.items():
        field = form._fields.get(name) if name else None
        if field is not None:
            field.errors = [*field.errors, message]
        else:
            form.form_errors.append(message)


# --- the party list ---------------------------------------------------------------------

@blueprint.route("/admin/parties")
@role_required("admin")
def parties():
    permissions.require(current_user, "party.manage")
    return render_template("parties/admin/parties.html", parties=services.all_parties())


def _party(party_id: int) -> Party:
    party = permissions.require_found(db.session.get(Party, party_id))
    permissions.require(current_user, "party.manage", party)
    return party


def _party_form(party: Party | None):
    form = PartyForm(obj=None if request.method == "POST" else party)
    if request.method != "POST" and party is not None:
        form.nations.data = party.nations
    if form.validate_on_submit():
        try:
            saved = services.save_party(
                current_user, party, name=form.name.data, short_name=form.short_name.data,
                colour=form.colour.data, nations=form.nations.data or [],
                website=form.website.data)
        except PartyError as error:
            show_errors(form, error)
        else:
            flash(f"Saved {saved.name}.", "success")
            return redirect(url_for(".parties"))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("parties/admin/party_form.html", form=form, party=party), status


@blueprint.route("/admin/parties/new", methods=["GET", "POST"])
@role_required("admin")
def new_party():
    permissions.require(current_user, "party.manage")
    return _party_form(None)


@blueprint.route(f"/admin/parties/<{ID}:party_id>/edit", methods=["GET", "POST"])
@role_required("admin")
def edit_party(party_id: int):
    return _party_form(_party(party_id))


@blueprint.route(f"/admin/parties/<{ID}:party_id>/delete", methods=["POST"])
@role_required("admin")
def delete_party(party_id: int):
    party = _party(party_id)
    name = party.name
    try:
        services.delete_party(current_user, party)
    except PartyError as error:
        flash(error.errors.get("", str(error)), "error")
    else:
        flash(f"Removed {name}.", "success")
    return redirect(url_for(".parties"))


# --- a round's responses, for administrators --------------------------------------------

@blueprint.route("/admin/rounds/<slug>/responses")
@role_required("admin")
def round_responses(slug: str):
    round_ = permissions.require_found(queries.round_by_slug(slug))
    permissions.require(current_user, "party.record", round_)
    card = queries.scorecard(round_)
    return render_template("parties/admin/round.html", round=round_, card=card,
                           published=queries.is_published(round_))


# --- recording a response ---------------------------------------------------------------

def _commitment(commitment_id: int):
    commitment = permissions.require_found(queries.load_commitment(commitment_id))
    permissions.require(current_user, "party.record", commitment)
    return commitment


def _chosen_party(value) -> Party | None:
    text = str(value or "")
    return db.session.get(Party, int(text)) if text.isdigit() and len(text) < 10 else None


def _submit(form, closed: str | None, save):
    """A valid POST while the commitment takes records runs ``save()`` (one
    service call, which flashes and returns the redirect); then the mail it
    queued goes out after the response. Returns (redirect or None, status)."""
    if closed is None and form.validate_on_submit():
        try:
            done = save()
        except PartyError as error:
            show_errors(form, error)
            return None, 422
        outbox.send_soon()
        return done, 302
    if request.method == "POST":
        return None, 409 if closed else 422
    return None, 200


@blueprint.route(f"/admin/commitments/<{ID}:commitment_id>/responses", methods=["GET", "POST"])
@role_required("admin")
def record_response(commitment_id: int):
    commitment = _commitment(commitment_id)
    closed = responses.closed_reason(commitment)
    form = ResponseForm()
    all_parties = services.all_parties()
    form.party.choices = choices([("", "Choose a party")]
                                 + [(str(p.id), p.name) for p in all_parties])
    if request.method == "GET":
        party = _chosen_party(request.args.get("party"))
        existing = responses.response_for(party.id, commitment.id) if party else None
        if party is not None:
            form.party.data = str(party.id)
        if existing is not None:
            form.stance.data, form.quote.data = existing.stance, existing.quote
            form.evidence_url.data, form.stated_on.data = existing.evidence_url, existing.stated_on

    def save():
        party = _chosen_party(form.party.data)
        if party is None:
            raise PartyError({"party": "Choose the party whose response this is."})
        applied = responses.record_response(
            current_user, party, commitment, stance=form.stance.data, quote=form.quote.data,
            evidence_url=form.evidence_url.data, stated_on=form.stated_on.data,
            date_text=getattr(form.stated_on, "raw", ""))
        said = {"new": "Recorded", "changed": "Changed", "same": "No change to"}[applied.outcome]
        flash(f"{said} {party.name}'s response: {applied.response.stance_label}.", "success")
        return redirect(url_for(".record_response", commitment_id=commitment.id))

    done, status = _submit(form, closed, save)
    return done or (render_template(
        "parties/admin/record_response.html", form=form, commitment=commitment,
        round=commitment.round, closed=closed, cells=queries.commitment_responses(commitment),
        has_parties=bool(all_parties)), status)


# --- progress ---------------------------------------------------------------------------

@blueprint.route(f"/admin/commitments/<{ID}:commitment_id>/progress", methods=["GET", "POST"])
@role_required("admin")
def record_progress(commitment_id: int):
    commitment = _commitment(commitment_id)
    closed = responses.closed_reason(commitment)
    form = ProgressForm()

    def save():
        progress.add_progress(
            current_user, commitment, status=form.status.data, note=form.note.data,
            source_url=form.source_url.data, happened_on=form.happened_on.data,
            date_text=getattr(form.happened_on, "raw", ""))
        flash("Progress update added.", "success")
        return redirect(url_for(".progress_page", commitment_id=commitment.id))

    done, status = _submit(form, closed, save)
    return done or (render_template(
        "parties/admin/record_progress.html", form=form, commitment=commitment,
        round=commitment.round, closed=closed, updates=progress.timeline(commitment)), status)
