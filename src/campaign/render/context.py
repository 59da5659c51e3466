"""The functions a template calls, bound to one letter's language, locale and citations."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from campaign.document import nodes as n
from campaign.errors import RenderError
from campaign.i18n.formatting import (
    Translations,
    babel_locale,
    format_date,
    format_duration,
    format_list,
    person_name,
)
from campaign.i18n.pseudo import PSEUDO_LANG
from campaign.model.case import Name, Source
from campaign.model.common import Duration
from campaign.render.environment import FOOTNOTE_CLOSE, FOOTNOTE_OPEN, escape_text

_PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?([sd%])")


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
        if name is None or name not in params:
            raise RenderError(
                f"the message {text!r} uses the placeholder %({name})s, which the template does not supply"
            )
        value = params[name]
        out.append(str(int(value)) if conversion == "d" else escape_text(value))
    out.append(escape_text(text[pos:]))
    return Markup("".join(out))


@dataclass
class Citations:
    """Numbers footnotes in order of first citation; the same sources cited again reuse a number."""

    sources: dict[str, Source]
    numbers: dict[tuple[str, ...], int] = field(default_factory=dict)

    def cite(self, refs: tuple[str, ...] | list[str]) -> Markup:
        key = tuple(refs)
        if not key:
            return Markup("")
        for ref in key:
            if ref not in self.sources:
                raise RenderError(f"cite(): source '{ref}' is not in the case file's sources")
        if key not in self.numbers:
            self.numbers[key] = len(self.numbers) + 1
        return Markup(f"{FOOTNOTE_OPEN}{self.numbers[key]}{FOOTNOTE_CLOSE}")

    def notes(self, format_date: Any) -> tuple[n.Footnote, ...]:
        notes = []
        for refs, number in sorted(self.numbers.items(), key=lambda item: item[1]):
            children: list[n.Inline] = []
            for index, ref in enumerate(refs):
                source = self.sources[ref]
                if index:
                    children.append(n.Text("; "))
                dated = f" ({format_date(source.date)})" if source.date else ""
                children.append(n.Text(f"{source.organisation}: {source.title}{dated}. "))
                if source.url:
                    children.append(n.Link(source.url, (n.Text(source.url),)))
            notes.append(n.Footnote(number, tuple(children)))
        return tuple(notes)


@dataclass
class LetterLanguage:
    """One letter's language: catalog, formatting locale and the template functions using them."""

    lang: str
    locale: str
    translations: Translations
    fallback_lang: str | None = None
    """The language (`build --fallback`) whose case texts stand in for missing ones."""

    def gettext(self, message: str, **params: Any) -> Markup:
        return fill(self.translations.gettext(message), params)

    def ngettext(self, singular: str, plural: str, num: int, **params: Any) -> Markup:
        params.setdefault("num", num)
        return fill(self.translations.ngettext(singular, plural, num), params)

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

    def name(self, value: Name) -> str:
        return str(person_name(value, self.lang))

    def names(self, values: Any) -> Markup:
        """Several names joined as the locale joins a list: "A, B and C"."""
        return self.join([self.name(value) for value in values])

    def native_names(self, value: Name) -> Markup:
        """The original-script forms, each with its language's name: "Кәрім Мәсімов (Kazakh), ..."."""
        locale = babel_locale(self.locale)
        forms = [f"{form} ({babel_locale(lang).get_display_name(locale)})" for lang, form in value.native.items()]
        return self.join(forms)

    def date(self, value: Any) -> str:
        return str(format_date(value, self.locale))

    def duration(self, value: Duration) -> str:
        return str(format_duration(value.years, value.months, self.translations, self.locale))

    def join(self, items: Any) -> Markup:
        return Markup(format_list([str(escape_text(item)) for item in items], self.locale))
