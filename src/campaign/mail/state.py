"""The one enumeration of where a message stands, in the ledger and in a run's report.

Six states are stored in the ledger and move only along `TRANSITIONS` (listmonk keeps campaign
states the same way):

```
queued ──► sending ──► sent
   │          ├──────► failed              5xx: permanent, retried only on request
   │          ├──────► deferred ◄─┐        4xx, no server, or the server refused the session: retried
   │          └──────► unknown    │        the connection died after the final ".": the server may have it
   └──────────────────► deferred ─┘        (deferred ──► sending; unknown and failed ──► sending on request:
                                            --resend-unknown, --retry-failed)
```

Three more describe what a run did with a message without sending it, and are never stored:
`skipped` (a rule held it back), `would send` (a dry run) and `not attempted` (the run stopped first).
"""

from __future__ import annotations

import enum


class State(enum.Enum):
    """Where a message stands; the ledger stores the value of the first six."""

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    DEFERRED = "deferred"
    FAILED = "failed"
    UNKNOWN = "unknown"
    SKIPPED = "skipped"
    """Held back by a rule (already sent, unverified, changed, stale); not stored."""
    WOULD_SEND = "would send"
    """A dry run would send it; not stored."""
    NOT_ATTEMPTED = "not attempted"
    """The run stopped before it; not stored."""

    @property
    def stored(self) -> bool:
        """Whether the ledger keeps this state (the others only appear in a run's report)."""
        return self in STORED


STORED: frozenset[State] = frozenset(
    {State.QUEUED, State.SENDING, State.SENT, State.DEFERRED, State.FAILED, State.UNKNOWN}
)

TRANSITIONS: frozenset[tuple[State, State]] = frozenset(
    {
        (State.QUEUED, State.SENDING),
        (State.QUEUED, State.DEFERRED),
        (State.SENDING, State.SENT),
        (State.SENDING, State.DEFERRED),
        (State.SENDING, State.FAILED),
        (State.SENDING, State.UNKNOWN),
        (State.DEFERRED, State.SENDING),
        (State.DEFERRED, State.DEFERRED),
        (State.UNKNOWN, State.SENDING),
        (State.FAILED, State.SENDING),
    }
)
"""Every allowed (from, to) move between stored states; anything else is a bug and is refused."""
