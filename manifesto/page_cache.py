"""A short-lived per-process cache of public pages for anonymous readers.

Most traffic on a national round is people reading. A page is served from
the cache only to a request that carries no cookies at all (so nobody signed
in, no session, no flash message), and stored only when the response is a
plain 200 HTML page that set no cookie. Readers therefore see a page at most
``PAGE_CACHE_SECONDS`` old; everyone taking part sees live pages.
``PAGE_CACHE_SECONDS = 0`` turns it off (tests, in-process timings).
"""

from __future__ import annotations

import threading
import time

from flask import Flask, Response, current_app, g, request, session

#: Public endpoints whose anonymous GET pages may be cached.
CACHEABLE_ENDPOINTS = frozenset({
    "rounds.home", "rounds.show", "ideas.index", "ideas.show",
    "workshops_public.round_workshops", "workshops_public.show",
})
MAX_ENTRIES = 2000

_lock = threading.Lock()
_pages: dict[tuple[int, str], tuple[float, bytes, str]] = {}


def _ttl() -> float:
    return float(current_app.config.get("PAGE_CACHE_SECONDS", 0) or 0)


def _eligible_request() -> bool:
    return (
        _ttl() > 0
        and request.method == "GET"
        and request.endpoint in CACHEABLE_ENDPOINTS
        and not request.cookies
    )


def _key() -> tuple[int, str]:
    return (id(current_app._get_current_object()), request.full_path)


def serve_cached_page():
    if not _eligible_request():
        return None
    g.page_cache_candidate = True
    with _lock:
        entry = _pages.get(_key())
    if entry is None or entry[0] <= time.monotonic():
        return None
    g.page_cache_hit = True
    return Response(entry[1], status=200, content_type=entry[2])


def store_page(response: Response) -> Response:
    if not g.get("page_cache_candidate") or g.get("page_cache_hit"):
        return response
    # The session cookie is written after this runs, so ask the session.
    if (
        response.status_code != 200
        or session.modified
        or response.headers.get("Set-Cookie")
        or response.direct_passthrough
        or not response.mimetype == "text/html"
    ):
        return response
    expires = time.monotonic() + _ttl()
    with _lock:
        if len(_pages) >= MAX_ENTRIES:
            now = time.monotonic()
            for stale in [k for k, (until, _, _) in _pages.items() if until <= now]:
                del _pages[stale]
            if len(_pages) >= MAX_ENTRIES:
                _pages.clear()
        _pages[_key()] = (expires, response.get_data(), response.content_type)
    return response


def init_app(app: Flask) -> None:
    app.before_request(serve_cached_page)
    # Registered before the security headers, so it runs after them: the
    # stored body is final and headers are added again on every hit anyway.
    app.after_request(store_page)


def clear() -> None:
    with _lock:
        _pages.clear()
