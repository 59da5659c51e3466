"""What a UN filing needs from the case on the letter's date, for the templates to tell it.

`campaign.model.filings` decides (the risks in force, the mandates a claim concerns, the Working
Group categories a claim argues); this module gathers those answers for one day, with the claims
and sources each rests on, so a template can say "urgent appeal" only with the risk and its
footnote, name a mandate only with the facts that concern it, and argue a category only from its
claims. Nothing here is language: the wording is in `letters/_un.md.j2`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from campaign.model.asof import chronological, happened, held_since
from campaign.model.case import (
    DEPRIVED_OF_LIBERTY,
    Case,
    Custody,
    CustodyPeriod,
    Defendant,
    Proceeding,
    Remedy,
    Reply,
    Stage,
    ViolationClaim,
    WgadCategory,
)
from campaign.model.dates import When
from campaign.model.filings import (
    MANDATE_VIOLATIONS,
    Mandate,
    Urgent,
    claim_categories,
    mandates_concerned,
    risks_on,
)
from campaign.model.recipients import Recipient
from campaign.render.story import Story

REVIEW_STAGES = frozenset({Stage.BAIL_HEARING, Stage.APPEAL, Stage.CASSATION, Stage.SUPREME_COURT, Stage.PAROLE})
"""Stages at which a court reviews the detention or the verdict on the detainee's behalf: the
domestic remedies section tells them with their results. A prosecutor's appeal is not the
detainee's remedy; a retrial, a pardon or an international decision is not a domestic remedy."""

THEMATIC = frozenset(MANDATE_VIOLATIONS) - {Mandate.WGAD}
"""The mandates with a theme of their own (not the Working Group, not the Branch that forwards)."""


@dataclass(frozen=True)
class MandateLink:
    """A mandate a communication is addressed to jointly, with the claims that concern it."""

    mandate: Mandate
    claims: tuple[ViolationClaim, ...]


@dataclass(frozen=True)
class Argued:
    """A Working Group category, with the claims of the case that argue it."""

    category: WgadCategory
    claims: tuple[ViolationClaim, ...]


@dataclass(frozen=True)
class Tried:
    """A domestic remedy tried: a review stage of the proceedings, or an entry of `remedies`."""

    proceeding: Proceeding | None = None
    remedy: Remedy | None = None


def reply_on(case: Case, day: dt.date) -> Reply | None:
    """The government's reply, once it is known to have been received by `day`."""
    reply = case.reply
    return reply if reply is not None and happened(reply.date, day) else None


PRECONDITIONS: dict[str, Callable[[Case, dt.date], str | None]] = {
    "wgad-reply-comments": lambda case, day: (
        None if reply_on(case, day) is not None else "no government reply is recorded in the case file"
    ),
}
"""Document kinds that only make sense when the case holds something: the reason one is not built."""


def unmet(kind: str, case: Case, day: dt.date) -> str | None:
    """Why a document of `kind` is not built on `day` for this case, or None when it is."""
    check = PRECONDITIONS.get(kind)
    return check(case, day) if check is not None else None


