"""Dates as the sources know them: a day, a month, a year, about a day, early or late in a period,
a range, or not known at all.

A letter must never state more than the case file knows: "in May 2024" stays a month, not
"1 May 2024", and an unknown date stays unknown. Each `When` keeps the earliest and the latest
day it can mean, so ordering and "what was true on the letter's date" can be decided honestly: a
fact is known to have happened by a day only when its latest possible day is on or before it.
The date as the source wrote it (another calendar, a relative phrase) is kept beside it.

Written in the case file as:

```yaml
date: 2021-09-02                         # a day
date: 2024-05                            # a month
date: 2020                               # a year
date: unknown                            # not known
date: {about: 2023-11-30}                # around a day (also a month or a year)
date: {early: 2024-05}                   # early, mid or late in a month or a year
date: {between: 2020-09, and: 2020-12}   # a range
date: {on: 2023-11-30, as_written: "9 Azar 1402", calendar: persian}
```
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
UNKNOWN_TEXT = "unknown"
CALENDARS = ("gregorian", "persian", "islamic", "hebrew", "chinese", "other")
"""Calendars a source may have written its date in (kept as written; the ISO form is what counts)."""


class Precision(enum.Enum):
    """How much of a date is known."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    RANGE = "range"
    UNKNOWN = "unknown"


class Qualifier(enum.Enum):
    """A word the source puts before the date."""

    EXACT = "exact"
    ABOUT = "about"
    EARLY = "early"
    MID = "mid"
    LATE = "late"


@dataclass(frozen=True, slots=True)
class When:
    """A date with its precision; see the module docstring for how it is written."""

    precision: Precision
    earliest: dt.date | None = None
    """The first day it can mean; None when unknown."""
    latest: dt.date | None = None
    """The last day it can mean; None when unknown."""
    qualifier: Qualifier = Qualifier.EXACT
    as_written: str | None = None
    """The date as the source wrote it, e.g. in the Solar Hijri calendar."""
    calendar: str | None = None
    parts: tuple[When, When] | None = None
    """For a range: its first and last part as written (`{between: 2020-09, and: 2020-12}`)."""

    @property
    def known(self) -> bool:
        return self.precision is not Precision.UNKNOWN

    @property
    def day(self) -> dt.date | None:
        """The exact day, when the date is one."""
        return self.earliest if self.precision is Precision.DAY and self.qualifier is Qualifier.EXACT else None

    def by(self, day: dt.date) -> bool:
        """True when this certainly happened on or before `day` (an unknown date is not known to have)."""
        return self.latest is not None and self.latest <= day

    def may_be_after(self, day: dt.date) -> bool:
        """True when this may have happened after `day` (unknown dates may have)."""
        return self.latest is None or self.latest > day

    def sort_key(self) -> tuple[dt.date, dt.date]:
        """Order by the earliest possible day, then the latest; unknown dates go last."""
        return (self.earliest or dt.date.max, self.latest or dt.date.max)

    def __str__(self) -> str:
        return self.iso()

    def iso(self) -> str:
        """The form it was written in (without `as_written`), for messages and JSON."""
        match self.precision:
            case Precision.UNKNOWN:
                return UNKNOWN_TEXT
            case Precision.RANGE:
                assert self.parts is not None
                return f"between {self.parts[0].iso()} and {self.parts[1].iso()}"
        return self.plain() if self.qualifier is Qualifier.EXACT else f"{self.qualifier.value} {self.plain()}"

    def plain(self) -> str:
        """The date without its qualifier: `2021-09-02`, `2024-05` or `2020`."""
        middle = self.middle
        assert middle is not None
        match self.precision:
            case Precision.DAY:
                return middle.isoformat()
            case Precision.MONTH:
                return f"{middle.year:04d}-{middle.month:02d}"
        return f"{middle.year:04d}"

    @property
    def middle(self) -> dt.date | None:
        """The day the date is about: the day itself, or the middle of what `about` or a part covers.

        For "about", "early", "mid" or "late", the month or year named is the one of the middle day.
        """
        if self.earliest is None or self.latest is None:
            return None
        return self.earliest + (self.latest - self.earliest) // 2


def exact(day: dt.date) -> When:
    """A known day."""
    return When(Precision.DAY, day, day)


def parse_plain(text: str) -> When:
    """`YYYY-MM-DD`, `YYYY-MM`, `YYYY` or `unknown`; ValueError with what to write otherwise."""
    text = text.strip()
    if text == UNKNOWN_TEXT:
        return When(Precision.UNKNOWN)
    if match := _DAY.match(text):
        try:
            day = dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError as exc:
            raise ValueError(f"'{text}' is not a real date ({exc})") from None
        return When(Precision.DAY, day, day)
    if match := _MONTH.match(text):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12 or year < 1:
            raise ValueError(f"'{text}' is not a real month")
        return When(Precision.MONTH, dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]))
    if match := _YEAR.match(text):
        year = int(match[1])
        if year < 1:
            raise ValueError(f"'{text}' is not a real year")
        return When(Precision.YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31))
    raise ValueError(
        f"'{text}' is not a date; write YYYY-MM-DD, YYYY-MM, YYYY or unknown (e.g. 2021-09-02, 2024-05, 2020)"
    )


