"""Strict catalogs: every way babel hides an unfinished translation counts as untranslated here.

Each broken catalog is the complete Russian one with one change, so each test shows exactly
which line makes the catalog incomplete and where the problem must be reported. The complete one
is the hand-written entries and, after them, the other messages code translates, as the shipped
Russian catalog words them (see tests/i18n/i18n_support.py).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import pytest

from campaign.app import i18n as workflow
from campaign.diagnostics import Severity
from campaign.errors import CatalogError
from campaign.i18n.catalogs import (
    CatalogStatus,
    catalog_status,
    first_missing,
    load_translations,
    read_catalog,
)
from campaign.i18n.formatting import format_duration
from tests.i18n.i18n_support import (
    RU_ENTRIES,
    RU_MESSAGES,
    RU_PLURALS,
    TEMPLATE,
    complete_po,
    line_of,
    po_text,
    write_catalog,
)

RU_FILE = "letters/locale/ru/LC_MESSAGES/letters.po"


@functools.cache
def complete() -> str:
    """The complete Russian catalog (built on first use, so that a shipped catalog lacking a code
    message fails the tests that need it, not the collection of the module)."""
    return complete_po("ru", RU_PLURALS, RU_ENTRIES)


@pytest.fixture
def letters(tmp_path: Path) -> Path:
    """A letters folder with one template and its message template (.pot)."""
    folder = tmp_path / "letters"
    folder.mkdir()
    (folder / "letter.md.j2").write_text(TEMPLATE, "utf-8")
    workflow.extract(folder)
    return folder


def status_of(letters: Path, text: str) -> CatalogStatus:
    write_catalog(letters, "ru", text)
    return catalog_status(letters, "ru")


def errors(status: CatalogStatus) -> list[tuple[str, str]]:
    """(`file:line`, code) of each error, in the order found."""
    return [(str(p.span), p.code) for p in status.problems if p.severity is Severity.ERROR]


# The complete catalog -------------------------------------------------------------------------


def test_complete_catalog_passes(letters: Path) -> None:
    status = status_of(letters, complete())
    assert (status.translated, status.fuzzy, status.untranslated, status.obsolete) == (RU_MESSAGES, 0, 0, 0)
    assert status.missing == ()
    assert status.problems == ()
    assert status.complete
    assert first_missing(letters, "ru") is None


def test_complete_catalog_translates_with_russian_plural_rules(letters: Path) -> None:
    write_catalog(letters, "ru", complete())
    ru = load_translations(letters, "ru")
    assert ru.gettext("Dear friend") == "Дорогой друг"
    days = {n: ru.ngettext("%(num)d day", "%(num)d days", n) % {"num": n} for n in (1, 2, 5, 11, 21, 22, 25)}
    assert days == {
        1: "1 день",
        2: "2 дня",
        5: "5 дней",
        11: "11 дней",
        21: "21 день",
        22: "22 дня",
        25: "25 дней",
    }
    assert format_duration(2, 2, ru, "ru") == "2 года и 2 месяца"


# One problem each ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Broken:
    """The complete catalog with `old` replaced by `new`, and what that must be reported as."""

    name: str
    old: str
    new: str
    msgid: str
    """The message that becomes unusable (singular for plurals)."""
    code: str
    kind: str
    """How it is counted: fuzzy or untranslated."""
    plural: tuple[str, str] | None = None
    """The (singular, plural) msgid of a plural message."""

    @property
    def text(self) -> str:
        assert self.old in complete()
        return complete().replace(self.old, self.new, 1)


DAYS = ("%(num)d day", "%(num)d days")

CASES = [
    Broken(
        "fuzzy-entry",
        'msgid "Dear friend"\n',
        '#, fuzzy\nmsgid "Dear friend"\n',
        "Dear friend",
        "catalog.fuzzy",
        "fuzzy",
    ),
    Broken(
        "empty-msgstr",
        'msgstr "Дорогой друг"',
        'msgstr ""',
        "Dear friend",
        "catalog.untranslated",
        "untranslated",
    ),
    Broken(
        "partial-plural",
        'msgstr[1] "%(num)d дня"\nmsgstr[2] "%(num)d дней"',
        'msgstr[1] ""\nmsgstr[2] ""',
        "%(num)d day",
        "catalog.partial-plural",
        "untranslated",
        DAYS,
    ),
    Broken(
        "plural-form-left-out",
        'msgstr[2] "%(num)d лет"\n',
        "",
        "%(num)d year",
        "catalog.partial-plural",
        "untranslated",
        ("%(num)d year", "%(num)d years"),
    ),
    Broken(
        "all-plural-forms-empty",
        'msgstr[0] "%(num)d месяц"\nmsgstr[1] "%(num)d месяца"\nmsgstr[2] "%(num)d месяцев"',
        'msgstr[0] ""\nmsgstr[1] ""\nmsgstr[2] ""',
        "%(num)d month",
        "catalog.untranslated",
        "untranslated",
        ("%(num)d month", "%(num)d months"),
    ),
    Broken(
        "placeholder-renamed",
        'msgstr "Здравствуйте, %(name)s"',
        'msgstr "Здравствуйте, %(nom)s"',
        "Hello %(name)s",
        "catalog.placeholders",
        "untranslated",
    ),
    Broken(
        "placeholder-dropped",
        'msgstr "Страница %(page)s из %(pages)s"',
        'msgstr "Страница %(page)s"',
        "Page %(page)s of %(pages)s",
        "catalog.placeholders",
        "untranslated",
    ),
    Broken(
        "plural-placeholder-renamed",
        'msgstr[2] "%(num)d дней"',
        'msgstr[2] "%(n)d дней"',
        "%(num)d day",
        "catalog.placeholders",
        "untranslated",
        DAYS,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_problem_is_counted_and_located(letters: Path, case: Broken) -> None:
    status = status_of(letters, case.text)
    line = line_of(case.text, f'msgid "{case.msgid}"')
    assert status.missing == (case.msgid,)
    assert errors(status) == [(f"{RU_FILE}:{line}", case.code)]
    assert f'msgid "{case.msgid}"' in status.problems[0].message
    expected_counts = {"translated": RU_MESSAGES - 1, "fuzzy": 0, "untranslated": 0}
    expected_counts[case.kind] = 1
    assert {"translated": status.translated, "fuzzy": status.fuzzy, "untranslated": status.untranslated} == (
        expected_counts
    )
    assert not status.complete
    assert first_missing(letters, "ru") == case.msgid
    # The unusable translation never reaches a letter, not even in part: gettext gives the English
    # source for every count (the build gate above stops the build before that matters).
    ru = load_translations(letters, "ru")
    if case.plural:
        singular, plural = case.plural
        assert [ru.ngettext(singular, plural, n) for n in (1, 2, 5)] == [singular, plural, plural]
    else:
        assert ru.gettext(case.msgid) == case.msgid


def test_message_absent_from_catalog_is_untranslated(letters: Path) -> None:
    text = complete().replace('msgid "Sources"\nmsgstr "Источники"\n\n', "")
    status = status_of(letters, text)
    assert status.missing == ("Sources",)
    assert errors(status) == [(RU_FILE, "catalog.not-in-catalog")]
    assert (status.translated, status.untranslated) == (RU_MESSAGES - 1, 1)
    assert first_missing(letters, "ru") == "Sources"


def test_message_used_by_a_template_but_not_yet_extracted_is_missing(letters: Path) -> None:
    write_catalog(letters, "ru", complete())
    (letters / "letter.md.j2").write_text(TEMPLATE + '{{ _("A new sentence") }}\n', "utf-8")
    # No `campaign i18n extract` since: the build gate still sees the new sentence.
    assert first_missing(letters, "ru") == "A new sentence"


def test_fuzzy_header_makes_every_message_unusable(letters: Path) -> None:
    text = complete().replace('msgid ""\n', '#, fuzzy\nmsgid ""\n', 1)
    status = status_of(letters, text)
    header = line_of(text, 'msgid ""')
    assert (f"{RU_FILE}:{header}", "catalog.fuzzy-header") in errors(status)
    assert (status.translated, status.fuzzy, status.untranslated) == (0, RU_MESSAGES, 0)
    assert len(status.missing) == RU_MESSAGES
    assert not status.complete
    assert first_missing(letters, "ru") is not None
    assert load_translations(letters, "ru").gettext("Dear friend") == "Dear friend"


def test_wrong_plural_count_in_header_is_an_error(letters: Path) -> None:
    # Three forms with a two-form header do not even parse; write the two forms it claims.
    entries = RU_ENTRIES.replace('msgstr[2] "%(num)d дней"\n', "").replace('msgstr[2] "%(num)d лет"\n', "")
    entries = entries.replace('msgstr[2] "%(num)d месяцев"\n', "")
    text = complete_po("ru", "nplurals=2; plural=(n != 1);", entries)
    status = status_of(letters, text)
    header = line_of(text, 'msgid ""')
    assert errors(status) == [(f"{RU_FILE}:{header}", "catalog.plural-forms")]
    assert "'ru' needs 3" in status.problems[0].message
    assert not status.complete
    assert first_missing(letters, "ru") == status.problems[0].message


def test_more_plural_forms_than_the_header_allows_is_a_syntax_error(letters: Path) -> None:
    text = po_text("ru", "nplurals=2; plural=(n != 1);", RU_ENTRIES)
    write_catalog(letters, "ru", text)
    with pytest.raises(CatalogError) as raised:
        read_catalog(letters, "ru")
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.code == "catalog.syntax"
    line = line_of(text, 'msgid "%(num)d day"')
    assert str(diagnostic.span) == f"{RU_FILE}:{line}"


def test_header_for_another_language_is_an_error(letters: Path) -> None:
    text = complete_po("ru", RU_PLURALS, RU_ENTRIES, language="uk")
    status = status_of(letters, text)
    header = line_of(text, 'msgid ""')
    assert errors(status) == [(f"{RU_FILE}:{header}", "catalog.language")]
    assert not status.complete


def test_obsolete_entry_is_a_warning_and_counted(letters: Path) -> None:
    text = complete() + '\n#~ msgid "An old sentence"\n#~ msgstr "Старая фраза"\n'
    status = status_of(letters, text)
    assert status.obsolete == 1
    assert status.complete
    (warning,) = status.problems
    assert warning.severity is Severity.WARNING
    line = line_of(text, '#~ msgid "An old sentence"')
    assert str(warning.span) == f"{RU_FILE}:{line}"


@pytest.mark.parametrize(
    ("old", "new", "bad_line"),
    [
        # babel alone would read this as "Источник" (last letter dropped) without a word
        ('msgstr "Источники"', 'msgstr "Источники', 'msgstr "Источники'),
        ('msgstr "Дорогой друг"', 'msgstr "Дорогой "друг"', 'msgstr "Дорогой "друг"'),
        ('msgstr "Дорогой друг"', 'msgsrt "Дорогой друг"', 'msgsrt "Дорогой друг"'),
    ],
    ids=["unclosed-quote", "inner-quote", "misspelt-keyword"],
)
def test_syntax_error_is_reported_at_its_line(letters: Path, old: str, new: str, bad_line: str) -> None:
    text = complete().replace(old, new)
    write_catalog(letters, "ru", text)
    with pytest.raises(CatalogError) as raised:
        catalog_status(letters, "ru")
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.code == "catalog.syntax"
    assert str(diagnostic.span) == f"{RU_FILE}:{line_of(text, bad_line)}"


def test_comments_obsolete_and_wrapped_entries_are_valid_syntax(letters: Path) -> None:
    text = complete().replace(
        'msgid "Dear friend"\nmsgstr "Дорогой друг"',
        '#. a translator comment with "quotes\n#, python-format\n#| msgid "Dear friends"\n'
        'msgid ""\n"Dear "\n"friend"\nmsgstr ""\n"Дорогой \\"друг\\""',
    )
    text += '\n#~ msgid "Old"\n#~ msgstr ""\n#~ "Старое"\n'
    status = status_of(letters, text)
    assert errors(status) == []
    assert load_translations(letters, "ru").gettext("Dear friend") == 'Дорогой "друг"'


# No catalog at all ---------------------------------------------------------------------------


def test_missing_catalog_raises_instead_of_falling_back_to_english(letters: Path) -> None:
    with pytest.raises(CatalogError) as raised:
        load_translations(letters, "ru")
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.code == "catalog.missing"
    assert str(diagnostic.span) == RU_FILE
    assert "campaign i18n update --lang ru" in diagnostic.message
    with pytest.raises(CatalogError):
        first_missing(letters, "ru")
    with pytest.raises(CatalogError):
        catalog_status(letters, "ru")


def test_region_tag_is_refused_not_expanded_to_the_language(letters: Path) -> None:
    # gettext would quietly turn ru_HF into ru; a catalog is chosen by its exact language code.
    write_catalog(letters, "ru", complete())
    with pytest.raises(CatalogError, match="not a language tag"):
        load_translations(letters, "ru_HF")


def test_english_needs_no_catalog(letters: Path) -> None:
    en = load_translations(letters, "en")
    assert en.gettext("Dear friend") == "Dear friend"
    assert en.ngettext("%(num)d day", "%(num)d days", 1) == "%(num)d day"
    assert en.ngettext("%(num)d day", "%(num)d days", 2) == "%(num)d days"
    assert first_missing(letters, "en") is None


# Plural headers written by other tools ------------------------------------------------------

FR_ENTRIES_TWO_FORMS = """\
msgid "Dear friend"
msgstr "Cher ami"

