"""What the UN bodies need to know about a case on a day: the mandates it concerns, whether it
is urgent, and which of the Working Group's categories its facts argue.

These are worked out from the dated facts, never typed by hand: a communication calls itself an
urgent appeal only while a risk is in force, names a mandate only with the facts that concern it,
and argues a category of arbitrary detention only where a claim of the case supports it (see
`../shared/reference/submission-requirements.md`, sections 1 and 2).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass

from campaign.model.asof import conditions_on, custody_on, sentence_on
from campaign.model.case import Case, ConditionKind, Custody, Defendant, Violation, ViolationClaim, WgadCategory


class Mandate(enum.Enum):
    """A UN special procedure a communication can go to (recipients.yaml `mandate:`)."""

    WGAD = "wgad"
    """The Working Group on Arbitrary Detention: its own questionnaire and an Opinion."""
    SPECIAL_PROCEDURES = "special-procedures"
    """The Special Procedures Branch (urgent-action@ohchr.org), which forwards to the mandates concerned."""
    EXPRESSION = "sr-expression"
    ASSEMBLY_ASSOCIATION = "sr-assembly-association"
    DEFENDERS = "sr-defenders"
    TORTURE = "sr-torture"
    EXECUTIONS = "sr-executions"
    DISAPPEARANCES = "wgeid"
    JUDGES_LAWYERS = "sr-judges-lawyers"
    RELIGION = "sr-religion"


MANDATE_VIOLATIONS: dict[Mandate, frozenset[Violation]] = {
    Mandate.WGAD: frozenset({Violation.ARBITRARY_DETENTION}),
    Mandate.EXPRESSION: frozenset({Violation.FREEDOM_OF_EXPRESSION}),
    Mandate.ASSEMBLY_ASSOCIATION: frozenset({Violation.FREEDOM_OF_ASSEMBLY, Violation.FREEDOM_OF_ASSOCIATION}),
    Mandate.DEFENDERS: frozenset({Violation.HUMAN_RIGHTS_DEFENDERS}),
    Mandate.TORTURE: frozenset({Violation.TORTURE_ILL_TREATMENT}),
    Mandate.EXECUTIONS: frozenset({Violation.RIGHT_TO_LIFE}),
    Mandate.DISAPPEARANCES: frozenset({Violation.ENFORCED_DISAPPEARANCE}),
    Mandate.JUDGES_LAWYERS: frozenset({Violation.FAIR_TRIAL}),
    Mandate.RELIGION: frozenset({Violation.FREEDOM_OF_RELIGION}),
}
"""The violations that concern each thematic mandate: a joint communication names a mandate only
when the case claims one of them (the link to the facts is that claim)."""

WGAD_CATEGORIES: dict[Violation, tuple[WgadCategory, ...]] = {
    Violation.FREEDOM_OF_EXPRESSION: (WgadCategory.II,),
    Violation.FREEDOM_OF_ASSOCIATION: (WgadCategory.II,),
    Violation.FREEDOM_OF_ASSEMBLY: (WgadCategory.II,),
    Violation.FREEDOM_OF_RELIGION: (WgadCategory.II,),
    Violation.HUMAN_RIGHTS_DEFENDERS: (WgadCategory.II,),
    Violation.FAIR_TRIAL: (WgadCategory.III,),
    Violation.ENFORCED_DISAPPEARANCE: (WgadCategory.I,),
    Violation.DISCRIMINATION: (WgadCategory.V,),
}
"""The category a claim of each kind usually argues; a claim's own `wgad:` replaces it. Claims of
other kinds (torture, the right to life) argue no category unless they say which."""


class Risk(enum.Enum):
    """A risk in force that makes a communication urgent."""

    DEATH_SENTENCE = "death-sentence"
    INCOMMUNICADO = "incommunicado"
    DISAPPEARED = "disappeared"
    HEALTH = "health"
    ILL_TREATMENT = "ill-treatment"


_CONDITION_RISKS = {
    ConditionKind.INCOMMUNICADO: Risk.INCOMMUNICADO,
    ConditionKind.ILL_HEALTH: Risk.HEALTH,
    ConditionKind.HUNGER_STRIKE: Risk.HEALTH,
    ConditionKind.ILL_TREATMENT: Risk.ILL_TREATMENT,
}


@dataclass(frozen=True)
class Urgent:
    """One risk in force for one defendant, with the sources of the fact that shows it."""

    risk: Risk
    defendant: Defendant
    src: tuple[str, ...]


def risks_on(case: Case, defendants: Iterable[Defendant], day: dt.date) -> tuple[Urgent, ...]:
    """The risks in force on `day`: a death sentence not commuted or quashed, incommunicado
    detention or a disappearance, ill health or a hunger strike, ill-treatment still going on.
    A communication is an urgent appeal only while one holds; otherwise a letter of allegation."""
    found: list[Urgent] = []
    for defendant in defendants:
        state = sentence_on(case, defendant.id, day)
        if state is not None and state.death:
            found.append(Urgent(Risk.DEATH_SENTENCE, defendant, state.sources))
        period = custody_on(defendant, day)
        if period is not None and period.status is Custody.WHEREABOUTS_UNKNOWN:
            found.append(Urgent(Risk.DISAPPEARED, defendant, tuple(period.src)))
        for condition in conditions_on(case, defendant.id, day):
            risk = _CONDITION_RISKS.get(condition.kind)
            if risk is not None:
                found.append(Urgent(risk, defendant, tuple(condition.src)))
    return tuple(found)


def claim_categories(claim: ViolationClaim) -> tuple[WgadCategory, ...]:
    """The Working Group categories a claim argues: its own `wgad:`, else its kind's usual ones."""
    return claim.wgad or WGAD_CATEGORIES.get(claim.category, ())


def mandates_concerned(claims: Iterable[ViolationClaim]) -> tuple[Mandate, ...]:
    """The thematic mandates the claims concern, in the order of `Mandate`, each once."""
    categories = {claim.category for claim in claims}
    return tuple(m for m, covered in MANDATE_VIOLATIONS.items() if covered & categories and m is not Mandate.WGAD)
