"""The case file: every fact a letter may state, each pointing to its sources with `src:`.

Templates never carry facts of their own. A letter states a name, date, court or sentence only by
reading it from here, and every such fact lists the `sources` it rests on, so briefs can footnote
them and a reviewer can check them. A case may be about several defendants (people and
organisations), each with their own custody, charges and sentences; what is true on a letter's
date (who is held, which sentence is in force, which requests still make sense) is worked out
from the dated facts by `campaign.model.asof`, never typed by hand.
"""

from __future__ import annotations

import enum
from typing import Annotated

from pydantic import Field, model_validator

from campaign.model.common import (
    Bool,
    CountryCode,
    Date,
    Duration,
    Frozen,
    Gender,
    Id,
    Int,
    Jurisdiction,
    Lang,
    SourceRefs,
    Text,
    Url,
)
from campaign.model.dates import PartialDate


class Violation(enum.Enum):
    """Categories of human-rights violation that sanctions regimes and UN mandates are keyed on."""

    ARBITRARY_DETENTION = "arbitrary-detention"
    FREEDOM_OF_EXPRESSION = "freedom-of-expression"
    FREEDOM_OF_ASSOCIATION = "freedom-of-association"
    FREEDOM_OF_ASSEMBLY = "freedom-of-assembly"
    FREEDOM_OF_RELIGION = "freedom-of-religion"
    FAIR_TRIAL = "fair-trial"
    TORTURE_ILL_TREATMENT = "torture-ill-treatment"
    RIGHT_TO_LIFE = "right-to-life"
    ENFORCED_DISAPPEARANCE = "enforced-disappearance"
    HUMAN_RIGHTS_DEFENDERS = "human-rights-defenders"
    SLAVERY_FORCED_LABOUR = "slavery-forced-labour"
    DISCRIMINATION = "discrimination"


class Custody(enum.Enum):
    """Where a person stands from a given day."""

    AT_LARGE = "at-large"
    """Free, not (yet) charged or with charges not acted on."""
    ARRESTED = "arrested"
    """Held by the police or security services, before a court decides on detention."""
    PRE_TRIAL_DETENTION = "pre-trial-detention"
    """Held by court order before or during trial."""
    HOUSE_ARREST = "house-arrest"
    RELEASED_ON_BAIL = "released-on-bail"
    """Out of custody while the case goes on (bail, a written undertaking, a travel ban)."""
    IMPRISONED = "imprisoned"
    """Serving a sentence of imprisonment."""
    RESTRICTION_OF_FREEDOM = "restriction-of-freedom"
    """Out of prison under a non-custodial penalty that restricts movement (e.g. Kazakhstan's)."""
    FORCED_PSYCHIATRIC_DETENTION = "forced-psychiatric-detention"
    ABROAD = "abroad"
    """Living abroad; any trial is held in absentia."""
    WHEREABOUTS_UNKNOWN = "whereabouts-unknown"
    """Taken by the authorities, who do not say where (enforced disappearance)."""
    RELEASED = "released"
    """Free, with no custodial measure running."""
    DECEASED = "deceased"
    NOT_KNOWN = "not-known"
    """The sources say nothing of where the person stands from this date: letters claim nothing."""


DEPRIVED_OF_LIBERTY = frozenset(
    {
        Custody.ARRESTED,
        Custody.PRE_TRIAL_DETENTION,
        Custody.HOUSE_ARREST,
        Custody.IMPRISONED,
        Custody.FORCED_PSYCHIATRIC_DETENTION,
        Custody.WHEREABOUTS_UNKNOWN,
    }
)
"""The states a person can be asked to be released from."""


class ReleaseReason(enum.Enum):
    """Why a person left custody, where the sources say."""

    SENTENCE_SERVED = "sentence-served"
    PARDON = "pardon"
    AMNESTY = "amnesty"
    PAROLE = "parole"
    ACQUITTAL = "acquittal"
    BAIL = "bail"
    EXCHANGE = "exchange"
    HEALTH = "health"
    OTHER = "other"


