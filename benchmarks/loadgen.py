"""A small closed-loop HTTP load generator: a few threads, each sending the
next request as soon as the last answer is read, for a fixed time, to
127.0.0.1 only."""

from __future__ import annotations

import http.client
import threading
import time
from dataclasses import dataclass

LOOPBACK = "127.0.0.1"


@dataclass
class LoadResult:
    path: str
    seconds: float
    ok: int
    failed: int

    @property
    def per_second(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0


def _worker(port: int, path: str, deadline: float, tally: list[int], lock: threading.Lock) -> None:
    ok = failed = 0
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=30)
    try:
        while time.perf_counter() < deadline:
            try:
                connection.request("GET", path, headers={"Accept": "text/html"})
                response = connection.getresponse()
                response.read()
                if response.status == 200:
                    ok += 1
                else:
                    failed += 1
                if response.will_close:  # gunicorn's sync workers close every connection
                    connection.close()
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
    finally:
        connection.close()
    with lock:
        tally[0] += ok
        tally[1] += failed


def run_load(port: int, path: str, seconds: float = 5.0, connections: int = 4) -> LoadResult:
    """Requests per second for ``path`` on 127.0.0.1:``port``, bounded by ``seconds``."""
    tally = [0, 0]
    lock = threading.Lock()
    started = time.perf_counter()
    deadline = started + seconds
    threads = [
        threading.Thread(target=_worker, args=(port, path, deadline, tally, lock), daemon=True)
        for _ in range(connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    elapsed = time.perf_counter() - started
    return LoadResult(path, round(elapsed, 2), tally[0], tally[1])
