"""The manifesto as JSON (the whole document) and CSV (one row per commitment)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from manifesto.exports.formats import csv_line, iso, json_text
from manifesto.exports.manifesto_doc import NOT_STATED, CommitmentEntry, Manifesto
from manifesto.workshops.models import NATIONS

_NATION_COLUMNS = [(key, label) for key, label in NATIONS.items()]

CSV_COLUMNS = (
    ["number", "reference", "theme", "title", "commit_to", "current_situation", "we_call_for",
     "lead_body", "online_supporters", "workshop_dots", "combined_support", "workshops",
     "workshop_nations", "comments"]
    + [f"online_supporters_{key}" for key, _ in _NATION_COLUMNS]
    + ["online_supporters_nation_not_stated"]
    + [f"workshop_dots_{key}" for key, _ in _NATION_COLUMNS]
    + ["source_ideas", "url"]
)


def _commitment(entry: CommitmentEntry) -> dict[str, Any]:
    evidence = entry.evidence
    return {
        "number": entry.number, "reference": entry.reference, "theme": entry.theme,
        "title": entry.title, "commit_to": entry.commit_to,
        "current_situation": entry.current_situation, "we_call_for": entry.we_call_for,
        "lead_body": entry.lead_body, "url": entry.url,
        "evidence": {
            "online_supporters": evidence.supporters, "workshop_dots": evidence.dots,
            "combined_support": evidence.combined, "workshops": evidence.workshops,
            "workshop_nations": evidence.nations, "comments": evidence.comments,
            "by_nation": [asdict(row) for row in evidence.by_nation],
        },
        "source_ideas": [asdict(idea) for idea in entry.source_ideas],
    }


def as_dict(manifesto: Manifesto) -> dict[str, Any]:
    return {
        "metadata": {
            "round": manifesto.slug, "title": manifesto.title,
            "published_at": iso(manifesto.published_at), "url": manifesto.url,
            "licence": {"id": manifesto.licence, "name": manifesto.licence_name,
                        "url": manifesto.licence_url},
        },
        "introduction": manifesto.introduction,
        "themes": [{"name": theme.name, "description": theme.description,
                    "commitments": [entry.number for entry in theme.commitments]}
                   for theme in manifesto.themes],
        "commitments": [_commitment(entry) for entry in manifesto.commitments],
        "appendix": {
            "method": manifesto.method, "ranking": manifesto.tie_break,
            "criteria": [asdict(criterion) for criterion in manifesto.criteria],
            "workshops": [{**asdict(w), "held_on": iso(w.held_on)} for w in manifesto.workshops],
            "totals": asdict(manifesto.totals),
        },
    }


def as_json(manifesto: Manifesto) -> bytes:
    return (json_text(as_dict(manifesto), indent=2) + "\n").encode("utf-8")


def _row(entry: CommitmentEntry) -> list[Any]:
    evidence = entry.evidence
    by_nation = {row.nation: row for row in evidence.by_nation}

    def of(label: str, attribute: str) -> int:
        row = by_nation.get(label)
        return getattr(row, attribute) if row else 0

    return (
        [entry.number, entry.reference, entry.theme, entry.title, entry.commit_to,
         entry.current_situation, "\n".join(entry.we_call_for), entry.lead_body,
         evidence.supporters, evidence.dots, evidence.combined, evidence.workshops,
         "; ".join(evidence.nations), evidence.comments]
        + [of(label, "supporters") for _, label in _NATION_COLUMNS]
        + [of(NOT_STATED, "supporters")]
        + [of(label, "dots") for _, label in _NATION_COLUMNS]
        + ["; ".join(idea.reference for idea in entry.source_ideas), entry.url]
    )


def as_csv(manifesto: Manifesto) -> bytes:
    lines = [csv_line(CSV_COLUMNS)] + [csv_line(_row(e)) for e in manifesto.commitments]
    return "".join(lines).encode("utf-8")
