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
from typing import Literal, Protocol

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date
from babel.lists import format_list as babel_format_list
from babel.numbers import format_decimal

from campaign.errors import InputError
from campaign.i18n.messages import MONTHS, YEARS, YEARS_AND_MONTHS
from campaign.i18n.pseudo import PSEUDO_LANG
from campaign.model.case import Name


class Translations(Protocol):
    """The part of a gettext object durations need (`load_translations` returns one)."""

    def gettext(self, message: str) -> str: ...

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str: ...


NATIVE_SCRIPT_LANGS = frozenset({"ru", "kk"})
"""Languages whose letters name people in the original (Cyrillic) script, never in Latin."""
_FIELD = re.compile(r"%\((\w+)\)[sd]|%%")


@lru_cache(maxsize=64)
def babel_locale(tag: str) -> Locale:
    """The babel locale for a tag such as `en_GB` or `kk`; `xx` (pseudo) formats as `en`."""
    if tag.split("_")[0] == PSEUDO_LANG:
        return Locale.parse("en")
    try:
        return Locale.parse(tag)
    except (UnknownLocaleError, ValueError):
        raise InputError(f"'{tag}' is not a locale known to CLDR; use a tag such as en_GB, ru or kk") from None


def text_direction(locale: str) -> Literal["ltr", "rtl"]:
    """The writing direction of a locale's language, from CLDR: `rtl` for Arabic, Persian, Hebrew, Urdu."""
    return "rtl" if babel_locale(locale).character_order == "right-to-left" else "ltr"


def format_date(value: dt.date, locale: str) -> str:
    """The long date form: en_US "September 2, 2021", en_GB "2 September 2021", ru "2 сентября 2021 г.".

    CLDR 47 puts a narrow no-break space (U+202F) before the Russian "г." and the Kazakh "ж.";
    it is written as a plain space, the form the campaign's reviewers and tests expect and the
    one PDF text extraction gives back unchanged.
    """
    return babel_format_date(value, "long", locale=babel_locale(locale)).replace("\u202f", " ")


def format_number(value: int | float | Decimal, locale: str) -> str:
    """A number with the locale's separators: 1,234.5 (en), 1 234,5 (ru, fr), 1.234,5 (de, es)."""
    return format_decimal(value, locale=babel_locale(locale))


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
    text = parts[0] if len(parts) == 1 else _fill(translations.gettext(YEARS_AND_MONTHS), parts[0], parts[1])
    # babel's unit formatting prints unit ids such as "duration-month" where CLDR has no data;
    # this code never uses it, and this check makes sure no path ever does.
    assert "duration-" not in text, text
    return text


def _count(text: str, num: int, locale: str) -> str:
    return _FIELD.sub(lambda m: "%" if m.group(0) == "%%" else format_number(num, locale), text)


def _fill(text: str, years: str, months: str) -> str:
    values = {"years": years, "months": months}
    return _FIELD.sub(lambda m: "%" if m.group(0) == "%%" else values.get(m.group(1), m.group(0)), text)


def person_name(name: Name, lang: str) -> str:
    """A name in the script `lang` writes it in: Latin for en/fr/de/es, the original for ru/kk.

    A Russian or Kazakh letter with a Latin name is a mangled letter, so a missing
    `native.<lang>` form in the case file is an error, not a silent Latin fallback.
    """
    if lang in NATIVE_SCRIPT_LANGS:
        native = name.native.get(lang)
        if native is None:
            raise InputError(
                f"the name '{name.latin}' has no '{lang}' form; add it under 'native: {{{lang}: ...}}' in the case file"
            )
        return native
    return name.in_language(lang)
