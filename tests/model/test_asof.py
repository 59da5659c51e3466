"""What is true on a letter's date: custody, the sentence in force, the charges standing, the
conditions lasting, officials' posts and designations, the case as of a day, and the requests a
letter of that day may make (each rule, and the case where it must not be made).

Cases are built with the small factories of `case_factories`; the expected answers are the facts
the test wrote, read as a careful human reader would on that day.
"""

from __future__ import annotations

import pytest

from campaign.model.asof import (
    SentenceState,
    SentenceStatus,
    case_as_of,
    charges_on,
    conditions_on,
    custody_on,
    custody_status,
    designated_by,
    designations_on,
    dropped_charges,
    position_on,
    requests_for,
    requests_on,
    sanction_targets,
    sentence_on,
)
from campaign.model.case import Case, Charge, ConditionKind, Custody, Official, RequestKind, SentenceKind, Violation
from campaign.model.regime import Regime
from tests.model.case_factories import (
    ban,
    case,
    change,
    charge,
    condition,
    custody,
    day,
    death,
    designation,
    fine,
    official,
    organisation,
    outcome,
    person,
    position,
    prison,
    proceeding,
    text,
    travel_ban,
    violation,
)

K = RequestKind


def kinds(c: Case, on: str) -> set[RequestKind]:
    """The kinds of request a letter written on `on` makes."""
    return {plea.kind for plea in requests_on(c, day(on))}


# Custody -------------------------------------------------------------------------------------

HISTORY = [
    custody("arrested", "2023-05-02"),
    custody("pre-trial-detention", "2023-05-04"),
    custody("released-on-bail", "2023-08"),
    custody("pre-trial-detention", "2024-01-15"),
    custody("imprisoned", "2024-06-01"),
]
"""Arrested, detained, bailed sometime in August, re-arrested, sentenced."""


@pytest.mark.parametrize(
    ("on", "status"),
    [
        ("2023-05-01", None),  # before the first entry
        ("2023-05-02", Custody.ARRESTED),
        ("2023-05-03", Custody.ARRESTED),
        ("2023-05-04", Custody.PRE_TRIAL_DETENTION),
        ("2023-07-31", Custody.PRE_TRIAL_DETENTION),
        ("2023-08-15", None),  # bailed sometime in August: maybe, maybe not yet
        ("2023-08-31", Custody.RELEASED_ON_BAIL),
        ("2024-01-14", Custody.RELEASED_ON_BAIL),
        ("2024-01-15", Custody.PRE_TRIAL_DETENTION),
        ("2024-06-01", Custody.IMPRISONED),
        ("2030-01-01", Custody.IMPRISONED),  # the last status holds
    ],
)
def test_custody_on(on: str, status: Custody | None) -> None:
    dana = case(person("dana", *HISTORY)).defendants[0]
    assert custody_status(dana, day(on)) is status
    period = custody_on(dana, day(on))
    assert (period.status if period else None) is status


@pytest.mark.parametrize("status", list(Custody), ids=lambda s: s.value)
def test_each_custody_state_holds_from_its_day(status: Custody) -> None:
    dana = case(person("dana", custody("at-large", "2020"), custody(status.value, "2023-05-02"))).defendants[0]
    assert custody_status(dana, day("2023-05-01")) is Custody.AT_LARGE
    assert custody_status(dana, day("2023-05-02")) is status


def test_custody_since_an_unknown_date_holds_in_the_order_listed() -> None:
    dana = case(person("dana", custody("imprisoned", "2020-01-10"), custody("released", "unknown"))).defendants[0]
    assert custody_status(dana, day("2020-06-01")) is Custody.RELEASED


def test_custody_about_a_day_is_unknown_within_its_reach() -> None:
    dana = case(person("dana", custody("at-large", "2020"), custody("arrested", {"about": "2023-05-10"}))).defendants[0]
    assert custody_status(dana, day("2023-05-02")) is Custody.AT_LARGE  # a week before: not yet
    assert custody_status(dana, day("2023-05-03")) is None
    assert custody_status(dana, day("2023-05-16")) is None
    assert custody_status(dana, day("2023-05-17")) is Custody.ARRESTED  # a week after: surely


def test_an_organisation_has_no_custody() -> None:
    news = case(person(), organisation()).defendants[1]
    assert custody_on(news, day("2024-01-01")) is None


# Sentences -----------------------------------------------------------------------------------

VERDICT = proceeding("verdict", "2022-03-01", outcome("dana", "convicted", prison(5), fine()))


def sentence_case(*later: dict[str, object], periods: list[dict[str, object]] | None = None) -> Case:
    return case(person("dana", *(periods or [custody("imprisoned", "2021-06-01")])), proceedings=[VERDICT, *later])


def state_on(c: Case, on: str, defendant: str = "dana") -> SentenceState:
    """The sentence state on `on`, which the test expects to exist."""
    found = sentence_on(c, defendant, day(on))
    assert found is not None, f"no sentence on {on}"
    return found


def test_no_sentence_before_a_court_rules() -> None:
    assert sentence_on(sentence_case(), "dana", day("2022-02-28")) is None


def test_convicted() -> None:
    state = sentence_on(sentence_case(), "dana", day("2022-03-01"))
    assert state is not None
    assert state.status is SentenceStatus.IMPOSED and state.convicted and not state.in_absentia
    assert [s.kind for s in state.sentences] == [SentenceKind.IMPRISONMENT, SentenceKind.FINE]
    assert [s.kind for s in state.custodial] == [SentenceKind.IMPRISONMENT]
    assert state.proceeding.id == "verdict"
    assert not state.death


