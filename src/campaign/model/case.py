"""The case file: every fact a letter may state, each pointing to its sources with `src:`.

Templates never carry facts of their own. A letter states a name, date, court or sentence only
by reading it from here, and every such fact lists the `sources` it rests on, so briefs can
footnote them and a reviewer can check them. Facts dated after the campaign date are ignored
when letters are written (see `Case.as_of`).
"""

from __future__ import annotations

import datetime as dt
import enum

from pydantic import Field

from campaign.model.common import Bool, Date, Duration, Frozen, Id, Lang, Period, SourceRefs, Text, Url


class Violation(enum.Enum):
    """Categories of human-rights violation that sanctions regimes and UN mandates are keyed on."""

    ARBITRARY_DETENTION = "arbitrary-detention"
    FREEDOM_OF_EXPRESSION = "freedom-of-expression"
    FREEDOM_OF_ASSOCIATION = "freedom-of-association"
    FREEDOM_OF_ASSEMBLY = "freedom-of-assembly"
    FAIR_TRIAL = "fair-trial"
    TORTURE_ILL_TREATMENT = "torture-ill-treatment"
    RIGHT_TO_LIFE = "right-to-life"
    HUMAN_RIGHTS_DEFENDERS = "human-rights-defenders"
    SLAVERY_FORCED_LABOUR = "slavery-forced-labour"


class Custody(enum.Enum):
    """Where the person stands on a given day."""

    DETAINED = "detained"
    """Held before or during trial."""
    IMPRISONED = "imprisoned"
    """Serving a prison sentence."""
    RESTRICTION_OF_FREEDOM = "restriction-of-freedom"
    """Out of prison under a non-custodial penalty (Kazakhstan's 'restriction of freedom')."""
    RELEASED = "released"
    """Free, with no penalty running."""


class Source(Frozen):
    """A document that facts rest on; briefs cite it in footnotes."""

    id: Id
    organisation: str
    title: str
    date: Date | None = None
    url: Url
    language: Lang = "en"
    """Language the source is written in."""


class Name(Frozen):
    """A person's or body's name in every script the letters need."""

    latin: str
    """The form used in English, French, German and Spanish letters."""
    native: dict[Lang, str] = Field(default_factory=dict)
    """Original-script forms, e.g. `{kk: Асқар Қайырбек, ru: Аскар Кайырбек}`."""
    variants: tuple[str, ...] = ()
    """Other transliterations seen in sources, so readers can match them."""
    forms: dict[Lang, dict[str, str]] = Field(default_factory=dict)
    """Inflected forms where a language needs them, e.g. `{ru: {genitive: ...}}`."""

    def in_language(self, lang: str) -> str:
        """The form a letter in `lang` uses: the original script if given, else Latin."""
        return self.native.get(lang, self.latin)


class CustodyPeriod(Frozen):
    """One stretch of custody status, in force from `since` until the next one starts."""

    status: Custody
    since: Date
    place: Text | None = None
    src: SourceRefs


class Person(Frozen):
    """A person the case is about."""

    id: Id
    name: Name
    role: Text
    """Who they are, e.g. 'civil activist and video blogger'."""
    home: Text | None = None
    custody: tuple[CustodyPeriod, ...] = Field(min_length=1)
    src: SourceRefs


class Ban(Frozen):
    """How an organisation was banned."""

    date: Date | None = None
    year: str | None = Field(default=None, pattern=r"^\d{4}$")
    """The year, where the exact date is not known."""
    court: Text
    judge: Name | None = None
    secret: Bool = False
    designation: Text
    """What it was declared to be, e.g. 'extremist organisation'."""
    src: SourceRefs


class Organisation(Frozen):
    """A movement or body that appears in the case."""

    id: Id
    name: Name
    description: Text
    ban: Ban | None = None
    src: SourceRefs


