"""The Toomaj Salehi example (`examples/toomaj-salehi`), built as of two days and read back from the PDFs.

On 15 May 2024 the death sentence of April 2024 stands; on 1 September 2024 the Supreme Court has
quashed it (22 June 2024) and he is still held. What the letters must ask on each day is the
case's own story (halt the execution only while the death sentence stands); names, courts and
provisions are read from the case file through the model, never from what the renderer printed.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from campaign.app.build import build
from campaign.app.validate import validate
from campaign.jobs.job import BuildOptions
from campaign.load.campaign import load_campaign
from campaign.model.case import Case, Proceeding
from tests.campaign_support import pdf_text

FOLDER = Path(__file__).resolve().parents[2] / "examples" / "toomaj-salehi"
DEATH_SENTENCE_STANDS = dt.date(2024, 5, 15)
AFTER_QUASHING = dt.date(2024, 9, 1)
DAYS = (DEATH_SENTENCE_STANDS, AFTER_QUASHING)
RECIPIENTS = ("ir-mfa", "un-sp-urgent")
"""The Iranian ministry gets the appeal, the UN special procedures the communication."""
DOCUMENTS = {
    "appeal": ("ir-mfa", "Our requests", "We would be grateful"),
    "un-communication": ("un-sp-urgent", "Requests", "Submitter"),
}
"""Each document: who receives it, and the headings around its list of requests."""
DATE_AS_WRITTEN = {
    "first-verdict": "July 2023",
    "supreme-court-2023": "November 2023",
    "death-sentence": "April 2024",
    "supreme-court-2024": "22 June 2024",
}
"""Each proceeding's date as an en_GB / en_CH letter writes the precision the case file gives."""


def between(text: str, start: str, end: str) -> str:
    """The part of `text` from the heading `start` to the next `end` (which must both be there)."""
    begin = text.index(start)
    return text[begin : text.index(end, begin)]


@pytest.fixture(scope="module")
def case() -> Case:
    return load_campaign(FOLDER).campaign.case


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[dt.date, str], str]:
    """The text of each document as of each day: {(day, document): text}."""
    texts = {}
    for day in DAYS:
        out = tmp_path_factory.mktemp(f"out-{day}")
        result = build(
            FOLDER,
            BuildOptions(
                out=out, recipients=RECIPIENTS, documents=tuple(DOCUMENTS), formats=("pdf",), jobs=1, as_of=day
            ),
        )
        assert not result.failed, [o.error for o in result.failed]
        assert not result.skipped, [o.skipped for o in result.skipped]
        for document, (recipient, _, _) in DOCUMENTS.items():
            texts[day, document] = pdf_text(out / recipient / f"{document}.en.pdf")
    return texts


def requests(letters: dict[tuple[dt.date, str], str], day: dt.date, document: str) -> str:
    _, start, end = DOCUMENTS[document]
    return between(letters[day, document], start, end)


def known_by(proceeding: Proceeding, day: dt.date) -> bool:
    latest = proceeding.date.latest
    assert latest is not None
    return latest <= day


@pytest.mark.parametrize("day", [None, *DAYS])
def test_the_example_validates(day: dt.date | None) -> None:
    loaded = validate(FOLDER, as_of=day)
    assert loaded.campaign.case.id == "toomaj-salehi"


@pytest.mark.parametrize("document", DOCUMENTS)
def test_while_the_death_sentence_stands_the_letters_ask_to_halt_the_execution(
    letters: dict[tuple[dt.date, str], str], case: Case, document: str
) -> None:
    name = case.lead_defendant.name.latin
    asked = requests(letters, DEATH_SENTENCE_STANDS, document)
    assert f"a halt to any execution of {name} and the commutation of the death sentence" in asked
    assert "an official moratorium on executions" in asked
    assert f"the immediate and unconditional release of {name}" in asked
    assert f"the quashing of the conviction of {name}" in asked
    assert f"the lifting of the travel ban on {name}" in asked  # imposed with the death sentence
    assert "the dropping of all charges" not in asked  # he stands convicted that day


