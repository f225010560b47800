"""The Alembic migrations, run on an EMPTY database, build exactly the schema
the models describe, and the database itself enforces what the models rely on.

Each test gets a fresh database of its own: a temporary SQLite file and, when
TEST_DATABASE_URL is set, also a separate PostgreSQL database on that server
(never the shared test database the session fixture uses).
"""

from __future__ import annotations

import ast
import os
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from manifesto import create_app
from manifesto.accounts.models import User
from manifesto.config import normalise_database_url
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.ideas.search import search_terms, text_match
from manifesto.rounds.models import Round
from manifesto.timeutil import utcnow
from tests import conftest

MIGRATIONS_ENV = Path(__file__).resolve().parent.parent / "migrations" / "env.py"

# Alembic cannot compare expression indexes (lower(email), the search index)
# and SQLAlchemy cannot reflect them on SQLite; both say so. env.py's
# include_object leaves them out on purpose and each has a behaviour test here.
pytestmark = [
    pytest.mark.filterwarnings(
        "ignore:autogenerate skipping metadata-specified expression-based index"
    ),
    pytest.mark.filterwarnings(
        "ignore:Skipped unsupported reflection of expression-based index"
    ),
]


def _include_object_from_env():
    """The very include_object of migrations/env.py (and the constants it
    uses), taken from its source: env.py cannot be imported outside Alembic."""
    tree = ast.parse(MIGRATIONS_ENV.read_text())
    wanted = {"UNMODELLED_TABLE_PREFIXES", "EXPRESSION_INDEXES", "include_object"}
    nodes = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name in wanted:
            nodes.append(node)
        elif isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id in wanted for t in node.targets
        ):
            nodes.append(node)
    namespace: dict = {}
    exec(compile(ast.Module(body=nodes, type_ignores=[]), str(MIGRATIONS_ENV), "exec"), namespace)
    assert "include_object" in namespace, "migrations/env.py must define include_object"
    return namespace["include_object"]


include_object = _include_object_from_env()


@contextmanager
def _postgres_database(server_url: str):
    """A brand-new database next to the shared one; dropped afterwards."""
    import psycopg

    url = make_url(normalise_database_url(server_url))
    name = f"test_migrations_{uuid.uuid4().hex[:10]}"
    admin_dsn = url.set(drivername="postgresql", database="postgres").render_as_string(
        hide_password=False
    )
    with psycopg.connect(admin_dsn, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


@pytest.fixture(params=BACKENDS)
def empty_app(request, tmp_path):
    """An app on an empty database of its own, its context pushed."""
    if request.param == "sqlite":
        database = contextmanager(lambda: (yield "sqlite:///" + str(tmp_path / "empty.db")))()
    else:
        database = _postgres_database(os.environ["TEST_DATABASE_URL"])
    with database as uri:
        application = create_app(conftest.make_test_config(uri))
        with application.app_context():
            try:
                yield application
            finally:
                db.session.remove()
                db.engine.dispose()


def _drift() -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": include_object, "compare_type": True}
        )
        return compare_metadata(context, db.metadata)


def _tables() -> set[str]:
    return set(inspect(db.engine).get_table_names())


def _round() -> Round:
    now = utcnow()
    round_ = Round(slug=f"r-{uuid.uuid4().hex[:8]}", title="A round", introduction="",
                   opens_at=now, closes_at=now.replace(year=now.year + 1), phase="open")
    db.session.add(round_)
    db.session.commit()
    return round_


# Foreign keys that later revisions add with the column (SQLite cannot add a
# constraint afterwards). SQLAlchemy does not read the name or ON DELETE of
# such column constraints back from SQLite, so the drift check sees them as
# unnamed; they are checked here against PRAGMA foreign_key_list instead.
COLUMN_FOREIGN_KEYS = {
    ("ideas", "workshop_id"): ("workshops", "RESTRICT"),
    ("comments", "workshop_id"): ("workshops", "RESTRICT"),
    ("comments", "merged_from_id"): ("ideas", "SET NULL"),
}


def _without_column_foreign_keys(drift: list) -> list:
    if db.engine.dialect.name != "sqlite":
        return drift
    kept = []
    for entry in drift:
        if entry[0] in ("add_fk", "remove_fk"):
            constraint = entry[1]
            key = (constraint.table.name, *[c.name for c in constraint.columns])
            if key in COLUMN_FOREIGN_KEYS:
                continue
        kept.append(entry)
    with db.engine.connect() as connection:
        for (table, column), (target, on_delete) in COLUMN_FOREIGN_KEYS.items():
            rows = connection.exec_driver_sql(f"PRAGMA foreign_key_list({table})").mappings()
            found = [(r["table"], r["on_delete"]) for r in rows if r["from"] == column]
            assert found == [(target, on_delete)], (table, column, found)
    return kept


def test_upgrading_an_empty_database_matches_the_models(empty_app):
    assert _tables() == set()
    upgrade()
    assert _without_column_foreign_keys(_drift()) == []
    assert {t.name for t in db.metadata.sorted_tables} <= _tables()


def test_the_drift_check_notices_a_difference(empty_app):
    upgrade()
    with db.engine.begin() as connection:
        connection.execute(text("DROP INDEX ix_themes_round_id"))
    assert [diff[0] for diff in _without_column_foreign_keys(_drift())] == ["add_index"]


def test_downgrade_to_base_and_upgrade_again(empty_app):
    upgrade()
    downgrade(revision="base")
    assert _tables() <= {"alembic_version"}
    upgrade()
    assert _without_column_foreign_keys(_drift()) == []
    with db.engine.connect() as connection:
        heads = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    assert len(heads) == 1


def test_email_is_unique_regardless_of_case(empty_app):
    upgrade()
    db.session.add(User(email="Sam@Example.org", display_name="Sam", password_hash="x"))
    db.session.commit()
    db.session.add(User(email="sam@example.ORG", display_name="Other Sam", password_hash="x"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert db.session.scalars(select(User.email)).all() == ["Sam@Example.org"]


def test_foreign_keys_are_enforced(empty_app):
    upgrade()
    db.session.add(Idea(round_id=987654, title="Orphan", proposal="No round"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert db.session.scalar(select(Idea.id)) is None


def test_full_text_search_finds_an_idea_added_after_the_migration(empty_app):
    upgrade()
    round_ = _round()
    idea = Idea(round_id=round_.id, title="Beneficial ownership register",
                proposal="Publish who really owns companies bidding for contracts.")
    other = Idea(round_id=round_.id, title="Lobbying", proposal="Register lobbyists.")
    db.session.add_all([idea, other])
    db.session.commit()

    def found(query: str) -> list[int]:
        match = text_match(search_terms(query))
        return list(db.session.scalars(select(match.idea_id)))

    assert found("ownership contracts") == [idea.id]
    idea.proposal = "Publish who really owns companies bidding for tenders."
    db.session.commit()
    assert found("contracts") == []  # the index follows edits
    assert found("tenders") == [idea.id]
