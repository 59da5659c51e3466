"""Shared pieces of the i18n tests: a small letters folder and hand-written catalogs.

The catalogs are plain `.po` text written here, so every test knows on which line each entry
is, and the expected positions come from the text, not from the code under test.

Python code translates messages of its own (`campaign.i18n.messages.CODE_MESSAGES`: durations,
dates, penalties, provisions, the frame's labels...), and a complete catalog must hold them all.
The tests write a handful by hand (the ones they break); `code_entries` adds the rest at test
time, as the shipped catalog of the same language translates them, so a message added to the
code is never missing from a fixture that claims to be complete.
"""

from __future__ import annotations

import gettext
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import escape, read_po

from campaign.i18n.messages import CODE_MESSAGES

DATA = Path(__file__).parent / "data"
CAMPAIGN = DATA / "campaign"
"""A campaign declaring en and fr, with two templates and a French catalog (no .pot) that
`copy_campaign` completes with the code messages."""
SHIPPED_LETTERS = Path(__file__).parents[2] / "src" / "campaign" / "letters"
"""The letters the package ships, with a catalog per language."""

TEMPLATE = """\
{{ _("Dear friend") }}

{{ _("Hello %(name)s", name="Dana") }}

{{ ngettext("%(num)d day", "%(num)d days", 3) }}
"""
"""The one template of the `letters` fixture: a message, a placeholder and a plural."""

RU_PLURALS = "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"

RU_ENTRIES = """\
msgid "Dear friend"
msgstr "Дорогой друг"

msgid "Hello %(name)s"
msgstr "Здравствуйте, %(name)s"

msgid "%(num)d day"
msgid_plural "%(num)d days"
msgstr[0] "%(num)d день"
msgstr[1] "%(num)d дня"
msgstr[2] "%(num)d дней"

msgid "%(num)d year"
msgid_plural "%(num)d years"
msgstr[0] "%(num)d год"
msgstr[1] "%(num)d года"
msgstr[2] "%(num)d лет"

msgid "%(num)d month"
msgid_plural "%(num)d months"
msgstr[0] "%(num)d месяц"
msgstr[1] "%(num)d месяца"
msgstr[2] "%(num)d месяцев"

msgid "%(years)s and %(months)s"
msgstr "%(years)s и %(months)s"

msgid "Sources"
msgstr "Источники"

msgid "Page %(page)s of %(pages)s"
msgstr "Страница %(page)s из %(pages)s"
"""
"""Every message of the `letters` fixture (template and code messages) in Russian."""

RU_MESSAGES = 3 + len(CODE_MESSAGES)
"""How many messages a complete Russian catalog of the `letters` fixture translates: the
template's 3, and every message code translates (5 of them by hand in `RU_ENTRIES`)."""


def po_text(lang: str, plural_forms: str, entries: str, *, language: str | None = None) -> str:
    """A catalog as a translator's tool writes it: a comment, the header entry, then `entries`."""
    header = (
        f"# {lang} translations of the test letters.\n"
        'msgid ""\n'
        'msgstr ""\n'
        '"Project-Id-Version: campaign letters\\n"\n'
        f'"Language: {language or lang}\\n"\n'
        '"MIME-Version: 1.0\\n"\n'
        '"Content-Type: text/plain; charset=utf-8\\n"\n'
        '"Content-Transfer-Encoding: 8bit\\n"\n'
        f'"Plural-Forms: {plural_forms}\\n"\n'
    )
    return f"{header}\n{entries}"


_MSGID = re.compile(r'^msgid "(.+)"$', re.MULTILINE)
_PLURAL_FORMS = re.compile(r"nplurals=(\d+);\s*plural=(.+?);?\s*$")
_SAMPLES = (*range(200), 1_000_000)
"""Counts tried to find, for each plural form of one rule, the form another rule gives it."""


def _plural_rule(plural_forms: str) -> tuple[int, Callable[[int], int]]:
    match = _PLURAL_FORMS.match(plural_forms)
    assert match, plural_forms
    return int(match.group(1)), gettext.c2py(match.group(2))


def shipped_catalog(lang: str) -> Catalog:
    """The catalog the package ships for `lang`."""
    with (SHIPPED_LETTERS / "locale" / lang / "LC_MESSAGES" / "letters.po").open("rb") as handle:
        return read_po(handle)


def code_entries(lang: str, plural_forms: str, *, besides: str = "") -> str:
    """`.po` entries for every message code translates that `besides` (entries written by hand)
    lacks, in the shipped `lang` catalog's words; a plural's forms are those `plural_forms` picks
    for the same counts. Fails, naming the message, if the shipped catalog does not translate one."""
    shipped = shipped_catalog(lang)
    count, rule = _plural_rule(plural_forms)
    shipped_rule = gettext.c2py(shipped.plural_expr)
    # For each form of `plural_forms`, a count that selects it, and the shipped form for that count.
    forms = [next(shipped_rule(n) for n in _SAMPLES if rule(n) == index) for index in range(count)]
    written = set(_MSGID.findall(besides))
    entries = []
    for message in CODE_MESSAGES:
        singular = message.id[0] if isinstance(message.id, tuple) else message.id
        if singular in written:
            continue
        found = shipped.get(singular)
        strings = found.string if found is not None and not found.fuzzy else None
        translated = all(strings) if isinstance(strings, tuple) else bool(strings)
        assert translated, f"the shipped '{lang}' catalog does not translate {singular!r}"
        if isinstance(message.id, tuple):
            assert isinstance(strings, tuple), f"{singular!r} is not a plural in the shipped '{lang}' catalog"
            lines = [f"msgid {escape(message.id[0])}", f"msgid_plural {escape(message.id[1])}"]
            lines += [f"msgstr[{index}] {escape(strings[form])}" for index, form in enumerate(forms)]
        else:
            lines = [f"msgid {escape(singular)}", f"msgstr {escape(str(strings))}"]
        entries.append("\n".join(lines) + "\n")
    return "\n".join(entries)


def complete_po(lang: str, plural_forms: str, entries: str, *, language: str | None = None) -> str:
    """`po_text` of `entries` and, after them, every code message they lack (see `code_entries`)."""
    code = code_entries(lang, plural_forms, besides=entries)
    return po_text(lang, plural_forms, f"{entries}\n{code}", language=language)


def catalog_file(letters: Path, lang: str) -> Path:
    """Where a language's catalog lives, as the README documents it."""
    return letters / "locale" / lang / "LC_MESSAGES" / "letters.po"


def write_catalog(letters: Path, lang: str, text: str) -> Path:
    path = catalog_file(letters, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def line_of(text: str, line: str, after: str | None = None) -> int:
    """The 1-based number of the first line equal to `line` (after the line equal to `after`, if given)."""
    lines = text.splitlines()
    start = lines.index(after) + 1 if after is not None else 0
    return lines.index(line, start) + 1


def copy_campaign(tmp_path: Path) -> Path:
    """A private copy of the fixture campaign that a test may change; its French catalog gets
    the code messages it lacks appended, so that it is complete."""
    folder = tmp_path / "campaign"
    shutil.copytree(CAMPAIGN, folder)
    french = catalog_file(folder / "letters", "fr")
    text = french.read_text("utf-8")
    header = re.search(r'^"Plural-Forms: (.*)\\n"$', text, re.MULTILINE)
    assert header, french
    french.write_text(f"{text.rstrip()}\n\n{code_entries('fr', header.group(1), besides=text)}", "utf-8")
    return folder
