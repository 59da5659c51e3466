"""Targeted human-rights sanctions regimes: what each law covers, kept apart from any case.

A sanctions brief may only claim that an official's conduct meets a criterion the regime's law
actually contains, and it quotes that criterion from the official text, never from memory or a
working translation. Two files say what a regime holds:

- `letters/regimes.yaml`: each regime's name, legal basis, who decides, what it does not cover,
  what a brief asks, and `grounds`: summaries of criteria whose official text is not held (shown
  without quotation marks, as summaries).
- `letters/regimes/criteria.yaml`: the criteria quoted from the official texts stored in
  `letters/regimes/official/`, in the languages those texts exist in, and the `gaps` where no text
  was found.

The loader joins them: `Regime.criteria` holds both kinds, and a brief is offered only for
officials whose alleged violations some conduct criterion covers (see `campaign.model.asof.sanction_targets`).
"""

from __future__ import annotations

import enum

from pydantic import Field

from campaign.model.case import Source, Violation
from campaign.model.common import Frozen, Id, Jurisdiction, Lang, SourceRefs, Text


class Test(enum.Enum):
    """What a criterion decides."""

    CONDUCT = "conduct"
    """The acts the regime covers (EU art. 1/2, the US statute's violations, UK reg. 4)."""
    LISTING = "listing"
    """Who may be listed or designated for them (EU art. 3, UK reg. 6, JVCFOA s. 4(2)(a)/(b))."""
    TRIGGER = "trigger"
    """A state's situation that opens the regime (Canada's SEMA s. 4(1.1)(c)), not a person's conduct."""


class LegalAct(Frozen):
    """A statute, regulation or order the regime rests on."""

    title: Text
    reference: str
    """The official citation, e.g. 'Council Regulation (EU) 2020/1998'."""
    instrument: Id | None = None
    """The act in `regimes/criteria.yaml` whose official title and citation the letter uses in its
    language where one exists."""
    src: SourceRefs


class Ground(Frozen):
    """A criterion summarised where its official text is not held (regimes.yaml `grounds`)."""

    test: Test = Test.CONDUCT
    covers: tuple[Violation, ...] = ()
    provision: str
    """Where the criterion stands, e.g. 'S.I. 2020/680, reg. 4'."""
    text: Text
    """The summary, shown as one: without quotation marks."""
    src: SourceRefs


class Instrument(Frozen):
    """An act whose official text is stored (`regimes/official/<id>.<lang>.txt`)."""

    id: Id
    regime: Id
    citation: dict[Lang, str] = Field(min_length=1)
    """Its short official citation in each language it exists in."""
    title: dict[Lang, str] = Field(default_factory=dict)
    texts: dict[Lang, str] = Field(min_length=1)
    """The stored text per language, relative to `regimes/`."""


class Criterion(Frozen):
    """One criterion of a regime: quoted from an official text (`quote`), or summarised where the
    text is not held (`summary`, from a regimes.yaml ground)."""

    id: Id
    regime: Id
    test: Test
    act: Id | None = None
    provision: dict[Lang, str] = Field(min_length=1)
    """How a letter cites the point, per language of the text ('Article 1(1)(c)(v)')."""
    labels: dict[Lang, tuple[str, ...]] = Field(default_factory=dict)
    unlabelled: str | None = None
    covers: tuple[Violation, ...] = ()
    quote: dict[Lang, tuple[str, ...]] = Field(default_factory=dict)
    """Fragments verbatim in the act's text of that language, in order; joined with " […] "."""
    note: str | None = None
    """For whoever maintains the data and writes the brief (e.g. a condition to argue)."""
    pattern: bool = False
    """The criterion applies only where the violations are widespread, systematic or otherwise of
    serious concern (the EU's point (d)): a brief must show that pattern, not assume it."""
    summary: Text | None = None
    src: tuple[str, ...] = ()
    """Regime sources of a summary (a quote's source is its act's stored text)."""

    def quote_language(self, lang: str) -> str | None:
        """The language a letter in `lang` quotes this criterion in: its own where the official
        text exists in it, else English, else the first there is; None for a summary."""
        if not self.quote:
            return None
        if lang in self.quote:
            return lang
        return "en" if "en" in self.quote else next(iter(self.quote))

    def source_in(self, lang: str) -> str:
        """The id of the source a quote in `lang` comes from: the stored text of its act."""
        return official_source_id(self.act or "", lang)

    def provision_in(self, lang: str) -> str:
        return self.provision.get(lang) or self.provision.get("en") or next(iter(self.provision.values()))


