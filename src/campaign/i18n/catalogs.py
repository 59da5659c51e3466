"""Letter catalogs: reading them strictly, judging them honestly, and turning them into gettext objects.

Babel's defaults hide every way a translation can be unfinished (see section 6 of the reference
`library-behaviour-under-attack.md`): fuzzy entries and catalogs with a fuzzy header are skipped
and the English msgid is shown, empty strings print English, a partly filled plural is compiled
with English filling the gaps, a misspelt placeholder compiles anyway, and a missing catalog
silently becomes `NullTranslations`. Here each of those counts as *not translated*:

- `check_catalog` judges a catalog against the template and says where each problem is, as
  `letters/locale/ru/LC_MESSAGES/letters.po:LINE: ...` (1-based lines);
- `load_translations` reads the `.po` directly (no compiled `.mo` is needed or committed) and
  keeps only the messages that pass, so an untranslated message is absent from the catalog:
  gettext then falls through to a fallback added with `add_fallback`, or to the English msgid
  when a build was explicitly allowed a fallback;
- a missing catalog raises `CatalogError`; English, the source language, needs none.

Layout (domain `letters`): `letters/locale/letters.pot` is the template,
`letters/locale/<lang>/LC_MESSAGES/letters.po` the catalogs; `.mo` files next to them are build
output (gitignored). The pseudo-locale `xx` is generated from the template (see `pseudo`).
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations

from campaign.diagnostics import Diagnostic, Severity, SourceSpan
from campaign.errors import CatalogError, InputError
from campaign.i18n.extract import extract_messages
from campaign.i18n.messages import SourceMessage
from campaign.i18n.pseudo import PSEUDO_LANG, pseudo_catalog
from campaign.model.common import LANG_PATTERN, babel_tag, language_of

__all__ = [
    "DOMAIN",
    "SOURCE_LANG",
    "CatalogStatus",
    "PoFile",
    "catalog_languages",
    "catalog_status",
    "check_catalog",
    "check_language",
    "first_missing",
    "load_translations",
    "message_problem",
    "mo_path",
    "po_path",
    "pot_path",
    "read_catalog",
    "reference_catalog",
    "usable_catalog",
]

DOMAIN = "letters"
SOURCE_LANG = "en"
"""Templates are written in English; `en` letters use the msgids themselves."""
_LANG = re.compile(LANG_PATTERN)
_PLACEHOLDER = re.compile(r"%\(\w*\)[a-zA-Z]?|%[sd%]")
OF_SUFFIX = "_of"
"""A translation's `%(name_of)s` is the source's `%(name)s` in its "of" form (see campaign.render.context.Named)."""
_HEADER = re.compile(r'^msgid\s+""\s*$')
_PO_LINE = re.compile(r'^(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"$')


def pot_path(letters: Path) -> Path:
    """The template catalog: `letters/locale/letters.pot`."""
    return letters / "locale" / f"{DOMAIN}.pot"


def po_path(letters: Path, lang: str) -> Path:
    """The catalog of one language: `letters/locale/<lang>/LC_MESSAGES/letters.po`."""
    return letters / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(letters: Path, lang: str) -> Path:
    """Where `campaign i18n compile` writes a language's binary catalog (never committed)."""
    return po_path(letters, lang).with_suffix(".mo")


def shown_path(letters: Path, path: Path) -> str:
    """A path as the user sees it, relative to the campaign folder: `letters/locale/...`."""
    try:
        return f"{letters.name}/{path.relative_to(letters).as_posix()}"
    except ValueError:
        return str(path)


def catalog_languages(letters: Path) -> list[str]:
    """Languages that have a catalog file, sorted."""
    root = letters / "locale"
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if _LANG.match(p.name) and po_path(letters, p.name).is_file())


@dataclass(frozen=True)
class PoFile:
    """A catalog read from a `.po` file, with what is needed to point at its lines."""

    lang: str
    catalog: Catalog
    file: str
    """Path shown in messages, e.g. `letters/locale/ru/LC_MESSAGES/letters.po`."""
    header_line: int
    """1-based line of the header entry (`msgid ""`)."""


