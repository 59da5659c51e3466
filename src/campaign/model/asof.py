"""What is true on a date: the case as a letter written that day may tell it.

A letter states only what the case file shows to have happened by its date, and asks only what
still makes sense that day:

- a fact counts once its latest possible day is on or before the letter's date (`When.by`); one
  that may fall either side of it is left out, and a custody status that may have changed is
  unknown, not guessed. Facts whose date is `unknown` are taken as known, in the order the file
  lists them (the campaign records them because they happened);
- the sentence in force is worked out from the proceedings in date order (imposed, upheld,
  increased, reduced, quashed, commuted, pardoned, served), so a death sentence quashed before
  the letter's date is never pleaded against;
- the requests follow from the facts in force for each defendant (`requests_on`): release only
  for someone deprived of liberty, "halt the execution" only while a death sentence stands,
  "disclose the whereabouts" only for someone whose whereabouts are unknown, and so on;
- officials are called by the post they hold that day, or as former holders of the post they
  held (`position_on`); a jurisdiction's existing designations are known from their date.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from campaign.model.case import (
    DEPRIVED_OF_LIBERTY,
    NEW_SENTENCE,
    Case,
    Charge,
    ChargeEvent,
    Condition,
    ConditionKind,
    Custody,
    CustodyPeriod,
    Decision,
    Defendant,
    Designation,
    Official,
    Position,
    Proceeding,
    ReleaseReason,
    RequestKind,
    Sentence,
    SentenceKind,
    Violation,
)
from campaign.model.dates import When
from campaign.model.regime import Criterion, Regime

T = TypeVar("T")


def happened(when: When | None, day: dt.date) -> bool:
    """Whether a fact dated `when` is known to have happened by `day` (no date or `unknown`: yes)."""
    return when is None or not when.known or when.by(day)


def _until(items: Iterable[T], day: dt.date) -> tuple[T, ...]:
    """The items whose `date` is known to be on or before `day`."""
    return tuple(item for item in items if happened(getattr(item, "date", None), day))


def _by_date(items: Iterable[T]) -> list[T]:
    """Items in date order (see `chronological`)."""
    listed = list(items)
    return chronological(listed, [getattr(item, "date", None) for item in listed])


def chronological(items: list[T], dates: list[When | None]) -> list[T]:
    """`items` in the order of their `dates`; an item without a known date keeps its place in the
    file: it comes just before the next item the file lists with a known date (a verdict of unknown
    date listed before a dated appeal is taken to precede it)."""
    keys: list[tuple[dt.date, dt.date]] = []
    following = (dt.date.max, dt.date.max)
    for when in reversed(dates):
        if when is not None and when.known:
            following = when.sort_key()
        keys.append(following if when is None or not when.known else when.sort_key())
    keys.reverse()
    order = sorted(range(len(items)), key=lambda index: (keys[index], index))
    return [items[index] for index in order]


# --- custody ------------------------------------------------------------------------------------


def custody_on(defendant: Defendant, day: dt.date) -> CustodyPeriod | None:
    """The custody period in force on `day`, or None when none had started or it may have changed.

    Periods are in force in the order the file lists them. If a later period may have started on
    or before `day` but is not known to have, the status that day is unknown: None.
    """
    current: CustodyPeriod | None = None
    for period in defendant.custody:
        since = period.since
        if not since.known or since.by(day):
            current = period
        elif since.earliest is not None and since.earliest <= day:
            return None  # it may already have changed: unknown, not guessed
        else:
            break
    return current


def held_since(defendant: Defendant, day: dt.date) -> When | None:
    """When the unbroken deprivation of liberty that holds on `day` began (arrest, detention,
    prison...), or None when the defendant is not held that day."""
    current = custody_on(defendant, day)
    if current is None or current.status not in DEPRIVED_OF_LIBERTY:
        return None
    periods = list(defendant.custody)
    index = periods.index(current)
    while index > 0 and periods[index - 1].status in DEPRIVED_OF_LIBERTY:
        index -= 1
    return periods[index].since


def held_either_way(defendant: Defendant, day: dt.date) -> tuple[CustodyPeriod, ...]:
    """The custody periods that show the defendant deprived of liberty on `day`: the one in force,
    or, while a change may or may not have happened yet, all the candidates, when every one of them
    is a deprivation of liberty (held in detention, or already in prison: held either way)."""
    current = custody_on(defendant, day)
    if current is not None:
        return (current,) if current.status in DEPRIVED_OF_LIBERTY else ()
    started = [p for p in defendant.custody if not p.since.known or p.since.by(day)]
    possible = [
        p
        for p in defendant.custody
        if p.since.known and not p.since.by(day) and p.since.earliest is not None and p.since.earliest <= day
    ]
    candidates = started[-1:] + possible
    if candidates and all(p.status in DEPRIVED_OF_LIBERTY for p in candidates):
        return tuple(candidates)
    return ()


def charges_dropped_by_court(case: Case, defendant_id: str, day: dt.date) -> bool:
    """A proceeding known by `day` dropped all charges against the defendant, and nothing charged
    them again after it."""
    dropped = False
    for proceeding in _by_date(_until(case.proceedings, day)):
        for outcome in proceeding.outcomes:
            if outcome.defendant == defendant_id:
                if outcome.decision is Decision.CHARGES_DROPPED:
                    dropped = True
                elif outcome.decision in (Decision.CHARGED, Decision.CONVICTED, Decision.DETENTION_ORDERED):
                    dropped = False
    return dropped


def custody_status(defendant: Defendant, day: dt.date) -> Custody | None:
    period = custody_on(defendant, day)
    return period.status if period else None


# --- sentences ----------------------------------------------------------------------------------


class SentenceStatus(enum.Enum):
    """What became of a defendant's sentence by a given day."""

    IMPOSED = "imposed"
    AWAITING = "awaiting-sentence"
    """Found guilty; the sentence is still to come."""
    UPHELD = "upheld"
    INCREASED = "increased"
    REDUCED = "reduced"
    QUASHED = "quashed"
    COMMUTED = "commuted"
    PARDONED = "pardoned"
    SERVED = "served"
    ACQUITTED = "acquitted"
    DROPPED = "dropped"
    """The charges were dropped: no conviction stands."""


