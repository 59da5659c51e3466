"""The conventions every command keeps: --version, -h, one error style, plain metavars, --json."""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from campaign.cli import cli
from tests.load.validate_support import MINIMAL, copy_minimal, replace_line

runner = CliRunner()


def invoke(*args: str) -> Any:
    return runner.invoke(cli, list(args))


def command_paths() -> list[list[str]]:
    """Every command and group, as the words that name it."""
    paths: list[list[str]] = []

    def walk(command: Any, path: list[str]) -> None:
        paths.append(path)
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, [*path, name])

    walk(typer.main.get_command(cli), [])
    return paths


def test_version_is_the_installed_distribution_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout == f"campaign {importlib.metadata.version('campaign')}\n"


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p) or "campaign")
def test_h_is_help_everywhere_and_options_show_no_python_types(path: list[str]) -> None:
    result = invoke(*path, "-h")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Usage: campaign")
    options = [line for line in result.stdout.splitlines() if re.match(r"^\s+-", line)]
    assert any("-h, --help" in line for line in options)
    for line in options:
        assert not re.search(r"<[a-z][a-z0-9 \[\],|]*>", line), line


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["build", "--jobs", "x"], "campaign build -h"),
        (["no-such-command"], "campaign -h"),
        (["recipients", "import"], "campaign recipients import -h"),
        (["recipients", "import", "x.csv", "--map", "no-equals-sign"], "campaign recipients import -h"),
        (["validate", "--as-of", "yesterday"], "campaign validate -h"),
    ],
)
def test_usage_errors_have_one_style_and_exit_2(args: list[str], hint: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("campaign: error: ")
    assert lines[0].endswith(f"(see: {hint})")


DIAGNOSTIC_KEYS = {"severity", "code", "message", "file", "line", "column", "field"}


def test_validate_json_of_a_valid_campaign() -> None:
    result = invoke("validate", "--json", "-c", str(MINIMAL))
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["valid"] is True
    assert document["campaign"] == "Free Dana Example"
    assert document["recipients"] == 3
    assert document["errors"] == 0
    assert document["warnings"] == len(document["diagnostics"]) > 0
    for item in document["diagnostics"]:
        assert set(item) == DIAGNOSTIC_KEYS
        assert item["severity"] == "warning"
    strict = invoke("validate", "--json", "--strict", "-c", str(MINIMAL))
    assert strict.exit_code == 1
    assert json.loads(strict.stdout)["valid"] is False


def test_validate_json_locates_each_error(tmp_path: Path) -> None:
    folder = copy_minimal(tmp_path)
    line = replace_line(folder / "recipients.yaml", "foreign.secretary@example.org", "address: not-an-address")
    result = invoke("validate", "--json", "-c", str(folder))
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["valid"] is False
    assert document["campaign"] is None
    errors = [d for d in document["diagnostics"] if d["severity"] == "error"]
    assert document["errors"] == len(errors) == 1
    assert errors[0]["file"] == "recipients.yaml"
    assert errors[0]["line"] == line
    assert errors[0]["field"] == "recipients[0].channel.address"
    assert errors[0]["code"] == "email.invalid"


def test_i18n_status_json(tmp_path: Path) -> None:
    result = invoke("i18n", "status", "--json", "-c", str(MINIMAL))
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["complete"] is True
    assert document["source"] == "en"
    (ru,) = document["languages"]
    assert ru["lang"] == "ru" and ru["declared"] is True and ru["state"] == "complete"
    assert ru["translated"] > 0 and ru["fuzzy"] == ru["untranslated"] == 0

    folder = copy_minimal(tmp_path)
    shutil.rmtree(folder / "letters" / "locale" / "ru")
    missing = invoke("i18n", "status", "--json", "-c", str(folder))
    assert missing.exit_code == 1
    document = json.loads(missing.stdout)
    assert document["complete"] is False
    assert document["languages"][0]["state"] == "no catalog"
    assert document["languages"][0]["translated"] is None
    assert document["diagnostics"] and set(document["diagnostics"][0]) == DIAGNOSTIC_KEYS


def test_email_export_defaults_to_csv(tmp_path: Path) -> None:
    folder = copy_minimal(tmp_path)
    result = invoke("email", "export", "-c", str(folder))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        "recipient,message_id,content_sha256,attachments,started,finished,state,code,reply,note"
    )


def test_the_shell_completes_commands_and_options() -> None:
    """Bash asks the installed `campaign` program what may follow what was typed so far."""
    program = str(Path(sys.executable).with_name("campaign"))  # the entry point setup.sh installed

    def complete(words: str) -> list[str]:
        env = {**os.environ, "_CAMPAIGN_COMPLETE": "complete_bash", "COMP_WORDS": words}
        env["COMP_CWORD"] = str(len(words.split()) - (0 if words.endswith(" ") else 1))
        done = subprocess.run([program], env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    assert complete("campaign bu") == ["build"]
    assert "--recipient" in complete("campaign build --re")
    shown = CliRunner().invoke(cli, ["--show-completion", "bash"], prog_name="campaign")
    assert shown.exit_code == 0 and "_CAMPAIGN_COMPLETE=complete_bash" in shown.output
