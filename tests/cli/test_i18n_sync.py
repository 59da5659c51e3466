"""`campaign i18n sync`: extract, update and status in one command, and obsolete entries revived.

The fixture campaign (tests/i18n/data/campaign) has a French catalog with "Thank you for your
attention." translated; the tests take the sentence out of its template, sync, put it back (as it
was, or changed), sync again, and read the catalog back with babel.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from typer.testing import CliRunner

from campaign.cli import cli
from tests.i18n.i18n_support import copy_campaign

runner = CliRunner()
FR_FILE = "letters/locale/fr/LC_MESSAGES/letters.po"
CLOSING = "letters/_closing.md.j2"
SENTENCE = "Thank you for your attention."


def sync(folder: Path) -> Any:
    return runner.invoke(cli, ["i18n", "sync", "-c", str(folder)])


def french(folder: Path) -> Catalog:
    with (folder / FR_FILE).open("rb") as handle:
        return read_po(handle)


def set_closing(folder: Path, sentence: str | None) -> None:
    text = f'{{{{ _("{sentence}") }}}}\n' if sentence else "Yours,\n"
    (folder / CLOSING).write_text(text, "utf-8")


def test_sync_extracts_updates_and_reports_status(tmp_path: Path) -> None:
    folder = copy_campaign(tmp_path)
    result = sync(folder)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("letters/locale/letters.pot: ")
    assert lines[0].endswith(", written")
    assert (folder / "letters/locale/letters.pot").is_file()
    assert lines[1].startswith(f"{FR_FILE}: ")
    assert any(line.split()[:1] == ["fr"] for line in lines[2:])  # the status table
    again = sync(folder)
    assert again.stdout.splitlines()[0].endswith(", up to date")
    assert again.stdout.splitlines()[1].endswith(", up to date")


def test_a_message_that_returns_gets_its_translation_back(tmp_path: Path) -> None:
    folder = copy_campaign(tmp_path)
    translation = french(folder).get(SENTENCE)
    assert translation is not None and translation.string
    sync(folder)
    set_closing(folder, None)
    sync(folder)
    gone = french(folder)
    assert gone.get(SENTENCE) is None
    assert [m.string for m in gone.obsolete.values() if m.id == SENTENCE] == [translation.string]

    set_closing(folder, SENTENCE)
    sync(folder)

    back = french(folder)
    entry = back.get(SENTENCE)
    assert entry is not None
    assert entry.string == translation.string
    assert not entry.fuzzy
    assert not [m for m in back.obsolete.values() if m.id == SENTENCE]
    assert "#~" not in (folder / FR_FILE).read_text("utf-8")


def test_a_similar_message_gets_the_old_translation_as_a_fuzzy_suggestion(tmp_path: Path) -> None:
    folder = copy_campaign(tmp_path)
    old = french(folder).get(SENTENCE)
    assert old is not None
    sync(folder)
    set_closing(folder, None)
    sync(folder)

    set_closing(folder, "Thank you for your kind attention.")
    result = sync(folder)

    entry = french(folder).get("Thank you for your kind attention.")
    assert entry is not None
    assert entry.string == old.string
    assert entry.fuzzy
    assert f'#| msgid "{SENTENCE}"' in (folder / FR_FILE).read_text("utf-8")  # the old sentence, for review
    assert result.exit_code == 1  # a fuzzy entry is not a translation yet
    assert "translate the new and fuzzy entries" in result.stdout


def test_an_empty_live_entry_beside_its_obsolete_translation_is_repaired(tmp_path: Path) -> None:
    """What `i18n update` wrote before this fix: the entry empty, its translation left under #~."""
    folder = copy_campaign(tmp_path)
    path = folder / FR_FILE
    text = path.read_text("utf-8")
    start = text.index(f'msgid "{SENTENCE}"')
    end = text.index("\n\n", start) if "\n\n" in text[start:] else len(text)
    entry = text[start:end].rstrip("\n")
    obsolete = "\n".join(f"#~ {line}" for line in entry.splitlines())
    broken = text[:start] + f'msgid "{SENTENCE}"\nmsgstr ""' + text[end:].rstrip("\n") + "\n\n" + obsolete + "\n"
    path.write_text(broken, "utf-8")
    assert french(folder).get(SENTENCE).string == ""  # type: ignore[union-attr]

    sync(folder)

    repaired = french(folder)
    assert repaired.get(SENTENCE).string  # type: ignore[union-attr]
    assert not [m for m in repaired.obsolete.values() if m.id == SENTENCE]
