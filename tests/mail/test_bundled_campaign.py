"""The bundled campaign from build to inbox: real letters, the real cover-email template, a real
SMTP server on 127.0.0.1, and every message read back and checked against the build manifest."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from campaign.cli import cli
from campaign.load.campaign import load_campaign
from tests.campaign_support import copy_campaign
from tests.mail.mail_support import HOST, Mailbox, Server, running

EMAILED = ("uk-fs", "us-csce", "un-wgad", "un-sp-urgent")
"""Email recipients with something to send (uk-fcdo-sanctions gets only a brief the UK regime does not support)."""
runner = CliRunner()


@pytest.fixture(scope="module")
def campaign(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The bundled campaign, built (PDF) for every recipient, with its outbox."""
    folder = copy_campaign(tmp_path_factory.mktemp("bundled") / "campaign")
    out = folder / "out"
    built = runner.invoke(cli, ["build", "-c", str(folder), "--out", str(out), "--format", "pdf"])
    assert built.exit_code == 0, built.output
    outbox = runner.invoke(cli, ["email", "build", "-c", str(folder), "-o", str(out)])
    assert outbox.exit_code == 0, outbox.output
    assert "nothing to send: uk-fcdo-sanctions" in outbox.stdout
    return folder, out


@pytest.fixture
def smtp() -> Iterator[Server]:
    yield from running(Mailbox())


def send(folder: Path, out: Path, server: Server, *extra: str) -> str:
    args = ["email", "send", "-c", str(folder), "-o", str(out), "--smtp-host", HOST, "--smtp-port", str(server.port)]
    result = runner.invoke(cli, [*args, "--timeout", "5", "--retry-after", "0", *extra])
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def test_every_emailed_recipient_gets_its_letters_intact(campaign: tuple[Path, Path], smtp: Server) -> None:
    folder, out = campaign
    loaded = load_campaign(folder)
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    summary = send(folder, out, smtp, "--allow-unverified")
    assert summary.strip().splitlines()[-1].startswith(f"{len(EMAILED)} sent, 0 deferred, 0 failed")

    person = loaded.campaign.case.lead_defendant.name
    for recipient in loaded.campaign.recipients:
        if recipient.id not in EMAILED:
            continue
        assert recipient.channel.kind == "email"
        [received] = smtp.mailbox.to(recipient.channel.address)
        message = received.parsed()
        assert str(message["From"]).endswith(f"<{loaded.campaign.settings.organisation.email}>")
        lang = recipient.languages[0]
        assert person.in_language(lang) in str(message["Subject"])
        body = message.get_body(preferencelist=("plain",))
        assert body is not None and person.in_language(lang) in body.get_content()
        expected = {e["sha256"] for e in manifest["entries"] if e["recipient"] == recipient.id and e["format"] == "pdf"}
        attached = {
            hashlib.sha256(part.get_content()).hexdigest()
            for part in message.iter_attachments()
            if part.get_content_type() == "application/pdf"
        }
        assert attached == expected and expected


def test_a_second_send_delivers_nothing(campaign: tuple[Path, Path], smtp: Server) -> None:
    folder, out = campaign
    send(folder, out, smtp, "--allow-unverified")
    before = len(smtp.mailbox.received)
    again = send(folder, out, smtp, "--allow-unverified")
    assert len(smtp.mailbox.received) == before
    assert again.strip().splitlines()[-1].startswith("0 sent")


def test_unverified_contacts_are_refused_without_the_override(campaign: tuple[Path, Path], smtp: Server) -> None:
    folder, out = campaign
    args = ["email", "send", "-c", str(folder), "-o", str(out), "--smtp-host", HOST, "--smtp-port", str(smtp.port)]
    result = runner.invoke(cli, [*args, "--timeout", "5", "--only", "us-csce"])
    assert result.exit_code == 1
    assert smtp.mailbox.received == []