msgid "Hello %(name)s"
msgstr "Bonjour %(name)s"

msgid "%(num)d day"
msgid_plural "%(num)d days"
msgstr[0] "%(num)d jour"
msgstr[1] "%(num)d jours"

msgid "%(num)d year"
msgid_plural "%(num)d years"
msgstr[0] "%(num)d an"
msgstr[1] "%(num)d ans"

msgid "%(num)d month"
msgid_plural "%(num)d months"
msgstr[0] "%(num)d mois"
msgstr[1] "%(num)d mois"

msgid "%(years)s and %(months)s"
msgstr "%(years)s et %(months)s"

msgid "Sources"
msgstr "Sources"

msgid "Page %(page)s of %(pages)s"
msgstr "Page %(page)s sur %(pages)s"
"""


def test_french_catalog_with_the_classic_gettext_header_is_complete(letters: Path) -> None:
    # msginit and Poedit write French as nplurals=2; plural=(n > 1). Babel 2.19 (CLDR) adds a
    # third form for millions; a catalog valid with babel 2.18 must not become incomplete.
    write_catalog(letters, "fr", complete_po("fr", "nplurals=2; plural=(n > 1);", FR_ENTRIES_TWO_FORMS))
    status = catalog_status(letters, "fr")
    assert errors(status) == []
    assert status.complete
    fr = load_translations(letters, "fr")
    assert [fr.ngettext("%(num)d day", "%(num)d days", n) % {"num": n} for n in (0, 1, 2)] == [
        "0 jour",
        "1 jour",
        "2 jours",
    ]


def test_french_catalog_with_the_cldr_three_form_header_is_complete(letters: Path) -> None:
    header = "nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;"
    entries = FR_ENTRIES_TWO_FORMS.replace(
        'msgstr[1] "%(num)d jours"', 'msgstr[1] "%(num)d de jours"\nmsgstr[2] "%(num)d jours"'
    )
    entries = entries.replace('msgstr[1] "%(num)d ans"', 'msgstr[1] "%(num)d d’ans"\nmsgstr[2] "%(num)d ans"')
    entries = entries.replace('msgstr[1] "%(num)d mois"', 'msgstr[1] "%(num)d de mois"\nmsgstr[2] "%(num)d mois"')
    write_catalog(letters, "fr", complete_po("fr", header, entries))
    status = catalog_status(letters, "fr")
    assert errors(status) == []
    fr = load_translations(letters, "fr")
    assert fr.ngettext("%(num)d day", "%(num)d days", 1_000_000) % {"num": 1_000_000} == "1000000 de jours"