def read_catalog(letters: Path, lang: str) -> PoFile:
    """Read the `.po` of `lang` strictly; a missing or malformed file raises `CatalogError`."""
    check_language(lang)
    path = po_path(letters, lang)
    shown = shown_path(letters, path)
    if not path.is_file():
        message = f"no catalog for '{lang}'; create it with: campaign i18n update --lang {lang}"
        raise CatalogError(message, [Diagnostic(message, "catalog.missing", SourceSpan(shown))])
    try:
        raw = path.read_bytes()
        catalog = read_po(io.BytesIO(raw), domain=DOMAIN, abort_invalid=True)
    except PoFileError as exc:
        # PoFileError counts lines from 0 (a parsed Message's lineno counts from 1).
        message = f"not a valid catalog: {exc.args[0].rsplit(' on ', 1)[0]}"
        raise CatalogError(
            message, [Diagnostic(message, "catalog.syntax", SourceSpan(shown, exc.lineno + 1))]
        ) from None
    except (OSError, UnicodeDecodeError, ValueError, UnknownLocaleError) as exc:
        message = f"cannot be read as a catalog: {exc}"
        raise CatalogError(message, [Diagnostic(message, "catalog.unreadable", SourceSpan(shown))]) from None
    bad_line = _malformed_line(raw.decode("utf-8", "replace"))
    if bad_line:
        message = "not a valid catalog: expected a keyword and one quoted string; is a closing quote missing?"
        raise CatalogError(message, [Diagnostic(message, "catalog.syntax", SourceSpan(shown, bad_line))])
    return PoFile(lang, catalog, shown, _header_line(raw))


def _malformed_line(text: str) -> int | None:
    """The 1-based number of the first entry line that is not `keyword "string"` or `"string"`.

    babel accepts `msgstr "Источники` (closing quote forgotten) and reads it as "Источник": it
    drops the first and last character, whatever they are, and says nothing.
    """
    for number, line in enumerate(text.splitlines(), start=1):
        body = line.strip()
        if body.startswith("#~"):
            body = body[2:].strip()
            if not body.startswith(("msg", '"')):
                continue
        elif not body or body.startswith("#"):
            continue
        if not _PO_LINE.match(body):
            return number
    return None


def _header_line(raw: bytes) -> int:
    for number, line in enumerate(raw.decode("utf-8", "replace").splitlines(), start=1):
        if _HEADER.match(line):
            return number
    return 1


def check_language(lang: str) -> None:
    """Refuse anything but a lower-case language code that CLDR knows (or the pseudo-locale `xx`).

    The language becomes a path (`--lang ../x` must not write outside `letters/locale`), a catalog
    under `ru_HF` or `EN` would never be read, and gettext would quietly turn `ru_HF` into `ru`.
    """
    if not _LANG.match(lang):
        raise CatalogError(f"'{lang}' is not a language tag such as ru, fa or zh-Hant")
    if lang == PSEUDO_LANG:
        return
    try:
        Locale.parse(babel_tag(lang))
    except (UnknownLocaleError, ValueError):
        raise CatalogError(f"'{lang}' is not a language known to CLDR; use a code such as ru, kk or fr") from None


def reference_catalog(letters: Path, extra: tuple[SourceMessage, ...] = (), *, require_pot: bool = True) -> Catalog:
    """Every message a letter may ask for: the `.pot`, plus any the templates use that it lacks.

    Reading the templates as well means a sentence added since the last `campaign i18n extract`
    still counts as missing, instead of rendering in English.
    """
    pot_file = pot_path(letters)
    live = extract_messages(letters, extra)
    if not pot_file.is_file():
        if require_pot:
            shown = shown_path(letters, pot_file)
            message = "the message template is missing; create it with: campaign i18n extract"
            raise CatalogError(message, [Diagnostic(message, "catalog.no-template", SourceSpan(shown))])
        return live
    with pot_file.open("rb") as handle:
        try:
            reference = read_po(handle, domain=DOMAIN, abort_invalid=True)
        except PoFileError as exc:
            shown = shown_path(letters, pot_file)
            message = "the message template is not valid; recreate it with: campaign i18n extract"
            raise CatalogError(
                message, [Diagnostic(message, "catalog.syntax", SourceSpan(shown, exc.lineno + 1))]
            ) from None
    for used in live:
        if used.id and reference.get(used.id, used.context) is None:
            reference[used.id] = used
    return reference


