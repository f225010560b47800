"""Rounds, administration, ideas, comments and supports."""

from __future__ import annotations

from manifesto.permissions.core import _SIGN_IN, _authenticated, _is_admin, policy

# Rounds and administration.

@policy("round.manage")
def _manage_rounds(user, _round) -> str | None:
    if not _authenticated(user):
        return _SIGN_IN
    return None if _is_admin(user) else "Only administrators can manage rounds."


@policy("round.view")
def _view_round(user, round_) -> str | None:
    if round_.phase != "draft" or _is_admin(user):
        return None
    return "This round is not public yet."


@policy("user.manage")
def _manage_users(user, _other) -> str | None:
    if not _authenticated(user):
        return _SIGN_IN
    return None if _is_admin(user) else "Only administrators can manage people's roles."


# Ideas.

def _round_open(round_) -> str | None:
    return round_.closed_reason()


def _may_post(user) -> str | None:
    """Blocked accounts never post; new ones confirm their address first."""
    from manifesto.accounts.verification import NEEDS_VERIFICATION, needs_verification

    if getattr(user, "blocked_at", None) is not None:
        return "This account has been blocked by the moderators."
    if needs_verification(user):
        return NEEDS_VERIFICATION
    return None


@policy("idea.view")
def _view_idea(user, idea) -> str | None:
    if idea.status in ("published", "merged"):
        return _view_round(user, idea.round)
    if _authenticated(user) and (idea.author_id == user.id or user.roles & {"moderator", "admin"}):
        return None
    return "This idea is not available."


@policy("idea.create")
def _create_idea(user, round_) -> str | None:
    if not _authenticated(user):
        return _SIGN_IN
    return _round_open(round_) or _may_post(user)


@policy("idea.edit")
def _edit_idea(user, idea) -> str | None:
    if not _authenticated(user):
        return _SIGN_IN
    if idea.author_id != user.id:
        return "Only the person who submitted this idea can edit it."
    if idea.status != "published":
        return "This idea can no longer be edited."
    return _round_open(idea.round)


# Comments.

@policy("comment.create")
def _create_comment(user, idea) -> str | None:
    if not _authenticated(user):
        return _SIGN_IN
    if idea.status != "published":
        return "This idea is not taking comments."
    return _round_open(idea.round) or _may_post(user)


@policy("comment.edit")
def _edit_comment(user, comment) -> str | None:
    if not _authenticated(user):
        return _SIGN_IN
    if comment.author_id != user.id:
        return "Only the person who wrote this comment can change it."
    if comment.is_deleted:
        return "This comment has been deleted."
    return _round_open(comment.idea.round)


@policy("comment.delete")
def _delete_comment(user, comment) -> str | None:
    if not _authenticated(user):
        return _SIGN_IN
    if comment.author_id != user.id:
        return "Only the person who wrote this comment can delete it."
    if comment.is_deleted:
        return "This comment has already been deleted."
    return None


# Supports.

@policy("idea.support")
def _support_idea(user, idea) -> str | None:
    if not _authenticated(user):
        return _SIGN_IN
    if idea.status != "published":
        return "This idea cannot be supported."
    return _round_open(idea.round)
