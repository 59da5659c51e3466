"""Broken case files of the new model, each reported by `campaign validate` at the line to change.

Every test breaks one thing in a copy of tests/data/minimal (whose case file validates without a
single diagnostic, see the first test), runs `campaign validate` and expects exactly one error in
the case file: at the line its own edit wrote, with the field path and a message that says what
is wrong and what to write instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.load.validate_support import (
    QUALITY_WARNINGS,
    Line,
    Outcome,
    delete_line,
    insert_before,
    insert_block,
    line_of,
    replace_line,
    validate,
)

CASE = "cases/dana-example.yaml"

CO_DEFENDANT = """\
  - id: sam-example
    subject: false
    name:
      latin: Sam Example
      native:
        ru: Сэм Пример
    role:
      en: journalist
      ru: журналист
    custody:
      - status: at-large
        since: 2023-05-02
        src: [report-one]
    src: [report-one]"""
"""A second defendant, not a subject, inserted above `proceedings:` (its first line is `- id:`)."""

ORGANISATION = """\
  - id: example-news
    kind: organisation
    name:
      latin: Example News
      native:
        ru: Пример Ньюс
    role:
      en: a newspaper
      ru: газета
    src: [report-one]"""
"""An organisation as a second defendant, inserted above `proceedings:`."""


@pytest.fixture
def case_file(campaign_dir: Path) -> Path:
    return campaign_dir / "cases" / "dana-example.yaml"


def case_errors(outcome: Outcome) -> list[Line]:
    """The errors reported in the case file (the minimal campaign's other files may have their own)."""
    return [d for d in outcome.lines if d.file == CASE and not d.warning]


def the_error(outcome: Outcome, line: int, field: str, code: str) -> Line:
    """The only error in the case file, checked to be at `line`, on `field`, with `code`."""
    errors = case_errors(outcome)
    assert [(d.line, d.field, d.code) for d in errors] == [(line, field, code)], outcome.output
    assert outcome.exit_code == 1
    return errors[0]


def test_the_unbroken_case_file_has_no_diagnostics(campaign_dir: Path) -> None:
    outcome = validate(campaign_dir)
    assert [d for d in outcome.lines if d.file == CASE and d.code not in QUALITY_WARNINGS] == [], outcome.output


def test_a_source_cited_without_where_it_says_the_fact_is_a_warning(case_file: Path, campaign_dir: Path) -> None:
    first = line_of(case_file, "src: [report-one]", nth=1)
    outcome = validate(campaign_dir)
    unrecorded = [d for d in outcome.lines if d.code == "case.src-unrecorded"]
    assert unrecorded and all(d.warning for d in unrecorded)
    assert (first, "defendants[dana-example].custody[0].src[0]") in [(d.line, d.field) for d in unrecorded]
    replace_line(case_file, "src: [report-one]", "src: [{id: report-one, at: page 2}]", nth=1)
    after = [d.field for d in validate(campaign_dir).lines if d.code == "case.src-unrecorded"]
    assert "defendants[dana-example].custody[0].src[0]" not in after and len(after) == len(unrecorded) - 1


def test_a_target_without_dated_acts_is_a_warning(case_file: Path, campaign_dir: Path) -> None:
    line = line_of(case_file, "target: true")
    warnings = [d for d in validate(campaign_dir).lines if d.code == "case.target-without-acts"]
    assert [(d.line, d.field) for d in warnings] == [(line, "officials[judge-sample].target")]


# References to defendants --------------------------------------------------------------------


def test_outcome_for_an_unknown_defendant(case_file: Path, campaign_dir: Path) -> None:
    line = replace_line(case_file, "- defendant: dana-example", "- defendant: dana-exmple")
    error = the_error(
        validate(campaign_dir), line, "proceedings[first].outcomes[0].defendant", "case.unknown-defendant"
    )
    assert error.message == "'dana-exmple' is not a defendant; choose one of dana-example"


def test_act_by_an_unknown_defendant(case_file: Path, campaign_dir: Path) -> None:
    first = insert_block(
        case_file,
        "violations:",
        "acts:\n  - id: posts\n    by: [dana-exmple]\n    description:\n      en: posted videos\n"
        "      ru: публиковала видео\n    src: [report-one]",
        nth=1,
    )
    error = the_error(validate(campaign_dir), first + 2, "acts[posts].by[0]", "case.unknown-defendant")
    assert "'dana-exmple' is not a defendant" in error.message


def test_violation_of_an_unknown_defendant(case_file: Path, campaign_dir: Path) -> None:
    line = insert_before(case_file, "src: [report-one]", "defendants: [dana-example, sam]", nth=5)
    error = the_error(validate(campaign_dir), line, "violations[0].defendants[1]", "case.unknown-defendant")
    assert error.message == "'sam' is not a defendant; choose one of dana-example"


def test_condition_of_an_unknown_defendant(case_file: Path, campaign_dir: Path) -> None:
    first = insert_block(
        case_file,
        "officials:",
        "conditions:\n  - kind: incommunicado\n    defendant: dana\n    since: 2023-05-02\n    src: [report-one]",
    )
    error = the_error(validate(campaign_dir), first + 2, "conditions[0].defendant", "case.unknown-defendant")
    assert error.message == "'dana' is not a defendant; choose one of dana-example"


def test_statement_naming_an_unknown_defendant(case_file: Path, campaign_dir: Path) -> None:
    first = insert_block(
        case_file,
        "officials:",
        "statements:\n  - id: resolution\n    body: {en: European Parliament, ru: Европейский парламент}\n"
        "    kind: {en: resolution, ru: резолюция}\n    date: 2023-06\n"
        "    summary: {en: called for her release, ru: призвал освободить её}\n"
        "    names: [dana]\n    src: [report-one]",
    )
    error = the_error(validate(campaign_dir), first + 6, "statements[resolution].names[0]", "case.unknown-defendant")
    assert error.message == "'dana' is not a defendant; choose one of dana-example"


def test_lead_that_is_not_a_defendant(case_file: Path, campaign_dir: Path) -> None:
    line = insert_before(case_file, "defendants:", "lead: dana")
    error = the_error(validate(campaign_dir), line, "lead", "case.unknown-defendant")
    assert error.message == "'dana' is not a defendant; choose one of dana-example"


def test_lead_that_is_not_a_subject(case_file: Path, campaign_dir: Path) -> None:
    insert_block(case_file, "proceedings:", CO_DEFENDANT)
    line = insert_before(case_file, "defendants:", "lead: sam-example")
    error = the_error(validate(campaign_dir), line, "lead", "case.lead-not-subject")
    assert "'sam-example' must be a subject" in error.message


def test_no_defendant_is_a_subject(case_file: Path, campaign_dir: Path) -> None:
    insert_before(case_file, "gender: female", "subject: false")
    error = the_error(validate(campaign_dir), line_of(case_file, "- id: dana-example"), "defendants", "case.no-subject")
    assert "set 'subject: true' on one" in error.message


# Duplicate ids -------------------------------------------------------------------------------


def test_duplicate_defendant_id(case_file: Path, campaign_dir: Path) -> None:
    line = insert_block(case_file, "proceedings:", CO_DEFENDANT.replace("sam-example", "dana-example"))
    error = the_error(validate(campaign_dir), line, "defendants[1].id", "case.duplicate-id")
    assert error.message == "defendant id 'dana-example' is used twice; ids must be unique"


def test_duplicate_charge_id(case_file: Path, campaign_dir: Path) -> None:
    block = "  - id: false-info\n    law:\n      en: Penal Code\n      ru: Кодекс\n    src: [report-one]"
    line = insert_block(case_file, "src: [report-one]", block, nth=3)
    error = the_error(validate(campaign_dir), line, "defendants[dana-example].charges[1].id", "case.duplicate-id")
    assert error.message == "charge id 'false-info' is used twice; ids must be unique"


def test_duplicate_proceeding_id(case_file: Path, campaign_dir: Path) -> None:
    block = (
        "  - id: first\n    stage: appeal\n    date: 2023-12-01\n    court:\n      en: Appeal Court\n"
        "      ru: апелляционный суд\n    outcomes:\n      - defendant: dana-example\n        decision: upheld\n"
        "    src: [report-one]"
    )
    line = insert_block(case_file, "violations:", block, nth=1)
    error = the_error(validate(campaign_dir), line, "proceedings[1].id", "case.duplicate-id")
    assert error.message == "proceeding id 'first' is used twice; ids must be unique"


def test_duplicate_official_id(case_file: Path, campaign_dir: Path) -> None:
    block = (
        "  - id: judge-sample\n    name:\n      latin: Sam Other\n      native: {ru: Сэм Другой}\n    positions:\n"
        "      - title: {en: prosecutor, ru: прокурор}\n"
        "        institution: {en: Prosecutor's Office, ru: Прокуратура}\n"
        "        src: [report-two]\n    role: {en: prosecuted her, ru: обвинял её}\n    src: [report-two]"
    )
    line = insert_block(case_file, "requests:", block)
    error = the_error(validate(campaign_dir), line, "officials[1].id", "case.duplicate-id")
    assert error.message == "official id 'judge-sample' is used twice; ids must be unique"


# Charge history ------------------------------------------------------------------------------


def history(case_file: Path, *entry: str) -> int:
    """Give the charge a history of one entry (its lines as given); return the entry's first line."""
    lines = "\n".join(["history:", "  - " + entry[0], *("    " + more for more in entry[1:])])
    return insert_block(case_file, "src: [report-one]", lines, nth=2) + 1


def test_requalified_without_into(case_file: Path, campaign_dir: Path) -> None:
    line = history(case_file, "event: requalified", "date: 2023-07", "src: [report-one]")
    error = the_error(
        validate(campaign_dir),
        line,
        "defendants[dana-example].charges[false-info].history[0].into",
        "case.requalified-into",
    )
    assert error.message == "'requalified' needs 'into': the id of another charge of dana-example"


def test_requalified_into_a_charge_that_does_not_exist(case_file: Path, campaign_dir: Path) -> None:
    first = history(case_file, "event: requalified", "date: 2023-07", "into: fraud", "src: [report-one]")
    error = the_error(
        validate(campaign_dir),
        first + 2,
        "defendants[dana-example].charges[false-info].history[0].into",
        "case.requalified-into",
    )
    assert "the id of another charge of dana-example" in error.message


def test_requalified_into_itself(case_file: Path, campaign_dir: Path) -> None:
    first = history(case_file, "event: requalified", "date: 2023-07", "into: false-info", "src: [report-one]")
    the_error(
        validate(campaign_dir),
        first + 2,
        "defendants[dana-example].charges[false-info].history[0].into",
        "case.requalified-into",
    )


def test_into_without_requalified(case_file: Path, campaign_dir: Path) -> None:
    first = history(case_file, "event: dropped", "date: 2023-07", "into: false-info", "src: [report-one]")
    error = the_error(
        validate(campaign_dir),
        first + 2,
        "defendants[dana-example].charges[false-info].history[0].into",
        "case.into-without-requalified",
    )
    assert error.message == "'into' goes with 'requalified' only"


# Custody ---------------------------------------------------------------------------------------


def test_custody_out_of_order(case_file: Path, campaign_dir: Path) -> None:
    first = insert_block(
        case_file, "charges:", "  - status: pre-trial-detention\n    since: 2023-01\n    src: [report-one]"
    )
    error = the_error(
        validate(campaign_dir), first + 1, "defendants[dana-example].custody[1].since", "case.out-of-order"
    )
    assert error.message == "2023-01 is before the custody entry above it (2023-05-02); list them in order"


def test_custody_of_an_unknown_date_may_stand_anywhere(case_file: Path, campaign_dir: Path) -> None:
    insert_block(case_file, "charges:", "  - status: released\n    since: unknown\n    src: [report-one]")
    insert_block(case_file, "charges:", "  - status: abroad\n    since: 2024-01\n    src: [report-one]")
    assert case_errors(validate(campaign_dir)) == []


def test_person_without_custody(case_file: Path, campaign_dir: Path) -> None:
    for needle in ("custody:", "- status: imprisoned", "since: 2023-05-02"):
        delete_line(case_file, needle)
    delete_line(case_file, "src: [report-one]", nth=1)
    error = the_error(
        validate(campaign_dir),
        line_of(case_file, "- id: dana-example"),
        "defendants[dana-example]",
        "schema.value-error",
    )
    assert error.message == "a person needs 'custody' (at least one entry, e.g. status: at-large)"


def test_organisation_with_custody(case_file: Path, campaign_dir: Path) -> None:
    replace_line(case_file, "gender: female", "kind: organisation")
    error = the_error(
        validate(campaign_dir),
        line_of(case_file, "- id: dana-example"),
        "defendants[dana-example]",
        "schema.value-error",
    )
    assert error.message == "an organisation has no 'custody'; remove it"


def test_organisation_with_a_gender(case_file: Path, campaign_dir: Path) -> None:
    first = insert_block(
        case_file,
        "proceedings:",
        ORGANISATION.replace("    kind: organisation", "    kind: organisation\n    gender: male"),
    )
    error = the_error(validate(campaign_dir), first + 2, "defendants[example-news].gender", "case.organisation-gender")
    assert error.message == "an organisation has no gender; remove 'gender'"


def test_an_organisation_as_a_second_defendant_is_valid(case_file: Path, campaign_dir: Path) -> None:
    insert_block(case_file, "proceedings:", ORGANISATION)
    assert case_errors(validate(campaign_dir)) == []


# Sentences -------------------------------------------------------------------------------------


def sentence(case_file: Path, flow: str) -> int:
    """Replace the three-year prison sentence with `flow` (a one-line mapping); return its line."""
    delete_line(case_file, 'years: "3"')
    delete_line(case_file, "duration:")
    return replace_line(case_file, "- kind: imprisonment", f"- {flow}")


BAD_SENTENCES = {
    "imprisonment without duration or life": (
        "{kind: imprisonment}",
        "",
        "imprisonment needs either 'duration' or 'life: true'",
    ),
    "imprisonment with duration and life": (
        "{kind: imprisonment, life: 'true', duration: {years: '5'}}",
        "",
        "imprisonment needs either 'duration' or 'life: true'",
    ),
    "fine without amount": (
        "{kind: fine, currency: BYN}",
        "",
        "a fine needs 'amount' and 'currency' (e.g. amount: '185000', currency: BYN)",
    ),
    "fine without currency": (
        "{kind: fine, amount: '185000'}",
        "",
        "a fine needs 'amount' and 'currency' (e.g. amount: '185000', currency: BYN)",
    ),
    "ban without banned": ("{kind: ban, duration: {years: '3'}}", "", "a ban needs 'banned': what it bans"),
    "travel ban without duration": ("{kind: travel-ban}", "", "a travel-ban sentence needs 'duration'"),
    "duration on death": ("{kind: death, duration: {years: '3'}}", "", "a death sentence has no 'duration'"),
    "life on a fine": (
        "{kind: fine, amount: '100', currency: USD, life: 'true'}",
        "",
        "'life' belongs to imprisonment",
    ),
    "amount on imprisonment": (
        "{kind: imprisonment, duration: {years: '3'}, amount: '100', currency: USD}",
        "",
        "'amount' and 'currency' belong to a fine",
    ),
    "unknown kind": (
        "{kind: prison, duration: {years: '3'}}",
        ".kind",
        "Input should be 'imprisonment', 'death', 'fine', 'ban', 'restriction-of-freedom', 'suspended', "
        "'probation', 'travel-ban', 'corporal-punishment' or 'forced-labour'",
    ),
}


@pytest.mark.parametrize(("flow", "suffix", "message"), BAD_SENTENCES.values(), ids=BAD_SENTENCES.keys())
def test_sentence_that_does_not_fit_its_kind(
    case_file: Path, campaign_dir: Path, flow: str, suffix: str, message: str
) -> None:
    line = sentence(case_file, flow)
    code = "schema.enum" if suffix else "schema.value-error"
    error = the_error(validate(campaign_dir), line, f"proceedings[first].outcomes[0].sentences[0]{suffix}", code)
    assert error.message == message


@pytest.mark.parametrize("currency", ["usd", "US", "US$"])
def test_bad_currency_code_says_what_to_write(case_file: Path, campaign_dir: Path, currency: str) -> None:
    line = sentence(case_file, f"{{kind: fine, amount: '100', currency: '{currency}'}}")
    error = the_error(
        validate(campaign_dir),
        line,
        "proceedings[first].outcomes[0].sentences[0].currency",
        "schema.string-pattern-mismatch",
    )
    assert "ISO 4217" in error.message, error.message


def test_bad_currency_code_is_refused_at_its_line(case_file: Path, campaign_dir: Path) -> None:
    line = sentence(case_file, "{kind: fine, amount: '100', currency: usd}")
    the_error(
        validate(campaign_dir),
        line,
        "proceedings[first].outcomes[0].sentences[0].currency",
        "schema.string-pattern-mismatch",
    )


@pytest.mark.parametrize("amount", ["185,000", "1e5", "-100", "12.345"])
def test_bad_fine_amount(case_file: Path, campaign_dir: Path, amount: str) -> None:
    line = sentence(case_file, f"{{kind: fine, amount: '{amount}', currency: BYN}}")
    the_error(
        validate(campaign_dir),
        line,
        "proceedings[first].outcomes[0].sentences[0].amount",
        "schema.string-pattern-mismatch",
    )


# Decisions -------------------------------------------------------------------------------------

APPEAL = (
    "  - id: appeal\n    stage: appeal\n    date: 2023-12-01\n    court:\n      en: Appeal Court\n"
    "      ru: апелляционный суд\n    outcomes:\n      - defendant: dana-example\n        decision: {decision}\n"
    "    src: [report-one]"
)
"""A second proceeding after the verdict, inserted above `violations:`; its outcome is line 8."""


@pytest.mark.parametrize("decision", ["increased", "reduced", "commuted"])
def test_decision_that_sets_a_sentence_without_one(case_file: Path, campaign_dir: Path, decision: str) -> None:
    first = insert_block(case_file, "violations:", APPEAL.format(decision=decision), nth=1)
    error = the_error(validate(campaign_dir), first + 7, "proceedings[appeal].outcomes[0]", "schema.value-error")
    assert error.message == f"'{decision}' needs 'sentences': the penalties now in force"


def test_conviction_without_a_sentence(case_file: Path, campaign_dir: Path) -> None:
    for needle in ("sentences:", "- kind: imprisonment", "duration:", 'years: "3"'):
        delete_line(case_file, needle)
    line = line_of(case_file, "- defendant: dana-example")
    error = the_error(validate(campaign_dir), line, "proceedings[first].outcomes[0]", "schema.value-error")
    assert error.message == "'convicted' needs 'sentences': the penalties now in force"


@pytest.mark.parametrize(
    "decision", ["acquitted", "quashed", "referred-back", "retrial-ordered", "pardoned", "charges-dropped"]
)
def test_decision_that_leaves_no_sentence_with_one(case_file: Path, campaign_dir: Path, decision: str) -> None:
    replace_line(case_file, "decision: convicted", f"decision: {decision}")
    line = line_of(case_file, "- defendant: dana-example")
    error = the_error(validate(campaign_dir), line, "proceedings[first].outcomes[0]", "schema.value-error")
    assert error.message == f"'{decision}' leaves no sentence in force; remove 'sentences'"


@pytest.mark.parametrize("decision", ["upheld", "increased", "reduced", "commuted"])
def test_decision_that_changes_a_sentence_without_a_verdict(case_file: Path, campaign_dir: Path, decision: str) -> None:
    line = replace_line(case_file, "decision: convicted", f"decision: {decision}")
    error = the_error(
        validate(campaign_dir), line, "proceedings[first].outcomes[0].decision", "case.decision-without-verdict"
    )
    assert error.message == (
        f"'{decision}' changes a sentence, but no earlier proceeding convicted 'dana-example'; "
        "add the verdict it changes, or use 'convicted'"
    )


def test_an_appeal_dated_before_the_verdict_it_upholds(case_file: Path, campaign_dir: Path) -> None:
    first = insert_block(
        case_file, "violations:", APPEAL.format(decision="upheld").replace("2023-12-01", "2023-08"), nth=1
    )
    error = the_error(
        validate(campaign_dir), first + 8, "proceedings[appeal].outcomes[0].decision", "case.decision-without-verdict"
    )
    assert "no earlier proceeding convicted 'dana-example'" in error.message


def test_a_verdict_of_unknown_date_may_be_upheld_by_a_dated_appeal(case_file: Path, campaign_dir: Path) -> None:
    replace_line(case_file, "date: 2023-09-14", "date: unknown")
    insert_block(case_file, "violations:", APPEAL.format(decision="upheld"), nth=1)
    assert case_errors(validate(campaign_dir)) == []


def test_two_outcomes_for_one_defendant(case_file: Path, campaign_dir: Path) -> None:
    insert_block(case_file, "src: [report-one]", "  - defendant: dana-example\n    decision: adjourned", nth=4)
    line = line_of(case_file, "- defendant: dana-example", nth=1)
    error = the_error(validate(campaign_dir), line, "proceedings[first].outcomes", "case.duplicate-outcome")
    assert error.message == "'dana-example' has two outcomes here; give one"


# Dates in every dated field ------------------------------------------------------------------

BAD_DATES = {
    "impossible day": ("2023-02-29", "'2023-02-29' is not a real date (day is out of range for month)"),
    "month 13": ("2023-13", "'2023-13' is not a real month"),
    "day first": (
        "02-05-2023",
        "'02-05-2023' is not a date; write YYYY-MM-DD, YYYY-MM, YYYY or unknown (e.g. 2021-09-02, 2024-05, 2020)",
    ),
    "about unknown": ("{about: unknown}", "'about' needs a date, not 'unknown'"),
    "two forms": (
        "{on: 2023-05, about: 2023-05}",
        "give exactly one of on, about, early, mid, late or between (with and) in a date",
    ),
    "and before between": ("{between: 2023-05, and: 2023-04}", "'and: 2023-04' is before 'between: 2023-05'"),
    "between without and": ("{between: 2023-05}", "'between' needs 'and' (e.g. {between: 2020-09, and: 2020-12})"),
    "and without between": ("{on: 2023-05, and: 2023-06}", "'and' goes with 'between'"),
    "unknown key": (
        "{around: 2023-05}",
        "unknown key 'around' in a date; use on, about, early, mid, late, between/and",
    ),
    "early in a day": ("{early: 2023-05-02}", "'early' needs a month or a year (e.g. {early: 2024-05})"),
    "unknown calendar": (
        "{on: 2023-05-02, calendar: julian}",
        "unknown calendar 'julian'; use one of gregorian, persian, islamic, hebrew, chinese, other",
    ),
}


def break_custody_since(case_file: Path, value: str) -> tuple[int, str]:
    return replace_line(case_file, "since: 2023-05-02", f"since: {value}"), "defendants[dana-example].custody[0].since"


def break_proceeding_date(case_file: Path, value: str) -> tuple[int, str]:
    return replace_line(case_file, "date: 2023-09-14", f"date: {value}"), "proceedings[first].date"


def break_position_until(case_file: Path, value: str) -> tuple[int, str]:
    line = insert_before(case_file, "src: [report-two]", f"until: {value}", nth=1)
    return line, "officials[judge-sample].positions[0].until"


def break_designation_date(case_file: Path, value: str) -> tuple[int, str]:
    first = insert_block(
        case_file,
        "src: [report-two]",
        f"designations:\n  - jurisdiction: US\n    date: {value}\n    src: [report-two]",
        nth=2,
    )
    return first + 2, "officials[judge-sample].designations[0].date"


PLACES = {
    "custody since": break_custody_since,
    "proceeding date": break_proceeding_date,
    "position until": break_position_until,
    "designation date": break_designation_date,
}


@pytest.mark.parametrize("place", PLACES.values(), ids=PLACES.keys())
@pytest.mark.parametrize(("value", "message"), BAD_DATES.values(), ids=BAD_DATES.keys())
def test_bad_date(case_file: Path, campaign_dir: Path, place: object, value: str, message: str) -> None:
    assert callable(place)
    line, field = place(case_file, value)
    error = the_error(validate(campaign_dir), line, field, "schema.value-error")
    assert error.message == message


@pytest.mark.parametrize("place", PLACES.values(), ids=PLACES.keys())
@pytest.mark.parametrize("value", ["{about: '9999'}", "{about: 0001-01-01}"])
def test_about_a_date_at_the_end_of_the_calendar(
    case_file: Path, campaign_dir: Path, place: object, value: str
) -> None:
    assert callable(place)
    line, field = place(case_file, value)
    the_error(validate(campaign_dir), line, field, "schema.value-error")


@pytest.mark.parametrize(
    "value",
    [
        "2024-05",
        "2024",
        "unknown",
        "{about: 2023-11-30}",
        "{early: 2024-05}",
        "{mid: 2024}",
        "{late: 2024-02}",
        "{between: 2023-09, and: 2023-12}",
        "{on: 2023-11-30, as_written: '9 Azar 1402', calendar: persian}",
    ],
)
def test_every_date_form_is_accepted_in_a_proceeding(case_file: Path, campaign_dir: Path, value: str) -> None:
    replace_line(case_file, "date: 2023-09-14", f"date: {value}")
    assert case_errors(validate(campaign_dir)) == []


def test_post_that_ends_before_it_starts(case_file: Path, campaign_dir: Path) -> None:
    line = insert_before(case_file, "src: [report-two]", "until: 2019-06", nth=1)
    error = the_error(validate(campaign_dir), line, "officials[judge-sample].positions[0].until", "case.out-of-order")
    assert error.message == "the post ends (2019-06) before it starts (2020-01-01)"


def test_condition_that_ends_before_it_starts(case_file: Path, campaign_dir: Path) -> None:
    first = insert_block(
        case_file,
        "officials:",
        "conditions:\n  - kind: solitary-confinement\n    defendant: dana-example\n    since: 2023-06-10\n"
        "    until: 2023-05\n    src: [report-one]",
    )
    error = the_error(validate(campaign_dir), first + 4, "conditions[0].until", "case.out-of-order")
    assert "'until' is before 'since'" in error.message


# Officials and jurisdictions -----------------------------------------------------------------


def test_target_without_violations(case_file: Path, campaign_dir: Path) -> None:
    delete_line(case_file, "violations: [fair-trial]")
    error = the_error(
        validate(campaign_dir),
        line_of(case_file, "- id: judge-sample"),
        "officials[judge-sample]",
        "schema.value-error",
    )
    assert error.message == "a sanctions target needs 'violations': the categories their conduct falls under"


def designation(case_file: Path, jurisdiction: str) -> int:
    first = insert_block(
        case_file,
        "src: [report-two]",
        f"designations:\n  - jurisdiction: {jurisdiction}\n    date: 2023-12-01\n    src: [report-two]",
        nth=2,
    )
    return first + 1


@pytest.mark.parametrize("jurisdiction", ["US", "GB", "EU", "CA", "OSCE"])
def test_designation_by_a_known_jurisdiction(case_file: Path, campaign_dir: Path, jurisdiction: str) -> None:
    designation(case_file, jurisdiction)
    assert case_errors(validate(campaign_dir)) == []


def test_designation_by_asean(case_file: Path, campaign_dir: Path) -> None:
    designation(case_file, "ASEAN")
    assert case_errors(validate(campaign_dir)) == []


def test_designation_jurisdiction_in_lower_case(case_file: Path, campaign_dir: Path) -> None:
    line = designation(case_file, "us")
    the_error(
        validate(campaign_dir),
        line,
        "officials[judge-sample].designations[0].jurisdiction",
        "schema.string-pattern-mismatch",
    )


@pytest.mark.parametrize(("jurisdiction", "hint"), [("XX", "ISO 3166-1"), ("QQQ", "ISO 3166-1"), ("UK", "write GB")])
def test_designation_by_an_unknown_jurisdiction(
    case_file: Path, campaign_dir: Path, jurisdiction: str, hint: str
) -> None:
    line = designation(case_file, jurisdiction)
    error = the_error(
        validate(campaign_dir), line, "officials[judge-sample].designations[0].jurisdiction", "schema.value-error"
    )
    assert hint in error.message


@pytest.mark.parametrize("code", ["XX", "UK"])
def test_request_to_an_unknown_jurisdiction(case_file: Path, campaign_dir: Path, code: str) -> None:
    line = replace_line(case_file, "to: [EU]", f"to: [EU, {code}]")
    the_error(validate(campaign_dir), line, "requests[0].to[1]", "schema.value-error")


def test_request_to_a_code_of_the_wrong_length(case_file: Path, campaign_dir: Path) -> None:
    line = replace_line(case_file, "to: [EU]", "to: [EU, EUR]")
    error = the_error(validate(campaign_dir), line, "requests[0].to[1]", "schema.value-error")
    assert error.message == (
        "'EUR' is neither an ISO 3166-1 country code nor one of ASEAN, AU, COE, EU, ICC, OAS, OIC, OSCE, UN"
    )


def test_uk_instead_of_gb_as_the_state(case_file: Path, campaign_dir: Path) -> None:
    line = replace_line(case_file, "state: KZ", "state: UK")
    error = the_error(validate(campaign_dir), line, "state", "schema.value-error")
    assert error.message == "write GB for the United Kingdom (ISO 3166-1)"


def test_unknown_state_code(case_file: Path, campaign_dir: Path) -> None:
    line = replace_line(case_file, "state: KZ", "state: XX")
    error = the_error(validate(campaign_dir), line, "state", "schema.value-error")
    assert error.message == "'XX' is not an ISO 3166-1 country code; use e.g. KZ, IR, BY, CN, GB, US"


def test_unknown_nationality(case_file: Path, campaign_dir: Path) -> None:
    line = insert_before(case_file, "gender: female", "nationality: [KZ, UK]")
    error = the_error(validate(campaign_dir), line, "defendants[dana-example].nationality[1]", "schema.value-error")
    assert error.message == "write GB for the United Kingdom (ISO 3166-1)"


def test_uk_instead_of_gb_for_a_recipient(campaign_dir: Path) -> None:
    recipients = campaign_dir / "recipients.yaml"
    line = replace_line(recipients, "jurisdiction: GB", "jurisdiction: UK")
    outcome = validate(campaign_dir)
    [error] = outcome.located("recipients.yaml", line, "recipients[uk-fcdo].jurisdiction")
    assert error.message == "write GB for the United Kingdom (ISO 3166-1)"


def test_unknown_recipient_jurisdiction(campaign_dir: Path) -> None:
    recipients = campaign_dir / "recipients.yaml"
    line = replace_line(recipients, "jurisdiction: CH", "jurisdiction: XX")
    outcome = validate(campaign_dir)
    [error] = outcome.located("recipients.yaml", line, "recipients[ch-fdfa].jurisdiction")
    assert "'XX' is neither an ISO 3166-1 country code nor one of" in error.message


# Languages, scripts and glyphs ---------------------------------------------------------------


def test_text_missing_in_a_declared_language(case_file: Path, campaign_dir: Path) -> None:
    delete_line(case_file, "ru: блогер")
    line = line_of(case_file, "en: blogger")
    error = the_error(validate(campaign_dir), line, "defendants[dana-example].role", "case.text-missing-language")
    assert error.message == "no text in ru (letters are written in it); add 'ru: ...' next to 'en: blogger'"


def test_text_of_a_proceeding_missing_in_a_declared_language(case_file: Path, campaign_dir: Path) -> None:
    delete_line(case_file, "ru: городской суд Экзамплтона", nth=1)
    line = line_of(case_file, "en: Exampleton City Court", nth=1)
    error = the_error(validate(campaign_dir), line, "proceedings[first].court", "case.text-missing-language")
    assert "add 'ru: ...' next to 'en: Exampleton City Court'" in error.message


def test_official_name_without_its_cyrillic_form(case_file: Path, campaign_dir: Path) -> None:
    delete_line(case_file, "native: {ru: Сэм Джадж}")
    line = line_of(case_file, "name:", nth=2)
    error = the_error(validate(campaign_dir), line, "officials[judge-sample].name.native", "case.name-missing-script")
    assert "the name 'Sam Judge' has no 'ru' form" in error.message
    assert "native: {ru: ...}" in error.message


def test_defendant_name_without_its_cyrillic_form(case_file: Path, campaign_dir: Path) -> None:
    delete_line(case_file, "ru: Дана Пример")
    delete_line(case_file, "native:", nth=1)
    line = line_of(case_file, "name:", nth=1)
    error = the_error(validate(campaign_dir), line, "defendants[dana-example].name.native", "case.name-missing-script")
    assert "the name 'Dana Example' has no 'ru' form" in error.message


def test_judge_name_without_its_cyrillic_form(case_file: Path, campaign_dir: Path) -> None:
    line = insert_before(case_file, "outcomes:", "judges: [{latin: Pat Sample}]")
    error = the_error(validate(campaign_dir), line, "proceedings[first].judges[0].native", "case.name-missing-script")
    assert "the name 'Pat Sample' has no 'ru' form" in error.message


def test_character_no_font_has(case_file: Path, campaign_dir: Path) -> None:
    line = replace_line(case_file, "en: blogger", "en: blogger 堃")
    error = the_error(validate(campaign_dir), line, "defendants[dana-example].role", "text.no-glyph")
    assert "('堃')" in error.message and "no bundled PDF font has" in error.message


def test_a_name_in_its_original_script_is_accepted(case_file: Path, campaign_dir: Path) -> None:
    insert_before(case_file, "native:", "original: 黎智英", nth=1)
    assert case_errors(validate(campaign_dir)) == []


# Provisions -------------------------------------------------------------------------------------


def test_provision_with_an_empty_number(case_file: Path, campaign_dir: Path) -> None:
    line = replace_line(case_file, 'provision: {number: "274"}', 'provision: {number: ""}')
    error = the_error(
        validate(campaign_dir),
        line,
        "defendants[dana-example].charges[false-info].provision.number",
        "schema.string-too-short",
    )
    assert error.message == "String should have at least 1 character"


def test_provision_of_an_unknown_unit(case_file: Path, campaign_dir: Path) -> None:
    line = replace_line(case_file, 'provision: {number: "274"}', 'provision: {unit: clause, number: "274"}')
    error = the_error(
        validate(campaign_dir), line, "defendants[dana-example].charges[false-info].provision.unit", "schema.enum"
    )
    assert error.message == "Input should be 'article', 'section', 'paragraph' or 'rule'"


def test_provision_with_an_empty_part(case_file: Path, campaign_dir: Path) -> None:
    line = replace_line(case_file, 'provision: {number: "274"}', 'provision: {number: "274", parts: [""]}')
    the_error(
        validate(campaign_dir),
        line,
        "defendants[dana-example].charges[false-info].provision.parts[0]",
        "schema.string-too-short",
    )


def test_charge_without_a_provision_is_valid(case_file: Path, campaign_dir: Path) -> None:
    delete_line(case_file, 'provision: {number: "274"}')
    assert case_errors(validate(campaign_dir)) == []


def test_a_dated_fact_resting_only_on_later_sources_is_a_warning(case_file: Path, campaign_dir: Path) -> None:
    """The judge's post since 2020 cites only report-two; published after the letters' date
    (2024-03-01), it cannot support a letter of that day: validate warns, at the `src:` line."""
    replace_line(case_file, "date: 2023-10-01", "date: 2024-06-01")
    line = line_of(case_file, "src: [report-two]", nth=1)
    outcome = validate(campaign_dir)
    assert outcome.exit_code == 0, outcome.output
    warnings = [d for d in outcome.lines if d.file == CASE and d.code == "case.sources-after-date"]
    assert [(d.line, d.field) for d in warnings] == [(line, "officials[judge-sample].positions[0].src")]
    assert "published after 2024-03-01" in warnings[0].message and warnings[0].warning


def test_a_fact_with_an_earlier_source_is_not_warned_about(case_file: Path, campaign_dir: Path) -> None:
    """The same post with the later report and an undated one next to it: nothing to warn about."""
    replace_line(case_file, "date: 2023-10-01", "date: 2024-06-01")
    replace_line(case_file, "src: [report-two]", "src: [report-two, report-one]", nth=1)
    outcome = validate(campaign_dir)
    assert not [d for d in outcome.lines if d.code == "case.sources-after-date"], outcome.output