def placeholders(text: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """The named placeholders of `text` as a set, its positional ones (`%s`, `%d`) in order."""
    tokens = [t for t in _PLACEHOLDER.findall(text) if t != "%%"]
    return frozenset(t for t in tokens if t.startswith("%(")), tuple(t for t in tokens if not t.startswith("%("))


def message_problem(message: Message, nplurals: int) -> tuple[str, str] | None:
    """Why `message` cannot be used as a translation (code, explanation), or None if it can."""
    if message.fuzzy:
        return "catalog.fuzzy", "marked fuzzy (a guess from a similar message); check it, then remove the fuzzy flag"
    if isinstance(message.id, (list, tuple)):
        forms = tuple(str(s or "") for s in message.string) if isinstance(message.string, (list, tuple)) else ()
        empty = [str(i) for i, form in enumerate(forms) if not form] + [str(i) for i in range(len(forms), nplurals)]
        if len(empty) == nplurals:
            return "catalog.untranslated", "not translated"
        if empty:
            return "catalog.partial-plural", f"plural form(s) {', '.join(empty)} of {nplurals} are empty"
        named = placeholders(str(message.id[0]))[0] | placeholders(str(message.id[1]))[0]
        source = (named, placeholders(str(message.id[1]))[1])
    else:
        forms = (str(message.string or ""),)
        if not forms[0]:
            return "catalog.untranslated", "not translated"
        source = placeholders(str(message.id))
    for index, form in enumerate(forms):
        found = _as_source(placeholders(form), source[0])
        if found != source:
            where = f"plural form {index}" if len(forms) > 1 or isinstance(message.id, (list, tuple)) else "translation"
            return (
                "catalog.placeholders",
                f"the {where} has placeholders {_describe(found)}, the source {_describe(source)}",
            )
    return None


def _as_source(
    found: tuple[frozenset[str], tuple[str, ...]], named: frozenset[str]
) -> tuple[frozenset[str], tuple[str, ...]]:
    """A translation's placeholders with each `%(x_of)s` counted as the source's `%(x)s`: a
    translation may take a name in its "of" form (the genitive) where the source has the name."""
    kept = set()
    for token in found[0]:
        base = token.replace(f"{OF_SUFFIX})", ")")
        kept.add(base if token not in named and base in named else token)
    return frozenset(kept), found[1]


def _describe(found: tuple[frozenset[str], tuple[str, ...]]) -> str:
    items = sorted(found[0]) + list(Counter(found[1]).elements())
    return " ".join(items) if items else "none"


def _shown_id(msgid: object) -> str:
    text = str(msgid[0]) if isinstance(msgid, (list, tuple)) else str(msgid)
    return text if len(text) <= 70 else text[:67] + "..."


def _label(message: Message) -> str:
    """How a message is named in a diagnostic: `msgctxt "female" msgid "..."` when it has a context."""
    context = f'msgctxt "{message.context}" ' if message.context else ""
    return f'{context}msgid "{_shown_id(message.id)}"'


def message_key(message: Message) -> str:
    """A message's singular msgid, with its context in front where it has one (`female|...`)."""
    singular = _singular(message.id)
    return f"{message.context}|{singular}" if message.context else singular


@dataclass(frozen=True)
class CatalogStatus:
    """How complete one language's catalog is, judged against the template."""

    lang: str
    file: str
    translated: int
    fuzzy: int
    untranslated: int
    """Empty, partly filled plural, placeholder mismatch, or not in the catalog at all."""
    obsolete: int
    """`#~` entries, and entries no template uses any more."""
    missing: tuple[str, ...]
    """The msgids (singular for plurals) that cannot be used, in template order."""
    problems: tuple[Diagnostic, ...]
    """Everything wrong, each at `file:line`; obsolete entries are warnings."""

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def complete(self) -> bool:
        """Every message usable and nothing wrong with the header."""
        return not self.missing and not any(p.severity is Severity.ERROR for p in self.problems)


def check_catalog(pot: Catalog, po: PoFile) -> CatalogStatus:
    """Count and locate what stops `po` from translating every message of `pot`."""
    problems = _header_problems(po)
    nplurals = po.catalog.num_plurals
    counts: Counter[str] = Counter()
    missing: list[str] = []
    for source in pot:
        if not source.id:
            continue
        kind, diagnostic = _judge(source, po, nplurals)
        counts[kind] += 1
        if diagnostic:
            missing.append(message_key(source))
            problems.append(diagnostic)
    obsolete = _obsolete(pot, po)
    problems.extend(obsolete)
    return CatalogStatus(
        lang=po.lang,
        file=po.file,
        translated=counts["translated"],
        fuzzy=counts["fuzzy"],
        untranslated=counts["untranslated"],
        obsolete=len(obsolete),
        missing=tuple(missing),
        problems=tuple(problems),
    )


def _singular(msgid: object) -> str:
    return str(msgid[0]) if isinstance(msgid, (list, tuple)) else str(msgid)


def _judge(source: Message, po: PoFile, nplurals: int) -> tuple[str, Diagnostic | None]:
    """('translated' | 'fuzzy' | 'untranslated', the problem if any) for one template message."""
    label = _label(source)
    found = po.catalog.get(source.id, source.context)
    if found is None:
        text = f"{label}: not in this catalog; run: campaign i18n update --lang {po.lang}"
        return "untranslated", Diagnostic(text, "catalog.not-in-catalog", SourceSpan(po.file))
    span = SourceSpan(po.file, found.lineno or 0)
    if isinstance(source.id, (list, tuple)) != isinstance(found.id, (list, tuple)):
        text = f"{label}: the source changed between singular and plural; run: campaign i18n update"
        return "untranslated", Diagnostic(text, "catalog.plural-changed", span)
    problem = message_problem(found, nplurals)
    if problem is None and po.catalog.fuzzy:
        return "fuzzy", Diagnostic(f"{label}: not used, because the catalog header is fuzzy", "catalog.fuzzy", span)
    if problem is None:
        return "translated", None
    code, text = problem
    return ("fuzzy" if code == "catalog.fuzzy" else "untranslated"), Diagnostic(f"{label}: {text}", code, span)


def _header_problems(po: PoFile) -> list[Diagnostic]:
    span = SourceSpan(po.file, po.header_line)
    problems = []
    if po.catalog.fuzzy:
        text = "the header is marked fuzzy, so gettext tools ignore the whole catalog; review it and remove the flag"
        problems.append(Diagnostic(text, "catalog.fuzzy-header", span))
    locale = po.catalog.locale
    if locale is None or language_of(str(locale)) != po.lang:
        text = f"the header says 'Language: {locale or ''}', but this is the '{po.lang}' catalog"
        problems.append(Diagnostic(text, "catalog.language", span))
    expected = _expected_plurals(po.lang)
    if expected and po.catalog.num_plurals not in expected:
        text = (
            f"Plural-Forms has nplurals={po.catalog.num_plurals}, but '{po.lang}' needs "
            f"{' or '.join(str(n) for n in sorted(expected))}; fix the header's Plural-Forms line"
        )
        problems.append(Diagnostic(text, "catalog.plural-forms", span))
    return problems


_CLASSIC_PLURALS = {"ca": 2, "es": 2, "fr": 2, "it": 2, "pt": 2}
"""nplurals in the headers msginit, Poedit and babel before 2.19 write, where babel 2.19 (CLDR)
adds a third form for millions ("1 000 000 de jours"). Both are right, and a catalog must not
turn incomplete when babel is upgraded."""


def _expected_plurals(lang: str) -> frozenset[int]:
    """The plural counts a `lang` header may declare; empty when babel does not know the language."""
    try:
        cldr = int(get_plural(Locale.parse(babel_tag(lang))).num_plurals)
    except (UnknownLocaleError, ValueError):
        return frozenset()
    return frozenset({cldr, _CLASSIC_PLURALS.get(lang, cldr)})


def _obsolete(pot: Catalog, po: PoFile) -> list[Diagnostic]:
    found = []
    for message in po.catalog.obsolete.values():
        text = f"{_label(message)}: obsolete (#~); delete it once no translator needs it"
        found.append(
            Diagnostic(text, "catalog.obsolete", SourceSpan(po.file, message.lineno or 0), severity=Severity.WARNING)
        )
    for message in po.catalog:
        if message.id and pot.get(message.id, message.context) is None:
            text = f"{_label(message)}: no template uses it; run: campaign i18n update"
            found.append(
                Diagnostic(text, "catalog.unused", SourceSpan(po.file, message.lineno or 0), severity=Severity.WARNING)
            )
    return found


def catalog_status(letters: Path, lang: str, extra: tuple[SourceMessage, ...] = ()) -> CatalogStatus:
    """The status of `lang`'s catalog against everything the letters ask for."""
    return check_catalog(reference_catalog(letters, extra), read_catalog(letters, lang))


def first_missing(
    letters: Path, lang: str, extra: tuple[SourceMessage, ...] = (), reference: Catalog | None = None
) -> str | None:
    """For the build gate: the first message `lang` cannot translate, or None if it is complete.

    English and the pseudo-locale are always complete. A language without a catalog raises
    `CatalogError`; a broken template raises `InputError`. When only the header is wrong, the
    header problem is returned instead of a msgid. `reference` is `reference_catalog(letters,
    extra)` when the caller already has it (checking several languages extracts the templates once).
    """
    if lang in (SOURCE_LANG, PSEUDO_LANG):
        return None
    status = check_catalog(reference or reference_catalog(letters, extra), read_catalog(letters, lang))
    if status.missing:
        return status.missing[0]
    errors = [p for p in status.problems if p.severity is Severity.ERROR]
    return errors[0].message if errors else None


def usable_catalog(po: PoFile) -> Catalog:
    """A copy of `po.catalog` holding only the messages that may be shown (see `message_problem`)."""
    usable = Catalog(domain=DOMAIN, fuzzy=False)
    usable.mime_headers = po.catalog.mime_headers
    if po.catalog.fuzzy:
        return usable
    for message in po.catalog:
        if message.id and message_problem(message, po.catalog.num_plurals) is None:
            usable[message.id] = message
    return usable


def to_translations(catalog: Catalog) -> Translations:
    """A real gettext object (plural rules included) built in memory from a babel catalog."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def load_translations(letters: Path, lang: str) -> Translations:
    """The translations of `lang` for letters, straight from its `.po`.

    `en` gives identity translations with English plural rules; `xx` the pseudo-locale built
    from the templates. Any other language must have a catalog, or `CatalogError` is raised; its
    unusable messages (fuzzy, empty, partial plurals, wrong placeholders) are left out.
    """
    check_language(lang)
    if lang == SOURCE_LANG:
        return to_translations(Catalog(locale=SOURCE_LANG, domain=DOMAIN, fuzzy=False))
    if lang == PSEUDO_LANG:
        try:
            return to_translations(pseudo_catalog(reference_catalog(letters, require_pot=False)))
        except InputError as exc:
            raise CatalogError("the pseudo-locale cannot be built: " + exc.message, exc.diagnostics) from None
    return to_translations(usable_catalog(read_catalog(letters, lang)))
