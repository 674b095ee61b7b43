"""relaxed_limits: the explicit escape hatch for the day AWS raises a limit before iotjobs is updated."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Coroutine, Generator, Iterator
from typing import Any

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


# -- hardening: one instance shared by threads, tasks, generators, coroutines ---------------------------------


def _relaxed_now() -> bool:
    """Whether a value beyond a relaxable maximum builds here."""
    try:
        Rollout.constant(5000)
    except ValidationError:
        return False
    return True


def test_a_decorated_function_called_by_overlapping_threads() -> None:
    """One decorator instance, entered by several threads at once: every call relaxed, no token error, and the
    pool threads are strict again afterwards."""
    from concurrent.futures import ThreadPoolExecutor

    workers = 4
    barrier = threading.Barrier(workers, timeout=10)

    @relaxed_limits()
    def build() -> bool:
        barrier.wait()  # every thread is inside the block at once
        inside = _relaxed_now()
        barrier.wait()  # and leaves it while the others are still inside
        return inside

    with ThreadPoolExecutor(workers) as pool:
        inside = list(pool.map(lambda _: build(), range(workers)))
        after = list(pool.map(lambda _: _relaxed_now(), range(workers * 4)))
    assert inside == [True] * workers
    assert after == [False] * (workers * 4)


def test_one_instance_entered_by_overlapping_threads() -> None:
    """The same manager object used in `with` by threads whose blocks overlap and end in any order."""
    shared = relaxed_limits()
    barrier = threading.Barrier(2, timeout=10)
    results: dict[str, tuple[bool, bool]] = {}

    def run(name: str, leave_first: bool) -> None:
        with shared:
            barrier.wait()
            if not leave_first:
                barrier.wait()
            inside = _relaxed_now()
        if leave_first:
            barrier.wait()
        results[name] = (inside, _relaxed_now())

    threads = [threading.Thread(target=run, args=("a", True)), threading.Thread(target=run, args=("b", False))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert results == {"a": (True, False), "b": (True, False)}


def test_tasks_created_inside_the_block_are_strict() -> None:
    """A task created inside the block copies the context but not the block: it stays strict."""

    async def main() -> tuple[bool, bool]:
        with relaxed_limits():
            task = asyncio.get_running_loop().create_task(asyncio.to_thread(_relaxed_now))
            child = asyncio.create_task(asyncio.sleep(0, result=None))
            await child
            inner = asyncio.create_task(_strict_task())
            return await inner, await task

    async def _strict_task() -> bool:
        return _relaxed_now()

    assert asyncio.run(main()) == (False, False)


def test_block_inside_a_coroutine_survives_awaits_and_does_not_reach_other_tasks() -> None:
    """`with` inside a coroutine stays relaxed across awaits; a task running meanwhile stays strict."""

    async def main() -> tuple[bool, bool, bool]:
        started = asyncio.Event()

        async def other() -> bool:
            await started.wait()
            return _relaxed_now()

        task = asyncio.create_task(other())
        with relaxed_limits():
            started.set()
            await asyncio.sleep(0)
            other_result = await task
            still = _relaxed_now()
        return still, other_result, _relaxed_now()

    assert asyncio.run(main()) == (True, False, False)


def test_decorated_coroutine_function_is_relaxed_while_it_runs() -> None:
    """@relaxed_limits() on `async def` relaxes the coroutine's body across awaits, not the caller."""

    @relaxed_limits()
    async def build() -> tuple[bool, bool]:
        before = _relaxed_now()
        await asyncio.sleep(0)
        return before, _relaxed_now()

    async def main() -> tuple[tuple[bool, bool], bool]:
        result = await build()
        return result, _relaxed_now()

    assert asyncio.iscoroutinefunction(build)
    assert asyncio.run(main()) == ((True, True), False)


def test_a_generator_yielding_inside_the_block_does_not_relax_its_consumer() -> None:
    """The consumer of a generator suspended inside the block stays strict; the generator is relaxed again when
    it resumes."""

    def gen() -> Iterator[bool]:
        with relaxed_limits():
            yield _relaxed_now()
            yield _relaxed_now()

    seen = []
    for inside in gen():
        seen.append((inside, _relaxed_now()))
    assert seen == [(True, False), (True, False)]
    assert _relaxed_now() is False


