"""Dates, durations, lists, numbers and names as each letter language writes them.

Everything goes through babel with an explicit locale; `locale.setlocale` is never called,
because one build writes many languages at once. The pseudo-locale `xx` formats like `en`.

Durations are not babel's job: `format_timedelta` gives one unit only ("2 years" for 2 years and
2 months), and `format_unit` prints the raw unit id where CLDR lacks a long form (Kazakh months
come out as "2 duration-month"). So the units are catalog messages with real plural forms
(`ngettext`), and how two units are joined is a catalog message too: English says "2 years and
2 months", Kazakh "2 жыл 2 ай", with no conjunction, which a CLDR list pattern cannot say.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any, Literal, Protocol

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date
from babel.dates import format_interval, format_skeleton
from babel.lists import format_list as babel_format_list
from babel.numbers import format_decimal, get_group_symbol
from persiantools.jdatetime import JalaliDate

from campaign.errors import InputError
from campaign.i18n.messages import (
    APPROXIMATE_DATE,
    AROUND,
    BETWEEN,
    EARLY,
    EARLY_ALONE,
    IN_MONTH,
    IN_PERIOD,
    IN_YEAR,
    LATE,
    LATE_ALONE,
    MID,
    MID_ALONE,
    MONTHS,
    ON_DAY,
    ON_UNKNOWN,
    SINCE_AROUND,
    SINCE_BETWEEN,
    SINCE_DAY,
    SINCE_EARLY,
    SINCE_LATE,
    SINCE_MID,
    SINCE_MONTH,
    SINCE_PERIOD,
    SINCE_UNKNOWN,
    SINCE_YEAR,
    UNKNOWN_DATE,
    YEARS,
    YEARS_AND_MONTHS,
)
from campaign.i18n.pseudo import PSEUDO_LANG
from campaign.model.case import Name
from campaign.model.common import babel_tag
from campaign.model.dates import Precision, Qualifier, When


class Translations(Protocol):
    """What letters need of a gettext object (`load_translations` returns one)."""

    def gettext(self, message: str) -> str: ...

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str: ...

    def pgettext(self, context: str, message: str) -> str | object: ...


_FIELD = re.compile(r"%\((\w+)\)[sd]|%%")


@lru_cache(maxsize=64)
def babel_locale(tag: str) -> Locale:
    """The babel locale for a tag such as `en_GB` or `kk`; `xx` (pseudo) formats as `en`."""
    if babel_tag(tag).split("_")[0] == PSEUDO_LANG:
        return Locale.parse("en")
    try:
        return Locale.parse(babel_tag(tag))
    except (UnknownLocaleError, ValueError):
        raise InputError(f"'{tag}' is not a locale known to CLDR; use a tag such as en_GB, ru or kk") from None


def text_direction(locale: str) -> Literal["ltr", "rtl"]:
    """The writing direction of a locale's language, from CLDR: `rtl` for Arabic, Persian, Hebrew, Urdu."""
    return "rtl" if babel_locale(locale).character_order == "right-to-left" else "ltr"


DIGITS = {
    "arab": "٠١٢٣٤٥٦٧٨٩",
    "arabext": "۰۱۲۳۴۵۶۷۸۹",
    "beng": "০১২৩৪৫৬৭৮৯",
    "deva": "०१२३४५६७८९",
    "mymr": "၀၁၂၃၄၅၆၇၈၉",
}
"""The digits of the numbering systems CLDR makes a letter language's default (others use 0-9)."""


def localize_digits(text: str, locale: str) -> str:
    """`text` with the locale's own digits: Persian ۱۴۰۰, Egyptian Arabic ٢٠٢١; unchanged for Latin digits.

    babel formats with the locale's separators but always with the digits 0-9.
    """
    digits = DIGITS.get(str(babel_locale(locale).default_numbering_system))
    return text.translate(str.maketrans("0123456789", digits)) if digits else text


