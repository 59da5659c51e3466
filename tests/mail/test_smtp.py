"""The SMTP transport against real servers on 127.0.0.1, and the one exception-to-outcome map."""

from __future__ import annotations

import smtplib
import socket
import ssl
import time
from collections.abc import Callable

import pytest

from campaign.errors import TransportError
from campaign.mail.state import State
from campaign.mail.transports import ServerUnavailableError
from campaign.mail.transports.smtp import Phase, Security, SmtpTransport, classify, data_lines
from tests.mail.mail_support import HOST, Mailbox, Server, SilentServer, TLSFiles, free_port, running

MESSAGE = b"From: a@example.org\r\nTo: b@example.org\r\nSubject: test\r\n\r\nbody\r\n"

# One way to build each smtplib exception; the test below fails if Python grows a new one.
EXAMPLES: dict[type[smtplib.SMTPException], Callable[[int], smtplib.SMTPException]] = {
    smtplib.SMTPException: lambda code: smtplib.SMTPException("No suitable authentication method found."),
    smtplib.SMTPNotSupportedError: lambda code: smtplib.SMTPNotSupportedError("SMTPUTF8 not supported"),
    smtplib.SMTPServerDisconnected: lambda code: smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
    smtplib.SMTPResponseException: lambda code: smtplib.SMTPResponseException(code, b"reply"),
    smtplib.SMTPSenderRefused: lambda code: smtplib.SMTPSenderRefused(code, b"sender", "a@example.org"),
    smtplib.SMTPRecipientsRefused: lambda code: smtplib.SMTPRecipientsRefused({"b@example.org": (code, b"no")}),
    smtplib.SMTPDataError: lambda code: smtplib.SMTPDataError(code, b"data"),
    smtplib.SMTPConnectError: lambda code: smtplib.SMTPConnectError(code, b"connect"),
    smtplib.SMTPHeloError: lambda code: smtplib.SMTPHeloError(code, b"helo"),
    smtplib.SMTPAuthenticationError: lambda code: smtplib.SMTPAuthenticationError(code, b"auth"),
}
CODED = (
    smtplib.SMTPResponseException,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPDataError,
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
    smtplib.SMTPAuthenticationError,
)


def all_subclasses(cls: type) -> set[type]:
    found = {cls}
    for sub in cls.__subclasses__():
        found |= all_subclasses(sub)
    return found


def test_every_smtplib_exception_has_an_example() -> None:
    assert all_subclasses(smtplib.SMTPException) == set(EXAMPLES)


@pytest.mark.parametrize("phase", list(Phase))
@pytest.mark.parametrize("cls", sorted(EXAMPLES, key=lambda c: c.__name__), ids=lambda c: c.__name__)
def test_every_smtplib_exception_maps_to_one_outcome(cls: type[smtplib.SMTPException], phase: Phase) -> None:
    if cls in CODED:
        assert classify(EXAMPLES[cls](451), phase).state is State.DEFERRED
        assert classify(EXAMPLES[cls](421), phase).state is State.DEFERRED
        assert classify(EXAMPLES[cls](550), phase).state is State.FAILED
        assert classify(EXAMPLES[cls](554), phase).state is State.FAILED
        assert classify(EXAMPLES[cls](550), phase).code == 550
    elif cls is smtplib.SMTPServerDisconnected:
        expected = State.UNKNOWN if phase is Phase.FINAL else State.DEFERRED
        assert classify(EXAMPLES[cls](0), phase).state is expected
    else:
        assert classify(EXAMPLES[cls](0), phase).state is State.FAILED


@pytest.mark.parametrize(
    "exc",
    [TimeoutError("timed out"), ConnectionResetError(104, "reset"), ConnectionRefusedError(111, "refused")],
    ids=lambda e: type(e).__name__,
)
def test_network_errors_are_unknown_only_after_the_final_dot(exc: OSError) -> None:
    assert classify(exc, Phase.CONNECT).state is State.DEFERRED
    assert classify(exc, Phase.ENVELOPE).state is State.DEFERRED
    assert classify(exc, Phase.DATA).state is State.DEFERRED
    assert classify(exc, Phase.FINAL).state is State.UNKNOWN


def test_certificate_errors_are_permanent_and_bugs_are_not_swallowed() -> None:
    bad_cert = ssl.SSLCertVerificationError(1, "certificate verify failed")
    bad_cert.verify_message = "self-signed certificate"
    assert classify(bad_cert, Phase.CONNECT).state is State.FAILED
    with pytest.raises(KeyError):
        classify(KeyError("bug"), Phase.DATA)


def send(transport: SmtpTransport, to: str = "b@example.org") -> State:
    transport.open()
    try:
        return transport.send("a@example.org", to, MESSAGE, smtputf8=False).state
    finally:
        transport.close()


def test_plain_delivery(smtp: Server, mailbox: Mailbox) -> None:
    assert send(SmtpTransport(HOST, smtp.port, Security.NONE, timeout=5)) is State.SENT
    (received,) = mailbox.received
    assert received.rcpt_tos == ("b@example.org",)
    assert received.data.replace(b"\r\n", b"\n").endswith(b"body\n")


def test_starttls_with_the_test_ca(starttls_smtp: Server, mailbox: Mailbox, tls_files: TLSFiles) -> None:
    transport = SmtpTransport(HOST, starttls_smtp.port, Security.STARTTLS, cafile=tls_files.cafile, timeout=5)
    assert send(transport) is State.SENT
    assert len(mailbox.received) == 1


def test_implicit_tls_with_the_test_ca(ssl_smtp: Server, mailbox: Mailbox, tls_files: TLSFiles) -> None:
    transport = SmtpTransport(HOST, ssl_smtp.port, Security.SSL, cafile=tls_files.cafile, timeout=5)
    assert send(transport) is State.SENT
    assert len(mailbox.received) == 1


