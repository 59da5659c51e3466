"""What `campaign i18n extract | update | compile | status` do, without any printing.

The workflow for a language: `extract` writes the template from the letters, `update` brings
each catalog in line with it (creating missing ones), translators fill the `.po`, `status` says
what is still missing, file:line by file:line, and `compile` writes `.mo` files for other gettext
tools (the build itself reads the `.po` directly).

`update` keeps babel's fuzzy matching: a changed sentence arrives with the old translation as a
suggestion, flagged fuzzy and with the previous msgid shown. Fuzzy entries are never used and
count as untranslated, so a suggestion cannot reach a letter unreviewed. Obsolete entries (`#~`)
take part too: babel's update only looks at live entries, so a sentence removed from a template
and later put back would arrive empty while its translation stayed in `#~`. `update` brings it
back, as it was when the same sentence returns, flagged fuzzy when only a similar one does.

`sync` is the one command after a template change: extract, update every catalog, status.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po, write_po

from campaign.diagnostics import Diagnostic, Severity, SourceSpan
from campaign.errors import CatalogError, InputError
from campaign.files import write_atomically
from campaign.i18n.catalogs import (
    DOMAIN,
    SOURCE_LANG,
    CatalogStatus,
    catalog_languages,
    check_catalog,
    check_language,
    mo_path,
    po_path,
    pot_path,
    read_catalog,
    shown_path,
    usable_catalog,
)
from campaign.i18n.extract import extract_messages, literal_text
from campaign.i18n.messages import SourceMessage
from campaign.i18n.pseudo import PSEUDO_LANG
from campaign.load.structure import structure
from campaign.load.yaml import load_yaml
from campaign.model.campaign import CampaignFile
from campaign.model.common import babel_tag
from campaign.model.loaded import letters_folder

PO_WIDTH = 76


@dataclass(frozen=True)
class Written:
    """One file a command wrote (or found already up to date)."""

    file: str
    messages: int
    changed: bool


def declared_languages(folder: Path) -> tuple[str, ...]:
    """The `languages` of the campaign's `campaign.yaml` (only that file is read)."""
    loaded = load_yaml(folder / "campaign.yaml", "campaign.yaml")
    settings, problems = structure(CampaignFile, loaded)
    if settings is None:
        raise InputError("campaign.yaml is not valid", problems)
    return settings.languages


def translated_languages(folder: Path, langs: Iterable[str] = ()) -> list[str]:
    """`langs` if given, else the declared languages and those with a catalog; never en or xx."""
    chosen = set(langs) or {*declared_languages(folder), *catalog_languages(letters_folder(folder))}
    return sorted(chosen - {SOURCE_LANG, PSEUDO_LANG})


def extract(letters: Path, extra: Sequence[SourceMessage] = ()) -> Written:
    """Write `letters/locale/letters.pot` from the templates (unchanged content is not rewritten)."""
    catalog = extract_messages(letters, extra)
    path = pot_path(letters)
    old = _read_template(path) if path.is_file() else None
    changed = old is None or _content(old) != _content(catalog)
    if changed:
        _write_po(path, catalog)
    return Written(shown_path(letters, path), _count(catalog), changed)


def update(letters: Path, langs: Iterable[str]) -> list[Written]:
    """Merge the template into each language's catalog, creating the catalogs that are missing."""
    template = _read_template(pot_path(letters))
    chosen = list(langs)
    for lang in chosen:
        check_language(lang)
    written = []
    for lang in chosen:
        path = po_path(letters, lang)
        if path.is_file():
            catalog = read_catalog(letters, lang).catalog
        else:
            catalog = Catalog(locale=babel_tag(lang), domain=DOMAIN, project=template.project, fuzzy=False)
        before = _content(catalog, translations=True)
        _revive_obsolete(catalog)
        catalog.update(template, update_header_comment=False)
        changed = not path.is_file() or _content(catalog, translations=True) != before
        if changed:
            _write_po(path, catalog, include_previous=True)
        written.append(Written(shown_path(letters, path), _count(catalog), changed))
    return written


def _revive_obsolete(catalog: Catalog) -> None:
    """Put the translated obsolete entries back among the live ones before babel's update.

    The update then keeps one whose message is in the template again (exactly: as it was; a
    similar message: as a fuzzy suggestion) and makes the others obsolete again. A live entry
    left empty beside a translated obsolete one (what earlier updates wrote) takes its translation.
    """
    for key, message in list(catalog.obsolete.items()):
        if not message.id or not _translated(message.string):
            continue
        live = catalog.get(message.id, message.context)
        if live is not None and _translated(live.string):
            continue
        del catalog.obsolete[key]
        if live is not None:
            live.string = message.string
            live.flags |= message.flags
            live.user_comments = live.user_comments or message.user_comments
        else:
            catalog[message.id] = message


def _translated(string: object) -> bool:
    if isinstance(string, (list, tuple)):
        return any(string)
    return bool(string)


@dataclass(frozen=True)
class SyncResult:
    """What `sync` did: the template, each catalog, and the status after."""

    template: Written
    catalogs: list[Written]
    status: StatusReport


def sync(folder: Path, langs: Iterable[str] = (), extra: Sequence[SourceMessage] = ()) -> SyncResult:
    """Extract the template, update the catalogs of `langs` (default: all), then judge them all."""
    letters = letters_folder(folder)
    template = extract(letters, extra)
    catalogs = update(letters, translated_languages(folder, langs))
    return SyncResult(template, catalogs, status(folder, extra))


