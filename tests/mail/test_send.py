"""Sending the outbox through real SMTP servers: exactly once, deferred, failed, unknown, TLS, rate, crash."""

from __future__ import annotations

import email.utils
import hashlib
import signal
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from campaign.app.email import owed_inputs
from campaign.errors import InputError, InputMissingError
from campaign.mail.ledger import Ledger, LedgerError
from campaign.mail.outbox import build_outbox, load_outbox
from campaign.mail.ratelimit import RateLimiter
from campaign.mail.send import SendOptions, SendResult, send_outbox
from campaign.mail.transports.smtp import Security, SmtpTransport
from tests.mail.mail_support import (
    HOST,
    SUBJECTS,
    Built,
    Cover,
    FakeClock,
    Mailbox,
    RawServer,
    Server,
    SilentServer,
    TLSFiles,
    cover_for,
    max_in_any_window,
    prepare,
    running,
)

EMAILED = {"uk-fcdo": "fcdo.correspondence@example.org", "kz-mfa": "minister@xn--e1afmkfd.xn--80ao21a"}
EMAILED["eu-sede"] = "sede@example.eu"


def send(
    built: Built,
    port: int,
    *,
    security: Security = Security.NONE,
    cafile: Path | None = None,
    timeout: float = 5.0,
    limiter: RateLimiter | None = None,
    **options: Any,
) -> SendResult:
    options.setdefault("allow_unverified", True)
    options.setdefault("retry_delays", ())
    transport = SmtpTransport(HOST, port, security, cafile=cafile, timeout=timeout)
    return send_outbox(
        built.load(), built.out, transport, SendOptions(**options), limiter=limiter, sleep=lambda seconds: None
    )


def states(result: SendResult) -> dict[str, str]:
    return {r.recipient: r.state.value for r in result.reports}


def ledger_states(built: Built) -> dict[str, list[str]]:
    with Ledger.for_campaign(built.folder) as ledger:
        found: dict[str, list[str]] = {}
        for row in ledger.messages():
            found.setdefault(row.recipient, []).append(row.state.value)
        return found


def attempts(built: Built, recipient: str) -> list[tuple[str, int | None]]:
    with Ledger.for_campaign(built.folder) as ledger:
        return [(a.state.value, a.code) for a in ledger.attempts() if a.recipient == recipient]


def test_every_message_arrives_with_its_attachments_and_headers(built: Built, smtp: Server, mailbox: Mailbox) -> None:
    result = send(built, smtp.port)
    assert states(result) == dict.fromkeys(EMAILED, "sent")
    assert result.complete
    outbox = {m.recipient: m for m in load_outbox(built.out)}
    with Ledger.for_campaign(built.folder) as ledger:
        sent_at = {a.recipient: a.started for a in ledger.attempts()}
    for recipient, address in EMAILED.items():
        (received,) = mailbox.to(address)
        assert received.rcpt_tos == (address,)
        assert received.mail_from == "appeals@example.org"
        message = received.parsed()
        assert message["Message-ID"].strip() == outbox[recipient].message_id
        assert message["To"].addresses[0].addr_spec == address
        lang = "ru" if recipient == "kz-mfa" else "en"
        assert message["Subject"] == SUBJECTS[lang]
        date = email.utils.parsedate_to_datetime(message["Date"])
        assert date.isoformat() == sent_at[recipient], "the Date sent is the one in the ledger"
        got = {p.get_filename(): hashlib.sha256(p.get_content()).hexdigest() for p in message.iter_attachments()}
        want = {f"{e['document']}.{e['language']}.pdf": e["sha256"] for e in built.entries(recipient)}
        assert got == want
    assert attempts(built, "uk-fcdo") == [("sent", 250)]


def test_a_second_send_delivers_nothing(built: Built, smtp: Server, mailbox: Mailbox) -> None:
    send(built, smtp.port)
    again = send(built, smtp.port)
    assert states(again) == dict.fromkeys(EMAILED, "skipped")
    assert again.complete
    assert len(mailbox.received) == 3