def solar_hijri(day: dt.date) -> str:
    """A day in the Solar Hijri calendar as Persian writes it: "۱۱ شهریور ۱۴۰۰"."""
    convert: Any = JalaliDate  # persiantools is untyped
    jalali = convert(day)
    return f"{localize_digits(str(jalali.day), 'fa')} {jalali.strftime('%B %Y', locale='fa')}"


def _calendars(gregorian: str, day: dt.date, locale: str) -> str:
    """Persian letters give the Solar Hijri date beside the Gregorian one."""
    if babel_locale(locale).language == "fa":
        return f"{gregorian} ({solar_hijri(day)})"
    return gregorian


def format_date(value: dt.date, locale: str) -> str:
    """The long date form: en_US "September 2, 2021", en_GB "2 September 2021", ru "2 сентября 2021 г.",
    fa "۲ سپتامبر ۲۰۲۱ (۱۱ شهریور ۱۴۰۰)", in the locale's digits.

    CLDR 47 puts a narrow no-break space (U+202F) before the Russian "г." and the Kazakh "ж.";
    it is written as a plain space, the form the campaign's reviewers and tests expect and the
    one PDF text extraction gives back unchanged.
    """
    text = babel_format_date(value, "long", locale=babel_locale(locale)).replace("\u202f", " ")
    return _calendars(localize_digits(text, locale), value, locale)


def format_month(day: dt.date, locale: str, *, declined: bool = False) -> str:
    """A month and year on its own: "May 2024", "май 2024 г.", "2024 ж. мамыр".

    `declined`: the month name in the form it takes inside a date (CLDR's format context), which
    in Russian or Ukrainian is the genitive ("мая 2024"); the same as the plain form elsewhere.
    """
    where = babel_locale(locale)
    declines = (
        where.months["format"]["wide"][day.month].lower() != where.months["stand-alone"]["wide"][day.month].lower()
    )
    if declined and declines:
        return localize_digits(
            babel_format_date(day, _month_of_long_date(where), locale=where).replace("\u202f", " "), locale
        )
    return localize_digits(format_skeleton("yMMMM", day, locale=where).replace("\u202f", " "), locale)


_DAY_FIELD = re.compile(r"d+\.?\s*")


def _month_of_long_date(where: Locale) -> str:
    """The locale's long date pattern without its day: the month as a date declines it, with the
    year's own words ("мая 2024 г." from "d MMMM y 'г'.")."""
    return _DAY_FIELD.sub("", where.date_formats["long"].pattern, count=1).strip(" ,")


def _bare(when: When, locale: str, *, declined: bool = False) -> str:
    """The date without a qualifier, at its precision: a day, a month or a year."""
    middle = when.middle
    assert middle is not None
    match when.precision:
        case Precision.DAY:
            return format_date(middle, locale)
        case Precision.MONTH:
            return format_month(middle, locale, declined=declined)
    return format_year(middle.year, locale)


def format_year(year: int, locale: str) -> str:
    """A year as the locale writes it on its own (no grouping separator: 2024, not 2,024)."""
    return localize_digits(format_decimal(year, format="0", locale=babel_locale(locale)), locale)


def format_when(when: When, translations: Translations, locale: str, *, since: bool = False) -> str:
    """A date of any precision inside a sentence: "on 2 September 2021", "in May 2024", "around
    30 November 2023", "in late 2020", "between May and June 2024", "on a date that is not known";
    with `since`, "since May 2024" and so on. Every phrase is a catalog message (see messages.py)."""
    if not when.known:
        return translations.gettext(SINCE_UNKNOWN if since else ON_UNKNOWN)
    if when.precision is Precision.RANGE:
        return _range(when, translations, locale, since)
    values = {"date": _bare(when, locale), "date_of": _bare(when, locale, declined=True)}
    middle = when.middle
    assert middle is not None
    values["year"] = format_year(middle.year, locale)
    qualifier = when.qualifier
    if qualifier is Qualifier.EXACT:
        match when.precision:
            case Precision.DAY:
                message = SINCE_DAY if since else ON_DAY
            case Precision.MONTH:
                message = (SINCE_MONTH if since else IN_MONTH)[middle.month - 1]
            case _:
                message = SINCE_YEAR if since else IN_YEAR
    else:
        message = _QUALIFIED[qualifier][since]
    return substitute(translations.gettext(message), values)


