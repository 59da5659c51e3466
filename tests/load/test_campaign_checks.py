"""Checks across the three files through `campaign validate`: references that lead nowhere,
addresses, text that will become a mail header, and every error in every file reported at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.load.validate_support import column_of, insert_before, line_of, replace_line, validate


def test_dangling_src_in_a_nested_fact(campaign_dir: Path) -> None:
    case = campaign_dir / "cases" / "dana-example.yaml"
    line = replace_line(case, "src: [report-one]", "src: [report-one, report-tree]", nth=1)
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    [error] = outcome.located("cases/dana-example.yaml", line, "defendants[0].custody[0].src[1]")
    assert error.column == column_of(case, line, "report-tree")
    assert "report-tree" in error.message


def test_dangling_src_in_a_request(campaign_dir: Path) -> None:
    case = campaign_dir / "cases" / "dana-example.yaml"
    line = replace_line(case, "src: [report-two]", "src: [report-2]", nth=3)
    outcome = validate(campaign_dir)
    assert outcome.located("cases/dana-example.yaml", line, "requests[0].src[0]"), outcome.output


def test_official_reference_that_does_not_exist(campaign_dir: Path) -> None:
    case = campaign_dir / "cases" / "dana-example.yaml"
    line = insert_before(case, "target: true", "reports_to: [judge-sampel]")
    outcome = validate(campaign_dir)
    [error] = outcome.located("cases/dana-example.yaml", line, "officials[0].reports_to[0]")
    assert "judge-sampel" in error.message and error.code == "case.unknown-official"


def test_duplicate_source_id(campaign_dir: Path) -> None:
    case = campaign_dir / "cases" / "dana-example.yaml"
    line = replace_line(case, "- id: report-two", "- id: report-one")
    outcome = validate(campaign_dir)
    assert outcome.located("cases/dana-example.yaml", line, "sources[1].id"), outcome.output


def test_recipient_document_that_does_not_exist(campaign_dir: Path) -> None:
    recipients = campaign_dir / "recipients.yaml"
    line = insert_before(recipients, "verification:", "documents: [appeal, breif]", nth=1)
    outcome = validate(campaign_dir)
    [error] = outcome.located("recipients.yaml", line, "recipients[0].documents[1]")
    assert "breif" in error.message


def test_group_document_that_does_not_exist(campaign_dir: Path) -> None:
    settings = campaign_dir / "campaign.yaml"
    line = replace_line(settings, "documents: [appeal]", "documents: [appeal, brief]")
    outcome = validate(campaign_dir)
    assert outcome.located("campaign.yaml", line, "groups.ministers.documents[1]"), outcome.output


def test_recipient_group_not_in_campaign_yaml(campaign_dir: Path) -> None:
    recipients = campaign_dir / "recipients.yaml"
    line = replace_line(recipients, "group: ministers", "group: parliament", nth=2)
    outcome = validate(campaign_dir)
    [error] = outcome.located("recipients.yaml", line, "recipients[1].group")
    assert "parliament" in error.message and "ministers" in error.message


def test_duplicate_recipient_id(campaign_dir: Path) -> None:
    recipients = campaign_dir / "recipients.yaml"
    line = replace_line(recipients, "- id: ch-fdfa", "- id: uk-fcdo")
    outcome = validate(campaign_dir)
    assert outcome.located("recipients.yaml", line, "recipients[2].id"), outcome.output


def test_postal_recipient_without_an_address(campaign_dir: Path) -> None:
    recipients = campaign_dir / "recipients.yaml"
    start = line_of(recipients, "postal_address:")
    lines = recipients.read_text(encoding="utf-8").splitlines(keepends=True)
    del lines[start - 1 : start + 3]
    recipients.write_text("".join(lines), encoding="utf-8")
    outcome = validate(campaign_dir)
    assert outcome.located("recipients.yaml", line_of(recipients, "- id: ch-fdfa"), "recipients[2]"), outcome.output


BAD_ADDRESSES = {
    "two addresses with a comma": "a@example.org, b@example.org",
    "two addresses with a semicolon": "a@example.org;b@example.org",
    "display name": "Jane Doe <a@example.org>",
    "no domain dot": "a@example",
    "no at sign": "a.example.org",
    "two at signs": "a@b@example.org",
}


@pytest.mark.parametrize("address", BAD_ADDRESSES.values(), ids=BAD_ADDRESSES.keys())
def test_bad_recipient_address(campaign_dir: Path, address: str) -> None:
    recipients = campaign_dir / "recipients.yaml"
    line = replace_line(recipients, "address: foreign.secretary@example.org", f'address: "{address}"')
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    assert outcome.located("recipients.yaml", line, "recipients[0].channel.address"), outcome.output


def test_bad_organisation_email_and_reply_to(campaign_dir: Path) -> None:
    settings = campaign_dir / "campaign.yaml"
    email = replace_line(settings, "email: appeals@example.org", "email: appeals@example.org, boss@example.org")
    reply = replace_line(settings, "reply_to: replies@example.org", "reply_to: replies at example.org")
    outcome = validate(campaign_dir)
    assert outcome.located("campaign.yaml", email, "organisation.email"), outcome.output
    assert outcome.located("campaign.yaml", reply, "organisation.reply_to"), outcome.output


INJECTIONS = {
    "CR LF and a Bcc line": r'"Example Rights\r\nBcc: victim@example.org"',
    "LF and a Bcc line": r'"Example Rights\nBcc: victim@example.org"',
    "bare CR": r'"Example Rights\rBcc: victim@example.org"',
    "encoded word": '"=?utf-8?q?Example=0D=0ABcc=3A_victim=40example.org?="',
    "unicode line separator": r'"Example Rights\LBcc: victim@example.org"',
    "unicode paragraph separator": r'"Example Rights\PBcc: victim@example.org"',
}
"""Values that would add a header line if they reached a mail header unchecked."""


@pytest.mark.parametrize("value", INJECTIONS.values(), ids=INJECTIONS.keys())
def test_header_injection_in_organisation_name(campaign_dir: Path, value: str) -> None:
    settings = campaign_dir / "campaign.yaml"
    line = replace_line(settings, "name: Example Rights Network", f"name: {value}")
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    assert outcome.located("campaign.yaml", line, "organisation.name"), outcome.output


@pytest.mark.parametrize("value", INJECTIONS.values(), ids=INJECTIONS.keys())
def test_header_injection_in_recipient_person_name(campaign_dir: Path, value: str) -> None:
    recipients = campaign_dir / "recipients.yaml"
    line = replace_line(recipients, "name: Jane Doe", f"name: {value}")
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    assert outcome.located("recipients.yaml", line, "recipients[0].person.name"), outcome.output


def test_header_injection_in_a_literal_block(campaign_dir: Path) -> None:
    recipients = campaign_dir / "recipients.yaml"
    line = replace_line(recipients, "office: Foreign Secretary", "office: |")
    insert_before(recipients, "person:", "  Foreign Secretary", nth=1)
    insert_before(recipients, "person:", "  Bcc: victim@example.org", nth=1)
    outcome = validate(campaign_dir)
    assert outcome.located("recipients.yaml", line, "recipients[0].office"), outcome.output


@pytest.mark.parametrize(
    ("needle", "field"),
    [("email: appeals@example.org", "organisation.email"), ("reply_to: replies@example.org", "organisation.reply_to")],
)
@pytest.mark.parametrize("value", INJECTIONS.values(), ids=INJECTIONS.keys())
def test_header_injection_in_sender_addresses(campaign_dir: Path, needle: str, field: str, value: str) -> None:
    settings = campaign_dir / "campaign.yaml"
    key = needle.split(":")[0]
    line = replace_line(settings, needle, f"{key}: {value}")
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    assert outcome.located("campaign.yaml", line, field), outcome.output


def test_encoded_word_in_a_recipient_address(campaign_dir: Path) -> None:
    recipients = campaign_dir / "recipients.yaml"
    line = replace_line(
        recipients, "address: minister@example.org", 'address: "=?utf-8?q?x=0ABcc=3A_v=40example.org?=@example.org"'
    )
    outcome = validate(campaign_dir)
    assert outcome.located("recipients.yaml", line, "recipients[1].channel.address"), outcome.output


def test_a_signatory_title_missing_a_letter_language_is_reported_at_campaign_yaml(campaign_dir: Path) -> None:
    settings = campaign_dir / "campaign.yaml"
    title = line_of(settings, "en: Coordinator")  # where the mapping of titles starts
    replace_line(settings, "ru: Координатор", "# no Russian title")
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    [error] = outcome.located("campaign.yaml", title, "signatory.title")
    assert error.code == "campaign.text-missing-language" and "'ru: ...'" in error.message
    assert not [d for d in outcome.lines if d.file != "campaign.yaml" and not d.warning], outcome.output