def _part(base: When, qualifier: Qualifier) -> When:
    """Early, mid or late in a month or a year: the third of it the word means."""
    if base.precision not in (Precision.MONTH, Precision.YEAR):
        raise ValueError(f"'{qualifier.value}' needs a month or a year (e.g. {{{qualifier.value}: 2024-05}})")
    assert base.earliest is not None and base.latest is not None
    span = (base.latest - base.earliest).days + 1
    third = span // 3
    start = {Qualifier.EARLY: 0, Qualifier.MID: third, Qualifier.LATE: 2 * third}[qualifier]
    stop = {Qualifier.EARLY: third - 1, Qualifier.MID: 2 * third - 1, Qualifier.LATE: span - 1}[qualifier]
    return When(
        base.precision,
        base.earliest + dt.timedelta(days=start),
        base.earliest + dt.timedelta(days=stop),
        qualifier,
    )


_ABOUT_DAYS = {Precision.DAY: 7, Precision.MONTH: 31, Precision.YEAR: 183}
"""How far either side of the date "about" may reach, by precision."""


def _about(base: When) -> When:
    if not base.known:
        raise ValueError("'about' needs a date, not 'unknown'")
    assert base.earliest is not None and base.latest is not None
    margin = dt.timedelta(days=_ABOUT_DAYS[base.precision])
    try:
        return When(base.precision, base.earliest - margin, base.latest + margin, Qualifier.ABOUT)
    except OverflowError:
        raise ValueError(f"'about {base}' reaches beyond the calendar; give the date without 'about'") from None


_KEYS = {"on", "about", "early", "mid", "late", "between", "and", "as_written", "calendar"}


def parse_when(value: Any) -> When:
    """A `When` from the case file's text or mapping; ValueError saying what to write otherwise."""
    if isinstance(value, When):
        return value
    if isinstance(value, dt.date):
        return exact(value)
    if isinstance(value, str):
        return parse_plain(value)
    if not isinstance(value, dict):
        raise ValueError("a date is YYYY-MM-DD, YYYY-MM, YYYY, unknown, or a mapping such as {about: 2023-11-30}")
    unknown = sorted(set(value) - _KEYS)
    if unknown:
        raise ValueError(f"unknown key '{unknown[0]}' in a date; use on, about, early, mid, late, between/and")
    forms = [k for k in ("on", "about", "early", "mid", "late", "between") if k in value]
    if len(forms) != 1:
        raise ValueError("give exactly one of on, about, early, mid, late or between (with and) in a date")
    form = forms[0]
    base = parse_plain(_text(value[form], form))
    if form == "on":
        when = base
    elif form == "about":
        when = _about(base)
    elif form == "between":
        if "and" not in value:
            raise ValueError("'between' needs 'and' (e.g. {between: 2020-09, and: 2020-12})")
        end = parse_plain(_text(value["and"], "and"))
        if not base.known or not end.known:
            raise ValueError("both ends of 'between ... and ...' must be dates")
        assert base.latest is not None and end.earliest is not None and end.latest is not None
        if end.latest < base.latest:
            raise ValueError(f"'and: {end}' is before 'between: {base}'")
        when = When(Precision.RANGE, base.earliest, end.latest, parts=(base, end))
    else:
        when = _part(base, Qualifier(form))
    if "and" in value and form != "between":
        raise ValueError("'and' goes with 'between'")
    written = value.get("as_written")
    chosen = value.get("calendar")
    if chosen is not None and chosen not in CALENDARS:
        raise ValueError(f"unknown calendar '{chosen}'; use one of {', '.join(CALENDARS)}")
    return When(
        when.precision,
        when.earliest,
        when.latest,
        when.qualifier,
        _text(written, "as_written") if written is not None else None,
        chosen,
        when.parts,
    )


def _text(value: Any, key: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"'{key}' must be a single text value")
    return value


_PLAIN_PATTERN = r"^(\d{4}(-\d{2}(-\d{2})?)?|unknown)$"
WHEN_SCHEMA: dict[str, Any] = {
    "description": (
        "A date as the sources know it: YYYY-MM-DD, YYYY-MM, YYYY or unknown, or a mapping with one of "
        "on/about/early/mid/late/between(+and), and optionally as_written and calendar."
    ),
    "anyOf": [
        {"type": "string", "pattern": _PLAIN_PATTERN},
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                **{
                    k: {"type": "string", "pattern": _PLAIN_PATTERN} for k in sorted(_KEYS - {"as_written", "calendar"})
                },
                "as_written": {"type": "string"},
                "calendar": {"enum": list(CALENDARS)},
            },
        },
    ],
}

PartialDate = Annotated[
    When, PlainValidator(parse_when), PlainSerializer(lambda w: w.iso(), return_type=str), WithJsonSchema(WHEN_SCHEMA)
]
"""A case-file date of any precision (a `When`)."""
