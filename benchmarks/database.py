"""The benchmark's own database: where it is, whether it can be reused, and
making sure a run never wipes anything but a benchmark database."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import create_engine, inspect, make_url, text
from sqlalchemy.engine import URL

from manifesto.config import normalise_database_url

ROOT = Path(__file__).resolve().parent
DATA_DIR = ROOT / "data"
RESULTS_DIR = ROOT / "results"
TABLES_COUNTED = ("users", "themes", "ideas", "comments", "supports", "workshops",
                  "workshop_tallies")
#: Tables any Manifesto database has; the workshop ones came later (migration 0003).
CORE_TABLES = TABLES_COUNTED[:5]


class RefusedError(RuntimeError):
    """The database named is not a benchmark database and holds data."""


def default_url(quick: bool = False) -> str:
    """SQLite in benchmarks/data/, or DATABASE_URL (its ``_quick`` twin in quick mode)."""
    url = os.environ.get("DATABASE_URL")
    if url:
        if quick:
            parsed = make_url(normalise_database_url(url))
            return parsed.set(database=f"{parsed.database}_quick").render_as_string(
                hide_password=False
            )
        return url
    name = "bench-quick.db" if quick else "bench.db"
    return f"sqlite:///{DATA_DIR / name}"


def parse(url: str) -> URL:
    return make_url(normalise_database_url(url))


def describe(url: str) -> str:
    return parse(url).render_as_string(hide_password=True)


def ensure_exists(url: str) -> None:
    """Create the SQLite folder or the PostgreSQL database if missing."""
    parsed = parse(url)
    if parsed.get_backend_name() == "sqlite":
        Path(parsed.database or "").parent.mkdir(parents=True, exist_ok=True)
        return
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            found = connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"),
                {"name": parsed.database},
            )
            if not found:
                connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    finally:
        admin.dispose()


def row_counts(url: str) -> dict[str, int] | None:
    """Rows per generated table, or None when the schema is not there."""
    parsed = parse(url)
    if parsed.get_backend_name() == "sqlite" and not Path(parsed.database or "").exists():
        return None
    engine = create_engine(parsed)
    try:
        with engine.connect() as connection:
            present = set(inspect(connection).get_table_names())
            if not set(CORE_TABLES) <= present:
                return None
            return {
                table: connection.scalar(text(f"SELECT count(*) FROM {table}"))
                if table in present else 0
                for table in TABLES_COUNTED
            }
    finally:
        engine.dispose()


def wipe(url: str) -> None:
    """Empty the benchmark database; refuse anything that is not clearly one."""
    parsed = parse(url)
    name = Path(parsed.database or "").name
    counts = row_counts(url)
    if "bench" not in name.lower() and counts and any(counts.values()):
        raise RefusedError(
            f"refusing to replace {describe(url)}: its name does not contain 'bench' and it "
            "holds data; point DATABASE_URL at a dedicated benchmark database"
        )
    if parsed.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{parsed.database}{suffix}").unlink(missing_ok=True)
        return
    engine = create_engine(parsed)
    try:
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()
