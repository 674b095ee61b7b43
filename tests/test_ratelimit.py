"""The rate limiter, driven by a fake clock: deterministic, no timed tests."""

from __future__ import annotations

import math
import threading

import pytest

from iotjobs._ratelimit import DEFAULT_MAX_REQUESTS_PER_SECOND, RateLimiter


class FakeClock:
    """A monotonic clock that moves only when the code under test sleeps (or the test advances it)."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)


def test_default_is_the_documented_control_plane_quota() -> None:
    assert DEFAULT_MAX_REQUESTS_PER_SECOND == 10.0
    assert RateLimiter().rate == 10.0


def test_requests_are_spaced_one_interval_apart() -> None:
    clock = FakeClock()
    limiter = RateLimiter(4.0, clock=clock, sleep=clock.sleep)
    waits = [limiter.reserve() for _ in range(5)]
    assert waits == pytest.approx([0.0, 0.25, 0.5, 0.75, 1.0])


def test_after_idle_the_schedule_restarts_without_credit_beyond_burst() -> None:
    clock = FakeClock()
    limiter = RateLimiter(10.0, clock=clock, sleep=clock.sleep)
    limiter.reserve()
    clock.now += 60.0  # a long idle period earns no more than the burst
    assert limiter.reserve() == 0.0
    assert limiter.reserve() == pytest.approx(0.1)


def test_time_passing_shortens_the_wait() -> None:
    clock = FakeClock()
    limiter = RateLimiter(10.0, clock=clock, sleep=clock.sleep)
    limiter.reserve()
    clock.now += 0.04
    assert limiter.reserve() == pytest.approx(0.06)


@pytest.mark.parametrize("burst", [1, 3])
def test_burst_requests_start_at_once_then_spacing(burst: int) -> None:
    clock = FakeClock()
    limiter = RateLimiter(10.0, burst=burst, clock=clock, sleep=clock.sleep)
    waits = [limiter.reserve() for _ in range(burst + 2)]
    assert waits[:burst] == [0.0] * burst
    assert waits[burst:] == pytest.approx([0.1, 0.2])


def test_acquire_sleeps_only_when_it_must() -> None:
    clock = FakeClock()
    limiter = RateLimiter(5.0, clock=clock, sleep=clock.sleep)
    limiter.acquire()
    limiter.acquire()
    assert clock.sleeps == pytest.approx([0.2])


def test_threads_share_one_schedule() -> None:
    clock = FakeClock()
    limiter = RateLimiter(10.0, clock=clock, sleep=clock.sleep)
    waits: list[float] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(25):
            wait = limiter.reserve()
            with lock:
                waits.append(wait)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # 100 requests, no two in one slot: exactly the slots 0, 0.1, ..., 9.9.
    assert sorted(round(w, 6) for w in waits) == [round(i * 0.1, 6) for i in range(100)]


def test_infinite_rate_never_waits() -> None:
    clock = FakeClock()
    limiter = RateLimiter(math.inf, clock=clock, sleep=clock.sleep)
    assert [limiter.reserve() for _ in range(3)] == [0.0, 0.0, 0.0]


@pytest.mark.parametrize("rate", [0, -1.0, math.nan, "10", True])
def test_bad_rate_names_the_value(rate: object) -> None:
    with pytest.raises(ValueError, match=r"max_requests_per_second = .*greater than 0"):
        RateLimiter(rate)  # type: ignore[arg-type]


def test_smallest_positive_rate_is_accepted() -> None:
    assert RateLimiter(0.001).rate == 0.001


@pytest.mark.parametrize("burst", [0, -1, 1.5])
def test_bad_burst_names_the_value(burst: object) -> None:
    with pytest.raises(ValueError, match=r"burst = .*at least 1"):
        RateLimiter(10.0, burst=burst)  # type: ignore[arg-type]
