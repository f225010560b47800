"""Merging a duplicate idea into another (form → confirmation → merge), and
undoing a merge. Routes of the "moderation" blueprint (views.py)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from manifesto import permissions
from manifesto.extensions import db
from manifesto.ideas.models import SCOPES, Idea
from manifesto.ideas.queries import similar_ideas
from manifesto.moderation import queries
from manifesto.moderation.forms import MergeForm, NextForm
from manifesto.moderation.merging import merge_ideas, undo_merge
from manifesto.moderation.services import ModerationError
from manifesto.moderation.views import MODERATORS, blueprint, idea_url
from manifesto.permissions import role_required

SEARCH_LIMIT = 10


def _load(idea_id: int) -> Idea | None:
    return db.session.scalar(
        select(Idea).where(Idea.id == idea_id)
        .options(joinedload(Idea.round), joinedload(Idea.author)))


def _target_problem(form: MergeForm, source: Idea) -> Idea | None:
    """The idea to merge into, or None with the reason next to the field."""
    target = _load(form.target_id())
    problem = (f"There is no idea {form.target.data}." if target is None
               else queries.merge_problem(source, target))
    if problem:
        form.target.errors = [*form.target.errors, problem]
        return None
    return target


def _merge(form: MergeForm, source: Idea, target: Idea):
    source_ref, source_title = source.reference, source.title
    try:
        merge = merge_ideas(current_user, source, target, text=form.text.data,
                            edited=form.edited(), note=form.note.data or "")
    except ModerationError as error:
        field = {"target": form.target, "text": form.text}.get(error.field or "")
        if field is not None:
            field.errors = [*field.errors, error.message]
        else:
            form.form_errors.append(error.message)
        return None
    snapshot = merge.snapshot
    flash(f"{source_ref} “{source_title}” was merged into this idea: "
          f"{len(snapshot['moved_support_ids'])} supporters moved over, "
          f"{len(snapshot['dropped_supports'])} who supported both counted once, "
          f"{sum(t['dots'] for t in snapshot['tallies'])} workshop dots and "
          f"{len(snapshot['comment_ids'])} comments moved.", "success")
    return redirect(idea_url(merge.target_id))


@blueprint.route("/moderation/ideas/<int:idea_id>/merge", methods=["GET", "POST"])
@role_required(*MODERATORS)
def merge(idea_id: int):
    source = permissions.require_found(_load(idea_id))
    permissions.require(current_user, "idea.merge", source)
    if request.method == "GET":
        form = MergeForm(data={
            "target": (request.args.get("target") or "")[:40], "text": "target",
            **{name: getattr(source, name) for name in MergeForm.EDITED_FIELDS},
        })
    else:
        form = MergeForm()
    search = (request.args.get("q") or "").strip()[:200]
    found = similar_ideas(source.round_id, search, limit=SEARCH_LIMIT, exclude_id=source.id) \
        if search else []
    if form.validate_on_submit():
        target = _target_problem(form, source)
        if target is not None and "edit" not in request.form:
            if form.confirmed.data == "1":
                done = _merge(form, source, target)
                if done is not None:
                    return done
            else:
                preview = queries.merge_preview(source, target, form.text.data, form.edited())
                return render_template("moderation/merge_confirm.html", form=form, source=source,
                                       target=target, preview=preview, round=source.round,
                                       scopes=SCOPES)
    return render_template("moderation/merge.html", form=form, source=source, round=source.round,
                           search=search, found=found)


@blueprint.route("/moderation/merges/<int:merge_id>/undo", methods=["POST"], endpoint="undo_merge")
@role_required(*MODERATORS)
def undo_merge_view(merge_id: int):
    merge = permissions.require_found(queries.merge_for_undo(merge_id))
    permissions.require(current_user, "moderation.manage", merge)
    form = NextForm()
    source_id, target_id, source_ref = merge.source_id, merge.target_id, merge.source.reference
    if form.validate_on_submit():
        try:
            undo_merge(current_user, merge)
        except ModerationError as error:
            flash(error.message, "error")
            return redirect(idea_url(target_id))
        flash(f"Merge undone: {source_ref} is its own idea again, with its supporters, "
              "workshop dots and comments back.", "success")
        return redirect(idea_url(source_id))
    return redirect(idea_url(target_id))
