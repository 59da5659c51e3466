"""Diagnostics name a record by the id the user wrote (`recipients[uk-fcdo].verification.status`),
and by its index only where the id cannot name it: no id, the id itself is the problem, or the id
is not one (invalid, all digits, used twice). Ids are the ones of tests/data/minimal."""

from __future__ import annotations

from pathlib import Path

from tests.load.validate_support import insert_before, line_of, replace_line, validate


def test_a_recipient_is_named_by_its_id(campaign_dir: Path) -> None:
    recipients = campaign_dir / "recipients.yaml"
    line = replace_line(recipients, "status: verified", "status: maybe", nth=2)
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    [error] = outcome.located("recipients.yaml", line)
    assert error.field == "recipients[kz-mfa].verification.status", outcome.output


def test_records_of_the_case_are_named_by_their_ids_down_to_an_item_without_one(campaign_dir: Path) -> None:
    case = campaign_dir / "cases" / "dana-example.yaml"
    since = replace_line(case, "since: 2023-05-02", "since: 02.05.2023")
    outcome = validate(campaign_dir)
    [error] = outcome.located("cases/dana-example.yaml", since)
    # The defendant has an id; her custody periods have none.
    assert error.field == "defendants[dana-example].custody[0].since", outcome.output


def test_a_broken_id_names_neither_itself_nor_its_record(campaign_dir: Path) -> None:
    recipients = campaign_dir / "recipients.yaml"
    ident = replace_line(recipients, "- id: kz-mfa", "- id: KZ MFA")
    locale = replace_line(recipients, "locale: ru", "locale: RU")
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    assert outcome.located("recipients.yaml", ident, "recipients[1].id"), outcome.output
    assert outcome.located("recipients.yaml", locale, "recipients[1].locale"), outcome.output


def test_a_duplicate_id_is_named_by_index_and_so_are_both_records(campaign_dir: Path) -> None:
    recipients = campaign_dir / "recipients.yaml"
    replace_line(recipients, "- id: ch-fdfa", "- id: kz-mfa")
    locale = replace_line(recipients, "locale: ru", "locale: RU")
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    assert outcome.located("recipients.yaml", locale, "recipients[1].locale"), outcome.output


def test_the_duplicate_of_an_id_is_reported_at_its_id_by_index(campaign_dir: Path) -> None:
    recipients = campaign_dir / "recipients.yaml"
    duplicate = replace_line(recipients, "- id: ch-fdfa", "- id: kz-mfa")
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    [error] = outcome.located("recipients.yaml", duplicate)
    assert error.field == "recipients[2].id", outcome.output


def test_an_all_digit_id_would_read_as_an_index_so_the_index_is_shown(campaign_dir: Path) -> None:
    recipients = campaign_dir / "recipients.yaml"
    replace_line(recipients, "- id: uk-fcdo", "- id: '2'")
    locale = line_of(recipients, "locale: en_GB", nth=1)
    replace_line(recipients, "locale: en_GB", "locale: EN", nth=1)
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    assert outcome.located("recipients.yaml", locale, "recipients[0].locale"), outcome.output


def test_a_yaml_level_error_names_the_record_by_id(campaign_dir: Path) -> None:
    recipients = campaign_dir / "recipients.yaml"
    first = insert_before(recipients, "office: Head of Department", "office: Head")
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    [error] = outcome.located("recipients.yaml", first + 1)
    assert (error.code, error.field) == ("yaml.duplicate-key", "recipients[ch-fdfa].office"), outcome.output


def test_an_anchor_error_names_the_record_by_id(campaign_dir: Path) -> None:
    recipients = campaign_dir / "recipients.yaml"
    line = replace_line(recipients, "office: Head of Department", "office: &head Head of Department")
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    [error] = outcome.located("recipients.yaml", line)
    assert (error.code, error.field) == ("yaml.alias", "recipients[ch-fdfa].office"), outcome.output
