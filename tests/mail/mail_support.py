"""Shared by the mail tests: a campaign with build output, cover messages, and real SMTP servers.

The servers are real: aiosmtpd on 127.0.0.1 (plain, STARTTLS with a trustme certificate, implicit
TLS), scripted to answer 4xx, 5xx, drop the connection in the middle of DATA or stall there; and a
raw socket server that accepts connections and never greets.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.policy
import hashlib
import io
import json
import shutil
import socket
import ssl
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import docx
import pypdf
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from typer.testing import CliRunner

from campaign.app.email import owed_inputs
from campaign.cli import cli
from campaign.load.campaign import load_campaign
from campaign.mail.outbox import OutboxResult, build_outbox
from campaign.manifest import Entry, Manifest, write_manifest
from campaign.model.loaded import Loaded
from campaign.model.recipients import Recipient

DATA = Path(__file__).parent / "data"
HOST = "127.0.0.1"

SUBJECTS = {
    "en": "Appeal: release Zhanbolat Mamay",
    "ru": "Обращение: освободите Жанболата Мамая",
    "kk": "Өтініш: Жанболат Мамайды босатыңыз",
}


@dataclass(frozen=True)
class Cover:
    """A cover message as `campaign.render.cover_email` will return it."""

    subject: str
    text: str
    html: str


def cover_for(recipient: Recipient, lang: str) -> Cover:
    name = recipient.person.name if recipient.person else recipient.office
    return Cover(
        subject=SUBJECTS[lang],
        text=f"Dear {name},\n\nPlease find our appeal attached ({lang}).\n",
        html=f"<p>Dear {name},</p><p>Please find our appeal attached ({lang}).</p>",
    )


def copy_campaign(tmp: Path) -> Path:
    folder = tmp / "campaign"
    shutil.copytree(DATA / "campaign", folder)
    return folder


def make_pdf(title: str, pages: int = 1) -> bytes:
    """A real, small PDF whose bytes differ by title."""
    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make_docx(title: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(title)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_build_output(loaded: Loaded, out: Path, *, docx_too: bool = False) -> dict[str, Any]:
    """What `campaign build` writes: OUT/<recipient>/<doc>.<lang>.<fmt> and OUT/manifest.json, with
    small stand-in PDFs and DOCX (a real build is slower; tests/cli builds for real), each recorded
    with the inputs hash of the current campaign, as a build would."""
    entries = []
    for (recipient, document, lang), inputs in owed_inputs(loaded, out).items():
        (current,) = inputs
        formats = ("pdf", "docx") if docx_too else ("pdf",)
        for fmt in formats:
            title = f"{recipient} {document} {lang}"
            data = make_pdf(title, pages=2 if document == "brief" else 1) if fmt == "pdf" else make_docx(title)
            path = f"{recipient}/{document}.{lang}.{fmt}"
            (out / recipient).mkdir(parents=True, exist_ok=True)
            (out / path).write_bytes(data)
            sha = hashlib.sha256(data).hexdigest()
            entries.append(Entry(recipient, document, lang, fmt, path, sha, len(data), inputs=current))
    settings = loaded.campaign.settings
    write_manifest(out, Manifest(settings.name, settings.date.isoformat(), entries=tuple(entries)))
    manifest: dict[str, Any] = json.loads((out / "manifest.json").read_text("utf-8"))
    return manifest


@dataclass
class Built:
    """A campaign folder with its build output and outbox."""

    folder: Path
    out: Path
    manifest: dict[str, Any]

    def load(self) -> Loaded:
        return load_campaign(self.folder)

    def entries(self, recipient: str, fmt: str = "pdf") -> list[dict[str, Any]]:
        return [e for e in self.manifest["entries"] if e["recipient"] == recipient and e["format"] == fmt]


def prepare(tmp: Path, *, outbox: bool = True, docx_too: bool = False) -> Built:
    folder = copy_campaign(tmp)
    out = tmp / "out"
    loaded = load_campaign(folder)
    manifest = write_build_output(loaded, out, docx_too=docx_too)
    if outbox:
        make_outbox(loaded, out)
    return Built(folder, out, manifest)


def make_outbox(loaded: Loaded, out: Path) -> OutboxResult:
    """`build_outbox` with the stand-in cover messages and what the current campaign owes each recipient."""
    return build_outbox(loaded, out, cover_for, owed_inputs(loaded, out))


class FakeClock:
    """Time that moves only when someone sleeps (or the test says so)."""

    def __init__(self) -> None:
        self.t = 0.0
        self.sleeps: list[float] = []

    def now(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.t += max(seconds, 0.0)


def max_in_any_window(times: list[float], window: float) -> int:
    return max(sum(1 for t in times if start <= t < start + window) for start in times)


# --- SMTP servers ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


@dataclass(frozen=True)
class Received:
    """One message a server accepted (or had in hand when it dropped the client)."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes

    def parsed(self) -> EmailMessage:
        message = BytesParser(policy=email.policy.default).parsebytes(self.data)
        assert isinstance(message, EmailMessage)
        return message


