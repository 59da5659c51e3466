"""`campaign init DIR` through the real command line: the new campaign validates and builds, and
nothing is ever written over existing work."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import docx
import pypdf
import pytest
import yaml
from typer.testing import CliRunner

from campaign.cli import cli
from campaign.load.campaign import load_campaign
from campaign.model.campaign import SmtpSecurity
from campaign.model.case import Custody, RequestKind, Stage, Violation
from campaign.model.common import INTERGOVERNMENTAL
from campaign.model.recipients import Gender, VerificationStatus

runner = CliRunner()

YAML_FILES = ("campaign.yaml", "cases/example.yaml", "recipients.yaml")
_TOP_LEVEL_KEY = re.compile(r"^([a-z_]+):")


def invoke(*args: str) -> Any:
    return runner.invoke(cli, list(args))


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every path under `folder` (hidden ones too) with its content, None for folders."""
    return {str(p.relative_to(folder)): (None if p.is_dir() else p.read_bytes()) for p in sorted(folder.rglob("*"))}


def comment_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#")]


def test_init_then_validate_exits_0(tmp_path: Path) -> None:
    target = tmp_path / "new" / "campaign"
    created = invoke("init", str(target))
    assert created.exit_code == 0, created.output
    for name in (*YAML_FILES, "letters/README.md", "letters/appeal.md.j2"):
        assert (target / name).is_file(), name
        assert f"  {name}" in created.stdout.splitlines()
    validated = invoke("validate", "--campaign", str(target))
    assert validated.exit_code == 0, validated.output
    assert "valid (2 recipients, case example)" in validated.stdout
    assert sorted(p.name for p in target.parent.iterdir()) == ["campaign"]  # no staging folder left


def test_init_into_an_existing_empty_folder(tmp_path: Path) -> None:
    target = tmp_path / "empty"
    target.mkdir()
    inode = target.stat().st_ino
    created = invoke("init", str(target))
    assert created.exit_code == 0, created.output
    assert target.stat().st_ino == inode  # filled in place, not replaced (a shell may be inside it)
    assert sorted(p.name for p in target.iterdir()) == ["campaign.yaml", "cases", "letters", "recipients.yaml"]
    assert invoke("validate", "-c", str(target)).exit_code == 0


def test_init_into_a_non_empty_folder_fails_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "busy"
    target.mkdir()
    (target / ".git").mkdir()
    (target / "notes.txt").write_text("my own notes\n", "utf-8")
    before = tree(tmp_path)
    result = invoke("init", str(target))
    assert result.exit_code == 1
    assert tree(tmp_path) == before
    assert result.stderr.splitlines()[0] == (
        f"{target}: folder is not empty (it holds .git, notes.txt); give a new or empty folder, "
        "nothing was written [init.not-empty]"
    )
    assert "Traceback" not in result.output


def test_init_onto_a_file_fails(tmp_path: Path) -> None:
    target = tmp_path / "campaign.yaml"
    target.write_text("name: mine\n", "utf-8")
    result = invoke("init", str(target))
    assert result.exit_code == 1
    assert target.read_text("utf-8") == "name: mine\n"
    assert f"{target}: exists and is not a folder" in result.stderr


def test_a_failure_while_writing_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    written: list[Path] = []
    real_write = Path.write_bytes

    def write_then_fail(self: Path, data: bytes) -> int:
        if len(written) == 3:
            raise OSError(28, "No space left on device")
        written.append(self)
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_then_fail)
    result = invoke("init", str(tmp_path / "new"))
    assert result.exit_code == 1
    assert "cannot create the campaign here (No space left on device); nothing was written" in result.stderr
    assert len(written) == 3
    assert list(tmp_path.iterdir()) == []


def test_a_failed_move_into_an_empty_folder_is_undone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "empty"
    target.mkdir()
    real_rename = os.rename
    moves: list[str] = []

    def rename_twice_then_fail(source: Any, destination: Any) -> None:
        if len(moves) == 2:
            raise OSError(5, "Input/output error")
        moves.append(str(destination))
        real_rename(source, destination)

    monkeypatch.setattr(os, "rename", rename_twice_then_fail)
    result = invoke("init", str(target))
    assert result.exit_code == 1
    assert len(moves) == 2
    assert list(target.iterdir()) == []


