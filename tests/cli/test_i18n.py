"""`campaign i18n extract|update|status|compile` through the real command line on a copied campaign.

The fixture campaign (tests/i18n/data/campaign) declares en and fr; its templates use five
messages, and code adds its own (`campaign.i18n.messages.CODE_MESSAGES`: durations, dates,
penalties, provisions, the frame's labels...). Its French catalog, completed with the code
messages when copied (tests/i18n/i18n_support.py), has no .pot, so every test starts with `extract`.
"""

from __future__ import annotations

import gettext
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from typer.testing import CliRunner

from campaign.cli import cli
from campaign.i18n.messages import CODE_MESSAGES as SOURCE_MESSAGES
from tests.i18n.i18n_support import catalog_file, copy_campaign, line_of

runner = CliRunner()

TEMPLATE_MESSAGES = {
    "Appeal for release",
    "Dear friends,",
    "We ask for the release of %(name)s.",
    ("%(num)d day in detention", "%(num)d days in detention"),
    "Thank you for your attention.",
}
CODE_MESSAGES = {message.id for message in SOURCE_MESSAGES}
ALL = len(TEMPLATE_MESSAGES) + len(CODE_MESSAGES)
FR_FILE = "letters/locale/fr/LC_MESSAGES/letters.po"
POT_FILE = "letters/locale/letters.pot"


