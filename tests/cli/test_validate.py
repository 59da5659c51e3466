"""`campaign validate` through the real command line: exit codes, output shape, strict mode, and
every broken file of tests/data/invalid/ reported exactly where its markers say."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from campaign.app import validate as app
from tests.load.validate_support import MINIMAL, QUALITY_WARNINGS, copy_minimal, line_of, replace_line, validate


def test_minimal_campaign_is_valid() -> None:
    outcome = validate(MINIMAL)
    assert outcome.exit_code == 0, outcome.output
    assert outcome.shown == []
    assert "valid (3 recipients, case dana-example)" in outcome.output


def test_minimal_campaign_loads_its_three_files(tmp_path: Path) -> None:
    loaded = app.validate(copy_minimal(tmp_path))
    assert [r.id for r in loaded.campaign.recipients] == ["uk-fcdo", "kz-mfa", "ch-fdfa"]
    [defendant] = loaded.campaign.case.defendants
    assert (defendant.id, defendant.name.latin) == ("dana-example", "Dana Example")
    assert defendant.name.native == {"ru": "Дана Пример"}
    assert [item for item in loaded.report.items if item.code not in QUALITY_WARNINGS] == []


INVALID = Path(__file__).parents[1] / "data" / "invalid"
"""One broken file per case, in a folder naming the file it replaces; each line with an error
ends in a comment `# <- field.path` (several paths separated by spaces)."""

TARGETS = {"campaign": "campaign.yaml", "recipients": "recipients.yaml", "case": "cases/dana-example.yaml"}
MARKER = re.compile(r"#\s*<-\s*(.+)$")


def expected_errors(path: Path) -> set[tuple[int, str]]:
    """(line, field) pairs the markers of an invalid file promise."""
    expected: set[tuple[int, str]] = set()
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        match = MARKER.search(text)
        if match:
            expected.update((number, field) for field in match.group(1).split())
    return expected


@pytest.mark.parametrize("broken", sorted(INVALID.glob("*/*.yaml")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_invalid_file_reports_exactly_its_marked_errors(tmp_path: Path, broken: Path) -> None:
    folder = copy_minimal(tmp_path)
    target = TARGETS[broken.parent.name]
    shutil.copyfile(broken, folder / target)
    expected = expected_errors(broken)
    assert expected, f"{broken} has no '# <- field' markers"
    outcome = validate(folder)
    assert outcome.exit_code == 1
    errors = [d for d in outcome.lines if not d.warning]
    assert {(d.file, d.line, d.field) for d in errors} == {(target, line, field) for line, field in expected}, (
        outcome.output
    )
    assert len(errors) == len(expected) == outcome.errors


def test_errors_in_one_file_are_all_reported_in_line_order(tmp_path: Path) -> None:
    folder = copy_minimal(tmp_path)
    recipients = folder / "recipients.yaml"
    group = replace_line(recipients, "group: ministers", "group: parliament", nth=3)
    email = replace_line(recipients, "address: foreign.secretary@example.org", "address: two@example.org three@x.org")
    language = replace_line(recipients, "languages: [ru, en]", "languages: [ru, kk]")
    # Letters in kk would also need kz-mfa's institution and office in kk: reported at its institution.
    institution = line_of(recipients, "institution: {ru: Министерство примеров")
    outcome = validate(folder)
    assert outcome.exit_code == 1
    expected = [("recipients.yaml", n) for n in sorted((group, email, institution, language))]
    assert [(d.file, d.line) for d in outcome.shown] == expected, outcome.output
    assert outcome.located("recipients.yaml", institution, "recipients[kz-mfa].institution"), outcome.output
    assert outcome.located("recipients.yaml", language, "recipients[kz-mfa].languages[1]"), outcome.output
    assert outcome.errors == 4


def test_schema_errors_in_one_file_are_all_reported_in_line_order(tmp_path: Path) -> None:
    folder = copy_minimal(tmp_path)
    recipients = folder / "recipients.yaml"
    kind = replace_line(recipients, "kind: postal", "kind: pigeon")
    checked = replace_line(recipients, "checked: 2024-02-01", "checked: 01/02/2024")
    locale = replace_line(recipients, "locale: ru", "locale: ru_RU.UTF-8")
    outcome = validate(folder)
    assert outcome.exit_code == 1
    expected = [("recipients.yaml", n) for n in sorted((kind, checked, locale))]
    assert [(d.file, d.line) for d in outcome.shown] == expected, outcome.output
    assert outcome.errors == 3


def test_a_schema_error_does_not_hide_the_other_recipients_errors(tmp_path: Path) -> None:
    folder = copy_minimal(tmp_path)
    recipients = folder / "recipients.yaml"
    locale = replace_line(recipients, "locale: ru", "locale: ru_RU.UTF-8")
    group = replace_line(recipients, "group: ministers", "group: parliament", nth=3)
    outcome = validate(folder)
    assert outcome.located("recipients.yaml", locale, "recipients[kz-mfa].locale"), outcome.output
    assert outcome.located("recipients.yaml", group, "recipients[ch-fdfa].group"), outcome.output


def test_schema_errors_in_every_file_are_reported_together(tmp_path: Path) -> None:
    folder = copy_minimal(tmp_path)
    settings_line = replace_line(folder / "campaign.yaml", "website: https://example.org", "website: example.org")
    case_line = replace_line(folder / "cases" / "dana-example.yaml", "date: 2023-09-14", "date: 14.09.2023")
    recipients_line = replace_line(folder / "recipients.yaml", "locale: ru", "locale: RU")
    outcome = validate(folder)
    assert outcome.exit_code == 1
    assert outcome.located("campaign.yaml", settings_line, "organisation.website"), outcome.output
    assert outcome.located("recipients.yaml", recipients_line, "recipients[kz-mfa].locale"), outcome.output
    # The case file is named by a valid `cases:` list, so its errors must be found in the same run.
    assert outcome.located("cases/dana-example.yaml", case_line, "proceedings[first].date"), outcome.output


def test_a_schema_error_in_campaign_yaml_adds_no_error_to_the_other_files(tmp_path: Path) -> None:
    # The broken field says nothing about the languages or how they write names: the case is
    # checked as with a valid campaign.yaml (English letters use the Latin form of a name).
    folder = copy_minimal(tmp_path)
    line = replace_line(folder / "campaign.yaml", "website: https://example.org", "website: example.org")
    outcome = validate(folder)
    assert outcome.exit_code == 1
    assert [(d.file, d.line, d.field) for d in outcome.shown] == [("campaign.yaml", line, "organisation.website")], (
        outcome.output
    )


def test_warnings_pass_unless_strict(tmp_path: Path) -> None:
    folder = copy_minimal(tmp_path)
    line = replace_line(folder / "recipients.yaml", "status: verified", "status: secondary", nth=2)
    relaxed = validate(folder)
    assert relaxed.exit_code == 0, relaxed.output
    [warning] = [d for d in relaxed.shown if d.warning]
    assert (warning.file, warning.line, warning.field) == (
        "recipients.yaml",
        line,
        "recipients[kz-mfa].verification.status",
    )
    assert (relaxed.errors, relaxed.other_warnings) == (0, 1)
    strict = validate(folder, "--strict")
    assert strict.exit_code == 1
    assert [d.line for d in strict.shown] == [line]


def test_warnings_are_listed_after_the_errors(tmp_path: Path) -> None:
    folder = copy_minimal(tmp_path)
    warning_line = replace_line(folder / "recipients.yaml", "status: verified", "status: unverified", nth=1)
    error_line = replace_line(folder / "recipients.yaml", "group: ministers", "group: parliament", nth=2)
    outcome = validate(folder)
    assert outcome.exit_code == 1
    assert [(d.line, d.warning) for d in outcome.shown] == [(error_line, False), (warning_line, True)]
    assert (outcome.errors, outcome.other_warnings) == (1, 1)


def test_a_campaign_folder_that_does_not_exist(tmp_path: Path) -> None:
    outcome = validate(tmp_path / "nowhere")
    assert outcome.exit_code == 1
    assert {d.file for d in outcome.lines} >= {"campaign.yaml", "recipients.yaml"}