def test_starttls_not_offered_is_an_error_and_nothing_is_sent(smtp: Server, mailbox: Mailbox) -> None:
    transport = SmtpTransport(HOST, smtp.port, Security.STARTTLS, timeout=5)
    with pytest.raises(TransportError, match="does not offer STARTTLS; nothing was sent") as caught:
        transport.open()
    assert not isinstance(caught.value, ServerUnavailableError)
    assert mailbox.received == []


@pytest.mark.parametrize("security", [Security.STARTTLS, Security.SSL])
def test_untrusted_certificate_is_an_error_and_nothing_is_sent(
    security: Security, mailbox: Mailbox, tls_files: TLSFiles
) -> None:
    options = (
        {"tls_context": tls_files.server_context(), "require_starttls": True}
        if security is Security.STARTTLS
        else {"ssl_context": tls_files.server_context()}
    )
    for server in running(mailbox, **options):
        transport = SmtpTransport(HOST, server.port, security, timeout=5)  # the system CAs only
        with pytest.raises(TransportError, match="certificate was not accepted") as caught:
            transport.open()
        assert not isinstance(caught.value, ServerUnavailableError)
    assert mailbox.received == []


def test_silent_server_times_out_as_unavailable(silent_server: SilentServer) -> None:
    transport = SmtpTransport(HOST, silent_server.port, Security.NONE, timeout=0.5)
    started = time.monotonic()
    with pytest.raises(ServerUnavailableError, match="timed out|took more than 0.5 s"):
        transport.open()
    assert time.monotonic() - started < 10  # bounded by the timeout, not a hang


def test_closed_port_is_unavailable() -> None:
    with pytest.raises(ServerUnavailableError, match="ConnectionRefusedError"):
        SmtpTransport(HOST, free_port(), Security.NONE, timeout=2).open()


def test_refused_recipient_is_a_failure_not_a_success(smtp: Server, mailbox: Mailbox) -> None:
    mailbox.rcpt_replies["gone@example.org"] = "550 5.1.1 No such user"
    mailbox.rcpt_replies["busy@example.org"] = "450 4.2.1 Mailbox busy"
    transport = SmtpTransport(HOST, smtp.port, Security.NONE, timeout=5)
    transport.open()
    gone = transport.send("a@example.org", "gone@example.org", MESSAGE, smtputf8=False)
    busy = transport.send("a@example.org", "busy@example.org", MESSAGE, smtputf8=False)
    fine = transport.send("a@example.org", "b@example.org", MESSAGE, smtputf8=False)
    transport.close()
    assert (gone.state, gone.code) == (State.FAILED, 550)
    assert (busy.state, busy.code) == (State.DEFERRED, 450)
    assert fine.state is State.SENT, "the connection stays usable after a refusal"
    assert [r.rcpt_tos for r in mailbox.received] == [("b@example.org",)]


def test_data_replies_are_told_apart_by_code(smtp: Server, mailbox: Mailbox) -> None:
    mailbox.data_replies["b@example.org"] = ["451 4.3.0 Try again later", "554 5.6.0 Content rejected", None]
    transport = SmtpTransport(HOST, smtp.port, Security.NONE, timeout=5)
    transport.open()
    outcomes = [transport.send("a@example.org", "b@example.org", MESSAGE, smtputf8=False) for _ in range(3)]
    transport.close()
    assert [(o.state, o.code) for o in outcomes] == [(State.DEFERRED, 451), (State.FAILED, 554), (State.SENT, 250)]


def test_dropped_after_data_is_unknown(smtp: Server, mailbox: Mailbox) -> None:
    mailbox.drop.add("b@example.org")
    transport = SmtpTransport(HOST, smtp.port, Security.NONE, timeout=5)
    transport.open()
    outcome = transport.send("a@example.org", "b@example.org", MESSAGE, smtputf8=False)
    transport.close()
    assert outcome.state is State.UNKNOWN
    assert len(mailbox.received) == 1, "the server did get it: that is why it is unknown, not deferred"


def test_smtputf8_address_needs_the_extension(mailbox: Mailbox) -> None:
    for server in running(mailbox, enable_SMTPUTF8=False):
        transport = SmtpTransport(HOST, server.port, Security.NONE, timeout=5)
        transport.open()
        outcome = transport.send("a@example.org", "иван@example.org", MESSAGE, smtputf8=True)
        transport.close()
        assert outcome.state is State.FAILED
        assert "SMTPUTF8" in outcome.reply
    assert mailbox.received == []


def test_a_port_that_is_not_smtp_is_not_a_hang() -> None:
    with socket.create_server((HOST, 0)) as listener:
        port = listener.getsockname()[1]
        with pytest.raises(ServerUnavailableError):
            SmtpTransport(HOST, port, Security.NONE, timeout=0.5).open()


@pytest.mark.parametrize(
    ("data", "on_the_wire"),
    [
        (b"a\r\nb\r\n", b"a\r\nb\r\n"),
        (b"a\nb\rc\r\nd", b"a\r\nb\r\nc\r\nd\r\n"),  # bare LF and bare CR become CRLF; a last line ends
        (b"a\r\r\n\n", b"a\r\n\r\n\r\n"),
        (b".first\r\n..second\n.\r\nx.y\r\n", b"..first\r\n...second\r\n..\r\nx.y\r\n"),  # leading dots doubled
        (b"\r.", b"\r\n..\r\n"),
        (b"", b"\r\n"),
    ],
)
def test_the_data_is_sent_with_crlf_and_leading_dots_doubled(data: bytes, on_the_wire: bytes) -> None:
    assert data_lines(data) == on_the_wire
