"""What a workshop sheet's cells may hold: UK dates, dot counts, scopes and
theme names. Each parser returns the value or raises CellError with a
message that says what is wrong and how to fix it."""

from __future__ import annotations

import difflib
import re
from datetime import date
from typing import Any, Iterable

from manifesto.ideas.models import SCOPES
from manifesto.workshops.models import DOTS_MAX


class CellError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def text(value: Any) -> str:
    """A cell as text (XLSX date cells as UK dates)."""
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return "" if value is None else str(value)


# --- dots --------------------------------------------------------------------------

def parse_dots(value: Any) -> int | None:
    raw = text(value).strip()
    if not raw:
        return None
    if raw.startswith("="):
        raise CellError(f"“{raw[:40]}” is a formula, which is not worked out here. "
                        "Type the number of dots itself, like 12.")
    cleaned = raw.replace(",", "").replace(" ", "")
    if re.fullmatch(r"\d+(\.0+)?", cleaned):
        dots = int(cleaned.split(".")[0])
    else:
        raise CellError(f"“{raw[:40]}” is not a whole number. Write the number of dots, "
                        "like 12, or leave it blank.")
    if dots > DOTS_MAX:
        raise CellError(f"{dots:,} dots is more than the {DOTS_MAX:,} allowed. Check the count.")
    return dots


# --- dates -------------------------------------------------------------------------

_MONTHS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
    ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
    ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
    ("december", "dec")), start=1) for name in names}
_NUMERIC = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?")
_WORDS = re.compile(r"(?:[a-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{2}|\d{4})")
DATE_EXAMPLE = "14/03/2027"


def parse_uk_date(value: Any) -> date | None:
    """14/03/2027, 14/3/27, 14-03-2027, 14.03.2027, 14 March 2027, 2027-03-14,
    or a real date cell. Day first, always."""
    if isinstance(value, date):
        return value
    raw = " ".join(text(value).split())
    if not raw:
        return None
    lowered = raw.lower()
    parts = None
    if match := _ISO.fullmatch(lowered):
        year, month, day = (int(part) for part in match.groups())
        parts = (year, month, day)
    elif match := _NUMERIC.fullmatch(lowered):
        day, month, year = match.groups()
        parts = (_full_year(year), int(month), int(day))
    elif (match := _WORDS.fullmatch(lowered)) and match.group(2) in _MONTHS:
        day, month, year = match.groups()
        parts = (_full_year(year), _MONTHS[month], int(day))
    if parts is not None:
        try:
            return date(*parts)
        except ValueError:
            pass
    raise CellError(f"“{raw[:40]}” is not a date. Write the day first, like {DATE_EXAMPLE} "
                    "or 14 March 2027, or leave it blank.")


def _full_year(year: str) -> int:
    return 2000 + int(year) if len(year) == 2 else int(year)


# --- scope -------------------------------------------------------------------------

def _squeezed(value: str) -> str:
    return re.sub(r"[\W_]+", "", value.casefold())


_SCOPE_NAMES = {}
for _key, _label in SCOPES.items():
    _SCOPE_NAMES[_squeezed(_key)] = _key
    _SCOPE_NAMES[_squeezed(_label)] = _key
_SCOPE_NAMES.update({"uk": "uk", "national": "uk", "ni": "northern_ireland"})


def parse_scope(value: Any) -> str:
    raw = text(value).strip()
    if not raw:
        return "uk"
    try:
        return _SCOPE_NAMES[_squeezed(raw)]
    except KeyError:
        labels = ", ".join(SCOPES.values())
        raise CellError(f"Unknown scope “{raw[:40]}”. Use one of {labels}, "
                        "or leave it blank for UK-wide.") from None


# --- themes ------------------------------------------------------------------------

class ThemeMatcher:
    """Theme names as typed (any case, any spacing) → the round's themes."""

    def __init__(self, themes: Iterable[Any]):
        self.themes = list(themes)
        self._by_name = {_squeezed(theme.name): theme for theme in self.themes}
        self._folded = {theme.name.casefold(): theme.name for theme in self.themes}

    def match(self, value: Any) -> list[int]:
        raw = text(value)
        if _squeezed(raw) in self._by_name:  # one theme, even one with a comma in its name
            return [self._by_name[_squeezed(raw)].id]
        separators = r"[;\n]" if ";" in raw else r"[,\n]"
        names = [name.strip() for name in re.split(separators, raw) if name.strip()]
        ids: list[int] = []
        problems: list[str] = []
        for name in names:
            theme = self._by_name.get(_squeezed(name))
            if theme is not None:
                if theme.id not in ids:
                    ids.append(theme.id)
                continue
            problems.append(self._unknown(name))
        if problems:
            raise CellError(" ".join(problems))
        return ids

    def _unknown(self, name: str) -> str:
        if not self.themes:
            return f"This round has no themes, so “{name[:40]}” cannot be used. Leave Themes blank."
        close = difflib.get_close_matches(" ".join(name.casefold().split()), self._folded,
                                          n=1, cutoff=0.6)
        if close:
            return f"Unknown theme “{name[:40]}” – did you mean “{self._folded[close[0]]}”?"
        known = "; ".join(theme.name for theme in self.themes)
        return (f"Unknown theme “{name[:40]}”. Use this round's themes ({known}), "
                "separated by semicolons.")
