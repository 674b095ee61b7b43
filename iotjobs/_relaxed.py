"""`relaxed_limits`: lift the relaxable limits for one block of code, and only for the code that runs in it.

The setting is a stack of *owner frames* kept in a `contextvars.ContextVar`: entering a block pushes the frame of
the code that wrote the ``with`` (or of the decorated call); the limits are relaxed while that frame is on the
call stack of the code asking (`is_relaxed`). So:

* threads: a thread starts with its own context, so it never sees another thread's block; one instance (a
  decorator's) can be entered by many threads at once, because an instance keeps no state;
* asyncio tasks: a task created inside a block copies the context, but the block's frame is not on the task's
  call stack, so the task stays strict (relax inside the task's own coroutine instead);
* generators: a generator suspended at a ``yield`` inside its block is not on the consumer's call stack, so the
  consumer stays strict; the generator is relaxed again when it resumes;
* a ``@contextlib.contextmanager`` (or ``asynccontextmanager``) generator that yields inside the block relaxes the
  ``with`` statement that uses it, and `contextlib.ExitStack` works: their frames are skipped to find the owner.

Used as a decorator, `relaxed_limits` wraps plain functions, ``async def`` functions (relaxed while the
coroutine runs) and generator and async generator functions (relaxed around each resume, in whichever thread or
task resumes them). A plain function that returns a coroutine or a generator is refused with a `TypeError` at
the call: the relaxing would have ended before that code ran.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import sys
from collections.abc import AsyncGenerator, Callable, Generator
from contextvars import ContextVar
from types import FrameType
from typing import Any, TypeVar, cast

__all__ = ["is_relaxed", "relaxed_limits"]

_F = TypeVar("_F", bound=Callable[..., Any])

_OWNERS: ContextVar[tuple[FrameType, ...]] = ContextVar("iotjobs_relaxed_limits", default=())

# contextlib's frames (ExitStack, @contextmanager) are machinery, never the owner of a block. The wrappers of
# this module are not: a decorated call's wrapper frame owns the block, as it stays on the stack while it runs.
_MACHINERY = frozenset({contextlib.__file__})
_GENERATOR_FLAGS = inspect.CO_GENERATOR | inspect.CO_ASYNC_GENERATOR


def _owner(frame: FrameType) -> FrameType:
    """The frame that owns a block entered or left from ``frame``'s caller chain."""
    while True:
        while frame.f_code.co_filename in _MACHINERY and frame.f_back is not None:
            frame = frame.f_back
        back = frame.f_back
        # A generator run by @contextmanager: the block belongs to the `with` statement that uses it.
        if frame.f_code.co_flags & _GENERATOR_FLAGS and back is not None and back.f_code.co_filename in _MACHINERY:
            frame = back
            continue
        return frame


def is_relaxed() -> bool:
    """Whether the code calling this runs inside a `relaxed_limits` block (see the module's rules)."""
    owners = _OWNERS.get()
    if not owners:
        return False
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        if frame in owners:
            return True
        frame = frame.f_back
    return False


def _enter(frame: FrameType) -> None:
    _OWNERS.set((*_OWNERS.get(), _owner(frame)))


def _exit(frame: FrameType) -> None:
    owner = _owner(frame)
    owners = _OWNERS.get()
    for index in range(len(owners) - 1, -1, -1):
        if owners[index] is owner:
            _OWNERS.set(owners[:index] + owners[index + 1:])
            return
    # Not entered in this context (a generator resumed in another thread or task): nothing to undo here.


