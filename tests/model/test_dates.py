"""Dates as the sources know them: every form the case file may write, what each can mean (its
earliest and latest day), how they order, and every refusal with the message the user reads.

Expected days are worked out by hand from the calendar (a month's length, a leap year, the
reach of "about" the module documents), never taken from the code's output.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from campaign.model.dates import Precision, Qualifier, When, exact, parse_plain, parse_when

D = dt.date


def span(when: When) -> tuple[dt.date | None, dt.date | None]:
    return when.earliest, when.latest


# The plain forms -----------------------------------------------------------------------------


def test_a_day() -> None:
    when = parse_when("2021-09-02")
    assert when.precision is Precision.DAY and when.qualifier is Qualifier.EXACT
    assert span(when) == (D(2021, 9, 2), D(2021, 9, 2))
    assert when.day == D(2021, 9, 2) == when.middle
    assert when.iso() == str(when) == "2021-09-02"
    assert when.known


@pytest.mark.parametrize(
    ("text", "last"),
    [
        ("2024-05", D(2024, 5, 31)),
        ("2024-04", D(2024, 4, 30)),
        ("2024-02", D(2024, 2, 29)),  # a leap year
        ("2023-02", D(2023, 2, 28)),
        ("2100-02", D(2100, 2, 28)),  # a century that is not a leap year
        ("2000-02", D(2000, 2, 29)),  # one that is
        ("2023-12", D(2023, 12, 31)),
    ],
)
def test_a_month_means_every_day_of_it(text: str, last: dt.date) -> None:
    when = parse_when(text)
    assert when.precision is Precision.MONTH
    assert span(when) == (last.replace(day=1), last)
    assert when.day is None, "a month is not a day"
    assert when.iso() == when.plain() == text


def test_a_year_means_every_day_of_it() -> None:
    when = parse_when("2020")
    assert when.precision is Precision.YEAR
    assert span(when) == (D(2020, 1, 1), D(2020, 12, 31))
    assert when.day is None
    assert when.iso() == "2020"
    assert when.middle == D(2020, 7, 1)  # 2020 has 366 days: day 183 is 1 July


def test_unknown() -> None:
    when = parse_when("unknown")
    assert when.precision is Precision.UNKNOWN
    assert not when.known
    assert span(when) == (None, None)
    assert when.middle is None and when.day is None
    assert when.iso() == "unknown"


def test_surrounding_spaces_are_ignored() -> None:
    assert parse_when(" 2024-05 ") == parse_when("2024-05")


def test_a_date_object_and_a_when_pass_through() -> None:
    assert parse_when(D(2021, 9, 2)) == exact(D(2021, 9, 2)) == parse_when("2021-09-02")
    when = parse_when({"about": "2020"})
    assert parse_when(when) is when


def test_on_is_the_plain_form() -> None:
    for text in ("2021-09-02", "2024-05", "2020", "unknown"):
        assert parse_when({"on": text}) == parse_when(text)


# "about" -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "precision"),
    [
        # a day: a week either side
        ("2023-11-30", D(2023, 11, 23), D(2023, 12, 7), Precision.DAY),
        # a month: 31 days either side of the month
        ("2024-05", D(2024, 3, 31), D(2024, 7, 1), Precision.MONTH),
        # a year: half a year (183 days) either side
        ("2020", D(2019, 7, 2), D(2021, 7, 2), Precision.YEAR),
    ],
)
def test_about(text: str, earliest: dt.date, latest: dt.date, precision: Precision) -> None:
    when = parse_when({"about": text})
    assert when.qualifier is Qualifier.ABOUT and when.precision is precision
    assert span(when) == (earliest, latest)
    assert when.day is None, "about a day is not that day"
    assert when.iso() == f"about {text}"
    assert when.plain() == text, "the middle of the reach is the date named"


# early, mid, late ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("qualifier", "month", "earliest", "latest"),
    [
        ("early", "2024-05", D(2024, 5, 1), D(2024, 5, 10)),
        ("mid", "2024-05", D(2024, 5, 11), D(2024, 5, 20)),
        ("late", "2024-05", D(2024, 5, 21), D(2024, 5, 31)),
        ("early", "2024-02", D(2024, 2, 1), D(2024, 2, 9)),
        ("mid", "2024-02", D(2024, 2, 10), D(2024, 2, 18)),
        ("late", "2024-02", D(2024, 2, 19), D(2024, 2, 29)),
        ("early", "2024", D(2024, 1, 1), D(2024, 5, 1)),  # 366 / 3 = 122 days
        ("mid", "2024", D(2024, 5, 2), D(2024, 8, 31)),
        ("late", "2024", D(2024, 9, 1), D(2024, 12, 31)),
    ],
)
def test_a_third_of_a_month_or_a_year(qualifier: str, month: str, earliest: dt.date, latest: dt.date) -> None:
    when = parse_when({qualifier: month})
    assert when.qualifier is Qualifier(qualifier)
    assert span(when) == (earliest, latest)
    assert when.iso() == f"{qualifier} {month}"
    assert when.plain() == month, "the month or year named is the one of the middle day"


@pytest.mark.parametrize("text", [*(f"2023-{m:02d}" for m in range(1, 13)), "2023", "2024", "2024-02"])
def test_early_mid_and_late_cover_the_period_without_gap_or_overlap(text: str) -> None:
    whole = parse_when(text)
    parts = [parse_when({q: text}) for q in ("early", "mid", "late")]
    assert parts[0].earliest == whole.earliest and parts[2].latest == whole.latest
    for before, after in zip(parts, parts[1:], strict=False):
        assert before.latest is not None and after.earliest is not None
        assert after.earliest - before.latest == dt.timedelta(days=1)


# Ranges, as written --------------------------------------------------------------------------


def test_between_and() -> None:
    when = parse_when({"between": "2020-09", "and": "2020-12"})
    assert when.precision is Precision.RANGE
    assert span(when) == (D(2020, 9, 1), D(2020, 12, 31))
    assert when.parts == (parse_when("2020-09"), parse_when("2020-12"))
    assert when.iso() == "between 2020-09 and 2020-12"
    assert when.day is None


def test_between_ends_of_different_precision() -> None:
    when = parse_when({"between": "2019", "and": "2020-03-15"})
    assert span(when) == (D(2019, 1, 1), D(2020, 3, 15))
    assert when.iso() == "between 2019 and 2020-03-15"


def test_between_a_month_and_itself_is_that_month() -> None:
    assert span(parse_when({"between": "2024-05", "and": "2024-05"})) == (D(2024, 5, 1), D(2024, 5, 31))


def test_as_written_and_calendar_are_kept_beside_the_date() -> None:
    when = parse_when({"on": "2023-11-30", "as_written": "9 Azar 1402", "calendar": "persian"})
    assert when.as_written == "9 Azar 1402" and when.calendar == "persian"
    assert when.day == D(2023, 11, 30)
    assert when.iso() == "2023-11-30", "the ISO form is what counts"


def test_as_written_goes_with_every_form() -> None:
    when = parse_when({"about": "2024-05", "as_written": "last spring"})
    assert when.as_written == "last spring" and when.calendar is None
    assert when.qualifier is Qualifier.ABOUT
    ranged = parse_when({"between": "2020-09", "and": "2020-12", "as_written": "autumn 2020"})
    assert ranged.as_written == "autumn 2020" and ranged.precision is Precision.RANGE
    unknown = parse_when({"on": "unknown", "as_written": "some years ago"})
    assert not unknown.known and unknown.as_written == "some years ago"


def test_a_plain_date_has_nothing_as_written() -> None:
    when = parse_when("2024-05")
    assert when.as_written is None and when.calendar is None


# What a date tells about a day -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "by_true", "by_false"),
    [
        ("2021-09-02", D(2021, 9, 2), D(2021, 9, 1)),
        ("2024-05", D(2024, 5, 31), D(2024, 5, 30)),
        ("2020", D(2020, 12, 31), D(2020, 12, 30)),
        ({"about": "2023-11-30"}, D(2023, 12, 7), D(2023, 12, 6)),
        ({"early": "2024-05"}, D(2024, 5, 10), D(2024, 5, 9)),
        ({"between": "2020-09", "and": "2020-12"}, D(2020, 12, 31), D(2020, 12, 30)),
    ],
)
def test_by_a_day_only_once_the_latest_possible_day_is_past(value: Any, by_true: dt.date, by_false: dt.date) -> None:
    when = parse_when(value)
    assert when.by(by_true) and when.by(by_true + dt.timedelta(days=400))
    assert not when.by(by_false)
    assert not when.may_be_after(by_true)
    assert when.may_be_after(by_false)


def test_an_unknown_date_is_never_known_to_be_by_a_day_and_may_be_after_any() -> None:
    unknown = parse_when("unknown")
    assert not unknown.by(D(9999, 12, 31))
    assert unknown.may_be_after(D(1, 1, 1))


def test_a_date_that_may_fall_either_side_is_neither_by_nor_surely_before() -> None:
    may = parse_when("2024-05")
    day = D(2024, 5, 15)
    assert not may.by(day) and may.may_be_after(day)
    assert may.earliest is not None and may.earliest <= day


def test_sort_order() -> None:
    written = [
        "unknown",
        "2024-05-02",
        "2024-05",
        {"late": "2024-05"},
        {"early": "2024-05"},
        "2024",
        {"about": "2024-05-01"},
        {"between": "2023-12", "and": "2024-05-01"},
        "2023",
    ]
    ordered = sorted((parse_when(v) for v in written), key=When.sort_key)
    assert [w.iso() for w in ordered] == [
        "2023",  # 2023-01-01
        "between 2023-12 and 2024-05-01",  # 2023-12-01
        "2024",  # 2024-01-01
        "about 2024-05-01",  # 2024-04-24
        "early 2024-05",  # 2024-05-01 .. 2024-05-10
        "2024-05",  # 2024-05-01 .. 2024-05-31
        "2024-05-02",
        "late 2024-05",
        "unknown",  # unknown goes last
    ]


# Refusals ------------------------------------------------------------------------------------

REFUSED: dict[str, tuple[Any, str]] = {
    "impossible day": ("2023-02-29", "'2023-02-29' is not a real date (day is out of range for month)"),
    "day 31 of April": ("2024-04-31", "'2024-04-31' is not a real date (day is out of range for month)"),
    "month 13": ("2024-13", "'2024-13' is not a real month"),
    "month 0": ("2024-00", "'2024-00' is not a real month"),
    "year 0": ("0000", "'0000' is not a real year"),
    "day first": (
        "21-09-2021",
        "'21-09-2021' is not a date; write YYYY-MM-DD, YYYY-MM, YYYY or unknown (e.g. 2021-09-02, 2024-05, 2020)",
    ),
    "no leading zeros": (
        "2021-9-2",
        "'2021-9-2' is not a date; write YYYY-MM-DD, YYYY-MM, YYYY or unknown (e.g. 2021-09-02, 2024-05, 2020)",
    ),
    "with a time": (
        "2023-10-01 10:00",
        "'2023-10-01 10:00' is not a date; write YYYY-MM-DD, YYYY-MM, YYYY or unknown (e.g. 2021-09-02, 2024-05, 2020)",
    ),
    "Unknown in capitals": (
        "Unknown",
        "'Unknown' is not a date; write YYYY-MM-DD, YYYY-MM, YYYY or unknown (e.g. 2021-09-02, 2024-05, 2020)",
    ),
    "a list": (["2024"], "a date is YYYY-MM-DD, YYYY-MM, YYYY, unknown, or a mapping such as {about: 2023-11-30}"),
    "about unknown": ({"about": "unknown"}, "'about' needs a date, not 'unknown'"),
    "two forms": (
        {"on": "2024-05", "about": "2024-05"},
        "give exactly one of on, about, early, mid, late or between (with and) in a date",
    ),
    "no form": (
        {"as_written": "9 Azar 1402"},
        "give exactly one of on, about, early, mid, late or between (with and) in a date",
    ),
    "and before between": ({"between": "2024-05", "and": "2024-04"}, "'and: 2024-04' is before 'between: 2024-05'"),
    "between without and": ({"between": "2024-05"}, "'between' needs 'and' (e.g. {between: 2020-09, and: 2020-12})"),
    "and without between": ({"on": "2024-05", "and": "2024-06"}, "'and' goes with 'between'"),
    "between unknown": ({"between": "unknown", "and": "2024"}, "both ends of 'between ... and ...' must be dates"),
    "and unknown": ({"between": "2024", "and": "unknown"}, "both ends of 'between ... and ...' must be dates"),
    "unknown key": (
        {"around": "2024-05"},
        "unknown key 'around' in a date; use on, about, early, mid, late, between/and",
    ),
    "early in a day": ({"early": "2024-05-02"}, "'early' needs a month or a year (e.g. {early: 2024-05})"),
    "late unknown": ({"late": "unknown"}, "'late' needs a month or a year (e.g. {late: 2024-05})"),
    "unknown calendar": (
        {"on": "2024", "calendar": "julian"},
        "unknown calendar 'julian'; use one of gregorian, persian, islamic, hebrew, chinese, other",
    ),
    "nested mapping": ({"about": {"on": "2024"}}, "'about' must be a single text value"),
    "as_written not text": ({"on": "2024", "as_written": ["x"]}, "'as_written' must be a single text value"),
}


@pytest.mark.parametrize(("value", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_refused_with_a_message_saying_what_to_write(value: Any, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_when(value)
    assert str(caught.value) == message


def test_parse_plain_refuses_the_mapping_forms() -> None:
    with pytest.raises(ValueError, match="is not a date"):
        parse_plain("about 2024")


@pytest.mark.parametrize("value", [{"about": "9999"}, {"about": "0001-01-01"}, {"about": "9999-12"}])
def test_about_at_the_ends_of_the_calendar_is_refused_with_a_message(value: Any) -> None:
    with pytest.raises(ValueError):
        parse_when(value)