def format_bare(when: When, translations: Translations, locale: str) -> str:
    """A date of any precision on its own, e.g. in a table: "2 September 2021", "May 2024", "2020",
    "about 30 November 2023", "date not known"."""
    if not when.known:
        return translations.gettext(UNKNOWN_DATE)
    if when.precision is Precision.RANGE:
        return _range(when, translations, locale, None)
    if when.qualifier is Qualifier.EXACT:
        return _bare(when, locale)
    values = {"date": _bare(when, locale), "date_of": _bare(when, locale, declined=True)}
    if when.qualifier is Qualifier.ABOUT:
        return substitute(translations.gettext(APPROXIMATE_DATE), values)
    return substitute(translations.gettext(_PART_ALONE[when.qualifier]), values)


_INTERVAL_SKELETONS = {Precision.DAY: "yMMMMd", Precision.MONTH: "yMMMM", Precision.YEAR: "y"}


def _range(when: When, translations: Translations, locale: str, since: bool | None) -> str:
    """A range of dates: "22–23 September 2025", "September–December 2020", "2019–2020" on its own
    (`since` None), with "on", "in" or "since" in a sentence; mixed precisions as "between ... and ..."."""
    assert when.parts is not None
    first, last = when.parts
    exact = first.qualifier is Qualifier.EXACT and last.qualifier is Qualifier.EXACT
    # Some day in a span of days reads "between 19 November and 1 December 2023" in a sentence:
    # "on 19 November – 1 December" would say it lasted the whole span.
    days_in_sentence = since is not None and first.precision is Precision.DAY
    interval = first.precision is last.precision and first.precision in _INTERVAL_SKELETONS
    if not exact or days_in_sentence or not interval:
        start, end = (format_bare(part, translations, locale) for part in when.parts)
        message = BETWEEN if since is None or not since else SINCE_BETWEEN
        return substitute(translations.gettext(message), {"start": start, "end": end})
    assert first.middle is not None and last.middle is not None
    dates = _interval(first.middle, last.middle, first.precision, locale)
    if since is None:
        return dates
    if since:
        return substitute(translations.gettext(SINCE_PERIOD), {"dates": dates})
    message = {Precision.DAY: ON_DAY, Precision.MONTH: IN_PERIOD, Precision.YEAR: IN_YEAR}[first.precision]
    return substitute(translations.gettext(message), {"dates": dates, "date": dates, "date_of": dates, "year": dates})


def _interval(start: dt.date, end: dt.date, precision: Precision, locale: str) -> str:
    """CLDR's interval of two dates, with month names written out where it abbreviates them."""
    where = babel_locale(locale)
    text = format_interval(start, end, _INTERVAL_SKELETONS[precision], locale=where)
    wide, short = where.months["format"]["wide"], where.months["format"]["abbreviated"]
    for month in {start.month, end.month}:
        if short[month] != wide[month]:
            text = re.sub(re.escape(short[month].rstrip(".")) + r"\.?(?!\w)", wide[month], text, count=1)
    return localize_digits(text.replace("\u202f", " "), locale)


_PART_ALONE = {Qualifier.EARLY: EARLY_ALONE, Qualifier.MID: MID_ALONE, Qualifier.LATE: LATE_ALONE}

_QUALIFIED = {
    Qualifier.ABOUT: {False: AROUND, True: SINCE_AROUND},
    Qualifier.EARLY: {False: EARLY, True: SINCE_EARLY},
    Qualifier.MID: {False: MID, True: SINCE_MID},
    Qualifier.LATE: {False: LATE, True: SINCE_LATE},
}


