"""Reporting content, the moderation queue, hiding and restoring, and
blocking accounts. Merging lives in merge_views.py (same blueprint).

Every moderator action is a POST carrying a CSRF token, done by a service,
then a redirect back (to a local ``next`` address) with a message."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from manifesto import permissions
from manifesto.accounts.models import User
from manifesto.comments.models import Comment
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.ideas.queries import Page
from manifesto.moderation import queries, services
from manifesto.moderation.forms import BlockForm, FlagForm, HideForm, NextForm, hide_form_for
from manifesto.moderation.models import FLAG_REASONS, HIDE_REASONS
from manifesto.permissions import role_required, signed_in
from manifesto.security import safe_next

blueprint = Blueprint("moderation", __name__)
MODERATORS = ("moderator", "admin")
MAX_PAGE = 100_000

blueprint.add_app_template_global(HIDE_REASONS, "hide_reasons")
blueprint.add_app_template_global(FLAG_REASONS, "flag_reasons")


@blueprint.app_template_global()
def flag_refusal(target) -> permissions.Refusal | None:
    """None when the current person may report ``target``; otherwise why not."""
    return permissions.refusal_for(current_user, "flag.create", target, "Sign in to report")


@blueprint.app_template_global()
def moderation_open_count() -> int:
    return queries.open_item_count()


def _idea(idea_id: int) -> Idea:
    return permissions.require_found(db.session.get(Idea, idea_id))


def _comment(comment_id: int) -> Comment:
    return permissions.require_found(db.session.get(Comment, comment_id))


def idea_url(idea_id: int) -> str:
    return url_for("ideas.show", idea_id=idea_id)


def comment_url(comment: Comment) -> str:
    return url_for("ideas.show", idea_id=comment.idea_id, _anchor=f"comment-{comment.id}")


def _back(form, default: str):
    return redirect(safe_next(form.next.data if form is not None else None, default))


def _describe(target) -> str:
    return target.reference if isinstance(target, Idea) else "The comment"


# --- reporting ------------------------------------------------------------------

def _report(target, back: str):
    if request.method == "GET":
        refused = permissions.reason_refused(current_user, "flag.create", target)
        if refused is not None:  # said on a page, as the idea form does when closed
            return render_template("moderation/report_refused.html", target=target,
                                   reason=refused, back=back)
    permissions.require(current_user, "flag.create", target)
    form = FlagForm()
    already = services.has_flagged(current_user, target)
    if not already and form.validate_on_submit():
        try:
            services.raise_flag(current_user, target, form.reason.data, form.details.data)
        except services.ModerationError as error:
            field = getattr(form, error.field, None) if error.field else None
            if field is not None:
                field.errors = [*field.errors, error.message]
            else:
                already = True
        else:
            flash("Thank you for your report. The moderators will look at it.", "success")
            return redirect(back)
    return render_template("moderation/report.html", form=form, target=target, back=back,
                           already=already)


@blueprint.route("/ideas/<int:idea_id>/report", methods=["GET", "POST"])
@signed_in
def report_idea(idea_id: int):
    idea = _idea(idea_id)
    return _report(idea, idea_url(idea.id))


@blueprint.route("/comments/<int:comment_id>/report", methods=["GET", "POST"])
@signed_in
def report_comment(comment_id: int):
    comment = _comment(comment_id)
    return _report(comment, comment_url(comment))


# --- the queue ------------------------------------------------------------------

@blueprint.route("/moderation/")
@role_required(*MODERATORS)
def queue():
    permissions.require(current_user, "moderation.manage")
    order = request.args.get("order")
    order = order if order in services.QUEUE_ORDERS else "newest"
    number = min(max(request.args.get("page", 1, type=int), 1), MAX_PAGE)
    entries, total = queries.queue_page(order, number)
    page = Page(items=entries, page=number, per_page=queries.QUEUE_PER_PAGE, total=total)
    here = url_for(".queue", order=order, page=number)
    hidden_ideas, hidden_comments = queries.recently_hidden()
    return render_template(
        "moderation/queue.html", page=page, order=order, orders=services.QUEUE_ORDERS, here=here,
        hide_forms={entry.anchor: hide_form_for(entry.anchor, here) for entry in entries},
        hidden_ideas=hidden_ideas, hidden_comments=hidden_comments,
    )


# --- hide, keep, restore ---------------------------------------------------------

def _hide(target, hide, default: str):
    permissions.require(current_user, "moderation.manage", target)
    form = HideForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next"), default)
    elif form.validate_on_submit():
        try:
            hide(current_user, target, form.reason.data, form.note.data)
        except services.ModerationError as error:
            if error.field == "reason":
                form.reason.errors = [*form.reason.errors, error.message]
            else:
                form.form_errors.append(error.message)
        else:
            flash(f"{_describe(target)} is hidden. In its place people see "
                  f"“Hidden by moderators: {HIDE_REASONS[form.reason.data]}”.", "success")
            return _back(form, default)
    return render_template("moderation/hide.html", form=form, target=target,
                           back=safe_next(form.next.data, default))


@blueprint.route("/moderation/ideas/<int:idea_id>/hide", methods=["GET", "POST"])
@role_required(*MODERATORS)
def hide_idea(idea_id: int):
    idea = _idea(idea_id)
    return _hide(idea, services.hide_idea, idea_url(idea.id))


@blueprint.route("/moderation/comments/<int:comment_id>/hide", methods=["GET", "POST"])
@role_required(*MODERATORS)
def hide_comment(comment_id: int):
    comment = _comment(comment_id)
    return _hide(comment, services.hide_comment, comment_url(comment))


def _act(target, action, done: str, default: str):
    """A one-button action (keep, restore): POST, service, back with a message."""
    permissions.require(current_user, "moderation.manage", target)
    form = NextForm()
    if form.validate_on_submit():
        try:
            action(current_user, target)
        except services.ModerationError as error:
            flash(error.message, "error")
        else:
            flash(done, "success")
    return _back(form, default)


@blueprint.route("/moderation/ideas/<int:idea_id>/keep", methods=["POST"])
@role_required(*MODERATORS)
def keep_idea(idea_id: int):
    idea = _idea(idea_id)
    return _act(idea, services.dismiss_flags,
                f"The reports on {idea.reference} are closed; the idea stays as it is.",
                url_for(".queue"))


@blueprint.route("/moderation/comments/<int:comment_id>/keep", methods=["POST"])
@role_required(*MODERATORS)
def keep_comment(comment_id: int):
    comment = _comment(comment_id)
    return _act(comment, services.dismiss_flags,
                "The reports on the comment are closed; it stays as it is.", url_for(".queue"))


@blueprint.route("/moderation/ideas/<int:idea_id>/restore", methods=["POST"])
@role_required(*MODERATORS)
def restore_idea(idea_id: int):
    idea = _idea(idea_id)
    return _act(idea, services.restore_idea,
                f"{idea.reference} is visible again; its author has been told.", idea_url(idea.id))


@blueprint.route("/moderation/comments/<int:comment_id>/restore", methods=["POST"])
@role_required(*MODERATORS)
def restore_comment(comment_id: int):
    comment = _comment(comment_id)
    return _act(comment, services.restore_comment, "The comment is visible again.",
                comment_url(comment))


# --- blocking accounts -------------------------------------------------------------

@blueprint.route("/moderation/people/<int:user_id>", methods=["GET", "POST"])
@role_required(*MODERATORS)
def person(user_id: int):
    person = permissions.require_found(db.session.get(User, user_id))
    permissions.require(current_user, "moderation.manage", person)
    form = BlockForm()
    if form.validate_on_submit():
        permissions.require(current_user, "account.block", person)
        try:
            if form.action.data == "unblock":
                block = services.unblock_account(current_user, person)
                message = (f"{person.display_name} can sign in and post again; what the block "
                           f"hid is visible again ({len(block.hidden_idea_ids)} ideas, "
                           f"{len(block.hidden_comment_ids)} comments).")
            else:
                block = services.block_account(current_user, person, form.reason.data)
                message = (f"{person.display_name} is blocked and signed out everywhere; "
                           f"{len(block.hidden_idea_ids)} ideas and {len(block.hidden_comment_ids)} "
                           "comments are hidden.")
        except services.ModerationError as error:
            form.form_errors.append(error.message)
        else:
            flash(message, "success")
            return redirect(url_for(".person", user_id=person.id))
    return render_template(
        "moderation/person.html", person=person, form=form, summary=queries.person_summary(person),
        refusal=permissions.reason_refused(current_user, "account.block", person),
        is_self=person.id == current_user.id,
    )


from manifesto.moderation import merge_views  # noqa: E402,F401  (its routes join this blueprint)
