"""Handing messages to an SMTP server, and what each way of failing means for the ledger.

smtplib on Python 3.11 has no default timeout, checks no certificate in `starttls()` or `SMTP_SSL`
without a context, returns a refused recipient in a dict instead of raising, uses the same
exception class for 4xx and 5xx DATA replies, and bounds a reply only by the socket timeout of
each read, so a server that drips a byte a second, or sends continuation lines forever, holds it
for ever (section 5c of `shared/reference/library-behaviour-under-attack.md`). So this transport:

- always passes a timeout and `ssl.create_default_context(cafile=...)`, and refuses to go on when
  STARTTLS was asked for and is not offered, or when `--ssl` meets a server that does not speak TLS;
- reads every reply against one deadline for the whole reply (`timeout` seconds, `final_timeout`
  for the reply after the final "." of the data, as RFC 5321 section 4.5.3.2 asks) and at most
  `MAX_REPLY_LINES` lines (`_DeadlineReplies`, which replaces smtplib's public `getreply`);
- sends one recipient per message step by step (MAIL, RCPT, DATA, the data and its final ".") so
  it knows how far a transaction got: the server may have the message only once the final "."
  went out, so only then is a lost connection `unknown`;
- tells a refusal of the session (the sender refused, authentication or STARTTLS required, a
  policy or quota refusal) from a refusal of one recipient: the first stops the run
  (`Delivery.session`), the second fails that message only;
- turns every exception into a ledger outcome in one function, `classify`.
"""

from __future__ import annotations

import contextlib
import enum
import ipaddress
import re
import smtplib
import socket
import ssl
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from campaign.errors import TransportError
from campaign.mail.state import State
from campaign.mail.transports import Delivery, ServerUnavailableError


class Security(enum.Enum):
    """How the connection is protected."""

    NONE = "none"
    STARTTLS = "starttls"
    SSL = "ssl"


DEFAULT_PORTS = {Security.NONE: 25, Security.STARTTLS: 587, Security.SSL: 465}

FINAL_TIMEOUT = 600.0
"""Seconds to wait for the reply after the final "." (RFC 5321 section 4.5.3.2.6: 10 minutes)."""
MAX_REPLY_LINES = 100
"""Lines of one reply; a real server's longest (EHLO) has about a dozen."""
MAX_LINE = 8192
"""Bytes of one reply line (smtplib's own limit)."""


def is_loopback(host: str) -> bool:
    """Whether `host` names this machine (plain text to it never leaves the machine)."""
    if host.lower() in ("localhost", "localhost.localdomain") or host.lower().endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class Phase(enum.Enum):
    """How far a transaction got when it failed: it decides between `deferred` and `unknown`."""

    CONNECT = "connect"
    """Connecting, greeting, EHLO, TLS, login: no message has been offered."""
    ENVELOPE = "envelope"
    """MAIL FROM and RCPT TO: the server has not seen the message."""
    DATA = "data"
    """DATA given and the message on its way: without the final "." the server must discard it."""
    FINAL = "final"
    """The final "." was sent: from here on the server may have the message."""


def classify(exc: BaseException, phase: Phase) -> Delivery:
    """The one place that maps smtplib, socket and ssl exceptions to an outcome.

    4xx is deferred, 5xx failed; a connection lost once the final "." was sent is unknown (the
    server may have queued the message before dropping us), and before that deferred. Anything
    that is not a mail or network error is a bug and is raised again.
    """
    reply = f"{type(exc).__name__}: {exc}"
    match exc:
        case smtplib.SMTPRecipientsRefused():
            code, text = next(iter(exc.recipients.values()), (None, b""))
            return _by_code(code, _text(text), phase)
        case smtplib.SMTPResponseException():
            return _by_code(exc.smtp_code, _text(exc.smtp_error), phase)
        case smtplib.SMTPServerDisconnected():
            return _lost(phase, reply)
        case smtplib.SMTPNotSupportedError():
            return Delivery(State.FAILED, None, reply)
        case smtplib.SMTPException():
            return Delivery(State.FAILED, None, reply)
        case ssl.SSLCertVerificationError():
            return Delivery(State.FAILED, None, f"the server's certificate was not accepted: {exc.verify_message}")
        case OSError():
            return _lost(phase, reply)
    raise exc


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply


