"""The character policy through `campaign validate`: invisible and control characters, written
raw in the file or as YAML escapes, are reported with the file, line and field they are in."""

from __future__ import annotations

from pathlib import Path

import pytest

from campaign.app import validate as app
from campaign.text_policy import MAX_SCALAR_CHARS
from tests.load.validate_support import column_of, replace_line, validate

ESCAPED = {
    "C0 bell": r"\a",
    "C0 escape": r"\e",
    "C1 CSI": r"\x9b",
    "C1 next line": r"\N",
    "right-to-left override": r"\u202E",
    "first strong isolate": r"\u2068",
    "non-character U+FFFE": r"\uFFFE",
    "non-character U+FFFF": r"\uFFFF",
    "private use": r"\uE000",
}
"""Double-quoted YAML escapes: the scalar holds the character, the file stays plain text."""


@pytest.mark.parametrize("escape", ESCAPED.values(), ids=ESCAPED.keys())
def test_escaped_character_is_refused_in_its_field(campaign_dir: Path, escape: str) -> None:
    recipients = campaign_dir / "recipients.yaml"
    line = replace_line(recipients, "office: Foreign Secretary", f'office: "Foreign{escape} Secretary"')
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    [error] = outcome.located("recipients.yaml", line, "recipients[0].office")
    assert error.column == column_of(recipients, line, '"Foreign')


RAW = {
    "C0 bell": "\x07",
    "C0 vertical tab": "\x0b",
    "C1 CSI": "\x9b",
    "right-to-left override": "\u202e",
    "left-to-right isolate": "\u2066",
    "non-character U+FFFE": "\ufffe",
    "private use": "\ue000",
}
"""The same characters written into the file as they are (pasted text)."""


@pytest.mark.parametrize("char", RAW.values(), ids=RAW.keys())
def test_raw_character_is_refused_on_its_line(campaign_dir: Path, char: str) -> None:
    case = campaign_dir / "cases" / "dana-example.yaml"
    line = replace_line(case, "en: prosecuted for her posts", f"en: prosecuted for{char} her posts")
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    # Characters YAML itself refuses cannot be given a field path before the file is parsed, so
    # the file, line and column are what the user gets; the others also name the field.
    [error] = outcome.located("cases/dana-example.yaml", line)
    assert error.column in (column_of(case, line, "prosecuted"), column_of(case, line, char))
    assert f"{ord(char):04x}" in error.message.lower(), "the message must name the character"


def test_raw_bidi_override_names_the_field(campaign_dir: Path) -> None:
    case = campaign_dir / "cases" / "dana-example.yaml"
    line = replace_line(case, "en: prosecuted for her posts", "en: prosecuted for \u202eher posts")
    outcome = validate(campaign_dir)
    assert outcome.located("cases/dana-example.yaml", line, "violations[0].description.en"), outcome.output


def test_lone_surrogate_escape_is_refused(campaign_dir: Path) -> None:
    settings = campaign_dir / "campaign.yaml"
    line = replace_line(settings, "name: Alex Sample", r'name: "Alex \uD800 Sample"')
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    assert outcome.located("campaign.yaml", line), outcome.output


def test_text_over_the_length_cap(campaign_dir: Path) -> None:
    case = campaign_dir / "cases" / "dana-example.yaml"
    line = replace_line(case, "en: prosecuted for her posts", "en: " + "x" * (MAX_SCALAR_CHARS + 1))
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    [error] = outcome.located("cases/dana-example.yaml", line, "violations[0].description.en")
    assert f"{MAX_SCALAR_CHARS:,}" in error.message


def test_text_at_the_length_cap_is_accepted(campaign_dir: Path) -> None:
    case = campaign_dir / "cases" / "dana-example.yaml"
    replace_line(case, "en: prosecuted for her posts", "en: " + "x" * MAX_SCALAR_CHARS)
    assert validate(campaign_dir).exit_code == 0


def test_tab_and_newline_inside_text_are_allowed(campaign_dir: Path) -> None:
    case = campaign_dir / "cases" / "dana-example.yaml"
    replace_line(case, "en: prosecuted for her posts", r'en: "prosecuted\tfor her\nposts"')
    loaded = app.validate(campaign_dir)
    assert loaded.campaign.case.violations[0].description["en"] == "prosecuted\tfor her\nposts"


def test_text_is_normalised_to_nfc(campaign_dir: Path) -> None:
    settings = campaign_dir / "campaign.yaml"
    replace_line(settings, "name: Example Rights Network", "name: Re\u0301seau Exemple")
    loaded = app.validate(campaign_dir)
    assert loaded.campaign.settings.organisation.name == "R\u00e9seau Exemple"


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"], ids=["U+2028", "U+2029", "U+0085"])
def test_unicode_line_separators_do_not_shift_later_line_numbers(campaign_dir: Path, separator: str) -> None:
    case = campaign_dir / "cases" / "dana-example.yaml"
    replace_line(case, "en: prosecuted for her posts", f'en: "prosecuted for{separator}her posts"')
    line = replace_line(case, "date: 2023-10-01", "date: 2023-10-32")
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    # Editors do not break lines at these characters, so neither may the positions we print.
    assert outcome.located("cases/dana-example.yaml", line, "sources[1].date"), outcome.output


@pytest.mark.parametrize("separator", ["\u2028", "\x85"], ids=["U+2028", "U+0085"])
def test_unicode_line_separator_in_plain_text_is_reported_on_its_line(campaign_dir: Path, separator: str) -> None:
    case = campaign_dir / "cases" / "dana-example.yaml"
    line = replace_line(case, "en: prosecuted for her posts", f"en: prosecuted for{separator}her posts")
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    # Pasted text often holds these; the user must be sent to the line that has one, as an
    # editor numbers lines, not to a later line YAML 1.1 thinks it started.
    assert outcome.located("cases/dana-example.yaml", line), outcome.output
