"""Transports: how a built message leaves. One small contract, three implementations.

- `smtp.SmtpTransport`: a real mail server (the one `campaign email send` uses);
- `file.FileTransport`: writes each message as an `.eml` file into a folder, for review or for
  another mailer to pick up;
- `memory.MemoryTransport`: keeps messages in a list, with scripted replies; the tests use it, and
  it can never send anything by accident (as Django's locmem backend).

A transport reports what became of each message as a `Delivery` (a ledger state, the server's
code and reply); it raises only when the whole session is unusable (`ServerUnavailableError`:
try again later; `TransportError`: stop, the configuration is wrong), and says in
`Delivery.session` when a server's refusal of one message means it will refuse every other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from campaign.errors import TransportError
from campaign.mail.state import State


@dataclass(frozen=True)
class Delivery:
    """What became of one message: its new state and what the server said."""

    state: State
    code: int | None
    reply: str
    session: str | None = None
    """Set when the refusal concerns the whole session (the sender refused, authentication
    required, a policy or quota refusal): what to fix. The run stops and leaves the rest queued."""


class ServerUnavailableError(TransportError):
    """The server could not be reached or asked us to come back later: messages are deferred."""


class Transport(Protocol):
    """What sending needs from a transport."""

    def open(self) -> None:
        """Connect if not connected; ServerUnavailableError (retry later) or TransportError (abort)."""

    def send(
        self,
        envelope_from: str,
        envelope_to: str,
        data: bytes,
        *,
        smtputf8: bool,
        ready: Callable[[], object] | None = None,
    ) -> Delivery:
        """Offer one message to one recipient; never raises for anything the server does.

        `ready`, when given, is called once, as late as possible before the message can be kept by
        the other side (for SMTP: before the final "." of the data), and not at all when the server
        refuses the message earlier. If it raises, the message must not go out, and the exception
        propagates.
        """
        ...

    def close(self) -> None: ...

    def abort(self) -> None:
        """Cut a transaction in progress short (called from a signal handler); may do nothing."""


__all__ = ["Delivery", "ServerUnavailableError", "Transport"]
