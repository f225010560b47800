"""Flask CLI commands: ``flask --app manifesto COMMAND``."""

from __future__ import annotations

import sys

import click
from flask import Flask


def _read_password() -> str:
    """From standard input when piped (scripts), else prompted twice."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def register_commands(app: Flask) -> None:
    from manifesto.accounts.models import ROLES

    @app.cli.command("create-user")
    @click.argument("email")
    @click.option("--role", "roles", multiple=True, type=click.Choice(ROLES), default=["participant"],
                  help="Role to grant (repeatable).")
    @click.option("--name", default=None, help="Display name (defaults to the part before @).")
    def create_user_command(email: str, roles: tuple[str, ...], name: str | None) -> None:
        """Create an account; the password is read from stdin or prompted."""
        from manifesto.accounts import services

        password = _read_password()
        try:
            user = services.create_user_from_cli(email, name or email.split("@")[0], password, roles)
        except services.AccountError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"Created {user.email} with roles: {', '.join(sorted(user.roles))}")

    @app.cli.command("grant-role")
    @click.argument("email")
    @click.argument("role", type=click.Choice(ROLES))
    def grant_role_command(email: str, role: str) -> None:
        """Give an existing account a role."""
        from manifesto.accounts import services

        try:
            user = services.grant_role_by_email(email, role)
        except services.AccountError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"{user.email} now has roles: {', '.join(sorted(user.roles))}")

    @app.cli.command("seed-demo")
    @click.option("--if-empty", is_flag=True, help="Do nothing when any round exists.")
    def seed_demo_command(if_empty: bool) -> None:
        """Load a believable demo round (themes, ideas, comments, supports)."""
        from manifesto import demo

        created = demo.seed(only_if_empty=if_empty)
        click.echo("Demo data loaded." if created else "Database not empty: demo data not loaded.")

    @app.cli.command("check-counts")
    def check_counts_command() -> None:
        """Compare every cached count with the rows it counts."""
        from manifesto.ideas.counts import find_count_drift

        drift = find_count_drift()
        for line in drift:
            click.echo(line)
        if drift:
            raise SystemExit(1)
        click.echo("All counts match their rows.")

    from manifesto.workshops.cli import register_workshop_commands

    register_workshop_commands(app)

    from manifesto.exports.cli import register_export_command

    register_export_command(app)