def compile_catalogs(letters: Path, langs: Iterable[str]) -> list[Written]:
    """Write `.mo` files holding only the usable messages (never fuzzy, empty or broken ones)."""
    written = []
    for lang in langs:
        usable = usable_catalog(read_catalog(letters, lang))
        path = mo_path(letters, lang)
        buffer = io.BytesIO()
        write_mo(buffer, usable, use_fuzzy=False)
        write_atomically(path, buffer.getvalue())
        written.append(Written(shown_path(letters, path), _count(usable), True))
    return written


@dataclass(frozen=True)
class LanguageRow:
    """One line of `campaign i18n status`."""

    lang: str
    declared: bool
    status: CatalogStatus | None
    """None when the language has no catalog."""

    @property
    def complete(self) -> bool:
        return self.status is not None and self.status.complete


@dataclass(frozen=True)
class StatusReport:
    """Every language's catalog status and every problem, with what fails the command."""

    rows: tuple[LanguageRow, ...]
    problems: tuple[Diagnostic, ...]

    @property
    def failed(self) -> bool:
        """A declared language incomplete or without catalog, or an out-of-date template."""
        return any(p.severity is Severity.ERROR for p in self.problems)


def status(folder: Path, extra: Sequence[SourceMessage] = ()) -> StatusReport:
    """Judge every catalog against the template; problems of undeclared languages are warnings."""
    letters = letters_folder(folder)
    declared = set(declared_languages(folder))
    template = _read_template(pot_path(letters))
    problems = _template_problems(letters, template, extract_messages(letters, extra)) + literal_text(letters)
    rows = []
    for lang in translated_languages(folder):
        row, found = _language_row(letters, template, lang, lang in declared)
        rows.append(row)
        problems.extend(found)
    return StatusReport(tuple(rows), tuple(problems))


def _language_row(letters: Path, template: Catalog, lang: str, declared: bool) -> tuple[LanguageRow, list[Diagnostic]]:
    try:
        result: CatalogStatus | None = check_catalog(template, read_catalog(letters, lang))
        found = list(result.problems) if result else []
    except CatalogError as exc:
        result, found = None, list(exc.diagnostics) or [Diagnostic(exc.message, "catalog.error")]
    if not declared:
        found = [dataclasses.replace(d, severity=Severity.WARNING) for d in found]
    return LanguageRow(lang, declared, result), found


def _template_problems(letters: Path, template: Catalog, live: Catalog) -> list[Diagnostic]:
    """The `.pot` against what the templates use now: stale in either direction is an error."""
    shown = shown_path(letters, pot_path(letters))
    problems = []
    for message in live:
        if message.id and template.get(message.id, message.context) is None:
            where = message.locations[0] if message.locations else (shown, 0)
            file = f"{letters.name}/{where[0]}" if str(where[0]).endswith(".j2") else shown
            text = f'msgid "{_first(message.id)}" is used but not in {shown}; run: campaign i18n extract'
            problems.append(Diagnostic(text, "catalog.template-stale", SourceSpan(file, int(where[1] or 0))))
    for message in template:
        if message.id and live.get(message.id, message.context) is None:
            text = f'msgid "{_first(message.id)}" is no longer used; run: campaign i18n extract, then update'
            problems.append(Diagnostic(text, "catalog.template-stale", SourceSpan(shown, message.lineno or 0)))
    return problems


def _first(msgid: object) -> str:
    return str(msgid[0]) if isinstance(msgid, (list, tuple)) else str(msgid)


def _read_template(path: Path) -> Catalog:
    shown = shown_path(path.parent.parent, path)  # path is letters/locale/letters.pot
    if not path.is_file():
        message = "the message template is missing; create it with: campaign i18n extract"
        raise CatalogError(message, [Diagnostic(message, "catalog.no-template", SourceSpan(shown))])
    try:
        with path.open("rb") as handle:
            return read_po(handle, domain=DOMAIN, abort_invalid=True)
    except PoFileError as exc:
        message = "the message template is not valid; recreate it with: campaign i18n extract"
        raise CatalogError(
            message, [Diagnostic(message, "catalog.syntax", SourceSpan(shown, exc.lineno + 1))]
        ) from None


def _content(catalog: Catalog, *, translations: bool = False) -> list[tuple[object, ...]]:
    """What a catalog says, without the dates babel stamps on every write."""
    return [
        (
            m.id,
            m.string if translations else None,
            tuple((file, line or 0) for file, line in m.locations),
            " ".join(m.auto_comments),
            tuple(sorted(m.flags)),
        )
        for m in catalog
        if m.id
    ] + [(m.id, m.string) for m in catalog.obsolete.values()]


def _count(catalog: Catalog) -> int:
    return sum(1 for m in catalog if m.id)


def _write_po(path: Path, catalog: Catalog, *, include_previous: bool = False) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=PO_WIDTH, include_previous=include_previous, sort_output=False)
    write_atomically(path, buffer.getvalue())


__all__ = [
    "LanguageRow",
    "StatusReport",
    "SyncResult",
    "Written",
    "compile_catalogs",
    "declared_languages",
    "extract",
    "status",
    "sync",
    "translated_languages",
    "update",
]
