"""Small dict factories for case files, so each model test reads as the facts it is about.

Every factory returns the plain data a case file holds (strings, as the YAML loader hands them
over); `case()` turns it into a `Case` through the model's own validation. Sources are one fixed
list unless a test names its own, so a test about where a request's sources come from can tell
them apart.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from campaign.model.case import Case

SRC = ["report"]
"""The source every fact cites unless the test gives its own."""

Data = dict[str, Any]


def day(text: str) -> dt.date:
    """`2024-05-02` as a date, for the day a letter is written."""
    return dt.date.fromisoformat(text)


def text(en: str) -> Data:
    return {"en": en}


def custody(status: str, since: Any, *, src: list[str] | None = None, **extra: Any) -> Data:
    return {"status": status, "since": since, "src": src or SRC, **extra}


def person(defendant_id: str = "dana", *periods: Data, **extra: Any) -> Data:
    """A person; without periods, imprisoned since 2023-05-02."""
    return {
        "id": defendant_id,
        "name": {"latin": defendant_id.replace("-", " ").title()},
        "role": text("blogger"),
        "custody": list(periods) or [custody("imprisoned", "2023-05-02")],
        "src": SRC,
        **extra,
    }


def organisation(defendant_id: str = "example-news", **extra: Any) -> Data:
    return {
        "id": defendant_id,
        "kind": "organisation",
        "name": {"latin": defendant_id.replace("-", " ").title()},
        "role": text("a newspaper"),
        "src": SRC,
        **extra,
    }


def charge(charge_id: str = "false-info", *history: Data, src: list[str] | None = None, **extra: Any) -> Data:
    return {"id": charge_id, "law": text("Criminal Code"), "history": list(history), "src": src or SRC, **extra}


def change(event: str, date: Any, **extra: Any) -> Data:
    return {"event": event, "date": date, "src": SRC, **extra}


def prison(years: int = 3, months: int = 0, **extra: Any) -> Data:
    return {"kind": "imprisonment", "duration": {"years": str(years), "months": str(months)}, **extra}


def death() -> Data:
    return {"kind": "death"}


def fine(amount: str = "185000", currency: str = "BYN") -> Data:
    return {"kind": "fine", "amount": amount, "currency": currency}


def ban(years: int = 3) -> Data:
    return {"kind": "ban", "banned": text("journalism"), "duration": {"years": str(years)}}


def travel_ban(years: int = 2) -> Data:
    return {"kind": "travel-ban", "duration": {"years": str(years)}}


def outcome(defendant: str, decision: str, *sentences: Data, **extra: Any) -> Data:
    data: Data = {"defendant": defendant, "decision": decision, **extra}
    if sentences:
        data["sentences"] = list(sentences)
    return data


def proceeding(
    proceeding_id: str,
    date: Any,
    *outcomes: Data,
    stage: str = "first-instance",
    src: list[str] | None = None,
    **extra: Any,
) -> Data:
    return {
        "id": proceeding_id,
        "stage": stage,
        "date": date,
        "court": text("City Court"),
        "outcomes": list(outcomes),
        "src": src or SRC,
        **extra,
    }


def condition(kind: str, defendant: str, since: Any, until: Any = None, *, src: list[str] | None = None) -> Data:
    data: Data = {"kind": kind, "defendant": defendant, "since": since, "src": src or SRC}
    if until is not None:
        data["until"] = until
    return data


def violation(category: str = "freedom-of-expression", *, src: list[str] | None = None, **extra: Any) -> Data:
    return {"category": category, "description": text("prosecuted for posts"), "src": src or SRC, **extra}


def position(title: str, since: Any = None, until: Any = None) -> Data:
    data: Data = {"title": text(title), "institution": text("City Court"), "src": SRC}
    if since is not None:
        data["since"] = since
    if until is not None:
        data["until"] = until
    return data


def designation(jurisdiction: str, date: Any, **extra: Any) -> Data:
    return {"jurisdiction": jurisdiction, "date": date, "src": SRC, **extra}


def official(official_id: str = "judge", *positions: Data, **extra: Any) -> Data:
    return {
        "id": official_id,
        "name": {"latin": official_id.title()},
        "positions": list(positions) or [position("judge")],
        "role": text("presided over the trial"),
        "src": SRC,
        **extra,
    }


def case(*defendants: Data, **extra: Any) -> Case:
    """A valid case with the given defendants (by default one imprisoned person) and fields."""
    data: Data = {
        "id": "example",
        "state": "KZ",
        "country": text("Exampleland"),
        "defendants": list(defendants) or [person()],
        "violations": [violation()],
        "sources": [
            {"id": ref, "organisation": "Example Watch", "title": ref, "url": f"https://example.org/{ref}"}
            for ref in dict.fromkeys([*SRC, *_sources(defendants, extra)])
        ],
        **extra,
    }
    return Case.model_validate(data)


def _sources(*parts: Any) -> list[str]:
    """Every id cited under `src` anywhere in the data, so the case lists them all."""
    found: list[str] = []

    def visit(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "src":
                    found.extend(ref for ref in item if ref not in found)
                else:
                    visit(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                visit(item)

    visit(list(parts))
    return found
