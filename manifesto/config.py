"""Configuration: defaults that run out of the box, overridden by
``instance/config.py`` and then by environment variables."""

from __future__ import annotations

import os
from pathlib import Path

#: Settings that may be given as environment variables (strings, or ints
#: where the default is an int).
ENVIRONMENT_KEYS = (
    "SECRET_KEY",
    "DATABASE_URL",
    "RATELIMIT_STORAGE_URI",
    "RATELIMIT_KEY_PREFIX",
    "MAIL_SERVER",
    "MAIL_PORT",
    "MAIL_USERNAME",
    "MAIL_PASSWORD",
    "MAIL_USE_TLS",
    "MAIL_DEFAULT_SENDER",
    "MAIL_BACKEND",
    "SERVER_NAME",
    "PREFERRED_URL_SCHEME",
    "SESSION_COOKIE_SECURE",
    "ORGANISATION_NAME",
    "PRIVACY_CONTACT_EMAIL",
    "REQUIRE_EMAIL_VERIFICATION",
)


class DefaultConfig:
    SECRET_KEY: str | None = None  # generated into instance/ when unset
    SQLALCHEMY_DATABASE_URI: str | None = None  # SQLite in instance/ when unset
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SQLALCHEMY_RECORD_QUERIES = False

    # New accounts confirm their email address before they may post.
    REQUIRE_EMAIL_VERIFICATION = True
    EMAIL_VERIFICATION_MAX_AGE = 7 * 24 * 3600
    VERIFICATION_RESEND_RATE_LIMIT = "5 per hour"

    # Sessions and cookies.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False  # set True behind HTTPS
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = 60 * 60 * 24 * 30
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 24 * 14

    # Requests: 2 MB is generous for forms; uploads get their own limit later.
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    MAX_FORM_MEMORY_SIZE = 2 * 1024 * 1024

    WTF_CSRF_TIME_LIMIT = None  # valid for the life of the session

    # Rate limits (Flask-Limiter). In memory (per worker process) unless
    # RATELIMIT_STORAGE_URI names a shared store, e.g. redis://127.0.0.1:6379/0,
    # which every worker and host then counts against together.
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_KEY_PREFIX = "manifesto"  # keeps several sites on one Redis apart
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_STRATEGY = "moving-window"
    LOGIN_RATE_LIMIT = "10 per minute; 50 per hour"
    REGISTER_RATE_LIMIT = "30 per hour"  # a workshop may share one address
    PASSWORD_RESET_RATE_LIMIT = "5 per hour"
    POSTING_RATE_LIMIT = "20 per hour"
    COMMENT_RATE_LIMIT = "60 per hour"
    SUPPORT_RATE_LIMIT = "120 per minute"
    # Per signed-in account, whatever address it posts from (a workshop may
    # share one address, so the per-address limits above are the looser ones).
    ACCOUNT_POSTING_RATE_LIMIT = "10 per hour; 30 per day"
    ACCOUNT_COMMENT_RATE_LIMIT = "30 per hour; 200 per day"

    # Passwords. scrypt is werkzeug's strong default; tests use a fast method.
    PASSWORD_HASH_METHOD = "scrypt"
    PASSWORD_MIN_LENGTH = 10
    PASSWORD_MAX_LENGTH = 1024
    PASSWORD_RESET_MAX_AGE = 60 * 60  # seconds

    # Mail: "console" writes to the log; "smtp" when MAIL_SERVER is set;
    # "memory" keeps messages in app.extensions["mail_outbox"] (tests).
    MAIL_BACKEND = "console"
    MAIL_SERVER: str | None = None
    MAIL_PORT = 587
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_USE_TLS = True
    MAIL_DEFAULT_SENDER = "Manifesto <no-reply@localhost>"

    SITE_NAME = "Manifesto"
    # Named as the data controller in the privacy notice (/privacy); empty
    # means "the network running this platform". The contact address is
    # shown there and in the accessibility statement when set.
    ORGANISATION_NAME = ""
    PRIVACY_CONTACT_EMAIL = ""
    DISPLAY_TIMEZONE = "Europe/London"
    IDEAS_PER_PAGE = 20
    # Round-wide aggregates (distinct supporters …) on public pages.
    PUBLIC_COUNTS_CACHE_SECONDS = 60
    # Public pages for cookie-less readers (manifesto/page_cache.py).
    PAGE_CACHE_SECONDS = 10
    API_MAX_PER_PAGE = 100

    # Workshop sheet upload (CSV/XLSX) and `flask import-workshop`.
    WORKSHOP_UPLOAD_MAX_BYTES = 5 * 1024 * 1024
    WORKSHOP_UPLOAD_MAX_ROWS = 20_000
    # An XLSX is a zip: refused before parsing if its parts would expand
    # beyond this, or any large part is compressed more than this ratio.
    WORKSHOP_UPLOAD_MAX_EXPANDED_BYTES = 100 * 1024 * 1024
    WORKSHOP_UPLOAD_MAX_RATIO = 200
    WORKSHOP_UPLOAD_RATE_LIMIT = "60 per hour"


class TestConfig(DefaultConfig):
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    MAIL_BACKEND = "memory"
    PUBLIC_COUNTS_CACHE_SECONDS = 0
    PAGE_CACHE_SECONDS = 0
    # High enough that ordinary tests never hit them; limit tests lower them.
    LOGIN_RATE_LIMIT = "1000 per minute"
    REGISTER_RATE_LIMIT = "1000 per minute"
    PASSWORD_RESET_RATE_LIMIT = "1000 per minute"
    POSTING_RATE_LIMIT = "1000 per minute"
    COMMENT_RATE_LIMIT = "1000 per minute"
    SUPPORT_RATE_LIMIT = "1000 per minute"
    ACCOUNT_POSTING_RATE_LIMIT = "1000 per minute"
    ACCOUNT_COMMENT_RATE_LIMIT = "1000 per minute"


def _coerce(value: str, default: object) -> object:
    if isinstance(default, bool):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(value)
    return value


def from_environment(config: dict) -> None:
    """Apply environment variables over whatever is configured."""
    for key in ENVIRONMENT_KEYS:
        if key in os.environ and os.environ[key] != "":
            target = "SQLALCHEMY_DATABASE_URI" if key == "DATABASE_URL" else key
            config[target] = _coerce(os.environ[key], config.get(target))
    if os.environ.get("MAIL_SERVER") and "MAIL_BACKEND" not in os.environ:
        config["MAIL_BACKEND"] = "smtp"


def from_environment_test_overrides(config: dict) -> None:
    """Under a config object (tests), only the test database may come from the
    environment, so a developer's DATABASE_URL is never touched by tests."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url and config.get("TESTING"):
        config["SQLALCHEMY_DATABASE_URI"] = url


def normalise_database_url(url: str) -> str:
    """Accept the common ``postgres://`` spellings and use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def ensure_secret_key(instance_path: str) -> str:
    """A stable secret for local runs, kept in instance/ (git-ignored)."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    import secrets

    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key
