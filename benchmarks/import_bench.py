"""Workshop sheet import at size: time and peak memory of ``apply_sheet`` for
CSV and XLSX sheets of 2,000 and 10,000 rows (a mix of new ideas, dot tallies
and comments on existing ideas), each into a fresh workshop of a round that
already holds 3,000 ideas. Target: 10,000 rows in under 10 s, and memory that
does not grow with the file.

Time is measured without tracing; peak memory (tracemalloc: Python
allocations) in a second import of the same sheet into another workshop.
The database is its own SQLite file in a temporary folder, never the page
benchmark's database (importing would change its row counts).

    python -m benchmarks.import_bench [--quick] [--database-url URL] [--output PATH]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
import tracemalloc
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path

TARGET_SECONDS = 10.0
TARGET_ROWS = 10_000
EXISTING_IDEAS = 3_000
THEMES = ("Open data", "Anti-corruption", "Freedom of information", "Public services",
          "Participation")
HELD_ON = date(2027, 3, 14)
SIZES = (2_000, TARGET_ROWS)
QUICK_SIZES = (500, 2_000)


@dataclass
class ImportTiming:
    name: str
    rows: int
    file_kib: int
    seconds: float
    rows_per_second: float
    peak_mib: float
    new_ideas: int
    tallies: int
    comments: int
    target_met: bool | None  # None: no target at this size

    def as_dict(self) -> dict:
        return asdict(self)


# --- the sheets ----------------------------------------------------------------------

def sheet_rows(count: int, references: list[int]):
    """Half new ideas (some with dots and a comment), 30% dot tallies and 20%
    comments on existing ideas. Dots per idea are fixed, so a repeated
    reference is "already in", never a conflict."""
    scopes = ("", "Wales", "scotland", "UK-wide", "England", "Northern Ireland")
    for n in range(count):
        kind = n % 10
        if kind < 5:
            yield ["", f"Sheet idea {n}: open up record {n * 7919 % 100_003}",
                   f"Records about item {n} are not published.",
                   f"Publish every record of type {n} as open data within a year.",
                   "People can check what is done in their name.", "Cabinet Office",
                   scopes[n % len(scopes)], f"{THEMES[n % 5].lower()}; {THEMES[(n + 2) % 5]}",
                   str(n % 13) if n % 3 == 0 else "",
                   f"Said in the room about idea {n}." if n % 4 == 0 else "", "14/03/2027"]
        elif kind < 8:
            idea_id = references[(n * 31) % len(references)]
            yield [f"I-{idea_id}", "", "", "", "", "", "", "", str(idea_id % 40 + 1), "", ""]
        else:
            idea_id = references[(n * 17) % len(references)]
            yield [f"I-{idea_id}", "", "", "", "", "", "", "", "",
                   f"Comment {n}: start with the biggest contracts.", ""]


def write_csv(path: Path, count: int, references: list[int]) -> None:
    from manifesto.workshops.sheets import COLUMNS

    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([column.heading for column in COLUMNS])
        writer.writerows(sheet_rows(count, references))


def write_xlsx(path: Path, count: int, references: list[int]) -> None:
    from openpyxl import Workbook

    from manifesto.workshops.sheets import COLUMNS

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Ideas")
    sheet.append([column.heading for column in COLUMNS])
    for values in sheet_rows(count, references):
        sheet.append(values)
    book.save(path)


# --- the database --------------------------------------------------------------------

def prepare(url: str):
    """A migrated database with a round, 3,000 ideas and a facilitator."""
    from flask_migrate import upgrade
    from sqlalchemy import insert, select

    from benchmarks.generate import bench_config
    from manifesto import create_app
    from manifesto.accounts.models import User, UserRole
    from manifesto.extensions import db
    from manifesto.ideas.models import Idea
    from manifesto.rounds.models import Round, Theme
    from manifesto.timeutil import utcnow

    app = create_app(bench_config(url))
    with app.app_context():
        upgrade()
        now = utcnow()
        round_ = Round(slug="import-bench", title="Import benchmark", introduction="",
                       opens_at=now - timedelta(days=10), closes_at=now + timedelta(days=100),
                       phase="open")
        round_.themes = [Theme(name=name, position=i) for i, name in enumerate(THEMES)]
        facilitator = User(email="facilitator@bench.example", display_name="Facilitator",
                           password_hash="x", role_rows=[UserRole(role="facilitator")])
        db.session.add_all([round_, facilitator])
        db.session.commit()
        db.session.execute(insert(Idea.__table__), [
            {"round_id": round_.id, "title": f"Existing idea {n}", "problem": "",
             "proposal": f"Commit to thing {n}.", "impact": "", "who_should_act": "",
             "scope": "uk", "source": "online", "status": "published", "support_count": 0,
             "comment_count": 0, "dot_count": 0, "created_at": now}
            for n in range(EXISTING_IDEAS)])
        db.session.commit()
        references = list(db.session.scalars(select(Idea.id).where(Idea.round_id == round_.id)))
        ids = (round_.id, facilitator.id)
        db.session.remove()
    return app, ids, references


def import_once(app, ids, path: Path, town: str, trace: bool):
    from manifesto.extensions import db
    from manifesto.rounds.models import Round
    from manifesto.accounts.models import User
    from manifesto.workshops.imports import apply_sheet
    from manifesto.workshops.services import create_workshop
    from manifesto.workshops.sheets import SheetLimits, open_sheet

    with app.app_context():
        round_, facilitator = db.session.get(Round, ids[0]), db.session.get(User, ids[1])
        workshop = create_workshop(facilitator, round_, title=f"{town} workshop", held_on=HELD_ON,
                                   venue="Hall", town=town, nation="wales", region="",
                                   organising_group="", facilitator_name="", attendees=40,
                                   notes="")
        limits = SheetLimits.from_config(app.config)
        if trace:
            tracemalloc.start()
        started = time.perf_counter()
        with path.open("rb") as stream, open_sheet(stream, path.name, limits) as sheet:
            summary = apply_sheet(facilitator, workshop, sheet, details={"filename": path.name})
        seconds = time.perf_counter() - started
        peak = 0
        if trace:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        db.session.remove()
    return seconds, peak, summary


def measure(sizes=SIZES, database_url: str | None = None, log=print) -> list[ImportTiming]:
    results: list[ImportTiming] = []
    with tempfile.TemporaryDirectory(prefix="import-bench-") as folder:
        root = Path(folder)
        url = database_url or f"sqlite:///{root / 'import-bench.db'}"
        app, ids, references = prepare(url)
        for fmt, writer in (("CSV", write_csv), ("XLSX", write_xlsx)):
            for size in sizes:
                path = root / f"sheet-{size}.{fmt.lower()}"
                writer(path, size, references)
                name = f"import {size:,} rows ({fmt})"
                log(f"  {name} …")
                seconds, _peak, summary = import_once(app, ids, path, f"Timed {fmt} {size}", False)
                _seconds, peak, _summary = import_once(app, ids, path, f"Traced {fmt} {size}", True)
                results.append(ImportTiming(
                    name=name, rows=size, file_kib=path.stat().st_size // 1024,
                    seconds=round(seconds, 2), rows_per_second=round(size / seconds),
                    peak_mib=round(peak / 1024 / 1024, 1), new_ideas=summary.new_ideas,
                    tallies=summary.tallies, comments=summary.comments,
                    target_met=(seconds < TARGET_SECONDS) if size >= TARGET_ROWS else None))
        from manifesto.extensions import db

        with app.app_context():
            db.engine.dispose()
    return results


def table(results: list[ImportTiming]) -> str:
    lines = [f"{'name':<30} {'file KiB':>8} {'seconds':>8} {'rows/s':>7} {'peak MiB':>9} "
             f"{'new':>6} {'tallies':>7} {'comments':>8}  target met (10,000 rows < 10 s)"]
    for r in results:
        met = "-" if r.target_met is None else ("yes" if r.target_met else "NO")
        lines.append(f"{r.name:<30} {r.file_kib:>8} {r.seconds:>8.2f} {r.rows_per_second:>7} "
                     f"{r.peak_mib:>9.1f} {r.new_ideas:>6} {r.tallies:>7} {r.comments:>8}  {met}")
    return "\n".join(lines)


def add_to_json(path: Path, results: list[ImportTiming]) -> None:
    """Add the results to ``make bench``'s JSON document (key "imports")."""
    if not results or not path.exists():
        return
    document = json.loads(path.read_text())
    document["imports"] = [r.as_dict() for r in results]
    path.write_text(json.dumps(document, indent=2) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.import_bench",
                                     description="Workshop sheet import benchmark.")
    parser.add_argument("--quick", action="store_true", help="500 and 2,000 rows only")
    parser.add_argument("--database-url", help="default: SQLite in a temporary folder "
                        "(a PostgreSQL database given here is filled, not wiped)")
    parser.add_argument("--output", help="also write the results as JSON here")
    args = parser.parse_args(argv)
    sizes = QUICK_SIZES if args.quick else SIZES
    results = measure(sizes, args.database_url)
    print(table(results))
    if args.output:
        Path(args.output).write_text(json.dumps([r.as_dict() for r in results], indent=2) + "\n")
    return 1 if any(r.target_met is False for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
