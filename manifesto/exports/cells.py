"""Spreadsheet cells that cannot run as formulas (CSV / formula injection).

Every CSV and XLSX writer in the platform passes each cell through
:func:`safe_cell`: text that a spreadsheet program would read as a formula
or a command — starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return — gets a leading apostrophe, so it is shown as the text it
is. Numbers, dates and empty cells pass unchanged (a negative number is a
number, not text, and stays one).
"""

from __future__ import annotations

from typing import Any, Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value`` itself, or — for text starting like a formula — the text
    with a ``'`` in front."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    """:func:`safe_cell` applied to every cell of a row."""
    return [safe_cell(value) for value in values]
