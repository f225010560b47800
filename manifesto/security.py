"""Security headers, safe redirects and the database's integrity settings."""

from __future__ import annotations

from urllib.parse import unquote, urljoin, urlsplit

from flask import Flask, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def add_security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault(
            "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
        )
    return response


def is_safe_redirect(target: str | None) -> bool:
    """Only paths on this site: no scheme, no host, no '//' or backslash
    tricks, not even once percent-decoded, and no control characters
    (browsers drop tabs and newlines, so a tab between two slashes would
    become '//evil.com')."""
    if not target:
        return False
    decoded = unquote(target)
    for candidate in (target, decoded):
        if not candidate.startswith("/") or candidate.startswith(("//", "/\\")):
            return False
        if "\\" in candidate or any(ord(ch) < 32 or ord(ch) == 127 for ch in candidate):
            return False
    joined = urlsplit(urljoin(request.host_url, target))
    return joined.scheme in ("http", "https") and joined.netloc == urlsplit(request.host_url).netloc


def safe_next(target: str | None, default: str) -> str:
    return target if is_safe_redirect(target) else default


def init_app(app: Flask) -> None:
    # The remember-me cookie is as Secure as the session cookie unless set apart.
    app.config.setdefault("REMEMBER_COOKIE_SECURE", bool(app.config.get("SESSION_COOKIE_SECURE")))
    app.after_request(add_security_headers)


@event.listens_for(Engine, "connect")
def _sqlite_integrity(dbapi_connection, connection_record):
    """Foreign keys on SQLite, WAL so readers never wait for a writer."""
    module = type(dbapi_connection).__module__
    if "sqlite" not in module:
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