def test_upheld_keeps_the_sentence() -> None:
    c = sentence_case(proceeding("appeal", "2022-06", outcome("dana", "upheld"), stage="appeal"))
    state = sentence_on(c, "dana", day("2022-07-01"))
    assert state is not None and state.status is SentenceStatus.UPHELD and state.convicted
    assert state.sentences[0].duration is not None and state.sentences[0].duration.years == 5
    assert state.proceeding.id == "appeal"
    before = sentence_on(c, "dana", day("2022-06-15"))
    assert before is not None and before.status is SentenceStatus.IMPOSED, "upheld sometime in June: not yet known"


@pytest.mark.parametrize(("decision", "years", "status"), [("increased", 7, "increased"), ("reduced", 3, "reduced")])
def test_increased_and_reduced_replace_the_sentence(decision: str, years: int, status: str) -> None:
    c = sentence_case(proceeding("appeal", "2022-06-01", outcome("dana", decision, prison(years)), stage="appeal"))
    state = sentence_on(c, "dana", day("2022-06-01"))
    assert state is not None and state.status is SentenceStatus(status) and state.convicted
    assert [(s.kind, s.duration.years if s.duration else None) for s in state.sentences] == [
        (SentenceKind.IMPRISONMENT, years)
    ], "the fine is gone: the new sentences are every penalty now in force"


@pytest.mark.parametrize("decision", ["quashed", "referred-back", "retrial-ordered"])
def test_decisions_that_quash(decision: str) -> None:
    c = sentence_case(proceeding("cassation", "2022-09-01", outcome("dana", decision), stage="cassation"))
    state = sentence_on(c, "dana", day("2022-09-01"))
    assert state is not None and state.status is SentenceStatus.QUASHED
    assert state.sentences == () and not state.convicted


def test_charges_dropped_after_a_conviction_leave_no_sentence() -> None:
    c = sentence_case(proceeding("cassation", "2022-09-01", outcome("dana", "charges-dropped"), stage="cassation"))
    assert state_on(c, "2022-09-01").sentences == ()


def test_acquitted() -> None:
    c = case(person(), proceedings=[proceeding("verdict", "2022-03-01", outcome("dana", "acquitted"))])
    state = sentence_on(c, "dana", day("2022-03-01"))
    assert state is not None and state.status is SentenceStatus.ACQUITTED and not state.convicted


def test_commuted_death_sentence_is_no_longer_death() -> None:
    c = case(
        person(),
        proceedings=[
            proceeding("verdict", "2020-01-10", outcome("dana", "convicted", death())),
            proceeding(
                "commutation", "2021-01-10", outcome("dana", "commuted", {"kind": "imprisonment", "life": "true"})
            ),
        ],
    )
    assert state_on(c, "2021-01-09").death
    state = sentence_on(c, "dana", day("2021-01-10"))
    assert state is not None and state.status is SentenceStatus.COMMUTED and state.convicted
    assert not state.death and state.sentences[0].life


def test_pardoned_removes_the_penalty_not_the_conviction() -> None:
    c = sentence_case(proceeding("pardon", "2023-01-01", outcome("dana", "pardoned"), stage="pardon"))
    state = sentence_on(c, "dana", day("2023-01-01"))
    assert state is not None and state.status is SentenceStatus.PARDONED
    assert state.sentences == () and state.convicted


def test_served() -> None:
    c = sentence_case(
        periods=[custody("imprisoned", "2021-06-01"), custody("released", "2026-06-01", reason="sentence-served")]
    )
    assert state_on(c, "2026-05-31").status is SentenceStatus.IMPOSED
    state = sentence_on(c, "dana", day("2026-06-01"))
    assert state is not None and state.status is SentenceStatus.SERVED
    assert state.sentences == () and state.convicted


def test_released_for_another_reason_has_not_served() -> None:
    c = sentence_case(periods=[custody("imprisoned", "2021-06-01"), custody("released", "2023-06-01", reason="health")])
    assert state_on(c, "2023-06-01").status is SentenceStatus.IMPOSED


def test_a_served_sentence_stays_served_after_the_person_moves_abroad() -> None:
    c = case(
        person(
            "dana",
            custody("imprisoned", "2021-06-01"),
            custody("released", "2023-06-01", reason="sentence-served"),
            custody("abroad", "2024-01-01"),
        ),
        proceedings=[proceeding("verdict", "2022-03-01", outcome("dana", "convicted", prison(2), travel_ban(1)))],
    )
    state = sentence_on(c, "dana", day("2024-06-01"))
    assert state is not None and state.status is SentenceStatus.SERVED


def test_in_absentia_conviction_and_a_retrial_in_person() -> None:
    c = case(
        person("dana", custody("abroad", "2019")),
        proceedings=[
            proceeding("verdict", "2020-01-10", outcome("dana", "convicted", prison(10)), in_absentia="true"),
            proceeding("appeal", "2020-06-10", outcome("dana", "reduced", prison(8)), stage="appeal"),
            proceeding("retrial", "2023-01-10", outcome("dana", "convicted", prison(6)), stage="retrial"),
        ],
    )
    assert state_on(c, "2020-01-10").in_absentia
    assert state_on(c, "2020-06-10").in_absentia, "reduced on appeal: still the in-absentia verdict"
    assert not state_on(c, "2023-01-10").in_absentia


def test_one_of_several_tried_in_absentia() -> None:
    c = case(
        person("dana"),
        person("ali", custody("abroad", "2019")),
        proceedings=[
            proceeding(
                "verdict",
                "2020-01-10",
                outcome("dana", "convicted", prison(10)),
                {**outcome("ali", "convicted", prison(8)), "in_absentia": "true"},
            )
        ],
    )
    assert state_on(c, "2020-02-01", "ali").in_absentia
    assert not state_on(c, "2020-02-01", "dana").in_absentia