class Filings:
    """The UN side of one letter's day: urgency, mandates, categories, remedies, what is private."""

    def __init__(self, story: Story) -> None:
        self.story = story

    # --- urgency ----------------------------------------------------------------------------------

    @cached_property
    def risks(self) -> tuple[Urgent, ...]:
        """The risks in force on the letter's date for the people the campaign is about."""
        people = [self.story.case.defendant(d.id) for d in self.story.people]
        return risks_on(self.story.case, people, self.story.day)

    @property
    def urgent(self) -> bool:
        """An urgent appeal (some risk is in force), else a letter of allegation."""
        return bool(self.risks)

    # --- mandates -----------------------------------------------------------------------------------

    @property
    def claims(self) -> tuple[ViolationClaim, ...]:
        """The claims in force on the letter's date (a claim dated later is not yet made)."""
        return self.story.known.violations

    def mandates(self, recipient: Recipient) -> tuple[MandateLink, ...]:
        """The mandates a special-procedures communication names jointly: the recipient's own
        thematic mandate first, then every other mandate the claims in force concern, each with
        those claims (its link to the facts)."""
        concerned = list(mandates_concerned(self.claims))
        own = recipient.mandate
        if own in THEMATIC:
            assert own is not None
            concerned = [own, *[m for m in concerned if m is not own]]
        return tuple(
            MandateLink(m, tuple(c for c in self.claims if c.category in MANDATE_VIOLATIONS[m])) for m in concerned
        )

    # --- the Working Group's categories -------------------------------------------------------------

    @cached_property
    def categories(self) -> tuple[Argued, ...]:
        """The categories the claims in force argue, in the order I to V, each with its claims;
        a category no claim argues is not there."""
        found = []
        for category in WgadCategory:
            claims = tuple(c for c in self.claims if category in claim_categories(c))
            if claims:
                found.append(Argued(category, claims))
        return tuple(found)

    @property
    def category_names(self) -> tuple[str, ...]:
        """The categories argued, as the Working Group numbers them: ('II', 'III')."""
        return tuple(argued.category.value for argued in self.categories)

    # --- the detainees ------------------------------------------------------------------------------

    @cached_property
    def detainees(self) -> tuple[Defendant, ...]:
        """The people the campaign is about whom the sources show deprived of liberty by the
        letter's date (a person tried in absentia abroad is not one); all of them if none is."""
        held = tuple(d for d in self.story.people if self.held(d))
        return held or self.story.people

    def given_names(self, defendant: Defendant) -> str:
        """The first names: the Latin name without the family name, where the case gives it apart."""
        full, family = defendant.name.latin, defendant.family_name
        if not family or family not in full:
            return ""
        return " ".join(full.replace(family, " ", 1).split())

    def custody(self, defendant: Defendant) -> tuple[CustodyPeriod, ...]:
        """Every custody period known by the letter's date, from the first, in the file's order:
        the deprivation of liberty is told from the arrest, never from the verdict."""
        return self.story.known.defendant(defendant.id).custody

    def held(self, defendant: Defendant) -> tuple[CustodyPeriod, ...]:
        """The custody periods that deprived the defendant of liberty (the places and transfers)."""
        return tuple(p for p in self.custody(defendant) if p.status in DEPRIVED_OF_LIBERTY)

    def held_since(self, defendant: Defendant) -> When | None:
        """When the unbroken deprivation of liberty in force on the letter's date began (pre-trial
        detention included), or None when the defendant is not held that day."""
        return held_since(self.story.case.defendant(defendant.id), self.story.day)

    def first_held(self, defendant: Defendant) -> CustodyPeriod | None:
        """The first custody period in which the sources show the defendant taken by the
        authorities (arrested, held, disappeared), where no `arrest` is recorded."""
        taken = (Custody.ARRESTED, Custody.PRE_TRIAL_DETENTION, Custody.WHEREABOUTS_UNKNOWN, Custody.HOUSE_ARREST)
        return next((p for p in self.custody(defendant) if p.status in taken), None)

    def private(self, defendant: Defendant, confidential: bool) -> bool:
        """Whether personal details (identity document, address, birth date) may be shown: in
        the confidential version, or where the person consented to their publication."""
        consent = defendant.consent
        return confidential or (consent is not None and consent.public_details)

    # --- domestic remedies --------------------------------------------------------------------------

    @cached_property
    def remedies(self) -> tuple[Tried, ...]:
        """The review stages of the proceedings known by the day and the other remedies tried
        by then (`remedies`), in date order."""
        story = self.story
        subjects = {d.id for d in story.subjects}
        tried: list[Tried] = [Tried(proceeding=p) for p in story.proceedings if p.stage in REVIEW_STAGES]
        tried = [t for t in tried if t.proceeding is not None and story.outcomes(t.proceeding)]
        tried += [
            Tried(remedy=r)
            for r in story.case.remedies
            if happened(r.date, story.day) and (not r.defendants or set(r.defendants) & subjects)
        ]
        dates = [t.proceeding.date if t.proceeding else t.remedy.date if t.remedy else None for t in tried]
        return tuple(chronological(tried, dates))

    # --- the government's reply ---------------------------------------------------------------------

    @property
    def reply(self) -> Reply | None:
        return reply_on(self.story.case, self.story.day)