def format_number(value: int | float | Decimal, locale: str) -> str:
    """A number with the locale's separators: 1,234.5 (en), 1 234,5 (ru, fr), 1.234,5 (de, es)."""
    where = babel_locale(locale)
    plain = format_decimal(value, locale=where, numbering_system="default", group_separator=False)
    return localize_digits(group_digits(plain, where), locale)


def group_digits(text: str, where: Locale) -> str:
    """`text` (formatted without grouping) with the locale's group separator in its first run of
    digits: 3'004'500 in Swiss locales.

    Babel groups digits itself, but then strips text between two ASCII apostrophes as if it were a
    quoted pattern literal, so with the Swiss "'" every amount of a million or more lost its
    separators ("3004500"). Grouping here, with babel's own symbol and the pattern's group sizes,
    gives the same result as babel everywhere else.
    """
    match = _DIGITS.search(text)
    if match is None:
        return text
    first, rest = where.decimal_formats[None].grouping
    symbol = get_group_symbol(where, numbering_system="default")
    digits = match.group()
    groups = [digits[-first:]] if len(digits) > first else [digits]
    digits = digits[:-first] if len(digits) > first else ""
    while digits:
        groups.insert(0, digits[-rest:])
        digits = digits[:-rest]
    return text[: match.start()] + symbol.join(groups) + text[match.end() :]


_DIGITS = re.compile(r"\d+")


def format_list(items: Sequence[str], locale: str) -> str:
    """Names joined as the locale does: "A, B and C" (en_GB), "A, B et C", "A, B и C".

    CLDR's own data decides the details: en_US keeps the serial comma ("A, B, and C"), and
    Kazakh joins three or more with commas only. Style `standard` is the one that works for every
    letter language (the `unit` style fails for es and duplicates items for ar).
    """
    if not items:
        return ""
    return babel_format_list(list(items), style="standard", locale=babel_locale(locale))


def format_duration(years: int, months: int, translations: Translations, locale: str) -> str:
    """ "2 years and 2 months", "1 year and 6 months", "2 years", "6 months", in the catalog's language.

    Plural forms come from the catalog (`ngettext`), so Russian says 1 год, 2 года, 5 лет. A zero
    part is left out; zero in all is "0 months".
    """
    if years < 0 or months < 0:
        raise InputError(f"a duration cannot be negative ({years} years, {months} months)")
    parts = []
    if years:
        parts.append(_count(translations.ngettext(*YEARS, years), years, locale))
    if months or not years:
        parts.append(_count(translations.ngettext(*MONTHS, months), months, locale))
    text = (
        parts[0]
        if len(parts) == 1
        else substitute(translations.gettext(YEARS_AND_MONTHS), {"years": parts[0], "months": parts[1]})
    )
    # babel's unit formatting prints unit ids such as "duration-month" where CLDR has no data;
    # this code never uses it, and this check makes sure no path ever does.
    assert "duration-" not in text, text
    return text


def _count(text: str, num: int, locale: str) -> str:
    return _FIELD.sub(lambda m: "%" if m.group(0) == "%%" else format_number(num, locale), text)


def substitute(text: str, values: dict[str, str]) -> str:
    """Fill `%(name)s` placeholders of a translated message in one pass (a value's own text is never
    read as a placeholder); unknown names stay as they are, `%%` becomes `%`."""
    return _FIELD.sub(lambda m: "%" if m.group(0) == "%%" else values.get(m.group(1), m.group(0)), text)


def person_name(name: Name, lang: str, *, native: bool) -> str:
    """A name as a letter in `lang` writes it: its `native` form when the language names people in
    its own script (`native`), else the Latin form.

    A letter in Russian or Persian with a Latin name is a mangled letter, so a missing native form
    is an error, never a silent Latin fallback (`campaign validate` reports it first).
    """
    if native and lang != PSEUDO_LANG:
        form = name.native.get(lang)
        if form is None:
            raise InputError(
                f"the name '{name.latin}' has no '{lang}' form; add it under 'native: {{{lang}: ...}}' in the case file"
            )
        return form
    return name.latin
