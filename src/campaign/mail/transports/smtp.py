"""Handing messages to an SMTP server, and what each way of failing means for the ledger.

smtplib on Python 3.11 has no default timeout, checks no certificate in `starttls()` or `SMTP_SSL`
without a context, returns a refused recipient in a dict instead of raising, and uses the same
exception class for 4xx and 5xx DATA replies (section 5c of
`shared/reference/library-behaviour-under-attack.md`). So this transport always passes a timeout
and `ssl.create_default_context(cafile=...)`, refuses to go on when STARTTLS was asked for and is
not offered, sends one recipient per message step by step (MAIL, RCPT, DATA) so it knows how far a
transaction got, and turns every exception into a ledger outcome in one function, `classify`.
"""

from __future__ import annotations

import enum
import smtplib
import ssl
from pathlib import Path

from campaign.errors import TransportError
from campaign.mail.state import State
from campaign.mail.transports import Delivery, ServerUnavailableError


class Security(enum.Enum):
    """How the connection is protected."""

    NONE = "none"
    STARTTLS = "starttls"
    SSL = "ssl"


DEFAULT_PORTS = {Security.NONE: 25, Security.STARTTLS: 587, Security.SSL: 465}


class Phase(enum.Enum):
    """How far a transaction got when it failed: it decides between `deferred` and `unknown`."""

    CONNECT = "connect"
    """Connecting, greeting, EHLO, TLS, login: no message has been offered."""
    ENVELOPE = "envelope"
    """MAIL FROM and RCPT TO: the server has not seen the message."""
    DATA = "data"
    """The DATA command was given: from here on the server may have the message."""


def classify(exc: BaseException, phase: Phase) -> Delivery:
    """The one place that maps smtplib, socket and ssl exceptions to an outcome.

    4xx is deferred, 5xx failed; a connection lost once DATA was given is unknown (the server may
    have queued the message before dropping us), and before that deferred. Anything that is not a
    mail or network error is a bug and is raised again.
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
    if phase is Phase.DATA:
        return Delivery(State.UNKNOWN, None, f"connection lost after DATA; the server may have the message ({reply})")
    return Delivery(State.DEFERRED, None, reply)


def _by_code(code: int | None, text: str, phase: Phase) -> Delivery:
    if code is not None and 400 <= code < 500:
        return Delivery(State.DEFERRED, code, text)
    if code is not None and 500 <= code < 600:
        return Delivery(State.FAILED, code, text)
    return _lost(phase, f"unexpected reply {code} {text}")


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
        self._smtp: smtplib.SMTP | None = None

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
        except Exception as exc:
            self.close()
            outcome = classify(exc, Phase.CONNECT)
            reply = f"{outcome.code} {outcome.reply}" if outcome.code else outcome.reply
            message = f"cannot use the mail server {self}: {reply}"
            if outcome.state is State.DEFERRED:
                raise ServerUnavailableError(message) from exc
            raise TransportError(message) from exc

    def _connect(self) -> smtplib.SMTP:
        context = ssl.create_default_context(cafile=self.cafile)
        smtp: smtplib.SMTP
        # The host goes to the constructor: smtplib checks the certificate against the host given
        # there (`_host`), and raises SMTPConnectError itself for a greeting other than 220.
        if self.security is Security.SSL:
            smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        self._smtp = smtp  # so that close() releases it whatever fails next
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

    def send(self, envelope_from: str, envelope_to: str, data: bytes, *, smtputf8: bool) -> Delivery:
        """MAIL, RCPT, DATA for one recipient; a refused recipient is a failure, never a success."""
        smtp = self._smtp
        if smtp is None:
            raise TransportError("the transport is not open")
        phase = Phase.ENVELOPE
        try:
            options: list[str] = []
            if smtputf8:
                if not smtp.has_extn("smtputf8"):
                    return Delivery(State.FAILED, None, "the server does not offer SMTPUTF8 (needed for this address)")
                options = ["SMTPUTF8", "BODY=8BITMIME"]
            code, reply = smtp.mail(envelope_from, options)
            if code != 250:
                return self._abandon(_by_code(code, _text(reply), phase))
            code, reply = smtp.rcpt(envelope_to)
            if code not in (250, 251):
                return self._abandon(_by_code(code, _text(reply), phase))
            phase = Phase.DATA
            code, reply = smtp.data(data)
            if code != 250:
                return self._abandon(_by_code(code, _text(reply), phase))
            return Delivery(State.SENT, code, _text(reply))
        except Exception as exc:
            self.close()
            return classify(exc, phase)

    def _abandon(self, outcome: Delivery) -> Delivery:
        """After a refusal, clear the transaction so the connection can carry the next message."""
        try:
            if self._smtp is not None:
                self._smtp.rset()
        except (smtplib.SMTPException, OSError):
            self.close()
        return outcome

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()
