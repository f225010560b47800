"""Supports: one per person per idea."""
