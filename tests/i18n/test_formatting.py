"""Dates, lists, numbers, durations and names as each letter language writes them.

Expected strings are written from CLDR and from how each language is written, not from the
code's output. Durations use small catalogs built here with babel, so the plural rules are the
real gettext ones of each language.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.support import Translations

from campaign.errors import InputError
from campaign.i18n.catalogs import load_translations
from campaign.i18n.formatting import format_date, format_duration, format_list, format_number, person_name
from campaign.model.case import Name

DAY = dt.date(2021, 9, 2)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en_US", "September 2, 2021"),
        ("en_GB", "2 September 2021"),
        ("ru", "2 сентября 2021 г."),
        ("kk", "2021 ж. 2 қыркүйек"),
        ("fr", "2 septembre 2021"),
        ("de", "2. September 2021"),
        ("es", "2 de septiembre de 2021"),
        ("xx", "September 2, 2021"),
    ],
)
def test_format_date_long_form(locale: str, expected: str) -> None:
    assert format_date(DAY, locale) == expected


@pytest.mark.parametrize("locale", ["ru", "kk"])
def test_format_date_has_no_narrow_no_break_space(locale: str) -> None:
    # CLDR 47 writes U+202F before "г." and "ж."; PDF text extraction would not give it back.
    assert "\u202f" not in format_date(DAY, locale)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en_GB", "A, B and C"),
        ("en_US", "A, B, and C"),  # American English keeps the serial comma
        ("fr", "A, B et C"),
        ("ru", "A, B и C"),
        ("de", "A, B und C"),
        ("es", "A, B y C"),
    ],
)
def test_format_list_three(locale: str, expected: str) -> None:
    assert format_list(["A", "B", "C"], locale) == expected


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("en_GB", "A and B"), ("fr", "A et B"), ("ru", "A и B"), ("de", "A und B"), ("es", "A y B"), ("kk", "A және B")],
)
def test_format_list_two(locale: str, expected: str) -> None:
    assert format_list(["A", "B"], locale) == expected


def test_format_list_one_and_none() -> None:
    assert format_list(["A"], "fr") == "A"
    assert format_list([], "fr") == ""


@pytest.mark.parametrize(
    ("value", "locale", "expected"),
    [
        (1234.5, "en", "1,234.5"),
        (1234.5, "de", "1.234,5"),
        (1234.5, "ru", "1\u00a0234,5"),  # Russian groups with a no-break space
        (12345.5, "es", "12.345,5"),
    ],
)
def test_format_number(value: float, locale: str, expected: str) -> None:
    assert format_number(value, locale) == expected


def test_unknown_locale_is_an_input_error() -> None:
    with pytest.raises(InputError, match="'zz_QQ' is not a locale known to CLDR"):
        format_date(DAY, "zz_QQ")


# Durations ----------------------------------------------------------------------------------

YEARS = ("%(num)d year", "%(num)d years")
MONTHS = ("%(num)d month", "%(num)d months")
JOIN = "%(years)s and %(months)s"


def translations(lang: str, years: tuple[str, ...], months: tuple[str, ...], join: str) -> Translations:
    """A real gettext object from a catalog holding the three duration messages in `lang`."""
    catalog = Catalog(locale=lang, domain="letters", fuzzy=False)
    catalog.add(YEARS, years)
    catalog.add(MONTHS, months)
    catalog.add(JOIN, join)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain="letters")


@pytest.fixture(scope="module")
def russian() -> Translations:
    return translations(
        "ru",
        ("%(num)d год", "%(num)d года", "%(num)d лет"),
        ("%(num)d месяц", "%(num)d месяца", "%(num)d месяцев"),
        "%(years)s и %(months)s",
    )


@pytest.fixture(scope="module")
def kazakh() -> Translations:
    # Kazakh gettext catalogs have nplurals=2, but a noun after a numeral stays singular.
    return translations("kk", ("%(num)d жыл", "%(num)d жыл"), ("%(num)d ай", "%(num)d ай"), "%(years)s %(months)s")


@pytest.mark.parametrize(
    ("years", "months", "expected"),
    [
        (2, 2, "2 года и 2 месяца"),
        (5, 0, "5 лет"),
        (1, 0, "1 год"),
        (21, 0, "21 год"),
        (11, 0, "11 лет"),
        (22, 0, "22 года"),
        (0, 1, "1 месяц"),
        (0, 5, "5 месяцев"),
        (1, 6, "1 год и 6 месяцев"),
        (3, 11, "3 года и 11 месяцев"),
        (0, 0, "0 месяцев"),
    ],
)
def test_format_duration_russian(russian: Translations, years: int, months: int, expected: str) -> None:
    assert format_duration(years, months, russian, "ru") == expected


@pytest.mark.parametrize(
    ("years", "months", "expected"),
    [(2, 2, "2 жыл 2 ай"), (1, 0, "1 жыл"), (5, 0, "5 жыл"), (0, 7, "7 ай"), (1, 1, "1 жыл 1 ай")],
)
def test_format_duration_kazakh(kazakh: Translations, years: int, months: int, expected: str) -> None:
    assert format_duration(years, months, kazakh, "kk") == expected


@pytest.mark.parametrize(
    ("years", "months", "expected"),
    [
        (2, 2, "2 years and 2 months"),
        (1, 6, "1 year and 6 months"),
        (1, 0, "1 year"),
        (0, 1, "1 month"),
        (7, 0, "7 years"),
        (0, 0, "0 months"),
    ],
)
def test_format_duration_english_uses_the_msgids(tmp_path: Path, years: int, months: int, expected: str) -> None:
    english = load_translations(tmp_path / "letters", "en")
    assert format_duration(years, months, english, "en_GB") == expected


@pytest.mark.parametrize("years", range(0, 30))
@pytest.mark.parametrize("months", [0, 1, 2, 5, 11])
def test_format_duration_never_shows_unit_ids(
    russian: Translations, kazakh: Translations, years: int, months: int
) -> None:
    # babel's format_unit prints "2 duration-month" for Kazakh; no path may produce that.
    for text in (format_duration(years, months, russian, "ru"), format_duration(years, months, kazakh, "kk")):
        assert "duration-" not in text
        assert "%" not in text


def test_format_duration_refuses_negative(russian: Translations) -> None:
    with pytest.raises(InputError, match="cannot be negative"):
        format_duration(-1, 0, russian, "ru")


# Names ---------------------------------------------------------------------------------------

NAME = Name(latin="Askar Kaiyrbek", native={"kk": "Асқар Қайырбек", "ru": "Аскар Кайырбек"})


def scripts(text: str) -> set[str]:
    """The scripts of the letters in `text`, by the first word of each character's Unicode name."""
    return {unicodedata.name(ch).split()[0] for ch in text if ch.isalpha()}


@pytest.mark.parametrize(("lang", "expected"), [("ru", "Аскар Кайырбек"), ("kk", "Асқар Қайырбек")])
def test_person_name_cyrillic_for_russian_and_kazakh(lang: str, expected: str) -> None:
    assert person_name(NAME, lang) == expected
    assert scripts(person_name(NAME, lang)) == {"CYRILLIC"}


@pytest.mark.parametrize("lang", ["en", "fr", "de", "es"])
def test_person_name_latin_for_western_languages(lang: str) -> None:
    assert person_name(NAME, lang) == "Askar Kaiyrbek"
    assert scripts(person_name(NAME, lang)) == {"LATIN"}


def test_person_name_without_native_form_is_an_error_not_latin() -> None:
    latin_only = Name(latin="Askar Kaiyrbek", native={"ru": "Аскар Кайырбек"})
    with pytest.raises(InputError, match="has no 'kk' form"):
        person_name(latin_only, "kk")