class Source(Frozen):
    """A document that facts rest on; briefs cite it in footnotes and list it in the evidence annex."""

    id: Id
    organisation: str
    """Who published it (an NGO, a newspaper, a court, a UN body)."""
    title: str
    date: PartialDate | None = None
    url: Url
    language: Lang = "en"
    """Language the source is written in."""
    accessed: Date | None = None
    """The day the campaign last read it at `url`."""
    local_copy: str | None = Field(default=None, pattern=r"^evidence/[A-Za-z0-9_.\-/]+$")
    """A copy kept in the campaign folder, e.g. `evidence/statement.pdf`; its SHA-256 goes in the annex."""
    media: Bool = False
    """A media report (press, broadcaster): admissibility rules look for other kinds of source too."""
    confidential: Bool = False
    """A source whose identity is protected (a witness, a relative, a lawyer): only the confidential
    version of a document names it; the public version cites it as withheld."""


class Name(Frozen):
    """A person's or body's name in every script the letters need."""

    latin: str
    """The form used in letters written in the Latin script (English, French, German, Spanish...)."""
    native: dict[Lang, str] = Field(default_factory=dict)
    """Forms in other scripts, per letter language, e.g. `{kk: Асқар Қайырбек, ru: Аскар Кайырбек, fa: ...}`."""
    original: str | None = None
    """The name in the person's own script when no letter language writes it, e.g. Chinese `黎智英`."""
    variants: tuple[str, ...] = ()
    """Other transliterations seen in sources, so readers can match them."""
    forms: dict[Lang, dict[str, str]] = Field(default_factory=dict)
    """Inflected forms where a language needs them, e.g. `{ru: {genitive: Аскара Кайырбека}}`."""

    def in_language(self, lang: str) -> str:
        """The form a letter in `lang` uses: the letter language's own script if given, else Latin."""
        return self.native.get(lang, self.latin)


class CustodyPeriod(Frozen):
    """One stretch of custody status, in force from `since` until the next one starts."""

    status: Custody
    since: PartialDate
    place: Text | None = None
    reason: ReleaseReason | None = None
    """Why the person left custody (for `released`, `released-on-bail`, `restriction-of-freedom`)."""
    src: SourceRefs


class ChargeEvent(enum.Enum):
    """What happened to a charge."""

    BROUGHT = "brought"
    ADDED = "added"
    DROPPED = "dropped"
    REQUALIFIED = "requalified"


class ChargeChange(Frozen):
    """A dated change to a charge: brought, added later, dropped, or requalified into another."""

    event: ChargeEvent
    date: PartialDate
    into: Id | None = None
    """For `requalified`: the id of the charge it became."""
    src: SourceRefs


class Unit(enum.Enum):
    """How the law numbers the provision: article, section, paragraph or rule."""

    ARTICLE = "article"
    SECTION = "section"
    PARAGRAPH = "paragraph"
    RULE = "rule"


class Provision(Frozen):
    """Where in the law the offence stands, as the law numbers it; every part is free text."""

    unit: Unit = Unit.ARTICLE
    number: str = Field(min_length=1, max_length=40)
    """`405`, `286 bis`, `10(1)(c)`, `22-1`."""
    parts: tuple[Annotated[str, Field(min_length=1, max_length=40)], ...] = ()
    """Parts, subsections or paragraphs of it, e.g. `[1, 2]` for parts 1 and 2."""


class Charge(Frozen):
    """An offence a defendant was charged with: the law by name, and the provision where one is cited."""

    id: Id
    law: Text | None = None
    """The code or law by name, e.g. 'Criminal Code of the Republic of Kazakhstan', where the sources name it."""
    provision: Provision | None = None
    """Absent when the sources cite the law without a provision: the letter then names the law only."""
    title: Text | None = None
    """The offence as the sources name it (the article's heading, or e.g. 'corruption on earth')."""
    official: tuple[Lang, ...] = ()
    """The languages in which `title` is the law's own wording: letters in them quote it; in other
    languages it is a translation, written without quotation marks."""
    counts: Int | None = None
    """How many counts, where the sources say."""
    history: tuple[ChargeChange, ...] = ()
    """Dated changes; without any, the charge stands from the start of the case."""
    src: SourceRefs

    @model_validator(mode="after")
    def _says_what_the_offence_is(self) -> Charge:
        if self.law is None and self.title is None:
            raise ValueError("a charge needs 'law' (the law by name) or 'title' (the offence as the sources name it)")
        if self.provision is not None and self.law is None:
            raise ValueError("a 'provision' needs 'law': the law it is part of")
        return self


class DefendantKind(enum.Enum):
    PERSON = "person"
    ORGANISATION = "organisation"


class IdentityDocument(Frozen):
    """An identity document: a passport, a national identity card."""

    kind: Text
    number: str | None = Field(default=None, max_length=60)
    issued_by: Text | None = None
    issued: PartialDate | None = None
    src: SourceRefs


