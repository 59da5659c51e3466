"""Shared pieces of the i18n tests: a small letters folder and hand-written catalogs.

The catalogs are plain `.po` text written here, so every test knows on which line each entry
is, and the expected positions come from the text, not from the code under test.
"""

from __future__ import annotations

import shutil
from pathlib import Path

DATA = Path(__file__).parent / "data"
CAMPAIGN = DATA / "campaign"
"""A campaign declaring en and fr, with two templates and a complete French catalog (no .pot)."""

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

RU_MESSAGES = 8
"""How many messages `RU_ENTRIES` translates: 3 from the template, 5 that code translates."""


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
    """A private copy of the fixture campaign that a test may change."""
    folder = tmp_path / "campaign"
    shutil.copytree(CAMPAIGN, folder)
    return folder
