"""CLI for workshops: ``flask import-workshop FILE --workshop ID``.

The very rules of the web upload (same reading, same checks, same writes,
all or nothing). The file is streamed, never read into memory whole.
"""

from __future__ import annotations

import click
from flask import Flask, current_app

from manifesto.workshops.sheets import SheetError, SheetLimits, open_sheet

MAX_ERRORS_SHOWN = 1000


def _fail(message: str) -> None:
    click.echo(message, err=True)
    raise SystemExit(1)


def register_workshop_commands(app: Flask) -> None:
    @app.cli.command("import-workshop")
    @click.argument("path", metavar="FILE", type=click.Path(exists=True, dir_okay=False))
    @click.option("--workshop", "workshop_id", type=int, required=True,
                  help="The workshop's number (as in its page's address).")
    @click.option("--as", "email", default=None,
                  help="Record the import as done by this account (a facilitator of the "
                       "workshop, or an administrator).")
    @click.option("--dry-run", is_flag=True, help="Check every row and save nothing.")
    def import_workshop_command(path: str, workshop_id: int, email: str | None,
                                dry_run: bool) -> None:
        """Import a workshop sheet (CSV or XLSX): every row or none."""
        from manifesto import permissions
        from manifesto.accounts.services import find_user_by_email
        from manifesto.extensions import db
        from manifesto.workshops.imports import ImportFailed, ImportRefused, apply_sheet, check_sheet
        from manifesto.workshops.models import Workshop

        workshop = db.session.get(Workshop, workshop_id)
        if workshop is None:
            _fail(f"There is no workshop {workshop_id}.")
        actor = None
        if email:
            actor = find_user_by_email(email)
            if actor is None:
                _fail(f"There is no account with the email address {email}.")
            reason = permissions.reason_refused(actor, "workshop.enter", workshop)
            if reason:
                _fail(f"{email} cannot import into this workshop: {reason}")
        from manifesto.workshops.services import input_closed_reason

        closed = input_closed_reason(workshop.round)
        if closed:
            _fail(closed)
        shown = 0

        def report(outcome) -> None:
            nonlocal shown
            for problem in outcome.problems:
                shown += 1
                if shown <= MAX_ERRORS_SHOWN:
                    column = f", {problem.column}" if problem.column else ""
                    click.echo(f"Row {problem.row}{column}: {problem.message}", err=True)

        limits = SheetLimits.from_config(current_app.config)
        click.echo(f"{workshop.title} ({workshop.credit.removeprefix('From the ')})")
        try:
            with open(path, "rb") as stream, open_sheet(stream, path, limits) as sheet:
                if dry_run:
                    summary = check_sheet(workshop, sheet, report)
                else:
                    summary = apply_sheet(actor, workshop, sheet, report,
                                          details={"filename": click.format_filename(path,
                                                                                     shorten=True),
                                                   "via": "cli"})
        except SheetError as error:
            _fail(f"{path}: {error.message}")
        except ImportRefused as refused:
            _fail(refused.message)
        except ImportFailed as failed:
            summary = failed.summary
        if shown > MAX_ERRORS_SHOWN:
            click.echo(f"… and {shown - MAX_ERRORS_SHOWN:,} more problems.", err=True)
        click.echo(f"{summary.rows:,} rows: {summary.sentence()}")
        if not summary.ok:
            _fail(f"{summary.error_rows:,} rows need fixing. Nothing was saved.")
        if dry_run:
            click.echo("Dry run: nothing was saved.")
        else:
            click.echo("Imported.")
