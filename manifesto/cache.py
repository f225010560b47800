"""A small per-process cache for expensive public aggregates.

Only for figures that may be a little behind (e.g. distinct supporters of a
whole round on the home page): the rows and cached counters stay the truth;
this only spares each request from re-aggregating millions of rows.
``PUBLIC_COUNTS_CACHE_SECONDS = 0`` turns it off (tests).
"""

from __future__ import annotations

import threading
import time
from typing import Any, Callable, Hashable

from flask import current_app

_lock = threading.Lock()
_entries: dict[Hashable, tuple[float, Any]] = {}


def cached(key: Hashable, compute: Callable[[], Any]) -> Any:
    ttl = current_app.config.get("PUBLIC_COUNTS_CACHE_SECONDS", 0)
    if ttl <= 0:
        return compute()
    full_key = (id(current_app._get_current_object()), key)
    now = time.monotonic()
    with _lock:
        entry = _entries.get(full_key)
        if entry and entry[0] > now:
            return entry[1]
    value = compute()
    with _lock:
        _entries[full_key] = (now + ttl, value)
        if len(_entries) > 1000:  # bounded: drop expired entries
            for stale in [k for k, (expires, _) in _entries.items() if expires <= now]:
                del _entries[stale]
    return value