class Arrest(Frozen):
    """How a person was arrested: the facts the WGAD questionnaire asks for, where the sources say."""

    date: PartialDate
    place: Text | None = None
    by: Text | None = None
    """The forces that carried out the arrest; `believed: true` where this is not certain."""
    believed: Bool = False
    warrant: Bool | None = None
    """Whether a warrant or other decision of a public authority was shown (None: not known)."""
    warrant_by: Text | None = None
    """The authority that issued the warrant."""
    reasons: Text | None = None
    """The reasons the authorities gave."""
    legal_basis: Text | None = None
    """The law the authorities invoked, as they cited it."""
    src: SourceRefs


class Detention(Frozen):
    """Who ordered and who holds the detention, and on what basis (the places are in `custody`)."""

    ordered_by: Text | None = None
    held_by: Text | None = None
    reasons: Text | None = None
    legal_basis: Text | None = None
    src: SourceRefs


class Consent(Frozen):
    """The detainee's (or family's) consent to the submission, and what may be made public."""

    by: Text
    """Who consented: the detainee, a named relative's relationship ('his wife')."""
    date: PartialDate | None = None
    public_details: Bool = False
    """Personal details (birth date, identity document, address) may appear in public versions."""
    src: SourceRefs


class Defendant(Frozen):
    """A person or an organisation prosecuted in the case."""

    id: Id
    kind: DefendantKind = DefendantKind.PERSON
    name: Name
    gender: Gender = Gender.UNKNOWN
    """For people: the grammatical gender letters agree with; `unknown` gives wording without agreement."""
    role: Text
    """Who they are, e.g. 'civil activist and video blogger', or what the organisation is."""
    home: Text | None = None
    """Town or region of residence (public)."""
    address: Text | None = None
    """The usual address: confidential (only the confidential version gives it)."""
    family_name: str | None = Field(default=None, max_length=120)
    """The family name as it stands in `name.latin`, where the questionnaire asks for it apart."""
    born: PartialDate | None = None
    age: Int | None = None
    """Age in years at the arrest, where the birth date is not known."""
    nationality: tuple[CountryCode, ...] = ()
    identity_document: IdentityDocument | None = None
    """Confidential unless `consent.public_details`."""
    arrest: Arrest | None = None
    detention: Detention | None = None
    consent: Consent | None = None
    subject: Bool = True
    """Whether the campaign is about this defendant (letters name and plead for every subject)."""
    custody: tuple[CustodyPeriod, ...] = ()
    """For people: custody history, one entry per change (an organisation has none)."""
    charges: tuple[Charge, ...] = ()
    src: SourceRefs

    @model_validator(mode="after")
    def _people_have_custody(self) -> Defendant:
        if self.kind is DefendantKind.PERSON and not self.custody:
            raise ValueError("a person needs 'custody' (at least one entry, e.g. status: at-large)")
        if self.kind is DefendantKind.ORGANISATION and self.custody:
            raise ValueError("an organisation has no 'custody'; remove it")
        return self


class Ban(Frozen):
    """How an organisation was banned."""

    date: PartialDate
    court: Text | None = None
    """The court, where the sources name it."""
    judge: Name | None = None
    secret: Bool = False
    designation: Text
    """What it was declared to be, e.g. 'extremist organisation'."""
    src: SourceRefs


class Organisation(Frozen):
    """A movement or body that appears in the case without being a defendant (e.g. a banned party)."""

    id: Id
    name: Name
    description: Text
    ban: Ban | None = None
    src: SourceRefs


class SentenceKind(enum.Enum):
    IMPRISONMENT = "imprisonment"
    DEATH = "death"
    FINE = "fine"
    BAN = "ban"
    """A ban on activities or on holding posts."""
    RESTRICTION_OF_FREEDOM = "restriction-of-freedom"
    SUSPENDED = "suspended"
    """A suspended sentence of imprisonment."""
    PROBATION = "probation"
    TRAVEL_BAN = "travel-ban"
    CORPORAL_PUNISHMENT = "corporal-punishment"
    FORCED_LABOUR = "forced-labour"


_DURATIONS = {
    SentenceKind.IMPRISONMENT,
    SentenceKind.BAN,
    SentenceKind.RESTRICTION_OF_FREEDOM,
    SentenceKind.SUSPENDED,
    SentenceKind.PROBATION,
    SentenceKind.TRAVEL_BAN,
    SentenceKind.FORCED_LABOUR,
}


