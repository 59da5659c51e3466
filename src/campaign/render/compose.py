"""Rendering one document for one recipient in one language: template → Markdown → nodes → frame.

The template writes the body; the frame around it (letterhead, address, date line, salutation,
signature, notes) is assembled here from campaign.yaml and the recipient, so no template repeats it.
"""

from __future__ import annotations

import functools
import traceback
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from babel import Locale, UnknownLocaleError
from jinja2 import TemplateError, TemplateSyntaxError

from campaign.diagnostics import Diagnostic, SourceSpan
from campaign.document import nodes as n
from campaign.document.scripts import scripts_of
from campaign.errors import CampaignError, InputError
from campaign.i18n.address import closing, salutation
from campaign.i18n.catalogs import load_translations
from campaign.i18n.formatting import Translations, text_direction
from campaign.i18n.messages import EXHIBIT, PAGE_LABEL, SOURCES, WITHHELD_SOURCE
from campaign.model.asof import sanction_targets
from campaign.model.case import Official, Violation
from campaign.model.common import babel_tag, language_of
from campaign.model.loaded import TEMPLATE_SUFFIX, Loaded, shown_letters
from campaign.model.recipients import Recipient
from campaign.model.regime import Criterion, LegalAct, Regime, for_letter
from campaign.render.context import Citations, LetterLanguage
from campaign.render.environment import make_environment
from campaign.render.filings import Filings, unmet
from campaign.render.markup import parse_blocks, parse_inline
from campaign.render.story import Story
from campaign.render.typography import typeset

Frame = Literal["letter", "brief", "email"]
LETTER_PAPER = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE"})
"""Countries whose offices use US Letter paper rather than A4."""


@dataclass(frozen=True)
class Rendered:
    """A document ready for the writers, with its subject for mail and file metadata."""

    document: n.Document
    subject: str
    frame: Frame


@dataclass(frozen=True)
class Sanctions:
    """What a sanctions brief (and the appeal's sanctions paragraph) may ask of one recipient."""

    regime: Regime
    targets: list[tuple[Official, tuple[Criterion, ...]]]
    """Targets whose alleged conduct meets a ground of the regime, not yet designated under it."""
    designated: list[Official]
    """Targets meeting a ground whom the regime's jurisdiction has already designated."""

    def criteria(self, lang: str) -> list[Criterion]:
        """The regime's conduct criteria some target meets, as a letter in `lang` shows them."""
        met = {c.id for _, criteria in self.targets for c in criteria}
        return for_letter([c for c in self.regime.criteria if c.id in met], lang)


@dataclass(frozen=True)
class Skipped:
    """A document deliberately not produced, and why (e.g. no sanctions ground applies)."""

    reason: str


def letter_locale(recipient: Recipient, lang: str) -> str:
    """The locale a letter in `lang` formats dates and numbers with.

    The recipient's own locale when it is in that language (en_US vs en_GB); otherwise the
    language as written in the recipient's country (an English letter to Brussels is `en_BE`:
    "6 September 2021"), or, where CLDR has no such locale, the language's international form
    (`en_001`, never the American default for a non-American reader).
    """
    locale = babel_tag(recipient.locale)
    if language_of(locale) == lang or locale.split("_")[0] == lang:
        return locale
    territory = next((part for part in locale.split("_")[1:] if len(part) != 4), "")
    for candidate in (f"{babel_tag(lang)}_{territory}" if territory else "", f"{babel_tag(lang)}_001"):
        if candidate and _known_locale(candidate):
            return candidate
    return babel_tag(lang)


@functools.cache
def _known_locale(tag: str) -> bool:
    try:
        Locale.parse(babel_tag(tag))
    except (UnknownLocaleError, ValueError):
        return False
    return True


