"""At most N messages in any window of time (servers and recipients' filters punish bursts)."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


class RateLimiter:
    """A sliding-window counter: `acquire` waits until one more send keeps the window under its limit.

    The clock and the sleep are injected so tests count sends per window on a fake clock instead of
    waiting for real minutes.
    """

    def __init__(
        self,
        limit: int | None,
        window: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if limit is not None and limit < 1:
            raise ValueError("a rate limit must allow at least one message per window")
        self.limit = limit
        self.window = window
        self.clock = clock
        self.sleep = sleep
        self._sent: deque[float] = deque()

    def acquire(self) -> None:
        """Block until a message may go, and count it."""
        if self.limit is None:
            return
        now = self.clock()
        self._forget(now)
        while len(self._sent) >= self.limit:
            self.sleep(self._sent[0] + self.window - now)
            now = self.clock()
            self._forget(now)
        self._sent.append(now)

    def _forget(self, now: float) -> None:
        while self._sent and self._sent[0] <= now - self.window:
            self._sent.popleft()
