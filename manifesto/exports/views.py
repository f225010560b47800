"""Downloads: the manifesto documents, open data and restricted exports.

Public files (the published manifesto, open data) are not audited; they
are the same for everyone. Each route loads the round, asks the permission
policy, and hands over to the module that writes the file.
"""

from __future__ import annotations

import io
import tempfile
from typing import Iterator

from flask import Blueprint, abort, current_app, render_template
from flask_login import current_user
from sqlalchemy.orm import Session

from manifesto import permissions
from manifesto.exports import manifesto_files, open_data, party_data
from manifesto.exports.docx_writer import write_docx
from manifesto.exports.formats import attachment, licence_headers
from manifesto.exports.manifesto_doc import assemble, is_published
from manifesto.extensions import db
from manifesto.permissions import public
from manifesto.rounds.models import Round
from manifesto.rounds.services import round_by_slug

blueprint = Blueprint("exports", __name__)

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _visible_round(slug: str) -> Round:
    """A round anyone may see (404 for drafts, as the round page)."""
    round_ = permissions.require_found(round_by_slug(slug))
    if not permissions.can(current_user, "round.view", round_):
        abort(404)
    return round_


def _published_round(slug: str) -> Round:
    """The manifesto exists only once published: 404 before, for everyone."""
    round_ = permissions.require_found(round_by_slug(slug))
    if not is_published(round_):
        abort(404)
    permissions.require(current_user, "round.view", round_)
    return round_


def _headers(round_: Round) -> dict[str, str]:
    return licence_headers(round_.licence_name, round_.licence_url)


# --- the manifesto ---------------------------------------------------------------------

@blueprint.route("/rounds/<slug>/manifesto.docx")
@public
def manifesto_docx(slug: str):
    round_ = _published_round(slug)
    buffer = io.BytesIO()
    write_docx(assemble(round_), buffer, current_app.config["SITE_NAME"])
    return attachment(buffer.getvalue(), DOCX_MIMETYPE, f"{round_.slug}-manifesto.docx",
                      headers=_headers(round_))


@blueprint.route("/rounds/<slug>/manifesto.json")
@public
def manifesto_json(slug: str):
    round_ = _published_round(slug)
    return attachment(manifesto_files.as_json(assemble(round_)), "application/json",
                      f"{round_.slug}-manifesto.json", headers=_headers(round_))


@blueprint.route("/rounds/<slug>/manifesto.csv")
@public
def manifesto_csv(slug: str):
    round_ = _published_round(slug)
    return attachment(manifesto_files.as_csv(assemble(round_)), "text/csv",
                      f"{round_.slug}-manifesto.csv", headers=_headers(round_))


@blueprint.route("/rounds/<slug>/manifesto/print")
@public
def manifesto_print(slug: str):
    round_ = _published_round(slug)
    return render_template("exports/manifesto_print.html", round=round_,
                           manifesto=assemble(round_))


# --- open data -----------------------------------------------------------------------

@blueprint.route("/rounds/<slug>/data")
@public
def open_data_page(slug: str):
    round_ = _visible_round(slug)
    return render_template("exports/open_data.html", round=round_, columns=open_data.COLUMNS,
                           manifesto_published=is_published(round_),
                           response_columns=party_data.RESPONSE_COLUMNS,
                           progress_columns=party_data.PROGRESS_COLUMNS)


def _streamed(write, source: open_data.Source) -> Iterator[bytes]:
    """The file's chunks, read through a database session of the generator's
    own: the response is sent after the request (and its session) has ended."""
    engine = db.engine

    def chunks() -> Iterator[bytes]:
        with Session(engine) as session:
            for chunk in write(source, session):
                yield chunk.encode("utf-8")

    return chunks()


@blueprint.route("/rounds/<slug>/data/ideas.csv")
@public
def ideas_csv(slug: str):
    round_ = _visible_round(slug)
    body = _streamed(open_data.iter_csv, open_data.Source.of(round_))
    return attachment(body, open_data.MIMETYPES["csv"], open_data.filename(round_, "csv"),
                      headers=_headers(round_))


@blueprint.route("/rounds/<slug>/data/ideas.json")
@public
def ideas_json(slug: str):
    round_ = _visible_round(slug)
    body = _streamed(open_data.iter_json, open_data.Source.of(round_))
    return attachment(body, open_data.MIMETYPES["json"], open_data.filename(round_, "json"),
                      headers=_headers(round_))


@blueprint.route("/rounds/<slug>/data/ideas.xlsx")
@public
def ideas_xlsx(slug: str):
    round_ = _visible_round(slug)
    # Written row by row to a temporary file (openpyxl's write-only mode keeps
    # memory flat), then sent: the compressed workbook is small.
    with tempfile.TemporaryFile() as spool:
        open_data.write_xlsx(open_data.Source.of(round_), spool)
        spool.seek(0)
        body = spool.read()
    return attachment(body, open_data.MIMETYPES["xlsx"], open_data.filename(round_, "xlsx"),
                      headers=_headers(round_))


# --- parties' responses and delivery progress (published rounds only) -----------------

def _party_file(slug: str, kind: str, fmt: str):
    round_ = _published_round(slug)
    body = party_data.as_csv(round_, kind) if fmt == "csv" else party_data.as_json(round_, kind)
    return attachment(body, open_data.MIMETYPES[fmt], party_data.filename(round_, kind, fmt),
                      headers=_headers(round_))


@blueprint.route("/rounds/<slug>/data/responses.csv")
@public
def responses_csv(slug: str):
    return _party_file(slug, "responses", "csv")


@blueprint.route("/rounds/<slug>/data/responses.json")
@public
def responses_json(slug: str):
    return _party_file(slug, "responses", "json")


@blueprint.route("/rounds/<slug>/data/progress.csv")
@public
def progress_csv(slug: str):
    return _party_file(slug, "progress", "csv")


@blueprint.route("/rounds/<slug>/data/progress.json")
@public
def progress_json(slug: str):
    return _party_file(slug, "progress", "json")
