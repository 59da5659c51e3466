"""Issue 16 through `campaign email send|status|export`: a changed recipients list, --retry-failed,
SIGINT/SIGTERM, a ledger read while a send holds it, --insecure, and user errors without tracebacks.
"""

from __future__ import annotations

import csv
import getpass
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from campaign.cli import cli
from tests.mail.mail_support import HOST, Built, Dialogue, Mailbox, RawServer, Server, prepare, running

runner = CliRunner()


def invoke(*args: str) -> Any:
    return runner.invoke(cli, list(args))


@pytest.fixture
def built(tmp_path: Path) -> Built:
    return prepare(tmp_path)


@pytest.fixture
def mailbox() -> Mailbox:
    return Mailbox()


@pytest.fixture
def smtp(mailbox: Mailbox) -> Iterator[Server]:
    yield from running(mailbox)


def send_args(built: Built, port: int, *extra: str) -> list[str]:
    base = ["email", "send", "-c", str(built.folder), "-o", str(built.out), "--smtp-host", HOST]
    return [*base, "--smtp-port", str(port), "--timeout", "5", "--retry-after", "0", "--allow-unverified", *extra]


# --- recipients.yaml changed after email build -----------------------------------------------------

NEW_RECIPIENT = """  - id: fr-meae
    jurisdiction: EU
    institution: Ministère de l'Europe
    office: Ministre
    languages: [en]
    locale: en_GB
    channel:
      kind: email
      address: ministre@example.fr
    group: ministers
    verification:
      status: verified
"""

EDITS = {
    "added": lambda text: text + NEW_RECIPIENT,
    "renamed": lambda text: text.replace("name: Jane Doe", "name: Joan Doe"),
    "languages-reordered": lambda text: text.replace("languages: [ru, kk]", "languages: [kk, ru]"),
}


@pytest.mark.parametrize("edit", EDITS, ids=EDITS)
def test_send_refuses_when_recipients_changed_after_email_build(
    built: Built, smtp: Server, mailbox: Mailbox, edit: str
) -> None:
    recipients = built.folder / "recipients.yaml"
    recipients.write_text(EDITS[edit](recipients.read_text("utf-8")), "utf-8")
    result = invoke(*send_args(built, smtp.port))
    assert result.exit_code == 1
    expected = {"added": "added: fr-meae", "renamed": "changed: uk-fcdo", "languages-reordered": "changed: kz-mfa"}
    assert f"recipients.yaml changed after `campaign email build` ({expected[edit]})" in result.stderr
    assert mailbox.received == []


# --- --retry-failed ---------------------------------------------------------------------------------


def test_failed_has_a_recorded_way_back(built: Built, smtp: Server, mailbox: Mailbox) -> None:
    mailbox.data_replies["fcdo.correspondence@example.org"] = ["554 5.6.0 Content rejected"]
    assert invoke(*send_args(built, smtp.port)).exit_code == 1
    again = invoke(*send_args(built, smtp.port))
    assert "uk-fcdo: failed: refused permanently earlier" in again.stderr and "--retry-failed" in again.stderr
    retried = invoke(*send_args(built, smtp.port, "--retry-failed", "--recipient", "uk-fcdo"))
    assert retried.exit_code == 0, retried.output
    assert len(mailbox.to("fcdo.correspondence@example.org")) == 1
    export = invoke("email", "export", "-c", str(built.folder), "--csv")
    rows = [r for r in csv.DictReader(io.StringIO(export.stdout)) if r["recipient"] == "uk-fcdo"]
    assert [(r["state"], r["code"]) for r in rows] == [("failed", "554"), ("sent", "250")]
    note = rows[1]["note"]
    assert f"requested by {getpass.getuser()} (--retry-failed)" in note
    assert "it had failed with: 554 5.6.0 Content rejected" in note
    assert rows[1]["started"], "when"


# --- SIGINT and SIGTERM -----------------------------------------------------------------------------


def campaign_process(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "campaign", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "CI": "1"},
    )


def ledger(built: Built) -> dict[str, str]:
    with sqlite3.connect(built.folder / ".campaign-ledger.sqlite") as db:
        return dict(db.execute("SELECT recipient, state FROM messages"))


def held_reply(seconds: float) -> Dialogue:
    """Takes each whole message, then waits `seconds` before its 250 (at most 20 s)."""

    def on_data(connection: Any, reader: Any, number: int) -> bool:
        connection.sendall(b"354 go ahead\r\n")
        dialogue.read_message(reader)
        for _ in range(int(seconds * 10)):
            if connection.fileno() < 0:
                return False
            time.sleep(0.1)
        connection.sendall(b"250 2.0.0 queued\r\n")
        return True

    dialogue = Dialogue(on_data)
    return dialogue


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)], ids=["TERM", "INT"])
def test_a_signal_finishes_the_current_message_then_stops(built: Built, signum: int, code: int) -> None:
    dialogue = held_reply(2.0)
    server = RawServer(dialogue)
    try:
        process = campaign_process(*send_args(built, server.port)[:], "--final-timeout", "30")
        assert dialogue.final_dot.wait(30), "the first message never arrived"
        process.send_signal(signum)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        server.close()
    assert process.returncode == code, stderr
    states = ledger(built)
    assert sorted(states.values()) == ["queued", "queued", "sent"], "the current message was finished and recorded"
    assert f"stopped by {signal.Signals(signum).name}" in stderr
    assert stdout.strip().splitlines()[-1].startswith("1 sent, 0 deferred, 0 failed, 0 unknown")
    assert len(dialogue.messages) == 1


