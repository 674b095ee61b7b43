"""A thread-safe client-side rate limiter: the requests of one `JobsClient` stay under the account's API quota.

The limiter is a GCRA (generic cell rate algorithm), the token bucket written as one timestamp: it keeps the
earliest time the next request may start (the "theoretical arrival time") and moves it ``1 / rate`` seconds on per
request. ``burst`` requests may start at once after an idle period; after that they are spaced ``1 / rate`` apart.
Every thread of the client shares one limiter; a thread reserves its slot under the lock and sleeps outside it, so
waiting threads never block each other's bookkeeping. The clock is monotonic, and both the clock and the sleep are
injectable, which makes the tests deterministic.

The default of 10 requests per second is the control-plane quota of each AWS IoT Jobs API (UpdateJob, CancelJob,
DeleteJob, ...): "AWS IoT Throttling Limits", developerguide/limits-iot.md of awsdocs/aws-iot-docs (2019). The
current value is not verified, hence configurable.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

__all__ = ["DEFAULT_MAX_REQUESTS_PER_SECOND", "RateLimiter"]

DEFAULT_MAX_REQUESTS_PER_SECOND = 10.0
"""The historical AWS IoT control-plane quota per Jobs API (limits-iot.md, "AWS IoT Throttling Limits")."""


class RateLimiter:
    """Let at most ``rate`` requests per second start (after an initial ``burst``), across threads.

    ``acquire()`` blocks until the caller may send; ``reserve()`` only books the slot and returns how long to wait.
    ``rate=math.inf`` (or ``None`` through `JobsClient`) disables limiting.
    """

    def __init__(
        self,
        rate: float = DEFAULT_MAX_REQUESTS_PER_SECOND,
        *,
        burst: int = 1,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], object] = time.sleep,
    ) -> None:
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or math.isnan(rate) or rate <= 0:
            raise ValueError(f"max_requests_per_second = {rate!r}: must be a number greater than 0 "
                             "(the AWS IoT control-plane quota is 10 per API)")
        if isinstance(burst, bool) or not isinstance(burst, int) or burst < 1:
            raise ValueError(f"burst = {burst!r}: must be an integer of at least 1")
        self.rate = float(rate)
        self.burst = burst
        self._interval = 0.0 if math.isinf(rate) else 1.0 / rate
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._tat = -math.inf  # the theoretical arrival time of the next request

    def reserve(self) -> float:
        """Book the next slot and return how many seconds the caller must wait before sending (0 if none)."""
        if self._interval == 0.0:
            return 0.0
        with self._lock:
            now = self._clock()
            # After an idle period the schedule restarts at `now`; up to `burst` requests may start before it.
            tat = max(self._tat, now)
            start = max(now, tat - (self.burst - 1) * self._interval)
            self._tat = tat + self._interval
            return start - now

    def acquire(self) -> None:
        """Wait until one more request may be sent, then return."""
        wait = self.reserve()
        if wait > 0:
            self._sleep(wait)

    def __repr__(self) -> str:
        return f"RateLimiter(rate={self.rate!r}, burst={self.burst!r})"
