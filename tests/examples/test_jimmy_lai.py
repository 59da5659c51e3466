"""The Jimmy Lai example (examples/jimmy-lai), built as of two days and read back from its PDFs.

28 December 2020: Jimmy Lai is out on bail (High Court, 23 December), charged under the National
Security Law only; John Lee and Teresa Cheng are in office and already designated by the United
States. 2 March 2026: he is in prison, convicted with the three Apple Daily companies; Teresa
Cheng has left office. Expected facts come from the case file through the model, or from the
wording the issue asks for; nothing is copied from what the renderer printed.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from campaign.app.build import build
from campaign.app.validate import validate
from campaign.jobs.job import BuildOptions, BuildResult
from campaign.load.campaign import load_campaign
from campaign.model.case import Case
from tests.campaign_support import pdf_text

FOLDER = Path(__file__).resolve().parents[2] / "examples" / "jimmy-lai"
ON_BAIL = dt.date(2020, 12, 28)
CONVICTED = dt.date(2026, 3, 2)
RECIPIENTS = ("eu-hrvp", "us-secstate", "uk-fs", "un-wgad")
DOCUMENTS = ("appeal", "sanctions-brief", "un-communication")


def body(text: str) -> str:
    """The letter without its notes, whose source titles would match anything."""
    return text.split(" Sources ")[0]


def requests(text: str) -> list[str]:
    """The bullets of the appeal's 'Our requests' section."""
    section = text.split("Our requests", 1)[1].split("We would be grateful", 1)[0]
    return [item.strip() for item in section.split("•")[1:]]


def long_date(day: dt.date) -> str:
    """A day as en_IE, en_GB and en_CH letters write it: '9 February 2021'."""
    return f"{day.day} {day:%B %Y}"


def build_as_of(out: Path, day: dt.date) -> BuildResult:
    options = BuildOptions(out=out, jobs=1, as_of=day, recipients=RECIPIENTS, documents=DOCUMENTS, formats=("pdf",))
    result = build(FOLDER, options)
    assert not result.failed, [o.error for o in result.failed]
    return result


@pytest.fixture(scope="module")
def case() -> Case:
    return load_campaign(FOLDER).campaign.case


