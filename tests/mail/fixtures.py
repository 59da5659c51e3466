"""Fixtures for the tests that send (tests/mail and the email commands in tests/cli): a built
campaign and real SMTP servers on 127.0.0.1. A plugin of the root conftest, so both folders share them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.mail.mail_support import Built, Mailbox, Server, SilentServer, TLSFiles, prepare, running


@pytest.fixture
def built(tmp_path: Path) -> Built:
    """The test campaign with build output (manifest + PDFs) and its outbox."""
    return prepare(tmp_path)


@pytest.fixture
def mailbox() -> Mailbox:
    return Mailbox()


@pytest.fixture
def smtp(mailbox: Mailbox) -> Iterator[Server]:
    """A plain SMTP server (no TLS) that accepts everything, unless its mailbox is scripted."""
    yield from running(mailbox)


@pytest.fixture
def tls_files(tmp_path: Path) -> TLSFiles:
    return TLSFiles(tmp_path)


@pytest.fixture
def starttls_smtp(mailbox: Mailbox, tls_files: TLSFiles) -> Iterator[Server]:
    """A server that offers STARTTLS with a certificate from the test CA, and requires it."""
    yield from running(mailbox, tls_context=tls_files.server_context(), require_starttls=True)


@pytest.fixture
def ssl_smtp(mailbox: Mailbox, tls_files: TLSFiles) -> Iterator[Server]:
    """A server that speaks TLS from the first byte (port-465 style)."""
    yield from running(mailbox, ssl_context=tls_files.server_context())


@pytest.fixture
def silent_server() -> Iterator[SilentServer]:
    server = SilentServer()
    yield server
    server.close()