def test_an_abandoned_generator_leaves_nothing_relaxed() -> None:
    """A generator left suspended inside the block, then closed, leaves the caller strict."""

    def gen() -> Generator[int, None, None]:
        with relaxed_limits():
            yield 1
            yield 2

    iterator = gen()
    next(iterator)
    assert _relaxed_now() is False
    iterator.close()
    assert _relaxed_now() is False


def test_decorated_generator_function_is_relaxed_at_each_resume_only() -> None:
    """@relaxed_limits() on a generator function relaxes each resume, in whichever thread resumes it."""

    @relaxed_limits()
    def gen() -> Generator[bool, str, str]:
        got = yield _relaxed_now()
        assert got == "sent"
        yield _relaxed_now()
        return "done"

    iterator = gen()
    assert next(iterator) is True
    assert _relaxed_now() is False
    # Resumed from another thread: still relaxed there, during the resume only.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(iterator.send, "sent").result() is True
        assert pool.submit(_relaxed_now).result() is False
    with pytest.raises(StopIteration) as stop:
        next(iterator)
    assert stop.value.value == "done"


def test_decorated_generator_passes_throw_and_close_on() -> None:
    """throw() reaches the wrapped generator (which may handle it) and close() closes it."""
    events: list[str] = []

    @relaxed_limits()
    def gen() -> Generator[bool, None, None]:
        try:
            yield _relaxed_now()
        except KeyError:
            events.append("caught")
            yield _relaxed_now()
        finally:
            events.append(f"closed relaxed={_relaxed_now()}")

    iterator = gen()
    next(iterator)
    assert iterator.throw(KeyError("x")) is True
    iterator.close()
    assert events == ["caught", "closed relaxed=True"]


def test_decorated_async_generator_function() -> None:
    """@relaxed_limits() on an async generator relaxes each resume, not the consumer."""

    @relaxed_limits()
    async def agen() -> AsyncIterator[bool]:
        yield _relaxed_now()
        await asyncio.sleep(0)
        yield _relaxed_now()

    async def main() -> list[tuple[bool, bool]]:
        return [(inside, _relaxed_now()) async for inside in agen()]

    assert asyncio.run(main()) == [(True, False), (True, False)]


def test_a_plain_function_returning_a_coroutine_is_refused() -> None:
    """A wrapper that returns a coroutine or a generator would run its code unrelaxed: refused clearly."""

    async def build() -> bool:
        return _relaxed_now()

    @relaxed_limits()
    def returns_coroutine() -> Coroutine[Any, Any, bool]:
        return build()

    @relaxed_limits()
    def returns_generator() -> Iterator[int]:
        return iter(x for x in (1,))

    with pytest.raises(TypeError, match="returned a coroutine"):
        returns_coroutine()  # type: ignore[unused-coroutine]  # refused before it returns one
    with pytest.raises(TypeError, match="returned a generator"):
        returns_generator()


def test_contextmanager_and_exit_stack_compose() -> None:
    """A @contextmanager that yields inside the block relaxes its `with`; ExitStack.enter_context works."""
    import contextlib

    @contextlib.contextmanager
    def relaxed_section() -> Iterator[None]:
        with relaxed_limits():
            yield

    with relaxed_section():
        assert _relaxed_now() is True
    assert _relaxed_now() is False
    with contextlib.ExitStack() as stack:
        stack.enter_context(relaxed_limits())
        assert _relaxed_now() is True
    assert _relaxed_now() is False


def test_nesting_covers_the_called_functions_and_unwinds() -> None:
    """A nested block and functions called from a block are covered; each exit keeps the outer block."""

    def helper() -> bool:
        return _relaxed_now()

    with relaxed_limits():
        assert helper() is True
        with relaxed_limits():
            assert helper() is True
        assert helper() is True
    assert helper() is False


def test_an_exception_leaves_the_block() -> None:
    """An exception raised in the block unwinds it."""
    with pytest.raises(KeyError), relaxed_limits():
        raise KeyError("x")
    assert _relaxed_now() is False