def test_found_guilty_then_sentenced() -> None:
    c = case(
        person("dana"),
        proceedings=[
            proceeding("verdict", "2025-12-15", outcome("dana", "found-guilty")),
            proceeding("sentencing", "2026-02-09", outcome("dana", "convicted", prison(20))),
        ],
    )
    waiting = state_on(c, "2026-01-10")
    assert waiting.status is SentenceStatus.AWAITING and waiting.convicted and not waiting.sentences
    sentenced = state_on(c, "2026-02-09")
    assert sentenced.status is SentenceStatus.IMPOSED and sentenced.sentences[0].duration.years == 20


def test_proceedings_are_applied_in_date_order_whatever_the_file_order() -> None:
    c = case(
        person(),
        proceedings=[
            proceeding("appeal", "2022-06-01", outcome("dana", "reduced", prison(3)), stage="appeal"),
            proceeding("verdict", "2022-03-01", outcome("dana", "convicted", prison(5))),
        ],
    )
    state = sentence_on(c, "dana", day("2022-07-01"))
    assert state is not None and state.status is SentenceStatus.REDUCED
    assert state.sentences[0].duration is not None and state.sentences[0].duration.years == 3


def test_a_verdict_of_unknown_date_listed_first_comes_first() -> None:
    c = case(
        person(),
        proceedings=[
            proceeding("verdict", "unknown", outcome("dana", "convicted", prison(5))),
            proceeding("appeal", "2022-06-01", outcome("dana", "reduced", prison(3)), stage="appeal"),
        ],
    )
    state = sentence_on(c, "dana", day("2022-07-01"))
    assert state is not None and state.status is SentenceStatus.REDUCED


def test_other_defendants_and_other_decisions_leave_the_sentence_alone() -> None:
    c = case(
        person("dana"),
        person("sam"),
        proceedings=[
            VERDICT,
            proceeding("sam-appeal", "2022-06-01", outcome("sam", "acquitted"), outcome("dana", "adjourned")),
        ],
    )
    state = sentence_on(c, "dana", day("2022-07-01"))
    assert state is not None and state.status is SentenceStatus.IMPOSED
    assert state_on(c, "2022-07-01", "sam").status is SentenceStatus.ACQUITTED


# Charges -------------------------------------------------------------------------------------


def charged(*charges: dict[str, object]) -> Case:
    return case(person("dana", custody("pre-trial-detention", "2023-01-01"), charges=list(charges)))


def ids(charges: tuple[Charge, ...]) -> list[str]:
    return [c.id for c in charges]


def test_a_charge_without_history_stands_from_the_start() -> None:
    dana = charged(charge("false-info")).defendants[0]
    assert ids(charges_on(dana, day("1990-01-01"))) == ["false-info"]
    assert dropped_charges(dana, day("2030-01-01")) == ()


def test_charge_history() -> None:
    dana = charged(
        charge("false-info", change("brought", "2023-01-05"), change("requalified", "2023-09-01", into="extremism")),
        charge("extremism", change("added", "2023-09-01")),
        charge("insult", change("added", "2023-03"), change("dropped", "2023-11-20")),
    ).defendants[0]
    assert ids(charges_on(dana, day("2023-01-04"))) == []
    assert ids(charges_on(dana, day("2023-01-05"))) == ["false-info"]
    assert ids(charges_on(dana, day("2023-03-15"))) == ["false-info"], "added sometime in March: not yet known"
    assert ids(charges_on(dana, day("2023-03-31"))) == ["false-info", "insult"]
    assert ids(charges_on(dana, day("2023-09-01"))) == ["extremism", "insult"]
    assert ids(dropped_charges(dana, day("2023-09-01"))) == ["false-info"]
    assert ids(charges_on(dana, day("2023-11-20"))) == ["extremism"]
    assert ids(dropped_charges(dana, day("2023-11-20"))) == ["false-info", "insult"]
    assert ids(dropped_charges(dana, day("2023-08-31"))) == []


def test_a_charge_dropped_on_an_unknown_date_is_dropped() -> None:
    c = charged(charge("false-info", change("brought", "2023-01-05"), change("dropped", "unknown")))
    assert charges_on(c.defendants[0], day("2024-01-01")) == ()
    assert K.DROP_CHARGES not in kinds(c, "2024-01-01")


def test_a_charge_dropped_and_brought_again_stands() -> None:
    c = charged(
        charge(
            "false-info",
            change("brought", "2023-01-05"),
            change("dropped", "2023-03-01"),
            change("added", "2023-06-01"),
        )
    )
    assert ids(charges_on(c.defendants[0], day("2023-07-01"))) == ["false-info"]


# Conditions of detention ---------------------------------------------------------------------


def test_conditions_on() -> None:
    c = case(
        person("dana"),
        person("sam"),
        conditions=[
            condition("incommunicado", "dana", "2023-05-02", "2023-06-10"),
            condition("ill-health", "dana", "2023-06"),
            condition("solitary-confinement", "sam", "2023-05-02"),
        ],
    )

    def on(text: str) -> list[str]:
        return [cond.kind.value for cond in conditions_on(c, "dana", day(text))]

    assert on("2023-05-01") == []
    assert on("2023-05-02") == ["incommunicado"]
    assert on("2023-06-09") == ["incommunicado"], "ill since sometime in June: not yet known"
    assert on("2023-06-10") == []
    assert on("2023-06-30") == ["ill-health"]


def test_a_condition_that_may_have_ended_still_counts() -> None:
    c = case(person(), conditions=[condition("incommunicado", "dana", "2023-05-02", "2023-06")])
    assert [x.kind.value for x in conditions_on(c, "dana", day("2023-06-15"))] == ["incommunicado"]