_STATUS = {
    Decision.CONVICTED: SentenceStatus.IMPOSED,
    Decision.FOUND_GUILTY: SentenceStatus.AWAITING,
    Decision.UPHELD: SentenceStatus.UPHELD,
    Decision.INCREASED: SentenceStatus.INCREASED,
    Decision.REDUCED: SentenceStatus.REDUCED,
    Decision.COMMUTED: SentenceStatus.COMMUTED,
    Decision.QUASHED: SentenceStatus.QUASHED,
    Decision.REFERRED_BACK: SentenceStatus.QUASHED,
    Decision.RETRIAL_ORDERED: SentenceStatus.QUASHED,
    Decision.PARDONED: SentenceStatus.PARDONED,
    Decision.ACQUITTED: SentenceStatus.ACQUITTED,
    Decision.CHARGES_DROPPED: SentenceStatus.DROPPED,
}


CUSTODIAL = frozenset({SentenceKind.IMPRISONMENT, SentenceKind.FORCED_LABOUR, SentenceKind.RESTRICTION_OF_FREEDOM})
"""Penalties served in person (in custody or under restriction), as opposed to fines and bans."""


@dataclass(frozen=True)
class SentenceState:
    """A defendant's conviction and sentence as they stand on a day."""

    status: SentenceStatus
    sentences: tuple[Sentence, ...]
    """The penalties in force (none once quashed, pardoned, acquitted or served)."""
    convicted: bool
    """A conviction stands (a pardon removes the penalty, not the conviction)."""
    in_absentia: bool
    """The conviction that stands was handed down in absentia."""
    proceeding: Proceeding
    """The proceeding that decided the current status."""
    verdicts: tuple[Proceeding, ...] = ()
    """The proceedings whose convictions stand (one per matter), for citing them."""

    @property
    def sources(self) -> tuple[str, ...]:
        """The sources of every conviction that stands (or of the last decision)."""
        found: list[str] = []
        for proceeding in self.verdicts or (self.proceeding,):
            found.extend(ref for ref in proceeding.src if ref not in found)
        return tuple(found)

    def has(self, kind: SentenceKind) -> bool:
        return any(s.kind is kind for s in self.sentences)

    @property
    def custodial(self) -> tuple[Sentence, ...]:
        """The penalties a person serves in custody or under restriction (what 'is serving' names)."""
        return tuple(s for s in self.sentences if s.kind in CUSTODIAL)

    @property
    def death(self) -> bool:
        """A death sentence is in force."""
        return self.has(SentenceKind.DEATH)


