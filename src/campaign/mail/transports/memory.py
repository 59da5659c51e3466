"""A transport that keeps messages in memory, with scripted replies: for tests and dry runs."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from campaign.mail.state import State
from campaign.mail.transports import Delivery, ServerUnavailableError


@dataclass(frozen=True)
class Sent:
    """One message as the transport received it."""

    envelope_from: str
    envelope_to: str
    data: bytes
    smtputf8: bool


@dataclass
class MemoryTransport:
    """Accepts every message (`250`) unless `replies` scripts otherwise, in order.

    `replies`: deliveries to return for the next messages (then `250 OK` again).
    `unavailable`: how many times `open()` should fail as an unreachable server first.
    """

    replies: deque[Delivery] = field(default_factory=deque)
    unavailable: int = 0
    sent: list[Sent] = field(default_factory=list)
    opened: int = 0
    closed: int = 0

    def open(self) -> None:
        if self.unavailable:
            self.unavailable -= 1
            raise ServerUnavailableError("the in-memory server is scripted to be unavailable")
        self.opened += 1

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
            ready()  # as a server's reply to the final ".": every scripted reply comes after it
        delivery = self.replies.popleft() if self.replies else Delivery(State.SENT, 250, "OK")
        if delivery.state is State.SENT:
            self.sent.append(Sent(envelope_from, envelope_to, data, smtputf8))
        return delivery

    def abort(self) -> None:
        """Nothing to cut short: each message is handed over at once."""

    def close(self) -> None:
        self.closed += 1
