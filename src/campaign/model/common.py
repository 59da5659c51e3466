"""Scalar types shared by the three files: ids, dates, language tags, text per language.

The YAML loader hands over strings only; these types decide what a string may mean, so that
`no` stays the Norwegian language code and `01234` keeps its leading zero.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
from typing import Annotated, Any

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
)

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$"
"""Ids become file and folder names: lower-case letters, digits and hyphens, at most 63."""

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_INT = re.compile(r"^(0|[1-9][0-9]{0,5})$")


class Frozen(BaseModel):
    """Base of every model: immutable, and unknown keys are errors, not silently ignored."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def _parse_date(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _DATE.match(value):
        raise ValueError("not a date; write it as YYYY-MM-DD, for example 2021-09-02")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"not a real date ({exc}); write it as YYYY-MM-DD") from None


def _parse_int(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if not isinstance(value, str) or not _INT.match(value):
        raise ValueError("not a whole number; write digits only, without a leading zero")
    return int(value)


def _parse_bool(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise ValueError("write true or false (yes/no/on/off are not accepted, to avoid surprises)")


@functools.lru_cache(maxsize=1024)
def _is_cldr_locale(value: str) -> bool:
    """Whether babel knows `value`. Cached: thousands of recipients repeat a handful of tags, and
    `Locale.parse` is slow enough to show in bench/validate_recipients.py."""
    try:
        Locale.parse(babel_tag(value))
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


def babel_tag(tag: str) -> str:
    """A BCP 47 tag as babel names the locale: `zh-Hant-TW` → `zh_Hant_TW`, `en-GB` → `en_GB`."""
    return tag.replace("-", "_")


def language_of(tag: str) -> str:
    """The language (with its script, if the tag names one) of a locale tag: `en_GB` → `en`,
    `zh_Hant_TW` → `zh-Hant`, `sr-Latn-RS` → `sr-Latn`: what a catalog and a letter language are."""
    parts = babel_tag(tag).split("_")
    if len(parts) > 1 and len(parts[1]) == 4:
        return f"{parts[0]}-{parts[1]}"
    return parts[0]


@functools.lru_cache(maxsize=256)
def language_script(lang: str) -> str:
    """The ISO 15924 script a language is usually written in (CLDR's likely subtags): `Latn` for
    en, `Cyrl` for ru and kk, `Arab` for ar and fa, `Hans` for zh; `Latn` when CLDR does not know."""
    tag = babel_tag(lang)
    if "_" in tag and len(tag.split("_")[1]) == 4:
        return tag.split("_")[1]
    likely = get_global("likely_subtags")
    full = str(likely.get(tag.split("_")[0], ""))
    parts = full.split("_")
    return parts[1] if len(parts) > 1 and len(parts[1]) == 4 else "Latn"


def _check_locale(value: str) -> str:
    if not _is_cldr_locale(value):
        raise ValueError(f"'{value}' is not a locale known to CLDR; use a tag such as en_GB, ru or kk")
    return value


class Gender(enum.Enum):
    """Grammatical gender, for forms of address and for agreement in letters; `unknown` avoids agreement."""

    FEMALE = "female"
    MALE = "male"
    UNKNOWN = "unknown"


INTERGOVERNMENTAL = {
    "EU": "European Union",
    "UN": "United Nations",
    "OSCE": "Organization for Security and Co-operation in Europe",
    "COE": "Council of Europe",
    "OAS": "Organization of American States",
    "AU": "African Union",
    "ASEAN": "Association of Southeast Asian Nations",
    "OIC": "Organisation of Islamic Cooperation",
    "ICC": "International Criminal Court",
}
"""Bodies that are not states but receive letters or sanction (codes as recipients.yaml writes them)."""
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"})


@functools.lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes CLDR names (Kosovo's XK included), without regions such as EU."""
    codes = {str(k) for k in Locale("en").territories}
    return frozenset(k for k in codes if len(k) == 2 and k.isalpha()) - _NOT_COUNTRIES


def _check_country(value: str) -> str:
    if value == "UK":
        raise ValueError("write GB for the United Kingdom (ISO 3166-1)")
    if value not in _countries():
        raise ValueError(f"'{value}' is not an ISO 3166-1 country code; use e.g. KZ, IR, BY, CN, GB, US")
    return value


def _check_jurisdiction(value: str) -> str:
    if value in INTERGOVERNMENTAL:
        return value
    if value == "UK":
        return _check_country(value)
    try:
        return _check_country(value)
    except ValueError:
        bodies = ", ".join(sorted(INTERGOVERNMENTAL))
        raise ValueError(f"'{value}' is neither an ISO 3166-1 country code nor one of {bodies}") from None


Date = Annotated[dt.date, BeforeValidator(_parse_date), PlainSerializer(lambda d: d.isoformat(), return_type=str)]
Int = Annotated[int, BeforeValidator(_parse_int)]
Bool = Annotated[bool, BeforeValidator(_parse_bool)]
Id = Annotated[str, Field(pattern=ID_PATTERN)]
LANG_PATTERN = r"^[a-z]{2,3}(-[A-Z][a-z]{3})?$"
"""A letter language as a BCP 47 tag: a language and, where it is written in several, its script
(`fa`, `ru`, `zh-Hans`, `zh-Hant`, `sr-Latn`). Regional conventions belong to the locale."""
LOCALE_PATTERN = r"^[a-z]{2,3}([_-][A-Z][a-z]{3})?([_-]([A-Z]{2}|[0-9]{3}))?$"
LocaleTag = Annotated[str, Field(pattern=LOCALE_PATTERN), AfterValidator(_check_locale)]
"""A locale such as `en_GB` (or `en-GB`), `ru`, `fa-IR`, `zh-Hant-TW`: dates and numbers follow it."""
Lang = Annotated[str, Field(pattern=LANG_PATTERN), AfterValidator(_check_locale)]
"""A letter language such as `en`, `ru`, `fa`, `zh-Hans`; it selects the catalog."""
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$"), AfterValidator(_check_country)]
"""An ISO 3166-1 alpha-2 country code, e.g. `KZ`, `IR`, `GB`."""
Jurisdiction = Annotated[str, Field(pattern=r"^[A-Z]{2,5}$"), AfterValidator(_check_jurisdiction)]
"""Who a recipient is or which authority sanctions: a country code or an intergovernmental body (`EU`, `UN`, ...)."""
Url = Annotated[str, Field(pattern=r"^https?://[^\s<>\"]+$", max_length=2000)]


class Cited(str):
    """One `src:` entry: the id of a source (the string itself, so code that only needs the id
    reads it as one), and where the source says the fact: `at` (a page, a paragraph, a minute)
    and `quote` (the passage, short). A footnote is only as good as these: validate warns where
    a source is cited with neither."""

    at: str | None
    quote: str | None

    def __new__(cls, source_id: str, at: str | None = None, quote: str | None = None) -> Cited:
        cited = super().__new__(cls, source_id)
        cited.at = at
        cited.quote = quote
        return cited

    @property
    def recorded(self) -> bool:
        """The case file says where the source supports the fact."""
        return bool(self.at or self.quote)


_CITED_KEYS = {"id", "at", "quote"}
MAX_QUOTE = 600
"""A quote is the passage that supports the fact, not the source: a few sentences at most."""


def _cited(value: Any) -> Cited:
    """`src:` entries are ids (`report-one`) or `{id: report-one, at: "p. 4", quote: "..."}`."""
    if isinstance(value, Cited):
        return value
    if isinstance(value, dict):
        unknown = sorted(set(value) - _CITED_KEYS)
        if unknown:
            raise ValueError(f"unknown key '{unknown[0]}'; a cited source has id, at and quote")
        source_id, at, quote = value.get("id"), value.get("at"), value.get("quote")
        for key, item in (("at", at), ("quote", quote)):
            if item is not None and (not isinstance(item, str) or not item.strip()):
                raise ValueError(f"'{key}' must be text")
        if isinstance(quote, str) and len(quote) > MAX_QUOTE:
            raise ValueError(
                f"the quote is {len(quote)} characters; give the passage that says the fact (at most {MAX_QUOTE})"
            )
        value = source_id
    else:
        at = quote = None
    if not isinstance(value, str) or not re.match(ID_PATTERN, value):
        raise ValueError("a source id (lower-case letters, digits, hyphens), or {id: ..., at: ..., quote: ...}")
    return Cited(value, at.strip() if at else None, quote.strip() if quote else None)


SourceRef = Annotated[
    Cited,
    PlainValidator(_cited),
    PlainSerializer(lambda c: {"id": str(c), "at": c.at, "quote": c.quote} if c.recorded else str(c)),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": ID_PATTERN},
                {
                    "type": "object",
                    "properties": {"id": {"type": "string"}, "at": {"type": "string"}, "quote": {"type": "string"}},
                    "required": ["id"],
                    "additionalProperties": False,
                },
            ]
        }
    ),
]
SourceRefs = Annotated[tuple[SourceRef, ...], Field(min_length=1)]
"""`src:` entries, each naming an entry of the case's `sources`, with where it says the fact."""


def _check_text_map(value: dict[str, str]) -> dict[str, str]:
    if "en" not in value:
        raise ValueError("give the English text under 'en' (other languages next to it)")
    for lang in value:
        _check_locale(lang)
    return value


Text = Annotated[dict[Lang, Annotated[str, Field(min_length=1)]], AfterValidator(_check_text_map)]
"""Free text of a fact, per language: `{en: ..., ru: ..., kk: ...}`; English is required."""


class Duration(Frozen):
    """A sentence length, kept as years and months so every language can say it properly."""

    years: Int = 0
    months: Int = 0

    @property
    def total_months(self) -> int:
        return self.years * 12 + self.months
