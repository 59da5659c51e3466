"""Output paths and atomic writes of the build: nothing leaves OUT, nothing is half-written."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from campaign.cli import cli
from campaign.errors import RenderError
from campaign.files import write_atomically
from campaign.jobs.job import Job
from campaign.jobs.plan import output_path
from tests.load.validate_support import copy_minimal


def job(recipient: str = "uk-fs", document: str = "appeal", language: str = "en") -> Job:
    return Job(recipient, document, language, ("pdf",))


def test_output_path_layout(tmp_path: Path) -> None:
    assert output_path(tmp_path, job(), "pdf") == (tmp_path / "uk-fs" / "appeal.en.pdf").resolve()


@pytest.mark.parametrize(
    "recipient",
    ["..", ".", "../../etc", "a/b", "a\\b", "/etc/passwd", "", ".hidden", "x" * 65],
)
def test_unsafe_names_are_refused(tmp_path: Path, recipient: str) -> None:
    with pytest.raises(RenderError):
        output_path(tmp_path, job(recipient=recipient), "pdf")


def test_symlinked_recipient_folder_cannot_lead_out(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, out / "uk-fs")
    with pytest.raises(RenderError, match="leave the output folder"):
        output_path(out, job(), "pdf")


def test_write_atomically_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "r" / "appeal.en.pdf"
    write_atomically(target, b"first")
    write_atomically(target, b"second")
    assert target.read_bytes() == b"second"
    assert [p.name for p in target.parent.iterdir()] == ["appeal.en.pdf"]


def test_failed_write_leaves_previous_file_and_no_part(tmp_path: Path) -> None:
    target = tmp_path / "appeal.en.pdf"
    write_atomically(target, b"good")

    with pytest.raises(TypeError):
        write_atomically(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["appeal.en.pdf"]


def test_a_letter_in_a_language_the_recipient_has_no_address_in_is_refused(tmp_path: Path) -> None:
    """`--lang ru` for a recipient whose institution is only in English: the Russian letter would
    carry an English address block; the build refuses and writes nothing."""
    folder = copy_minimal(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["build", "--campaign", str(folder), "--lang", "ru", "--recipient", "uk-fcdo", "--out", str(out)]
    )
    assert result.exit_code != 0
    assert "recipients[uk-fcdo]" in result.output and "'ru'" in result.output
    assert "address_language" in result.output
    assert not out.exists()


def _incomplete_russian(tmp_path: Path) -> Path:
    folder = copy_minimal(tmp_path)
    po = folder / "letters" / "locale" / "ru" / "LC_MESSAGES" / "letters.po"
    text = po.read_text("utf-8")
    assert text.count('msgstr "Просим освободить %(name)s."') == 1
    po.write_text(text.replace('msgstr "Просим освободить %(name)s."', 'msgstr ""'), "utf-8")
    return folder


def test_an_incomplete_catalog_holds_back_only_its_own_letters(tmp_path: Path) -> None:
    folder = _incomplete_russian(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", "--campaign", str(folder), "--out", str(out), "--format", "pdf"])
    assert result.exit_code == 1
    assert "held back every letter in 'ru'" in result.output
    assert "We ask for the release of %(name)s." in result.output
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf"))
    assert written and all(".en." in name for name in written), written
    assert "kz-mfa/appeal.en.pdf" in written  # the Russian recipient's English letter is not held back


def test_only_incomplete_languages_asked_for_is_refused(tmp_path: Path) -> None:
    folder = _incomplete_russian(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", "--campaign", str(folder), "--out", str(out), "--lang", "ru"])
    assert result.exit_code == 1
    assert "the 'ru' catalog is incomplete" in result.output
    assert not out.exists()


def test_build_json_summary_names_what_was_held_back(tmp_path: Path) -> None:
    folder = _incomplete_russian(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["build", "--campaign", str(folder), "--out", str(out), "--format", "pdf", "--json"]
    )
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert summary["built"] == len(list(out.rglob("*.pdf"))) > 0
    assert [h["language"] for h in summary["held_back"]] == ["ru"]
    assert summary["failed"] == [] and summary["manifest"] == str(out / "manifest.json")