def _lost(phase: Phase, reply: str) -> Delivery:
    if phase is Phase.FINAL:
        return Delivery(
            State.UNKNOWN, None, f"connection lost after the end of the data; the server may have the message ({reply})"
        )
    return Delivery(State.DEFERRED, None, reply)


def _by_code(code: int | None, text: str, phase: Phase) -> Delivery:
    if code is not None and 400 <= code < 500:
        return Delivery(State.DEFERRED, code, text)
    if code is not None and 500 <= code < 600:
        return Delivery(State.FAILED, code, text)
    return _lost(phase, f"unexpected reply {code} {text}")


_ENHANCED = re.compile(r"\s*([245])\.(\d{1,3})\.(\d{1,3})\b")


def session_refusal(step: str, code: int | None, text: str) -> str | None:
    """What to fix when a refusal concerns the whole session rather than one recipient, else None.

    The sender refused (5xx to MAIL FROM), authentication or STARTTLS required (530), a policy
    refusal (enhanced status 5.7.x) or an exhausted quota (x.4.5): every further message would be
    refused the same way, so the run stops and leaves them queued.
    """
    if code is None or not 400 <= code < 600:
        return None
    enhanced = _ENHANCED.match(text)
    klass, subject, detail = enhanced.groups() if enhanced else ("", "", "")
    if (subject, detail) == ("4", "5") or "quota" in text.lower() and code >= 500:
        return "the account's sending quota is used up: wait until the server allows more, then send again"
    if code == 530:
        return "the server requires authentication or STARTTLS: add --user (and --starttls or --ssl)"
    if code < 500:
        return None
    if step == "MAIL":
        return "the server refuses mail from this sender: check organisation.email in campaign.yaml and --user"
    if klass == "5" and subject == "7":
        return "the server's policy refuses this session: check the account, the sender address and its rules"
    return None


class _DeadlineReplies:
    """smtplib's client with a deadline for each whole reply and a cap on its lines.

    `getreply` is smtplib's public method for reading one reply; every command's reply, the
    greeting included, goes through it. smtplib's own version reads with the socket timeout per
    read, which a dripping server never triggers; this one gives the whole reply `reply_timeout`
    seconds and `MAX_REPLY_LINES` lines.
    """

    reply_timeout: float
    sock: Any

    def _setup_deadlines(self, reply_timeout: float) -> None:
        self.reply_timeout = reply_timeout
        self._pending = b""
        self._pending_sock: Any = None

    def close(self) -> None:
        self._pending, self._pending_sock = b"", None
        super().close()  # type: ignore[misc]

    def _read_line(self, deadline: float) -> bytes:
        if self._pending_sock is not self.sock:  # a new socket (TLS): nothing read before it counts
            self._pending, self._pending_sock = b"", self.sock
        while b"\n" not in self._pending[: MAX_LINE + 1]:
            if len(self._pending) > MAX_LINE:
                self.close()
                raise smtplib.SMTPResponseException(500, "Line too long.")
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.close()
                raise TimeoutError(f"the server took more than {self.reply_timeout:g} s to answer")
            try:
                self.sock.settimeout(remaining)
                chunk = self.sock.recv(4096)
            except TimeoutError:
                self.close()
                raise TimeoutError(f"the server took more than {self.reply_timeout:g} s to answer") from None
            except OSError as exc:
                self.close()
                raise smtplib.SMTPServerDisconnected(f"Connection unexpectedly closed: {exc}") from None
            if not chunk:
                self.close()
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
            self._pending += chunk
        line, _, self._pending = self._pending.partition(b"\n")
        return line + b"\n"

    def getreply(self) -> tuple[int, bytes]:
        if self.sock is None:
            raise smtplib.SMTPServerDisconnected("please run connect() first")
        deadline = time.monotonic() + self.reply_timeout
        lines: list[bytes] = []
        while True:
            line = self._read_line(deadline)
            if len(lines) >= MAX_REPLY_LINES:
                self.close()
                raise smtplib.SMTPServerDisconnected(
                    f"the server's reply went on for more than {MAX_REPLY_LINES} lines"
                )
            lines.append(line[4:].strip(b" \t\r\n"))
            try:
                code = int(line[:3])
            except ValueError:
                return -1, b"\n".join(lines)
            if line[3:4] != b"-":
                return code, b"\n".join(lines)

    def send(self, s: Any) -> None:
        if self.sock is not None:
            self.sock.settimeout(self.reply_timeout)  # sendall: the whole of it within the timeout
        super().send(s)  # type: ignore[misc]


