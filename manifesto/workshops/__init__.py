"""Workshops: offline meetings and the ideas, comments and dot votes they bring in."""
