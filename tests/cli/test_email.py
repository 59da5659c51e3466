"""`campaign email build|send|status|export` through the real command line and a real SMTP server."""

from __future__ import annotations

import csv
import email.policy
import io
import json
from email.parser import BytesParser
from pathlib import Path

import pytest
import yaml

import campaign.app.email
from tests.mail.mail_support import (
    HOST,
    SUBJECTS,
    Authenticator,
    Built,
    Mailbox,
    Server,
    SilentServer,
    TLSFiles,
    cover_for,
    invoke,
    prepare,
    running,
)


def send_args(built: Built, server: Server, *extra: str) -> list[str]:
    base = ["email", "send", "-c", str(built.folder), "-o", str(built.out), "--smtp-host", HOST]
    return [*base, "--smtp-port", str(server.port), "--timeout", "5", "--retry-after", "0", *extra]


def test_email_build_writes_outbox_and_postal_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built = prepare(tmp_path, outbox=False)
    monkeypatch.setattr(campaign.app.email, "cover_email", lambda renderer, r, lang: cover_for(r, lang))
    result = invoke("email", "build", "-c", str(built.folder), "-o", str(built.out))
    assert result.exit_code == 0, result.output
    assert f"outbox: 3 message(s) -> {built.out / 'outbox' / 'outbox.mbox'}" in result.stdout
    assert f"postal: 1 letter(s) -> {built.out / 'postal' / 'postal.csv'}" in result.stdout
    assert sorted(p.name for p in (built.out / "outbox").iterdir()) == [
        "eu-sede.eml",
        "kz-mfa.eml",
        "outbox.json",
        "outbox.mbox",
        "uk-fcdo.eml",
    ]
    assert (built.out / "postal" / "ch-fdfa.pdf").is_file()


def test_send_then_send_again(built: Built, smtp: Server, mailbox: Mailbox) -> None:
    first = invoke(*send_args(built, smtp, "--allow-unverified"))
    assert first.exit_code == 0, first.output
    assert first.stdout.strip().splitlines()[-1] == "3 sent, 0 deferred, 0 failed, 0 unknown, 0 skipped"
    second = invoke(*send_args(built, smtp, "--allow-unverified"))
    assert second.exit_code == 0, second.output
    assert second.stdout.strip().splitlines()[-1] == "0 sent, 0 deferred, 0 failed, 0 unknown, 3 skipped"
    assert len(mailbox.received) == 3


def test_the_server_can_be_given_in_the_environment(built: Built, smtp: Server, mailbox: Mailbox) -> None:
    """CAMPAIGN_SMTP_HOST and CAMPAIGN_SMTP_PORT stand for --smtp-host and --smtp-port, so a campaigner
    sets them once (with CAMPAIGN_SMTP_USER, CAMPAIGN_SMTP_STARTTLS and the password's variable)."""
    args = ["email", "send", "-c", str(built.folder), "-o", str(built.out), "--timeout", "5", "--retry-after", "0"]
    env = {"CAMPAIGN_SMTP_HOST": HOST, "CAMPAIGN_SMTP_PORT": str(smtp.port)}
    sent = invoke(*args, "--allow-unverified", env=env)
    assert sent.exit_code == 0, sent.output
    assert len(mailbox.received) == 3


def test_refusals_and_failures_exit_1(built: Built, smtp: Server, mailbox: Mailbox) -> None:
    mailbox.data_replies["fcdo.correspondence@example.org"] = ["554 5.6.0 Rejected"]
    result = invoke(*send_args(built, smtp))
    assert result.exit_code == 1
    assert "uk-fcdo: failed: 554 5.6.0 Rejected" in result.stderr
    assert "eu-sede: skipped: contact is secondary" in result.stderr
    assert result.stdout.strip().splitlines()[-1] == "1 sent, 0 deferred, 1 failed, 0 unknown, 1 skipped, 1 refused"


def test_starttls_not_offered_exits_1_and_sends_nothing(built: Built, smtp: Server, mailbox: Mailbox) -> None:
    result = invoke(*send_args(built, smtp, "--starttls", "--allow-unverified"))
    assert result.exit_code == 1
    assert "does not offer STARTTLS" in result.stderr
    assert mailbox.received == []


def test_dry_run_needs_no_server(built: Built) -> None:
    result = invoke("email", "send", "-c", str(built.folder), "-o", str(built.out), "--dry-run")
    assert result.exit_code == 1, "eu-sede is refused (unverified)"
    assert result.stdout.strip().splitlines()[-1].endswith("1 refused, 2 would send")


