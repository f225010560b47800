"""Moderation: flags, the queue, hiding and restoring, merging duplicates, blocking accounts."""
