"""The strict YAML loader through `campaign validate`: every trap of section 4 of
library-behaviour-under-attack.md is refused with the file, line and field it is in."""

from __future__ import annotations

from pathlib import Path

from campaign.load.yaml import MAX_DEPTH, MAX_FILE_BYTES
from tests.load.validate_support import append, column_of, insert_before, line_of, replace_line, validate


def test_syntax_error_points_at_its_line_and_column(campaign_dir: Path) -> None:
    recipients = campaign_dir / "recipients.yaml"
    line = replace_line(recipients, "office: Foreign Secretary", "office: Foreign: Secretary")
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    [error] = outcome.located("recipients.yaml", line)
    assert error.column == column_of(recipients, line, ": Secretary")
    assert "YAML syntax error" in error.message


def test_tab_indentation_is_a_syntax_error_on_its_line(campaign_dir: Path) -> None:
    settings = campaign_dir / "campaign.yaml"
    line = replace_line(settings, "website: https://example.org", "\twebsite: https://example.org")
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    assert outcome.located("campaign.yaml", line), outcome.output


def test_duplicate_top_level_key_names_both_lines(campaign_dir: Path) -> None:
    settings = campaign_dir / "campaign.yaml"
    first = line_of(settings, "name: Free Dana Example")
    line = insert_before(settings, "date: 2024-03-01", "name: Another Name")
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    [error] = outcome.located("campaign.yaml", line, "name")
    assert f"line {first}" in error.message


def test_duplicate_nested_key(campaign_dir: Path) -> None:
    recipients = campaign_dir / "recipients.yaml"
    line = insert_before(recipients, "languages: [ru, en]", "office: Deputy Minister")
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    assert outcome.located("recipients.yaml", line, "recipients[kz-mfa].office"), outcome.output


def test_duplicate_key_quoted_and_plain_is_still_a_duplicate(campaign_dir: Path) -> None:
    settings = campaign_dir / "campaign.yaml"
    line = insert_before(settings, "organisation:", '"date": 2024-03-02')
    outcome = validate(campaign_dir)
    assert outcome.located("campaign.yaml", line, "date"), outcome.output


def test_anchor_and_alias_are_refused_where_they_stand(campaign_dir: Path) -> None:
    recipients = campaign_dir / "recipients.yaml"
    anchor = replace_line(recipients, "Example Foreign Office", "institution: &inst Example Foreign Office")
    alias = replace_line(recipients, "institution: Example Federal Department", "institution: *inst")
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    assert outcome.located("recipients.yaml", anchor, "recipients[uk-fcdo].institution"), outcome.output
    assert outcome.located("recipients.yaml", alias, "recipients[ch-fdfa].institution"), outcome.output


