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


def test_nel_in_quoted_text_does_not_shift_later_line_numbers(campaign_dir: Path) -> None:
    case = campaign_dir / "cases" / "dana-example.yaml"
    replace_line(case, "en: prosecuted for her posts", 'en: "prosecuted for\x85her posts"')
    line = replace_line(case, "date: 2023-10-01", "date: 2023-10-32")
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    # Editors do not break lines at these characters, so neither may the positions we print.
    assert outcome.located("cases/dana-example.yaml", line, "sources[1].date"), outcome.output


@pytest.mark.parametrize("separator", ["\u2028", "\u2029"], ids=["U+2028", "U+2029"])
def test_unicode_line_separators_in_quoted_text_are_refused_on_their_line(campaign_dir: Path, separator: str) -> None:
    case = campaign_dir / "cases" / "dana-example.yaml"
    line = replace_line(case, "en: prosecuted for her posts", f'en: "prosecuted for{separator}her posts"')
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    # Refused at validate (a writer would otherwise fail on it at build), on the line an editor shows.
    (found,) = outcome.located("cases/dana-example.yaml", line, "violations[0].description.en")
    assert found.code == "text.forbidden-character"
    assert f"U+{ord(separator):04X}" in outcome.output


@pytest.mark.parametrize("separator", ["\u2028", "\x85"], ids=["U+2028", "U+0085"])
def test_unicode_line_separator_in_plain_text_is_reported_on_its_line(campaign_dir: Path, separator: str) -> None:
    case = campaign_dir / "cases" / "dana-example.yaml"
    line = replace_line(case, "en: prosecuted for her posts", f"en: prosecuted for{separator}her posts")
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    # Pasted text often holds these; the user must be sent to the line that has one, as an
    # editor numbers lines, not to a later line YAML 1.1 thinks it started.
    assert outcome.located("cases/dana-example.yaml", line), outcome.output


MORE_ESCAPED = {
    "line separator": r"\u2028",
    "paragraph separator": r"\u2029",
    "non-character U+FDD0": r"\uFDD0",
    "non-character U+1FFFE": r"\U0001FFFE",
    "tag letter A": r"\U000E0041",
    "cancel tag": r"\U000E007F",
}
"""Issue 16: refused everywhere at validate, not first by a writer at build."""


@pytest.mark.parametrize("escape", MORE_ESCAPED.values(), ids=MORE_ESCAPED.keys())
def test_separators_noncharacters_and_tags_are_refused_at_validate(campaign_dir: Path, escape: str) -> None:
    case = campaign_dir / "cases" / "dana-example.yaml"
    line = replace_line(case, "en: prosecuted for her posts", f'en: "prosecuted for{escape} her posts"')
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    (error,) = outcome.located("cases/dana-example.yaml", line)
    assert error.code == "text.forbidden-character"


BIDI_MARKS = {"LRM": r"\u200E", "RLM": r"\u200F", "ALM": r"\u061C"}
NAMES_NUMBERS_ADDRESSES = {
    "recipient name": ("recipients.yaml", "name: Jane Doe", 'name: "Jane{m} Doe"', "recipients[0].person.name"),
    "case person name": (
        "cases/dana-example.yaml",
        "latin: Dana Example",
        'latin: "Dana{m} Example"',
        "defendants[0].name.latin",
    ),
    "organisation address": (
        "campaign.yaml",
        "email: appeals@example.org",
        'email: "appeals{m}@example.org"',
        "organisation.email",
    ),
    "judge name": ("cases/dana-example.yaml", "latin: Sam Judge", 'latin: "Sam{m} Judge"', None),
}


@pytest.mark.parametrize("mark", BIDI_MARKS.values(), ids=BIDI_MARKS.keys())
@pytest.mark.parametrize("where", NAMES_NUMBERS_ADDRESSES.values(), ids=NAMES_NUMBERS_ADDRESSES.keys())
def test_bidi_marks_are_refused_in_names_numbers_and_addresses(
    campaign_dir: Path, mark: str, where: tuple[str, str, str, str | None]
) -> None:
    file, needle, new, field = where
    line = replace_line(campaign_dir / file, needle, new.format(m=mark))
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    found = outcome.located(file, line, field or "")
    assert found, outcome.output
    assert any(d.code in ("text.bidi-mark", "email.invalid", "email.mixed-script") for d in found), outcome.output


def test_a_bidi_mark_in_prose_is_kept(campaign_dir: Path) -> None:
    case = campaign_dir / "cases" / "dana-example.yaml"
    replace_line(case, "en: prosecuted for her posts", 'en: "prosecuted for her posts\\u200F"')
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 0, outcome.output


def test_an_email_address_that_mixes_scripts_is_an_error_naming_the_character(campaign_dir: Path) -> None:
    recipients = campaign_dir / "recipients.yaml"
    line = replace_line(
        recipients, "address: foreign.secretary@example.org", "address: foreign.secretary@ex\u0430mple.org"
    )
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    (error,) = outcome.located("recipients.yaml", line, "recipients[0].channel.address")
    assert error.code == "email.mixed-script"
    assert "U+0430 CYRILLIC SMALL LETTER A" in outcome.output


def test_a_whole_address_in_one_other_script_is_fine(campaign_dir: Path) -> None:
    recipients = campaign_dir / "recipients.yaml"
    replace_line(
        recipients,
        "address: minister@example.org",
        "address: minister@\u043f\u0440\u0438\u043c\u0435\u0440.\u049b\u0430\u0437",
    )
    assert validate(campaign_dir).exit_code == 0


def test_an_encoded_word_in_the_case_is_reported_at_its_line(campaign_dir: Path) -> None:
    case = campaign_dir / "cases" / "dana-example.yaml"
    line = replace_line(case, "latin: Dana Example", 'latin: "=?utf-8?q?Dana=0D=0ABcc=3A_x?="')
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    (error,) = outcome.located("cases/dana-example.yaml", line, "defendants[0].name.latin")
    assert error.code == "header.encoded-word"
