"""Output paths and atomic writes of the build: nothing leaves OUT, nothing is half-written."""

from __future__ import annotations

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