@pytest.fixture(scope="module")
def on_bail(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    out = tmp_path_factory.mktemp("on-bail")
    return out, build_as_of(out, ON_BAIL)


@pytest.fixture(scope="module")
def convicted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    out = tmp_path_factory.mktemp("convicted")
    return out, build_as_of(out, CONVICTED)


@pytest.mark.parametrize("day", [None, ON_BAIL, CONVICTED])
def test_the_example_validates(day: dt.date | None) -> None:
    loaded = validate(FOLDER, as_of=day)
    assert not loaded.report.errors


def test_on_bail_the_appeal_asks_no_release(on_bail: tuple[Path, BuildResult]) -> None:
    text = body(pdf_text(on_bail[0] / "eu-hrvp" / "appeal.en.pdf"))
    asked = requests(text)
    assert not any("release" in item for item in asked), asked
    assert any(item.startswith("the dropping of all charges against Jimmy Lai") for item in asked), asked
    assert "Appeal for the release" not in text
    assert "out on bail since 23 December 2020" in text
    assert "execution" not in text and "whereabouts" not in text


def test_on_bail_only_the_charge_then_brought_stands(on_bail: tuple[Path, BuildResult]) -> None:
    text = body(pdf_text(on_bail[0] / "eu-hrvp" / "appeal.en.pdf"))
    assert "Jimmy Lai is charged under: • Article 29 of the Law of the People's Republic of China" in text
    assert "Crimes Ordinance" not in text  # the sedition charge was added on 28 December 2021
    assert "convicted" not in text


def test_officials_in_office_on_bail_and_former_later(
    on_bail: tuple[Path, BuildResult], convicted: tuple[Path, BuildResult]
) -> None:
    before = body(pdf_text(on_bail[0] / "eu-hrvp" / "appeal.en.pdf"))
    assert "John Lee Ka-chiu, Secretary for Security" in before
    assert "Teresa Cheng Yeuk-wah, Secretary for Justice" in before
    assert "former" not in before
    after = body(pdf_text(convicted[0] / "eu-hrvp" / "appeal.en.pdf"))
    assert "John Lee Ka-chiu, Chief Executive of the Hong Kong Special Administrative Region" in after
    assert "Teresa Cheng Yeuk-wah, former Secretary for Justice" in after
    assert "former Chief Executive" not in after


@pytest.mark.parametrize("built", ["on_bail", "convicted"])
def test_the_us_does_not_ask_for_designations_it_made(built: str, request: pytest.FixtureRequest) -> None:
    out, result = request.getfixturevalue(built)
    assert not (out / "us-secstate" / "sanctions-brief.en.pdf").exists()
    assert any(o.job.recipient == "us-secstate" and o.job.document == "sanctions-brief" for o in result.skipped)
    us_appeal = body(pdf_text(out / "us-secstate" / "appeal.en.pdf"))
    assert "targeted sanctions" not in us_appeal
    eu_appeal = body(pdf_text(out / "eu-hrvp" / "appeal.en.pdf"))
    assert "targeted sanctions under the EU Global Human Rights Sanctions Regime" in eu_appeal
    assert "John Lee Ka-chiu" in eu_appeal.split("targeted sanctions", 1)[1]


def test_the_eu_brief_shows_the_us_designation(convicted: tuple[Path, BuildResult]) -> None:
    text = body(pdf_text(convicted[0] / "eu-hrvp" / "sanctions-brief.en.pdf"))
    assert "Existing designations • United States, 7 August 2020 (E.O. 13936" in text
    assert "Proposed designations John Lee Ka-chiu" in text


def test_the_uk_regime_gets_no_brief(convicted: tuple[Path, BuildResult]) -> None:
    out, result = convicted
    assert not (out / "uk-fs" / "sanctions-brief.en.pdf").exists()
    assert any(o.job.recipient == "uk-fs" and o.job.document == "sanctions-brief" for o in result.skipped)
    assert "targeted sanctions" not in body(pdf_text(out / "uk-fs" / "appeal.en.pdf"))


def test_convicted_the_appeal_asks_release_and_quashing(convicted: tuple[Path, BuildResult], case: Case) -> None:
    text = body(pdf_text(convicted[0] / "eu-hrvp" / "appeal.en.pdf"))
    asked = requests(text)
    assert asked[0].startswith("the immediate and unconditional release of Jimmy Lai"), asked
    companies = [d.name.latin for d in case.defendants if d.kind.value == "organisation"]
    assert len(companies) == 3
    quash = next(item for item in asked if item.startswith("the quashing of the conviction"))
    assert all(company in quash for company in companies)
    release = next(item for item in asked if "release" in item)
    assert not any(company in release for company in companies)
    assert not any("dropping of all charges" in item for item in asked)
    assert "execution" not in text


def test_convicted_every_stage_and_bench_appears(convicted: tuple[Path, BuildResult], case: Case) -> None:
    text = body(pdf_text(convicted[0] / "eu-hrvp" / "appeal.en.pdf"))
    for proceeding in case.proceedings:
        day = proceeding.date.day
        assert day is not None
        assert f"On {long_date(day)}, the {proceeding.court['en']}" in text
    assert "The judge was Victor So Wai-tak." in text
    assert "The judges were Esther Toh Lye-ping, Alex Lee Wan-tang and Susana Maria D'Almada Remedios." in text
    assert "The judges were Andrew Cheung, Roberto Ribeiro, Joseph Fok, Patrick Chan and Frank Stock." in text
    assert "The judge was Esther" not in text and "The judges were Victor" not in text


def test_convicted_provisions_are_cited_as_the_law_numbers_them(convicted: tuple[Path, BuildResult]) -> None:
    for path in (convicted[0] / "eu-hrvp" / "appeal.en.pdf", convicted[0] / "un-wgad" / "un-communication.en.pdf"):
        text = body(pdf_text(path))
        assert "Article 29 of the Law of the People's Republic of China on Safeguarding National Security" in text
        assert "Section 10(1)(c) of the Crimes Ordinance (Cap. 200)" in text
        assert "Article 0" not in text
        assert not re.search(r"\b(Article|Section)\s*(,|of\b|\()", text), "a provision without its number"


def test_convicted_the_un_communication_tells_the_custody_history(convicted: tuple[Path, BuildResult]) -> None:
    text = body(pdf_text(convicted[0] / "un-wgad" / "un-communication.en.pdf"))
    assert "Situation on 2 March 2026 in prison" in text
    for line in (
        "10 August 2020: arrested",
        "12 August 2020: released on bail",
        "3 December 2020: in pre-trial detention",
        "23 December 2020: released on bail",
        "31 December 2020: in pre-trial detention",
        "16 April 2021: in prison",
    ):
        assert line in text
