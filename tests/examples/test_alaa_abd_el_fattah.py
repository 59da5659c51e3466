"""The Alaa Abd El-Fattah example (`examples/alaa-abd-el-fattah`), built as of two days and read back
from the PDFs.

On 1 June 2022 the three co-defendants are all in prison under the verdict of 20 December 2021
(five years for Alaa Abd El-Fattah, four for the two others); on 1 October 2025 Mohamed el-Baqer
(pardoned in July 2023) and Alaa Abd El-Fattah (pardoned in September 2025) are free and only
Mohamed "Oxygen" Ibrahim is held, and the Public Prosecutor of 2019-2023 has left his post. Names,
sentences, courts and posts are read from the case file through the model, never from what the
renderer printed.
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
from campaign.model.case import Case, Defendant, Official, Proceeding
from tests.campaign_support import pdf_text

FOLDER = Path(__file__).resolve().parents[2] / "examples" / "alaa-abd-el-fattah"
ALL_HELD = dt.date(2022, 6, 1)
AFTER_PARDONS = dt.date(2025, 10, 1)
DAYS = (ALL_HELD, AFTER_PARDONS)
RECIPIENTS = ("eg-mfa", "eu-hrvp", "un-wgad")
DOCUMENTS = ("appeal", "sanctions-brief", "un-communication")
LETTERS = {
    "state-appeal": ("eg-mfa", "appeal"),
    "eu-appeal": ("eu-hrvp", "appeal"),
    "eu-brief": ("eu-hrvp", "sanctions-brief"),
    "un": ("un-wgad", "un-communication"),
}
"""The documents read back: the appeal to the state itself, the appeal and the sanctions brief to
the EU, the communication to the UN Working Group."""
REQUESTS = {
    "state-appeal": ("Our requests", "We would be grateful"),
    "un": ("The source further requests the Working Group", "Yours"),  # the Opinion request, then its list
}
DATE_AS_WRITTEN = {
    "referral": "18 October 2021",
    "verdict": "20 December 2021",
    "pardon-el-baqer": "19 July 2023",
    "pardon-abd-el-fattah": "22 September 2025",
}
"""Each proceeding's date as an en_GB / en_IE / en_CH letter writes it."""


def between(text: str, start: str, end: str) -> str:
    """The part of `text` from the heading `start` to the next `end` (which must both be there)."""
    begin = text.index(start)
    return text[begin : text.index(end, begin)]


@pytest.fixture(scope="module")
def case() -> Case:
    return load_campaign(FOLDER).campaign.case


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[dt.date, str], str]:
    """The text of each letter as of each day: {(day, letter): text}."""
    texts = {}
    for day in DAYS:
        out = tmp_path_factory.mktemp(f"out-{day}")
        options = BuildOptions(out=out, recipients=RECIPIENTS, documents=DOCUMENTS, formats=("pdf",), jobs=1, as_of=day)
        result = build(FOLDER, options)
        assert not result.failed, [o.error for o in result.failed]
        assert not result.skipped, [o.skipped for o in result.skipped]
        for letter, (recipient, document) in LETTERS.items():
            texts[day, letter] = pdf_text(out / recipient / f"{document}.en.pdf")
    return texts


def defendant(case: Case, defendant_id: str) -> Defendant:
    return case.defendant(defendant_id)


def name(case: Case, defendant_id: str) -> str:
    return case.defendant(defendant_id).name.latin


def request_lines(letters: dict[tuple[dt.date, str], str], day: dt.date, letter: str) -> list[str]:
    """The letter's requests, one string each (each starts with 'the ', 'an ' or 'a ' after its bullet)."""
    start, end = REQUESTS[letter]
    section = between(letters[day, letter], start, end)
    return [line.strip() for line in section.split("•")[1:]]


def asking(lines: list[str], words: str) -> str:
    """The one request line that contains `words`."""
    found = [line for line in lines if words in line]
    assert len(found) == 1, (words, lines)
    return found[0]


def known_by(proceeding: Proceeding, day: dt.date) -> bool:
    latest = proceeding.date.latest
    assert latest is not None
    return latest <= day


def target(case: Case) -> Official:
    (official,) = [o for o in case.officials if o.target]
    return official


@pytest.mark.parametrize("day", [None, *DAYS])
def test_the_example_validates(day: dt.date | None) -> None:
    loaded = validate(FOLDER, as_of=day)
    assert loaded.campaign.case.id == "alaa-abd-el-fattah"


def test_each_co_defendant_gets_his_own_sentence(letters: dict[tuple[dt.date, str], str], case: Case) -> None:
    text = letters[ALL_HELD, "state-appeal"]
    verdict = next(p for p in case.proceedings if p.id == "verdict")
    years = {o.defendant: o.sentences[0].duration.years for o in verdict.outcomes if o.sentences[0].duration}
    assert years == {"alaa-abd-el-fattah": 5, "mohamed-el-baqer": 4, "mohamed-oxygen": 4}
    court = verdict.court["en"]
    alaa, baqer, oxygen = (name(case, i) for i in years)
    # One sentence for the verdict, each defendant with their own penalty.
    assert f"the {court} sentenced {alaa} to 5 years of imprisonment and {baqer} and {oxygen} to 4 years" in text
    assert f"{alaa} is serving 5 years of imprisonment." in text
    assert f"{baqer} is serving 4 years of imprisonment." in text
    assert f"{oxygen} is serving 4 years of imprisonment." in text


