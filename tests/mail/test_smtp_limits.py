"""Issue 16 on the wire: deadlines for whole replies, a cap on reply lines, the longer wait after the
final ".", `unknown` only after it, refusals of the whole session, and `--ssl` to a plain port.

Every server is real and on 127.0.0.1: aiosmtpd where it can play the part, raw sockets where a
server must drip, flood, drop in the middle of the data or hold its reply.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from campaign.errors import TransportError
from campaign.mail.ledger import Ledger, LedgerError
from campaign.mail.send import SendOptions, SendResult, send_outbox
from campaign.mail.state import State
from campaign.mail.transports import ServerUnavailableError
from campaign.mail.transports.smtp import Security, SmtpTransport
from tests.mail.mail_support import (
    HOST,
    Built,
    Dialogue,
    Mailbox,
    RawServer,
    Server,
    accept_data,
    make_outbox,
    prepare,
    running,
    write_build_output,
)

MESSAGE = b"From: a@example.org\r\nTo: b@example.org\r\nSubject: test\r\n\r\nbody\r\n.starts with a dot\r\n"


@pytest.fixture
def raw_servers() -> Iterator[list[RawServer]]:
    servers: list[RawServer] = []
    yield servers
    for server in servers:
        server.close()


def start(servers: list[RawServer], handler: Any) -> RawServer:
    server = RawServer(handler)
    servers.append(server)
    return server


BIG = MESSAGE + b"x" * 998 + b"\r\n" * 1 + (b"y" * 998 + b"\r\n") * 16_000
"""16 MB: more than the socket buffers hold, so a server that stops reading cuts it short."""


def one_message(port: int, *, timeout: float = 2.0, final_timeout: float = 600.0, data: bytes = MESSAGE) -> Any:
    transport = SmtpTransport(HOST, port, Security.NONE, timeout=timeout, final_timeout=final_timeout)
    transport.open()
    try:
        return transport.send("a@example.org", "b@example.org", data, smtputf8=False)
    finally:
        transport.close()


def in_subprocess(code: str, limit: float = 60) -> subprocess.CompletedProcess[str]:
    """Run `code` in a fresh interpreter; a hang (today's behaviour) ends at `limit` and fails the test."""
    try:
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=limit, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"still waiting after {limit} s: the reply had no deadline")


# --- deadlines and caps on replies ----------------------------------------------------------------


def drip_greeting(connection: socket.socket, index: int) -> None:
    """A greeting that never ends: one byte every 0.2 s, for at most 60 s."""
    for _ in range(300):
        connection.sendall(b"2")
        time.sleep(0.2)


def test_a_dripping_greeting_ends_within_the_timeout(raw_servers: list[RawServer]) -> None:
    server = start(raw_servers, drip_greeting)
    code = (
        "from campaign.mail.transports.smtp import SmtpTransport, Security\n"
        "from campaign.mail.transports import ServerUnavailableError\n"
        f"t = SmtpTransport('{HOST}', {server.port}, Security.NONE, timeout=2)\n"
        "try:\n    t.open()\nexcept ServerUnavailableError as e:\n    print('unavailable:', e)\n"
    )
    done = in_subprocess(code)
    assert "unavailable:" in done.stdout, done.stdout + done.stderr
    assert "took more than 2 s to answer" in done.stdout


def flood_greeting(connection: socket.socket, index: int) -> None:
    """A greeting of 5,000 continuation lines, then its last line."""
    connection.sendall(b"220-hello\r\n" * 5000 + b"220 at last\r\n")
    time.sleep(2)


def test_a_reply_of_endless_lines_is_cut_off(raw_servers: list[RawServer]) -> None:
    server = start(raw_servers, flood_greeting)
    with pytest.raises(ServerUnavailableError, match="more than 100 lines"):
        SmtpTransport(HOST, server.port, Security.NONE, timeout=5).open()


def test_the_reply_after_the_final_dot_has_its_own_longer_timeout(raw_servers: list[RawServer]) -> None:
    dialogue = Dialogue(lambda connection, reader, n: accept_data(dialogue, connection, reader, delay=2.5))
    server = start(raw_servers, dialogue)
    delivery = one_message(server.port, timeout=1.0, final_timeout=20.0)
    assert (delivery.state, delivery.code) == (State.SENT, 250)
    (received,) = dialogue.messages
    assert received.endswith(b"body\r\n..starts with a dot\r\n"), "dot-stuffed, CRLF, then the final dot"