class Charge(Frozen):
    """An article of a criminal code the person was charged under."""

    id: Id
    code: Text
    """The code, e.g. 'Criminal Code of the Republic of Kazakhstan'."""
    article: str = Field(pattern=r"^[0-9]{1,4}(-[0-9]{1,3})?$")
    parts: tuple[str, ...] = ()
    title: Text
    """The article's heading, as quoted in the sources."""
    src: SourceRefs


class Sentence(Frozen):
    """What a court imposed."""

    kind: Custody = Custody.IMPRISONED
    duration: Duration
    activity_ban: Duration | None = None
    """A ban on public or political activity, where imposed."""


class Stage(enum.Enum):
    """Kinds of proceeding."""

    FIRST_INSTANCE = "first-instance"
    APPEAL = "appeal"
    CASSATION = "cassation"
    PAROLE = "parole"


class Proceeding(Frozen):
    """One stage of the proceedings."""

    id: Id
    stage: Stage
    date: Date
    court: Text
    judges: tuple[Name, ...] = ()
    outcome: Text
    sentence: Sentence | None = None
    src: SourceRefs


class Act(Frozen):
    """Something the person did and was prosecuted for."""

    id: Id
    date: Date | None = None
    description: Text
    src: SourceRefs


class Statement(Frozen):
    """A prior statement by an international body about the case or the country."""

    id: Id
    body: Text
    kind: Text
    date: Date
    reference: str | None = None
    """The official reference, e.g. '2021/2544(RSP)'."""
    summary: Text
    names_person: Bool = False
    """True only where the statement is verified to name the person."""
    src: SourceRefs


class ViolationClaim(Frozen):
    """An alleged violation, with what it consists of."""

    category: Violation
    description: Text
    date: Date | None = None
    src: SourceRefs


class Official(Frozen):
    """An official responsible, proposed as a sanctions target."""

    id: Id
    name: Name
    position: Text
    institution: Text
    in_office_on: Date
    """A date on which the sources show the official in this post (the campaign may not know more)."""
    period: Period | None = None
    """The term of office, where a source gives it."""
    role: Text
    """Their role in the case, stated with its evidence."""
    violations: tuple[Violation, ...] = Field(min_length=1)
    """The categories of violation their conduct is alleged to fall under."""
    born: Date | None = None
    src: SourceRefs


class RequestKind(enum.Enum):
    """What the campaign asks for."""

    RELEASE = "release"
    REHABILITATION = "rehabilitation"
    QUASH_CONVICTION = "quash-conviction"
    LIFT_ACTIVITY_BAN = "lift-activity-ban"
    INVESTIGATE_ILL_TREATMENT = "investigate-ill-treatment"
    SANCTIONS = "sanctions"
    TRADE_CONDITIONALITY = "trade-conditionality"


class Request(Frozen):
    """One demand, with the custody states in which it is made."""

    kind: RequestKind
    when: tuple[Custody, ...] = ()
    """The person's custody states in which this request applies; empty means always."""
    text: Text
    targets: tuple[Id, ...] = ()
    """Official ids, for sanctions requests."""
    src: tuple[Id, ...] = ()


class Case(Frozen):
    """One political prisoner's case, as written in `cases/<id>.yaml`."""

    id: Id
    country: Text
    person: Person
    organisations: tuple[Organisation, ...] = ()
    charges: tuple[Charge, ...] = Field(min_length=1)
    proceedings: tuple[Proceeding, ...] = Field(min_length=1)
    acts: tuple[Act, ...] = ()
    statements: tuple[Statement, ...] = ()
    violations: tuple[ViolationClaim, ...] = Field(min_length=1)
    officials: tuple[Official, ...] = ()
    requests: tuple[Request, ...] = Field(min_length=1)
    context: tuple[Text, ...] = ()
    sources: tuple[Source, ...] = Field(min_length=1)

    def custody_on(self, day: dt.date) -> CustodyPeriod | None:
        """The custody status in force on `day`, or None if none had started."""
        current = None
        for period in sorted(self.person.custody, key=lambda p: p.since):
            if period.since <= day:
                current = period
        return current

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)