def test_unverified_contacts_are_refused_unless_allowed(built: Built, smtp: Server, mailbox: Mailbox) -> None:
    result = send(built, smtp.port, allow_unverified=False)
    assert states(result) == {"uk-fcdo": "sent", "kz-mfa": "sent", "eu-sede": "skipped"}
    refused = next(r for r in result.reports if r.recipient == "eu-sede")
    assert refused.refused and "contact is secondary" in refused.detail
    assert not result.complete
    assert mailbox.to(EMAILED["eu-sede"]) == []
    assert states(send(built, smtp.port))["eu-sede"] == "sent"


def test_4xx_then_250_is_deferred_then_sent_within_the_run(built: Built, smtp: Server, mailbox: Mailbox) -> None:
    mailbox.data_replies[EMAILED["uk-fcdo"]] = ["451 4.3.0 Try again later"]
    result = send(built, smtp.port, retry_delays=(0.0,))
    assert states(result)["uk-fcdo"] == "sent"
    assert attempts(built, "uk-fcdo") == [("deferred", 451), ("sent", 250)]
    assert len(mailbox.to(EMAILED["uk-fcdo"])) == 1


def test_deferred_is_retried_by_the_next_run(built: Built, smtp: Server, mailbox: Mailbox) -> None:
    mailbox.data_replies[EMAILED["uk-fcdo"]] = ["451 4.3.0 Try again later"]
    first = send(built, smtp.port)
    assert states(first)["uk-fcdo"] == "deferred"
    assert not first.complete
    second = send(built, smtp.port)
    assert states(second) == {"uk-fcdo": "sent", "kz-mfa": "skipped", "eu-sede": "skipped"}
    assert len(mailbox.to(EMAILED["uk-fcdo"])) == 1


def test_5xx_fails_and_is_never_retried(built: Built, smtp: Server, mailbox: Mailbox) -> None:
    address = EMAILED["kz-mfa"]
    mailbox.data_replies[address] = ["554 5.6.0 Message rejected"] * 5
    result = send(built, smtp.port, retry_delays=(0.0, 0.0))
    failed = next(r for r in result.reports if r.recipient == "kz-mfa")
    assert (failed.state.value, failed.detail) == ("failed", "554 5.6.0 Message rejected")
    assert not result.complete
    again = send(built, smtp.port, retry_delays=(0.0,))
    assert states(again)["kz-mfa"] == "failed"
    assert mailbox.data_calls[address] == 1
    assert attempts(built, "kz-mfa") == [("failed", 554)]


def test_a_refused_recipient_fails(built: Built, smtp: Server, mailbox: Mailbox) -> None:
    mailbox.rcpt_replies[EMAILED["uk-fcdo"]] = "550 5.1.1 No such user"
    result = send(built, smtp.port)
    assert states(result) == {"uk-fcdo": "failed", "kz-mfa": "sent", "eu-sede": "sent"}


def test_dropped_mid_data_is_unknown_and_not_resent_silently(built: Built, smtp: Server, mailbox: Mailbox) -> None:
    address = EMAILED["uk-fcdo"]
    mailbox.drop.add(address)
    result = send(built, smtp.port, retry_delays=(0.0, 0.0))
    assert states(result) == {"uk-fcdo": "unknown", "kz-mfa": "sent", "eu-sede": "sent"}
    assert not result.complete
    mailbox.drop.clear()
    again = send(built, smtp.port, retry_delays=(0.0,))
    assert states(again)["uk-fcdo"] == "unknown"
    assert "--resend-unknown" in next(r.detail for r in again.reports if r.recipient == "uk-fcdo")
    assert len(mailbox.to(address)) == 1
    resent = send(built, smtp.port, resend_unknown=True)
    assert states(resent)["uk-fcdo"] == "sent"
    assert len(mailbox.to(address)) == 2, "the user chose to risk a duplicate"
    assert attempts(built, "uk-fcdo") == [("unknown", None), ("sent", 250)]


def test_resending_an_unknown_message_to_an_unreachable_server_keeps_it_unknown(
    built: Built, smtp: Server, mailbox: Mailbox, silent_server: SilentServer
) -> None:
    mailbox.drop.add(EMAILED["uk-fcdo"])
    send(built, smtp.port, only=("uk-fcdo",))
    result = send(built, silent_server.port, timeout=0.5, resend_unknown=True, only=("uk-fcdo",))
    assert states(result) == {"uk-fcdo": "not attempted"}
    assert ledger_states(built) == {"uk-fcdo": ["unknown"]}