class Sentence(Frozen):
    """One penalty a court imposed; a verdict may impose several (prison and a fine)."""

    kind: SentenceKind
    duration: Duration | None = None
    life: Bool = False
    """Imprisonment for life (no duration)."""
    regime: Text | None = None
    """For imprisonment: the regime or institution, e.g. 'high-security penal colony'."""
    amount: str | None = Field(default=None, pattern=r"^[0-9]{1,15}(\.[0-9]{1,2})?$")
    """For a fine: the amount in digits, e.g. `185000`."""
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    """For a fine: ISO 4217 code, e.g. BYN, IRR, USD."""
    banned: Text | None = None
    """For a ban: what is banned, e.g. 'public and political activity'."""
    lashes: Int | None = None
    """For corporal punishment: the number of lashes."""

    @model_validator(mode="after")
    def _fields_fit_the_kind(self) -> Sentence:
        if self.kind is SentenceKind.IMPRISONMENT and (self.duration is None) == (not self.life):
            raise ValueError("imprisonment needs either 'duration' or 'life: true'")
        if self.kind in _DURATIONS - {SentenceKind.IMPRISONMENT} and self.duration is None:
            raise ValueError(f"a {self.kind.value} sentence needs 'duration'")
        if self.kind not in _DURATIONS and self.duration is not None:
            raise ValueError(f"a {self.kind.value} sentence has no 'duration'")
        if self.kind is SentenceKind.FINE and (self.amount is None or self.currency is None):
            raise ValueError("a fine needs 'amount' and 'currency' (e.g. amount: '185000', currency: BYN)")
        if self.kind is not SentenceKind.FINE and (self.amount is not None or self.currency is not None):
            raise ValueError("'amount' and 'currency' belong to a fine")
        if self.kind is SentenceKind.BAN and self.banned is None:
            raise ValueError("a ban needs 'banned': what it bans")
        if self.life and self.kind is not SentenceKind.IMPRISONMENT:
            raise ValueError("'life' belongs to imprisonment")
        if (self.kind is SentenceKind.CORPORAL_PUNISHMENT) != (self.lashes is not None):
            raise ValueError("'lashes' (how many) belongs to corporal punishment, and corporal punishment needs it")
        return self


class Stage(enum.Enum):
    """Kinds of proceeding, in the order a case usually runs."""

    ARREST = "arrest"
    CHARGE = "charge"
    PRE_TRIAL = "pre-trial"
    BAIL_HEARING = "bail-hearing"
    FIRST_INSTANCE = "first-instance"
    PROSECUTOR_APPEAL = "prosecutor-appeal"
    APPEAL = "appeal"
    CASSATION = "cassation"
    SUPREME_COURT = "supreme-court"
    RETRIAL = "retrial"
    PAROLE = "parole"
    PARDON = "pardon"
    RATIFICATION = "ratification"
    """A verdict confirmed by another authority before it takes effect (e.g. Egypt's emergency courts)."""
    INTERNATIONAL = "international"
    """A decision of an international body: a WGAD opinion, a UN committee's views, an ECtHR judgment."""


class Decision(enum.Enum):
    """What a proceeding decided for one defendant."""

    DETENTION_ORDERED = "detention-ordered"
    DETENTION_EXTENDED = "detention-extended"
    BAIL_GRANTED = "bail-granted"
    BAIL_REFUSED = "bail-refused"
    CHARGED = "charged"
    CHARGES_DROPPED = "charges-dropped"
    CONVICTED = "convicted"
    FOUND_GUILTY = "found-guilty"
    """Convicted, with the sentence to be handed down at a later hearing (then `convicted`)."""
    ACQUITTED = "acquitted"
    UPHELD = "upheld"
    INCREASED = "increased"
    REDUCED = "reduced"
    QUASHED = "quashed"
    REFERRED_BACK = "referred-back"
    RETRIAL_ORDERED = "retrial-ordered"
    COMMUTED = "commuted"
    PARDONED = "pardoned"
    PAROLE_GRANTED = "parole-granted"
    PAROLE_REFUSED = "parole-refused"
    ADJOURNED = "adjourned"
    ARBITRARY = "arbitrary"
    """An international body found the detention arbitrary (or a violation of the person's rights)."""


