"""Phrases built from a case's facts: a penalty of every kind, a provision of every unit with and
without parts, and an amount of money as each letter locale writes it.

The words come from a real gettext object whose catalog translates every message the code
declares as itself (`IDENTITY`), or into upper case (`UPPER`, placeholders kept) to show that no
word bypasses the catalog. Numbers and currencies are CLDR's, written out here by hand: the
group separator of each locale (`,` en, no-break space ru and kk, narrow no-break space fr,
`.` de and es) and where the currency goes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.support import Translations
from pydantic import ValidationError

from campaign.fonts.coverage import uncovered
from campaign.i18n.messages import CODE_MESSAGES
from campaign.i18n.phrases import money, provision_phrase, sentence_phrase, sentences_phrase
from campaign.model.case import Provision, Sentence

NBSP = "\u00a0"
NNBSP = "\u202f"
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
    return "".join(part if part.startswith("%(") else part.upper() for part in re.split(r"(%\(\w+\)[sd])", message))


IDENTITY = _catalog_translations(lambda message: message)
UPPER = _catalog_translations(_upper)


def sentence(**data: Any) -> Sentence:
    return Sentence.model_validate(data)


# Money ---------------------------------------------------------------------------------------

WHOLE = {
    "en_GB": f"BYN{NBSP}185,000",
    "en_US": f"BYN{NBSP}185,000",
    "ru": f"185{NBSP}000{NBSP}BYN",
    "kk": f"185{NBSP}000{NBSP}BYN",
    "fr": f"185{NNBSP}000{NBSP}BYN",
    "de": f"185.000{NBSP}BYN",
    "es": f"185.000{NBSP}BYN",
}
"""BYN 185,000: a whole amount has no decimals; the code stands apart from the digits."""


@pytest.mark.parametrize("locale", LOCALES)
def test_money_whole_amount_without_decimals(locale: str) -> None:
    assert money("185000", "BYN", locale) == WHOLE[locale]


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en_GB", f"BYN{NBSP}1,234.50"),
        ("ru", f"1{NBSP}234,50{NBSP}BYN"),
        ("fr", f"1{NNBSP}234,50{NBSP}BYN"),
        ("de", f"1.234,50{NBSP}BYN"),
    ],
)
def test_money_with_cents_keeps_two_decimals(locale: str, expected: str) -> None:
    assert money("1234.5", "BYN", locale) == expected
    assert money("1234.50", "BYN", locale) == expected


@pytest.mark.parametrize(
    ("amount", "currency", "locale", "expected"),
    [
        ("185000", "USD", "en_US", f"USD{NBSP}185,000"),  # the ISO code, never a sign
        ("185000", "USD", "en_GB", f"USD{NBSP}185,000"),
        ("185000", "EUR", "de", f"185.000{NBSP}EUR"),
        ("50000000", "IRR", "en_GB", f"IRR{NBSP}50,000,000"),
        ("2000000", "KZT", "en_GB", f"KZT{NBSP}2,000,000"),
        ("2000000", "KZT", "ru", f"2{NBSP}000{NBSP}000{NBSP}KZT"),  # CLDR ru has no sign for KZT
        ("100", "RUB", "ru", f"100{NBSP}RUB"),
        ("185000.00", "BYN", "en_GB", f"BYN{NBSP}185,000"),  # written with zero cents: still whole
    ],
)
def test_money_in_other_currencies(amount: str, currency: str, locale: str, expected: str) -> None:
    assert money(amount, currency, locale) == expected


@pytest.mark.parametrize(
    "currency", ["BYN", "RUB", "KZT", "IRR", "CNY", "USD", "EUR", "GBP", "TRY", "AZN", "EGP", "SAR", "UZS", "TJS"]
)
def test_money_prints_with_the_bundled_fonts(currency: str) -> None:
    for locale in LOCALES:
        assert uncovered(money("185000", currency, locale)) == [], (currency, locale)


@pytest.mark.parametrize("currency", ["KRW", "VND", "ILS", "THB"])
def test_money_in_currencies_with_signs_the_fonts_lack(currency: str) -> None:
    for locale in LOCALES:
        assert uncovered(money("185000", currency, locale)) == [], (currency, locale)


# Penalties -------------------------------------------------------------------------------------

PENALTIES = {
    "imprisonment": (
        {"kind": "imprisonment", "duration": {"years": "2", "months": "2"}},
        "",
        "2 years and 2 months of imprisonment",
    ),
    "imprisonment with regime": (
        {"kind": "imprisonment", "duration": {"years": "7"}, "regime": {"en": "high-security penal colony"}},
        "high-security penal colony",
        "7 years of imprisonment in a high-security penal colony",
    ),
    "life": ({"kind": "imprisonment", "life": "true"}, "", "life imprisonment"),
    "death": ({"kind": "death"}, "", "death"),
    "fine": ({"kind": "fine", "amount": "185000", "currency": "BYN"}, "", f"a fine of BYN{NBSP}185,000"),
    "ban": (
        {"kind": "ban", "banned": {"en": "journalism"}, "duration": {"years": "3"}},
        "journalism",
        "a ban on journalism for 3 years",
    ),
    "restriction of freedom": (
        {"kind": "restriction-of-freedom", "duration": {"years": "1", "months": "6"}},
        "",
        "1 year and 6 months of restriction of freedom",
    ),
    "suspended": ({"kind": "suspended", "duration": {"years": "3"}}, "", "a suspended sentence of 3 years"),
    "probation": ({"kind": "probation", "duration": {"years": "1"}}, "", "1 year of probation"),
    "travel ban": ({"kind": "travel-ban", "duration": {"months": "18"}}, "", "a travel ban for 18 months"),
    "forced labour": ({"kind": "forced-labour", "duration": {"months": "6"}}, "", "6 months of forced labour"),
    "corporal punishment": ({"kind": "corporal-punishment", "lashes": "74"}, "", "74 lashes"),
    "one lash": ({"kind": "corporal-punishment", "lashes": "1"}, "", "1 lash"),
}


@pytest.mark.parametrize(("data", "detail", "expected"), PENALTIES.values(), ids=PENALTIES.keys())
def test_sentence_phrase(data: dict[str, Any], detail: str, expected: str) -> None:
    assert sentence_phrase(sentence(**data), IDENTITY, "en_GB", detail) == expected


@pytest.mark.parametrize(("data", "detail", "expected"), PENALTIES.values(), ids=PENALTIES.keys())
def test_every_word_of_a_penalty_comes_from_the_catalog(data: dict[str, Any], detail: str, expected: str) -> None:
    text = sentence_phrase(sentence(**data), UPPER, "en_GB", detail)
    for data_text in (detail, "BYN"):
        text = text.replace(data_text, "") if data_text else text
    assert not re.search(r"[a-z]", text), text


def test_every_penalty_kind_has_a_phrase() -> None:
    kinds = {data["kind"] for data, _, _ in PENALTIES.values()}
    assert kinds == {
        "imprisonment",
        "death",
        "fine",
        "ban",
        "restriction-of-freedom",
        "suspended",
        "probation",
        "travel-ban",
        "corporal-punishment",
        "forced-labour",
    }


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("ru", f"a fine of 185{NBSP}000{NBSP}BYN"),
        ("de", f"a fine of 185.000{NBSP}BYN"),
        ("fr", f"a fine of 185{NNBSP}000{NBSP}BYN"),
    ],
)
def test_fine_in_the_letter_locale(locale: str, expected: str) -> None:
    fine = sentence(kind="fine", amount="185000", currency="BYN")
    assert sentence_phrase(fine, IDENTITY, locale) == expected


def test_russian_plurals_in_a_penalty() -> None:
    catalog = Catalog(locale="ru", domain="letters", fuzzy=False)
    catalog.add(("%(num)d year", "%(num)d years"), ("%(num)d год", "%(num)d года", "%(num)d лет"))
    catalog.add(("%(num)d month", "%(num)d months"), ("%(num)d месяц", "%(num)d месяца", "%(num)d месяцев"))
    catalog.add("%(years)s and %(months)s", "%(years)s и %(months)s")
    catalog.add("%(duration)s of imprisonment", "%(duration)s лишения свободы")
    catalog.add(
        ("%(num)d lash", "%(num)d lashes"), ("%(num)d удар плетью", "%(num)d удара плетью", "%(num)d ударов плетью")
    )
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    russian = Translations(buffer, domain="letters")
    prison = sentence(kind="imprisonment", duration={"years": "5", "months": "2"})
    assert sentence_phrase(prison, russian, "ru") == "5 лет и 2 месяца лишения свободы"
    lashes = [sentence_phrase(sentence(kind="corporal-punishment", lashes=str(n)), russian, "ru") for n in (1, 3, 74)]
    assert lashes == ["1 удар плетью", "3 удара плетью", "74 удара плетью"]


def test_corporal_punishment_without_a_number_of_lashes_is_refused() -> None:
    with pytest.raises(ValidationError, match="corporal punishment needs it"):
        sentence(kind="corporal-punishment")


def test_several_penalties_are_joined_as_a_list() -> None:
    parts = [
        sentence_phrase(sentence(**PENALTIES["imprisonment"][0]), IDENTITY, "en_GB"),
        sentence_phrase(sentence(**PENALTIES["fine"][0]), IDENTITY, "en_GB"),
        sentence_phrase(sentence(**PENALTIES["ban"][0]), IDENTITY, "en_GB", "journalism"),
    ]
    assert sentences_phrase(parts, "en_GB") == (
        f"2 years and 2 months of imprisonment, a fine of BYN{NBSP}185,000 and a ban on journalism for 3 years"
    )
    assert (
        sentences_phrase(parts[:2], "en_US") == f"2 years and 2 months of imprisonment and a fine of BYN{NBSP}185,000"
    )


# Provisions ------------------------------------------------------------------------------------

PROVISIONS = {
    "article": ("article", "405", "Article 405", "Article 405, part 1", "Article 405, parts 1 and 2"),
    "section": ("section", "22", "Section 22", "Section 22, subsection 1", "Section 22, subsections 1 and 2"),
    "paragraph": (
        "paragraph",
        "10(1)(c)",
        "Paragraph 10(1)(c)",
        "Paragraph 10(1)(c), point 1",
        "Paragraph 10(1)(c), points 1 and 2",
    ),
    "rule": ("rule", "5", "Rule 5", "Rule 5, paragraph 1", "Rule 5, paragraphs 1 and 2"),
}


@pytest.mark.parametrize(("unit", "number", "bare", "one", "two"), PROVISIONS.values(), ids=PROVISIONS.keys())
def test_provision_of_every_unit(unit: str, number: str, bare: str, one: str, two: str) -> None:
    def phrase(*parts: str) -> str:
        return provision_phrase(Provision(unit=unit, number=number, parts=parts), IDENTITY, "en_GB")

    assert phrase() == bare
    assert phrase("1") == one
    assert phrase("1", "2") == two


def test_provision_numbers_are_free_text() -> None:
    assert provision_phrase(Provision(number="286 bis"), IDENTITY, "en_GB") == "Article 286 bis"
    assert provision_phrase(Provision(number="22-1", parts=("2",)), IDENTITY, "en_GB") == "Article 22-1, part 2"


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en_GB", "Article 405, parts 1, 2 and 3"),
        ("en_US", "Article 405, parts 1, 2, and 3"),
        ("ru", "Article 405, parts 1, 2 и 3"),
        ("fr", "Article 405, parts 1, 2 et 3"),
        ("de", "Article 405, parts 1, 2 und 3"),
        ("es", "Article 405, parts 1, 2 y 3"),
        ("kk", "Article 405, parts 1, 2, 3"),
    ],
)
def test_provision_parts_are_joined_as_the_locale_joins_a_list(locale: str, expected: str) -> None:
    assert provision_phrase(Provision(number="405", parts=("1", "2", "3")), IDENTITY, locale) == expected


@pytest.mark.parametrize("unit", ["article", "section", "paragraph", "rule"])
@pytest.mark.parametrize("parts", [(), ("1",), ("1", "2")])
def test_every_word_of_a_provision_comes_from_the_catalog(unit: str, parts: tuple[str, ...]) -> None:
    text = provision_phrase(Provision(unit=unit, number="7", parts=parts), UPPER, "en_GB")
    assert not re.search(r"[a-z]", text.replace(" and ", " AND ")), text
    assert text.startswith(unit.upper())
