"""Open data: every published idea of a round, as CSV, JSON and XLSX.

Only what the public pages show: hidden, merged and withdrawn ideas never
appear, and there is no personal data — no emails, and no author names,
because accounts have no setting by which people choose to show their name
in published data (workshop ideas are credited to their workshop). Rows are
read in batches (``yield_per``) and written as they come: CSV and JSON are
streamed; XLSX is written row by row (openpyxl's write-only mode) to a
temporary file, so memory stays flat whatever the size of the round.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Any, Iterator

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from manifesto.exports.formats import csv_line, iso, json_text, xlsx_row
from manifesto.exports.manifesto_doc import is_published
from manifesto.extensions import db
from manifesto.ideas.models import Idea, idea_themes
from manifesto.panel.models import Commitment, commitment_ideas
from manifesto.rounds.models import Round
from manifesto.workshops.models import Workshop

BATCH = 2000
FORMATS = ("csv", "json", "xlsx")
MIMETYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

#: (column, what it holds): the CSV/XLSX headings, the JSON keys, and the
#: descriptions on the open data page and in the XLSX "About" sheet.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "The idea's number on this site."),
    ("reference", "Its short code (I-123), as written on workshop sheets."),
    ("title", "The idea's title."),
    ("problem", "The current situation: the problem it addresses."),
    ("proposal", "What government should commit to."),
    ("impact", "The difference it would make."),
    ("who_should_act", "Who should act on it."),
    ("themes", "The round's themes it belongs to (separated by '; ' in CSV and XLSX)."),
    ("scope", "Where it applies: uk, england, scotland, wales, northern_ireland or local."),
    ("source", "How it came in: online, workshop or import."),
    ("workshop_id", "The workshop it came from, when it came from one."),
    ("workshop_title", "That workshop's title."),
    ("workshop_town", "The town where that workshop was held."),
    ("support_count", "People who supported it online."),
    ("workshop_dots", "Dot votes it got at workshops."),
    ("comment_count", "Comments shown on its page."),
    ("status", "Always 'published': hidden, merged and withdrawn ideas are left out."),
    ("commitment_reference", "The published commitment it fed (C-12), if any."),
    ("commitment_number", "That commitment's number in the manifesto."),
    ("created_at", "When it was submitted (UTC, ISO 8601)."),
    ("url", "Its page on this site."),
)
NAMES = [name for name, _ in COLUMNS]


@dataclass(frozen=True)
class About:
    """What every file says about itself."""

    round: str
    title: str
    licence: str
    licence_name: str
    licence_url: str
    page: str

    @classmethod
    def of(cls, round_: Round) -> "About":
        return cls(round_.slug, round_.title, round_.data_licence, round_.licence_name,
                   round_.licence_url, url_for("exports.open_data_page", slug=round_.slug,
                                               _external=True))

    def metadata(self) -> dict[str, Any]:
        return {
            "round": self.round, "title": self.title,
            "licence": {"id": self.licence, "name": self.licence_name, "url": self.licence_url},
            "source": self.page,
            "personal_data": "None: no email addresses and no names of the people who "
                             "submitted ideas.",
            "fields": dict(COLUMNS),
        }


def _published(round_id: int):
    return (
        select(Idea.id, Idea.title, Idea.problem, Idea.proposal, Idea.impact,
               Idea.who_should_act, Idea.scope, Idea.source, Idea.workshop_id,
               Workshop.title, Workshop.town, Idea.support_count, Idea.dot_count,
               Idea.comment_count, Idea.status, Idea.created_at)
        .outerjoin(Workshop, Workshop.id == Idea.workshop_id)
        .where(Idea.round_id == round_id, Idea.status == "published")
        .order_by(Idea.id)
    )


def _themes_of(session: Session, ids: list[int], names: dict[int, str]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for idea_id, theme_id in session.execute(
        select(idea_themes.c.idea_id, idea_themes.c.theme_id)
        .where(idea_themes.c.idea_id.in_(ids))
    ):
        if theme_id in names:
            found.setdefault(idea_id, []).append(theme_id)
    order = {theme_id: position for position, theme_id in enumerate(names)}
    return {idea_id: [names[t] for t in sorted(themes, key=order.__getitem__)]
            for idea_id, themes in found.items()}


def _commitments_of(session: Session, ids: list[int]) -> dict[int, tuple[str, int]]:
    """Published commitments only: drafts are the panel's working papers."""
    link = commitment_ideas.c
    return {idea_id: (f"C-{cid}", number) for idea_id, cid, number in session.execute(
        select(link.idea_id, Commitment.id, Commitment.number)
        .join(Commitment, Commitment.id == link.commitment_id)
        .where(link.idea_id.in_(ids), Commitment.number.is_not(None)))}


