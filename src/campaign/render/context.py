"""The functions a template calls, bound to one letter's language, locale and citations."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from campaign.document import nodes as n
from campaign.errors import RenderError
from campaign.i18n.catalogs import OF_SUFFIX
from campaign.i18n.formatting import (
    Translations,
    babel_locale,
    format_bare,
    format_date,
    format_duration,
    format_list,
    format_number,
    format_when,
    person_name,
)
from campaign.i18n.inflect import russian_genitive
from campaign.i18n.messages import AND_OTHERS, BODY_NAMES, NUMBER_WORDS, VERDICT_PART
from campaign.i18n.phrases import provision_phrase, sentence_phrase
from campaign.i18n.pseudo import PSEUDO_LANG
from campaign.model.case import Case, Defendant, DefendantKind, Name, Official, Provision, Sentence, Source
from campaign.model.common import Duration, Gender, babel_tag
from campaign.model.dates import When
from campaign.render.environment import FOOTNOTE_CLOSE, FOOTNOTE_OPEN, escape_text

_PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?([sd%])")


class Named(Markup):
    """A name (or a list of names) that also knows its form after "of": the genitive, where the
    letter's language has one ("Аскара Кайырбека"), else the name itself.

    A translation may write `%(name_of)s` wherever the English says `%(name)s`: the message then
    takes the name in that form, without the template having to pass it.
    """

    of: str

    def __new__(cls, text: Markup, of: Markup | None = None) -> Named:
        """`text` and `of` are already escaped (Markup), as everything a message receives is."""
        named = super().__new__(cls, text)
        named.of = str(of) if of is not None else str(named)
        return named


def fill(text: str, params: dict[str, Any]) -> Markup:
    """Substitute `%(name)s` placeholders, escaping the text and every non-Markup value."""
    out: list[str] = []
    pos = 0
    for match in _PLACEHOLDER.finditer(text):
        out.append(escape_text(text[pos : match.start()]))
        name, conversion = match.groups()
        pos = match.end()
        if conversion == "%":
            out.append("%")
            continue
        value = _value(text, name, params)
        out.append(str(int(value)) if conversion == "d" else escape_text(value))
    out.append(escape_text(text[pos:]))
    return Markup("".join(out))


def _gender(who: Defendant | Official) -> str:
    """The message context for one person: `male`, `female`, or `unknown` (an organisation too)."""
    if isinstance(who, Defendant) and who.kind is not DefendantKind.PERSON:
        return "unknown"
    return who.gender.value if who.gender in (Gender.MALE, Gender.FEMALE) else "unknown"


def _is_person(who: Defendant | Official) -> bool:
    return not isinstance(who, Defendant) or who.kind is DefendantKind.PERSON


def _value(text: str, name: str | None, params: dict[str, Any]) -> Any:
    """The value of one placeholder; `x_of` falls back to the "of" form of `x`."""
    if name is not None and name in params:
        return params[name]
    if name is not None and name.endswith(OF_SUFFIX) and name[: -len(OF_SUFFIX)] in params:
        base = params[name[: -len(OF_SUFFIX)]]
        return Markup(base.of) if isinstance(base, Named) else base
    raise RenderError(f"the message {text!r} uses the placeholder %({name})s, which the template does not supply")


def _sentence(message: str, params: dict[str, Any]) -> Markup:
    """Fill a translated message; one that opens with a placeholder ("%(when)s, the court ...")
    starts a sentence with the placeholder's value ("on 2 September 2021"), whose first letter is
    then capitalised. A value that starts with a digit or a mark is left as it is."""
    text = fill(message, params)
    if not message.lstrip("#>-* ").startswith("%("):
        return text
    first = next((i for i, char in enumerate(text) if char.isalpha()), None)
    if first is None or not text[first].islower() or text[:first].strip(" \\*_#>-"):
        return text
    return Markup(text[:first] + text[first].upper() + text[first + 1 :])


@dataclass
class Citations:
    """Numbers footnotes in order of first citation; the same sources cited again, at the same
    place, reuse a number. Each source also gets an exhibit number, in order of first citation,
    for a brief's evidence annex.

    A letter cites only sources published by its date: a letter of 2022 cannot rest on a report of
    2023, even when the fact it states happened before. Where every source of a fact is later, the
    fact keeps them (a footnote must not vanish); `campaign validate` warns about it.
    """

    sources: dict[str, Source]
    day: dt.date | None = None
    """The letter's date; sources published after it are left out of its notes."""
    withheld: str | None = None
    """In a public version, the note that stands for a confidential source; None in the
    confidential version, which names it."""
    exhibit: str | None = None
    """In a brief, the label of an exhibit ("Exhibit %(number)s"): notes then point to the annex
    and give the passage (`quote`) the case file records."""
    numbers: dict[tuple[tuple[str, str | None, str | None], ...], int] = field(default_factory=dict)
    exhibits: dict[str, int] = field(default_factory=dict)

    def cite(self, refs: tuple[str, ...] | list[str]) -> Markup:
        for ref in refs:
            if ref not in self.sources:
                raise RenderError(f"cite(): source '{ref}' is not in the case file's sources")
        kept = [r for r in refs if not self.later(r)] or list(refs)
        if not kept:
            return Markup("")
        key = tuple((str(r), getattr(r, "at", None), getattr(r, "quote", None)) for r in kept)
        for ref in kept:
            self.exhibits.setdefault(str(ref), len(self.exhibits) + 1)
        if key not in self.numbers:
            self.numbers[key] = len(self.numbers) + 1
        return Markup(f"{FOOTNOTE_OPEN}{self.numbers[key]}{FOOTNOTE_CLOSE}")

    def later(self, ref: str) -> bool:
        """The source was certainly published after the letter's date."""
        date = self.sources[ref].date
        return self.day is not None and date is not None and date.earliest is not None and date.earliest > self.day

    def exhibit_list(self) -> list[tuple[int, Source]]:
        """The sources cited so far, with their exhibit numbers, for the annex."""
        return [(number, self.sources[ref]) for ref, number in self.exhibits.items()]

    def notes(self, format_date: Any) -> tuple[n.Footnote, ...]:
        notes = []
        for refs, number in sorted(self.numbers.items(), key=lambda item: item[1]):
            children: list[n.Inline] = []
            for index, (ref, at, quote) in enumerate(refs):
                if index:
                    children.append(n.Text("; "))
                children.extend(self._note(ref, at, quote, format_date))
            notes.append(n.Footnote(number, tuple(children)))
        return tuple(notes)

    def _note(self, ref: str, at: str | None, quote: str | None, format_date: Any) -> list[n.Inline]:
        """One source in a note: who, what, when, where in it; in a brief, its exhibit and the passage."""
        source = self.sources[ref]
        label = f"{self.exhibit % {'number': self.exhibits[ref]}}: " if self.exhibit else ""
        if source.confidential and self.withheld is not None:
            return [n.Text(f"{label}{self.withheld}")]
        dated = f" ({format_date(source.date)})" if source.date else ""
        place = f", {at}" if at else ""
        passage = f": “{quote}”" if quote and self.exhibit else ""
        parts: list[n.Inline] = [n.Text(f"{label}{source.organisation}: {source.title}{dated}{place}{passage}. ")]
        if source.url:
            parts.append(n.Link(source.url, (n.Text(source.url),)))
        return parts


