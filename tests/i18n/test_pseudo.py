"""The pseudo-locale `xx`: every message visibly translated, accented, longer, placeholders intact."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from campaign.i18n.catalogs import first_missing, load_translations
from campaign.i18n.extract import extract_messages
from campaign.i18n.pseudo import pseudo_text
from tests.i18n.i18n_support import CAMPAIGN, TEMPLATE

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd%]")
ASCII_LETTER = re.compile(r"[A-Za-z]")


def inside(text: str) -> str:
    """The text between the pseudo markers ⁅ and ⁆, which must wrap it."""
    assert text.startswith("⁅"), text
    assert text.endswith("⁆"), text
    return text[1:-1]


def check_pseudo(source: str, result: str) -> None:
    """`result` is `source` accented and at least 30% longer, with the same placeholders."""
    body = inside(result)
    assert sorted(PLACEHOLDER.findall(body)) == sorted(PLACEHOLDER.findall(source))
    assert not ASCII_LETTER.search(PLACEHOLDER.sub("", body)), f"unaccented letters left in {result!r}"
    assert len(body) >= 1.3 * len(source), (source, result)


@pytest.fixture
def letters(tmp_path: Path) -> Path:
    folder = tmp_path / "letters"
    folder.mkdir()
    (folder / "letter.md.j2").write_text(TEMPLATE, "utf-8")
    return folder


@pytest.mark.parametrize("folder", ["tmp", "campaign"])
def test_every_message_is_transformed(letters: Path, folder: str) -> None:
    source = letters if folder == "tmp" else CAMPAIGN / "letters"
    xx = load_translations(source, "xx")
    messages = [m.id for m in extract_messages(source) if m.id]
    assert len(messages) >= 8
    for msgid in messages:
        if isinstance(msgid, (tuple, list)):
            singular, plural = str(msgid[0]), str(msgid[1])
            check_pseudo(singular, xx.ngettext(singular, plural, 1))
            check_pseudo(plural, xx.ngettext(singular, plural, 2))
            check_pseudo(plural, xx.ngettext(singular, plural, 5))
        else:
            check_pseudo(msgid, xx.gettext(msgid))


def test_pseudo_needs_no_catalog_and_no_template_file(letters: Path) -> None:
    # Generated from the templates each time: it cannot go stale and is never incomplete.
    assert not (letters / "locale").exists()
    assert first_missing(letters, "xx") is None
    assert load_translations(letters, "xx").gettext("Dear friend") != "Dear friend"


def test_new_template_message_is_transformed_at_once(letters: Path) -> None:
    (letters / "letter.md.j2").write_text(TEMPLATE + '{{ _("Brand new") }}\n', "utf-8")
    check_pseudo("Brand new", load_translations(letters, "xx").gettext("Brand new"))


@pytest.mark.parametrize(
    "source",
    [
        "Dear %(name)s",
        "%(num)d days",
        "%(years)s and %(months)s",
        "Page %(page)s of %(pages)s",
        "100%% of %s and %d",
        "x",
    ],
)
def test_placeholders_survive_byte_for_byte(source: str) -> None:
    check_pseudo(source, pseudo_text(source))


def test_placeholders_still_fill_after_pseudo() -> None:
    result = pseudo_text("Dear %(name)s, %(num)d days")
    filled = result % {"name": "Dana", "num": 3}
    assert "Dana" in filled
    assert "3" in filled


def test_web_addresses_link_targets_and_entities_are_kept() -> None:
    text = pseudo_text("See [the report](https://example.org/report?id=7) and https://hrw.org/a &amp; more")
    assert "](https://example.org/report?id=7)" in text
    assert "https://hrw.org/a" in text
    assert "&amp;" in text
    assert "the report" not in text  # the link text itself is translated text


@pytest.mark.parametrize(
    ("source", "prefix"), [("# Heading", "# "), ("- item", "- "), ("1. first", "1. "), ("> quote", "> ")]
)
def test_markdown_block_prefix_stays_in_front(source: str, prefix: str) -> None:
    result = pseudo_text(source)
    assert result.startswith(prefix + "⁅")
    check_pseudo(source[len(prefix) :], result[len(prefix) :])


def test_trailing_newline_stays_outside_the_markers() -> None:
    assert pseudo_text("Dear friend\n").endswith("⁆\n")
