"""The one place user text becomes HTML.

Everything users type is stored exactly as typed. Templates show it either
auto-escaped by Jinja (the default everywhere) or through :func:`render_text`,
which escapes it, turns blank-line-separated paragraphs and line breaks into
markup, links bare URLs, and then passes the result through bleach's
allowlist. Nothing user-supplied is marked safe anywhere else.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

import bleach
from bleach.linkifier import Linker
from markupsafe import Markup, escape

ALLOWED_TAGS = frozenset({"p", "br", "a"})
ALLOWED_ATTRIBUTES = {"a": ["href", "rel"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def _drop_unsafe_links(attrs, new=False):
    """Leave as text any link whose scheme bleach would strip (ftp:, ...),
    rather than an <a> with no href."""
    href = attrs.get((None, "href"), "")
    if urlsplit(href).scheme.lower() not in ALLOWED_PROTOCOLS:
        return None
    return attrs


def _set_rel(attrs, new=False):
    attrs[(None, "rel")] = "nofollow ugc noopener"
    return attrs


_linker = Linker(callbacks=[_drop_unsafe_links, _set_rel], skip_tags=None, parse_email=False)


def render_text(value: str | None) -> Markup:
    """Escape user text and format paragraphs, line breaks and links."""
    if not value:
        return Markup("")
    return Markup(_render_cached(value))  # sanitised by bleach in _render


@lru_cache(maxsize=8192)
def _render_cached(value: str) -> str:
    # The same comments are shown on every view of a busy idea page; bleach
    # is the costly step, so each distinct text is rendered once per process.
    return str(_render(value))


def _render(value: str | None) -> Markup:
    """Escape user text and format paragraphs, line breaks and links."""
    if not value:
        return Markup("")
    normalised = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    paragraphs = [p for p in _PARAGRAPH_BREAK.split(normalised) if p.strip()]
    html = "".join(
        "<p>" + str(escape(p.strip())).replace("\n", "<br>") + "</p>" for p in paragraphs
    )
    html = _linker.linkify(html)
    cleaned = bleach.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
    )
    return Markup(cleaned)  # sanitised above by bleach's allowlist


def excerpt(value: str | None, length: int = 200) -> str:
    """Plain-text excerpt (still escaped by Jinja when shown)."""
    if not value:
        return ""
    flat = " ".join(value.split())
    if len(flat) <= length:
        return flat
    cut = flat[:length].rsplit(" ", 1)[0]
    return cut + "…"
