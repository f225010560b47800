"""The printed tables, the machine description and results/latest.json."""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import time
from pathlib import Path

from benchmarks.generate import GenerationReport
from benchmarks.throughput import MIN_RATIO, Throughput
from benchmarks.timings import NOT_AVAILABLE, Timing


def _yes_no(value: bool | None) -> str:
    return "-" if value is None else ("yes" if value else "NO")


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def timings_table(timings: list[Timing]) -> str:
    lines = [f"{'name':<34} {'p50 ms':>8} {'p95 ms':>8} {'sql p50':>8} {'queries':>8} "
             f"{'n':>4}  target met (p95 < 50 ms)"]
    for t in timings:
        if not t.available:
            lines.append(f"{t.name:<34} {'-':>8} {'-':>8} {'-':>8} {'-':>8} {'-':>4}  "
                         f"{NOT_AVAILABLE}")
            continue
        queries = str(t.queries)
        if t.queries_range and t.queries_range[0] != t.queries_range[1]:
            queries = f"{t.queries_range[0]}-{t.queries_range[1]}"
        lines.append(f"{t.name:<34} {_ms(t.p50_ms):>8} {_ms(t.p95_ms):>8} "
                     f"{_ms(t.sql_p50_ms):>8} {queries:>8} "
                     f"{t.requests:>4}  "
                     f"{_yes_no(t.target_met)} {t.note}".rstrip())
    return "\n".join(lines)


def throughput_table(results: list[Throughput]) -> str:
    lines = [f"{'page':<34} {'req/s':>9} {'ratio':>6}  at least {MIN_RATIO} of baseline"]
    for r in results:
        if r.per_second is None:
            lines.append(f"{r.name:<34} {'-':>9} {'-':>6}  {r.note}")
            continue
        ratio = "-" if r.ratio is None else f"{r.ratio:.2f}"
        lines.append(f"{r.name:<34} {r.per_second:>9.1f} {ratio:>6}  "
                     f"{_yes_no(r.ratio_met)} {r.note}".rstrip())
    return "\n".join(lines)


def machine() -> dict:
    info = {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "cpus": os.cpu_count(),
    }
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        total_kb = int(meminfo.read_text().split()[1])
        info["memory_gib"] = round(total_kb / 1024 / 1024, 1)
    return info


def busy_warning(load_before: float) -> str | None:
    """Other work on the machine skews every figure; say so. (The load is taken
    before the run: the throughput run itself keeps both CPUs busy.)"""
    cpus = os.cpu_count() or 1
    if load_before > cpus:
        return (f"Warning: load average {load_before:.1f} on {cpus} CPUs before the run: "
                "other processes were competing for the machine, so these figures are "
                "pessimistic.")
    return None


def write_json(path: Path, generation: GenerationReport, timings: list[Timing],
               throughput: list[Throughput], settings: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "recorded_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": machine(),
        "settings": settings,
        "generation": generation.as_dict(),
        "timings": [t.as_dict() for t in timings],
        "throughput": [r.as_dict() for r in throughput],
    }
    path.write_text(json.dumps(document, indent=2) + "\n")