NEW_SENTENCE = frozenset({Decision.CONVICTED, Decision.INCREASED, Decision.REDUCED, Decision.COMMUTED})
"""Decisions that set the sentences in force (and so must list them)."""
NO_SENTENCE = frozenset(
    {
        Decision.ACQUITTED,
        Decision.QUASHED,
        Decision.REFERRED_BACK,
        Decision.RETRIAL_ORDERED,
        Decision.PARDONED,
        Decision.CHARGES_DROPPED,
    }
)
"""Decisions after which no sentence of the earlier verdict is in force."""


class Outcome(Frozen):
    """What one proceeding decided for one defendant."""

    defendant: Id
    decision: Decision
    sentences: tuple[Sentence, ...] = ()
    """For convicted, increased, reduced, commuted: every penalty now in force."""
    text: Text | None = None
    """The outcome as the sources word it, where the decision alone does not say enough."""
    in_absentia: Bool = False
    """This defendant was tried in absentia (the whole stage is: `in_absentia` on the proceeding)."""

    @model_validator(mode="after")
    def _sentences_fit_the_decision(self) -> Outcome:
        if self.decision in NEW_SENTENCE and not self.sentences:
            raise ValueError(f"'{self.decision.value}' needs 'sentences': the penalties now in force")
        if self.decision in NO_SENTENCE and self.sentences:
            raise ValueError(f"'{self.decision.value}' leaves no sentence in force; remove 'sentences'")
        return self


class Proceeding(Frozen):
    """One stage of the proceedings, with what it decided for each defendant."""

    id: Id
    stage: Stage
    date: PartialDate
    court: Text
    """The court, or the body that decided (for `international`)."""
    case_number: str | None = Field(default=None, max_length=80)
    judges: tuple[Name, ...] = ()
    prosecutors: tuple[Name, ...] = ()
    in_absentia: Bool = False
    closed: Bool = False
    """Held behind closed doors."""
    matter: Id = "main"
    """Which case the stage belongs to, where a defendant faces several at once (`main` by
    default): the sentences of each matter are worked out apart, then all are in force together."""
    outcomes: tuple[Outcome, ...] = Field(min_length=1)
    src: SourceRefs


class Act(Frozen):
    """Something a defendant did and was prosecuted for."""

    id: Id
    by: tuple[Id, ...] = ()
    """The defendants who did it; empty means every subject of the campaign."""
    date: PartialDate | None = None
    description: Text
    src: SourceRefs


class Statement(Frozen):
    """A prior statement by an international body about the case or the country."""

    id: Id
    body: Text
    kind: Text
    date: PartialDate
    reference: str | None = None
    """The official reference, e.g. '2021/2544(RSP)'."""
    summary: Text
    names: tuple[Id, ...] = ()
    """The defendants the statement is verified to name (ids); only these are said to be named."""
    src: SourceRefs


class WgadCategory(enum.Enum):
    """The Working Group on Arbitrary Detention's categories of arbitrary deprivation of liberty."""

    I = "I"  # noqa: E741 - the category's own name
    II = "II"
    III = "III"
    IV = "IV"
    V = "V"


class ViolationClaim(Frozen):
    """An alleged violation, with what it consists of."""

    category: Violation
    description: Text
    defendants: tuple[Id, ...] = ()
    """Whose rights were violated; empty means every subject of the campaign."""
    date: PartialDate | None = None
    wgad: tuple[WgadCategory, ...] = ()
    """The Working Group's categories this claim argues, where not the usual ones of its kind
    (see `campaign.model.filings.WGAD_CATEGORIES`)."""
    src: SourceRefs


class ConditionKind(enum.Enum):
    """A condition of detention that calls for a request while it lasts."""

    INCOMMUNICADO = "incommunicado"
    SOLITARY_CONFINEMENT = "solitary-confinement"
    NO_LAWYER = "no-lawyer"
    """Denied a lawyer of their choice."""
    NO_FAMILY_CONTACT = "no-family-contact"
    ILL_HEALTH = "ill-health"
    """Ill and in need of medical care."""
    HUNGER_STRIKE = "hunger-strike"
    ILL_TREATMENT = "ill-treatment"
    """Tortured or ill-treated, and at risk of it while this lasts."""


class Condition(Frozen):
    """A dated condition of a defendant's detention, e.g. held incommunicado since a day."""

    kind: ConditionKind
    defendant: Id
    since: PartialDate
    until: PartialDate | None = None
    description: Text | None = None
    src: SourceRefs