# Officials -----------------------------------------------------------------------------------


def judge(*positions: dict[str, object], **extra: object) -> Official:
    return case(officials=[official("judge", *positions, **extra)]).officials[0]


def test_position_current() -> None:
    post = position_on(judge(position("judge", "2015")), day("2024-01-01"))
    assert post is not None and post.position.title == text("judge")
    assert not post.former and not post.uncertain


def test_position_former() -> None:
    post = position_on(judge(position("judge", "2015", "2022-06-30")), day("2024-01-01"))
    assert post is not None and post.former and not post.uncertain


def test_position_still_held_the_day_before_it_ends() -> None:
    post = position_on(judge(position("judge", "2015", "2022-06-30")), day("2022-06-29"))
    assert post is not None and not post.former and not post.uncertain


def test_position_that_may_have_ended_is_uncertain() -> None:
    post = position_on(judge(position("judge", "2015", "2022")), day("2022-06-30"))
    assert post is not None and post.uncertain and not post.former


def test_position_not_yet_held() -> None:
    assert position_on(judge(position("judge", "2015")), day("2014-12-31")) is None
    assert position_on(judge(position("judge", "2015")), day("2015-06-01")) is None, "since sometime in 2015"


def test_position_of_several_posts() -> None:
    official_ = judge(
        position("judge", "2015", "2019-12-31"),
        position("court chairman", "2020-01-01", "2023-03-31"),
        position("deputy prosecutor general", "2023-04-01", "2025-01-31"),
    )
    titles = {
        on: (post.position.title["en"], post.former)
        for on in ("2018-01-01", "2021-01-01", "2024-01-01", "2026-01-01")
        if (post := position_on(official_, day(on))) is not None
    }
    assert titles == {
        "2018-01-01": ("judge", False),
        "2021-01-01": ("court chairman", False),
        "2024-01-01": ("deputy prosecutor general", False),
        "2026-01-01": ("deputy prosecutor general", True),
    }


def test_position_left_on_an_unknown_date_is_not_current() -> None:
    post = position_on(judge(position("judge", "2015", "unknown")), day("2024-01-01"))
    assert post is not None and (post.former or post.uncertain)


def test_designations_on() -> None:
    official_ = judge(designations=[designation("US", "2022-12-09", regime="us-glomag"), designation("GB", "2024-03")])
    assert [d.jurisdiction for d in designations_on(official_, day("2022-12-08"))] == []
    assert [d.jurisdiction for d in designations_on(official_, day("2022-12-09"))] == ["US"]
    assert [d.jurisdiction for d in designations_on(official_, day("2024-03-15"))] == ["US"]
    assert [d.jurisdiction for d in designations_on(official_, day("2024-03-31"))] == ["US", "GB"]
    us = designated_by(official_, "US", day("2023-01-01"))
    assert us is not None and us.regime == "us-glomag"
    assert designated_by(official_, "GB", day("2023-01-01")) is None
    assert designated_by(official_, "EU", day("2030-01-01")) is None


def test_a_designation_of_unknown_date_exists() -> None:
    official_ = judge(designations=[designation("US", "unknown")])
    assert designated_by(official_, "US", day("2024-01-01")) is not None


# The case as of a day ------------------------------------------------------------------------


def whole_case() -> Case:
    return case(
        person("dana", custody("pre-trial-detention", "2023-01-10"), custody("imprisoned", "2023-09-14")),
        person("sam", custody("at-large", "2023-01-10"), subject="false"),
        proceedings=[
            proceeding("appeal", "2023-12-01", outcome("dana", "upheld"), stage="appeal"),
            proceeding("verdict", "2023-09-14", outcome("dana", "convicted", prison(3))),
        ],
        acts=[
            {"id": "posts", "date": "2022-11", "description": text("posted videos"), "src": ["report"]},
            {"id": "rally", "date": "2024-02", "description": text("spoke at a rally"), "src": ["report"]},
        ],
        statements=[
            {
                "id": "wgad",
                "body": text("WGAD"),
                "kind": text("opinion"),
                "date": "2024-05-01",
                "summary": text("found the detention arbitrary"),
                "src": ["report"],
            }
        ],
        violations=[violation(), violation("torture-ill-treatment", date="2024-01")],
        conditions=[condition("incommunicado", "dana", "2023-01-10"), condition("ill-health", "dana", "2024-02-01")],
        officials=[
            official(
                "judge",
                position("judge", "2015", "2024-06-30"),
                designations=[designation("US", "2023-12-20"), designation("GB", "2024-03-01")],
                target="true",
                violations=["fair-trial"],
            ),
            official("prosecutor", position("prosecutor general", "2024-01-15")),
        ],
        requests=[
            {"kind": "other", "text": text("a visit by consular staff"), "when": ["imprisoned"], "src": ["report"]},
            {"kind": "other", "text": text("a fair retrial"), "src": ["report"]},
            {"kind": "other", "text": text("a welcome home"), "when": ["released"], "src": ["report"]},
        ],
    )


def test_case_as_of_drops_what_had_not_happened() -> None:
    known = case_as_of(whole_case(), day("2023-10-01"))
    assert [p.status for p in known.defendants[0].custody] == [Custody.PRE_TRIAL_DETENTION, Custody.IMPRISONED]
    assert [p.id for p in known.proceedings] == ["verdict"]
    assert [a.id for a in known.acts] == ["posts"]
    assert known.statements == ()
    assert [v.category for v in known.violations] == [Violation.FREEDOM_OF_EXPRESSION]
    assert [c.kind.value for c in known.conditions] == ["incommunicado"]
    assert [o.id for o in known.officials] == ["judge"], "the prosecutor general took office in 2024"
    assert known.officials[0].designations == ()
    assert [r.text["en"] for r in known.requests] == ["a visit by consular staff", "a fair retrial"]


