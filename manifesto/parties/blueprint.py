"""The parties blueprint, shared by the public, admin and sheet views.

``cli_group=None`` puts its command at the top level: ``flask send-mail``."""

from __future__ import annotations

from flask import Blueprint

from manifesto.parties import outbox

blueprint = Blueprint("parties", __name__, cli_group=None)
outbox.register_commands(blueprint.cli)
