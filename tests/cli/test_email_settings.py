"""`email send` reads its server from campaign.yaml's `smtp:` section, below the CAMPAIGN_SMTP_*
variables and the options; the password from CAMPAIGN_SMTP_PASSWORD, else the keyring, else a
prompt, and never from campaign.yaml. Against the loopback aiosmtpd servers of tests/mail."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import keyring.backend
import pytest
from keyring.errors import KeyringError, PasswordDeleteError

from campaign.app.email import email_send_configured
from campaign.app.smtp import KEYRING_SERVICE, ServerChoice, ServerSettingsError, smtp_password
from campaign.jobs.plan import input_hashes
from campaign.load.campaign import load_campaign
from campaign.mail.send import SendOptions
from tests.mail.mail_support import (
    HOST,
    Authenticator,
    Built,
    Mailbox,
    Server,
    SilentServer,
    TLSFiles,
    invoke,
    prepare,
    running,
)


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring in a dict, set through keyring's public API for one test."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}
        self.asked: list[tuple[str, str]] = []

    def get_password(self, service: str, username: str) -> str | None:
        self.asked.append((service, username))
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.passwords.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


class BrokenKeyring(MemoryKeyring):
    """A keyring that fails as a locked or unreachable one does."""

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    def get_password(self, service: str, username: str) -> str | None:
        self.asked.append((service, username))
        raise self.error


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    try:
        yield ring
    finally:
        keyring.set_keyring(before)


def send(built: Built, *extra: str, env: dict[str, str] | None = None) -> Any:
    args = ["email", "send", "-c", str(built.folder), "-o", str(built.out), "--timeout", "5", "--retry-after", "0"]
    return invoke(*args, "--allow-unverified", *extra, env=env)


def add_smtp(folder: Path, *lines: str) -> int:
    """Append an `smtp:` section to campaign.yaml; return the line number of its first key."""
    settings = folder / "campaign.yaml"
    text = settings.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    first = text.count("\n") + 2
    settings.write_text(text + "smtp:\n" + "".join(f"  {line}\n" for line in lines), encoding="utf-8")
    return first


def test_the_tests_never_reach_the_machines_keyring() -> None:
    assert type(keyring.get_keyring()).__module__ == "keyring.backends.null"


def test_host_and_port_come_from_campaign_yaml(built: Built, smtp: Server, mailbox: Mailbox) -> None:
    add_smtp(built.folder, f"host: {HOST}", f"port: {smtp.port}")
    result = send(built)
    assert result.exit_code == 0, result.output
    assert len(mailbox.received) == 3


def test_the_environment_beats_campaign_yaml_and_the_option_beats_both(
    built: Built, smtp: Server, mailbox: Mailbox
) -> None:
    nobody = SilentServer()  # were it used, the send would time out instead of being received
    try:
        add_smtp(built.folder, f"host: {HOST}", f"port: {nobody.port}")
        by_env = send(built, "-r", "uk-fcdo", env={"CAMPAIGN_SMTP_PORT": str(smtp.port)})
        assert by_env.exit_code == 0, by_env.output
        assert [r.rcpt_tos for r in mailbox.received] == [("fcdo.correspondence@example.org",)]
        by_option = send(built, "--smtp-port", str(smtp.port), env={"CAMPAIGN_SMTP_PORT": str(nobody.port)})
        assert by_option.exit_code == 0, by_option.output
        assert len(mailbox.received) == 3
        assert nobody.accepted == []
    finally:
        nobody.close()


def test_user_from_campaign_yaml_and_password_from_the_keyring(
    built: Built, mailbox: Mailbox, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    auth = Authenticator()
    tls = TLSFiles(built.folder)
    memory_keyring.set_password(KEYRING_SERVICE, f"me@{HOST}", "right")
    options = {"authenticator": auth, "auth_required": True, "tls_context": tls.server_context()}
    for server in running(mailbox, **options):
        add_smtp(
            built.folder,
            f"host: {HOST}",
            f"port: {server.port}",
            "user: me",
            "security: starttls",
            f"cafile: {tls.cafile.name}",  # relative to the campaign folder
        )
        result = send(built)
        assert result.exit_code == 0, result.output
    assert memory_keyring.asked == [(KEYRING_SERVICE, f"me@{HOST}")]
    assert auth.seen == [(b"me", b"right")]
    assert len(mailbox.received) == 3


def test_the_environments_password_beats_the_keyring(
    built: Built, mailbox: Mailbox, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    auth = Authenticator()
    tls = TLSFiles(tmp_path)
    memory_keyring.set_password(KEYRING_SERVICE, f"me@{HOST}", "wrong")
    options = {"authenticator": auth, "auth_required": True, "tls_context": tls.server_context()}
    for server in running(mailbox, **options):
        add_smtp(built.folder, f"host: {HOST}", f"port: {server.port}", "security: starttls")
        login = ("--cafile", str(tls.cafile), "--user", "me")
        result = send(built, *login, env={"CAMPAIGN_SMTP_PASSWORD": "right"})
        assert result.exit_code == 0, result.output
    assert memory_keyring.asked == []
    assert auth.seen == [(b"me", b"right")]


@pytest.mark.parametrize("error", [KeyringError("locked"), RuntimeError("D-Bus is not running")])
def test_a_failing_keyring_falls_back_to_the_prompt_quietly(built: Built, error: Exception) -> None:
    before = keyring.get_keyring()
    broken = BrokenKeyring(error)
    keyring.set_keyring(broken)
    try:
        asked: list[str] = []

        def ask(prompt: str) -> str:
            asked.append(prompt)
            return "typed"

        assert smtp_password("me", "mail.example.org", ask=ask, environ={}) == "typed"
        assert broken.asked == [(KEYRING_SERVICE, "me@mail.example.org")]
        assert asked == ["SMTP password for me on mail.example.org"]
        with pytest.raises(ServerSettingsError, match="keyring set campaign me@mail.example.org"):
            smtp_password("me", "mail.example.org", ask=None, environ={})
        # Through the command line, without a terminal to ask on: one usage line, no traceback.
        add_smtp(built.folder, f"host: {HOST}", "user: me")
        result = send(built)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output and "D-Bus" not in result.output
        assert f"set CAMPAIGN_SMTP_PASSWORD or store the password with `keyring set campaign me@{HOST}`" in (
            result.stderr
        )
    finally:
        keyring.set_keyring(before)


def test_a_dry_run_asks_for_no_password(built: Built, smtp: Server, mailbox: Mailbox) -> None:
    add_smtp(built.folder, f"host: {HOST}", f"port: {smtp.port}", "user: me")

    def ask(prompt: str) -> str:
        raise AssertionError(f"a dry run asked for the password: {prompt}")

    dry = email_send_configured(
        built.folder, built.out, ServerChoice(), SendOptions(dry_run=True, allow_unverified=True), ask_password=ask
    )
    assert len(dry.would_send) == 3
    assert mailbox.received == []


def test_plain_text_to_another_machine_only_with_insecure_plain(built: Built) -> None:
    add_smtp(built.folder, "host: mail.example.org")
    refused = send(built, "--dry-run")
    assert refused.exit_code == 2
    assert "mail.example.org is not this machine" in refused.stderr and "smtp.host in campaign.yaml" in refused.stderr
    (built.folder / "campaign.yaml").write_text(
        (built.folder / "campaign.yaml").read_text(encoding="utf-8") + "  security: insecure-plain\n", encoding="utf-8"
    )
    allowed = send(built, "--dry-run")
    assert allowed.exit_code == 0, allowed.output
    # insecure-plain never carries a password to another machine.
    with_user = send(built, "--dry-run", "--user", "me")
    assert with_user.exit_code == 2
    assert "refusing to send a password in clear text" in with_user.stderr


def test_smtp_settings_change_no_document(tmp_path: Path) -> None:
    built = prepare(tmp_path)
    before = input_hashes(load_campaign(built.folder))
    add_smtp(built.folder, "host: smtp.example.org", "port: 587", "user: appeals@example.org", "security: starttls")
    after = load_campaign(built.folder)
    assert after.campaign.settings.smtp.host == "smtp.example.org"
    assert input_hashes(after) == before


def test_validate_reports_each_smtp_mistake_at_its_line(built: Built) -> None:
    first = add_smtp(
        built.folder,
        "hots: smtp.example.org",
        "port: 70000",
        "security: tls",
        "password: hunter2",
        "rate: fast",
    )
    result = invoke("validate", "-c", str(built.folder))
    assert result.exit_code == 1
    assert "hunter2" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("campaign.yaml:")]
    by_line = {int(line.split(":")[1]): line for line in lines}
    assert sorted(by_line) == [first, first + 1, first + 2, first + 3, first + 4], result.stderr
    assert "smtp.hots: unknown key 'hots'; did you mean 'host'?" in by_line[first]
    assert "smtp.port: 70000 is not a port" in by_line[first + 1]
    assert "smtp.security: Input should be 'starttls', 'ssl' or 'insecure-plain'" in by_line[first + 2]
    assert "smtp.password: a password is never read from campaign.yaml" in by_line[first + 3]
    assert "CAMPAIGN_SMTP_PASSWORD" in by_line[first + 3] and "keyring set campaign" in by_line[first + 3]
    assert by_line[first + 3].endswith("[smtp.password]")
    assert "smtp.rate: write the rate as N/min" in by_line[first + 4]
