"""Comment forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import HiddenInput

from manifesto.comments.models import COMMENT_MAX
from manifesto.spam import HoneypotMixin

EMPTY_MESSAGE = "Enter your comment"
TOO_LONG_MESSAGE = f"Your comment must be {COMMENT_MAX:,} characters or fewer"


class _MaxLength(Length):
    """Length check without the HTML maxlength attribute, which would cut a
    pasted comment short silently instead of saying it is too long."""

    def __init__(self, max: int, message: str):
        super().__init__(max=max, message=message)
        self.field_flags = {}


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class CommentForm(HoneypotMixin, FlaskForm):
    body = TextAreaField(
        "Add a comment",
        filters=[_strip],
        validators=[
            DataRequired(message=EMPTY_MESSAGE),
            _MaxLength(COMMENT_MAX, TOO_LONG_MESSAGE),
        ],
    )
    parent_id = IntegerField(widget=HiddenInput(), validators=[Optional()])


class EditCommentForm(FlaskForm):
    body = TextAreaField(
        "Your comment",
        filters=[_strip],
        validators=[
            DataRequired(message=EMPTY_MESSAGE),
            _MaxLength(COMMENT_MAX, TOO_LONG_MESSAGE),
        ],
    )


def blank_comment_form(idea_id: int, parent_id: int | None = None) -> CommentForm:
    """An empty form for the thread on the idea page. Reply forms get their own
    field ids (several forms share one page) and their own label."""
    form = CommentForm(formdata=None)
    if parent_id is not None:
        form.parent_id.data = parent_id
        body_id = f"reply-{parent_id}-body"
        form.body.label.text = "Your reply"
    else:
        body_id = f"comment-{idea_id}-body"
    form.body.id = body_id
    form.body.label.field_id = body_id
    form.website.id = form.website.label.field_id = f"{body_id}-website"
    return form
