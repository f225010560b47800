"""Comment, reply, edit and delete: plain forms that work without JavaScript."""

from __future__ import annotations


from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from manifesto import permissions
from manifesto.comments import services
from manifesto.comments.forms import CommentForm, EditCommentForm, blank_comment_form
from manifesto.comments.models import Comment
from manifesto.extensions import db, limiter
from manifesto.ideas.models import Idea
from manifesto.moderation.limits import account_key
from manifesto.permissions import signed_in

blueprint = Blueprint("comments", __name__)


@blueprint.app_template_global()
def comment_refusal(idea: Idea) -> permissions.Refusal | None:
    """None when the current person may do this to ``idea``; otherwise why not."""
    return permissions.refusal_for(current_user, "comment.create", idea, "Sign in to comment")


blueprint.add_app_template_global(blank_comment_form, "comment_form")


def _idea_url(idea_id: int, anchor: str) -> str:
    return url_for("ideas.show", idea_id=idea_id, _anchor=anchor)


def _load_comment(comment_id: int) -> Comment:
    return permissions.require_found(db.session.get(Comment, comment_id))


def _show_error(form, error: services.CommentError) -> None:
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


@blueprint.route("/ideas/<int:idea_id>/comments", methods=["POST"])
@signed_in
@limiter.limit(lambda: current_app.config["COMMENT_RATE_LIMIT"])
@limiter.limit(lambda: current_app.config["ACCOUNT_COMMENT_RATE_LIMIT"], key_func=account_key)
def create(idea_id: int):
    idea = permissions.require_found(db.session.get(Idea, idea_id))
    permissions.require(current_user, "comment.create", idea)
    form = CommentForm()
    parent = None
    if form.validate_on_submit() and not form.caught_by_honeypot():
        parent = db.session.get(Comment, form.parent_id.data) if form.parent_id.data else None
        if form.parent_id.data and parent is None:
            form.form_errors.append("The comment you replied to no longer exists.")
        else:
            try:
                comment = services.add_comment(current_user, idea, form.body.data, parent=parent)
            except services.CommentError as error:
                _show_error(form, error)
            else:
                flash("Your reply has been posted." if comment.parent_id else "Your comment has been posted.",
                      "success")
                return redirect(_idea_url(idea.id, f"comment-{comment.id}"))
    elif form.parent_id.errors:
        abort(400)  # the hidden field was tampered with
    elif form.parent_id.data:
        parent = db.session.get(Comment, form.parent_id.data)
    if parent is not None and parent.idea_id == idea.id:
        form.body.label.text = "Your reply"
    else:
        parent = None
    return render_template("comments/form.html", idea=idea, form=form, parent=parent)


@blueprint.route("/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@signed_in
def edit(comment_id: int):
    comment = _load_comment(comment_id)
    permissions.require(current_user, "comment.edit", comment)
    form = EditCommentForm(data={"body": comment.body})
    if form.validate_on_submit():
        try:
            services.edit_comment(current_user, comment, form.body.data)
        except services.CommentError as error:
            _show_error(form, error)
        else:
            flash("Your comment has been updated.", "success")
            return redirect(_idea_url(comment.idea_id, f"comment-{comment.id}"))
    return render_template("comments/edit.html", comment=comment, idea=comment.idea, form=form)


@blueprint.route("/comments/<int:comment_id>/delete", methods=["GET", "POST"])
@signed_in
def delete(comment_id: int):
    """GET asks for confirmation; only the POST deletes."""
    comment = _load_comment(comment_id)
    permissions.require(current_user, "comment.delete", comment)
    form = FlaskForm()  # only the CSRF token
    if form.validate_on_submit():
        idea_id = comment.idea_id
        try:
            services.delete_comment(current_user, comment)
        except services.CommentError as error:
            flash(error.message, "error")
        else:
            flash("Your comment has been deleted.", "success")
        return redirect(_idea_url(idea_id, "comments"))
    return render_template("comments/confirm_delete.html", comment=comment, idea=comment.idea, form=form)