def test_case_as_of_orders_the_proceedings_by_date() -> None:
    known = case_as_of(whole_case(), day("2024-01-01"))
    assert [p.id for p in known.proceedings] == ["verdict", "appeal"]
    assert [d.jurisdiction for d in known.officials[0].designations] == ["US"]


def test_case_as_of_drops_an_end_of_post_after_the_day() -> None:
    before = case_as_of(whole_case(), day("2024-06-29"))
    assert before.officials[0].positions[0].until is None, "the letter must not know the judge will leave"
    after = case_as_of(whole_case(), day("2024-06-30"))
    assert after.officials[0].positions[0].until is not None
    assert [o.id for o in after.officials] == ["judge", "prosecutor"]


def test_case_as_of_keeps_what_needs_no_date() -> None:
    whole = whole_case()
    known = case_as_of(whole, day("2023-10-01"))
    assert known.defendants[1].id == "sam" and known.sources == whole.sources and known.country == whole.country


@pytest.mark.parametrize("fact", ["charge history", "condition until", "organisation ban"])
def test_case_as_of_leaves_no_later_fact(fact: str) -> None:
    c = case(
        person("dana", custody("imprisoned", "2023-01-10"), charges=[charge("x", change("dropped", "2025-01-01"))]),
        conditions=[condition("incommunicado", "dana", "2023-01-10", "2025-01-01")],
        organisations=[
            {
                "id": "party",
                "name": {"latin": "Party"},
                "description": text("a party"),
                "ban": {
                    "date": "2025-01-01",
                    "court": text("Supreme Court"),
                    "designation": text("extremist"),
                    "src": ["report"],
                },
                "src": ["report"],
            }
        ],
    )
    known = case_as_of(c, day("2024-01-01"))
    if fact == "charge history":
        assert known.defendants[0].charges[0].history == ()
    elif fact == "condition until":
        assert known.conditions[0].until is None
    else:
        assert known.organisations[0].ban is None


# Requests: each rule, and where it must not apply ----------------------------------------------

ALL_STATES = [s.value for s in Custody]
HELD = {
    "arrested",
    "pre-trial-detention",
    "house-arrest",
    "imprisoned",
    "forced-psychiatric-detention",
    "whereabouts-unknown",
}
"""The states someone can be released from, as the issue lists them (not read from the code)."""


@pytest.mark.parametrize("status", ALL_STATES)
def test_release_only_when_deprived_of_liberty(status: str) -> None:
    c = case(person("dana", custody(status, "2023-05-02")))
    assert (K.RELEASE in kinds(c, "2023-06-01")) == (status in HELD)


def test_nothing_like_release_for_someone_abroad() -> None:
    c = case(
        person("dana", custody("abroad", "2020")),
        conditions=[condition("incommunicado", "dana", "2021"), condition("ill-health", "dana", "2021")],
    )
    asked = kinds(c, "2023-01-01")
    assert asked.isdisjoint(
        {K.RELEASE, K.DISCLOSE_WHEREABOUTS, K.ACCESS_TO_FAMILY, K.ACCESS_TO_LAWYER, K.MEDICAL_CARE, K.END_INCOMMUNICADO}
    )


def test_no_release_when_the_status_may_have_changed() -> None:
    c = case(person("dana", custody("at-large", "2020"), custody("arrested", "2023-05")))
    assert K.RELEASE not in kinds(c, "2023-05-15")
    assert K.RELEASE in kinds(c, "2023-05-31")


def test_release_while_held_whichever_of_two_held_states_applies() -> None:
    c = case(person("dana", custody("pre-trial-detention", "2023-01-10"), custody("imprisoned", "2023-09")))
    assert K.RELEASE in kinds(c, "2023-09-15")


def test_release_rests_on_the_custody_sources() -> None:
    c = case(person("dana", custody("imprisoned", "2023-05-02", src=["custody-report"])))
    [release] = [p for p in requests_on(c, day("2023-06-01")) if p.kind is K.RELEASE]
    assert release.src == ("custody-report",) and release.defendants == ("dana",)


def death_case(*later: dict[str, object], periods: list[dict[str, object]] | None = None) -> Case:
    return case(
        person("dana", *(periods or [custody("imprisoned", "2019-06-01")])),
        proceedings=[proceeding("verdict", "2020-01-10", outcome("dana", "convicted", death())), *later],
    )


def test_halt_execution_and_moratorium_while_a_death_sentence_stands() -> None:
    c = death_case(proceeding("appeal", "2020-06-01", outcome("dana", "upheld"), stage="appeal"))
    assert not {K.HALT_EXECUTION, K.MORATORIUM} & kinds(c, "2020-01-09")
    assert {K.HALT_EXECUTION, K.MORATORIUM} <= kinds(c, "2020-01-10")
    assert {K.HALT_EXECUTION, K.MORATORIUM} <= kinds(c, "2021-01-01")


def test_no_halt_execution_after_the_death_sentence_is_quashed() -> None:
    c = death_case(proceeding("supreme", "2021-03-01", outcome("dana", "quashed"), stage="supreme-court"))
    assert {K.HALT_EXECUTION, K.MORATORIUM} <= kinds(c, "2021-02-28")
    assert not {K.HALT_EXECUTION, K.MORATORIUM} & kinds(c, "2021-03-01")


def test_no_halt_execution_after_the_death_sentence_is_commuted() -> None:
    c = death_case(proceeding("commutation", "2021-03-01", outcome("dana", "commuted", prison(15)), stage="pardon"))
    assert not {K.HALT_EXECUTION, K.MORATORIUM} & kinds(c, "2021-03-01")
    assert K.RELEASE in kinds(c, "2021-03-01")