@pytest.mark.parametrize("name", YAML_FILES)
def test_every_top_level_key_has_a_comment_above_it(tmp_path: Path, name: str) -> None:
    assert invoke("init", str(tmp_path / "c")).exit_code == 0
    lines = (tmp_path / "c" / name).read_text("utf-8").splitlines()
    keys = 0
    for number, line in enumerate(lines):
        if _TOP_LEVEL_KEY.match(line):
            keys += 1
            above = [previous for previous in lines[:number] if previous.strip()]
            assert above and above[-1].lstrip().startswith("#"), f"{name}:{number + 1}: '{line}' has no comment"
    assert keys >= 1
    assert len(comment_lines("\n".join(lines))) >= 10


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("cases/example.yaml", [c.value for c in Custody]),
        ("cases/example.yaml", [s.value for s in Stage]),
        ("cases/example.yaml", [v.value for v in Violation]),
        ("cases/example.yaml", [r.value for r in RequestKind]),
        ("recipients.yaml", sorted(INTERGOVERNMENTAL)),
        ("recipients.yaml", [s.value for s in VerificationStatus]),
        ("recipients.yaml", [g.value for g in Gender]),
        ("recipients.yaml", ["email", "postal", "web-form"]),
    ],
)
def test_comments_list_the_allowed_values(tmp_path: Path, name: str, values: list[str]) -> None:
    assert invoke("init", str(tmp_path / "c")).exit_code == 0
    comments = " ".join(comment_lines((tmp_path / "c" / name).read_text("utf-8")))
    words = set(re.findall(r"[A-Za-z][A-Za-z-]*", comments))
    assert [v for v in values if v not in words] == []


def test_the_example_is_fictional_and_its_recipients_unverified(tmp_path: Path) -> None:
    assert invoke("init", str(tmp_path / "c")).exit_code == 0
    recipients = yaml.safe_load((tmp_path / "c" / "recipients.yaml").read_text("utf-8"))["recipients"]
    assert sorted(r["channel"]["kind"] for r in recipients) == ["email", "postal"]
    for recipient in recipients:
        assert recipient["verification"]["status"] == "unverified"
        assert recipient["verification"]["note"]
    case_text = (tmp_path / "c" / "cases" / "example.yaml").read_text("utf-8")
    assert "FICTIONAL" in case_text
    assert "src:" in " ".join(comment_lines(case_text))


def test_the_new_campaign_builds(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    out = tmp_path / "out"
    assert invoke("init", str(folder)).exit_code == 0
    built = invoke("build", "-c", str(folder), "-o", str(out), "--jobs", "1")
    assert built.exit_code == 0, built.output
    case = yaml.safe_load((folder / "cases" / "example.yaml").read_text("utf-8"))
    facts = [case["defendants"][0]["name"]["latin"], case["proceedings"][0]["court"]["en"], case["sources"][0]["url"]]
    for recipient in ("example-ministry", "example-embassy"):
        pdf = pypdf.PdfReader(out / recipient / "appeal.en.pdf")
        read_back = {
            "pdf": " ".join(page.extract_text() for page in pdf.pages),
            "docx": docx_text(out / recipient / "appeal.en.docx"),
        }
        for fmt, text in read_back.items():
            for fact in facts:  # compared without spaces: PDF lines may wrap inside a URL
                assert "".join(fact.split()) in "".join(text.split()), (recipient, fmt, fact)


def docx_text(path: Path) -> str:
    """Body paragraphs and footnotes (where the source URLs are), read back with python-docx."""
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/footnotes"):
            parts.append(re.sub(r"<[^>]+>", " ", rel.target_part.blob.decode("utf-8")))
    return " ".join(parts)


def test_init_help_says_what_it_makes_and_what_it_refuses() -> None:
    result = invoke("init", "--help")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    for expected in ("DIR", "campaign.yaml", "recipients.yaml", "cases/example.yaml", "not empty", "validate"):
        assert expected in text, expected
    assert "init" in invoke("--help").stdout


def test_init_without_dir_is_a_usage_error() -> None:
    assert invoke("init").exit_code == 2


def test_the_commented_smtp_example_is_valid_once_uncommented(tmp_path: Path) -> None:
    target = tmp_path / "new"
    assert invoke("init", str(target)).exit_code == 0
    settings = target / "campaign.yaml"
    lines = settings.read_text(encoding="utf-8").splitlines()
    start = lines.index("# smtp:")
    example = [line.removeprefix("# ") for line in lines[start:] if line.startswith("# ") and ":" in line]
    assert example[0] == "smtp:" and "  security: starttls" in example
    settings.write_text("\n".join(lines[:start] + example) + "\n", encoding="utf-8")
    validated = invoke("validate", "-c", str(target))
    assert validated.exit_code == 0, validated.output
    smtp = load_campaign(target).campaign.settings.smtp
    assert (smtp.host, smtp.port, smtp.user, smtp.security) == (
        "smtp.example.org",
        587,
        "appeals@example.org",
        SmtpSecurity.STARTTLS,
    )