@dataclass
class Mailbox:
    """An aiosmtpd handler that keeps what it accepts; its answers can be scripted per recipient.

    `rcpt_replies[address]`: the RCPT reply instead of 250. `data_replies[address]`: replies to the
    1st, 2nd, ... DATA for that address (None = accept). `drop`: addresses for which the server keeps
    the message and closes the connection instead of answering. `stall_on`: the n-th accepted message
    (1-based) is kept, `stalled` is set, and the answer never comes.
    """

    rcpt_replies: dict[str, str] = field(default_factory=dict)
    data_replies: dict[str, list[str | None]] = field(default_factory=dict)
    drop: set[str] = field(default_factory=set)
    stall_on: int | None = None
    clock: Callable[[], float] | None = None
    received: list[Received] = field(default_factory=list)
    times: list[float] = field(default_factory=list)
    data_calls: Counter[str] = field(default_factory=Counter)
    stalled: threading.Event = field(default_factory=threading.Event)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address in self.rcpt_replies:
            return self.rcpt_replies[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        rcpt = envelope.rcpt_tos[0]
        self.data_calls[rcpt] += 1
        script = self.data_replies.get(rcpt, [])
        reply = script[self.data_calls[rcpt] - 1] if self.data_calls[rcpt] <= len(script) else None
        if reply is not None:
            return reply
        self.received.append(Received(envelope.mail_from, tuple(envelope.rcpt_tos), envelope.original_content))
        if self.clock:
            self.times.append(self.clock())
        if rcpt in self.drop:
            server.transport.close()
            return "250 OK"
        if self.stall_on is not None and len(self.received) == self.stall_on:
            self.stalled.set()
            await asyncio.sleep(60)
        return "250 2.0.0 OK: queued"

    def to(self, address: str) -> list[Received]:
        return [r for r in self.received if address in r.rcpt_tos]


@dataclass
class Server:
    host: str
    port: int
    mailbox: Mailbox


class TLSFiles:
    """A trustme CA and a certificate for 127.0.0.1, with the CA's PEM file for `--cafile`."""

    def __init__(self, folder: Path) -> None:
        self.ca = trustme.CA()
        self.cert = self.ca.issue_cert(HOST, "localhost")
        self.cafile = folder / "test-ca.pem"
        self.ca.cert_pem.write_to_path(str(self.cafile))

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.cert.configure_cert(context)
        return context


def start_server(mailbox: Mailbox, **smtp_options: Any) -> tuple[Server, Controller]:
    port = free_port()
    smtp_options.setdefault("enable_SMTPUTF8", True)
    controller = Controller(mailbox, hostname=HOST, port=port, **smtp_options)
    controller.start()
    return Server(HOST, port, mailbox), controller


class SilentServer:
    """Accepts TCP connections and never says a word (no SMTP greeting)."""

    def __init__(self) -> None:
        self.listener = socket.create_server((HOST, 0))
        self.port: int = self.listener.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.accepted.append(connection)

    def close(self) -> None:
        self.listener.close()
        for connection in self.accepted:
            connection.close()


def running(mailbox: Mailbox, **smtp_options: Any) -> Iterator[Server]:
    server, controller = start_server(mailbox, **smtp_options)
    try:
        yield server
    finally:
        controller.stop()


# --- raw-socket servers: what aiosmtpd will not do (drip, flood, drop mid-data, hold a reply) ---


class RawServer:
    """A TCP server on 127.0.0.1 that runs `handler(connection, index)` for each client in a thread.

    Every handler is bounded (a count of bytes or lines, a few seconds) so the server stops by
    itself; `close()` ends it early.
    """

    def __init__(self, handler: Callable[[socket.socket, int], None]) -> None:
        self.handler = handler
        self.listener = socket.create_server((HOST, 0))
        self.port: int = self.listener.getsockname()[1]
        self.connections: list[socket.socket] = []
        self.closed = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        index = 0
        while not self.closed.is_set():
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.connections.append(connection)
            threading.Thread(target=self._run, args=(connection, index), daemon=True).start()
            index += 1

    def _run(self, connection: socket.socket, index: int) -> None:
        try:
            self.handler(connection, index)
        except OSError:
            pass
        finally:
            connection.close()

    def close(self) -> None:
        self.closed.set()
        self.listener.close()
        for connection in self.connections:
            with contextlib.suppress(OSError):
                connection.close()


@dataclass
class Dialogue:
    """A scripted SMTP server for RawServer: a normal dialogue, except what `on_data` does after DATA.

    `on_data(connection, reader, number)` handles everything after the DATA command (number: the
    1-based count of DATA commands on this server); it returns False to end the connection.
    `final_dots` is set each time a whole message (up to its final ".") has arrived.
    """

    on_data: Callable[[socket.socket, Any, int], bool]
    data_count: int = 0
    final_dot: threading.Event = field(default_factory=threading.Event)
    messages: list[bytes] = field(default_factory=list)

    def __call__(self, connection: socket.socket, index: int) -> None:
        connection.settimeout(20)
        reader = connection.makefile("rb")
        connection.sendall(b"220 raw.test ESMTP\r\n")
        for _ in range(200):
            line = reader.readline(1000)
            if not line:
                return
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                connection.sendall(b"250-raw.test\r\n250 8BITMIME\r\n")
            elif verb in (b"MAIL", b"RCPT", b"RSET", b"NOOP"):
                connection.sendall(b"250 OK\r\n")
            elif verb == b"DATA":
                self.data_count += 1
                if not self.on_data(connection, reader, self.data_count):
                    return
            elif verb == b"QUIT":
                connection.sendall(b"221 bye\r\n")
                return
            else:
                connection.sendall(b"500 what\r\n")

    def read_message(self, reader: Any) -> bytes:
        """The data up to the final "." (sets `final_dot`)."""
        lines = []
        for _ in range(100_000):
            line = reader.readline(100_000)
            if not line or line == b".\r\n":
                break
            lines.append(line)
        self.messages.append(b"".join(lines))
        self.final_dot.set()
        return b"".join(lines)


def accept_data(dialogue: Dialogue, connection: socket.socket, reader: Any, delay: float = 0.0) -> bool:
    """354, read the message, wait `delay` seconds, then 250."""
    connection.sendall(b"354 go ahead\r\n")
    dialogue.read_message(reader)
    time.sleep(delay)
    connection.sendall(b"250 2.0.0 queued\r\n")
    return True


def invoke(*args: str, env: dict[str, str] | None = None) -> Any:
    """`campaign ARGS` through the real command line, in process."""
    return CliRunner().invoke(cli, list(args), env=env)


class Authenticator:
    """An aiosmtpd authenticator that records each login and accepts the password "right"."""

    def __init__(self) -> None:
        self.seen: list[tuple[bytes, bytes]] = []

    def __call__(self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> Any:
        self.seen.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == b"right", handled=False)