def i18n(folder: Path, *args: str) -> Any:
    return runner.invoke(cli, ["i18n", args[0], "-c", str(folder), *args[1:]])


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The fixture campaign with its .pot extracted."""
    copied = copy_campaign(tmp_path)
    result = i18n(copied, "extract")
    assert result.exit_code == 0, result.output
    return copied


def table(output: str) -> dict[str, list[str]]:
    """The status table as language → [translated, fuzzy, untranslated, obsolete, state]."""
    rows = {}
    for line in output.splitlines():
        cells = line.split(maxsplit=5)
        if len(cells) >= 6 and cells[0] != "language":
            rows[cells[0]] = cells[1:]
    return rows


def msgids(path: Path) -> set[object]:
    with path.open("rb") as handle:
        return {m.id for m in read_po(handle) if m.id}


def edit(path: Path, old: str, new: str) -> str:
    text = path.read_text("utf-8")
    assert old in text, old
    text = text.replace(old, new)
    path.write_text(text, "utf-8")
    return text


# extract ------------------------------------------------------------------------------------


def test_extract_writes_every_template_and_code_message(tmp_path: Path) -> None:
    copied = copy_campaign(tmp_path)
    result = i18n(copied, "extract")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{POT_FILE}: {ALL} messages, written\n"
    pot = copied / POT_FILE
    assert msgids(pot) == TEMPLATE_MESSAGES | CODE_MESSAGES
    before = pot.read_bytes()
    again = i18n(copied, "extract")
    assert again.stdout == f"{POT_FILE}: {ALL} messages, up to date\n"
    assert pot.read_bytes() == before


def test_extract_keeps_translator_comments_and_locations(folder: Path) -> None:
    with (folder / POT_FILE).open("rb") as handle:
        pot = read_po(handle)
    greeting = pot.get("Dear friends,")
    assert greeting is not None
    assert greeting.auto_comments == ["the greeting line of the letter."]
    assert greeting.locations == [("appeal.md.j2", 3)]
    closing = pot.get("Thank you for your attention.")
    assert closing is not None
    assert closing.locations == [("_closing.md.j2", 1)]


def test_extract_refuses_a_message_that_is_not_a_literal(tmp_path: Path) -> None:
    copied = copy_campaign(tmp_path)
    (copied / "letters" / "dynamic.md.j2").write_text('Intro\n\n{{ _("Hello " ~ recipient.office) }}\n', "utf-8")
    result = i18n(copied, "extract")
    assert result.exit_code == 1
    assert "letters/dynamic.md.j2:3: _() needs its first argument to be a plain, non-empty string literal" in (
        result.stderr
    )
    assert not (copied / POT_FILE).exists()


def test_extract_reports_a_template_syntax_error_instead_of_skipping_it(tmp_path: Path) -> None:
    copied = copy_campaign(tmp_path)
    (copied / "letters" / "broken.md.j2").write_text('{{ _("Fine") }}\n{% if %}\n', "utf-8")
    result = i18n(copied, "extract")
    assert result.exit_code == 1
    assert "letters/broken.md.j2:2: template syntax error" in result.stderr


# status -------------------------------------------------------------------------------------


def test_status_complete_exits_0(folder: Path) -> None:
    result = i18n(folder, "status")
    assert result.exit_code == 0, result.output
    assert table(result.stdout) == {
        "en": ["-", "-", "-", "-", "source"],
        "fr": [str(ALL), "0", "0", "0", "complete"],
    }
    assert result.stderr == ""


def test_status_names_the_language_and_the_missing_message(folder: Path) -> None:
    text = edit(folder / FR_FILE, 'msgstr "Chers amis,"', 'msgstr ""')
    result = i18n(folder, "status")
    assert result.exit_code == 1
    assert table(result.stdout)["fr"] == [str(ALL - 1), "0", "1", "0", "incomplete"]
    line = line_of(text, 'msgid "Dear friends,"')
    assert f'{FR_FILE}:{line}: msgid "Dear friends,": not translated [catalog.untranslated]' in result.stderr


def test_status_counts_fuzzy_untranslated_and_obsolete(folder: Path) -> None:
    po = folder / FR_FILE
    edit(po, 'msgid "Sources"', '#, fuzzy\nmsgid "Sources"')
    edit(po, 'msgstr[1] "%(num)d ans"', 'msgstr[1] ""')  # partly filled plural
    edit(po, 'msgstr "%(years)s et %(months)s"', 'msgstr "%(annees)s et %(mois)s"')  # wrong placeholders
    text = edit(
        po,
        'msgid "Appeal for release"',
        '#~ msgid "An old subject"\n#~ msgstr "Un ancien objet"\n\nmsgid "Appeal for release"',
    )
    result = i18n(folder, "status")
    assert result.exit_code == 1
    assert table(result.stdout)["fr"] == [str(ALL - 3), "1", "2", "1", "incomplete"]
    sources = line_of(text, 'msgid "Sources"')
    year = line_of(text, 'msgid "%(num)d year"')
    join = line_of(text, 'msgid "%(years)s and %(months)s"')
    old = line_of(text, '#~ msgid "An old subject"')
    assert f'{FR_FILE}:{sources}: msgid "Sources": marked fuzzy' in result.stderr
    assert f'{FR_FILE}:{year}: msgid "%(num)d year": plural form(s) 1 of 2 are empty' in result.stderr
    assert f'{FR_FILE}:{join}: msgid "%(years)s and %(months)s": the translation has placeholders' in result.stderr
    assert f'{FR_FILE}:{old}: warning: msgid "An old subject": obsolete' in result.stderr
    assert "3 error(s), 1 warning(s)" in result.stderr


def test_status_declared_language_without_catalog_fails(folder: Path) -> None:
    (folder / FR_FILE).unlink()
    result = i18n(folder, "status")
    assert result.exit_code == 1
    assert table(result.stdout)["fr"] == ["-", "-", "-", "-", "no catalog"]
    assert f"{FR_FILE}: no catalog for 'fr'; create it with: campaign i18n update --lang fr" in result.stderr


def test_status_without_template_says_to_extract(tmp_path: Path) -> None:
    result = i18n(copy_campaign(tmp_path), "status")
    assert result.exit_code == 1
    assert f"{POT_FILE}: the message template is missing; create it with: campaign i18n extract" in result.stderr


def test_status_fails_when_a_template_changed_since_extract(folder: Path) -> None:
    appeal = folder / "letters" / "appeal.md.j2"
    edit(appeal, '{{ _("Dear friends,") }}', '{{ _("Dear friends and colleagues,") }}')
    result = i18n(folder, "status")
    assert result.exit_code == 1
    assert 'letters/appeal.md.j2:3: msgid "Dear friends and colleagues," is used but not in' in result.stderr
    assert "run: campaign i18n extract" in result.stderr


def test_status_undeclared_incomplete_language_only_warns(folder: Path) -> None:
    result = i18n(folder, "update", "--lang", "de")
    assert result.exit_code == 0, result.output
    result = i18n(folder, "status")
    assert result.exit_code == 0, result.output
    assert table(result.stdout)["de"] == ["0", "0", str(ALL), "0", "incomplete (not declared)"]
    assert f"0 error(s), {ALL} warning(s)" in result.stderr


# update -------------------------------------------------------------------------------------


def test_update_creates_missing_catalogs(folder: Path) -> None:
    (folder / FR_FILE).unlink()
    result = i18n(folder, "update", "--lang", "fr", "--lang", "de")
    assert result.exit_code == 0, result.output
    assert f"{FR_FILE}: {ALL} messages, updated" in result.stdout
    for lang, nplurals in (("fr", (2, 3)), ("de", (2,))):
        path = catalog_file(folder / "letters", lang)
        with path.open("rb") as handle:
            catalog = read_po(handle)
        assert str(catalog.locale) == lang
        assert catalog.num_plurals in nplurals
        assert not catalog.fuzzy
        assert {m.id for m in catalog if m.id} == TEMPLATE_MESSAGES | CODE_MESSAGES
        assert all(not any(m.string) if isinstance(m.string, tuple) else not m.string for m in catalog if m.id)
    status = i18n(folder, "status")
    assert status.exit_code == 1
    assert table(status.stdout)["fr"] == ["0", "0", str(ALL), "0", "incomplete"]


def test_update_names_a_catalog_by_language_and_script(folder: Path) -> None:
    # Chinese in traditional characters is `zh-Hant` (BCP 47), a folder of its own beside `zh-Hans`.
    result = i18n(folder, "update", "--lang", "zh-Hant")
    assert result.exit_code == 0, result.output
    path = catalog_file(folder / "letters", "zh-Hant")
    with path.open("rb") as handle:
        catalog = read_po(handle)
    assert catalog.num_plurals == 1
    assert {m.id for m in catalog if m.id} == TEMPLATE_MESSAGES | CODE_MESSAGES
    assert not catalog_file(folder / "letters", "zh-Hans").exists()
    status = i18n(folder, "status")
    assert table(status.stdout)["zh-Hant"] == ["0", "0", str(ALL), "0", "incomplete (not declared)"]


def test_update_without_lang_creates_the_declared_languages(folder: Path) -> None:
    (folder / FR_FILE).unlink()
    result = i18n(folder, "update")
    assert result.exit_code == 0, result.output
    assert (folder / FR_FILE).is_file()
    assert not catalog_file(folder / "letters", "en").exists()


def test_update_marks_a_changed_msgid_fuzzy_and_status_refuses_it(folder: Path) -> None:
    appeal = folder / "letters" / "appeal.md.j2"
    edit(appeal, '{{ _("Dear friends,") }}', '{{ _("Dear friends and colleagues,") }}')
    assert i18n(folder, "extract").exit_code == 0
    result = i18n(folder, "update")
    assert result.exit_code == 0, result.output
    assert f"{FR_FILE}: {ALL} messages, updated" in result.stdout
    with (folder / FR_FILE).open("rb") as handle:
        catalog = read_po(handle)
    changed = catalog.get("Dear friends and colleagues,")
    assert changed is not None
    assert changed.fuzzy
    assert changed.string == "Chers amis,"  # the old translation, offered as a suggestion
    text = (folder / FR_FILE).read_text("utf-8")
    assert '#| msgid "Dear friends,"\nmsgid "Dear friends and colleagues,"' in text  # what changed
    assert catalog.get("Dear friends,") is None
    status = i18n(folder, "status")
    assert status.exit_code == 1
    assert table(status.stdout)["fr"] == [str(ALL - 1), "1", "0", "0", "incomplete"]
    assert 'msgid "Dear friends and colleagues,": marked fuzzy' in status.stderr
    # The translator reviews the suggestion and removes the flag: complete again.
    (folder / FR_FILE).write_text(text.replace("#, fuzzy\n", "", 1), "utf-8")
    assert i18n(folder, "status").exit_code == 0


def test_update_moves_a_removed_message_to_obsolete(folder: Path) -> None:
    edit(folder / "letters" / "appeal.md.j2", '{% include "_closing.md.j2" %}\n', "")
    (folder / "letters" / "_closing.md.j2").unlink()
    assert i18n(folder, "extract").exit_code == 0
    assert i18n(folder, "update").exit_code == 0
    text = (folder / FR_FILE).read_text("utf-8")
    assert '#~ msgid "Thank you for your attention."' in text
    result = i18n(folder, "status")
    assert result.exit_code == 0, result.output
    assert table(result.stdout)["fr"] == [str(ALL - 1), "0", "0", "1", "complete"]


def test_update_twice_changes_nothing(folder: Path) -> None:
    assert i18n(folder, "update").exit_code == 0
    before = (folder / FR_FILE).read_bytes()
    result = i18n(folder, "update")
    assert f"{FR_FILE}: {ALL} messages, up to date" in result.stdout
    assert (folder / FR_FILE).read_bytes() == before


# compile ------------------------------------------------------------------------------------


def test_compile_writes_only_usable_messages(folder: Path) -> None:
    edit(folder / FR_FILE, 'msgid "Dear friends,"', '#, fuzzy\nmsgid "Dear friends,"')
    edit(folder / FR_FILE, 'msgstr "Merci de votre attention."', 'msgstr ""')
    result = i18n(folder, "compile")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"letters/locale/fr/LC_MESSAGES/letters.mo: {ALL - 2} usable messages\n"
    with (folder / "letters/locale/fr/LC_MESSAGES/letters.mo").open("rb") as handle:
        fr = gettext.GNUTranslations(handle)
    assert fr.gettext("Appeal for release") == "Appel pour la libération"
    assert fr.gettext("Dear friends,") == "Dear friends,"  # the fuzzy guess is not compiled
    assert fr.ngettext("%(num)d day in detention", "%(num)d days in detention", 2) == "%(num)d jours de détention"
    assert fr.ngettext("%(num)d day in detention", "%(num)d days in detention", 1) == "%(num)d jour de détention"
    assert fr.ngettext("%(num)d day in detention", "%(num)d days in detention", 0) == "%(num)d jour de détention"


def test_compile_missing_catalog_fails(folder: Path) -> None:
    result = i18n(folder, "compile", "--lang", "kk")
    assert result.exit_code == 1
    assert "letters/locale/kk/LC_MESSAGES/letters.po: no catalog for 'kk'" in result.stderr


@pytest.mark.parametrize(
    ("lang", "why"),
    [
        ("../../outside", "is not a language tag"),
        ("ru_HF", "is not a language tag"),
        ("EN", "is not a language tag"),
        ("zh-hant", "is not a language tag"),
        ("zz", "is not a language known to CLDR"),
    ],
)
def test_update_refuses_what_is_not_a_language(folder: Path, lang: str, why: str) -> None:
    before = sorted(p.relative_to(folder.parent) for p in folder.parent.rglob("*"))
    result = i18n(folder, "update", "--lang", "de", "--lang", lang)
    assert result.exit_code == 1, result.output
    assert f"campaign: error: '{lang}' {why}" in result.stderr
    # Nothing written, not even the valid language given before it.
    assert sorted(p.relative_to(folder.parent) for p in folder.parent.rglob("*")) == before


def test_status_broken_catalog_is_unreadable_not_missing(folder: Path) -> None:
    text = edit(folder / FR_FILE, 'msgstr "Chers amis,"', 'msgstr "Chers amis,')
    result = i18n(folder, "status")
    assert result.exit_code == 1
    assert table(result.stdout)["fr"] == ["-", "-", "-", "-", "unreadable"]
    line = line_of(text, 'msgstr "Chers amis,')
    assert f"{FR_FILE}:{line}: not a valid catalog" in result.stderr
