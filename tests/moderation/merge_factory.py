"""A real merge to point URLs at (the route walk's ``merge_id``)."""

from __future__ import annotations

from manifesto.moderation.merging import merge_ideas
from tests.factories import make_idea, make_user


def merge_into(target, moderator=None):
    """Merge a new duplicate of ``target`` into it; returns the IdeaMerge."""
    duplicate = make_idea(target.round, make_user(), title=f"Duplicate of {target.title}")
    return merge_ideas(moderator or make_user(roles=("moderator",)), duplicate, target)
