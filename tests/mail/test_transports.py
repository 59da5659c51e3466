"""The file and in-memory transports keep the transport contract: one Delivery per message."""

from __future__ import annotations

from collections import deque
from pathlib import Path

import pytest

from campaign.app.email import email_status
from campaign.mail.send import SendOptions, send_outbox
from campaign.mail.state import State
from campaign.mail.transports import Delivery, ServerUnavailableError
from campaign.mail.transports.file import FileTransport
from campaign.mail.transports.memory import MemoryTransport
from tests.mail.mail_support import prepare

MESSAGE = b"From: a@example.org\r\nTo: b@example.org\r\nSubject: Hi\r\n\r\nHello\r\n"


def test_file_transport_writes_each_message_with_its_envelope(tmp_path: Path) -> None:
    transport = FileTransport(tmp_path / "sent")
    transport.open()
    first = transport.send("a@example.org", "b@example.org", MESSAGE, smtputf8=False)
    second = transport.send("a@example.org", "c@example.org", MESSAGE, smtputf8=False)
    transport.close()
    assert (first.state, second.state) == (State.SENT, State.SENT)
    files = sorted((tmp_path / "sent").glob("*.eml"))
    assert [f.name[:6] for f in files] == ["00001-", "00002-"]
    data = files[1].read_bytes()
    assert data.startswith(b"X-Envelope-From: a@example.org\r\nX-Envelope-To: c@example.org\r\n")
    assert data.endswith(MESSAGE)
    assert not list((tmp_path / "sent").glob(".*")), "no temporary file is left behind"


def test_memory_transport_keeps_what_it_accepts_and_plays_its_script() -> None:
    transport = MemoryTransport(replies=deque([Delivery(State.DEFERRED, 451, "try later")]), unavailable=1)
    with pytest.raises(ServerUnavailableError):
        transport.open()
    transport.open()
    assert transport.send("a@x.org", "b@x.org", MESSAGE, smtputf8=False) == Delivery(State.DEFERRED, 451, "try later")
    assert transport.send("a@x.org", "b@x.org", MESSAGE, smtputf8=True).state is State.SENT
    assert [(m.envelope_to, m.smtputf8) for m in transport.sent] == [("b@x.org", True)]


def test_sending_through_the_in_memory_transport_records_the_ledger(tmp_path: Path) -> None:
    built = prepare(tmp_path)
    transport = MemoryTransport()
    result = send_outbox(built.load(), built.out, transport, SendOptions(allow_unverified=True, retry_delays=()))
    assert result.complete
    assert sorted(m.envelope_to for m in transport.sent) == sorted(
        ["fcdo.correspondence@example.org", "minister@xn--e1afmkfd.xn--80ao21a", "sede@example.eu"]
    )
    assert {row.recipient: row.state for row in email_status(built.folder)} == dict.fromkeys(
        ("eu-sede", "kz-mfa", "uk-fcdo"), "sent"
    )
