"""Server time and SQL queries per request, measured in-process through the
Flask test client (no network, no server), on the bench database."""

from __future__ import annotations

import math
import statistics
import time
from dataclasses import asdict, dataclass, field
from typing import Callable

from flask import Flask
from sqlalchemy import event, text
from werkzeug.exceptions import MethodNotAllowed, NotFound

from benchmarks.cases import BenchTargets, Case
from manifesto.extensions import db

TARGET_MS = 50.0
BUDGET_SECONDS = 10.0
MIN_REQUESTS = 5
NOT_AVAILABLE = "not available yet"


@dataclass
class Timing:
    name: str
    path: str
    method: str
    available: bool
    note: str = ""
    requests: int = 0
    p50_ms: float | None = None
    p95_ms: float | None = None
    max_ms: float | None = None
    queries: int | None = None  # median per request
    sql_p50_ms: float | None = None  # of which waiting for the database
    queries_range: tuple[int, int] | None = None
    statuses: dict[str, int] = field(default_factory=dict)
    target_ms: float = TARGET_MS

    @property
    def target_met(self) -> bool | None:
        if not self.available or self.p95_ms is None:
            return None
        return self.p95_ms < self.target_ms and not self.note

    def as_dict(self) -> dict:
        return asdict(self) | {"target_met": self.target_met}


class QueryCounter:
    """Counts the statements the app sends to the database, and their time
    (requests run one at a time here, so one clock is enough)."""

    def __init__(self, app: Flask):
        with app.app_context():
            self.engine = db.engine
        self.reset()
        event.listen(self.engine, "before_cursor_execute", self._before)
        event.listen(self.engine, "after_cursor_execute", self._after)

    def reset(self) -> None:
        self.count = 0
        self.seconds = 0.0
        self._started = 0.0

    def _before(self, *args) -> None:
        self.count += 1
        self._started = time.perf_counter()

    def _after(self, *args) -> None:
        self.seconds += time.perf_counter() - self._started

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._before)
        event.remove(self.engine, "after_cursor_execute", self._after)


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def route_exists(app: Flask, case: Case) -> bool:
    adapter = app.url_map.bind("localhost")
    try:
        adapter.match(case.path.split("?")[0], method=case.method)
    except (NotFound, MethodNotAllowed):
        return False
    except Exception:  # a redirect (e.g. a missing slash) still means the route is there
        return True
    return True


def _expected(case: Case, status: int) -> bool:
    return status == 200 or (case.method == "POST" and status in (302, 303))


def measure_case(app: Flask, counter: QueryCounter, case: Case, requests: int, warmup: int,
                 budget: float = BUDGET_SECONDS) -> Timing:
    """Time ``requests`` requests after ``warmup``; a page slower than the
    time budget allows gets fewer (at least MIN_REQUESTS) so a run stays short."""
    timing = Timing(case.name, case.path, case.method, available=route_exists(app, case))
    if not timing.available:
        timing.note = NOT_AVAILABLE
        return timing
    client = app.test_client()
    if case.user_id:
        with client.session_transaction() as session:
            session["_user_id"] = case.user_id
            session["_fresh"] = True
    forms = case.forms or [{}]

    def send(number: int):
        if case.method == "POST":
            return client.post(case.path, data=forms[number % len(forms)])
        return client.get(case.path)

    warm_until = time.perf_counter() + budget / 4
    for number in range(warmup):
        if time.perf_counter() > warm_until:
            break  # enough warming for a slow page
        send(number)
    durations: list[float] = []
    queries: list[int] = []
    sql_ms: list[float] = []
    stop_at = time.perf_counter() + budget
    for number in range(requests):
        if len(durations) >= MIN_REQUESTS and time.perf_counter() > stop_at:
            break
        counter.reset()
        started = time.perf_counter()
        response = send(number)
        durations.append((time.perf_counter() - started) * 1000)
        queries.append(counter.count)
        sql_ms.append(counter.seconds * 1000)
        key = str(response.status_code)
        timing.statuses[key] = timing.statuses.get(key, 0) + 1
    timing.requests = len(durations)
    timing.p50_ms = round(percentile(durations, 0.50), 1)
    timing.p95_ms = round(percentile(durations, 0.95), 1)
    timing.max_ms = round(max(durations), 1)
    timing.sql_p50_ms = round(percentile(sql_ms, 0.50), 1)
    timing.queries = int(statistics.median(queries))
    timing.queries_range = (min(queries), max(queries))
    unexpected = {s: n for s, n in timing.statuses.items() if not _expected(case, int(s))}
    if unexpected:
        timing.note = "HTTP " + ", ".join(f"{s} x{n}" for s, n in unexpected.items())
    return timing


def measure_all(app: Flask, cases: list[Case], targets: BenchTargets, *, requests: int = 60,
                warmup: int = 6, log: Callable[[str], None] = print) -> list[Timing]:
    counter = QueryCounter(app)
    results = []
    try:
        for case in cases:
            if case.method == "POST":
                # CSRF is off for this one measurement only: it times the
                # write, not the token check.
                app.config["WTF_CSRF_ENABLED"] = False
                try:
                    results.append(measure_case(app, counter, case, requests, warmup))
                finally:
                    app.config["WTF_CSRF_ENABLED"] = True
                    restore_support(app, targets)
            else:
                results.append(measure_case(app, counter, case, requests, warmup))
            last = results[-1]
            log(f"  {last.name:<34} " + (
                f"p95 {last.p95_ms:6.1f} ms, {last.queries} queries {last.note}"
                if last.available else NOT_AVAILABLE))
    finally:
        counter.close()
    return results


def restore_support(app: Flask, targets: BenchTargets) -> None:
    """Leave the data as generated, whatever the toggles did."""
    with app.app_context():
        db.session.execute(text("DELETE FROM supports WHERE user_id = :u AND idea_id = :i"),
                           {"u": targets.supporter_id, "i": targets.support_idea})
        db.session.execute(text(
            "UPDATE ideas SET support_count = (SELECT count(*) FROM supports "
            "WHERE supports.idea_id = ideas.id) WHERE id = :i"), {"i": targets.support_idea})
        db.session.commit()
        db.session.remove()