def test_no_reply_after_the_final_dot_within_its_timeout_is_unknown(raw_servers: list[RawServer]) -> None:
    dialogue = Dialogue(lambda connection, reader, n: accept_data(dialogue, connection, reader, delay=5))
    server = start(raw_servers, dialogue)
    delivery = one_message(server.port, timeout=1.0, final_timeout=1.5)
    assert delivery.state is State.UNKNOWN
    assert "took more than 1.5 s" in delivery.reply


# --- unknown only after the final "." ---------------------------------------------------------


def drop_instead_of_354(connection: socket.socket, reader: Any, number: int) -> bool:
    return False  # the connection closes: the server never said 354


def drop_in_the_middle_of_the_data(connection: socket.socket, reader: Any, number: int) -> bool:
    connection.sendall(b"354 go ahead\r\n")
    reader.readline(1000)  # the first line of the message, then the server goes away
    return False


def refuse_data(connection: socket.socket, reader: Any, number: int) -> bool:
    connection.sendall(b"451 4.3.0 not now\r\n")
    return True


@pytest.mark.parametrize(
    ("on_data", "expected"),
    [
        (drop_instead_of_354, State.DEFERRED),
        (drop_in_the_middle_of_the_data, State.DEFERRED),
        (refuse_data, State.DEFERRED),
    ],
    ids=["no-354", "drop-mid-data", "451-to-DATA"],
)
def test_before_the_final_dot_a_lost_message_is_deferred_not_unknown(
    raw_servers: list[RawServer], on_data: Any, expected: State
) -> None:
    dialogue = Dialogue(on_data)
    server = start(raw_servers, dialogue)
    delivery = one_message(server.port, data=BIG)
    assert delivery.state is expected, delivery
    assert not dialogue.final_dot.is_set()


# --- the ledger's commit before the final "." -------------------------------------------------------


@dataclass
class DataWatch:
    """A DATA handler for `Dialogue` that records each data line as it arrives, and how the data
    ended: with the final "." (then 250) or with the connection closed."""

    lines: list[bytes] = field(default_factory=list)
    endings: list[str] = field(default_factory=list)
    ended: threading.Event = field(default_factory=threading.Event)

    def __call__(self, connection: socket.socket, reader: Any, number: int) -> bool:
        connection.sendall(b"354 go ahead\r\n")
        for _ in range(1000):
            line = reader.readline(100_000)
            if line == b".\r\n":
                self.endings.append("final dot")
                self.ended.set()
                connection.sendall(b"250 2.0.0 queued\r\n")
                return True
            if not line:
                break
            self.lines.append(line)
        self.endings.append("closed")
        self.ended.set()
        return False


def test_ready_comes_after_the_whole_data_and_before_the_final_dot(raw_servers: list[RawServer]) -> None:
    watch = DataWatch()
    server = start(raw_servers, Dialogue(watch))
    on_the_wire = MESSAGE.replace(b"\r\n.", b"\r\n..")
    seen: list[tuple[bytes, bool]] = []

    def ready() -> None:
        deadline = time.monotonic() + 10  # the data is on its way: wait (bounded) until it has all arrived
        while b"".join(watch.lines) != on_the_wire and time.monotonic() < deadline:
            time.sleep(0.01)
        seen.append((b"".join(watch.lines), watch.ended.is_set()))

    transport = SmtpTransport(HOST, server.port, Security.NONE, timeout=5)
    transport.open()
    try:
        delivery = transport.send("a@example.org", "b@example.org", MESSAGE, smtputf8=False, ready=ready)
    finally:
        transport.close()
    assert (delivery.state, delivery.code) == (State.SENT, 250)
    assert seen == [(on_the_wire, False)], "ready: once, with all the data at the server and no final dot yet"
    assert watch.endings == ["final dot"]


def test_a_failing_ready_ends_the_connection_without_the_final_dot(raw_servers: list[RawServer]) -> None:
    watch = DataWatch()
    server = start(raw_servers, Dialogue(watch))

    def ready() -> None:
        raise LedgerError("the disk is full")

    transport = SmtpTransport(HOST, server.port, Security.NONE, timeout=5)
    transport.open()
    try:
        with pytest.raises(LedgerError, match="the disk is full"):
            transport.send("a@example.org", "b@example.org", MESSAGE, smtputf8=False, ready=ready)
        assert watch.ended.wait(10)
        assert watch.endings == ["closed"], "the server never got the final dot, so it must discard the message"
        assert b"QUIT\r\n" not in watch.lines, "no QUIT inside the data"
        # The next message goes over a new connection.
        transport.open()
        delivery = transport.send("a@example.org", "c@example.org", MESSAGE, smtputf8=False, ready=lambda: None)
    finally:
        transport.close()
    assert delivery.state is State.SENT
    assert watch.endings == ["closed", "final dot"]