class Renderer:
    """Renders documents of one loaded campaign; keeps the template environment and catalogs warm."""

    def __init__(self, loaded: Loaded) -> None:
        self.loaded = loaded
        self.letters = loaded.letters
        self.asset_dirs = (loaded.folder / "letters" / "assets",)
        """Folders whose images (the logo) writers may embed; nothing else is ever read."""
        self.env = make_environment(self.letters)
        regimes = loaded.regimes
        self.regimes = {r.id: r for r in regimes.regimes} if regimes else {}
        self.sources = {s.id: s for s in (*loaded.campaign.case.sources, *(regimes.sources if regimes else ()))}
        """Case and regime sources: briefs cite both in one list of notes."""
        self._catalogs: dict[str, Translations] = {}
        self._sanctions: dict[str, Sanctions | Skipped] = {}
        """`sanctions()` per regime and jurisdiction: it depends on them and the case only."""
        self.as_of = loaded.campaign.settings.date
        self.story = Story(loaded.campaign.case, self.as_of)
        self.filings = Filings(self.story)

    def translations(self, lang: str) -> Translations:
        if lang not in self._catalogs:
            self._catalogs[lang] = load_translations(self.letters, lang)
        return self._catalogs[lang]

    def with_fallback(self, lang: str, fallback: str) -> Translations:
        """`lang`'s translations, taking each message it lacks from `fallback` (build --fallback)."""
        key = f"{lang}>{fallback}"
        if key not in self._catalogs:
            combined = load_translations(self.letters, lang)
            combined.add_fallback(load_translations(self.letters, fallback))
            self._catalogs[key] = combined
        return self._catalogs[key]

    def render(self, recipient: Recipient, kind: str, lang: str, fallback: str | None = None) -> Rendered | Skipped:
        """Render `kind` for `recipient` in `lang`; raise InputError/RenderError with the place."""
        translations = self.with_fallback(lang, fallback) if fallback else self.translations(lang)
        native = self.loaded.campaign.settings.native_names(lang)
        language = LetterLanguage(lang, letter_locale(recipient, lang), translations, fallback, native)
        context = self._context(recipient, kind, language)
        if isinstance(context, Skipped):
            return context
        citations: Citations = context["_citations"]
        module = self._run(kind, context)
        frame: Frame = getattr(module, "frame", "letter")
        if frame not in ("letter", "brief", "email"):
            raise self._error(kind, None, f"'frame' must be letter, brief or email, not {frame!r}")
        if frame == "brief":
            citations.exhibit = str(translations.gettext(EXHIBIT))
        body = parse_blocks(str(module))
        subject = str(getattr(module, "subject", "") or "")
        title = str(getattr(module, "title", "") or "")
        blocks = typeset(self._frame(frame, recipient, language, body, subject, title, citations), language.locale)
        meta = n.DocumentMeta(
            title=_plain(title or subject),
            author=self.loaded.campaign.settings.organisation.name,
            language=language.locale.replace("_", "-"),
            date=self.as_of,
            kind="brief" if frame == "brief" else "letter",
            page_size="Letter" if recipient.jurisdiction in LETTER_PAPER else "A4",
            page_label=str(language.translations.gettext(PAGE_LABEL)) % {"page": "{page}", "pages": "{pages}"},
            subject=_plain(subject),
            direction=text_direction(language.locale),
            scripts=scripts_of(blocks),
            reference=n.document_reference(self.loaded.campaign.case.id, kind, recipient.id, self.as_of),
        )
        return Rendered(n.Document(meta, blocks), _plain(subject or title), frame)

    def _context(self, recipient: Recipient, kind: str, language: LetterLanguage) -> dict[str, Any] | Skipped:
        story = self.story
        reason = unmet(kind, story.case, self.as_of)
        if reason is not None:
            return Skipped(reason)
        organisation = self.loaded.campaign.settings.organisation.name
        withheld = None if recipient.confidential else str(language.gettext(WITHHELD_SOURCE, organisation=organisation))
        citations = Citations(self.sources, self.as_of, withheld)
        sanctions = self.sanctions(recipient)
        context: dict[str, Any] = {
            "_citations": citations,
            "lang": language.lang,
            "locale": language.locale,
            "as_of": self.as_of,
            "campaign": self.loaded.campaign.settings,
            "recipient": recipient,
            "confidential": recipient.confidential,
            "documents": self.produced(recipient),
            "case": story.known,
            "story": story,
            "filings": self.filings,
            "to_the_state": recipient.jurisdiction == story.case.state,
            "country": language.country(story.case),
            "violations": {v.category.value for v in story.known.violations},
            "_": language.gettext,
            "gendered": language.gendered,
            "gendered_all": language.gendered_all,
            "gettext": language.gettext,
            "ngettext": language.ngettext,
            "t": language.text,
            "name": language.name,
            "names": language.names,
            "few_names": language.few_names,
            "verdicts": language.verdicts,
            "native_names": language.native_names,
            "date": language.date,
            "when": language.when,
            "since": language.since,
            "duration": language.duration,
            "penalty": language.penalty,
            "penalties": language.penalties,
            "provision": language.provision,
            "number": language.number,
            "spell": language.spell,
            "country_name": language.country_name,
            "country_names": language.country_names,
            "join": language.join,
            "cite": citations.cite,
            "exhibits": citations.exhibit_list,
            "evidence": self.loaded.evidence,
            "meeting": meeting,
            "for_letter": for_letter,
            "language_name": language.language_name,
            "act_title": lambda act: self.act_title(act, language),
            "regime": None,
            "targets": [],
            "designated": [],
            "grounds": [],
        }
        if isinstance(sanctions, Sanctions):
            context["regime"], context["targets"], context["designated"] = (
                sanctions.regime,
                sanctions.targets,
                sanctions.designated,
            )
            context["grounds"] = sanctions.criteria(language.lang)
        elif kind == "sanctions-brief":
            return sanctions
        return context

    def act_title(self, act: LegalAct, language: LetterLanguage) -> str:
        """A legal act's title in the letter's language: the official one where the act's official
        text exists in it, else the regimes file's own wording."""
        regime = next((r for r in self.regimes.values() if act in r.legal_basis), None)
        instrument = regime.instrument(act.instrument) if regime else None
        if instrument is not None and language.lang in instrument.title:
            return instrument.title[language.lang]
        return language.text(act.title)

    def produced(self, recipient: Recipient) -> tuple[str, ...]:
        """The recipient's documents that will really be written (a brief with no ground is not)."""
        documents = self.loaded.campaign.documents_for(recipient)
        return tuple(
            k
            for k in documents
            if (k != "sanctions-brief" or not isinstance(self.sanctions(recipient), Skipped))
            and unmet(k, self.story.case, self.as_of) is None
        )

    def sanctions(self, recipient: Recipient) -> Sanctions | Skipped:
        """The recipient's regime, the targets to propose under it and those its jurisdiction has
        already designated, or why there is no brief."""
        key = f"{recipient.regime or ''}/{recipient.jurisdiction}"
        if key not in self._sanctions:
            self._sanctions[key] = self._find_sanctions(recipient.regime or "", recipient.jurisdiction)
        return self._sanctions[key]

    def _find_sanctions(self, regime_id: str, jurisdiction: str) -> Sanctions | Skipped:
        regime = self.regimes.get(regime_id)
        if regime is None:
            known = ", ".join(sorted(self.regimes)) or "none"
            return Skipped(f"recipient has no sanctions regime (known: {known})")
        story = self.story
        meeting = sanction_targets(story.known, regime)
        if not meeting:
            in_case = {v.category for v in story.known.violations}
            alleged = sorted({v.value for o in story.officials if o.target for v in o.violations if v in in_case})
            covered = ", ".join(sorted(v.value for v in regime.categories))
            return Skipped(
                f"no target's alleged conduct meets a ground of {regime.id} as of {self.as_of}: the regime "
                f"covers {covered}; the targets are alleged {', '.join(alleged) or 'nothing'}"
            )
        authority = regime.jurisdiction
        designated = [o for o, _ in meeting if story.designated(o, authority)]
        targets = [(o, g) for o, g in meeting if not story.designated(o, authority)]
        if not targets:
            names = ", ".join(o.name.latin for o in designated)
            return Skipped(
                f"every target meeting a ground of {regime.id} is already designated by {authority}: {names}"
            )
        return Sanctions(regime, targets, designated)

    def _run(self, kind: str, context: dict[str, Any]) -> Any:
        name = f"{kind}{TEMPLATE_SUFFIX}"
        try:
            template = self.env.get_template(name)
            try:
                return template.make_module(context)
            except Exception:
                # make_module skips Jinja's traceback rewriting; without it the frames carry the
                # line numbers of the compiled Python, not of the template.
                self.env.handle_exception()
        except TemplateSyntaxError as exc:
            raise self._error(kind, exc.lineno, exc.message or str(exc), exc.filename) from None
        except (
            CampaignError,
            TemplateError,
            ArithmeticError,
            LookupError,
            TypeError,
            ValueError,
            RecursionError,
        ) as exc:
            file, line = self._template_line(exc)
            message = exc.message if isinstance(exc, CampaignError) else f"{type(exc).__name__}: {exc}"
            raise self._error(kind, line, message, file) from None

    def _template_line(self, exc: BaseException) -> tuple[str | None, int | None]:
        """The innermost template frame of a runtime error (Jinja gives runtime errors no line)."""
        found: tuple[str | None, int | None] = (None, None)
        for frame in traceback.extract_tb(exc.__traceback__):
            if frame.filename and frame.filename.startswith(str(self.letters)):
                found = (frame.filename, frame.lineno)
        return found

    def _error(self, kind: str, line: int | None, message: str, file: str | None = None) -> InputError:
        shown = Path(file).name if file else f"{kind}{TEMPLATE_SUFFIX}"
        span = SourceSpan(f"{shown_letters(self.letters, self.loaded.folder)}/{shown}", line or 0)
        return InputError(message, [Diagnostic(message, "template.error", span)])

    def _frame(
        self,
        frame: Frame,
        recipient: Recipient,
        language: LetterLanguage,
        body: tuple[n.Block, ...],
        subject: str,
        title: str,
        citations: Citations,
    ) -> tuple[n.Block, ...]:
        settings = self.loaded.campaign.settings
        org = settings.organisation
        forms = self.loaded.forms
        signature = n.Signature(
            closing(recipient, language.lang, forms) if frame != "brief" else "",
            settings.signatory.name,
            language.text(settings.signatory.title),
            org.name,
        )
        if frame == "email":
            return (n.Salutation(salutation(recipient, language.lang, forms)), *body, signature)
        logo = str((self.loaded.folder / org.logo).resolve()) if org.logo else None
        head: list[n.Block] = [
            n.Letterhead(org.name, (*org.address, org.website, org.email), logo),
            n.AddressBlock(_address_lines(recipient, language.lang)),
            n.DateLine(language.date(self.as_of)),
        ]
        if frame == "letter":
            head += [n.Subject(parse_inline(subject)), n.Salutation(salutation(recipient, language.lang, forms))]
        else:
            head.insert(2, n.Title(parse_inline(title or subject)))
        tail: list[n.Block] = [signature]
        notes = citations.notes(language.date)
        if notes:
            tail.append(n.Footnotes(str(language.translations.gettext(SOURCES)), notes))
        return (*head, *body, *tail)


def meeting(criteria: Iterable[Criterion], violations: Iterable[Violation]) -> list[Criterion]:
    """The criteria that cover one of `violations` (what an act or a role meets)."""
    wanted = set(violations)
    return [c for c in criteria if wanted & set(c.covers)]


def _address_lines(recipient: Recipient, lang: str) -> tuple[str, ...]:
    lines: list[str] = []
    if recipient.person:
        person = recipient.person
        lines.append(" ".join(p for p in (person.honorific, person.name, person.post_nominals) if p))
    lines += [recipient.office_in(lang), recipient.institution_in(lang), *recipient.postal_address]
    return tuple(dict.fromkeys(line for line in lines if line))


def _plain(markdown: str) -> str:
    """The visible text of a one-line Markdown string (for metadata and mail subjects)."""
    if not markdown.strip():
        return ""
    return n.plain_text(parse_inline(markdown)).strip()
