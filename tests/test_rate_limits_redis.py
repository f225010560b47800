"""Rate limits hold across worker processes when they are kept in Redis.

A real gunicorn with two worker processes serves the app; sign-in attempts
arrive at the same time on separate connections, so both workers answer
some. With ``RATELIMIT_STORAGE_URI`` pointing at Redis the limit is counted
once for the whole server; with the in-memory default each worker counts on
its own (the control case, which shows the test can tell the difference).

Redis is the local one (``TEST_REDIS_URL``, default database 15); the keys
carry a prefix unique to the run and only those are deleted. Without Redis
the test is skipped on a developer's machine but FAILS under CI.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterator
from urllib.parse import urlencode

import pytest

from tests.factories import make_user

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
LOOPBACK = "127.0.0.1"
LIMIT = 5
ATTEMPTS = 14
CONCURRENCY = 6
WORKERS = 2
SERVER_CONFIG_VARIABLE = "MANIFESTO_RATE_LIMIT_TEST_CONFIG"
PID_HEADER = "X-Test-Worker-Pid"
#: Each request is held this long, so that while one worker is busy the
#: other accepts the next connection.
HOLD_SECONDS = 0.15
REPO_ROOT = Path(__file__).resolve().parent.parent
SERVER_LIFETIME_SECONDS = 120  # the server is killed after this even if the test dies


# --- the served application (imported by gunicorn in each worker) ------------------

def served_app():
    """The real application, configured from the environment, wrapped in a
    test-only middleware that names the worker process answering."""
    from manifesto import create_app

    app = create_app(json.loads(os.environ[SERVER_CONFIG_VARIABLE]))
    inner = app.wsgi_app

    def naming_the_worker(environ, start_response):
        time.sleep(HOLD_SECONDS)

        def start(status, headers, exc_info=None):
            return start_response(status, [*headers, (PID_HEADER, str(os.getpid()))], exc_info)

        return inner(environ, start)

    app.wsgi_app = naming_the_worker
    return app


# --- fixtures ------------------------------------------------------------------------

def _redis_or_fail():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2, socket_timeout=5)
    try:
        client.ping()
    except redis.RedisError as error:
        message = f"Redis is not reachable at {REDIS_URL}: {error}"
        if os.environ.get("CI"):
            pytest.fail(message + " (it must be running in CI)", pytrace=False)
        pytest.skip(message)
    return client


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    client = _redis_or_fail()
    prefix = f"manifesto-test-{uuid.uuid4().hex}"

    def forget() -> None:
        keys = list(client.scan_iter(match=f"*{prefix}*", count=500))
        if keys:
            client.delete(*keys)

    forget()
    yield prefix
    forget()
    client.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def _wait_until_listening(process: subprocess.Popen, port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection((LOOPBACK, port), 0.5):
            return
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not listen on port {port} within {timeout:.0f} s")


@contextlib.contextmanager
def gunicorn(app, storage_uri: str, key_prefix: str) -> Iterator[int]:
    """Two sync workers on a free loopback port; stopped on the way out (and
    by ``timeout`` after SERVER_LIFETIME_SECONDS whatever happens)."""
    config = {
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "rate-limit-test-secret",
        "PASSWORD_HASH_METHOD": app.config["PASSWORD_HASH_METHOD"],
        "MAIL_BACKEND": "memory",
        "PAGE_CACHE_SECONDS": 0,
        "WTF_CSRF_ENABLED": False,  # this test is about the limit, not the token
        "RATELIMIT_STORAGE_URI": storage_uri,
        "RATELIMIT_KEY_PREFIX": key_prefix,
        "LOGIN_RATE_LIMIT": f"{LIMIT} per minute",
    }
    port = _free_port()
    command = ["timeout", "--signal=TERM", "--kill-after=10", str(SERVER_LIFETIME_SECONDS),
               sys.executable, "-m", "gunicorn", "--workers", str(WORKERS), "--worker-class", "sync",
               "--bind", f"{LOOPBACK}:{port}", "--timeout", "30", "--graceful-timeout", "5",
               "--log-level", "warning", "tests.test_rate_limits_redis:served_app()"]
    env = {**os.environ, SERVER_CONFIG_VARIABLE: json.dumps(config)}
    process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, start_new_session=True)
    try:
        _wait_until_listening(process, port)
        yield port
    finally:
        process.send_signal(signal.SIGTERM)  # timeout passes it on; gunicorn stops its workers
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


def _sign_in_attempt(port: int, email: str) -> tuple[int, int]:
    """A wrong password, on a connection of its own: (status, worker pid)."""
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=30)
    try:
        body = urlencode({"email": email, "password": "not the password"})
        connection.request("POST", "/account/login", body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Connection": "close"})
        response = connection.getresponse()
        response.read()
        return response.status, int(response.getheader(PID_HEADER))
    finally:
        connection.close()


def _burst(port: int, email: str, attempts: int = ATTEMPTS) -> list[tuple[int, int]]:
    """``attempts`` sign-ins, CONCURRENCY at a time."""
    with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
        return list(pool.map(lambda _n: _sign_in_attempt(port, email), range(attempts)))


# --- tests ---------------------------------------------------------------------------

def test_sign_in_limit_holds_across_two_workers_with_redis(app, redis_prefix):
    person = make_user()
    with gunicorn(app, REDIS_URL, redis_prefix) as port:
        answers = _burst(port, person.email)
        later = _burst(port, person.email, attempts=CONCURRENCY)
    statuses = [status for status, _pid in answers]
    served_by = {pid for _status, pid in answers + later}
    assert len(served_by) == WORKERS, f"only worker(s) {served_by} answered: not a real test"
    assert statuses.count(200) == LIMIT, statuses
    assert statuses.count(429) == ATTEMPTS - LIMIT, statuses
    # Refused whichever worker answers: each worker refuses at least once.
    refusing = {pid for status, pid in answers + later if status == 429}
    assert refusing == served_by
    assert [status for status, _pid in later] == [429] * len(later)


def test_in_memory_limits_are_per_worker_so_they_do_not_hold_together(app):
    """The control: the same burst against in-process counting lets more
    through than the limit, which is why several workers need Redis."""
    person = make_user()
    with gunicorn(app, "memory://", "manifesto-test") as port:
        answers = _burst(port, person.email)
    assert len({pid for _status, pid in answers}) == WORKERS
    assert [status for status, _pid in answers].count(200) > LIMIT
