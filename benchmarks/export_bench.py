"""Exports at national scale: all published ideas of the national round as
open data (CSV and XLSX, through the web routes, the whole body read as a
client would) and the manifesto DOCX for 30 commitments.

Targets: each ideas file in under 5 s and 200 MB peak memory; the DOCX in
under 2 s. Time is measured without tracing; peak memory (tracemalloc:
Python allocations) in a second, traced run. The national round is still
open in the benchmark data, so the 30 commitments (each from 10 of the
most-supported ideas, with the default criteria) are written and the round
published inside a transaction that is rolled back afterwards: the
benchmark database is left as it was.

    python -m benchmarks.export_bench [--quick] [--database-url URL]
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
import tracemalloc
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

from benchmarks import database
from benchmarks.generate import bench_config, ensure_database
from benchmarks.scale import NATIONAL, QUICK, ROUND_SLUG

TARGET_FILE_SECONDS = 5.0
TARGET_DOCX_SECONDS = 2.0
TARGET_PEAK_MIB = 200.0
COMMITMENTS = 30
IDEAS_PER_COMMITMENT = 10


@dataclass
class ExportTiming:
    name: str
    rows: int
    size_kib: int
    seconds: float
    peak_mib: float
    target_seconds: float
    target_met: bool

    def as_dict(self) -> dict:
        return asdict(self)


def _run(action: Callable[[], tuple[int, int]]) -> tuple[float, float, int, int]:
    """(seconds untraced, peak MiB traced, rows, bytes) of ``action``."""
    started = time.perf_counter()
    rows, size = action()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    try:
        action()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return seconds, peak / 1024 / 1024, rows, size


def _timing(name: str, target: float, result: tuple[float, float, int, int]) -> ExportTiming:
    seconds, peak, rows, size = result
    return ExportTiming(name, rows, size // 1024, round(seconds, 2), round(peak, 1), target,
                        seconds < target and peak < TARGET_PEAK_MIB)


def _download(app, path: str) -> Callable[[], tuple[int, int]]:
    """GET ``path`` and read the body chunk by chunk, as a client would."""
    def action() -> tuple[int, int]:
        response = app.test_client().get(path)
        assert response.status_code == 200, (path, response.status_code)
        size = lines = 0
        try:
            for chunk in response.response:
                size += len(chunk)
                lines += chunk.count(b"\n")
        finally:
            response.close()
        return lines, size
    return action


def _published_ideas(app) -> int:
    from sqlalchemy import func, select

    from manifesto.extensions import db
    from manifesto.ideas.models import Idea
    from manifesto.rounds.models import Round

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Idea).join(Round).where(
            Round.slug == ROUND_SLUG, Idea.status == "published"))


def _shortlist_in_transaction(round_) -> None:
    """30 numbered commitments over the most-supported ideas, the default
    criteria, the round published — all flushed, never committed."""
    from sqlalchemy import insert, select, text

    from manifesto.extensions import db
    from manifesto.ideas.models import Idea
    from manifesto.panel.models import Commitment, Criterion, commitment_ideas
    from manifesto.panel.services import DEFAULT_CRITERIA
    from manifesto.timeutil import utcnow

    for position, (name, guidance, weight, computed) in enumerate(DEFAULT_CRITERIA):
        db.session.add(Criterion(round_id=round_.id, name=name, guidance=guidance, weight=weight,
                                 computed_from=computed, position=position))
    idea_ids = list(db.session.scalars(
        select(Idea.id).where(Idea.round_id == round_.id, Idea.status == "published")
        .order_by((Idea.support_count + Idea.dot_count).desc(), Idea.id)
        .limit(COMMITMENTS * IDEAS_PER_COMMITMENT)))
    themes = round_.themes
    for n in range(COMMITMENTS):
        commitment = Commitment(
            round_id=round_.id, theme_id=themes[n % len(themes)].id, number=n + 1,
            position=n // len(themes) + 1, shortlisted=True, decision_reason="Benchmark.",
            title=f"Commitment {n + 1}: open up public record set {n + 1}",
            commit_to="Publish every record of this kind as open data within a year.",
            current_situation="Records are published late, in part, and in formats that "
                              "cannot be reused.\n\nPeople cannot check what is done.",
            we_call_for="- Publish in full\n- Publish on time\n- Publish as open data\n"
                        "- Report on progress every year",
            lead_body="Cabinet Office")
        db.session.add(commitment)
        db.session.flush()
        chunk = idea_ids[n * IDEAS_PER_COMMITMENT:(n + 1) * IDEAS_PER_COMMITMENT]
        if chunk:
            db.session.execute(insert(commitment_ideas), [
                {"commitment_id": commitment.id, "idea_id": idea_id} for idea_id in chunk])
    round_.phase, round_.published_at = "published", utcnow()
    db.session.flush()
    if db.engine.dialect.name == "postgresql":
        # As a live database would have: statistics that know the new rows
        # (ANALYZE sees this transaction's rows and is rolled back with them).
        db.session.execute(text("ANALYZE commitment_ideas, commitments, criteria"))


def _docx(app) -> tuple[float, float, int, int]:
    from manifesto.exports.docx_writer import write_docx
    from manifesto.exports.manifesto_doc import assemble
    from manifesto.extensions import db
    from manifesto.rounds.services import round_by_slug

    with app.test_request_context("/", base_url="http://localhost"):
        try:
            round_ = round_by_slug(ROUND_SLUG)
            _shortlist_in_transaction(round_)

            def action() -> tuple[int, int]:
                buffer = io.BytesIO()
                manifesto = assemble(round_)
                write_docx(manifesto, buffer, app.config["SITE_NAME"])
                return len(manifesto.commitments), len(buffer.getvalue())

            return _run(action)
        finally:
            db.session.rollback()  # the benchmark data stays as generated


def measure(url: str, log: Callable[[str], None] = print) -> list[ExportTiming]:
    from manifesto import create_app
    from manifesto.extensions import db

    app = create_app(bench_config(url, PAGE_CACHE_SECONDS=0))
    ideas = _published_ideas(app)
    results = []
    for fmt in ("csv", "xlsx"):
        name = f"open data: {ideas:,} ideas as {fmt.upper()}"
        log(f"  {name} …")
        timing = _timing(name, TARGET_FILE_SECONDS,
                         _run(_download(app, f"/rounds/{ROUND_SLUG}/data/ideas.{fmt}")))
        if fmt == "xlsx":
            timing.rows = ideas  # a zip: its lines say nothing
        else:
            timing.rows -= 1  # the heading line
        results.append(timing)
    log(f"  manifesto DOCX, {COMMITMENTS} commitments …")
    results.append(_timing(f"manifesto: DOCX, {COMMITMENTS} commitments", TARGET_DOCX_SECONDS,
                           _docx(app)))
    with app.app_context():
        db.engine.dispose()
    return results


def table(results: list[ExportTiming]) -> str:
    lines = [f"{'name':<42} {'rows':>7} {'KiB':>7} {'seconds':>8} {'peak MiB':>9}  target met "
             f"(time, and < {TARGET_PEAK_MIB:.0f} MB)"]
    for r in results:
        met = "yes" if r.target_met else "NO"
        lines.append(f"{r.name:<42} {r.rows:>7} {r.size_kib:>7} {r.seconds:>8.2f} "
                     f"{r.peak_mib:>9.1f}  {met} (< {r.target_seconds:g} s)")
    return "\n".join(lines)


def add_to_json(path: Path, results: list[ExportTiming]) -> None:
    """Add the results to ``make bench``'s JSON document (key "exports")."""
    if not results or not path.exists():
        return
    document = json.loads(path.read_text())
    document["exports"] = [r.as_dict() for r in results]
    path.write_text(json.dumps(document, indent=2) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.export_bench",
                                     description="Export benchmark (open data and DOCX).")
    parser.add_argument("--quick", action="store_true", help="the quick-scale database")
    parser.add_argument("--database-url", help="default: DATABASE_URL, else SQLite in "
                        "benchmarks/data/ (generated if missing, reused if present)")
    args = parser.parse_args(argv)
    url = args.database_url or database.default_url(args.quick)
    ensure_database(url, QUICK if args.quick else NATIONAL)
    results = measure(url)
    print(table(results))
    return 1 if any(not r.target_met for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
