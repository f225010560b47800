"""The account commands scripts rely on: create-user and grant-role."""

from __future__ import annotations

from sqlalchemy import select

from manifesto.accounts import services
from manifesto.accounts.models import User
from manifesto.audit import AuditEvent
from manifesto.extensions import db
from tests.factories import DEFAULT_PASSWORD, make_user


def run(app, *args, input=None):
    return app.test_cli_runner().invoke(args=list(args), input=input)


def test_create_user_reads_the_password_from_stdin(app):
    result = run(app, "create-user", "Admin@Example.org", "--role", "admin", "--name", "Site Admin",
                 input=DEFAULT_PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert "Created Admin@Example.org with roles: admin, participant" in result.output
    user = db.session.scalars(select(User)).one()
    assert user.display_name == "Site Admin"
    assert user.roles == {"admin", "participant"}
    assert services.authenticate("admin@example.org", DEFAULT_PASSWORD) == user
    assert list(db.session.scalars(select(AuditEvent.action))) == ["account.created"]


def test_create_user_name_defaults_to_the_local_part(app):
    result = run(app, "create-user", "ada@example.org", input=DEFAULT_PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert services.find_user_by_email("ada@example.org").display_name == "ada"


def test_create_user_refuses_a_duplicate_email(app):
    make_user(email="ada@example.org")
    result = run(app, "create-user", "ADA@example.org", "--role", "admin", input=DEFAULT_PASSWORD + "\n")
    assert result.exit_code != 0
    assert "already exists" in result.output
    assert db.session.scalar(select(db.func.count(User.id))) == 1


def test_create_user_refuses_a_short_password(app):
    result = run(app, "create-user", "ada@example.org", input="short\n")
    assert result.exit_code != 0
    assert "at least 10 characters" in result.output
    assert services.find_user_by_email("ada@example.org") is None


def test_create_user_refuses_an_unknown_role(app):
    result = run(app, "create-user", "ada@example.org", "--role", "emperor", input=DEFAULT_PASSWORD + "\n")
    assert result.exit_code != 0
    assert services.find_user_by_email("ada@example.org") is None


def test_grant_role(app):
    user = make_user(email="ada@example.org")
    result = run(app, "grant-role", "ADA@example.org", "moderator")
    assert result.exit_code == 0, result.output
    assert "ada@example.org now has roles: moderator, participant" in result.output
    db.session.refresh(user)
    assert user.roles == {"moderator", "participant"}
    assert list(db.session.scalars(select(AuditEvent.action))) == ["account.role_granted"]


def test_grant_role_to_an_unknown_email_fails(app):
    result = run(app, "grant-role", "nobody@example.org", "admin")
    assert result.exit_code != 0
    assert "no account with the email address nobody@example.org" in result.output