def test_no_halt_execution_for_someone_executed() -> None:
    c = death_case(periods=[custody("imprisoned", "2019-06-01"), custody("deceased", "2022-02-01")])
    asked = kinds(c, "2022-06-01")
    assert K.INVESTIGATE_DEATH in asked
    assert K.HALT_EXECUTION not in asked


def test_disclose_whereabouts_and_access_for_someone_disappeared() -> None:
    c = case(
        person(
            "dana",
            custody("arrested", "2023-05-02"),
            custody("whereabouts-unknown", "2023-05-04"),
            custody("imprisoned", "2023-11-01"),
        )
    )
    assert not {K.DISCLOSE_WHEREABOUTS, K.ACCESS_TO_FAMILY, K.ACCESS_TO_LAWYER} & kinds(c, "2023-05-03")
    assert {K.RELEASE, K.DISCLOSE_WHEREABOUTS, K.ACCESS_TO_FAMILY, K.ACCESS_TO_LAWYER} <= kinds(c, "2023-05-04")
    later = kinds(c, "2023-11-01")
    assert K.RELEASE in later
    assert not {K.DISCLOSE_WHEREABOUTS, K.ACCESS_TO_FAMILY, K.ACCESS_TO_LAWYER} & later, "now known to be in prison"


def pending(*later: dict[str, object], status: str = "pre-trial-detention") -> Case:
    return case(
        person(
            "dana",
            custody(status, "2023-01-10"),
            charges=[charge("x", change("brought", "2023-01-10"), src=["indictment"])],
        ),
        proceedings=list(later),
    )


def test_drop_charges_while_charges_are_pending() -> None:
    c = pending()
    assert K.DROP_CHARGES not in kinds(c, "2023-01-09")
    [plea] = [p for p in requests_on(c, day("2023-01-10")) if p.kind is K.DROP_CHARGES]
    assert plea.src == ("indictment",)


def test_no_drop_charges_once_convicted_but_again_after_a_retrial_is_ordered() -> None:
    c = pending(
        proceeding("verdict", "2023-06-01", outcome("dana", "convicted", prison(2))),
        proceeding("cassation", "2024-02-01", outcome("dana", "retrial-ordered"), stage="cassation"),
    )
    assert K.DROP_CHARGES in kinds(c, "2023-05-31")
    assert K.DROP_CHARGES not in kinds(c, "2023-06-01")
    assert K.DROP_CHARGES in kinds(c, "2024-02-01")


def test_no_drop_charges_after_acquittal() -> None:
    c = pending(proceeding("verdict", "2023-06-01", outcome("dana", "acquitted")))
    assert K.DROP_CHARGES not in kinds(c, "2023-06-01")


def test_no_drop_charges_after_a_court_drops_them() -> None:
    c = pending(proceeding("hearing", "2023-06-01", outcome("dana", "charges-dropped"), stage="pre-trial"))
    assert K.DROP_CHARGES not in kinds(c, "2023-06-01")


def test_no_drop_charges_once_the_charge_is_dropped() -> None:
    c = case(person("dana", custody("at-large", "2023-01-10"), charges=[charge("x", change("dropped", "2023-03-01"))]))
    assert K.DROP_CHARGES in kinds(c, "2023-02-28")
    assert K.DROP_CHARGES not in kinds(c, "2023-03-01")


def test_no_drop_charges_for_someone_who_died() -> None:
    assert K.DROP_CHARGES not in kinds(pending(status="deceased"), "2023-06-01")


def in_absentia_case(status: str = "abroad", *, absentia: str = "true") -> Case:
    return case(
        person("dana", custody(status, "2019")),
        proceedings=[
            proceeding("verdict", "2020-01-10", outcome("dana", "convicted", prison(8)), in_absentia=absentia)
        ],
    )


def test_allow_return_and_annul_for_someone_abroad_convicted_in_absentia() -> None:
    assert {K.ALLOW_RETURN, K.ANNUL_IN_ABSENTIA, K.QUASH_CONVICTION} <= kinds(in_absentia_case(), "2020-01-10")
    assert not {K.ALLOW_RETURN, K.ANNUL_IN_ABSENTIA} & kinds(in_absentia_case(), "2020-01-09")
    assert K.RELEASE not in kinds(in_absentia_case(), "2020-01-10")


def test_allow_return_for_someone_abroad_with_charges_pending() -> None:
    assert {K.ALLOW_RETURN, K.DROP_CHARGES} <= kinds(pending(status="abroad"), "2023-06-01")


def test_no_allow_return_for_someone_abroad_with_nothing_against_them() -> None:
    assert K.ALLOW_RETURN not in kinds(case(person("dana", custody("abroad", "2019"))), "2023-01-01")


def test_no_allow_return_for_someone_at_home() -> None:
    assert K.ALLOW_RETURN not in kinds(in_absentia_case("released"), "2021-01-01")


def test_no_annul_in_absentia_for_a_verdict_in_person() -> None:
    assert K.ANNUL_IN_ABSENTIA not in kinds(in_absentia_case(absentia="false"), "2021-01-01")


CONDITION_REQUESTS = {
    "incommunicado": {K.END_INCOMMUNICADO, K.ACCESS_TO_FAMILY, K.ACCESS_TO_LAWYER},
    "solitary-confinement": {K.END_SOLITARY},
    "no-lawyer": {K.ACCESS_TO_LAWYER},
    "no-family-contact": {K.ACCESS_TO_FAMILY},
    "ill-health": {K.MEDICAL_CARE},
    "hunger-strike": {K.MEDICAL_CARE},
    "ill-treatment": {K.INVESTIGATE_ILL_TREATMENT, K.MEDICAL_CARE},
}


