"""``flask export ROUND --what ideas|shortlist|scores --format ... --output PATH``.

Writes the same files as the web downloads: ideas → the open data
(csv, json, xlsx); shortlist → the published manifesto (docx, html, json,
csv); scores → the panel's scores (xlsx, restricted.scores_xlsx). Links in
the files use ``--base-url`` (default: SERVER_NAME, else http://localhost).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click
from flask import Flask, current_app, render_template

WHATS = ("ideas", "shortlist", "scores")
FORMATS_FOR = {
    "ideas": ("csv", "json", "xlsx"),
    "shortlist": ("docx", "html", "json", "csv"),
    "scores": ("xlsx",),
}
ALL_FORMATS = ("csv", "json", "xlsx", "docx", "html")


def _base_url() -> str:
    server = current_app.config.get("SERVER_NAME")
    scheme = current_app.config.get("PREFERRED_URL_SCHEME") or "http"
    return f"{scheme}://{server}" if server else "http://localhost"


def _shortlist(round_, fmt: str, stream) -> None:
    from manifesto.exports import manifesto_files
    from manifesto.exports.docx_writer import write_docx
    from manifesto.exports.manifesto_doc import assemble, is_published

    if not is_published(round_):
        raise click.ClickException(
            f"The manifesto of {round_.slug!r} is not published yet (phase: {round_.phase}).")
    manifesto = assemble(round_)
    if fmt == "docx":
        write_docx(manifesto, stream, current_app.config["SITE_NAME"])
    elif fmt == "html":
        page = render_template("exports/manifesto_print.html", round=round_, manifesto=manifesto)
        stream.write(page.encode("utf-8"))
    elif fmt == "json":
        stream.write(manifesto_files.as_json(manifesto))
    else:
        stream.write(manifesto_files.as_csv(manifesto))


def _scores(round_, stream) -> None:
    """The panel's scores: confidential, so the export is audited (by nobody
    signed in: from the command line)."""
    try:
        from manifesto.exports.restricted import record_scores_export, scores_xlsx
    except ImportError:
        raise click.ClickException(
            "Exporting scores is not available in this installation yet.") from None
    summary = scores_xlsx(round_, stream)
    record_scores_export(None, round_, summary)


def export(round_, what: str, fmt: str, stream) -> None:
    """Write one export of ``round_`` to a binary stream."""
    from manifesto.exports import open_data

    if what == "ideas":
        open_data.write(round_, fmt, stream)
    elif what == "shortlist":
        _shortlist(round_, fmt, stream)
    else:
        _scores(round_, stream)


def register_export_command(app: Flask) -> None:
    @app.cli.command("export")
    @click.argument("round_slug", metavar="ROUND")
    @click.option("--what", required=True, type=click.Choice(WHATS),
                  help="ideas (open data), shortlist (the manifesto) or scores (the panel's).")
    @click.option("--format", "fmt", required=True, type=click.Choice(ALL_FORMATS),
                  help="ideas: csv, json, xlsx; shortlist: docx, html, json, csv; scores: xlsx.")
    @click.option("--output", required=True, type=click.Path(dir_okay=False, allow_dash=True),
                  help="The file to write ('-' for standard output).")
    @click.option("--base-url", default=None,
                  help="Site address for links in the files (default: SERVER_NAME or "
                       "http://localhost).")
    def export_command(round_slug: str, what: str, fmt: str, output: str,
                       base_url: str | None) -> None:
        """Export a round's open data, manifesto or scores to a file."""
        from manifesto.rounds.services import round_by_slug

        if fmt not in FORMATS_FOR[what]:
            raise click.UsageError(
                f"--what {what} cannot be exported as {fmt}: choose "
                f"{', '.join(FORMATS_FOR[what])}.")
        round_ = round_by_slug(round_slug)
        if round_ is None:
            raise click.ClickException(f"No round has the slug {round_slug!r}.")
        with current_app.test_request_context("/", base_url=base_url or _base_url()):
            if output == "-":
                export(round_, what, fmt, sys.stdout.buffer)
                sys.stdout.buffer.flush()
                return
            try:
                _write_atomically(Path(output), lambda stream: export(round_, what, fmt, stream))
            except OSError as error:
                raise click.ClickException(f"Cannot write {output}: {error.strerror}.") from None
        click.echo(f"Wrote {what} of {round_.slug} as {fmt} to {output} "
                   f"({Path(output).stat().st_size:,} bytes).", err=True)


def _write_atomically(path: Path, write) -> None:
    """Into a temporary file beside ``path``, renamed over it only when
    complete: a failed export leaves no half-written file."""
    handle = tempfile.NamedTemporaryFile(dir=path.parent or Path("."), prefix=f".{path.name}.",
                                         delete=False)
    try:
        with handle:
            write(handle)
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