BILLION_LAUGHS = """recipients:
  - &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
  - &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
  - &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
  - &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
  - &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
  - &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
  - &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
  - &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
  - &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def test_billion_laughs_is_refused_before_it_expands(campaign_dir: Path) -> None:
    (campaign_dir / "recipients.yaml").write_text(BILLION_LAUGHS, encoding="utf-8")
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    on_line = {d.line for d in outcome.lines if d.file == "recipients.yaml"}
    assert on_line == set(range(2, 11)), outcome.output
    first = outcome.located("recipients.yaml", 2)
    assert first and first[0].field == "recipients[0]", outcome.output


def test_recursive_alias_is_refused(campaign_dir: Path) -> None:
    settings = campaign_dir / "campaign.yaml"
    line = replace_line(settings, "languages: [en, ru]", "languages: &x [en, *x]")
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    assert outcome.located("campaign.yaml", line, "languages"), outcome.output


def test_python_object_tag_is_refused(campaign_dir: Path) -> None:
    settings = campaign_dir / "campaign.yaml"
    line = replace_line(settings, "name: Free Dana Example", 'name: !!python/object/apply:os.system ["echo pwned"]')
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    [error] = outcome.located("campaign.yaml", line, "name")
    assert "python/object/apply:os.system" in error.message


def test_local_and_int_tags_are_refused(campaign_dir: Path) -> None:
    recipients = campaign_dir / "recipients.yaml"
    vault = replace_line(recipients, "office: Foreign Secretary", "office: !vault c2VjcmV0")
    number = replace_line(recipients, "institution: Example Federal Department", "institution: !!int 12")
    outcome = validate(campaign_dir)
    assert outcome.located("recipients.yaml", vault, "recipients[uk-fcdo].office"), outcome.output
    assert outcome.located("recipients.yaml", number, "recipients[ch-fdfa].institution"), outcome.output


def test_explicit_str_tag_is_allowed(campaign_dir: Path) -> None:
    recipients = campaign_dir / "recipients.yaml"
    replace_line(recipients, "office: Foreign Secretary", "office: !!str 01234")
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 0, outcome.output


def test_complex_key_is_refused_in_its_mapping(campaign_dir: Path) -> None:
    settings = campaign_dir / "campaign.yaml"
    line = insert_before(settings, "website: https://example.org", "? [a, b]")
    insert_before(settings, "website: https://example.org", ": value")
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    assert outcome.located("campaign.yaml", line, "organisation"), outcome.output


def test_merge_key_is_refused(campaign_dir: Path) -> None:
    settings = campaign_dir / "campaign.yaml"
    line = insert_before(settings, "website: https://example.org", "<<: {name: Other}")
    outcome = validate(campaign_dir)
    assert outcome.located("campaign.yaml", line, "organisation"), outcome.output


def test_second_document_is_refused_at_its_marker(campaign_dir: Path) -> None:
    settings = campaign_dir / "campaign.yaml"
    line = append(settings, "---\nname: Second campaign\n")
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    [error] = outcome.located("campaign.yaml", line)
    assert "document" in error.message


def test_a_single_document_may_start_with_its_marker(campaign_dir: Path) -> None:
    settings = campaign_dir / "campaign.yaml"
    settings.write_text("---\n" + settings.read_text(encoding="utf-8"), encoding="utf-8")
    assert validate(campaign_dir).exit_code == 0


def test_nesting_deeper_than_the_cap(campaign_dir: Path) -> None:
    settings = campaign_dir / "campaign.yaml"
    levels = MAX_DEPTH + 5
    line = replace_line(settings, "name: Free Dana Example", "name: " + "[" * levels + "x" + "]" * levels)
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    deepest = "name" + "[0]" * MAX_DEPTH  # the first value past the cap
    [error] = outcome.located("campaign.yaml", line, deepest)
    assert error.column == column_of(settings, line, "[" * (levels - MAX_DEPTH) + "x")


def test_nesting_far_deeper_than_the_cap_does_not_crash(campaign_dir: Path) -> None:
    settings = campaign_dir / "campaign.yaml"
    levels = 200_000
    line = replace_line(settings, "name: Free Dana Example", "name: " + "[" * levels + "x" + "]" * levels)
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    assert outcome.located("campaign.yaml", line), outcome.output


def test_file_over_the_size_cap(campaign_dir: Path) -> None:
    recipients = campaign_dir / "recipients.yaml"
    padding = ("# " + "x" * 97 + "\n") * (MAX_FILE_BYTES // 100 + 1)
    recipients.write_text(recipients.read_text(encoding="utf-8") + padding, encoding="utf-8")
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    [error] = [d for d in outcome.lines if d.file == "recipients.yaml"]
    assert error.line == 0 and f"{MAX_FILE_BYTES:,}" in error.message


def test_empty_file(campaign_dir: Path) -> None:
    (campaign_dir / "recipients.yaml").write_text("", encoding="utf-8")
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    assert outcome.located("recipients.yaml", 1, ""), outcome.output


def test_file_with_only_comments_is_empty(campaign_dir: Path) -> None:
    (campaign_dir / "recipients.yaml").write_text("# to do\n# later\n", encoding="utf-8")
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    assert outcome.located("recipients.yaml", 1, ""), outcome.output


def test_a_list_instead_of_a_mapping_at_the_top(campaign_dir: Path) -> None:
    (campaign_dir / "recipients.yaml").write_text("# recipients\n- id: uk-fcdo\n", encoding="utf-8")
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    assert outcome.located("recipients.yaml", 2), outcome.output


def test_binary_junk_names_the_line_of_the_first_nul(campaign_dir: Path) -> None:
    junk = b"recipients:\n  - id: x\n\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"
    (campaign_dir / "recipients.yaml").write_bytes(junk)
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    assert outcome.located("recipients.yaml", junk[: junk.index(b"\x00")].count(b"\n") + 1), outcome.output


def test_latin1_file_points_at_the_first_non_utf8_byte(campaign_dir: Path) -> None:
    settings = campaign_dir / "campaign.yaml"
    line = replace_line(settings, "name: Example Rights Network", "name: Réseau Exemple")
    settings.write_bytes(settings.read_text(encoding="utf-8").encode("latin-1", errors="replace"))
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    [error] = outcome.located("campaign.yaml", line)
    assert error.column == len("  name: R") + 1
    assert "UTF-8" in error.message


def test_utf16_file_is_reported_as_an_encoding_problem(campaign_dir: Path) -> None:
    settings = campaign_dir / "campaign.yaml"
    settings.write_bytes(settings.read_text(encoding="utf-8").encode("utf-16"))
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    [error] = outcome.located("campaign.yaml", 1)
    assert "UTF-8" in error.message, "the user must be told to save the file as UTF-8"


def test_utf8_with_bom_and_crlf_line_ends_is_accepted(campaign_dir: Path) -> None:
    settings = campaign_dir / "campaign.yaml"
    text = settings.read_text(encoding="utf-8").replace("\n", "\r\n")
    settings.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 0, outcome.output


def test_a_folder_where_a_file_should_be(campaign_dir: Path) -> None:
    (campaign_dir / "recipients.yaml").unlink()
    (campaign_dir / "recipients.yaml").mkdir()
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    [error] = [d for d in outcome.lines if d.file == "recipients.yaml"]
    assert "folder" in error.message


def test_missing_recipients_file(campaign_dir: Path) -> None:
    (campaign_dir / "recipients.yaml").unlink()
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    [error] = [d for d in outcome.lines if d.file == "recipients.yaml"]
    assert "not found" in error.message


def test_missing_case_file_is_reported_where_campaign_yaml_names_it(campaign_dir: Path) -> None:
    (campaign_dir / "cases" / "dana-example.yaml").unlink()
    line = line_of(campaign_dir / "campaign.yaml", "cases: [dana-example]")
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    [error] = outcome.located("campaign.yaml", line, "cases[0]")
    assert "cases/dana-example.yaml" in error.message
