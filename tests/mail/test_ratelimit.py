"""The rate limiter counts sends per window on an injected clock."""

from __future__ import annotations

import pytest

from campaign.mail.ratelimit import RateLimiter
from tests.mail.mail_support import FakeClock, max_in_any_window


@pytest.mark.parametrize("limit", [1, 3, 7])
def test_never_more_than_the_limit_in_any_window(limit: int) -> None:
    clock = FakeClock()
    limiter = RateLimiter(limit, clock=clock.now, sleep=clock.sleep)
    times = []
    for _ in range(25):
        limiter.acquire()
        times.append(clock.now())
        clock.t += 1.5  # the send itself takes a little time
    assert max_in_any_window(times, 60.0) == limit
    # and it does not wait longer than needed: a full window holds exactly `limit` sends
    assert times[limit] - times[0] == pytest.approx(60.0)


def test_no_limit_never_sleeps() -> None:
    clock = FakeClock()
    limiter = RateLimiter(None, clock=clock.now, sleep=clock.sleep)
    for _ in range(100):
        limiter.acquire()
    assert clock.sleeps == []


def test_a_limit_must_allow_something() -> None:
    with pytest.raises(ValueError, match="at least one message"):
        RateLimiter(0)