def test_every_condition_kind_has_its_requests() -> None:
    """A condition of a kind without requests would fail the letter with a KeyError."""
    assert set(CONDITION_REQUESTS) == {kind.value for kind in ConditionKind}


@pytest.mark.parametrize(("kind", "expected"), CONDITION_REQUESTS.items(), ids=CONDITION_REQUESTS.keys())
def test_a_condition_asks_while_it_lasts_and_the_person_is_held(kind: str, expected: set[RequestKind]) -> None:
    c = case(
        person("dana", custody("imprisoned", "2023-01-10"), custody("released", "2024-06-01")),
        conditions=[condition(kind, "dana", "2023-03-01", "2023-12-31", src=["letter-from-prison"])],
    )
    assert not expected & kinds(c, "2023-02-28"), "not yet"
    assert expected <= kinds(c, "2023-03-01")
    assert not expected & kinds(c, "2023-12-31"), "ended"
    plea = next(p for p in requests_on(c, day("2023-03-01")) if p.kind in expected)
    assert plea.src == ("letter-from-prison",)


@pytest.mark.parametrize("kind", CONDITION_REQUESTS)
def test_no_condition_request_once_released(kind: str) -> None:
    c = case(
        person("dana", custody("imprisoned", "2023-01-10"), custody("released", "2023-06-01")),
        conditions=[condition(kind, "dana", "2023-03-01")],
    )
    assert not CONDITION_REQUESTS[kind] & kinds(c, "2023-06-01")


def test_investigate_ill_treatment() -> None:
    c = case(
        person("dana"),
        person("sam"),
        violations=[
            violation(),
            violation("torture-ill-treatment", date="2023-07", defendants=["sam"], src=["medical"]),
        ],
    )
    assert K.INVESTIGATE_ILL_TREATMENT not in kinds(c, "2023-07-15"), "not known by then"
    [plea] = [p for p in requests_on(c, day("2023-08-01")) if p.kind is K.INVESTIGATE_ILL_TREATMENT]
    assert plea.defendants == ("sam",) and plea.src == ("medical",)


def test_investigate_ill_treatment_of_every_subject_when_none_is_named() -> None:
    c = case(person("dana"), person("sam"), violations=[violation("torture-ill-treatment")])
    [plea] = [p for p in requests_on(c, day("2024-01-01")) if p.kind is K.INVESTIGATE_ILL_TREATMENT]
    assert plea.defendants == ("dana", "sam")


def test_investigate_death_only_for_the_deceased() -> None:
    c = case(person("dana", custody("imprisoned", "2020"), custody("deceased", "2023-02-01", src=["obituary"])))
    assert K.INVESTIGATE_DEATH not in kinds(c, "2023-01-31")
    asked = requests_on(c, day("2023-02-01"))
    assert [(p.kind, p.src) for p in asked] == [(K.INVESTIGATE_DEATH, ("obituary",))], "and nothing else: no release"


@pytest.mark.parametrize(("penalty", "lift"), [(ban(), K.LIFT_BAN), (travel_ban(), K.LIFT_TRAVEL_BAN)])
def test_lift_a_ban_while_it_is_in_force(penalty: dict[str, object], lift: RequestKind) -> None:
    c = case(
        person("dana", custody("released", "2020")),
        proceedings=[
            proceeding("verdict", "2021-01-10", outcome("dana", "convicted", fine(), penalty)),
            proceeding("cassation", "2022-01-10", outcome("dana", "quashed"), stage="cassation"),
        ],
    )
    assert lift not in kinds(c, "2021-01-09")
    assert lift in kinds(c, "2021-01-10")
    assert lift not in kinds(c, "2022-01-10")


@pytest.mark.parametrize(("penalty", "lift"), [(ban(), K.LIFT_BAN), (travel_ban(), K.LIFT_TRAVEL_BAN)])
def test_no_lift_a_ban_after_a_pardon(penalty: dict[str, object], lift: RequestKind) -> None:
    c = case(
        person("dana", custody("released", "2020")),
        proceedings=[
            proceeding("verdict", "2021-01-10", outcome("dana", "convicted", penalty)),
            proceeding("pardon", "2022-01-10", outcome("dana", "pardoned"), stage="pardon"),
        ],
    )
    assert lift not in kinds(c, "2022-01-10")
    assert K.QUASH_CONVICTION in kinds(c, "2022-01-10"), "a pardon leaves the conviction"


def test_quash_and_rehabilitate_while_a_conviction_stands() -> None:
    c = sentence_case(proceeding("cassation", "2023-01-10", outcome("dana", "quashed"), stage="cassation"))
    assert not {K.QUASH_CONVICTION, K.REHABILITATION} & kinds(c, "2022-02-28")
    assert {K.QUASH_CONVICTION, K.REHABILITATION} <= kinds(c, "2022-03-01")
    assert not {K.QUASH_CONVICTION, K.REHABILITATION} & kinds(c, "2023-01-10")


def test_an_organisation_is_never_asked_to_be_released() -> None:
    c = case(
        person("dana"),
        organisation("example-news"),
        proceedings=[proceeding("verdict", "2023-06-01", outcome("example-news", "convicted", fine(), ban()))],
    )
    news = c.defendants[1]
    asked = {p.kind for p in requests_for(c, news, day("2023-06-01"))}
    assert asked == {K.QUASH_CONVICTION, K.REHABILITATION, K.LIFT_BAN}