# --- refusals of the whole session stop the run ---------------------------------------------------


def more_recipients(folder: Path, count: int) -> None:
    """Add `count` verified email recipients to the test campaign's recipients.yaml."""
    path = folder / "recipients.yaml"
    extra = "".join(
        f"""  - id: extra-{n}
    jurisdiction: EU
    institution: Parliament {n}
    office: Member
    languages: [en]
    locale: en_GB
    channel:
      kind: email
      address: member{n}@example.eu
    group: ministers
    verification:
      status: verified
"""
        for n in range(count)
    )
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")


def built_with(tmp_path: Path, extra: int) -> Built:
    built = prepare(tmp_path, outbox=False)
    more_recipients(built.folder, extra)
    loaded = built.load()
    built.manifest = write_build_output(loaded, built.out)
    make_outbox(loaded, built.out)
    return built


def send(built: Built, port: int, **options: Any) -> SendResult:
    options.setdefault("allow_unverified", True)
    options.setdefault("retry_delays", ())
    transport = SmtpTransport(HOST, port, Security.NONE, timeout=5)
    return send_outbox(built.load(), built.out, transport, SendOptions(**options), sleep=lambda s: None)


def ledger_states(built: Built) -> dict[str, str]:
    with Ledger.for_campaign(built.folder) as ledger:
        return {row.recipient: row.state.value for row in ledger.messages()}


class SenderRefused(Mailbox):
    """Refuses MAIL FROM with a scripted reply."""

    def __init__(self, reply: str) -> None:
        super().__init__()
        self.reply = reply
        self.mail_calls = 0

    async def handle_MAIL(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        self.mail_calls += 1
        return self.reply


@pytest.mark.parametrize(
    ("reply", "fix"),
    [
        ("550 5.7.1 Sender address rejected: not owned by user", "refuses mail from this sender"),
        ("530 5.7.0 Authentication required", "requires authentication or STARTTLS"),
        ("452 4.4.5 Daily sending quota exceeded", "sending quota is used up"),
        ("554 5.7.1 Relaying denied by policy", "refuses mail from this sender"),
    ],
    ids=["5xx-sender", "530-auth", "quota", "5.7.1-policy"],
)
def test_a_refusal_of_the_session_stops_the_run_and_leaves_the_rest_queued(
    tmp_path: Path, reply: str, fix: str
) -> None:
    built = built_with(tmp_path, 2)
    mailbox = SenderRefused(reply)
    for server in running(mailbox):
        result = send(built, server.port, retry_delays=(0.0, 0.0))
    assert mailbox.mail_calls == 1, "one refusal is enough: nobody else is tried"
    assert result.aborted is not None and fix in result.aborted and reply.split()[0] in result.aborted
    assert "stay queued" in result.aborted
    states = ledger_states(built)
    assert list(states.values()).count("deferred") == 1  # the message the server refused is retried later
    assert list(states.values()).count("queued") == len(states) - 1
    assert "failed" not in states.values()
    assert not result.complete


def test_the_same_permanent_refusal_three_times_in_a_row_stops_the_run(tmp_path: Path) -> None:
    built = built_with(tmp_path, 3)  # 6 email recipients
    mailbox = Mailbox()
    with Ledger.for_campaign(built.folder):
        pass
    addresses = ["fcdo.correspondence@example.org", "minister@xn--e1afmkfd.xn--80ao21a", "sede@example.eu"]
    addresses += [f"member{n}@example.eu" for n in range(3)]
    for address in addresses:
        mailbox.rcpt_replies[address] = "550 5.1.0 relay not permitted"
    for server in running(mailbox):
        result = send(built, server.port)
    assert result.aborted is not None and "3 messages in a row with the same reply" in result.aborted
    states = list(ledger_states(built).values())
    assert states.count("failed") == 3
    assert states.count("queued") == 3


# --- --ssl to a plain port ------------------------------------------------------------------------


def test_ssl_to_a_plain_port_is_a_configuration_error_not_a_deferral(built: Built, smtp: Server) -> None:
    transport = SmtpTransport(HOST, smtp.port, Security.SSL, timeout=5)
    with pytest.raises(TransportError, match="does not speak TLS") as caught:
        transport.open()
    assert not isinstance(caught.value, ServerUnavailableError)
    transport = SmtpTransport(HOST, smtp.port, Security.SSL, timeout=5)
    result = send_outbox(
        built.load(), built.out, transport, SendOptions(allow_unverified=True, retry_delays=()), sleep=lambda s: None
    )
    assert result.aborted is not None and "Use --starttls" in result.aborted
    assert set(ledger_states(built).values()) == {"queued"}, "nothing was deferred: waiting would not help"
