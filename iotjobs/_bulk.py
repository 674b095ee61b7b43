"""Bulk work at the account's API quota: many independent calls, concurrently, through one rate limiter.

`run_bulk` performs one call per item on a small thread pool. Each attempt waits for the client's `RateLimiter`
(when the call does not already), so the pool runs just below the quota. A throttled attempt (``ThrottlingError``
or a ``ThrottlingException`` code) is retried with capped exponential backoff and never surfaces unless its retries
run out; any other exception is the item's final answer and lands in `BulkResult.failed`.

``journal=`` is a path to an append-only JSON-lines file. One line is written per answered item (success or final
failure), flushed and fsync'ed before the next, so an interrupted run (KeyboardInterrupt, a crash) keeps every
answer it received. A re-run with the same journal skips those items (`BulkResult.skipped`) and does only the rest:
nothing is lost or sent twice. A torn last line (a crash in the middle of a write) is ignored and cut off.
"""

from __future__ import annotations

import json
import math
import os
import random
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from pathlib import Path
from types import MappingProxyType
from typing import Any, Generic, TypeVar

import attrs

from iotjobs._errors import ThrottlingError
from iotjobs._ratelimit import RateLimiter

__all__ = ["BulkResult", "Journal", "is_throttling", "run_bulk"]

_T = TypeVar("_T")

_THROTTLING_CODES = frozenset({"ThrottlingException", "Throttling", "TooManyRequestsException",
                               "RequestLimitExceeded"})

