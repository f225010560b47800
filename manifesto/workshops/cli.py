"""CLI for workshops: ``flask import-workshop FILE --workshop ID``."""

from __future__ import annotations

from flask import Flask


def register_workshop_commands(app: Flask) -> None:
    pass