def test_while_the_death_sentence_stands_the_appeal_says_so(
    letters: dict[tuple[dt.date, str], str], case: Case
) -> None:
    text = letters[DEATH_SENTENCE_STANDS, "appeal"]
    name = case.lead_defendant.name.latin
    assert f"Urgent appeal to halt the execution of {name}" in text
    assert f"{name} is held under a sentence of death." in text
    assert f"{name} was convicted under:" in text


@pytest.mark.parametrize("document", DOCUMENTS)
def test_after_the_quashing_no_letter_asks_to_halt_an_execution(
    letters: dict[tuple[dt.date, str], str], case: Case, document: str
) -> None:
    name = case.lead_defendant.name.latin
    asked = requests(letters, AFTER_QUASHING, document)
    assert "execution" not in asked
    assert "moratorium" not in asked
    assert "travel ban" not in asked  # quashed with the death sentence
    assert "quashing of the conviction" not in asked  # no conviction stands
    assert f"the immediate and unconditional release of {name}" in asked  # he is still held
    assert f"the dropping of all charges against {name}" in asked  # the case was sent back


def test_after_the_quashing_the_appeal_tells_the_death_sentence_as_past(
    letters: dict[tuple[dt.date, str], str], case: Case
) -> None:
    text = letters[AFTER_QUASHING, "appeal"]
    name = case.lead_defendant.name.latin
    assert f"Appeal for the release of {name}" in text
    assert "Urgent appeal" not in text
    assert "held under a sentence of death" not in text
    assert f"{name} is charged under:" in text
    assert f"sentenced {name} to death" in text  # the history stays told
    assert f"quashed the verdict against {name} and sent the case back for a new trial" in text


@pytest.mark.parametrize("day", DAYS)
@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_stage_known_on_the_day_is_told_and_no_later_one(
    letters: dict[tuple[dt.date, str], str], case: Case, day: dt.date, document: str
) -> None:
    text = letters[day, document]
    assert {p.id for p in case.proceedings} == set(DATE_AS_WRITTEN)
    for proceeding in case.proceedings:
        told = f"{DATE_AS_WRITTEN[proceeding.id]}, the {proceeding.court['en']}"
        if known_by(proceeding, day):
            assert told in text, proceeding.id
        else:
            assert told not in text, proceeding.id


@pytest.mark.parametrize("day", DAYS)
@pytest.mark.parametrize("document", DOCUMENTS)
def test_provisions_are_never_empty_or_zero(
    letters: dict[tuple[dt.date, str], str], case: Case, day: dt.date, document: str
) -> None:
    text = letters[day, document]
    assert "Article 0" not in text
    assert not re.search(r"Article\s*(of\b|[,.;)“”]|$)", text)
    for charge in case.lead_defendant.charges:
        if charge.provision is not None:
            assert f"Article {charge.provision.number} of the {charge.law['en']}" in text
        else:
            assert (
                f"the {charge.law['en']} ({charge.title['en'] if charge.title else ''})" in text
            )  # translated: unquoted


@pytest.mark.parametrize("day", DAYS)
@pytest.mark.parametrize("document", DOCUMENTS)
def test_judges_are_named_only_as_the_case_file_names_them(
    letters: dict[tuple[dt.date, str], str], case: Case, day: dt.date, document: str
) -> None:
    """The sources name no judge in this case: no letter may claim one (or several)."""
    text = letters[day, document]
    shown = [p for p in case.proceedings if known_by(p, day)]
    singles = [p for p in shown if len(p.judges) == 1]
    panels = [p for p in shown if len(p.judges) > 1]
    assert ("The judge was" in text) == bool(singles)
    assert ("The judges were" in text) == bool(panels)
    for proceeding in singles:
        assert f"The judge was {proceeding.judges[0].latin}." in text
