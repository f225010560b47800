"""``make bench``: generate (or reuse) the national-scale database, time every
page in-process, compare throughput under gunicorn with a bare Flask
baseline, print the tables and write benchmarks/results/latest.json.

    python -m benchmarks.run [--quick] [--regenerate] [--database-url URL]
                             [--requests N] [--seconds S] [--no-throughput] [--strict]
                             [--no-exports | --exports-only]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from benchmarks import database, export_bench, import_bench, report
from benchmarks.cases import build_cases, deep_page, find_targets
from benchmarks.generate import bench_config, ensure_database
from benchmarks.scale import NATIONAL, QUICK
from benchmarks.throughput import measure_throughput
from benchmarks.timings import measure_all
from manifesto import create_app
from manifesto.extensions import db


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run",
                                     description="National-scale benchmark (docs/performance.md).")
    parser.add_argument("--quick", action="store_true",
                        help="1/20 of the data, 20 requests per page, 2 s per throughput page")
    parser.add_argument("--regenerate", action="store_true",
                        help="rebuild the database even if one of the right size exists")
    parser.add_argument("--database-url",
                        help="default: DATABASE_URL, else SQLite in benchmarks/data/")
    parser.add_argument("--requests", type=int, help="measured requests per case (default 60)")
    parser.add_argument("--seconds", type=float, help="load per throughput page (default 5)")
    parser.add_argument("--connections", type=int, default=4,
                        help="concurrent connections in the throughput run (default 4)")
    parser.add_argument("--no-throughput", action="store_true", help="skip the gunicorn run")
    parser.add_argument("--no-import", action="store_true",
                        help="skip the workshop sheet import benchmark")
    parser.add_argument("--no-exports", action="store_true",
                        help="skip the export benchmark (open data files, manifesto DOCX)")
    parser.add_argument("--exports-only", action="store_true",
                        help="only the export benchmark (reusing the generated database)")
    parser.add_argument("--strict", action="store_true",
                        help="exit 1 if any available page misses a target")
    parser.add_argument("--output", help="default: benchmarks/results/latest.json "
                        "(exports.json with --exports-only)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.output = args.output or str(database.RESULTS_DIR / (
        "exports.json" if args.exports_only else "latest.json"))
    scale = QUICK if args.quick else NATIONAL
    requests = args.requests or (20 if args.quick else 60)
    seconds = args.seconds or (2.0 if args.quick else 5.0)
    url = args.database_url or database.default_url(args.quick)
    load_before = os.getloadavg()[0]

    print(f"== Data ({scale.name} scale)")
    generation = ensure_database(url, scale, regenerate=args.regenerate)

    timings, cases = [], []
    if not args.exports_only:
        print(f"\n== Server time in-process ({requests} requests per case after a warm-up)")
        # Server time is measured uncached: every request renders its page.
        app = create_app(bench_config(url, PAGE_CACHE_SECONDS=0))
        targets = find_targets(app)
        cases = build_cases(targets, deep_page(scale))
        timings = measure_all(app, cases, targets, requests=requests)
        with app.app_context():
            db.engine.dispose()

    throughput = []
    if not args.no_throughput and not args.exports_only:
        print(f"\n== Throughput under gunicorn (2 workers, {args.connections} connections, "
              f"{seconds:g} s per page)")
        available = {t.name for t in timings if t.available and not t.note}
        pages = [case for case in cases if case.public_page]
        throughput = measure_throughput(url, pages, available, seconds=seconds,
                                        connections=args.connections)

    imports = []
    if not args.no_import and not args.exports_only:
        print("\n== Workshop sheet import (its own SQLite database)")
        imports = import_bench.measure(import_bench.QUICK_SIZES if args.quick
                                       else import_bench.SIZES)

    exports = []
    if not args.no_exports:
        print("\n== Exports: open data files and the manifesto DOCX")
        exports = export_bench.measure(url)

    print(f"\n== Results: {generation.database}")
    if generation.generated:
        print(f"Data generated in {generation.seconds:.1f} s")
    if timings:
        print()
        print(report.timings_table(timings))
    if throughput:
        print()
        print(report.throughput_table(throughput))
    if imports:
        print()
        print(import_bench.table(imports))
    if exports:
        print()
        print(export_bench.table(exports))
    settings = {"scale": scale.name, "requests": requests, "seconds": seconds,
                "connections": args.connections, "load_average_before": round(load_before, 2)}
    report.write_json(Path(args.output), generation, timings, throughput, settings)
    import_bench.add_to_json(Path(args.output), imports)
    export_bench.add_to_json(Path(args.output), exports)
    print(f"\nWritten to {args.output}")

    slow = [t.name for t in timings if t.target_met is False]
    below = [r.name for r in throughput if r.ratio_met is False]
    if slow:
        print("Slower than 50 ms at p95 (or failing): " + ", ".join(slow))
    if below:
        print("Below a quarter of the baseline's req/s: " + ", ".join(below))
    slow_imports = [r.name for r in imports if r.target_met is False]
    if slow_imports:
        print("Sheet import slower than 10 s: " + ", ".join(slow_imports))
    slow_exports = [r.name for r in exports if not r.target_met]
    if slow_exports:
        print("Exports over their targets: " + ", ".join(slow_exports))
    busy = report.busy_warning(load_before)
    if busy:
        print(busy)
    return 1 if args.strict and (slow or below or slow_imports or slow_exports) else 0


if __name__ == "__main__":
    sys.exit(main())