class Position(Frozen):
    """A post an official held, from and to when the sources say."""

    title: Text
    institution: Text
    since: PartialDate | None = None
    until: PartialDate | None = None
    """Absent while the official is (as far as the sources know) still in post."""
    src: SourceRefs


class Designation(Frozen):
    """An existing sanctions designation of an official by one jurisdiction."""

    jurisdiction: Jurisdiction
    """Who designated: `US`, `GB`, `EU`, `CA`, ..."""
    regime: Id | None = None
    """The regime in `letters/regimes.yaml`, where it is one of them, e.g. `us-glomag`."""
    date: PartialDate
    reference: str | None = None
    """The listing's reference, e.g. OFAC's programme tag or the EU implementing regulation."""
    src: SourceRefs


class OfficialAct(Frozen):
    """A specific act of an official in the case, dated, with its victims and what it violated:
    what a sanctions dossier argues each criterion from."""

    date: PartialDate
    description: Text
    """What the official did, as a clause after their name: 'signed the order to detain ...'."""
    place: Text | None = None
    victims: tuple[Id, ...] = ()
    """The defendants it concerned; empty means every subject."""
    violations: tuple[Violation, ...] = Field(min_length=1)
    src: SourceRefs


class NexusKind(enum.Enum):
    """A tie between a target and the sanctioning jurisdiction (US briefs ask for it)."""

    ASSETS = "assets"
    TRAVEL = "travel"
    FAMILY = "family"
    BUSINESS = "business"
    EDUCATION = "education"
    OTHER = "other"


class Nexus(Frozen):
    jurisdiction: Jurisdiction
    kind: NexusKind
    description: Text
    src: SourceRefs


class Note(Frozen):
    """A sourced statement, e.g. information that may exculpate a target."""

    text: Text
    src: SourceRefs


class Official(Frozen):
    """An official who appears in the case: named (a judge, a prosecutor) or proposed as a sanctions target."""

    id: Id
    name: Name
    gender: Gender = Gender.UNKNOWN
    positions: tuple[Position, ...] = Field(min_length=1)
    """Posts held, with dates; letters call them by the post they hold on the letter's date, or 'former'."""
    role: Text
    """Their role in the case, stated with its evidence."""
    target: Bool = False
    """Proposed for sanctions (briefs and the appeal's sanctions request name only targets)."""
    violations: tuple[Violation, ...] = ()
    """The categories of violation their conduct is alleged to fall under (needed for a target)."""
    born: PartialDate | None = None
    birthplace: Text | None = None
    nationality: tuple[CountryCode, ...] = ()
    identity_documents: tuple[IdentityDocument, ...] = ()
    """Published ones only (e.g. from another jurisdiction's listing)."""
    designations: tuple[Designation, ...] = ()
    acts: tuple[OfficialAct, ...] = ()
    """The specific acts a sanctions dossier argues; a target without any falls back to `role`."""
    reports_to: tuple[Id, ...] = ()
    """Officials above them in the chain of command, by id (their subordinates follow from it)."""
    exculpatory: tuple[Note, ...] = ()
    """What the campaign knows that speaks for them: a dossier must show it."""
    nexus: tuple[Nexus, ...] = ()
    src: SourceRefs

    @model_validator(mode="after")
    def _targets_have_violations(self) -> Official:
        if self.target and not self.violations:
            raise ValueError("a sanctions target needs 'violations': the categories their conduct falls under")
        return self


class RequestKind(enum.Enum):
    """What a letter asks for. Most are worked out from the facts in force on the letter's date
    (`campaign.model.asof.requests_on`); the case file adds campaign-specific ones."""

    RELEASE = "release"
    QUASH_CONVICTION = "quash-conviction"
    REHABILITATION = "rehabilitation"
    DROP_CHARGES = "drop-charges"
    HALT_EXECUTION = "halt-execution"
    MORATORIUM = "moratorium"
    DISCLOSE_WHEREABOUTS = "disclose-whereabouts"
    ACCESS_TO_FAMILY = "access-to-family"
    ACCESS_TO_LAWYER = "access-to-lawyer"
    MEDICAL_CARE = "medical-care"
    END_INCOMMUNICADO = "end-incommunicado"
    END_SOLITARY = "end-solitary"
    ALLOW_RETURN = "allow-return"
    ANNUL_IN_ABSENTIA = "annul-in-absentia"
    INVESTIGATE_ILL_TREATMENT = "investigate-ill-treatment"
    INVESTIGATE_DEATH = "investigate-death"
    LIFT_BAN = "lift-ban"
    LIFT_TRAVEL_BAN = "lift-travel-ban"
    SANCTIONS = "sanctions"
    OTHER = "other"


