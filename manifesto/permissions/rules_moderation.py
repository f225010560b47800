"""Moderation: flags, the queue, hiding, merging and blocking."""

from __future__ import annotations

from manifesto.permissions.core import _SIGN_IN, _authenticated, _is_admin, policy
from manifesto.permissions.rules_content import _may_post, _view_round

# Moderation: flags, the queue, hiding, merging and blocking.

def _is_moderator(user) -> bool:
    return _authenticated(user) and bool(user.roles & {"moderator", "admin"})


@policy("moderation.manage")
def _manage_moderation(user, _obj) -> str | None:
    if not _authenticated(user):
        return _SIGN_IN
    return None if _is_moderator(user) else "Only moderators can do this."


@policy("flag.create")
def _flag(user, target) -> str | None:
    """Reporting an idea or a comment: anyone who may post, not their own
    content (they can edit or delete it), only what the public can see."""
    from manifesto.ideas.models import Idea

    if not _authenticated(user):
        return _SIGN_IN
    idea = target if isinstance(target, Idea) else target.idea
    own = target.author_id is not None and target.author_id == user.id
    if isinstance(target, Idea):
        if target.status != "published":
            return "This idea is not shown to the public, so it cannot be reported."
        if own:
            return "This is your own idea: you can edit it instead of reporting it."
    else:
        if target.deleted_at is not None or target.hidden or idea.status != "published":
            return "This comment is no longer shown, so it cannot be reported."
        if own:
            return "This is your own comment: you can edit or delete it instead of reporting it."
    return _view_round(user, idea.round) or _may_post(user)


@policy("idea.merge")
def _merge_idea(user, idea) -> str | None:
    refused = _manage_moderation(user, idea)
    if refused is None and idea.status != "published":
        return "Only a published idea can be merged into another."
    return refused


@policy("account.block")
def _block_account(user, person) -> str | None:
    """Moderators block participants; only administrators block moderators
    or administrators (so a moderator cannot lock the administrators out).
    Blocking oneself is refused by the service, which says so."""
    refused = _manage_moderation(user, person)
    if refused is None and person.id != user.id and person.roles & {"moderator", "admin"} \
            and not _is_admin(user):
        return "Only administrators can block a moderator or an administrator."
    return refused
