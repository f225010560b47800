"""Generate national-scale data in a separate database.

The schema is built by the real migrations; rows are then bulk-loaded in one
transaction (``executemany`` on SQLite, ``COPY`` on PostgreSQL), the cached
counts are set by two aggregate UPDATEs, the search index is rebuilt and the
planner statistics refreshed. An existing database of the right size is
reused unless ``regenerate`` is asked for.

    python -m benchmarks.generate [--quick] [--regenerate] [--database-url URL]
"""

from __future__ import annotations

import argparse
import contextlib
import time
from dataclasses import asdict, dataclass, field
from typing import Callable, Iterator

from flask_migrate import upgrade
from werkzeug.security import generate_password_hash

from benchmarks import database, rows, workshop_rows
from benchmarks.bulk import COUNT_UPDATES, BulkLoader
from benchmarks.corpus import Corpus
from benchmarks.scale import NATIONAL, QUICK, Scale
from manifesto import create_app
from manifesto.extensions import db

#: Every generated account signs in with this (benchmark data only).
BENCH_PASSWORD = "bench-password-not-secret"
DEFAULT_SEED = 2026

Log = Callable[[str], None]


@dataclass
class GenerationReport:
    database: str
    backend: str
    scale: str
    generated: bool
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    #: Lines from manifesto.ideas.counts.find_count_drift; None if not available.
    drift: list[str] | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def bench_config(url: str, **overrides: object) -> dict:
    """App settings for benchmarking: the bench database, no rate limits."""
    config = {
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": "benchmark-secret-not-for-production",
        "TESTING": False,
        "RATELIMIT_ENABLED": False,
        "MAIL_BACKEND": "memory",
    }
    config.update(overrides)
    return config


def expected_counts(scale: Scale) -> dict[str, int]:
    return {"users": scale.users, "themes": scale.themes, "ideas": scale.ideas,
            "comments": scale.comments, "supports": scale.supports,
            "workshops": scale.workshops, "workshop_tallies": scale.tallies}


def ensure_database(url: str, scale: Scale, *, regenerate: bool = False,
                    seed: int = DEFAULT_SEED, log: Log = print) -> GenerationReport:
    """Reuse the benchmark database if it has the right size, else build it."""
    database.ensure_exists(url)
    report = GenerationReport(database.describe(url), database.parse(url).get_backend_name(),
                              scale.name, generated=False, counts=expected_counts(scale))
    if not regenerate and database.row_counts(url) == report.counts:
        log(f"Reusing {report.database} ({scale.name} scale); --regenerate rebuilds it.")
        app = create_app(bench_config(url))
        with app.app_context():
            upgrade()  # a newer migration still applies to the kept data
            db.engine.dispose()
        return report

    log(f"Generating {scale.name}-scale data into {report.database} ...")
    database.wipe(url)
    database.ensure_exists(url)
    started = time.perf_counter()
    app = create_app(bench_config(url))
    with app.app_context():
        with _phase(report, "migrations", log):
            upgrade()
        _load(report, scale, seed, log)
        db.engine.dispose()  # the loader's connection had its safety pragmas off
        with _phase(report, "count check", log):
            report.drift = _count_drift()
        db.session.remove()
        db.engine.dispose()
    report.generated = True
    report.seconds = round(time.perf_counter() - started, 1)
    report.counts = database.row_counts(url) or {}
    log(f"Generated in {report.seconds:.1f} s: " +
        ", ".join(f"{n:,} {t}" for t, n in report.counts.items()))
    if report.drift:
        raise RuntimeError("cached counts drifted from the rows:\n" + "\n".join(report.drift))
    return report


@contextlib.contextmanager
def _phase(report: GenerationReport, name: str, log: Log) -> Iterator[None]:
    started = time.perf_counter()
    yield
    report.phases[name] = round(time.perf_counter() - started, 2)
    log(f"  {name:<14} {report.phases[name]:7.1f} s")


def _load(report: GenerationReport, scale: Scale, seed: int, log: Log) -> None:
    with _phase(report, "plan", log):
        plan = rows.Plan.make(scale, seed)
        corpus = Corpus(plan.rng)
    password_hash = generate_password_hash(BENCH_PASSWORD, method="pbkdf2:sha256:1000")
    engine = db.engine
    sqlite = engine.dialect.name == "sqlite"
    raw = engine.raw_connection()
    try:
        connection = raw.driver_connection
        loader = BulkLoader(connection, engine.dialect.name)
        fts_triggers: list[str] = []
        if sqlite:
            _prepare_sqlite(loader, connection)
            fts_triggers = _drop_fts_triggers(connection, loader)
        steps = (
            ("rounds", lambda: rows.round_rows(plan)),
            ("themes", lambda: rows.theme_rows(plan)),
            ("users", lambda: rows.user_rows(plan, corpus, password_hash)),
            ("workshops", lambda: workshop_rows.workshop_rows(plan)),
            ("ideas", lambda: rows.idea_rows(plan, corpus)),
            ("idea_themes", lambda: rows.idea_theme_rows(plan)),
            ("comments", lambda: rows.comment_rows(plan, corpus)),
            ("supports", lambda: rows.support_rows(plan)),
            ("workshop_tallies", lambda: workshop_rows.tally_rows(plan)),
            ("workshop_tally_changes", lambda: workshop_rows.tally_change_rows(plan)),
        )
        for table, make_rows in steps:
            with _phase(report, table, log):
                loader.load(table, make_rows())
        with _phase(report, "cached counts", log):
            for update in COUNT_UPDATES:
                loader.execute(update)
        with _phase(report, "search index", log):
            if sqlite:
                loader.execute("INSERT INTO ideas_fts(ideas_fts) VALUES ('rebuild')")
                for sql in fts_triggers:
                    loader.execute(sql)
            loader.reset_sequences()
        connection.commit()
        with _phase(report, "analyze", log):
            if sqlite:
                loader.execute("ANALYZE")
                loader.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                connection.commit()
            else:
                # VACUUM too: the visibility map autovacuum would build soon
                # after such a load lets counts use index-only scans.
                connection.autocommit = True
                loader.execute("VACUUM ANALYZE")
                connection.autocommit = False
    finally:
        raw.close()


def _prepare_sqlite(loader: BulkLoader, connection) -> None:
    # Rows are consistent by construction; checking every foreign key and
    # syncing every page would only slow the load down.
    for pragma in ("foreign_keys=OFF", "synchronous=OFF", "cache_size=-1000000",
                   "temp_store=MEMORY"):
        loader.execute(f"PRAGMA {pragma}")
    if not connection.in_transaction:
        loader.execute("BEGIN")  # one transaction for the whole load


def _drop_fts_triggers(connection, loader: BulkLoader) -> list[str]:
    """Drop the search-index triggers (rebuilt in one pass later); return their SQL."""
    found = connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'ideas'"
    ).fetchall()
    for name, _ in found:
        loader.execute(f'DROP TRIGGER "{name}"')
    return [sql for _, sql in found]


def _count_drift() -> list[str] | None:
    try:
        from manifesto.ideas.counts import find_count_drift
    except ImportError:
        return None  # not written yet; the generator's own test checks the counts
    return list(find_count_drift())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1/20 of the national scale")
    parser.add_argument("--regenerate", action="store_true", help="rebuild even if reusable")
    parser.add_argument("--database-url", help="default: DATABASE_URL or benchmarks/data/")
    args = parser.parse_args(argv)
    url = args.database_url or database.default_url(args.quick)
    ensure_database(url, QUICK if args.quick else NATIONAL, regenerate=args.regenerate)


if __name__ == "__main__":
    main()
