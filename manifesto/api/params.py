"""Query-string parsing for the API: strict, so a mistake gets a 400 that
names the parameter instead of a silently different answer (or a 500)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app, request

# Keep ids and offsets inside what both SQLite and PostgreSQL integers hold.
MAX_INT = 2_147_483_647
MAX_PAGE = 1_000_000
MAX_QUERY_LENGTH = 200


class ApiError(Exception):
    """An error answered as ``{"error", "message", "status"[, "parameter"]}``."""

    def __init__(self, status: int, error: str, message: str, parameter: str | None = None):
        super().__init__(message)
        self.status = status
        self.error = error
        self.message = message
        self.parameter = parameter

    def as_json(self) -> dict:
        body: dict = {"error": self.error, "message": self.message, "status": self.status}
        if self.parameter:
            body["parameter"] = self.parameter
        return body


def invalid(parameter: str, message: str) -> ApiError:
    return ApiError(400, "Invalid parameter", message, parameter)


def not_found(message: str) -> ApiError:
    return ApiError(404, "Not found", message)


def text_param(name: str, max_length: int = MAX_QUERY_LENGTH) -> str:
    value = request.args.get(name, "")
    if len(value) > max_length:
        raise invalid(name, f"{name} must be {max_length} characters or fewer.")
    return value.strip()


def optional_int_param(name: str, minimum: int = 1, maximum: int = MAX_INT) -> int | None:
    raw = request.args.get(name, "").strip()
    if raw == "":
        return None
    # isdigit() alone also accepts characters like '²' that int() refuses.
    if not (raw.isascii() and raw.isdigit()) or not minimum <= int(raw) <= maximum:
        raise invalid(name, f"{name} must be a whole number from {minimum} to {maximum}.")
    return int(raw)


def int_param(name: str, default: int, minimum: int = 1, maximum: int = MAX_INT) -> int:
    value = optional_int_param(name, minimum, maximum)
    return default if value is None else value


def choice_param(name: str, allowed: Iterable[str]) -> str | None:
    """One of ``allowed``, or None when the parameter is absent or blank."""
    raw = request.args.get(name, "").strip()
    if raw == "":
        return None
    allowed = list(allowed)
    if raw not in allowed:
        raise invalid(name, f"{name} must be one of: {', '.join(allowed)}.")
    return raw


@dataclass(frozen=True)
class Paging:
    page: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def paging_params() -> Paging:
    max_per_page = current_app.config["API_MAX_PER_PAGE"]
    default = min(current_app.config.get("API_DEFAULT_PER_PAGE", 20), max_per_page)
    page = int_param("page", 1, maximum=MAX_PAGE)
    per_page = int_param("per_page", default, maximum=max_per_page)
    return Paging(page=page, per_page=per_page)


def list_body(items: list, paging: Paging, total: int) -> dict:
    return {"items": items, "page": paging.page, "per_page": paging.per_page, "total": total}
