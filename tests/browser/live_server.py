"""The app served over real HTTP for the browser, in a background thread.

It serves the very same ``app`` (and so the same test database) as the rest
of the suite. The request handler counts requests in flight, so a test can
wait until the server is idle before the tables are emptied; a thin WSGI
wrapper records server errors, so a 500 behind a browser click fails the
test loudly.
"""

from __future__ import annotations

import threading
import time

from werkzeug.serving import WSGIRequestHandler, make_server


class _Traffic:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.in_flight = 0
        self.last_finished = time.monotonic()
        self.errors: list[str] = []

    def started(self) -> None:
        with self.lock:
            self.in_flight += 1

    def finished(self) -> None:
        with self.lock:
            self.in_flight -= 1
            self.last_finished = time.monotonic()

    def is_idle(self, quiet: float) -> bool:
        with self.lock:
            return self.in_flight == 0 and time.monotonic() - self.last_finished >= quiet


def _handler_counting(traffic: _Traffic) -> type[WSGIRequestHandler]:
    class CountingHandler(WSGIRequestHandler):
        # Counted around the whole request, socket clean-up included: werkzeug
        # may skip the body's close() when the browser drops the connection.
        def run_wsgi(self) -> None:
            traffic.started()
            try:
                super().run_wsgi()
            finally:
                traffic.finished()

        def log_request(self, *args, **kwargs) -> None:
            pass  # keep test output about the test, not about every asset

    return CountingHandler


def _app_recording_errors(app, traffic: _Traffic):
    def wsgi(environ, start_response):
        request = f"{environ.get('REQUEST_METHOD')} {environ.get('PATH_INFO', '')}"

        def recording_start_response(status, headers, exc_info=None):
            if status.startswith("5"):
                traffic.errors.append(f"{request} → {status}")
            return start_response(status, headers, exc_info)

        try:
            return app(environ, recording_start_response)
        except Exception as error:
            traffic.errors.append(f"{request} raised {error!r}")
            raise

    return wsgi


class LiveServer:
    def __init__(self, app) -> None:
        self.traffic = _Traffic()
        self.server = make_server(
            "127.0.0.1", 0, _app_recording_errors(app, self.traffic), threaded=True,
            request_handler=_handler_counting(self.traffic),
        )
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, name="live-server", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def wait_idle(self, quiet: float = 0.05, timeout: float = 10.0) -> None:
        """Block until no request is in flight and none finished in the last
        ``quiet`` seconds (a request still in the socket backlog would start
        within that window)."""
        deadline = time.monotonic() + timeout
        while not self.traffic.is_idle(quiet):
            if time.monotonic() > deadline:
                raise TimeoutError(f"the live server still has {self.traffic.in_flight} request(s) in flight")
            time.sleep(0.01)

    def take_errors(self) -> list[str]:
        errors, self.traffic.errors = self.traffic.errors, []
        return errors
