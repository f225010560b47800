"""Requests per second under gunicorn: the real public pages against a bare
Flask baseline, same server settings, same machine, same run.

Engineering rule: every public page reaches at least a quarter of the
baseline's requests per second.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Iterator

from benchmarks.cases import Case
from benchmarks.loadgen import LOOPBACK, run_load

MIN_RATIO = 0.25
WORKERS = 2
REPO_ROOT = Path(__file__).resolve().parent.parent
BASELINE_APP = "benchmarks.baseline_app:app"
BENCH_APP = "benchmarks.wsgi:bench_app()"


@dataclass
class Throughput:
    name: str
    path: str
    per_second: float | None
    ok: int = 0
    failed: int = 0
    ratio: float | None = None
    note: str = ""

    @property
    def ratio_met(self) -> bool | None:
        if self.ratio is None:
            return None
        return self.ratio >= MIN_RATIO and not self.failed

    def as_dict(self) -> dict:
        return asdict(self) | {"ratio_met": self.ratio_met}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def _wait_until_listening(process: subprocess.Popen, port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection((LOOPBACK, port), 0.5):
            return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not listen on port {port} within {timeout:.0f} s")


@contextlib.contextmanager
def gunicorn(app_spec: str, env: dict[str, str] | None = None) -> Iterator[int]:
    """Serve ``app_spec`` with 2 sync workers on a free loopback port; stop it afterwards."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "--workers", str(WORKERS),
               "--bind", f"{LOOPBACK}:{port}", "--log-level", "warning", app_spec]
    process = subprocess.Popen(command, cwd=REPO_ROOT, env={**os.environ, **(env or {})})
    try:
        _wait_until_listening(process, port)
        yield port
    finally:
        process.send_signal(signal.SIGTERM)  # graceful: the master stops its workers
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _measure(port: int, name: str, path: str, seconds: float, connections: int) -> Throughput:
    run_load(port, path, seconds=min(1.0, seconds), connections=connections)  # warm-up
    result = run_load(port, path, seconds=seconds, connections=connections)
    note = f"{result.failed} failed" if result.failed else ""
    return Throughput(name, path, round(result.per_second, 1), result.ok, result.failed, None,
                      note)


def measure_throughput(database_url: str, pages: list[Case], available: set[str], *,
                       seconds: float = 5.0, connections: int = 4,
                       log: Callable[[str], None] = print) -> list[Throughput]:
    """The baseline first, then each public page (skipping routes not there yet)."""
    with gunicorn(BASELINE_APP) as port:
        baseline = _measure(port, "baseline (bare Flask, 20-item list)", "/", seconds,
                            connections)
    baseline.ratio = 1.0
    log(f"  {baseline.name:<34} {baseline.per_second:8.1f} req/s")
    results = [baseline]
    with gunicorn(BENCH_APP, {"BENCH_DATABASE_URL": database_url}) as port:
        for page in pages:
            if page.name not in available:
                results.append(Throughput(page.name, page.path, None, note="not available yet"))
                continue
            result = _measure(port, page.name, page.path, seconds, connections)
            if baseline.per_second:
                result.ratio = round((result.per_second or 0) / baseline.per_second, 2)
            results.append(result)
            flag = "" if result.ratio_met else "  BELOW 0.25"
            log(f"  {result.name:<34} {result.per_second:8.1f} req/s  "
                f"ratio {result.ratio:.2f}{flag}")
    return results