def test_dry_run_says_what_it_would_send_to_whom_and_connects_nowhere(built: Built) -> None:
    server = SilentServer()  # a connection would hang on its silence until the timeout
    try:
        args = ["email", "send", "-c", str(built.folder), "-o", str(built.out), "--dry-run", "--allow-unverified"]
        result = invoke(*args, "--smtp-host", HOST, "--smtp-port", str(server.port), "--timeout", "1")
        assert server.accepted == []
    finally:
        server.close()
    assert result.exit_code == 0, result.output
    *lines, summary = result.stdout.strip().splitlines()
    assert summary.endswith("3 would send")
    recipients = yaml.safe_load((built.folder / "recipients.yaml").read_text(encoding="utf-8"))["recipients"]
    emailed = [r for r in recipients if r["channel"]["kind"] == "email"]
    assert len(lines) == len(emailed) == 3
    for line, recipient in zip(lines, emailed, strict=True):  # in the order of recipients.yaml
        message = BytesParser(policy=email.policy.default).parsebytes(
            (built.out / "outbox" / f"{recipient['id']}.eml").read_bytes()
        )
        to = ", ".join(a.addr_spec for a in message["To"].addresses)
        attached = ", ".join(part.get_filename() for part in message.iter_attachments())
        assert attached.count(".pdf") >= 1
        assert line == f'would send {recipient["id"]}: to {to}; subject "{message["Subject"]}"; attached {attached}'
        assert message["Subject"] == SUBJECTS[recipient["languages"][0]]
    assert f"to {emailed[0]['channel']['address']};" in next(line for line in lines if "uk-fcdo" in line)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--starttls", "--ssl"], "choose --starttls or --ssl"),
        (["--rate", "fast"], "N/min"),
    ],
)
def test_usage_errors_exit_2(built: Built, smtp: Server, args: list[str], message: str) -> None:
    result = invoke(*send_args(built, smtp, *args))
    assert result.exit_code == 2
    assert message in result.output


def test_no_password_in_clear_text_to_a_remote_server(built: Built) -> None:
    args = ["email", "send", "-c", str(built.folder), "-o", str(built.out), "--smtp-host", "mail.example.org"]
    result = invoke(*args, "--user", "me", env={"CAMPAIGN_SMTP_PASSWORD": "secret"})
    assert result.exit_code == 2
    assert "refusing to send a password in clear text" in result.output


def test_password_comes_from_the_environment(built: Built, mailbox: Mailbox, tmp_path: Path) -> None:
    auth = Authenticator()
    tls = TLSFiles(tmp_path)
    options = {"authenticator": auth, "auth_required": True, "tls_context": tls.server_context()}
    for server in running(mailbox, **options):
        login = ("--starttls", "--cafile", str(tls.cafile), "--user", "me")
        wrong = invoke(*send_args(built, server, *login), env={"CAMPAIGN_SMTP_PASSWORD": "wrong"})
        assert wrong.exit_code == 1
        assert "535" in wrong.stderr
        assert mailbox.received == []
        right = invoke(*send_args(built, server, *login, "--allow-unverified"), env={"CAMPAIGN_SMTP_PASSWORD": "right"})
        assert right.exit_code == 0, right.output
    assert auth.seen[-1] == (b"me", b"right")
    assert len(mailbox.received) == 3


def test_status_and_export_show_the_audit_trail(built: Built, smtp: Server, mailbox: Mailbox) -> None:
    mailbox.data_replies["fcdo.correspondence@example.org"] = ["451 4.3.0 Try later"]
    assert invoke(*send_args(built, smtp, "--allow-unverified")).exit_code == 0
    status = invoke("email", "status", "-c", str(built.folder), "--json")
    assert status.exit_code == 0
    rows = json.loads(status.stdout)
    assert [(r["recipient"], r["state"], r["code"]) for r in rows] == [
        ("eu-sede", "sent", 250),
        ("kz-mfa", "sent", 250),
        ("uk-fcdo", "sent", 250),
    ]
    table = invoke("email", "status", "-c", str(built.folder))
    assert table.stdout.splitlines()[0].split()[:2] == ["eu-sede", "sent"]
    export = invoke("email", "export", "-c", str(built.folder), "--csv")
    assert export.exit_code == 0
    attempts = list(csv.DictReader(io.StringIO(export.stdout)))
    uk = [(a["state"], a["code"], a["reply"]) for a in attempts if a["recipient"] == "uk-fcdo"]
    assert uk == [("deferred", "451", "4.3.0 Try later"), ("sent", "250", "2.0.0 OK: queued")]
    kz = next(a for a in attempts if a["recipient"] == "kz-mfa")
    pdf = next(e for e in built.entries("kz-mfa") if e["document"] == "appeal" and e["language"] == "ru")
    assert f"appeal.ru.pdf sha256:{pdf['sha256']}" in kz["attachments"]


def test_status_before_any_send(built: Built) -> None:
    result = invoke("email", "status", "-c", str(built.folder))
    assert result.stdout.strip() == "nothing has been sent for this campaign yet"
    assert not (built.folder / ".campaign-ledger.sqlite").exists()
