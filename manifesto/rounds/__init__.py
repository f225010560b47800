"""Rounds (manifesto exercises) and their themes."""