class _Client(_DeadlineReplies, smtplib.SMTP):
    def __init__(self, host: str, port: int, timeout: float) -> None:
        self._setup_deadlines(timeout)
        super().__init__(host, port, timeout=timeout)


class _SslClient(_DeadlineReplies, smtplib.SMTP_SSL):
    def __init__(self, host: str, port: int, timeout: float, context: ssl.SSLContext) -> None:
        self._setup_deadlines(timeout)
        super().__init__(host, port, timeout=timeout, context=context)


_Smtp = _Client | _SslClient


def data_lines(data: bytes) -> bytes:
    """The message as sent after DATA, up to its final ".": CRLF line ends, leading dots doubled.

    (`bytes.replace` rather than a regular expression: the same result, several times faster on a
    message with attachments.)
    """
    lines = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").replace(b"\n", b"\r\n")
    stuffed = lines.replace(b"\n.", b"\n..")
    if stuffed.startswith(b"."):
        stuffed = b"." + stuffed
    if not stuffed.endswith(b"\r\n"):
        stuffed += b"\r\n"
    return stuffed


FINAL_DOT = b".\r\n"
"""What ends the data: once it is sent, the server may keep the message."""


class SmtpTransport:
    """One SMTP connection, opened on demand and reused while the server is happy."""

    def __init__(
        self,
        host: str,
        port: int | None = None,
        security: Security = Security.STARTTLS,
        cafile: Path | None = None,
        user: str | None = None,
        password: str | None = None,
        timeout: float = 30.0,
        final_timeout: float = FINAL_TIMEOUT,
    ) -> None:
        if user and password is None:
            raise TransportError("a user name was given without a password")
        self.host = host
        self.port = port or DEFAULT_PORTS[security]
        self.security = security
        self.cafile = cafile
        self.user = user
        self.password = password
        self.timeout = timeout
        """Seconds for connecting and for each whole reply (the greeting, EHLO, each command)."""
        self.final_timeout = final_timeout
        """Seconds for the reply after the final "." (the server may be scanning the message)."""
        self._smtp: _Smtp | None = None

    def __str__(self) -> str:
        return f"{self.host}:{self.port} ({self.security.value})"

    def open(self) -> None:
        """Connect, greet, secure and log in; no message is offered until all of that succeeded."""
        if self._smtp is not None:
            return
        try:
            self._smtp = self._connect()
        except TransportError:
            self.close()
            raise
        except ssl.SSLError as exc:
            self.close()
            if isinstance(exc, ssl.SSLCertVerificationError) or self.security is not Security.SSL:
                raise self._refused(exc) from exc
            raise TransportError(
                f"the mail server {self} does not speak TLS ({exc.reason or exc}); nothing was sent. "
                "Is this a plain port? Use --starttls with it, or --ssl with the server's TLS port (465)"
            ) from exc
        except Exception as exc:
            self.close()
            raise self._refused(exc) from exc

    def _refused(self, exc: BaseException) -> TransportError:
        outcome = classify(exc, Phase.CONNECT)
        reply = f"{outcome.code} {outcome.reply}" if outcome.code else outcome.reply
        message = f"cannot use the mail server {self}: {reply}"
        if outcome.state is State.DEFERRED:
            fix = session_refusal("CONNECT", outcome.code, outcome.reply)
            return TransportError(f"{message}; {fix}") if fix else ServerUnavailableError(message)
        return TransportError(message)

    def _connect(self) -> _Smtp:
        context = ssl.create_default_context(cafile=self.cafile)
        smtp: _Smtp
        # The host goes to the constructor: smtplib checks the certificate against the host given
        # there, and raises SMTPConnectError itself for a greeting other than 220.
        if self.security is Security.SSL:
            smtp = _SslClient(self.host, self.port, self.timeout, context)
        else:
            smtp = _Client(self.host, self.port, self.timeout)
        self._smtp = smtp  # so that close() releases it whatever fails next
        # The final "." goes out alone, after the data and the ledger's commit: without TCP_NODELAY
        # it would wait for the server to acknowledge the data (Nagle), up to its 40 ms delayed ACK.
        smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        smtp.ehlo_or_helo_if_needed()
        if self.security is Security.STARTTLS:
            if not smtp.has_extn("starttls"):
                raise TransportError(
                    f"the mail server {self} does not offer STARTTLS; nothing was sent "
                    "(a server that hides STARTTLS may be under attack; never fall back to clear text)"
                )
            smtp.starttls(context=context)
            smtp.ehlo_or_helo_if_needed()
        if self.user:
            smtp.login(self.user, self.password or "")
        return smtp

    def send(
        self,
        envelope_from: str,
        envelope_to: str,
        data: bytes,
        *,
        smtputf8: bool,
        ready: Callable[[], object] | None = None,
    ) -> Delivery:
        """MAIL, RCPT, DATA for one recipient; a refused recipient is a failure, never a success.

        `ready` is called after the data and before its final ".": the ledger's `sending` commit,
        made meanwhile, must be on disk first. If it raises, the connection is dropped without the
        final "." (the server must discard the message) and the exception propagates.
        """
        smtp = self._smtp
        if smtp is None:
            raise TransportError("the transport is not open")
        phase = Phase.ENVELOPE
        waiting = False
        try:
            options: list[str] = []
            if smtputf8:
                if not smtp.has_extn("smtputf8"):
                    return Delivery(State.FAILED, None, "the server does not offer SMTPUTF8 (needed for this address)")
                options = ["SMTPUTF8", "BODY=8BITMIME"]
            code, reply = smtp.mail(envelope_from, options)
            if code != 250:
                return self._abandon("MAIL", code, reply, phase)
            code, reply = smtp.rcpt(envelope_to)
            if code not in (250, 251):
                return self._abandon("RCPT", code, reply, phase)
            phase = Phase.DATA
            smtp.putcmd("data")
            code, reply = smtp.getreply()
            if code != 354:
                return self._abandon("DATA", code, reply, phase)
            smtp.send(data_lines(data))
            if ready is not None:
                waiting = True
                ready()
                waiting = False
            smtp.send(FINAL_DOT)
            phase = Phase.FINAL
            smtp.reply_timeout = self.final_timeout
            try:
                code, reply = smtp.getreply()
            finally:
                smtp.reply_timeout = self.timeout
            if code != 250:
                return self._abandon("END", code, reply, phase)
            return Delivery(State.SENT, code, _text(reply))
        except BaseException as exc:
            if waiting:  # the caller's failure, not the server's: no final ".", and no QUIT inside the data
                self._drop()
                raise
            if not isinstance(exc, Exception):
                raise
            self.close()
            return classify(exc, phase)

    def _abandon(self, step: str, code: int, reply: bytes, phase: Phase) -> Delivery:
        """After a refusal, clear the transaction so the connection can carry the next message."""
        text = _text(reply)
        outcome = _by_code(code, text, phase)
        fix = session_refusal(step, code, text)
        if fix is not None:
            outcome = Delivery(State.DEFERRED, code, text, session=fix)
        try:
            if self._smtp is not None:
                self._smtp.rset()
        except (smtplib.SMTPException, OSError):
            self.close()
        return outcome

    def abort(self) -> None:
        """Cut the connection now (a second Ctrl-C): a reply being waited for ends at once."""
        smtp = self._smtp
        if smtp is not None and smtp.sock is not None:
            with contextlib.suppress(OSError):
                smtp.sock.shutdown(socket.SHUT_RDWR)

    def _drop(self) -> None:
        """Close the connection without a word (in the middle of the data, QUIT would be data)."""
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            smtp.close()

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()
