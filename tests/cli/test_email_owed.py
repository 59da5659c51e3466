"""Issue 16, wrong attachments and ways out: `campaign build` then `campaign email build`, for real.

One real build of the small mail test campaign (letters, catalogs and all) is made once and copied
for each test; every check reads the produced files back: manifest.json, the .eml attachments.
"""

from __future__ import annotations

import email.policy
import json
import os
import shutil
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import campaign
from campaign.cli import cli
from campaign.errors import InputError
from tests.mail.mail_support import DATA

runner = CliRunner()

OWED = {
    "uk-fcdo": ["appeal.en.pdf"],
    "kz-mfa": ["appeal.ru.pdf", "appeal.kk.pdf", "brief.ru.pdf", "brief.kk.pdf"],
    "eu-sede": ["appeal.en.pdf", "brief.en.pdf"],
}
"""What the test campaign owes each email recipient: every document of its group in each of its languages."""


def invoke(*args: str) -> Any:
    return runner.invoke(cli, list(args))


@pytest.fixture(scope="module")
def first_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test campaign with a full `campaign build` in its own out/ (made once)."""
    folder = tmp_path_factory.mktemp("built") / "campaign"
    shutil.copytree(DATA / "campaign", folder)
    result = invoke("build", "-c", str(folder), "-o", str(folder / "out"))
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture
def folder(first_build: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "campaign"
    shutil.copytree(first_build, copy, symlinks=True)
    return copy


def attachments(out: Path) -> dict[str, list[str]]:
    """Each .eml in OUT/outbox read back: recipient -> attachment file names, in order."""
    found = {}
    for path in sorted((out / "outbox").glob("*.eml")):
        message: Any = BytesParser(policy=email.policy.default).parsebytes(path.read_bytes())
        found[path.stem] = [part.get_filename() for part in message.iter_attachments()]
    return found


def manifest(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "manifest.json").read_text("utf-8"))
    return data


def email_build(folder: Path) -> Any:
    return invoke("email", "build", "-c", str(folder), "-o", str(folder / "out"))


def build(folder: Path, *args: str) -> Any:
    result = invoke("build", "-c", str(folder), "-o", str(folder / "out"), *args)
    assert result.exit_code == 0, result.output
    return result


def test_the_pseudo_locale_is_never_attached(folder: Path) -> None:
    build(folder, "--lang", "xx", "--format", "pdf")
    assert any(e["language"] == "xx" for e in manifest(folder / "out")["entries"])
    result = email_build(folder)
    assert result.exit_code == 0, result.output
    assert attachments(folder / "out") == OWED


def test_a_partial_build_merges_into_the_manifest_and_the_next_full_build_reuses_it(folder: Path) -> None:
    before = {(e["path"], e["sha256"]) for e in manifest(folder / "out")["entries"]}
    build(folder, "--lang", "en")  # kz-mfa writes in Russian and Kazakh: its files must survive
    after = {(e["path"], e["sha256"]) for e in manifest(folder / "out")["entries"]}
    assert before <= after
    assert {p for p, _ in after - before} == {"kz-mfa/appeal.en.pdf", "kz-mfa/appeal.en.docx"} | {
        "kz-mfa/brief.en.pdf",
        "kz-mfa/brief.en.docx",
    }
    result = email_build(folder)
    assert result.exit_code == 0, result.output
    assert attachments(folder / "out") == OWED, "Russian and Kazakh kept, the English build not attached"
    again = build(folder)
    assert again.stdout.startswith("built 0 file(s), reused 18 unchanged"), again.stdout


def test_missing_and_stale_files_are_refused_one_line_each(folder: Path) -> None:
    recipients = folder / "recipients.yaml"
    recipients.write_text(recipients.read_text("utf-8").replace("Иван Петров", "Пётр Иванов"), "utf-8")
    (folder / "out" / "uk-fcdo" / "appeal.en.pdf").unlink()
    entries = manifest(folder / "out")
    entries["entries"] = [e for e in entries["entries"] if e["path"] != "uk-fcdo/appeal.en.pdf"]
    (folder / "out" / "manifest.json").write_text(json.dumps(entries), "utf-8")
    result = email_build(folder)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    stale = [line for line in lines if "built from inputs that have changed since" in line]
    assert sorted(line.split(": ")[2].split()[0] for line in stale) == sorted(
        f"kz-mfa/{name}" for name in OWED["kz-mfa"]
    )
    assert all("run `campaign build --recipient kz-mfa --document" in line for line in stale)
    (missing,) = [line for line in lines if "is owed but was not built" in line]
    assert "uk-fcdo/appeal.en.pdf" in missing and "--recipient uk-fcdo --document appeal --lang en" in missing
    assert not (folder / "out" / "outbox" / "outbox.json").exists() or "kz-mfa" not in attachments(folder / "out")


def test_folders_of_departed_recipients_are_removed_and_nothing_else(folder: Path) -> None:
    out = folder / "out"
    (out / "notes.txt").write_text("mine", "utf-8")
    (out / "eu-sede" / "my-notes.txt").write_text("mine too", "utf-8")
    recipients = folder / "recipients.yaml"
    text = recipients.read_text("utf-8")
    kept = [block for block in text.split("\n  - id: ") if not block.startswith(("ch-fdfa", "eu-sede"))]
    recipients.write_text("\n  - id: ".join(kept), "utf-8")
    result = build(folder)
    assert not (out / "ch-fdfa").exists()
    assert sorted(p.name for p in (out / "eu-sede").iterdir()) == ["my-notes.txt"]
    assert (out / "notes.txt").read_text("utf-8") == "mine"
    assert {e["recipient"] for e in manifest(out)["entries"]} == {"uk-fcdo", "kz-mfa"}
    assert f"removed {out / 'ch-fdfa'}/ (no longer in recipients.yaml)" in result.stderr


def test_out_is_in_the_campaign_folder_wherever_the_command_runs(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    shutil.rmtree(folder / "out")
    result = invoke("build", "-c", str(folder), "--recipient", "uk-fcdo")
    assert result.exit_code == 0, result.output
    assert (folder / "out" / "manifest.json").is_file()
    assert not (elsewhere / "out").exists()
    assert invoke("email", "build", "-c", str(folder)).exit_code == 1  # the others were not built: refused
    assert not (elsewhere / "out").exists()


@pytest.mark.parametrize("name", ["outbox", "postal"])
def test_email_build_does_not_write_through_a_symlinked_folder(folder: Path, tmp_path: Path, name: str) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir()
    shutil.rmtree(folder / "out" / name, ignore_errors=True)
    (folder / "out" / name).symlink_to(target, target_is_directory=True)
    result = email_build(folder)
    assert result.exit_code == 1
    assert "is a symbolic link" in result.stderr
    assert list(target.iterdir()) == []


@contextmanager
def at_most(seconds: int) -> Iterator[None]:
    """Fail instead of hanging (today's behaviour) when the block is still running after `seconds`."""

    def hung(signum: int, frame: Any) -> None:
        raise AssertionError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


HOSTILE_COVERS = {
    "endless-loop": "{% for a in range(100000) %}{% for b in range(100000) %}{{ a }}{% endfor %}{% endfor %}",
    "huge-string": '{{ "x" | center(3000000000) }}',
}


@pytest.mark.parametrize("body", HOSTILE_COVERS.values(), ids=HOSTILE_COVERS.keys())
def test_the_cover_email_runs_under_the_document_limits(folder: Path, body: str) -> None:
    cover = folder / "letters" / "cover-email.md.j2"
    cover.write_text(cover.read_text("utf-8") + body + "\n", "utf-8")
    with at_most(90), pytest.raises(InputError, match="took longer than 3 s|more than the memory limit") as caught:
        campaign.email_build(folder, folder / "out", seconds_per_document=3)
    assert "uk-fcdo (en)" in caught.value.message
    assert not (folder / "out" / "outbox").exists()


def test_validate_renders_the_cover_email(folder: Path) -> None:
    cover = folder / "letters" / "cover-email.md.j2"
    cover.write_text(cover.read_text("utf-8") + "{{ no_such_variable }}\n", "utf-8")
    result = invoke("validate", "-c", str(folder))
    assert result.exit_code == 1
    assert "letters/cover-email.md.j2" in result.stderr and "no_such_variable" in result.stderr
    assert "[render.cover-email]" in result.stderr


def test_a_symlinked_assets_folder_leading_out_of_the_campaign_is_refused(folder: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "letters" / "assets").symlink_to(outside, target_is_directory=True)
    result = invoke("validate", "-c", str(folder))
    assert result.exit_code == 1
    assert "letters/assets is, or passes through, a symbolic link" in result.stderr
    assert "[assets.outside]" in result.stderr
    assert invoke("build", "-c", str(folder), "-r", "uk-fcdo").exit_code == 1, "build refuses it too"


def test_a_symlinked_asset_file_leading_out_is_refused(folder: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\n")
    assets = folder / "letters" / "assets"
    assets.mkdir(exist_ok=True)
    os.symlink(outside, assets / "logo.png")
    result = invoke("validate", "-c", str(folder))
    assert result.exit_code == 1
    assert "letters/assets/logo.png is, or passes through, a symbolic link" in result.stderr
