"""Dates, lists, numbers, durations and names as each letter language writes them.

Expected strings are written from CLDR and from how each language is written, not from the
code's output. Durations use small catalogs built here with babel, so the plural rules are the
real gettext ones of each language.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.support import Translations

from campaign.errors import InputError
from campaign.i18n.catalogs import load_translations
from campaign.i18n.formatting import (
    format_bare,
    format_date,
    format_duration,
    format_list,
    format_month,
    format_number,
    format_when,
    format_year,
    person_name,
)
from campaign.i18n.messages import CODE_MESSAGES
from campaign.i18n.phrases import money
from campaign.model.case import Name
from campaign.model.dates import When, parse_when

LETTERS = Path(__file__).parents[2] / "src" / "campaign" / "letters"
"""The standard letters, with the shipped catalogs."""

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
    assert person_name(NAME, lang, native=True) == expected
    assert scripts(person_name(NAME, lang, native=True)) == {"CYRILLIC"}


@pytest.mark.parametrize("lang", ["en", "fr", "de", "es"])
def test_person_name_latin_for_western_languages(lang: str) -> None:
    assert person_name(NAME, lang, native=False) == "Askar Kaiyrbek"
    assert scripts(person_name(NAME, lang, native=False)) == {"LATIN"}


def test_person_name_without_native_form_is_an_error_not_latin() -> None:
    latin_only = Name(latin="Askar Kaiyrbek", native={"ru": "Аскар Кайырбек"})
    with pytest.raises(InputError, match="has no 'kk' form"):
        person_name(latin_only, "kk", native=True)


def test_person_name_latin_where_campaign_yaml_says_so() -> None:
    assert person_name(NAME, "ru", native=False) == "Askar Kaiyrbek"


# Dates of any precision ----------------------------------------------------------------------
#
# The phrases go through a real gettext object whose catalog holds every message the code
# translates, each translated as itself (`IDENTITY`), so the words are the English msgids and
# every date inside them is CLDR's for the letter's locale. `UPPER` translates each message into
# upper case (placeholders kept): any lower-case word left around the data did not come from the
# catalog (the Sphinx trick).

LOCALES = ("en_GB", "en_US", "ru", "kk", "fr", "de", "es")


def _catalog_translations(translate: Callable[[str], str]) -> Translations:
    catalog = Catalog(locale="en", domain="letters", fuzzy=False)
    for message in CODE_MESSAGES:
        if isinstance(message.id, tuple):
            catalog.add(message.id, tuple(translate(form) for form in message.id))
        else:
            catalog.add(message.id, translate(message.id))
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain="letters")


def _upper(message: str) -> str:
    """The message in upper case, its `%(name)s` placeholders untouched."""
    return "".join(part if part.startswith("%(") else part.upper() for part in re.split(r"(%\(\w+\)[sd])", message))


IDENTITY = _catalog_translations(lambda message: message)
UPPER = _catalog_translations(_upper)


def when(value: object) -> When:
    return parse_when(value)


DAY_IN = {
    "en_GB": "2 September 2021",
    "en_US": "September 2, 2021",
    "ru": "2 сентября 2021 г.",
    "kk": "2021 ж. 2 қыркүйек",
    "fr": "2 septembre 2021",
    "de": "2. September 2021",
    "es": "2 de septiembre de 2021",
}
"""2021-09-02 as each locale writes a day on its own (CLDR's long form, see test_format_date_long_form)."""

ABOUT_DAY_IN = {
    "en_GB": "30 November 2023",
    "en_US": "November 30, 2023",
    "ru": "30 ноября 2023 г.",
    "kk": "2023 ж. 30 қараша",
    "fr": "30 novembre 2023",
    "de": "30. November 2023",
    "es": "30 de noviembre de 2023",
}

MONTH_IN = {
    "en_GB": "May 2024",
    "en_US": "May 2024",
    "ru": "май 2024 г.",  # the month on its own: nominative (CLDR's stand-alone form)
    "kk": "2024 ж. мамыр",
    "fr": "mai 2024",
    "de": "Mai 2024",
    "es": "mayo de 2024",
}

SEPTEMBER_IN = {
    "en_GB": "September 2020",
    "en_US": "September 2020",
    "ru": "сентябрь 2020 г.",
    "kk": "2020 ж. қыркүйек",
    "fr": "septembre 2020",
    "de": "September 2020",
    "es": "septiembre de 2020",
}
DECEMBER_IN = {
    "en_GB": "December 2020",
    "en_US": "December 2020",
    "ru": "декабрь 2020 г.",
    "kk": "2020 ж. желтоқсан",
    "fr": "décembre 2020",
    "de": "Dezember 2020",
    "es": "diciembre de 2020",
}


@pytest.mark.parametrize("locale", LOCALES)
def test_format_when_a_day(locale: str) -> None:
    assert format_when(when("2021-09-02"), IDENTITY, locale) == f"on {DAY_IN[locale]}"
    assert format_when(when("2021-09-02"), IDENTITY, locale, since=True) == f"since {DAY_IN[locale]}"
    assert format_bare(when("2021-09-02"), IDENTITY, locale) == DAY_IN[locale]


@pytest.mark.parametrize("locale", LOCALES)
def test_format_when_a_month_uses_the_message_of_that_month(locale: str) -> None:
    # "in May %(year)s" is its own message, so a language can decline the month in it; the
    # identity catalog gives the English words and the locale's year.
    assert format_when(when("2024-05"), IDENTITY, locale) == "in May 2024"
    assert format_when(when("2024-05"), IDENTITY, locale, since=True) == "since May 2024"
    assert format_when(when("2023-12"), IDENTITY, locale) == "in December 2023"
    assert format_bare(when("2024-05"), IDENTITY, locale) == MONTH_IN[locale]


@pytest.mark.parametrize("locale", LOCALES)
def test_format_when_a_year_has_no_grouping_separator(locale: str) -> None:
    assert format_when(when("2020"), IDENTITY, locale) == "in 2020"
    assert format_when(when("2020"), IDENTITY, locale, since=True) == "since 2020"
    assert format_bare(when("2020"), IDENTITY, locale) == "2020"
    assert format_year(2024, locale) == "2024"


@pytest.mark.parametrize("locale", LOCALES)
def test_format_when_unknown(locale: str) -> None:
    assert format_when(when("unknown"), IDENTITY, locale) == "on a date that is not known"
    assert format_when(when("unknown"), IDENTITY, locale, since=True) == "since a date that is not known"
    assert format_bare(when("unknown"), IDENTITY, locale) == "date not known"


@pytest.mark.parametrize("locale", LOCALES)
def test_format_when_about(locale: str) -> None:
    assert format_when(when({"about": "2023-11-30"}), IDENTITY, locale) == f"around {ABOUT_DAY_IN[locale]}"
    assert format_when(when({"about": "2023-11-30"}), IDENTITY, locale, since=True) == (
        f"since around {ABOUT_DAY_IN[locale]}"
    )
    assert format_bare(when({"about": "2023-11-30"}), IDENTITY, locale) == f"about {ABOUT_DAY_IN[locale]}"
    assert format_when(when({"about": "2024-05"}), IDENTITY, locale) == f"around {MONTH_IN[locale]}"
    assert format_when(when({"about": "2020"}), IDENTITY, locale) == "around 2020"


@pytest.mark.parametrize("locale", LOCALES)
def test_format_when_early_mid_late(locale: str) -> None:
    assert format_when(when({"early": "2024-05"}), IDENTITY, locale) == f"in early {MONTH_IN[locale]}"
    assert format_when(when({"mid": "2024-05"}), IDENTITY, locale) == f"in mid-{MONTH_IN[locale]}"
    assert format_when(when({"late": "2024-05"}), IDENTITY, locale) == f"in late {MONTH_IN[locale]}"
    assert format_when(when({"early": "2020"}), IDENTITY, locale) == "in early 2020"
    assert format_when(when({"mid": "2020"}), IDENTITY, locale) == "in mid-2020"
    assert format_when(when({"late": "2020"}), IDENTITY, locale) == "in late 2020"
    assert format_when(when({"early": "2024-05"}), IDENTITY, locale, since=True) == f"since early {MONTH_IN[locale]}"
    assert format_when(when({"mid": "2020"}), IDENTITY, locale, since=True) == "since mid-2020"
    assert format_when(when({"late": "2020"}), IDENTITY, locale, since=True) == "since late 2020"


@pytest.mark.parametrize("locale", LOCALES)
def test_format_when_late_in_february_names_february(locale: str) -> None:
    # The month named is that of the middle of the late third (24 February), not of its ends.
    assert format_when(when({"late": "2024-02"}), IDENTITY, locale).startswith("in late ")
    assert "2024" in format_when(when({"late": "2024-02"}), IDENTITY, "en_GB")
    assert format_when(when({"late": "2024-02"}), IDENTITY, "en_GB") == "in late February 2024"


@pytest.mark.parametrize("locale", LOCALES)
def test_format_when_a_range(locale: str) -> None:
    """A range of the same precision is CLDR's interval; mixed precisions are "between ... and ..."."""
    value = when({"between": "2020-09", "and": "2020-12"})
    span = MONTH_SPAN[locale]

    def spaced(text: str) -> str:  # CLDR sets thin and no-break spaces around the dash
        return " ".join(text.split())

    assert spaced(format_bare(value, IDENTITY, locale)) == span
    assert spaced(format_when(value, IDENTITY, locale)) == f"in {span}"
    assert spaced(format_when(value, IDENTITY, locale, since=True)) == f"since some time in {span}"
    # Some day in a span of days: "between ... and ...", never "on 2 September 2021 – 30 November
    # 2023", which would say the event lasted the whole span.
    days = when({"between": "2021-09-02", "and": "2023-11-30"})
    end = format_bare(when("2023-11-30"), IDENTITY, locale)
    assert format_when(days, IDENTITY, locale) == f"between {DAY_IN[locale]} and {end}"
    assert format_when(days, IDENTITY, locale, since=True).startswith("since some time between ")
    mixed = when({"between": "2021-09-02", "and": "2023-11"})
    assert format_when(mixed, IDENTITY, locale) == f"between {DAY_IN[locale]} and {NOVEMBER_2023_IN[locale]}"


MONTH_SPAN = {
    "en_GB": "September – December 2020",
    "en_US": "September – December 2020",
    "ru": "сентябрь — декабрь 2020 г.",
    "kk": "2020 ж. қыркүйек – желтоқсан",
    "fr": "septembre – décembre 2020",
    "de": "September–Dezember 2020",
    "es": "septiembre–diciembre de 2020",
}
"""September to December 2020 as CLDR writes the interval in each locale."""
NOVEMBER_2023_IN = {
    "en_GB": "November 2023",
    "en_US": "November 2023",
    "ru": "ноябрь 2023 г.",
    "kk": "2023 ж. қараша",
    "fr": "novembre 2023",
    "de": "November 2023",
    "es": "noviembre de 2023",
}


@pytest.mark.parametrize("locale", LOCALES)
def test_as_written_does_not_change_the_phrase(locale: str) -> None:
    persian = when({"on": "2021-09-02", "as_written": "11 Shahrivar 1400", "calendar": "persian"})
    assert format_when(persian, IDENTITY, locale) == f"on {DAY_IN[locale]}"


@pytest.mark.parametrize(
    "value",
    [
        "2021-09-02",
        "2024-05",
        "2020",
        "unknown",
        {"about": "2023-11-30"},
        {"early": "2024-05"},
        {"mid": "2020"},
        {"late": "2024-05"},
        {"between": "2020-09", "and": "2020-12"},
    ],
)
@pytest.mark.parametrize("since", [False, True])
def test_every_word_of_a_date_phrase_comes_from_the_catalog(value: object, since: bool) -> None:
    # In en_GB the only lower-case letters CLDR adds are in month names ("2 September 2021" has
    # none); with an upper-case catalog, no lower-case English word may be left.
    text = format_when(when(value), UPPER, "en_GB", since=since)
    words = re.findall(r"[A-Za-z]+", text)
    months = {"January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December"}  # fmt: skip
    assert all(word.isupper() or word in months for word in words), text


def test_english_catalog_says_the_msgids(tmp_path: Path) -> None:
    english = load_translations(tmp_path / "letters", "en")
    for value in ("2021-09-02", "2024-05", {"about": "2023-11-30"}, {"between": "2020-09", "and": "2020-12"}):
        assert format_when(when(value), english, "en_GB") == format_when(when(value), IDENTITY, "en_GB")


# Month names on their own and inside a date -------------------------------------------------


def test_format_month_declined_in_russian_is_the_genitive() -> None:
    may = dt.date(2024, 5, 16)
    assert format_month(may, "ru") == "май 2024 г."
    assert format_month(may, "ru", declined=True).startswith("мая 2024")
    for month, genitive in [(1, "января"), (3, "марта"), (8, "августа"), (11, "ноября"), (12, "декабря")]:
        assert format_month(dt.date(2023, month, 1), "ru", declined=True).startswith(f"{genitive} 2023")


def test_format_month_declined_in_russian_keeps_the_year_abbreviation() -> None:
    assert format_month(dt.date(2024, 5, 16), "ru", declined=True) == "мая 2024 г."


@pytest.mark.parametrize("locale", ["en_GB", "en_US", "fr", "de", "es"])
def test_format_month_declined_is_the_plain_form_where_months_do_not_decline(locale: str) -> None:
    may = dt.date(2024, 5, 16)
    assert format_month(may, locale, declined=True) == format_month(may, locale) == MONTH_IN[locale]


def test_format_month_declined_in_kazakh_keeps_the_kazakh_order() -> None:
    assert format_month(dt.date(2024, 5, 16), "kk", declined=True) == "2024 ж. мамыр"


@pytest.mark.parametrize("lang", ["ru", "kk", "fr", "de", "es"])
def test_shipped_catalog_says_a_month_in_its_language(lang: str) -> None:
    catalog = load_translations(LETTERS, lang)
    text = format_when(when("2024-05"), catalog, lang)
    assert "May" not in text and "in " not in text, text
    if lang == "ru":  # inside a date the month is in the genitive: "в начале мая 2024 г."
        assert "мая" in format_when(when({"early": "2024-05"}), catalog, lang)


@pytest.mark.parametrize("locale", ["de_CH", "fr_CH", "en_CH"])
def test_swiss_amounts_of_a_million_keep_their_separators(locale: str) -> None:
    """Babel strips the text between two ASCII apostrophes, the Swiss group separator."""
    assert format_number(3004500, locale) == "3'004'500"
    assert format_number(123456789012, locale) == "123'456'789'012"
    assert "3'004'500" in money("3004500", "HKD", locale)
