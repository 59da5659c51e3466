"""Targeted human-rights sanctions regimes: what each law covers, kept apart from any case.

A sanctions brief may only claim that an official's conduct meets a criterion the regime's law
actually contains. Each regime therefore lists its `grounds` (the violation categories it covers,
each with the provision and its wording), and the renderer offers a brief only for officials whose
alleged violations meet at least one of them (see `campaign.render.asof.sanction_targets`).
"""

from __future__ import annotations

from pydantic import Field

from campaign.model.case import Source, Violation
from campaign.model.common import Frozen, Id, Jurisdiction, SourceRefs, Text


class LegalAct(Frozen):
    """A statute, regulation or order the regime rests on."""

    title: Text
    reference: str
    """The official citation, e.g. 'Council Regulation (EU) 2020/1998'."""
    src: SourceRefs


class Ground(Frozen):
    """One designation criterion of the regime and the violation categories it covers."""

    covers: tuple[Violation, ...] = Field(min_length=1)
    provision: str
    """Where the criterion stands, e.g. 'Decision (CFSP) 2020/1999, Art. 1(1)(c)(v)'."""
    text: Text
    """The criterion, quoted (`quoted: true`) or faithfully summarised."""
    quoted: bool = False
    src: SourceRefs


class Regime(Frozen):
    """One sanctions regime, e.g. the EU Global Human Rights Sanctions Regime."""

    id: Id
    jurisdiction: Jurisdiction
    name: Text
    """The regime's name as its jurisdiction publishes it in each language."""
    legal_basis: tuple[LegalAct, ...] = Field(min_length=1)
    decision: Text
    """Who proposes and who decides a listing, so the brief asks the right body."""
    grounds: tuple[Ground, ...] = Field(min_length=1)
    not_covered: Text | None = None
    """What the regime does not cover, said plainly (e.g. arbitrary detention as such)."""
    ask: Text | None = None
    """What the brief asks of the office that holds the regime: the measure and who it reaches
    (e.g. for Section 7031(c), ineligibility for entry, immediate family included)."""
    src: SourceRefs

    @property
    def categories(self) -> frozenset[Violation]:
        """Every violation category some ground of the regime covers."""
        return frozenset(v for ground in self.grounds for v in ground.covers)

    def grounds_for(self, violations: tuple[Violation, ...] | frozenset[Violation]) -> tuple[Ground, ...]:
        """The regime's grounds that cover at least one of `violations`."""
        return tuple(g for g in self.grounds if set(g.covers) & set(violations))


class RegimesFile(Frozen):
    """The whole of `letters/regimes.yaml`: regimes and the sources their texts come from."""

    regimes: tuple[Regime, ...] = Field(min_length=1)
    sources: tuple[Source, ...] = Field(min_length=1)
