"""What a sheet's cells may hold: UK dates, dots, scopes, theme names."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from manifesto.workshops.import_rules import (
    CellError, ThemeMatcher, parse_dots, parse_scope, parse_uk_date,
)

MARCH_14 = date(2027, 3, 14)


@pytest.mark.parametrize("typed", [
    "14/03/2027", "14/3/27", "14-03-2027", "14.03.2027", "14 March 2027", "14 Mar 2027",
    "Sunday 14th March 2027", "2027-03-14", "2027-03-14 00:00:00", " 14/03/2027 ", MARCH_14,
])
def test_uk_dates(typed):
    assert parse_uk_date(typed) == MARCH_14


@pytest.mark.parametrize("typed", ["03/14/2027", "31/02/2027", "next Tuesday", "14 Smarch 2027"])
def test_not_dates_say_how_to_write_one(typed):
    with pytest.raises(CellError) as error:
        parse_uk_date(typed)
    assert "like 14/03/2027" in error.value.message


def test_a_blank_date_is_none():
    assert parse_uk_date("") is None and parse_uk_date(None) is None


@pytest.mark.parametrize("typed,dots", [("12", 12), (" 7 ", 7), ("12.0", 12), ("1,200", 1200),
                                        ("0", 0), ("", None)])
def test_dots(typed, dots):
    assert parse_dots(typed) == dots


@pytest.mark.parametrize("typed,says", [("12.5", "whole number"), ("-3", "whole number"),
                                        ("twelve", "whole number"), ("=2+3", "formula"),
                                        ("1000001", "more than")])
def test_bad_dots(typed, says):
    with pytest.raises(CellError) as error:
        parse_dots(typed)
    assert says in error.value.message


@pytest.mark.parametrize("typed,scope", [("", "uk"), ("UK-wide", "uk"), ("uk wide", "uk"),
                                         ("WALES", "wales"), ("northern ireland", "northern_ireland"),
                                         ("northern_ireland", "northern_ireland"), ("Local", "local")])
def test_scopes_by_label_or_key_in_any_case(typed, scope):
    assert parse_scope(typed) == scope


def test_an_unknown_scope_lists_the_choices():
    with pytest.raises(CellError) as error:
        parse_scope("Londn")
    assert "Unknown scope “Londn”" in error.value.message and "Northern Ireland" in error.value.message


THEMES = [SimpleNamespace(id=1, name="Open data"), SimpleNamespace(id=2, name="Anti-corruption"),
          SimpleNamespace(id=3, name="Health, care and wellbeing")]


def test_themes_in_any_case_and_spacing_separated_by_semicolons_or_commas():
    matcher = ThemeMatcher(THEMES)
    assert matcher.match("open data; ANTI-CORRUPTION") == [1, 2]
    assert matcher.match("OpenData , anti-corruption") == [1, 2]
    assert matcher.match("Health, care and wellbeing") == [3]
    assert matcher.match("open data; health, care and wellbeing; open data") == [1, 3]
    assert matcher.match("") == []


def test_a_misspelt_theme_gets_a_suggestion():
    with pytest.raises(CellError) as error:
        ThemeMatcher(THEMES).match("Opne data")
    assert error.value.message == "Unknown theme “Opne data” – did you mean “Open data”?"
    with pytest.raises(CellError) as error:
        ThemeMatcher(THEMES).match("Potholes")
    assert "Unknown theme “Potholes”. Use this round's themes (Open data; " in error.value.message