def _ids(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _frozen_mapping(value: Mapping[str, BaseException]) -> Mapping[str, BaseException]:
    return MappingProxyType(dict(value))

@attrs.frozen
class BulkResult:
    """What a bulk call did, per job id.

    Attributes:
        succeeded: the ids AWS accepted in this run, in input order.
        failed: id -> the typed error of its final answer (`ServiceError` subclasses), in input order.
        skipped: the ids the journal already had an answer for; nothing was sent for them.
    """

    succeeded: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    failed: Mapping[str, BaseException] = attrs.field(factory=dict, converter=_frozen_mapping)
    skipped: tuple[str, ...] = attrs.field(default=(), converter=_ids)

    @property
    def ok(self) -> bool:
        """True when nothing failed."""
        return not self.failed

    def __repr__(self) -> str:
        failed = ", ".join(f"{k!r}: {type(v).__name__}" for k, v in self.failed.items())
        return (f"BulkResult(succeeded={len(self.succeeded)}, failed={{{failed}}}, skipped={len(self.skipped)})")

def is_throttling(error: BaseException) -> bool:
    """True for a throttled answer: `ThrottlingError`, or a botocore ``ClientError`` with a throttling code."""
    if isinstance(error, ThrottlingError):
        return True
    code = getattr(error, "code", None)
    if code is None:
        response: Any = getattr(error, "response", None)
        if isinstance(response, dict):
            code = response.get("Error", {}).get("Code")
    return code in _THROTTLING_CODES

class Journal:
    """An append-only JSON-lines record of answered requests, one fsync'ed line each.

    A line is ``{"op": "UpdateJob", "id": "job-1", "ok": true}`` or, for a final failure,
    ``{"op": ..., "id": ..., "ok": false, "code": "...", "message": "..."}``.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self.answered: dict[tuple[str, str], dict[str, Any]] = {}
        self._load()
        self._file = open(self.path, "ab")  # noqa: SIM115 - closed by close()

    def _load(self) -> None:
        if not self.path.exists():
            return
        data = self.path.read_bytes()
        end = data.rfind(b"\n") + 1
        if end < len(data):
            # A torn last line: the process died while writing it, so that answer was never recorded. Cut it off
            # so the next line starts clean; the item is simply done again.
            with open(self.path, "r+b") as f:
                f.truncate(end)
                f.flush()
                os.fsync(f.fileno())
        for number, line in enumerate(data[:end].splitlines(), 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
                key = (str(entry["op"]), str(entry["id"]))
            except (ValueError, KeyError, TypeError) as error:
                raise ValueError(f"journal {str(self.path)!r}, line {number}: not an iotjobs journal line "
                                 f"({error}): {line[:80]!r}") from None
            self.answered[key] = entry

    def has(self, operation: str, item_id: str) -> bool:
        return (operation, item_id) in self.answered

    def record(self, operation: str, item_id: str, error: BaseException | None) -> None:
        entry: dict[str, Any] = {"op": operation, "id": item_id, "ok": error is None}
        if error is not None:
            entry["code"] = str(getattr(error, "code", type(error).__name__))
            entry["message"] = str(getattr(error, "message", error))
        line = json.dumps(entry, separators=(",", ":")).encode() + b"\n"
        with self._lock:
            self._file.write(line)
            self._file.flush()
            os.fsync(self._file.fileno())
            self.answered[(operation, item_id)] = entry

    def close(self) -> None:
        with self._lock:
            self._file.close()

@attrs.define
class _Run(Generic[_T]):
    operation: str
    call: Callable[[_T], object]
    limiter: RateLimiter | None
    journal: Journal | None
    sleep: Callable[[float], object]
    max_throttle_retries: int
    backoff_base: float
    backoff_cap: float
    outcomes: dict[str, BaseException | None] = attrs.field(factory=dict)
    lock: threading.Lock = attrs.field(factory=threading.Lock)
    rng: random.Random = attrs.field(factory=random.Random)

    def one(self, item_id: str, argument: _T) -> None:
        attempt = 0
        while True:
            if self.limiter is not None:
                self.limiter.acquire()
            try:
                self.call(argument)
            except Exception as error:  # every answer is recorded, typed, per item
                if is_throttling(error) and attempt < self.max_throttle_retries:
                    # Full jitter: spread the retries of the pool's threads instead of resending in step.
                    self.sleep(self.rng.uniform(0, min(self.backoff_cap, self.backoff_base * 2**attempt)))
                    attempt += 1
                    continue
                self._answer(item_id, error)
                return
            self._answer(item_id, None)
            return

    def _answer(self, item_id: str, error: BaseException | None) -> None:
        if self.journal is not None:
            self.journal.record(self.operation, item_id, error)
        with self.lock:
            self.outcomes[item_id] = error

def default_workers(rate: float) -> int:
    """Enough threads to keep a limiter of ``rate`` requests/s busy when a request takes up to a second."""
    return 32 if math.isinf(rate) else max(1, min(32, math.ceil(rate)))

def run_bulk(
    items: Iterable[tuple[str, _T]],
    call: Callable[[_T], object],
    *,
    operation: str,
    limiter: RateLimiter | None = None,
    workers: int | None = None,
    journal: str | os.PathLike[str] | None = None,
    sleep: Callable[[float], object] = time.sleep,
    max_throttle_retries: int = 10,
    backoff_base: float = 0.1,
    backoff_cap: float = 5.0,
) -> BulkResult:
    """Call ``call(argument)`` once per ``(id, argument)`` item, concurrently, and return a `BulkResult`.

    ``limiter`` paces every attempt (leave it None when ``call`` already goes through the client's limiter).
    On KeyboardInterrupt (or any BaseException from a call) no new item starts; the calls in flight finish and
    are journaled, then the exception propagates.
    """
    pairs: Sequence[tuple[str, _T]] = list(items)
    seen: set[str] = set()
    for item_id, _ in pairs:
        if item_id in seen:
            raise ValueError(f"{operation}: job id {item_id!r} is given twice; each id may appear once in a bulk call")
        seen.add(item_id)
    if workers is None:
        workers = default_workers(limiter.rate if limiter is not None else math.inf)
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers = {workers!r}: must be an integer of at least 1")

    book = Journal(journal) if journal is not None else None
    try:
        skipped = [i for i, _ in pairs if book is not None and book.has(operation, i)]
        todo = [(i, a) for i, a in pairs if book is None or not book.has(operation, i)]
        run: _Run[_T] = _Run(operation, call, limiter, book, sleep, max_throttle_retries, backoff_base, backoff_cap)
        pool = ThreadPoolExecutor(max_workers=min(workers, max(1, len(todo))), thread_name_prefix="iotjobs-bulk")
        try:
            futures = [pool.submit(run.one, i, a) for i, a in todo]
            done, _ = wait(futures, return_when=FIRST_EXCEPTION)
            for future in done:
                future.result()  # re-raises a BaseException (KeyboardInterrupt) from a call
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
    finally:
        if book is not None:
            book.close()
    outcomes = run.outcomes
    return BulkResult(
        succeeded=[i for i, _ in todo if i in outcomes and outcomes[i] is None],
        failed={i: e for i, _ in todo if (e := outcomes.get(i)) is not None},
        skipped=skipped,
    )
