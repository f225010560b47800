"""Open data on a published manifesto's follow-up: the parties' responses
to each commitment and the progress made in delivering them, as CSV and
JSON. Built from manifesto.parties.queries (plain dicts, no personal data:
never who recorded a response or an update). Small tables — one row per
party per commitment at most — so written in one go rather than streamed.
"""

from __future__ import annotations

from typing import Any, Callable

from flask import url_for

from manifesto.exports.cells import safe_row
from manifesto.exports.formats import csv_line, json_text
from manifesto.exports.open_data import About
from manifesto.parties.queries import progress_for_round, responses_for_round
from manifesto.rounds.models import Round

RESPONSE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "The response's number on this site."),
    ("commitment_id", "The commitment's id (C-12 is commitment 12)."),
    ("commitment_number", "The commitment's number in the manifesto."),
    ("commitment_title", "The commitment's title."),
    ("party_id", "The party's id on this site."),
    ("party_name", "The party's name."),
    ("party_short_name", "Its short name, as on the scorecard."),
    ("stance", "committed, partly or declined."),
    ("stance_label", "The stance in words."),
    ("quote", "What the party said."),
    ("evidence_url", "Where it said it."),
    ("stated_on", "When it said it (ISO 8601 date), if known."),
    ("recorded_at", "When it was first recorded here (UTC, ISO 8601)."),
    ("updated_at", "When it last changed (UTC, ISO 8601), if it has."),
    ("url", "The response's page on this site."),
)
PROGRESS_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "The update's number on this site."),
    ("commitment_id", "The commitment's id (C-12 is commitment 12)."),
    ("commitment_number", "The commitment's number in the manifesto."),
    ("commitment_title", "The commitment's title."),
    ("status", "not_started, in_action_plan, in_progress, delivered or dropped."),
    ("status_label", "The status in words."),
    ("note", "What happened."),
    ("source_url", "A source for it."),
    ("happened_on", "When it happened (ISO 8601 date)."),
    ("recorded_at", "When it was recorded here (UTC, ISO 8601)."),
)
PERSONAL_DATA = "None: never who recorded a response or an update."


def response_rows(round_: Round) -> list[dict[str, Any]]:
    rows = []
    for item in responses_for_round(round_):
        party = item["party"]
        rows.append({
            "id": item["id"], "commitment_id": item["commitment_id"],
            "commitment_number": item["commitment_number"],
            "commitment_title": item["commitment_title"], "party_id": party["id"],
            "party_name": party["name"], "party_short_name": party["short_name"],
            "stance": item["stance"], "stance_label": item["stance_label"],
            "quote": item["quote"] or "", "evidence_url": item["evidence_url"] or "",
            "stated_on": item["stated_on"], "recorded_at": item["recorded_at"],
            "updated_at": item["updated_at"],
            "url": url_for("parties.response", response_id=item["id"], _external=True),
        })
    return rows


def progress_rows(round_: Round) -> list[dict[str, Any]]:
    names = [name for name, _ in PROGRESS_COLUMNS]
    return [{name: ("" if item[name] is None and name in ("note", "source_url") else item[name])
             for name in names} for item in progress_for_round(round_)]


KINDS: dict[str, tuple[tuple[tuple[str, str], ...], Callable[[Round], list[dict]]]] = {
    "responses": (RESPONSE_COLUMNS, response_rows),
    "progress": (PROGRESS_COLUMNS, progress_rows),
}


def as_csv(round_: Round, kind: str) -> str:
    columns, rows = KINDS[kind]
    names = [name for name, _ in columns]
    return csv_line(names) + "".join(
        csv_line(safe_row(row[name] for name in names)) for row in rows(round_))


def as_json(round_: Round, kind: str) -> str:
    """``{"metadata": {...}, "<kind>": [...]}``: text exactly as recorded."""
    columns, rows = KINDS[kind]
    metadata = About.of(round_).metadata() | {"fields": dict(columns),
                                               "personal_data": PERSONAL_DATA}
    return json_text({"metadata": metadata, kind: rows(round_)}, indent=1) + "\n"


def filename(round_: Round, kind: str, fmt: str) -> str:
    return f"{round_.slug}-{kind}.{fmt}"