def test_changed_content_is_refused_unless_asked(built: Built, smtp: Server, mailbox: Mailbox) -> None:
    send(built, smtp.port)

    def corrected(recipient: Any, lang: str) -> Cover:
        cover = cover_for(recipient, lang)
        return Cover(cover.subject + " (corrected)", cover.text, cover.html)

    build_outbox(built.load(), built.out, corrected, owed_inputs(built.load(), built.out))
    refused = send(built, smtp.port)
    assert states(refused) == dict.fromkeys(EMAILED, "skipped")
    assert all(r.refused and "content changed" in r.detail for r in refused.reports)
    assert len(mailbox.received) == 3
    resent = send(built, smtp.port, resend_changed=True, only=("uk-fcdo",))
    assert states(resent) == {"uk-fcdo": "sent"}
    assert ledger_states(built)["uk-fcdo"] == ["sent", "sent"]
    (old, new) = mailbox.to(EMAILED["uk-fcdo"])
    assert new.parsed()["Subject"].endswith("(corrected)")
    assert old.parsed()["Message-ID"] != new.parsed()["Message-ID"]


def test_only_sends_to_the_named_recipients(built: Built, smtp: Server, mailbox: Mailbox) -> None:
    result = send(built, smtp.port, only=("kz-mfa",))
    assert states(result) == {"kz-mfa": "sent"}
    assert [r.rcpt_tos for r in mailbox.received] == [(EMAILED["kz-mfa"],)]
    with pytest.raises(InputError, match="--only nobody: no such message in the outbox"):
        send(built, smtp.port, only=("nobody",))


def test_dry_run_sends_and_records_nothing(built: Built, smtp: Server, mailbox: Mailbox) -> None:
    result = send(built, smtp.port, dry_run=True)
    assert states(result) == dict.fromkeys(EMAILED, "would send")
    assert mailbox.received == []
    assert ledger_states(built) == {}


def test_a_stale_outbox_is_refused(built: Built, smtp: Server, mailbox: Mailbox) -> None:
    recipients = built.folder / "recipients.yaml"
    recipients.write_text(
        recipients.read_text(encoding="utf-8").replace("sede@example.eu", "droi@example.eu"), encoding="utf-8"
    )
    with pytest.raises(InputError, match=r"recipients.yaml changed after `campaign email build` \(changed: eu-sede\)"):
        send(built, smtp.port)
    assert mailbox.received == []


def test_rate_limit_counts_messages_per_window(built: Built, smtp: Server, mailbox: Mailbox) -> None:
    clock = FakeClock()
    mailbox.clock = clock.now
    send(built, smtp.port, limiter=RateLimiter(2, clock=clock.now, sleep=clock.sleep))
    assert len(mailbox.times) == 3
    assert max_in_any_window(mailbox.times, 60.0) == 2
    assert mailbox.times == [0.0, 0.0, 60.0]


def test_silent_server_is_deferred_not_a_hang(built: Built, silent_server: SilentServer) -> None:
    result = send(built, silent_server.port, timeout=0.5, retry_delays=(0.0,))
    assert states(result) == {"uk-fcdo": "deferred", "kz-mfa": "not attempted", "eu-sede": "not attempted"}
    assert not result.complete
    detail = next(r.detail for r in result.reports if r.recipient == "uk-fcdo")
    assert "took more than 0.5 s" in detail
    assert ledger_states(built) == {"uk-fcdo": ["deferred"], "kz-mfa": ["queued"], "eu-sede": ["queued"]}


def test_then_a_working_server_gets_everything(built: Built, silent_server: SilentServer, smtp: Server) -> None:
    send(built, silent_server.port, timeout=0.5)
    result = send(built, smtp.port)
    assert states(result) == dict.fromkeys(EMAILED, "sent")


def test_starttls_not_offered_aborts_with_nothing_sent(built: Built, smtp: Server, mailbox: Mailbox) -> None:
    result = send(built, smtp.port, security=Security.STARTTLS)
    assert result.aborted is not None and "does not offer STARTTLS" in result.aborted
    assert states(result) == dict.fromkeys(EMAILED, "not attempted")
    assert mailbox.received == []
    assert ledger_states(built) == dict.fromkeys(EMAILED, ["queued"])


