"""relaxed_limits: the explicit escape hatch for the day AWS raises a limit before iotjobs is updated."""

from __future__ import annotations

import asyncio
import threading

import pytest

from iotjobs import FAILED, Abort, JobUpdate, Retry, Rollout, Timeout, ValidationError, relaxed_limits


def test_lifts_maximums_decimals_and_prose_rules_inside_the_block() -> None:
    """Inside the block, maxima, decimal places and prose-only rules are not checked."""
    with relaxed_limits():
        rollout = Rollout.exponential(5000, 1.55, maximum_per_minute=5000)
        timeout = Timeout.minutes(20000)
        retry = Retry.on(FAILED, 30)
        abort = Abort.when(FAILED, 0)
    assert rollout.to_botocore()["maximumPerMinute"] == 5000
    update = JobUpdate("j", rollout=rollout, timeout=timeout, retry=retry, abort=abort)
    assert update.to_botocore()["jobExecutionsRetryConfig"]["criteriaList"][0]["numberOfRetries"] == 30


def test_is_never_global_after_the_block() -> None:
    """The same values fail again once the block is left."""
    with relaxed_limits():
        Rollout.constant(5000)
    with pytest.raises(ValidationError):
        Rollout.constant(5000)


def test_keeps_types_enums_minimums_and_patterns() -> None:
    """Types, enum values, the model's minimums and patterns stay checked."""
    with relaxed_limits():
        with pytest.raises(ValidationError, match="must be an integer"):
            Rollout.constant(10.5)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="must be one of"):
            Abort.when("SOMETIMES", 10)
        with pytest.raises(ValidationError, match="at least 1"):
            Rollout.constant(0)
        with pytest.raises(ValidationError, match="may contain only"):
            JobUpdate("not valid")


def test_works_as_a_decorator_for_one_call() -> None:
    """Decorating a function relaxes the limits for its calls only."""

    @relaxed_limits()
    def build() -> Rollout:
        return Rollout.constant(2000)

    assert build().maximum_per_minute == 2000
    with pytest.raises(ValidationError):
        Rollout.constant(2000)


def test_does_not_leak_into_other_threads() -> None:
    """A block in one thread leaves other threads strict."""
    seen: list[bool] = []
    entered, done = threading.Event(), threading.Event()

    def other() -> None:
        entered.wait(5)
        try:
            Rollout.constant(5000)
            seen.append(True)
        except ValidationError:
            seen.append(False)
        done.set()

    worker = threading.Thread(target=other)
    worker.start()
    with relaxed_limits():
        entered.set()
        done.wait(5)
    worker.join(5)
    assert seen == [False]


def test_does_not_leak_into_other_asyncio_tasks() -> None:
    """Each asyncio task has its own setting."""

    async def strict() -> bool:
        try:
            Rollout.constant(5000)
        except ValidationError:
            return False
        return True

    async def main() -> bool:
        task = asyncio.get_running_loop().create_task(strict())
        with relaxed_limits():
            return await task

    assert asyncio.run(main()) is False


def test_nested_blocks_restore_correctly() -> None:
    """Nesting the same manager object restores the outer state on exit."""
    relaxed = relaxed_limits()
    with relaxed:
        with relaxed:
            Rollout.constant(5000)
        Rollout.constant(5000)
    with pytest.raises(ValidationError):
        Rollout.constant(5000)