def sentence_on(case: Case, defendant_id: str, day: dt.date) -> SentenceState | None:
    """The defendant's convictions and sentences on `day`, or None if no court had ruled on them.

    Each matter (`Proceeding.matter`) is worked out on its own; where a defendant faces several,
    their sentences are all in force together and the latest decision gives the status.
    """
    states = [s for s in (_matter_state(case, defendant_id, day, m) for m in _matters(case)) if s is not None]
    if not states:
        return None
    latest = max(states, key=lambda state: state.proceeding.date.sort_key())
    state = SentenceState(
        latest.status,
        tuple(s for state in states for s in state.sentences),
        any(state.convicted for state in states),
        any(state.in_absentia for state in states if state.convicted),
        latest.proceeding,
        tuple(state.proceeding for state in states if state.convicted),
    )
    if state.convicted and state.sentences and _served(case, defendant_id, day, latest.proceeding):
        return SentenceState(SentenceStatus.SERVED, (), True, state.in_absentia, state.proceeding, state.verdicts)
    return state


def _served(case: Case, defendant_id: str, day: dt.date, since: Proceeding) -> bool:
    """Custody shows the sentence served (a release for that reason by `day`, after the decision
    that set it), whatever happened to the defendant afterwards."""
    defendant = next((d for d in case.defendants if d.id == defendant_id), None)
    if defendant is None:
        return False
    decided = since.date.earliest or dt.date.min
    return any(
        p.reason is ReleaseReason.SENTENCE_SERVED
        and happened(p.since, day)
        and (not p.since.known or (p.since.latest or dt.date.max) >= decided)
        for p in defendant.custody
    )


def _matters(case: Case) -> list[str]:
    return list(dict.fromkeys(p.matter for p in case.proceedings))


def _matter_state(case: Case, defendant_id: str, day: dt.date, matter: str) -> SentenceState | None:
    """The conviction and sentence of one matter on `day`, following its decisions in date order."""
    state: SentenceState | None = None
    for proceeding in _by_date(_until(case.proceedings, day)):
        if proceeding.matter != matter:
            continue
        for outcome in proceeding.outcomes:
            if outcome.defendant != defendant_id or outcome.decision not in _STATUS:
                continue
            decision, status = outcome.decision, _STATUS[outcome.decision]
            if decision in NEW_SENTENCE:
                in_absentia = (
                    (proceeding.in_absentia or outcome.in_absentia)
                    if decision is Decision.CONVICTED or state is None
                    else state.in_absentia
                )
                state = SentenceState(status, outcome.sentences, True, in_absentia, proceeding)
            elif decision is Decision.FOUND_GUILTY:
                in_absentia = proceeding.in_absentia or outcome.in_absentia
                state = SentenceState(status, (), True, in_absentia, proceeding)
            elif decision is Decision.UPHELD and state is not None:
                sentences = outcome.sentences or state.sentences
                state = SentenceState(status, sentences, state.convicted, state.in_absentia, proceeding)
            elif decision is Decision.PARDONED:
                convicted = state.convicted if state is not None else True
                in_absentia = state.in_absentia if state is not None else False
                state = SentenceState(status, (), convicted, in_absentia, proceeding)
            else:
                state = SentenceState(status, (), False, False, proceeding)
    return state


# --- charges ------------------------------------------------------------------------------------


def charges_on(defendant: Defendant, day: dt.date) -> tuple[Charge, ...]:
    """The charges standing on `day`: brought or added by then, not dropped or requalified by then."""
    return tuple(charge for charge in defendant.charges if _charge_stands(charge, day))


def _charge_stands(charge: Charge, day: dt.date) -> bool:
    """The latest change known by `day` decides: brought or added, it stands; dropped or
    requalified, it does not. Without any change known by then, it stands unless it was first
    brought or added later."""
    changes = [c for c in charge.history if happened(c.date, day)]
    if not changes:
        return not any(c.event in (ChargeEvent.BROUGHT, ChargeEvent.ADDED) for c in charge.history)
    last = chronological(changes, [c.date for c in changes])[-1]
    return last.event in (ChargeEvent.BROUGHT, ChargeEvent.ADDED)


def dropped_charges(defendant: Defendant, day: dt.date) -> tuple[Charge, ...]:
    """Charges dropped (or requalified) by `day`, so a letter can mention them truthfully."""
    return tuple(
        charge
        for charge in defendant.charges
        if not _charge_stands(charge, day)
        and any(
            c.event in (ChargeEvent.DROPPED, ChargeEvent.REQUALIFIED) and happened(c.date, day) for c in charge.history
        )
    )


# --- conditions of detention --------------------------------------------------------------------


def conditions_on(case: Case, defendant_id: str, day: dt.date) -> tuple[Condition, ...]:
    """The conditions of detention in force for the defendant on `day` (started, not ended)."""
    return tuple(
        c
        for c in case.conditions
        if c.defendant == defendant_id and happened(c.since, day) and (c.until is None or not happened(c.until, day))
    )