class Request(Frozen):
    """A campaign-specific request, with the text the letter says and when it applies."""

    kind: RequestKind = RequestKind.OTHER
    text: Text
    """What is asked, as it continues 'We ask you to call for ...': e.g. 'that human rights be a condition of ...'."""
    to: tuple[Jurisdiction, ...] = ()
    """Only for recipients of these jurisdictions (e.g. `[EU]`); empty means every recipient."""
    when: tuple[Custody, ...] = ()
    """Only while the lead defendant is in one of these custody states; empty means always."""
    src: SourceRefs


class Remedy(Frozen):
    """A domestic remedy tried (an appeal, a habeas corpus, a complaint) and its result. Appeals
    recorded as proceedings count already; this is for the others."""

    date: PartialDate
    kind: Text
    body: Text
    """Where it was lodged: a court, a prosecutor, an ombudsperson."""
    defendants: tuple[Id, ...] = ()
    """On whose behalf; empty means every subject."""
    result: Text | None = None
    """What came of it; absent while it is pending."""
    src: SourceRefs


class ReplyPoint(Frozen):
    """One point of a government's reply, and the source's comment on it."""

    claim: Text
    """What the government says, faithfully summarised."""
    comment: Text
    """The source's answer to it, with its evidence."""
    src: SourceRefs


class Reply(Frozen):
    """A government's reply to a communication, which the source may comment on."""

    date: PartialDate
    reference: str | None = Field(default=None, max_length=120)
    """The communication's or the reply's reference, e.g. 'AL KAZ 1/2022'."""
    points: tuple[ReplyPoint, ...] = Field(min_length=1)
    withheld: tuple[Text, ...] = ()
    """Documents the government did not provide (the verdict, the medical file...)."""
    src: SourceRefs


class Submission(Frozen):
    """Who submits the communication and how to reach them; confidential as a whole."""

    relationship: Text
    """The submitter's relation to the detainee, e.g. 'a human rights organisation in contact with his family'."""
    contact: str | None = Field(default=None, max_length=200)
    """A contact person for the mandate (confidential)."""


class Case(Frozen):
    """One case, as written in `cases/<id>.yaml`."""

    id: Id
    state: CountryCode
    """The state that holds or prosecutes the defendants (ISO 3166-1 alpha-2, e.g. KZ, IR, BY)."""
    country: Text
    """The state's name as letters write it, per language."""
    country_of: dict[Lang, str] = Field(default_factory=dict)
    """The name after "of" where a language declines it: `{ru: Казахстана}` ("the authorities of ...")."""
    lead: Id | None = None
    """The defendant the subject line names; by default the first subject."""
    defendants: tuple[Defendant, ...] = Field(min_length=1)
    organisations: tuple[Organisation, ...] = ()
    proceedings: tuple[Proceeding, ...] = ()
    acts: tuple[Act, ...] = ()
    statements: tuple[Statement, ...] = ()
    violations: tuple[ViolationClaim, ...] = Field(min_length=1)
    conditions: tuple[Condition, ...] = ()
    officials: tuple[Official, ...] = ()
    requests: tuple[Request, ...] = ()
    remedies: tuple[Remedy, ...] = ()
    reply: Reply | None = None
    """The government's reply to the communication, for `wgad-reply-comments`."""
    submission: Submission | None = None
    context: tuple[Text, ...] = ()
    sources: tuple[Source, ...] = Field(min_length=1)

    @property
    def subjects(self) -> tuple[Defendant, ...]:
        """The defendants the campaign is about, the lead first."""
        subjects = [d for d in self.defendants if d.subject]
        lead = self.lead_defendant
        return (lead, *[d for d in subjects if d.id != lead.id])

    @property
    def lead_defendant(self) -> Defendant:
        """The `lead`, else the first subject (also when `lead` names no defendant: validate reports that)."""
        chosen = next((d for d in self.defendants if d.id == self.lead), None) if self.lead else None
        return chosen or next((d for d in self.defendants if d.subject), self.defendants[0])

    def defendant(self, defendant_id: str) -> Defendant:
        return next(d for d in self.defendants if d.id == defendant_id)

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)
