"""Test fixtures.

The schema is built once per run by the Alembic migrations (never
``create_all``), on a SQLite file or, with ``TEST_DATABASE_URL``, on
PostgreSQL. After each test every table is emptied, so tests may commit
freely — including from other threads.
"""

from __future__ import annotations

import contextvars
import hashlib
import os

import flask.globals
import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import text

from manifesto import create_app
from manifesto.config import TestConfig, normalise_database_url
from manifesto.extensions import db, limiter

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")


def make_test_config(database_uri: str) -> dict:
    config = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
    config["SQLALCHEMY_DATABASE_URI"] = database_uri
    return config


def reset_database_schema() -> None:
    """Drop everything so the migrations start from an empty database."""
    engine = db.engine
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        else:
            connection.execute(text("PRAGMA foreign_keys=OFF"))
            rows = connection.execute(
                text("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
            ).all()
            for kind, name in rows:
                if kind in ("table",) and not name.startswith("ideas_fts_"):
                    connection.execute(text(f'DROP TABLE IF EXISTS "{name}"'))


def empty_all_tables() -> None:
    db.session.remove()
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    with db.engine.begin() as connection:
        # DELETE in dependency order: far faster than TRUNCATE for tiny tables.
        for name in tables:
            connection.execute(text(f'DELETE FROM "{name}"'))


class ManifestoClient(FlaskClient):
    """A test client whose every request runs in its own application context.

    Flask reuses an already-pushed app context for requests, which would
    share ``g`` (and so the signed-in user) and the database session between
    the test and the request. Each request here starts from a clean slate.
    """

    def open(self, *args, **kwargs):
        def run():
            flask.globals._cv_app.set(None)
            return FlaskClient.open(self, *args, **kwargs)

        return contextvars.copy_context().run(run)

    def csrf_token(self) -> str:
        """A valid CSRF token for this client's session (as a form would carry)."""
        with self.session_transaction() as session:
            raw = session.setdefault("csrf_token", hashlib.sha1(os.urandom(64)).hexdigest())
        serializer = URLSafeTimedSerializer(self.application.secret_key, salt="wtf-csrf-token")
        return serializer.dumps(raw)

    def post_form(self, url: str, data: dict | None = None, **kwargs):
        """POST a form with a valid CSRF token, as a browser would."""
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token())
        return self.post(url, data=data, **kwargs)

    def login_as(self, user) -> None:
        """Sign in without the form (the form itself is tested in accounts)."""
        with self.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True

    def logout(self) -> None:
        with self.session_transaction() as session:
            session.pop("_user_id", None)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    if TEST_DATABASE_URL:
        uri = normalise_database_url(TEST_DATABASE_URL)
    else:
        uri = "sqlite:///" + str(tmp_path_factory.mktemp("database") / "test.db")
    application = create_app(make_test_config(uri))
    application.test_client_class = ManifestoClient
    with application.app_context():
        reset_database_schema()
        upgrade()
        db.session.remove()
        # Fresh connections after the schema work (migrations may switch
        # SQLite's foreign keys off on the connection they use).
        db.engine.dispose()
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def app_context(app):
    """Each test runs inside an app context and leaves the tables empty."""
    with app.app_context():
        # The limiter is one object per process: a benchmark test that builds
        # its own app (rate limits off) must not switch them off for the rest.
        limiter.enabled = app.config.get("RATELIMIT_ENABLED", True)
        limiter.reset()
        app.extensions["mail_outbox"] = []
        yield
        empty_all_tables()


@pytest.fixture
def client(app) -> ManifestoClient:
    return app.test_client()


@pytest.fixture
def outbox(app) -> list:
    return app.extensions["mail_outbox"]