@dataclass(frozen=True)
class Source:
    """What the writers need from the round and the request, taken up front,
    so a streamed file can be written after the request has ended (in an
    application context of its own) from nothing but the database."""

    round_id: int
    themes: dict[int, str]  # id → name, in the round's order
    published: bool
    idea_url: str  # with {} for the idea's id
    about: About

    @classmethod
    def of(cls, round_: Round) -> "Source":
        placeholder = 2147483647
        page = url_for("ideas.show", idea_id=placeholder, _external=True)
        return cls(round_.id, {theme.id: theme.name for theme in round_.themes},
                   is_published(round_), page.replace(str(placeholder), "{}"), About.of(round_))


def rows(source: Source, session: Session | None = None) -> Iterator[list[dict[str, Any]]]:
    """The published ideas as dicts (keys :data:`NAMES`), a batch at a time:
    three queries per batch however many ideas there are. ``session``: the
    app's by default; a streamed response brings one of its own."""
    session = session or db.session
    result = session.execute(_published(source.round_id).execution_options(yield_per=BATCH))
    for partition in result.partitions():
        ids = [row[0] for row in partition]
        themes = _themes_of(session, ids, source.themes)
        fed = _commitments_of(session, ids) if source.published else {}
        batch = []
        for (idea_id, title, problem, proposal, impact, who, scope, source_, workshop_id,
             workshop_title, workshop_town, supports, dots, comments, status,
             created_at) in partition:
            commitment = fed.get(idea_id, (None, None))
            batch.append({
                "id": idea_id, "reference": f"I-{idea_id}", "title": title,
                "problem": problem or "", "proposal": proposal, "impact": impact or "",
                "who_should_act": who or "", "themes": themes.get(idea_id, []),
                "scope": scope, "source": source_, "workshop_id": workshop_id,
                "workshop_title": workshop_title, "workshop_town": workshop_town,
                "support_count": supports, "workshop_dots": dots, "comment_count": comments,
                "status": status, "commitment_reference": commitment[0],
                "commitment_number": commitment[1], "created_at": iso(created_at),
                "url": source.idea_url.format(idea_id),
            })
        yield batch


def _flat(row: dict[str, Any]) -> list[Any]:
    return [("; ".join(row[name]) if name == "themes" else row[name]) for name in NAMES]


# --- the three formats -----------------------------------------------------------------

def iter_csv(source: Source, session: Session | None = None) -> Iterator[str]:
    """CSV text in chunks (a heading line, then a chunk per batch). No
    preamble: the licence goes in the response headers and on the page."""
    yield csv_line(NAMES)
    for batch in rows(source, session):
        yield "".join(csv_line(_flat(row)) for row in batch)


def iter_json(source: Source, session: Session | None = None) -> Iterator[str]:
    """``{"metadata": {...}, "ideas": [...]}``, one idea per line, in chunks."""
    yield '{"metadata": ' + json_text(source.about.metadata()) + ',\n"ideas": ['
    first = True
    for batch in rows(source, session):
        if batch:
            yield ("\n" if first else ",\n") + ",\n".join(json_text(row) for row in batch)
            first = False
    yield "\n]}\n"


def write_xlsx(source: Source, stream: IO[bytes]) -> None:
    """An "Ideas" sheet (headings, then a row per idea) and an "About" sheet
    naming the licence and describing every column."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Ideas")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def heading(value: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = bold
        return cell

    sheet.append([heading(name) for name in NAMES])
    for batch in rows(source):
        for row in batch:
            sheet.append(xlsx_row(_flat(row)))
    about = source.about
    info = workbook.create_sheet("About")
    for values in (
        ["Open data", about.title], ["Round", about.round],
        ["Licence", about.licence_name], ["Licence text", about.licence_url],
        ["Source", about.page], ["Personal data", about.metadata()["personal_data"]], [],
        ["Column", "What it holds"],
    ):
        info.append(xlsx_row(values))
    for name, description in COLUMNS:
        info.append(xlsx_row([name, description]))
    workbook.save(stream)


def write(round_: Round, fmt: str, stream: IO[bytes]) -> None:
    """Any format to a binary stream (the CLI)."""
    source = Source.of(round_)
    if fmt == "xlsx":
        write_xlsx(source, stream)
        return
    chunks = iter_csv(source) if fmt == "csv" else iter_json(source)
    for chunk in chunks:
        stream.write(chunk.encode("utf-8"))


def filename(round_: Round, fmt: str) -> str:
    return f"{round_.slug}-ideas.{fmt}"
