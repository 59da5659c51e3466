"""A transport that writes each message as an `.eml` file instead of sending it."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from campaign.files import write_atomically
from campaign.mail.state import State
from campaign.mail.transports import Delivery


class FileTransport:
    """Writes `<folder>/<n>-<hash>.eml`, one file per message, in the order they are sent.

    The envelope recipient goes into an `X-Envelope-To` line in front, so the files can be handed
    to another mailer; the message itself is written as it would go over the wire.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.written: list[Path] = []

    def open(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)

    def send(
        self,
        envelope_from: str,
        envelope_to: str,
        data: bytes,
        *,
        smtputf8: bool,
        ready: Callable[[], object] | None = None,
    ) -> Delivery:
        if ready is not None:
            ready()
        digest = hashlib.sha256(data).hexdigest()[:16]
        path = self.folder / f"{len(self.written) + 1:05d}-{digest}.eml"
        envelope = f"X-Envelope-From: {envelope_from}\r\nX-Envelope-To: {envelope_to}\r\n".encode()
        write_atomically(path, envelope + data)
        self.written.append(path)
        return Delivery(State.SENT, None, f"written to {path.name}")

    def abort(self) -> None:
        """Nothing to cut short: each message is handed over at once."""

    def close(self) -> None:
        """Nothing to release."""