# --- officials ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Post:
    """How a letter of a given day refers to an official's post."""

    position: Position
    former: bool
    """The official has left this post by the letter's date."""
    uncertain: bool
    """The post may have ended before the letter's date: say until when, not 'current' or 'former'."""


def position_on(official: Official, day: dt.date) -> Post | None:
    """The post an official holds on `day`, else the last one they had left by then."""
    started = [p for p in official.positions if p.since is None or happened(p.since, day)]
    if not started:
        return None
    current = [p for p in started if p.until is None or (p.until.known and p.until.may_be_after(day))]
    if current:
        position = current[-1]
        ends = position.until
        uncertain = ends is not None and ends.known and ends.earliest is not None and ends.earliest <= day
        return Post(position, former=False, uncertain=uncertain)
    return Post(started[-1], former=True, uncertain=False)


def designations_on(official: Official, day: dt.date) -> tuple[Designation, ...]:
    """The official's designations known to exist on `day`."""
    return tuple(d for d in official.designations if happened(d.date, day))


def designated_by(official: Official, jurisdiction: str, day: dt.date) -> Designation | None:
    return next((d for d in designations_on(official, day) if d.jurisdiction == jurisdiction), None)


# --- the case on a day --------------------------------------------------------------------------


def _charge_known(charge: Charge, day: dt.date) -> bool:
    """A charge brought or added only after `day` is not known that day."""
    starts = [c for c in charge.history if c.event in (ChargeEvent.BROUGHT, ChargeEvent.ADDED)]
    return not starts or any(happened(c.date, day) for c in starts)


def case_as_of(case: Case, day: dt.date) -> Case:
    """A copy of `case` without the facts not known to have happened by `day`."""
    defendants = tuple(
        d.model_copy(
            update={
                "custody": tuple(p for p in d.custody if happened(p.since, day)),
                "charges": tuple(
                    c.model_copy(update={"history": tuple(h for h in c.history if happened(h.date, day))})
                    for c in d.charges
                    if _charge_known(c, day)
                ),
            }
        )
        for d in case.defendants
    )
    organisations = tuple(
        o if o.ban is None or happened(o.ban.date, day) else o.model_copy(update={"ban": None})
        for o in case.organisations
    )
    conditions = tuple(
        c if c.until is None or happened(c.until, day) else c.model_copy(update={"until": None})
        for c in case.conditions
        if happened(c.since, day)
    )
    officials = []
    for official in case.officials:
        positions = tuple(
            p if p.until is None or p.until.by(day) else p.model_copy(update={"until": None})
            for p in official.positions
            if p.since is None or happened(p.since, day)
        )
        if positions:
            designations = designations_on(official, day)
            officials.append(official.model_copy(update={"positions": positions, "designations": designations}))
    lead = case.lead_defendant
    lead_status = custody_status(lead, day)
    return case.model_copy(
        update={
            "defendants": defendants,
            "organisations": organisations,
            "proceedings": tuple(_by_date(_until(case.proceedings, day))),
            "acts": _until(case.acts, day),
            "statements": tuple(_by_date(_until(case.statements, day))),
            "violations": _until(case.violations, day),
            "conditions": conditions,
            "officials": tuple(officials),
            "requests": tuple(r for r in case.requests if not r.when or lead_status in r.when),
        }
    )


# --- requests -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plea:
    """One request worked out from the facts in force, for the defendants it concerns."""

    kind: RequestKind
    defendants: tuple[str, ...]
    src: tuple[str, ...]
    """The sources of the facts that ground it."""


_CONDITION_REQUESTS = {
    ConditionKind.INCOMMUNICADO: (
        RequestKind.END_INCOMMUNICADO,
        RequestKind.ACCESS_TO_FAMILY,
        RequestKind.ACCESS_TO_LAWYER,
    ),
    ConditionKind.SOLITARY_CONFINEMENT: (RequestKind.END_SOLITARY,),
    ConditionKind.NO_LAWYER: (RequestKind.ACCESS_TO_LAWYER,),
    ConditionKind.NO_FAMILY_CONTACT: (RequestKind.ACCESS_TO_FAMILY,),
    ConditionKind.ILL_HEALTH: (RequestKind.MEDICAL_CARE,),
    ConditionKind.HUNGER_STRIKE: (RequestKind.MEDICAL_CARE,),
    ConditionKind.ILL_TREATMENT: (RequestKind.INVESTIGATE_ILL_TREATMENT, RequestKind.MEDICAL_CARE),
}
"""What each condition asks for while it lasts; every kind has an entry (a test holds it)."""