@dataclass
class LetterLanguage:
    """One letter's language: catalog, formatting locale and the template functions using them."""

    lang: str
    locale: str
    translations: Translations
    fallback_lang: str | None = None
    """The language (`build --fallback`) whose case texts stand in for missing ones."""
    native: bool = False
    """Names are written in the language's own script (campaign.yaml `names`); see `person_name`."""

    def gettext(self, message: str, **params: Any) -> Markup:
        return _sentence(self.translations.gettext(message), params)

    def ngettext(self, singular: str, plural: str, num: int, **params: Any) -> Markup:
        params.setdefault("num", num)
        return _sentence(self.translations.ngettext(singular, plural, num), params)

    def gendered(self, who: Defendant | Official, message: str, **params: Any) -> Markup:
        """A message about one person, in the words that agree with their grammatical gender
        (msgctxt `male`, `female`, or `unknown` for an unknown gender or an organisation)."""
        return _sentence(str(self.translations.pgettext(_gender(who), message)), params)

    def gendered_all(self, who: Sequence[Defendant], message: str, **params: Any) -> Markup:
        """A message about one or several defendants, agreeing in gender and number: one is
        `gendered`; several are msgctxt `plural`, or `plural-female` when all are women."""
        if len(who) == 1:
            return self.gendered(who[0], message, **params)
        context = "plural-female" if all(_gender(d) == "female" for d in who) else "plural"
        return _sentence(str(self.translations.pgettext(context, message)), params)

    def language_name(self, tag: str) -> str:
        """A language's name in the letter's language ("English", "anglais", "английском" is for the
        catalog's sentence to decline: this is the dictionary form)."""
        name = babel_locale(self.locale).languages.get(babel_tag(tag).split("_")[0])
        return name or tag

    def text(self, value: dict[str, str]) -> str:
        """A case text in this language; a missing translation is an error, not English.

        The pseudo-locale shows the English data: it tests the templates' text, not the case's.
        """
        if self.lang in value:
            return value[self.lang]
        if self.lang == PSEUDO_LANG:
            return value["en"]
        if self.fallback_lang and self.fallback_lang in value:
            return value[self.fallback_lang]
        preview = value.get("en", next(iter(value.values()), ""))[:60]
        raise RenderError(f"the case text '{preview}' has no '{self.lang}' translation; add it in the case file")

    def name(self, value: Name | Defendant | Official) -> Named:
        """A name as this letter writes it (see `person_name`), with its "of" form (see `Named`)."""
        name = value if isinstance(value, Name) else value.name
        gender = value.gender if isinstance(value, (Defendant, Official)) and _is_person(value) else Gender.UNKNOWN
        plain = str(person_name(name, self.lang, native=self.native))
        return Named(escape_text(plain), escape_text(self.genitive(name, plain, gender)))

    def country(self, case: Case) -> Named:
        """The state's name in this language, with its "of" form (`country_of` in the case file)."""
        plain = self.text(case.country)
        of = case.country_of.get(self.lang, plain)
        return Named(escape_text(plain), escape_text(of))

    def genitive(self, name: Name, plain: str, gender: Gender) -> str:
        """The name after "of" in this language: the case file's form, else (Russian) the declined
        name of a person of known gender, else the name itself."""
        given = name.forms.get(self.lang, {}).get("genitive")
        if given:
            return given
        if self.lang == "ru" and self.native:
            return russian_genitive(plain, gender) or plain
        return plain

    def names(self, values: Any) -> Named:
        """Several names joined as the locale joins a list: "A, B and C" (and their "of" forms)."""
        named = [self.name(value) for value in values]
        plain = format_list([str(escape_text(n)) for n in named], self.locale)
        of = format_list([n.of for n in named], self.locale)
        return Named(Markup(plain), Markup(of))

    def verdicts(self, groups: Any) -> Markup:
        """The sentences of one verdict, defendant by defendant: "A to 10 years ... and B to 7 years ..."."""
        return self.join(
            [
                self.gettext(VERDICT_PART, names=self.names(g.defendants), sentence=self.penalties(g.outcome.sentences))
                for g in groups
            ]
        )

    def few_names(self, values: Any) -> Named:
        """Up to three names in full; more as "A and N others" (for subject lines), with "of" forms."""
        values = list(values)
        if len(values) <= 3:
            return self.names(values)
        lead = self.name(values[0])
        others = len(values) - 1
        plain = self.ngettext(*AND_OTHERS, others, name=lead)
        of = self.ngettext(*AND_OTHERS, others, name=Markup(lead.of))
        return Named(plain, of)

    def native_names(self, value: Name) -> Markup:
        """The other-script forms, each with its language's name: "Кәрім Мәсімов (Kazakh), ..."."""
        locale = babel_locale(self.locale)
        forms = [f"{form} ({babel_locale(lang).get_display_name(locale)})" for lang, form in value.native.items()]
        if value.original and value.original not in value.native.values():
            forms.append(value.original)
        return self.join(forms)

    def date(self, value: Any) -> str:
        """A date on its own (a table cell, a heading): exact dates and partial ones alike."""
        if isinstance(value, When):
            return format_bare(value, self.translations, self.locale)
        return str(format_date(value, self.locale))

    def when(self, value: When) -> str:
        """A date inside a sentence, with its preposition: "on 2 September 2021", "in May 2024"."""
        return format_when(value, self.translations, self.locale)

    def since(self, value: When) -> str:
        """ "since 2 September 2021", "since May 2024", "since a date that is not known"."""
        return format_when(value, self.translations, self.locale, since=True)

    def duration(self, value: Duration) -> str:
        return str(format_duration(value.years, value.months, self.translations, self.locale))

    def penalty(self, sentence: Sentence) -> str:
        """One penalty: "10 years of imprisonment in a high-security penal colony", "death"."""
        detail = sentence.regime or sentence.banned
        return sentence_phrase(sentence, self.translations, self.locale, self.text(detail) if detail else "")

    def penalties(self, sentences: Any) -> Markup:
        """All penalties of a verdict: "10 years of imprisonment and a fine of BYN 185,000"."""
        return self.join([self.penalty(s) for s in sentences])

    def provision(self, provision: Provision) -> str:
        return provision_phrase(provision, self.translations, self.locale)

    def number(self, value: int) -> str:
        return format_number(value, self.locale)

    def spell(self, value: int) -> str:
        """A count in running text: written out under ten ("three"), in digits from ten on."""
        if 1 <= value <= len(NUMBER_WORDS):
            return str(self.translations.gettext(NUMBER_WORDS[value - 1]))
        return format_number(value, self.locale)

    def country_names(self, codes: Any) -> Markup:
        """Several states or bodies by their codes, joined as the locale joins a list."""
        return self.join([self.country_name(code) for code in codes])

    def country_name(self, code: str) -> str:
        """A state or body by its code, in the letter's language: KZ "Kazakhstan", EU "European Union"."""
        if code in BODY_NAMES:
            return str(self.translations.gettext(BODY_NAMES[code]))
        names = babel_locale(self.locale).territories
        return str(names.get(code, code))

    def join(self, items: Any) -> Markup:
        return Markup(format_list([str(escape_text(item)) for item in items], self.locale))
