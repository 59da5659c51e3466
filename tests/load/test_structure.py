"""Typing the YAML with the model through `campaign validate`: unknown keys at every depth, wrong
shapes, strict dates, numbers and booleans, locales, and scalars that must stay strings."""

from __future__ import annotations

from pathlib import Path

from campaign.app import validate as app
from tests.load.validate_support import append, insert_before, replace_line, validate


def test_unknown_key_at_the_top_of_the_case(campaign_dir: Path) -> None:
    case = campaign_dir / "cases" / "dana-example.yaml"
    line = insert_before(case, "country:", "sanction_targetz: [judge-sample]")
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    assert outcome.located("cases/dana-example.yaml", line, "sanction_targetz"), outcome.output


def test_unknown_key_in_a_recipient_suggests_the_right_one(campaign_dir: Path) -> None:
    recipients = campaign_dir / "recipients.yaml"
    line = replace_line(recipients, "office: Foreign Secretary", "ofice: Foreign Secretary")
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    [error] = outcome.located("recipients.yaml", line, "recipients[0].ofice")
    assert "'office'" in error.message
    missing = [d for d in outcome.lines if d.field == "recipients[0].office"]
    assert missing, "the key the typo replaced is reported missing too"


def test_unknown_key_in_the_organisation(campaign_dir: Path) -> None:
    settings = campaign_dir / "campaign.yaml"
    line = replace_line(settings, "website: https://example.org", "webiste: https://example.org")
    outcome = validate(campaign_dir)
    [error] = outcome.located("campaign.yaml", line, "organisation.webiste")
    assert "'website'" in error.message


def test_unknown_key_inside_a_channel(campaign_dir: Path) -> None:
    recipients = campaign_dir / "recipients.yaml"
    line = replace_line(recipients, "address: minister@example.org", "adress: minister@example.org")
    outcome = validate(campaign_dir)
    assert outcome.located("recipients.yaml", line, "recipients[1].channel.adress"), outcome.output


def test_unknown_key_four_levels_down_in_the_case(campaign_dir: Path) -> None:
    case = campaign_dir / "cases" / "dana-example.yaml"
    line = insert_before(case, 'years: "3"', 'yaers: "3"')
    outcome = validate(campaign_dir)
    assert outcome.located("cases/dana-example.yaml", line, "proceedings[0].outcomes[0].sentences[0].duration.yaers"), (
        outcome.output
    )


def test_mapping_where_text_is_expected(campaign_dir: Path) -> None:
    recipients = campaign_dir / "recipients.yaml"
    line = replace_line(recipients, "name: Jane Doe", "name: {first: Jane, last: Doe}")
    outcome = validate(campaign_dir)
    assert outcome.located("recipients.yaml", line, "recipients[0].person.name"), outcome.output


def test_list_where_a_mapping_is_expected(campaign_dir: Path) -> None:
    settings = campaign_dir / "campaign.yaml"
    line = append(settings, "email: [attach_docx]\n")
    outcome = validate(campaign_dir)
    assert outcome.located("campaign.yaml", line, "email"), outcome.output


def test_text_where_a_list_is_expected(campaign_dir: Path) -> None:
    recipients = campaign_dir / "recipients.yaml"
    line = replace_line(recipients, "languages: [ru, en]", "languages: ru")
    outcome = validate(campaign_dir)
    assert outcome.located("recipients.yaml", line, "recipients[1].languages"), outcome.output


def test_text_where_per_language_text_is_expected(campaign_dir: Path) -> None:
    case = campaign_dir / "cases" / "dana-example.yaml"
    line = replace_line(case, "role:", "role: blogger", nth=1)
    replace_line(case, "en: blogger", "# (was the English role)")
    replace_line(case, "ru: блогер", "# (was the Russian role)")
    outcome = validate(campaign_dir)
    assert outcome.located("cases/dana-example.yaml", line, "defendants[0].role"), outcome.output


def test_impossible_date(campaign_dir: Path) -> None:
    settings = campaign_dir / "campaign.yaml"
    line = replace_line(settings, "date: 2024-03-01", "date: 2021-02-30")
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 1
    assert outcome.located("campaign.yaml", line, "date"), outcome.output


def test_day_first_date(campaign_dir: Path) -> None:
    case = campaign_dir / "cases" / "dana-example.yaml"
    line = replace_line(case, "since: 2023-05-02", "since: 21-09-2021")
    outcome = validate(campaign_dir)
    assert outcome.located("cases/dana-example.yaml", line, "defendants[0].custody[0].since"), outcome.output


def test_date_without_leading_zeros(campaign_dir: Path) -> None:
    case = campaign_dir / "cases" / "dana-example.yaml"
    line = replace_line(case, "date: 2023-09-14", "date: 2021-9-2")
    outcome = validate(campaign_dir)
    assert outcome.located("cases/dana-example.yaml", line, "proceedings[0].date"), outcome.output


def test_timestamp_where_a_date_is_expected(campaign_dir: Path) -> None:
    recipients = campaign_dir / "recipients.yaml"
    line = replace_line(recipients, "checked: 2024-02-01", "checked: 2024-02-01T10:00:00+06:00")
    outcome = validate(campaign_dir)
    assert outcome.located("recipients.yaml", line, "recipients[0].verification.checked"), outcome.output


def test_number_with_a_leading_zero_is_refused(campaign_dir: Path) -> None:
    case = campaign_dir / "cases" / "dana-example.yaml"
    line = replace_line(case, 'years: "3"', "years: 03")
    outcome = validate(campaign_dir)
    assert outcome.located("cases/dana-example.yaml", line, "proceedings[0].outcomes[0].sentences[0].duration.years"), (
        outcome.output
    )


