"""The Rocío San Miguel example (examples/rocio-san-miguel), built as of two days and read back.

11 February 2024: two days after her arrest at the airport, the authorities have not said where
she is held and no charge is known. 1 February 2026: she was held at El Helicoide on charges of
treason, conspiracy and terrorism, and was let out on 8 January 2026 under a precautionary
measure while the case continues. Expected facts come from the case file through the model, or
from the wording the issue asks for; nothing is copied from what the renderer printed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from campaign.app.build import build
from campaign.app.validate import validate
from campaign.jobs.job import BuildOptions, BuildResult
from campaign.load.campaign import load_campaign
from campaign.model.case import Case
from tests.campaign_support import pdf_text

FOLDER = Path(__file__).resolve().parents[2] / "examples" / "rocio-san-miguel"
DISAPPEARED = dt.date(2024, 2, 11)
LET_OUT = dt.date(2026, 2, 1)
RECIPIENTS = ("ve-mppre", "eu-hrvp", "un-sp-urgent")
NAME = "Rocío San Miguel"


def body(text: str) -> str:
    """The letter without its notes, whose source titles would match anything."""
    return text.split(" Sources ")[0]


def requests(text: str, start: str = "Our requests", end: str = "We would be grateful") -> list[str]:
    """The bullets of a letter's requests section."""
    section = text.split(start, 1)[1].split(end, 1)[0]
    return [item.strip() for item in section.split("•")[1:]]


def build_as_of(out: Path, day: dt.date) -> BuildResult:
    result = build(FOLDER, BuildOptions(out=out, jobs=1, as_of=day, recipients=RECIPIENTS, formats=("pdf",)))
    assert not result.failed, [o.error for o in result.failed]
    return result


@pytest.fixture(scope="module")
def case() -> Case:
    return load_campaign(FOLDER).campaign.case


@pytest.fixture(scope="module")
def disappeared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("disappeared")
    build_as_of(out, DISAPPEARED)
    return out


@pytest.fixture(scope="module")
def let_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("let-out")
    build_as_of(out, LET_OUT)
    return out


@pytest.mark.parametrize("day", [None, DISAPPEARED, LET_OUT])
def test_the_example_validates(day: dt.date | None) -> None:
    loaded = validate(FOLDER, as_of=day)
    assert not loaded.report.errors


def test_while_disappeared_the_appeal_asks_where_she_is(disappeared: Path) -> None:
    text = body(pdf_text(disappeared / "ve-mppre" / "appeal.en.pdf"))
    assert f"Since February 9, 2024, the authorities have not disclosed where {NAME} is held." in text
    asked = requests(text)
    assert asked[0].startswith(f"the immediate and unconditional release of {NAME}"), asked
    assert any(item.startswith(f"the disclosure of where {NAME} is held") for item in asked)
    assert any(item.startswith(f"access for {NAME} to a lawyer") for item in asked)
    assert any(f"between {NAME} and" in item and "family" in item for item in asked)
    assert "charged under" not in text and "El Helicoide" not in text and "Anti-Terrorism Court" not in text
    # Nothing charged or decided yet: no empty sections, and no "prosecution" to speak of.
    assert "The charges" not in text and "The proceedings" not in text
    assert "prosecution" not in text


def test_while_disappeared_the_un_communication_says_so(disappeared: Path) -> None:
    text = body(pdf_text(disappeared / "un-sp-urgent" / "un-communication.en.pdf"))
    assert f"The authorities have not disclosed where {NAME} is held." in text  # why the appeal is urgent
    asked = requests(text, "Requests", "Submitter")
    assert any(item.startswith(f"the disclosure of where {NAME} is held") for item in asked)


def test_let_out_nothing_moot_is_asked(let_out: Path) -> None:
    text = body(pdf_text(let_out / "eu-hrvp" / "appeal.en.pdf"))
    asked = requests(text)
    assert not any("release" in item or "disclosure" in item or "lawyer" in item for item in asked), asked
    assert any(item.startswith(f"the dropping of all charges against {NAME}") for item in asked), asked
    assert "Appeal for the release" not in text
    assert "execution" not in text
    # Let out under a substitute measure, not on bail: the letter does not say "bail".
    assert "bail" not in text
    assert f"{NAME} has been out of custody under conditions set by the authorities since 8 January 2026" in text


def test_let_out_every_stage_and_charge_appears(let_out: Path, case: Case) -> None:
    text = body(pdf_text(let_out / "eu-hrvp" / "appeal.en.pdf"))
    for proceeding in case.proceedings:
        day = proceeding.date.day
        assert day is not None
        assert f"On {day.day} {day:%B %Y}, the {proceeding.court['en']}" in text
    (person,) = case.defendants
    for charge in person.charges:
        assert charge.provision is None and charge.law is None
        assert charge.title is not None
        assert f"the offence of {charge.title['en']}" in text  # a translation: not in quotation marks
    assert "Article" not in text and "Code" not in text  # the sources cite no law, so none is made up
    assert "The judge" not in text  # the sources name none


def test_let_out_the_un_communication_tells_the_custody_history(let_out: Path) -> None:
    text = body(pdf_text(let_out / "un-sp-urgent" / "un-communication.en.pdf"))
    assert "9 February 2024: whereabouts unknown" in text
    assert "12–15 February 2024: in pre-trial detention (El Helicoide" in text
    assert "8 January 2026: released pending trial, the case continues" in text
    assert f"{NAME} has been out of custody under conditions set by the authorities since 8 January 2026" in text
