"""`campaign preview` through the real command line: the summary, a failed document's exit status and
reason, and `--serve` answering over HTTP until Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from campaign.app.build import build
from campaign.cli import cli
from campaign.jobs.job import BuildOptions
from tests.app.test_preview import parse

runner = CliRunner()


def invoke(*args: str) -> Any:
    return runner.invoke(cli, list(args))


def test_a_failed_document_is_listed_with_the_reason_and_the_command_exits_1(
    campaign_copy: Path, tmp_path: Path
) -> None:
    template = campaign_copy / "letters" / "appeal.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\n{{ 1 // 0 }}\n", encoding="utf-8")
    reference = build(campaign_copy, BuildOptions(out=tmp_path / "reference", recipients=("uk-fs",), languages=("en",)))
    errors = {o.job.document: o.error for o in reference.failed}
    assert set(errors) == {"appeal"}
    out = tmp_path / "out"
    result = invoke("preview", "-c", str(campaign_copy), "-o", str(out), "-r", "uk-fs", "-l", "en")
    assert result.exit_code == 1, result.output
    assert f"-> {out.resolve() / 'preview' / 'index.html'}" in result.stdout
    assert "0 built, 1 skipped, 1 failed" in result.stdout
    index = parse((out / "preview" / "index.html").read_text(encoding="utf-8"))
    rows = {row.attrs["data-document"]: row for row in index.rows}
    assert rows["appeal"].attrs["data-status"] == "failed"
    assert " ".join(str(errors["appeal"]).split()) in " ".join(rows["appeal"].text.split())
    assert rows["sanctions-brief"].attrs["data-status"] == "skipped"


def test_serve_prints_its_address_answers_and_stops_on_ctrl_c(campaign_copy: Path, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "campaign", "preview", "-c", str(campaign_copy), "-o", str(tmp_path / "out")]
    command += ["-r", "uk-fs", "-l", "en", "--serve", "--port", "0"]
    server = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        # A shell without job control starts background commands with SIGINT ignored, and Python
        # keeps an ignored SIGINT ignored: a test run started so would send Ctrl-C to no one.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        assert server.stdout is not None
        lines = []
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            line = server.stdout.readline()
            lines.append(line)
            if line.startswith("serving ") or not line:
                break
        assert lines[-1].startswith("serving http://127.0.0.1:"), lines
        url = lines[-1].split()[1]
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our own server on 127.0.0.1
            page = parse(response.read().decode("utf-8"))
        assert {row.attrs["data-document"] for row in page.rows} == {"appeal", "sanctions-brief"}
        server.send_signal(signal.SIGINT)
        try:
            status = server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            status = server.wait()
        assert status == 0, server.stderr.read() if server.stderr else status
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