def test_self_signed_needs_its_cafile(
    built: Built, starttls_smtp: Server, mailbox: Mailbox, tls_files: TLSFiles
) -> None:
    refused = send(built, starttls_smtp.port, security=Security.STARTTLS)
    assert refused.aborted is not None and "certificate was not accepted" in refused.aborted
    assert mailbox.received == []
    trusted = send(built, starttls_smtp.port, security=Security.STARTTLS, cafile=tls_files.cafile)
    assert states(trusted) == dict.fromkeys(EMAILED, "sent")
    assert len(mailbox.received) == 3


def test_sigkill_mid_run_then_rerun_sends_each_message_once(tmp_path: Path, smtp: Server, mailbox: Mailbox) -> None:
    built = prepare(tmp_path)
    mailbox.stall_on = 2  # the 2nd message is received, then the server never answers
    command = [sys.executable, "-m", "campaign", "email", "send", "--campaign", str(built.folder)]
    command += ["--out", str(built.out), "--smtp-host", HOST, "--smtp-port", str(smtp.port), "--allow-unverified"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert mailbox.stalled.wait(timeout=60), process.communicate(timeout=5)
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=30)
    assert ledger_states(built) == {"uk-fcdo": ["sent"], "kz-mfa": ["sending"], "eu-sede": ["queued"]}

    rerun = send(built, smtp.port)
    assert [m.recipient for m in rerun.recovered] == ["kz-mfa"]
    assert states(rerun) == {"uk-fcdo": "skipped", "kz-mfa": "unknown", "eu-sede": "sent"}
    assert {a: len(mailbox.to(a)) for a in EMAILED.values()} == dict.fromkeys(EMAILED.values(), 1)

    resent = send(built, smtp.port, resend_unknown=True)
    assert states(resent) == {"uk-fcdo": "skipped", "kz-mfa": "sent", "eu-sede": "skipped"}
    counts = {a: len(mailbox.to(a)) for a in EMAILED.values()}
    assert counts == {EMAILED["uk-fcdo"]: 1, EMAILED["kz-mfa"]: 2, EMAILED["eu-sede"]: 1}


class LedgerAtTheDot(Mailbox):
    """Reads the ledger (read-only, as `email status` does) each time a final "." arrives."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.seen: list[tuple[str, dict[str, str]]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with Ledger.read_only_for_campaign(self.folder) as ledger:
            states = {row.envelope_to: row.state.value for row in ledger.messages()}
        self.seen.append((envelope.rcpt_tos[0], states))
        return await super().handle_DATA(server, session, envelope)


def test_the_final_dot_goes_out_only_once_the_ledger_says_sending(tmp_path: Path) -> None:
    built = prepare(tmp_path)
    mailbox = LedgerAtTheDot(built.folder)
    for server in running(mailbox):
        result = send(built, server.port)
    assert states(result) == dict.fromkeys(EMAILED, "sent")
    assert [address for address, _ in mailbox.seen] == list(EMAILED.values())
    for index, (address, on_disk) in enumerate(mailbox.seen):
        assert on_disk[address] == "sending", (address, on_disk)
        # The outcome of the message before went to disk in the same commit as this `sending`.
        earlier = [a for a, _ in mailbox.seen[:index]]
        assert {a: on_disk[a] for a in earlier} == dict.fromkeys(earlier, "sent"), on_disk


def test_a_sending_commit_that_fails_stops_the_run_before_the_final_dot(
    built: Built, smtp: Server, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fails while the second message's `sending` is being committed (its data already on
    the wire): the server gets no final ".", the message stays `queued`, the first one's outcome
    is still recorded, and the next run sends the rest once."""
    real = Ledger._advance
    calls: list[int] = []

    def failing_second(self: Ledger, *args: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:
            raise LedgerError("disk I/O error")
        return real(self, *args)

    monkeypatch.setattr(Ledger, "_advance", failing_second)
    with pytest.raises(LedgerError, match="disk I/O error"):
        send(built, smtp.port)
    monkeypatch.undo()
    assert [r.rcpt_tos for r in mailbox.received] == [(EMAILED["uk-fcdo"],)]
    assert ledger_states(built) == {"uk-fcdo": ["sent"], "kz-mfa": ["queued"], "eu-sede": ["queued"]}
    rerun = send(built, smtp.port)
    assert states(rerun) == {"uk-fcdo": "skipped", "kz-mfa": "sent", "eu-sede": "sent"}
    assert {a: len(mailbox.to(a)) for a in EMAILED.values()} == dict.fromkeys(EMAILED.values(), 1)


@dataclass
class HoldAt:
    """A raw SMTP server that accepts the first message and holds the second at `step` (no reply,
    for at most 20 s): the test kills the sender there. `final_dots`: the addresses whose data
    arrived up to its final "."."""

    step: str
    reached: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)
    final_dots: list[str] = field(default_factory=list)

    def hold(self) -> None:
        self.reached.set()
        self.released.wait(20)

    def __call__(self, connection: socket.socket, index: int) -> None:
        connection.settimeout(30)
        reader = connection.makefile("rb")
        connection.sendall(b"220 raw.test ESMTP\r\n")
        transactions, rcpt = 0, ""
        for _ in range(200):
            line = reader.readline(100_000)
            verb = line[:4].upper().decode("ascii", "replace")
            if not line or verb == "QUIT":
                return
            transactions += verb == "MAIL"
            if transactions == 2 and verb == self.step:  # MAIL, RCPT or DATA: no reply
                return self.hold()
            if verb == "RCPT":
                rcpt = line.decode("ascii").partition("<")[2].partition(">")[0]
            if verb == "DATA":
                connection.sendall(b"354 go ahead\r\n")
                first = reader.readline(100_000)
                if transactions == 2 and self.step == "data":  # the first line of the data, then nothing
                    return self.hold()
                while first not in (b".\r\n", b""):
                    first = reader.readline(100_000)
                if first:
                    self.final_dots.append(rcpt)
                if transactions == 2 and self.step == "dot":  # the whole message, then no reply
                    return self.hold()
                connection.sendall(b"250 2.0.0 queued\r\n")
            else:
                connection.sendall(b"250-raw.test\r\n250 8BITMIME\r\n" if verb in ("EHLO", "HELO") else b"250 OK\r\n")
        return None