REQUEST_ORDER = tuple(RequestKind)
"""Requests are made in the order the enumeration lists them: release first."""


def requests_for(case: Case, defendant: Defendant, day: dt.date) -> list[Plea]:
    """What to ask for one defendant, from the facts in force on `day`."""
    pleas: dict[RequestKind, list[str]] = {}

    def ask(kind: RequestKind, *sources: Iterable[str]) -> None:
        refs = pleas.setdefault(kind, [])
        for group in sources:
            refs.extend(ref for ref in group if ref not in refs)

    period = custody_on(defendant, day)
    status = period.status if period else None
    state = sentence_on(case, defendant.id, day)
    standing = () if charges_dropped_by_court(case, defendant.id, day) else charges_on(defendant, day)
    held = held_either_way(defendant, day)
    if held:
        ask(RequestKind.RELEASE, *(p.src for p in held))
    if period is not None and status is Custody.WHEREABOUTS_UNKNOWN:
        for kind in (RequestKind.DISCLOSE_WHEREABOUTS, RequestKind.ACCESS_TO_FAMILY, RequestKind.ACCESS_TO_LAWYER):
            ask(kind, period.src)
    if state is not None and state.convicted and status is not Custody.DECEASED:
        ask(RequestKind.QUASH_CONVICTION, state.sources)
        ask(RequestKind.REHABILITATION, state.sources)
        if state.in_absentia:
            ask(RequestKind.ANNUL_IN_ABSENTIA, state.sources)
    if state is not None and state.death and status is not Custody.DECEASED:
        ask(RequestKind.HALT_EXECUTION, state.proceeding.src)
        ask(RequestKind.MORATORIUM, state.proceeding.src)
    if state is not None and (state.has(SentenceKind.BAN)):
        ask(RequestKind.LIFT_BAN, state.proceeding.src)
    if state is not None and state.has(SentenceKind.TRAVEL_BAN):
        ask(RequestKind.LIFT_TRAVEL_BAN, state.proceeding.src)
    pending = bool(standing) and (state is None or state.status is SentenceStatus.QUASHED)
    if pending and status is not Custody.DECEASED:
        ask(RequestKind.DROP_CHARGES, *(c.src for c in standing))
    if period is not None and status is Custody.ABROAD and (pending or (state is not None and state.convicted)):
        ask(RequestKind.ALLOW_RETURN, period.src)
    if status in DEPRIVED_OF_LIBERTY:
        for condition in conditions_on(case, defendant.id, day):
            for kind in _CONDITION_REQUESTS[condition.kind]:
                ask(kind, condition.src)
    ill_treatment = [
        v
        for v in _until(case.violations, day)
        if v.category is Violation.TORTURE_ILL_TREATMENT and (not v.defendants or defendant.id in v.defendants)
    ]
    if ill_treatment:
        ask(RequestKind.INVESTIGATE_ILL_TREATMENT, *(v.src for v in ill_treatment))
    if period is not None and status is Custody.DECEASED:
        ask(RequestKind.INVESTIGATE_DEATH, period.src)
    return [Plea(kind, (defendant.id,), tuple(pleas[kind])) for kind in REQUEST_ORDER if kind in pleas]


def requests_on(case: Case, day: dt.date) -> list[Plea]:
    """What to ask for every subject of the campaign on `day`, each kind once with all it concerns.

    `case` is the whole case (not `case_as_of`): the facts are filtered here, by `day`.
    """
    merged: dict[RequestKind, tuple[list[str], list[str]]] = {}
    for defendant in case.subjects:
        for plea in requests_for(case, defendant, day):
            who, refs = merged.setdefault(plea.kind, ([], []))
            who.extend(plea.defendants)
            refs.extend(r for r in plea.src if r not in refs)
    return [Plea(kind, tuple(merged[kind][0]), tuple(merged[kind][1])) for kind in REQUEST_ORDER if kind in merged]


# --- sanctions ----------------------------------------------------------------------------------


def sanction_targets(case: Case, regime: Regime) -> list[tuple[Official, tuple[Criterion, ...]]]:
    """Targets with the regime's grounds that their alleged conduct, as shown by the case, meets.

    `case` must already be `case_as_of` the letter's date. An official with no shared ground is
    left out: a brief must never claim a ground the regime's law does not cover.
    """
    in_case = {v.category for v in case.violations}
    targets = []
    for official in case.officials:
        if not official.target:
            continue
        grounds = regime.grounds_for(tuple(v for v in official.violations if v in in_case))
        if grounds:
            targets.append((official, grounds))
    return targets
