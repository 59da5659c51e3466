"""Phrases built from a case's structured facts: a sentence ("10 years of imprisonment and a fine of
BYN 185,000"), a legal provision ("Article 342, part 2"), an amount of money.

Every word comes from the catalog (the messages are declared in `campaign.i18n.messages`, so
translators see them) and every number and currency from CLDR through babel, in the letter's
locale. The case file gives facts, never their wording: a death sentence, a fine and a travel ban
are said the same way in every case, and correctly in every language.
"""

from __future__ import annotations

import re
from decimal import Decimal

from babel.numbers import format_currency

from campaign.i18n.formatting import (
    Translations,
    babel_locale,
    format_duration,
    format_list,
    group_digits,
    localize_digits,
    substitute,
)
from campaign.i18n.messages import PROVISION, PROVISION_PARTS, SENTENCE
from campaign.model.case import Provision, Sentence, SentenceKind


def money(amount: str, currency: str, locale: str) -> str:
    """An amount in a currency as the locale writes it, with the ISO code (never a sign such as
    ₩ or ₪, which no bundled font may have, and which a reader abroad may not know), and without
    decimals for a whole amount: "BYN 185,000" (en), "185 000 BYN" (ru)."""
    value = Decimal(amount)
    where = babel_locale(locale)
    pattern = where.currency_formats["standard"].pattern.split(";")[0].replace("¤", "¤¤")
    if value == value.to_integral_value():
        pattern = pattern.replace(".00", "")
    text = format_currency(
        value,
        currency,
        format=pattern,
        locale=where,
        currency_digits=False,
        numbering_system="default",
        group_separator=False,
    )
    return localize_digits(_CODE_BEFORE_DIGIT.sub("\\1\u00a0\\2", group_digits(text, where)), locale)


_CODE_BEFORE_DIGIT = re.compile(r"\b([A-Z]{3})(\d)")
"""CLDR's currency spacing, which babel does not apply: "BYN 185,000", not "BYN185,000"."""


def sentence_phrase(sentence: Sentence, translations: Translations, locale: str, text: str = "") -> str:
    """One penalty as it continues "sentenced X to ...": "10 years of imprisonment", "death".

    `text`: the regime or the banned activity, already in the letter's language.
    """
    kind = sentence.kind
    values: dict[str, str] = {"regime": text, "banned": text}
    if sentence.duration is not None:
        values["duration"] = format_duration(sentence.duration.years, sentence.duration.months, translations, locale)
    if kind is SentenceKind.FINE:
        assert sentence.amount is not None and sentence.currency is not None
        values["amount"] = money(sentence.amount, sentence.currency, locale)
    if kind is SentenceKind.CORPORAL_PUNISHMENT:
        lashes = sentence.lashes or 0
        lashes_message = SENTENCE["lashes"]
        assert isinstance(lashes_message, tuple)
        singular, plural = lashes_message
        return substitute(translations.ngettext(singular, plural, lashes), {"num": str(lashes)})
    key = kind.value
    if kind is SentenceKind.IMPRISONMENT:
        key = "life" if sentence.life else "imprisonment-regime" if text else "imprisonment"
    message = SENTENCE[key]
    assert isinstance(message, str)
    return substitute(translations.gettext(message), values)


def sentences_phrase(parts: list[str], locale: str) -> str:
    """Several penalties of one verdict joined as the locale joins a list."""
    return format_list(parts, locale)


def provision_phrase(provision: Provision, translations: Translations, locale: str) -> str:
    """ "Article 405, parts 1 and 2", "Section 22", "Article 286 bis", as the law numbers it."""
    unit = provision.unit.value
    if provision.parts:
        singular, plural = PROVISION_PARTS[unit]
        parts = format_list(list(provision.parts), locale)
        return substitute(
            translations.ngettext(singular, plural, len(provision.parts)),
            {"number": provision.number, "parts": parts},
        )
    return substitute(translations.gettext(PROVISION[unit]), {"number": provision.number})
