"""Count the SQL statements a block of code sends (for "queries per page do
not grow with the data" tests)."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import event

from manifesto.extensions import db


@contextmanager
def counting_statements() -> Iterator[list[str]]:
    """Yields a list that collects every statement executed inside the block."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
