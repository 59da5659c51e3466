"""Scalar types shared by the three files: ids, dates, language tags, text per language.

The YAML loader hands over strings only; these types decide what a string may mean, so that
`no` stays the Norwegian language code and `01234` keeps its leading zero.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Annotated, Any

from babel import Locale, UnknownLocaleError
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer

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
        Locale.parse(value)
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


def _check_locale(value: str) -> str:
    if not _is_cldr_locale(value):
        raise ValueError(f"'{value}' is not a locale known to CLDR; use a tag such as en_GB, ru or kk")
    return value


Date = Annotated[dt.date, BeforeValidator(_parse_date), PlainSerializer(lambda d: d.isoformat(), return_type=str)]
Int = Annotated[int, BeforeValidator(_parse_int)]
Bool = Annotated[bool, BeforeValidator(_parse_bool)]
Id = Annotated[str, Field(pattern=ID_PATTERN)]
LocaleTag = Annotated[str, Field(pattern=r"^[a-z]{2,3}(_[A-Z]{2})?$"), AfterValidator(_check_locale)]
"""A CLDR locale such as `en_GB`, `ru` or `kk_KZ`; the language part selects the catalog."""
Lang = Annotated[str, Field(pattern=r"^[a-z]{2,3}$"), AfterValidator(_check_locale)]
"""A language code such as `en`, `ru`, `kk`."""
Url = Annotated[str, Field(pattern=r"^https?://[^\s<>\"]+$", max_length=2000)]
SourceRefs = Annotated[tuple[Id, ...], Field(min_length=1)]
"""`src:` ids, each naming an entry of the case's `sources`."""


def _check_text_map(value: dict[str, str]) -> dict[str, str]:
    if "en" not in value:
        raise ValueError("give the English text under 'en' (other languages next to it)")
    for lang in value:
        _check_locale(lang)
    return value


Text = Annotated[dict[Lang, Annotated[str, Field(min_length=1)]], AfterValidator(_check_text_map)]
"""Free text of a fact, per language: `{en: ..., ru: ..., kk: ...}`; English is required."""


class Period(Frozen):
    """A span of time; `until` is absent while it lasts."""

    since: Date
    until: Date | None = None


class Duration(Frozen):
    """A sentence length, kept as years and months so every language can say it properly."""

    years: Int = 0
    months: Int = 0

    @property
    def total_months(self) -> int:
        return self.years * 12 + self.months