def test_a_second_signal_cuts_the_message_short_and_names_the_unknown_ones(built: Built) -> None:
    dialogue = held_reply(20.0)
    server = RawServer(dialogue)
    try:
        process = campaign_process(*send_args(built, server.port)[:], "--final-timeout", "60")
        assert dialogue.final_dot.wait(30), "the first message never arrived"
        process.send_signal(signal.SIGINT)
        time.sleep(0.5)
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        server.close()
    assert process.returncode == 130, stderr
    states = ledger(built)
    unknown = [recipient for recipient, state in states.items() if state == "unknown"]
    assert len(unknown) == 1 and sorted(states.values()).count("queued") == 2
    assert f"delivery unknown (the server may have them; ask before --resend-unknown): {unknown[0]}" in stderr


# --- the ledger read-only -----------------------------------------------------------------------------


def test_status_and_export_read_while_a_send_holds_the_ledger(built: Built, smtp: Server) -> None:
    assert invoke(*send_args(built, smtp.port)).exit_code == 0
    path = built.folder / ".campaign-ledger.sqlite"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # what a send does around each commit
    try:
        status = invoke("email", "status", "-c", str(built.folder), "--json")
        export = invoke("email", "export", "-c", str(built.folder), "--csv")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert status.exit_code == 0, status.output
    assert sorted(r["state"] for r in json.loads(status.stdout)) == ["sent", "sent", "sent"]
    assert export.exit_code == 0 and len(export.stdout.strip().splitlines()) == 4


def test_a_locked_ledger_is_a_clear_error(built: Built, smtp: Server) -> None:
    assert invoke(*send_args(built, smtp.port)).exit_code == 0
    path = built.folder / ".campaign-ledger.sqlite"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE messages SET updated = updated")
    try:
        status = invoke("email", "status", "-c", str(built.folder))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert status.exit_code == 1
    (line,) = status.stderr.strip().splitlines()
    assert line.startswith("campaign: error: ") and "is locked by another program" in line


# --- plain text and TLS -----------------------------------------------------------------------------


def test_plain_text_to_another_machine_needs_insecure(built: Built) -> None:
    args = ["email", "send", "-c", str(built.folder), "-o", str(built.out), "--dry-run", "--allow-unverified"]
    refused = invoke(*args, "--smtp-host", "mail.example.org")
    assert refused.exit_code == 2
    assert "add --starttls or --ssl, or --insecure" in refused.output
    allowed = invoke(*args, "--smtp-host", "mail.example.org", "--insecure")
    assert allowed.exit_code == 0, allowed.output
    assert invoke(*args, "--smtp-host", "localhost").exit_code == 0, "loopback needs no TLS"


def test_ssl_to_a_plain_port_is_a_configuration_error(built: Built, smtp: Server) -> None:
    result = invoke(*send_args(built, smtp.port, "--ssl"))
    assert result.exit_code == 1
    assert "does not speak TLS" in result.stderr and "Use --starttls" in result.stderr
    assert set(ledger(built).values()) == {"queued"}


# --- user errors: one line, no traceback --------------------------------------------------------------


def no_crash(result: Any) -> None:
    assert result.exit_code in (1, 2), result.output
    assert "internal error" not in result.output and "Traceback" not in result.output


def test_user_errors_are_one_line_and_no_crash_log(built: Built, tmp_path: Path) -> None:
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("not a folder", "utf-8")
    crash_logs = set(Path("/tmp").glob("campaign-crash-*.log"))

    as_of = invoke("build", "-c", str(built.folder), "--as-of", "2024-02-30")
    no_crash(as_of)
    out = invoke("build", "-c", str(built.folder), "-o", str(in_the_way / "out"), "-r", "uk-fcdo")
    no_crash(out)
    assert "cannot create the output folder" in out.stderr and len(out.stderr.strip().splitlines()) == 1
    init = invoke("init", str(in_the_way / "new-campaign"))
    no_crash(init)
    assert "cannot create the campaign folder" in init.stderr and len(init.stderr.strip().splitlines()) == 1
    port = invoke(*send_args(built, 99999))
    no_crash(port)
    assert "--smtp-port" in port.output and "65535" in port.output
    (built.folder / ".campaign-ledger.sqlite").write_bytes(b"this is not a database" * 100)
    for args in (["status"], ["export", "--csv"]):
        ledger_error = invoke("email", *args, "-c", str(built.folder))
        no_crash(ledger_error)
        (line,) = ledger_error.stderr.strip().splitlines()
        assert "is not a send ledger" in line
    assert set(Path("/tmp").glob("campaign-crash-*.log")) == crash_logs