class relaxed_limits:  # named like contextlib's context managers
    """Lift the relaxable limits for one block of code or one decorated function.

    The day AWS raises a limit before iotjobs is updated, build the config inside this block::

        with iotjobs.relaxed_limits():
            rollout = Rollout.constant(5000)

    Lifted: every maximum, every decimal-places rule, and every bound AWS states only in prose or iotjobs chose
    (see the limits reference). Still checked: types, enum values, required members, the minimums and the
    patterns of botocore's model. Objects built inside keep their values after the block; they are not checked
    again when nested in a `JobUpdate`.

    The block covers the code that runs inside it, in this thread or asyncio task, never the whole process by
    accident: not other threads, not asyncio tasks created inside it (relax inside the task's coroutine, or
    decorate it), not the consumer of a generator that yields inside it. As a decorator it relaxes each call of
    a function, each run of an ``async def`` coroutine, and each resume of a generator or async generator.
    """

    __slots__ = ()

    def __enter__(self) -> relaxed_limits:
        _enter(sys._getframe(1))
        return self

    def __exit__(self, *exc_info: object) -> None:
        _exit(sys._getframe(1))

    def __call__(self, func: _F) -> _F:
        if inspect.isasyncgenfunction(func):
            return cast(_F, _relax_async_generator(func))
        if inspect.isgeneratorfunction(func):
            return cast(_F, _relax_generator(func))
        if inspect.iscoroutinefunction(func):
            return cast(_F, _relax_coroutine(func))
        return cast(_F, _relax_call(func))


def _refuse(func: Callable[..., Any], result: object) -> None:
    """Refuse a plain function's coroutine or generator: its code would run after the relaxing ended."""
    kind = "a coroutine" if inspect.iscoroutine(result) else "an async generator" if inspect.isasyncgen(
        result) else "a generator" if inspect.isgenerator(result) else ""
    if not kind:
        return
    result.close()  # type: ignore[attr-defined]  # never run: no "never awaited" warning
    name = getattr(func, "__qualname__", repr(func))
    raise TypeError(
        f"@relaxed_limits() cannot relax {name}: it returned {kind}, whose code runs after the call returned; "
        "decorate the `async def` or generator function itself, or use `with relaxed_limits():` inside it"
    )


def _relax_call(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def relaxed(*args: Any, **kwargs: Any) -> Any:
        with relaxed_limits():
            result = func(*args, **kwargs)
        _refuse(func, result)
        return result

    return relaxed


def _relax_coroutine(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    async def relaxed(*args: Any, **kwargs: Any) -> Any:
        with relaxed_limits():
            return await func(*args, **kwargs)

    return relaxed


def _relax_generator(func: Callable[..., Generator[Any, Any, Any]]) -> Callable[..., Generator[Any, Any, Any]]:
    @functools.wraps(func)
    def relaxed(*args: Any, **kwargs: Any) -> Generator[Any, Any, Any]:
        generator = func(*args, **kwargs)
        sent: Any = None
        thrown: BaseException | None = None
        while True:
            try:
                with relaxed_limits():
                    item = generator.send(sent) if thrown is None else generator.throw(thrown)
            except StopIteration as stop:
                return stop.value
            finally:
                thrown = None
            try:
                sent = yield item
            except GeneratorExit:
                with relaxed_limits():
                    generator.close()
                raise
            except BaseException as error:  # passed on to the wrapped generator, as `yield from` does
                thrown, sent = error, None

    return relaxed


def _relax_async_generator(func: Callable[..., AsyncGenerator[Any, Any]]) -> Callable[..., AsyncGenerator[Any, Any]]:
    @functools.wraps(func)
    async def relaxed(*args: Any, **kwargs: Any) -> AsyncGenerator[Any, Any]:
        generator = func(*args, **kwargs)
        sent: Any = None
        thrown: BaseException | None = None
        while True:
            try:
                with relaxed_limits():
                    item = await (generator.asend(sent) if thrown is None else generator.athrow(thrown))
            except StopAsyncIteration:
                return
            finally:
                thrown = None
            try:
                sent = yield item
            except GeneratorExit:
                with relaxed_limits():
                    await generator.aclose()
                raise
            except BaseException as error:  # passed on to the wrapped generator
                thrown, sent = error, None

    return relaxed
