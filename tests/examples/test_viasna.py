"""The Viasna example (examples/viasna), built as of two days and read back from its PDFs.

20 January 2023: the trial has opened; Ales Bialiatski, Valiantsin Stefanovich and Uladzimir
Labkovich are in pre-trial detention and Dzmitry Salauyou lives abroad. 15 January 2026: all four
were sentenced on 3 March 2023, Salauyou in absentia; Bialiatski and Labkovich were freed on
13 December 2025 and Stefanovich is still serving his sentence. Expected facts come from the case
file through the model, or from the wording the issue asks for; nothing is copied from what the
renderer printed.
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

FOLDER = Path(__file__).resolve().parents[2] / "examples" / "viasna"
ON_TRIAL = dt.date(2023, 1, 20)
AFTER_RELEASES = dt.date(2026, 1, 15)
RECIPIENTS = ("by-gpo", "eu-hrvp", "un-wgad")
IN_CUSTODY = ("Ales Bialiatski", "Valiantsin Stefanovich", "Uladzimir Labkovich")
ABROAD = "Dzmitry Salauyou"


def body(text: str) -> str:
    """The letter without its notes, whose source titles would match anything."""
    return text.split(" Sources ")[0]


def requests(text: str) -> list[str]:
    """The bullets of the appeal's 'Our requests' section."""
    section = text.split("Our requests", 1)[1].split("We would be grateful", 1)[0]
    return [item.strip() for item in section.split("•")[1:]]


def build_as_of(out: Path, day: dt.date) -> BuildResult:
    result = build(FOLDER, BuildOptions(out=out, jobs=1, as_of=day, recipients=RECIPIENTS, formats=("pdf",)))
    assert not result.failed, [o.error for o in result.failed]
    return result


@pytest.fixture(scope="module")
def case() -> Case:
    return load_campaign(FOLDER).campaign.case


@pytest.fixture(scope="module")
def on_trial(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("on-trial")
    build_as_of(out, ON_TRIAL)
    return out


@pytest.fixture(scope="module")
def after_releases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("after-releases")
    build_as_of(out, AFTER_RELEASES)
    return out


@pytest.mark.parametrize("day", [None, ON_TRIAL, AFTER_RELEASES])
def test_the_example_validates(day: dt.date | None) -> None:
    loaded = validate(FOLDER, as_of=day)
    assert not loaded.report.errors


def test_on_trial_release_for_those_held_and_return_for_the_one_abroad(on_trial: Path) -> None:
    asked = requests(body(pdf_text(on_trial / "eu-hrvp" / "appeal.en.pdf")))
    release = [item for item in asked if "release" in item]
    assert release == [item for item in asked if item.startswith("the immediate and unconditional release of")]
    assert len(release) == 1
    assert all(name in release[0] for name in IN_CUSTODY)
    assert ABROAD not in release[0]
    assert any(item.startswith(f"guarantees that {ABROAD} can return to Belarus") for item in asked), asked
    drop = next(item for item in asked if item.startswith("the dropping of all charges"))
    assert all(name in drop for name in (*IN_CUSTODY, ABROAD))
    assert not any("quashing" in item or "execution" in item for item in asked)


def test_on_trial_the_charges_stand_and_the_tax_charge_was_requalified(on_trial: Path) -> None:
    text = body(pdf_text(on_trial / "eu-hrvp" / "appeal.en.pdf"))
    for name in (*IN_CUSTODY, ABROAD):
        assert f"{name} is charged under: • Article 228, part 4 of the Criminal Code of the Republic of Belarus" in text
    for name in IN_CUSTODY:
        assert "In September 2022, the charge under Article 243, part 2 of the Criminal Code" in text
        assert f"against {name} was requalified." in text
    assert "convicted" not in text and "The judge was" not in text


def test_on_trial_the_un_communication_tells_where_each_stands(on_trial: Path) -> None:
    text = body(pdf_text(on_trial / "un-wgad" / "un-communication.en.pdf"))
    assert text.count("Situation on 20 January 2023 in pre-trial detention") == len(IN_CUSTODY)
    identity = text.split("I. Identity")[1].split("II. Arrest")[0]
    assert ABROAD not in identity  # never detained: no identity block of a detainee
    assert "Name in original script Алесь Бяляцкі" in text


def test_after_releases_only_the_one_still_held_is_asked_free(after_releases: Path) -> None:
    text = body(pdf_text(after_releases / "by-gpo" / "appeal.en.pdf"))
    asked = requests(text)
    assert "We respectfully call on you to ensure:" in text  # written to the state itself
    release = [item for item in asked if "release" in item]
    assert len(release) == 1 and release[0].startswith("the immediate and unconditional release of Valiantsin")
    for name in ("Ales Bialiatski", "Uladzimir Labkovich", ABROAD):
        assert name not in release[0]
    quash = next(item for item in asked if item.startswith("the quashing of the conviction of"))
    assert all(name in quash for name in (*IN_CUSTODY, ABROAD))
    assert any(item.startswith(f"guarantees that {ABROAD} can return") for item in asked)
    assert not any("dropping of all charges" in item or "execution" in item for item in asked)


def test_after_releases_the_verdict_and_its_judge_appear(after_releases: Path, case: Case) -> None:
    text = body(pdf_text(after_releases / "eu-hrvp" / "appeal.en.pdf"))
    for proceeding in case.proceedings:
        day = proceeding.date.day
        assert day is not None
        assert f"On {day.day} {day:%B %Y}, the {proceeding.court['en']}" in text
    (verdict,) = case.proceedings
    (judge,) = verdict.judges
    assert f"The judge was {judge.latin}." in text
    assert "The judges were" not in text
    assert "BYN 185,000" in text and "10 years of imprisonment" in text
    assert f"{ABROAD} lives abroad and was convicted in absentia." in text
    un = body(pdf_text(after_releases / "un-wgad" / "un-communication.en.pdf"))
    assert "Situation on 15 January 2026 free, with no custodial measure running" in un
    assert "Situation on 15 January 2026 in prison" in un
    assert "Situation on 15 January 2026 living abroad" not in un  # never detained: not in the questionnaire
    assert "13 December 2025: free, with no custodial measure running (released and driven across the border" in un


def test_after_releases_provisions_are_cited_as_the_law_numbers_them(after_releases: Path) -> None:
    for path in (after_releases / "by-gpo" / "appeal.en.pdf", after_releases / "un-wgad" / "un-communication.en.pdf"):
        text = body(pdf_text(path))
        assert "Article 342, part 2 of the Criminal Code of the Republic of Belarus" in text
        assert "Article 0" not in text
        assert not re.search(r"\bArticle\s*(,|of\b|\()", text), "a provision without its number"
