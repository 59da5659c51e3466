"""The case as a letter of one day tells it: the facts in force and what they call for.

Templates read the case through a `Story`: who the letter is about, each defendant's custody,
sentence and charges on the letter's date, the requests those facts call for, and how to call
each official. Everything here is `campaign.model.asof` applied to one date; nothing is language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from campaign.model.asof import (
    Plea,
    Post,
    SentenceState,
    case_as_of,
    charges_dropped_by_court,
    charges_on,
    chronological,
    conditions_on,
    custody_on,
    designated_by,
    designations_on,
    dropped_charges,
    happened,
    held_since,
    position_on,
    requests_on,
    sentence_on,
)
from campaign.model.case import (
    DEPRIVED_OF_LIBERTY,
    Case,
    Charge,
    Condition,
    CustodyPeriod,
    Defendant,
    DefendantKind,
    Designation,
    Nexus,
    Official,
    OfficialAct,
    Outcome,
    Proceeding,
)
from campaign.model.dates import When


@dataclass(frozen=True)
class Decided:
    """One decision of a proceeding and the defendants it was made for."""

    outcome: Outcome
    defendants: tuple[Defendant, ...]


@dataclass(frozen=True)
class Story:
    """The case on `day`; `case` is the whole case file, `known` what had happened by then."""

    case: Case
    day: dt.date
    known: Case = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "known", case_as_of(self.case, self.day))

    # --- who ------------------------------------------------------------------------------------

    @cached_property
    def subjects(self) -> tuple[Defendant, ...]:
        """The defendants the campaign is about, the lead first: those with something known to
        have happened to them by the letter's date (a company charged months later is not yet
        "prosecuted" in an earlier letter)."""
        decided = {o.defendant for p in self.known.proceedings for o in p.outcomes}
        return tuple(
            d
            for d in self.known.subjects
            if d.custody or d.charges or d.id in decided or d.id == self.known.lead_defendant.id
        )

    @property
    def lead(self) -> Defendant:
        return self.known.lead_defendant

    @property
    def people(self) -> tuple[Defendant, ...]:
        return tuple(d for d in self.subjects if d.kind is DefendantKind.PERSON)

    def defendant(self, defendant_id: str) -> Defendant:
        return self.known.defendant(defendant_id)

    # --- each defendant on the day --------------------------------------------------------------

    def custody(self, defendant: Defendant) -> CustodyPeriod | None:
        """The custody period in force, or None (an organisation, or a status that may have changed)."""
        return custody_on(self.case.defendant(defendant.id), self.day)

    def status(self, defendant: Defendant) -> str:
        """The custody status's value (`imprisoned`, `whereabouts-unknown`, ...), or '' when unknown."""
        period = self.custody(defendant)
        return period.status.value if period else ""

    def deprived(self, defendant: Defendant) -> bool:
        """Deprived of liberty on the day (held, imprisoned, under house arrest, disappeared)."""
        period = self.custody(defendant)
        return period is not None and period.status in DEPRIVED_OF_LIBERTY

    def held_since(self, defendant: Defendant) -> When | None:
        """When the unbroken deprivation of liberty the defendant is in began, if it began before
        the current custody status (e.g. imprisoned, then held again pending a retrial)."""
        period = self.custody(defendant)
        start = held_since(self.case.defendant(defendant.id), self.day)
        return start if start is not None and period is not None and start != period.since else None

    def sentence(self, defendant: Defendant) -> SentenceState | None:
        return sentence_on(self.case, defendant.id, self.day)

    def charges(self, defendant: Defendant) -> tuple[Charge, ...]:
        """The charges standing on the day (none once a court dropped them all)."""
        if charges_dropped_by_court(self.case, defendant.id, self.day):
            return ()
        return charges_on(self.case.defendant(defendant.id), self.day)

    def dropped(self, defendant: Defendant) -> tuple[Charge, ...]:
        return dropped_charges(self.case.defendant(defendant.id), self.day)

    @property
    def charged(self) -> bool:
        """Some subject has charges standing or dropped by the day (else no "charges" section)."""
        return any(self.charges(d) or self.dropped(d) for d in self.subjects)

    def conditions(self, defendant: Defendant) -> tuple[Condition, ...]:
        return conditions_on(self.case, defendant.id, self.day)

    # --- the proceedings ------------------------------------------------------------------------

    @property
    def proceedings(self) -> tuple[Proceeding, ...]:
        """Every stage known by the day, in date order."""
        return self.known.proceedings

    @property
    def decided(self) -> bool:
        """Some stage known by the day decided something for a subject (else no "proceedings")."""
        return any(self.outcomes(p) for p in self.proceedings)

    def outcomes(self, proceeding: Proceeding) -> tuple[Outcome, ...]:
        """The proceeding's outcomes for the campaign's subjects (others are not narrated)."""
        subjects = {d.id for d in self.subjects}
        return tuple(o for o in proceeding.outcomes if o.defendant in subjects)

    def decisions(self, proceeding: Proceeding) -> tuple[Decided, ...]:
        """The outcomes for the subjects, those with the same decision and sentence told together."""
        groups: dict[str, list[Outcome]] = {}
        for outcome in self.outcomes(proceeding):
            groups.setdefault(outcome.model_dump_json(exclude={"defendant"}), []).append(outcome)
        return tuple(Decided(same[0], self.of(o.defendant for o in same)) for same in groups.values())

    def of(self, ids: Iterable[str]) -> tuple[Defendant, ...]:
        """The defendants with these ids, in that order."""
        return tuple(self.known.defendant(i) for i in ids)

    # --- what to ask ----------------------------------------------------------------------------

    @cached_property
    def requests(self) -> tuple[Plea, ...]:
        """What the facts in force call for, each kind once with every defendant it concerns."""
        return tuple(requests_on(self.case, self.day))

    def asks(self, kind: str) -> bool:
        return any(p.kind.value == kind for p in self.requests)

    def concerned(self, kind: str) -> tuple[Defendant, ...]:
        """The defendants a request of the letter's date is made for, the lead first."""
        ids = {d for p in self.requests if p.kind.value == kind for d in p.defendants}
        return tuple(d for d in self.subjects if d.id in ids)

    # --- officials ------------------------------------------------------------------------------

    @property
    def officials(self) -> tuple[Official, ...]:
        return self.known.officials

    def post(self, official: Official) -> Post | None:
        """The post the official holds on the day, else the last one left (`former`)."""
        return position_on(self.case_official(official), self.day)

    def designations(self, official: Official) -> tuple[Designation, ...]:
        return designations_on(self.case_official(official), self.day)

    def designated(self, official: Official, jurisdiction: str) -> Designation | None:
        """The official's designation by `jurisdiction` known on the day, if any."""
        return designated_by(self.case_official(official), jurisdiction, self.day)

    def designation_sources(self, officials: Iterable[Official], jurisdiction: str) -> tuple[str, ...]:
        """The sources of the officials' designations by `jurisdiction`, each once."""
        found: list[str] = []
        for official in officials:
            designation = self.designated(official, jurisdiction)
            if designation is not None:
                found.extend(ref for ref in designation.src if ref not in found)
        return tuple(found)

    def case_official(self, official: Official) -> Official:
        return next(o for o in self.case.officials if o.id == official.id)

    # --- a sanctions dossier --------------------------------------------------------------------

    def acts_of(self, official: Official) -> tuple[OfficialAct, ...]:
        """The official's acts known by the day, in date order (unknown dates in file order)."""
        known = [a for a in official.acts if happened(a.date, self.day)]
        return tuple(chronological(known, [a.date for a in known]))

    def superiors(self, official: Official) -> tuple[Official, ...]:
        """The officials above this one in the chain of command, as the case file records it."""
        return tuple(o for o in self.officials if o.id in official.reports_to)

    def subordinates(self, official: Official) -> tuple[Official, ...]:
        """The officials of the case who report to this one."""
        return tuple(o for o in self.officials if official.id in o.reports_to)

    def nexus(self, official: Official, jurisdiction: str) -> tuple[Nexus, ...]:
        """The official's ties to `jurisdiction` (assets, travel, family...) the case file records."""
        return tuple(x for x in official.nexus if x.jurisdiction == jurisdiction)

    def publishers(self, refs: Iterable[str]) -> tuple[str, ...]:
        """The distinct publishers of these sources, published by the day: how far a fact is
        corroborated (two reports of one outlet are one source)."""
        found: list[str] = []
        for ref in refs:
            source = self.case.source(ref)
            date = source.date
            if date is not None and date.earliest is not None and date.earliest > self.day:
                continue
            if source.organisation not in found:
                found.append(source.organisation)
        return tuple(found)