def official_source_id(act: str, lang: str) -> str:
    """The source id the loader gives the stored official text of `act` in `lang`."""
    return f"official-{act}-{lang}".lower()


class Gap(Frozen):
    """A criterion or a language the briefs need that no stored official text showed."""

    regime: Id
    test: Test
    language: Lang | None = None
    acts: tuple[str, ...] = ()
    searched: str


class CriteriaFile(Frozen):
    """The whole of `letters/regimes/criteria.yaml`."""

    acts: tuple[Instrument, ...] = ()
    criteria: tuple[Criterion, ...] = ()
    gaps: tuple[Gap, ...] = ()


class Regime(Frozen):
    """One sanctions regime, e.g. the EU Global Human Rights Sanctions Regime."""

    id: Id
    jurisdiction: Jurisdiction
    name: Text
    """The regime's name as its jurisdiction publishes it in each language."""
    legal_basis: tuple[LegalAct, ...] = Field(min_length=1)
    decision: Text
    """Who proposes and who decides a listing, so the brief asks the right body."""
    grounds: tuple[Ground, ...] = ()
    not_covered: Text | None = None
    """What the regime does not cover, said plainly (e.g. arbitrary detention as such)."""
    ask: Text | None = None
    """What the brief asks of the office that holds the regime: the measure and whom it reaches
    (e.g. for Section 7031(c), ineligibility for entry, immediate family included)."""
    src: SourceRefs
    criteria: tuple[Criterion, ...] = ()
    """Filled by the loader: the quoted criteria of `regimes/criteria.yaml`, then the grounds as
    summaries. Not written in regimes.yaml."""
    instruments: tuple[Instrument, ...] = ()
    """Filled by the loader: the acts of `regimes/criteria.yaml` for this regime."""

    @property
    def categories(self) -> frozenset[Violation]:
        """Every violation category some conduct criterion of the regime covers."""
        return frozenset(v for c in self.criteria if c.test is Test.CONDUCT for v in c.covers)

    def grounds_for(self, violations: tuple[Violation, ...] | frozenset[Violation]) -> tuple[Criterion, ...]:
        """The conduct criteria that cover at least one of `violations`."""
        return tuple(c for c in self.criteria if c.test is Test.CONDUCT and set(c.covers) & set(violations))

    def tests(self, test: Test | str) -> tuple[Criterion, ...]:
        """The criteria of one kind (`conduct`, `listing`, `trigger`)."""
        wanted = Test(test)
        return tuple(c for c in self.criteria if c.test is wanted)

    def instrument(self, act_id: str | None) -> Instrument | None:
        return next((i for i in self.instruments if i.id == act_id), None)


def for_letter(criteria: tuple[Criterion, ...] | list[Criterion], lang: str) -> list[Criterion]:
    """The criteria a letter in `lang` shows: of criteria that say the same thing (the EU's
    Decision and Regulation cover the same acts), the one quoted in the letter's language, else in
    English; a summary only where no quoted criterion covers the same thing."""
    chosen: dict[tuple[Test, frozenset[str]], Criterion] = {}
    for criterion in criteria:
        key = (criterion.test, frozenset(v.value for v in criterion.covers) or frozenset({criterion.id}))
        best = chosen.get(key)
        if best is None or _rank(criterion, lang) < _rank(best, lang):
            chosen[key] = criterion
    picked = set(map(id, chosen.values()))
    return [c for c in criteria if id(c) in picked]


def _rank(criterion: Criterion, lang: str) -> int:
    if lang in criterion.quote:
        return 0
    if criterion.quote:
        return 1 if "en" in criterion.quote else 2
    return 3


class RegimesFile(Frozen):
    """The whole of `letters/regimes.yaml`: regimes and the sources their texts come from."""

    regimes: tuple[Regime, ...] = Field(min_length=1)
    sources: tuple[Source, ...] = Field(min_length=1)