@pytest.mark.parametrize("step", ["MAIL", "RCPT", "DATA", "data", "dot"])
def test_sigkill_at_each_step_of_a_transaction_neither_sends_twice_nor_loses_a_message(
    tmp_path: Path, step: str, smtp: Server, mailbox: Mailbox
) -> None:
    """The second message's `sending` is committed while its MAIL, RCPT, DATA and data go out: a
    SIGKILL anywhere there must leave nothing the server has (up to the final ".") outside
    `sending`/`sent`, and the next run must send the rest once and never resend a maybe-delivered one."""
    built = prepare(tmp_path)
    holder = HoldAt(step)
    raw = RawServer(holder)
    command = [sys.executable, "-m", "campaign", "email", "send", "--campaign", str(built.folder)]
    command += ["--out", str(built.out), "--smtp-host", HOST, "--smtp-port", str(raw.port), "--allow-unverified"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert holder.reached.wait(timeout=60), process.communicate(timeout=5)
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=30)
        holder.released.set()
        raw.close()
    address_of = {address: recipient for recipient, address in EMAILED.items()}
    after_kill = {recipient: found[-1] for recipient, found in ledger_states(built).items()}
    assert holder.final_dots[0] == EMAILED["uk-fcdo"]
    for address in holder.final_dots:  # what the server may keep is on disk as sending or sent
        assert after_kill[address_of[address]] in ("sending", "sent"), (step, after_kill)
    if step == "dot":
        assert after_kill == {"uk-fcdo": "sent", "kz-mfa": "sending", "eu-sede": "queued"}

    rerun = send(built, smtp.port)
    finally_ = {recipient: found[-1] for recipient, found in ledger_states(built).items()}
    for recipient, address in EMAILED.items():
        delivered = holder.final_dots.count(address) + len(mailbox.to(address))
        assert delivered <= 1, (step, recipient, "sent twice")
        if after_kill[recipient] == "sending":  # it may have arrived: never resent without asking
            assert finally_[recipient] == "unknown" and delivered <= 1, (step, finally_)
        else:
            assert finally_[recipient] == "sent" and delivered == 1, (step, recipient, finally_)
    assert not [r for r in rerun.reports if r.state.value in ("queued", "deferred", "failed")]


def test_send_needs_an_outbox(tmp_path: Path, smtp: Server) -> None:
    built = prepare(tmp_path, outbox=False)
    with pytest.raises(InputMissingError, match="run `campaign email build` first"):
        send(built, smtp.port)