RULES_TESTED = {
    K.RELEASE,
    K.QUASH_CONVICTION,
    K.REHABILITATION,
    K.DROP_CHARGES,
    K.HALT_EXECUTION,
    K.MORATORIUM,
    K.DISCLOSE_WHEREABOUTS,
    K.ACCESS_TO_FAMILY,
    K.ACCESS_TO_LAWYER,
    K.MEDICAL_CARE,
    K.END_INCOMMUNICADO,
    K.END_SOLITARY,
    K.ALLOW_RETURN,
    K.ANNUL_IN_ABSENTIA,
    K.INVESTIGATE_ILL_TREATMENT,
    K.INVESTIGATE_DEATH,
    K.LIFT_BAN,
    K.LIFT_TRAVEL_BAN,
}
"""The request kinds worked out from facts, each with its tests above."""


def test_every_request_kind_is_either_tested_above_or_written_by_the_campaign() -> None:
    assert set(RequestKind) - RULES_TESTED == {K.SANCTIONS, K.OTHER}


def test_campaign_written_kinds_are_never_worked_out() -> None:
    c = case(
        person("dana", custody("whereabouts-unknown", "2023-01-10")),
        proceedings=[proceeding("verdict", "2022-01-10", outcome("dana", "convicted", death(), ban(), travel_ban()))],
        conditions=[condition(k, "dana", "2023-01-10") for k in CONDITION_REQUESTS],
        violations=[violation("torture-ill-treatment")],
        officials=[official("judge", target="true", violations=["torture-ill-treatment"])],
    )
    asked = kinds(c, "2023-06-01")
    assert K.SANCTIONS not in asked and K.OTHER not in asked
    assert len(asked) >= 12


# Several defendants ----------------------------------------------------------------------------


def test_several_defendants_are_merged_per_kind() -> None:
    c = case(
        person("dana", custody("imprisoned", "2023-01-10", src=["dana-report"])),
        person("sam", custody("pre-trial-detention", "2023-02-01", src=["sam-report"])),
        person("ali", custody("imprisoned", "2023-01-10"), subject="false"),
        person("eve", custody("abroad", "2020")),
        proceedings=[
            proceeding(
                "verdict",
                "2023-06-01",
                outcome("dana", "convicted", prison(5)),
                outcome("ali", "convicted", prison(5)),
                src=["verdict-report"],
            )
        ],
        lead="sam",
    )
    pleas = requests_on(c, day("2023-07-01"))
    assert [(p.kind, p.defendants, p.src) for p in pleas] == [
        (K.RELEASE, ("sam", "dana"), ("sam-report", "dana-report")),  # the lead first
        (K.QUASH_CONVICTION, ("dana",), ("verdict-report",)),
        (K.REHABILITATION, ("dana",), ("verdict-report",)),
    ], "ali is not a subject; eve abroad with nothing against her gets nothing"


def test_requests_are_in_the_order_of_the_enumeration() -> None:
    c = case(
        person("dana", custody("whereabouts-unknown", "2023-01-10")),
        proceedings=[proceeding("verdict", "2022-01-10", outcome("dana", "convicted", death()))],
        conditions=[condition("ill-health", "dana", "2023-01-10")],
    )
    order = [p.kind for p in requests_on(c, day("2023-06-01"))]
    assert order == sorted(order, key=list(RequestKind).index)
    assert order[0] is K.RELEASE


# Sanctions targets ---------------------------------------------------------------------------

REGIME = Regime.model_validate(
    {
        "id": "eu-ghrsr",
        "jurisdiction": "EU",
        "name": text("EU Global Human Rights Sanctions Regime"),
        "legal_basis": [{"title": text("Council Regulation"), "reference": "2020/1998", "src": ["report"]}],
        "decision": text("the Council decides"),
        "src": ["report"],
        # as the loader joins them: criteria quoted from an official text, then grounds as summaries
        "criteria": [
            {
                "id": "torture",
                "regime": "eu-ghrsr",
                "test": "conduct",
                "act": "reg",
                "provision": {"en": "Art. 1(1)(b)"},
                "covers": ["torture-ill-treatment"],
                "quote": {"en": ["torture"]},
            },
            {
                "id": "who-may-be-listed",
                "regime": "eu-ghrsr",
                "test": "listing",
                "provision": {"en": "Art. 3(1)"},
                "covers": ["freedom-of-expression"],
                "summary": text("those responsible"),
                "src": ["report"],
            },
            {
                "id": "other",
                "regime": "eu-ghrsr",
                "test": "conduct",
                "provision": {"en": "Art. 1(1)(c)"},
                "covers": ["arbitrary-detention", "freedom-of-expression"],
                "summary": text("other violations"),
                "src": ["report"],
            },
        ],
    }
)


def test_sanction_targets_only_for_grounds_the_case_shows() -> None:
    """Only targets, only violations the case itself shows, only conduct criteria (not who may be listed)."""
    c = case(
        person(),
        violations=[violation("freedom-of-expression")],
        officials=[
            official("judge", target="true", violations=["freedom-of-expression", "torture-ill-treatment"]),
            official("warden", target="true", violations=["torture-ill-treatment"]),
            official("clerk", violations=["freedom-of-expression"]),
            official("prosecutor", target="true", violations=["fair-trial"]),
        ],
    )
    targets = sanction_targets(c, REGIME)
    assert [(o.id, [g.id for g in grounds]) for o, grounds in targets] == [("judge", ["other"])]


def test_sanction_targets_take_every_conduct_criterion_met() -> None:
    c = case(
        person(),
        violations=[violation("freedom-of-expression"), violation("torture-ill-treatment")],
        officials=[official("warden", target="true", violations=["torture-ill-treatment", "freedom-of-expression"])],
    )
    [(warden, grounds)] = sanction_targets(c, REGIME)
    assert warden.id == "warden"
    assert [g.provision_in("en") for g in grounds] == ["Art. 1(1)(b)", "Art. 1(1)(c)"]
