"""The case as it stood on the campaign date.

Letters speak as of `campaign.yaml`'s date: facts dated after it are dropped, the custody status is
the one in force that day, and only the requests made for that status remain. A person released
before the campaign date is therefore never called detained, and a 2021 letter never mentions a
2022 event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TypeVar

from campaign.model.case import Case, Custody, Official
from campaign.model.regime import Ground, Regime

T = TypeVar("T")


def _until(items: Iterable[T], day: dt.date) -> tuple[T, ...]:
    """The items with no date or a date on or before `day`."""
    kept = []
    for item in items:
        date: dt.date | None = getattr(item, "date", None)
        if date is None or date <= day:
            kept.append(item)
    return tuple(kept)


def case_as_of(case: Case, day: dt.date) -> Case:
    """A copy of `case` without the facts dated after `day`."""
    custody = tuple(p for p in case.person.custody if p.since <= day)
    status = custody_on(case, day)
    return case.model_copy(
        update={
            "person": case.person.model_copy(update={"custody": custody}),
            "proceedings": tuple(sorted(_until(case.proceedings, day), key=lambda p: p.date)),
            "acts": _until(case.acts, day),
            "statements": _until(case.statements, day),
            "violations": _until(case.violations, day),
            "officials": tuple(o for o in case.officials if o.in_office_on <= day),
            "requests": tuple(r for r in case.requests if not r.when or (status is not None and status in r.when)),
        }
    )


def custody_on(case: Case, day: dt.date) -> Custody | None:
    """The custody status in force on `day`."""
    period = case.custody_on(day)
    return period.status if period else None


def sanction_targets(case: Case, regime: Regime) -> list[tuple[Official, tuple[Ground, ...]]]:
    """Officials with the regime's grounds that their alleged conduct, as shown by the case, meets.

    `case` must already be `case_as_of` the campaign date. An official with no shared ground is
    left out: a brief must never claim a ground the regime's law does not cover.
    """
    in_case = {v.category for v in case.violations}
    targets = []
    for official in case.officials:
        grounds = regime.grounds_for(tuple(v for v in official.violations if v in in_case))
        if grounds:
            targets.append((official, grounds))
    return targets