def test_yes_and_on_are_not_booleans(campaign_dir: Path) -> None:
    settings = campaign_dir / "campaign.yaml"
    line = append(settings, "email:\n  attach_docx: yes\n") + 1
    outcome = validate(campaign_dir)
    assert outcome.located("campaign.yaml", line, "email.attach_docx"), outcome.output
    settings.write_text(settings.read_text(encoding="utf-8").replace("attach_docx: yes", "attach_docx: on"))
    assert validate(campaign_dir).located("campaign.yaml", line, "email.attach_docx")


def test_no_is_the_norwegian_language_code(campaign_dir: Path) -> None:
    """`no` is read as Norwegian, not as YAML 1.1's false: every error asks for Norwegian texts."""
    replace_line(campaign_dir / "campaign.yaml", "languages: [en, ru]", "languages: [en, ru, no]")
    replace_line(
        campaign_dir / "recipients.yaml",
        "languages: [ru, en]",
        "languages: [no, en]\n    salutation: {no: 'Kjære minister,'}\n    closing: {no: 'Med vennlig hilsen'}",
    )
    outcome = validate(campaign_dir)
    errors = [d for d in outcome.lines if not d.warning]
    assert errors and all(" no" in d.message or "'no'" in d.message for d in errors), outcome.output
    assert {d.code for d in errors} <= {
        "case.text-missing-language",
        "campaign.text-missing-language",
        "recipient.address-language",
        "catalog.missing",
    }
    assert "defendants[0].role" in {d.field for d in errors}


def test_no_undeclared_by_the_campaign_is_reported_as_a_language(campaign_dir: Path) -> None:
    recipients = campaign_dir / "recipients.yaml"
    line = replace_line(recipients, "languages: [ru, en]", "languages: [no, en]")
    outcome = validate(campaign_dir)
    errors = outcome.located("recipients.yaml", line, "recipients[1].languages[0]")
    assert {e.code for e in errors} == {"recipient.undeclared-language", "address.no-language"}
    assert all("'no'" in e.message for e in errors)


def test_on_is_not_a_language(campaign_dir: Path) -> None:
    recipients = campaign_dir / "recipients.yaml"
    line = replace_line(recipients, "languages: [ru, en]", "languages: [on, en]")
    outcome = validate(campaign_dir)
    [error] = outcome.located("recipients.yaml", line, "recipients[1].languages[0]")
    assert "'on'" in error.message


def test_scalars_yaml_would_retype_stay_strings(campaign_dir: Path) -> None:
    recipients = campaign_dir / "recipients.yaml"
    replace_line(recipients, "- id: uk-fcdo", "- id: 01234")
    replace_line(recipients, "- 1 Example Square", "- 12:30")
    replace_line(recipients, "- 3000 Exampleton", "- 1.10")
    replace_line(recipients, "office: Head of Department", "office: NO")
    case = campaign_dir / "cases" / "dana-example.yaml"
    replace_line(case, 'provision: {number: "274"}', "provision: {number: 0274}")
    loaded = app.validate(campaign_dir)
    recipients_ = loaded.campaign.recipients
    assert recipients_[0].id == "01234"
    assert recipients_[2].postal_address[1:] == ("12:30", "1.10")
    assert recipients_[2].office == "NO"
    assert loaded.campaign.case.defendants[0].charges[0].provision.number == "0274"


def test_locale_as_a_bcp47_tag_or_a_babel_name(campaign_dir: Path) -> None:
    """`en-GB` (BCP 47, as language tags are written) and `en_GB` (babel's name) both mean British English."""
    recipients = campaign_dir / "recipients.yaml"
    replace_line(recipients, "locale: en_GB", "locale: en-GB", nth=1)
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 0, outcome.output
    assert not [d for d in outcome.lines if d.field == "recipients[0].locale"]


def test_locale_unknown_to_cldr(campaign_dir: Path) -> None:
    recipients = campaign_dir / "recipients.yaml"
    line = replace_line(recipients, "locale: ru", "locale: xx_YY")
    outcome = validate(campaign_dir)
    [error] = outcome.located("recipients.yaml", line, "recipients[1].locale")
    assert "xx_YY" in error.message


def test_language_of_a_text_unknown_to_cldr(campaign_dir: Path) -> None:
    case = campaign_dir / "cases" / "dana-example.yaml"
    line = insert_before(case, "en: Exampleland", "zz: Exampleland")
    outcome = validate(campaign_dir)
    assert outcome.located("cases/dana-example.yaml", line, "country.zz"), outcome.output


def test_missing_required_field_points_at_its_parent(campaign_dir: Path) -> None:
    recipients = campaign_dir / "recipients.yaml"
    parent = replace_line(recipients, "- id: ch-fdfa", "- jurisdiction: CH")
    replace_line(recipients, "jurisdiction: CH", "# (jurisdiction moved up)", nth=2)
    outcome = validate(campaign_dir)
    assert outcome.located("recipients.yaml", parent, "recipients[2].id"), outcome.output


def test_unknown_channel_kind(campaign_dir: Path) -> None:
    recipients = campaign_dir / "recipients.yaml"
    line = replace_line(recipients, "kind: postal", "kind: fax")
    outcome = validate(campaign_dir)
    assert [d for d in outcome.lines if d.field.startswith("recipients[2].channel")], outcome.output
    assert {d.line for d in outcome.lines if d.field.startswith("recipients[2].channel")} <= {line, line - 1}
