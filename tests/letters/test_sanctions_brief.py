"""Sanctions briefs as a sanctions specialist reads them: the regime's own words, one dossier per
target, the evidence annex, the public and the confidential version.

Each test builds the bundled campaign (or a copy with one fact changed) and reads the PDF back.
Expected words come from the stored official texts, the case file and hashlib, never from what
the renderer printed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import pytest
import yaml

from campaign.app.build import build
from campaign.errors import InputError
from campaign.jobs.job import BuildOptions
from campaign.load.campaign import load_campaign
from campaign.model.asof import position_on
from tests.campaign_support import ROOT, copy_campaign, pdf_text

REGIMES = ROOT / "src" / "campaign" / "letters" / "regimes"


def build_one(folder: Path, out: Path, recipient: str, document: str = "sanctions-brief") -> Path:
    options = BuildOptions(
        out=out, recipients=(recipient,), documents=(document,), languages=("en",), formats=("pdf",), jobs=1
    )
    result = build(folder, options)
    assert not result.failed, [o.error for o in result.failed]
    return out / recipient / f"{document}.en.pdf"


def official_words(act: str, lang: str) -> str:
    """The stored official text of `act` in `lang`, after its header, whitespace collapsed."""
    body = (REGIMES / "official" / f"{act}.{lang}.txt").read_text(encoding="utf-8").split("\n---\n", 1)[1]
    return " ".join(body.split())


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_campaign(tmp_path_factory.mktemp("campaign"))


@pytest.fixture(scope="module")
def eu_brief(bundled: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    return pdf_text(build_one(bundled, tmp_path_factory.mktemp("out"), "eu-hrvp"))


def quoted(text: str) -> list[str]:
    """Every passage the brief puts in quotation marks."""
    return re.findall(r"“([^”]+)”", text)


def test_every_quote_of_the_law_is_the_official_text(eu_brief: str) -> None:
    official = official_words("eu-dec-2020-1999", "en")
    quotes = [q for q in quoted(eu_brief) if "detention" in q or "expression" in q or "assembly" in q]
    assert quotes, eu_brief[:2000]
    for quote in quotes:
        for fragment in quote.split(" […] "):
            assert " ".join(fragment.split()) in official, fragment


def test_a_criterion_with_a_condition_is_quoted_with_it(eu_brief: str) -> None:
    """Point (d) binds the freedoms to its chapeau: never the point alone."""
    expression = next(q for q in quoted(eu_brief) if "freedom of opinion and expression" in q)
    assert expression.startswith("other human rights violations or abuses")
    assert "widespread, systematic" in expression and " […] " in expression
    assert "only where the violations are widespread, systematic" in eu_brief


def test_a_criterion_whose_text_is_not_held_is_a_summary_not_a_quote(eu_brief: str) -> None:
    summary = eu_brief.split("Who may be designated:")[1][:400]
    assert "in summary (the submitter does not hold the official text)" in summary
    assert "“" not in summary.split("Proposed designations")[0]


def test_one_dossier_per_target(eu_brief: str, bundled: Path) -> None:
    case = load_campaign(bundled).campaign.case
    targets = [o for o in case.officials if o.target]
    assert targets
    dossiers = eu_brief.split("Proposed designations", 1)[1].split("Evidence annex", 1)[0]
    assert dossiers.count("Identifiers") == len(targets)
    assert dossiers.count("Positions held") == len(targets)
    for official in targets:
        assert official.name.latin in dossiers
        assert f"The case file records no information that would exculpate {official.name.latin}." in dossiers


def test_the_annex_lists_the_local_copy_with_its_sha256(eu_brief: str, bundled: Path) -> None:
    data = yaml.safe_load((bundled / "cases" / "askar-kaiyrbek.yaml").read_text(encoding="utf-8"))
    held = [s for s in data["sources"] if s.get("local_copy")]
    assert held
    annex = eu_brief.split("Evidence annex", 1)[1]
    for source in held:
        digest = hashlib.sha256((bundled / source["local_copy"]).read_bytes()).hexdigest()
        assert f"SHA-256 {digest}" in annex
    assert "Exhibit 1." in annex


def test_notes_point_to_the_exhibits(eu_brief: str) -> None:
    notes = eu_brief.rsplit("Sources", 1)[1]
    assert "Exhibit 1:" in notes


def test_a_brief_closes_as_a_brief(eu_brief: str) -> None:
    assert "Yours sincerely" not in eu_brief and "Yours faithfully" not in eu_brief
    assert "Dear " not in eu_brief


def test_a_changed_local_copy_changes_its_fingerprint(tmp_path: Path) -> None:
    folder = copy_campaign(tmp_path / "campaign")
    copy = folder / "evidence" / "askar-kaiyrbek-appeal.txt"
    copy.write_text(copy.read_text(encoding="utf-8") + "\nAmended.\n", encoding="utf-8")
    text = pdf_text(build_one(folder, tmp_path / "out", "eu-hrvp"))
    assert f"SHA-256 {hashlib.sha256(copy.read_bytes()).hexdigest()}" in text


def test_a_local_copy_outside_the_evidence_folder_is_refused(tmp_path: Path) -> None:
    folder = copy_campaign(tmp_path / "campaign")
    (tmp_path / "secret.txt").write_text("not evidence", encoding="utf-8")
    (folder / "evidence" / "link.txt").symlink_to(tmp_path / "secret.txt")
    case = folder / "cases" / "askar-kaiyrbek.yaml"
    case.write_text(
        case.read_text(encoding="utf-8").replace("evidence/askar-kaiyrbek-appeal.txt", "evidence/link.txt"),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as raised:
        load_campaign(folder)
    messages = [d.message for d in raised.value.diagnostics if d.code == "case.local-copy"]
    assert messages and "symbolic link" in messages[0]


def test_a_protected_source_is_named_only_in_the_confidential_version(tmp_path: Path) -> None:
    folder = copy_campaign(tmp_path / "campaign")
    case = folder / "cases" / "askar-kaiyrbek.yaml"
    text = case.read_text(encoding="utf-8")
    marker = "  - id: rferl-guard-charged\n"
    assert marker in text
    case.write_text(text.replace(marker, marker + "    confidential: true\n"), encoding="utf-8")
    recipients = folder / "recipients.yaml"
    data = recipients.read_text(encoding="utf-8")
    public = pdf_text(build_one(folder, tmp_path / "public", "eu-hrvp"))
    recipients.write_text(
        data.replace("  - id: eu-hrvp\n", "  - id: eu-hrvp\n    confidential: true\n"), encoding="utf-8"
    )
    private = pdf_text(build_one(folder, tmp_path / "private", "eu-hrvp"))
    title = "Kazakh prison guard charged over beating of jailed activist"
    assert title not in public and "withheld for its protection" in public
    assert title in private and "withheld for its protection" not in private


def test_us_requests_go_to_the_office_that_holds_each(bundled: Path, tmp_path: Path) -> None:
    """Global Magnitsky to the Treasury; Section 7031(c) to State, only for a gross violation."""
    treasury = pdf_text(build_one(bundled, tmp_path / "ofac", "us-ofac"))
    assert "Executive Order 13818" in treasury and "7031(c)" not in treasury
    options = BuildOptions(
        out=tmp_path / "state", recipients=("us-secstate",), documents=("sanctions-brief",), formats=("pdf",), jobs=1
    )
    skipped = build(bundled, options).skipped
    assert skipped and "us-7031c" in skipped[0].skipped


def test_section_7031c_brief_asks_for_the_family_too(tmp_path: Path) -> None:
    folder = copy_campaign(tmp_path / "campaign")
    case = folder / "cases" / "askar-kaiyrbek.yaml"
    data = case.read_text(encoding="utf-8")
    first = data.index("    violations: [", data.index("officials:"))
    end = data.index("]", first)
    case.write_text(data[:first] + "    violations: [torture-ill-treatment" + data[end:], encoding="utf-8")
    text = pdf_text(build_one(folder, tmp_path / "out", "us-secstate"))
    assert "Section 7031(c)" in text and "immediate family members" in text
    assert "Executive Order 13818" not in text


def test_written_as_of_today_the_brief_names_former_officials_as_former(bundled: Path, tmp_path: Path) -> None:
    """Years after the verdict the brief is still written; who has left their post is called former."""
    today = dt.date(2026, 12, 6)
    options = BuildOptions(
        out=tmp_path,
        recipients=("eu-hrvp",),
        documents=("sanctions-brief",),
        languages=("en",),
        formats=("pdf",),
        jobs=1,
        as_of=today,
    )
    result = build(bundled, options)
    assert not result.failed and not result.skipped, [(o.error, o.skipped) for o in result.outcomes]
    text = pdf_text(tmp_path / "eu-hrvp" / "sanctions-brief.en.pdf")
    case = load_campaign(bundled).campaign.case
    left = [o for o in case.officials if o.target and (post := position_on(o, today)) is not None and post.former]
    assert left, "the bundled case has officials who left their posts"
    for official in left:
        post = position_on(official, today)
        assert post is not None
        assert f"{official.name.latin}, former {post.position.title['en']}" in text
