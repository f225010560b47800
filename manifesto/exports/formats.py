"""Small pieces every export file shares: JSON text, CSV lines and XLSX
cells (all made safe), ISO dates, and the download response."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime, timezone
from typing import Any, Iterable

from flask import Response

from manifesto.exports.cells import safe_cell

#: As in every JSON response of the site (web.HtmlSafeJSONProvider): these only
#: occur inside strings, so escaping them changes no value, but user text can
#: never be read as markup.
JSON_HTML_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027"}
#: Characters XML (so XLSX) cannot hold; openpyxl refuses them.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def iso(value: datetime | date | None) -> str | None:
    """Dates as 2027-03-14; times in UTC as 2027-03-14T18:30:00Z (as the API)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def json_text(value: Any, indent: int | None = None) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    for character, escaped in JSON_HTML_ESCAPES.items():
        text = text.replace(character, escaped)
    return text


def csv_line(values: Iterable[Any]) -> str:
    """One CSV record (RFC 4180 line ending), every cell made safe."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(
        ["" if value is None else safe_cell(value) for value in values])
    return buffer.getvalue()


def xlsx_cell(value: Any) -> Any:
    """A value as an XLSX cell: safe text without XML-illegal characters;
    numbers stay numbers."""
    if isinstance(value, str):
        return safe_cell(_XML_ILLEGAL.sub("", value))
    return value


def xlsx_row(values: Iterable[Any]) -> list[Any]:
    return [xlsx_cell(value) for value in values]


def attachment(body, mimetype: str, filename: str, *, cache: str = "public, max-age=300",
               headers: dict[str, str] | None = None) -> Response:
    """A download: ``body`` is bytes or an iterable of text/bytes chunks."""
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = cache
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def licence_headers(name: str, url: str) -> dict[str, str]:
    """The licence of a public file, in its response headers."""
    return {"Link": f'<{url}>; rel="license"', "X-Licence": name}