@pytest.mark.parametrize("letter", REQUESTS)
def test_while_all_three_are_held_the_letters_ask_to_release_all_three(
    letters: dict[tuple[dt.date, str], str], case: Case, letter: str
) -> None:
    lines = request_lines(letters, ALL_HELD, letter)
    everyone = [name(case, d.id) for d in case.subjects]
    for kind in ("immediate and unconditional release of", "quashing of the conviction of", "rehabilitation of"):
        line = asking(lines, kind)
        for person in everyone:
            assert person in line, (kind, person)


@pytest.mark.parametrize("letter", REQUESTS)
def test_after_the_pardons_only_the_one_still_held_is_asked_to_be_released(
    letters: dict[tuple[dt.date, str], str], case: Case, letter: str
) -> None:
    lines = request_lines(letters, AFTER_PARDONS, letter)
    release = asking(lines, "immediate and unconditional release of")
    assert name(case, "mohamed-oxygen") in release
    assert name(case, "alaa-abd-el-fattah") not in release  # pardoned and free since September 2025
    assert name(case, "mohamed-el-baqer") not in release  # pardoned and free since July 2023
    for kind in ("quashing of the conviction of", "rehabilitation of"):  # a pardon leaves the conviction
        line = asking(lines, kind)
        for d in case.subjects:
            assert name(case, d.id) in line, (kind, d.id)


def test_after_the_pardons_the_appeal_tells_who_is_free(letters: dict[tuple[dt.date, str], str], case: Case) -> None:
    text = letters[AFTER_PARDONS, "state-appeal"]
    assert f"{name(case, 'mohamed-el-baqer')} has been free since 20 July 2023, but the conviction stands." in text
    assert f"{name(case, 'alaa-abd-el-fattah')} has been free since" in text
    assert f"{name(case, 'mohamed-oxygen')} is serving 4 years of imprisonment." in text
    assert f"pardoned {name(case, 'mohamed-el-baqer')}." in text
    assert f"pardoned {name(case, 'alaa-abd-el-fattah')}." in text


@pytest.mark.parametrize("day", DAYS)
@pytest.mark.parametrize("letter", LETTERS)
def test_every_stage_known_on_the_day_is_told_and_no_later_one(
    letters: dict[tuple[dt.date, str], str], case: Case, day: dt.date, letter: str
) -> None:
    text = letters[day, letter]
    assert {p.id for p in case.proceedings} == set(DATE_AS_WRITTEN)
    for proceeding in case.proceedings:
        told = f"On {DATE_AS_WRITTEN[proceeding.id]}, the {proceeding.court['en']}"
        where = text
        if letter == "eu-brief":  # the brief gives the stages as a table: date and court in their cells
            told = DATE_AS_WRITTEN[proceeding.id]
            where = text.split("The case", 1)[1].split("The alleged violations", 1)[0]
        if known_by(proceeding, day):
            assert told in where, proceeding.id
        else:
            assert told not in where, proceeding.id


@pytest.mark.parametrize("letter", ["eu-appeal", "eu-brief"])
def test_the_prosecutor_is_called_by_his_post_then_former_once_he_left_it(
    letters: dict[tuple[dt.date, str], str], case: Case, letter: str
) -> None:
    official = target(case)
    (position,) = official.positions
    assert position.until is not None and position.until.latest is not None
    assert ALL_HELD < position.until.latest < AFTER_PARDONS
    post = position.title["en"]
    assert f"{official.name.latin}, {post}" in letters[ALL_HELD, letter]
    assert f"former {post}" not in letters[ALL_HELD, letter]
    assert f"{official.name.latin}, former {post}" in letters[AFTER_PARDONS, letter]


@pytest.mark.parametrize("day", DAYS)
@pytest.mark.parametrize("letter", LETTERS)
def test_charges_without_a_provision_name_the_law_only(
    letters: dict[tuple[dt.date, str], str], case: Case, day: dt.date, letter: str
) -> None:
    text = letters[day, letter]
    assert "Article 0" not in text
    assert not re.search(r"Article\s*(of\b|[,.;)“”]|$)", text)
    charges = [charge for d in case.subjects for charge in d.charges]
    assert charges and all(charge.provision is None for charge in charges)
    listed = re.findall(r"(?:convicted|charged) under: • (.*?\))", text)
    assert len(listed) == len(charges)
    for line, charge in zip(listed, charges, strict=True):
        assert charge.title is not None
        assert line.startswith(f"the {charge.law['en']} ({charge.title['en']})"), (
            line
        )  # a translated title: no quotation marks
        assert "Article" not in line  # the sources cite no provision: none may appear


@pytest.mark.parametrize("day", DAYS)
@pytest.mark.parametrize("letter", LETTERS)
def test_judges_are_named_only_as_the_case_file_names_them(
    letters: dict[tuple[dt.date, str], str], case: Case, day: dt.date, letter: str
) -> None:
    """The sources read name no judge in this case: no letter may claim one (or several)."""
    text = letters[day, letter]
    shown = [p for p in case.proceedings if known_by(p, day)]
    singles = [p for p in shown if len(p.judges) == 1]
    panels = [p for p in shown if len(p.judges) > 1]
    assert ("The judge was" in text) == bool(singles)
    assert ("The judges were" in text) == bool(panels)
    for proceeding in singles:
        assert f"The judge was {proceeding.judges[0].latin}." in text
