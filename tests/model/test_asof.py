"""What is true on a date: the case as a letter of that day may tell it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from campaign.model.asof import case_as_of, custody_on, sanction_targets
from campaign.model.case import Case, Custody, Violation
from campaign.model.regime import Regime

SOURCE = {"id": "src", "organisation": "Example Watch", "title": "Report", "url": "https://example.org/r"}


def case(**changes: Any) -> Case:
    """A two-stage case: detained, imprisoned, then released; an appeal after the first instance."""
    data: dict[str, Any] = {
        "id": "example",
        "country": {"en": "Exampleland"},
        "person": {
            "id": "dana",
            "name": {"latin": "Dana Example"},
            "role": {"en": "blogger"},
            "custody": [
                {"status": "detained", "since": "2021-01-10", "src": ["src"]},
                {"status": "imprisoned", "since": "2021-06-01", "src": ["src"]},
                {"status": "released", "since": "2023-03-01", "src": ["src"]},
            ],
            "src": ["src"],
        },
        "charges": [{"id": "c", "code": {"en": "Code"}, "article": "1", "title": {"en": "t"}, "src": ["src"]}],
        "proceedings": [
            {
                "id": "appeal",
                "stage": "appeal",
                "date": "2021-09-01",
                "court": {"en": "Court of appeal"},
                "outcome": {"en": "upheld"},
                "src": ["src"],
            },
            {
                "id": "first",
                "stage": "first-instance",
                "date": "2021-06-01",
                "court": {"en": "City court"},
                "outcome": {"en": "convicted"},
                "src": ["src"],
            },
        ],
        "violations": [
            {"category": "freedom-of-expression", "description": {"en": "posts"}, "src": ["src"]},
            {
                "category": "torture-ill-treatment",
                "description": {"en": "beaten"},
                "date": "2022-02-01",
                "src": ["src"],
            },
        ],
        "officials": [
            {
                "id": "judge",
                "name": {"latin": "Sam Judge"},
                "position": {"en": "judge"},
                "institution": {"en": "City court"},
                "in_office_on": "2021-06-01",
                "role": {"en": "presided"},
                "violations": ["freedom-of-expression"],
                "src": ["src"],
            },
            {
                "id": "warden",
                "name": {"latin": "Pat Warden"},
                "position": {"en": "warden"},
                "institution": {"en": "Colony 1"},
                "in_office_on": "2022-02-01",
                "role": {"en": "ordered the beating"},
                "violations": ["torture-ill-treatment"],
                "src": ["src"],
            },
        ],
        "requests": [
            {"kind": "release", "when": ["detained", "imprisoned"], "text": {"en": "release"}, "src": ["src"]},
            {"kind": "quash-conviction", "when": ["released"], "text": {"en": "quash"}, "src": ["src"]},
            {"kind": "rehabilitation", "text": {"en": "rehabilitate"}, "src": ["src"]},
        ],
        "sources": [SOURCE],
    }
    data.update(changes)
    return Case.model_validate(data)


def regime(*covers: str) -> Regime:
    return Regime.model_validate(
        {
            "id": "test-regime",
            "jurisdiction": "UK",
            "name": {"en": "Test regime"},
            "legal_basis": [{"title": {"en": "Act"}, "reference": "SI 1", "src": ["src"]}],
            "decision": {"en": "The minister decides."},
            "grounds": [{"covers": list(covers), "provision": "reg. 4", "text": {"en": "…"}, "src": ["src"]}],
            "src": ["src"],
        }
    )


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2021, 1, 9), None),
        (dt.date(2021, 1, 10), Custody.DETAINED),
        (dt.date(2021, 5, 31), Custody.DETAINED),
        (dt.date(2021, 6, 1), Custody.IMPRISONED),
        (dt.date(2023, 3, 1), Custody.RELEASED),
    ],
)
def test_custody_is_the_status_in_force_that_day(day: dt.date, expected: Custody | None) -> None:
    assert custody_on(case(), day) is expected


def test_later_facts_are_not_known_on_an_earlier_day() -> None:
    then = case_as_of(case(), dt.date(2021, 7, 1))
    assert [p.id for p in then.proceedings] == ["first"]
    assert [v.category for v in then.violations] == [Violation.FREEDOM_OF_EXPRESSION]
    assert [o.id for o in then.officials] == ["judge"]
    assert [p.status for p in then.person.custody] == [Custody.DETAINED, Custody.IMPRISONED]


def test_proceedings_are_told_in_date_order() -> None:
    assert [p.id for p in case_as_of(case(), dt.date(2022, 1, 1)).proceedings] == ["first", "appeal"]


@pytest.mark.parametrize(
    ("day", "kinds"),
    [
        (dt.date(2021, 7, 1), ["release", "rehabilitation"]),
        (dt.date(2023, 6, 1), ["quash-conviction", "rehabilitation"]),
    ],
)
def test_only_the_requests_for_the_status_of_the_day_remain(day: dt.date, kinds: list[str]) -> None:
    assert [r.kind.value for r in case_as_of(case(), day).requests] == kinds


def test_before_any_custody_only_unconditional_requests_remain() -> None:
    assert [r.kind.value for r in case_as_of(case(), dt.date(2020, 1, 1)).requests] == ["rehabilitation"]


def test_a_target_needs_a_ground_the_regime_covers_and_a_violation_in_the_case() -> None:
    later = case_as_of(case(), dt.date(2022, 6, 1))
    assert [(o.id, len(g)) for o, g in sanction_targets(later, regime("torture-ill-treatment"))] == [("warden", 1)]
    assert sanction_targets(later, regime("right-to-life")) == []
    earlier = case_as_of(case(), dt.date(2021, 7, 1))
    assert sanction_targets(earlier, regime("torture-ill-treatment")) == [], "the beating is not known yet"
