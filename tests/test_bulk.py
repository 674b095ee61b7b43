"""The bulk runner without boto3: fake calls, a fake clock, real journal files."""

from __future__ import annotations

import json
import threading
from collections import Counter
from pathlib import Path

import attrs
import pytest

from iotjobs import BulkResult, InvalidRequestError, JobNotFoundError, ThrottlingError
from iotjobs._bulk import Journal, default_workers, is_throttling, run_bulk
from iotjobs._ratelimit import RateLimiter


class Server:
    """A fake service: counts the requests it answered per id, throttles or fails on demand."""

    def __init__(self, *, throttle: dict[str, int] | None = None, fail: set[str] | None = None,
                 interrupt_after: int | None = None) -> None:
        self.answered: Counter[str] = Counter()
        self.attempts: Counter[str] = Counter()
        self.throttle = dict(throttle or {})
        self.fail = fail or set()
        self.interrupt_after = interrupt_after
        self.lock = threading.Lock()

    def __call__(self, job_id: str) -> None:
        with self.lock:
            if self.interrupt_after is not None and sum(self.answered.values()) >= self.interrupt_after:
                raise KeyboardInterrupt  # Ctrl-C before this request is sent
            self.attempts[job_id] += 1
            if self.throttle.get(job_id, 0) > 0:
                self.throttle[job_id] -= 1
                raise ThrottlingError("ThrottlingException", "Rate exceeded", operation="UpdateJob")
            self.answered[job_id] += 1
            if job_id in self.fail:
                raise JobNotFoundError("ResourceNotFoundException", f"Job {job_id} not found", operation="UpdateJob")


def items(n: int) -> list[tuple[str, str]]:
    return [(f"job-{i}", f"job-{i}") for i in range(n)]


def no_sleep(seconds: float) -> None:
    pass


def test_every_item_is_called_once_and_succeeds() -> None:
    server = Server()
    result = run_bulk(items(20), server, operation="UpdateJob", workers=4)
    assert result.succeeded == tuple(f"job-{i}" for i in range(20))
    assert result.ok
    assert not result.failed
    assert result.skipped == ()
    assert set(server.answered.values()) == {1}


def test_result_is_immutable() -> None:
    result = BulkResult(succeeded=["a"], failed={"b": ValueError("x")}, skipped=["c"])
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        result.succeeded = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        result.failed["d"] = ValueError("y")  # type: ignore[index]
    assert not result.ok


def test_throttling_is_retried_and_never_surfaces() -> None:
    server = Server(throttle={"job-1": 3, "job-4": 1})
    sleeps: list[float] = []
    result = run_bulk(items(6), server, operation="UpdateJob", workers=3, sleep=sleeps.append)
    assert result.ok
    assert len(result.succeeded) == 6
    assert server.attempts["job-1"] == 4
    assert server.answered["job-1"] == 1
    assert len(sleeps) == 4  # one backoff per throttled attempt


def test_backoff_grows_and_is_capped() -> None:
    server = Server(throttle={"job-0": 6})
    sleeps: list[float] = []
    run_bulk(items(1), server, operation="UpdateJob", sleep=sleeps.append, backoff_base=0.1, backoff_cap=0.4)
    bounds = [min(0.4, 0.1 * 2**k) for k in range(6)]
    assert all(0 <= s <= b for s, b in zip(sleeps, bounds, strict=True))


def test_throttling_beyond_the_retries_is_a_typed_failure() -> None:
    server = Server(throttle={"job-0": 3})
    result = run_bulk(items(2), server, operation="UpdateJob", sleep=no_sleep, max_throttle_retries=2)
    assert isinstance(result.failed["job-0"], ThrottlingError)
    assert result.succeeded == ("job-1",)
    # one retry more and it gets through
    server = Server(throttle={"job-0": 3})
    assert run_bulk(items(1), server, operation="UpdateJob", sleep=no_sleep, max_throttle_retries=3).ok


def test_other_errors_are_recorded_typed_and_not_retried() -> None:
    server = Server(fail={"job-2"})
    result = run_bulk(items(4), server, operation="UpdateJob", workers=2)
    assert list(result.failed) == ["job-2"]
    assert isinstance(result.failed["job-2"], JobNotFoundError)
    assert server.attempts["job-2"] == 1
    assert result.succeeded == ("job-0", "job-1", "job-3")


def test_each_attempt_waits_for_the_limiter() -> None:
    now = [0.0]
    sleeps: list[float] = []
    limiter = RateLimiter(10.0, clock=lambda: now[0], sleep=sleeps.append)
    server = Server(throttle={"job-0": 1})
    run_bulk(items(3), server, operation="UpdateJob", limiter=limiter, workers=1, sleep=no_sleep)
    # four attempts in all (one throttled): the limiter booked slots 0, 0.1, 0.2, 0.3
    assert sorted(sleeps) == pytest.approx([0.1, 0.2, 0.3])


def test_journal_records_each_answer_and_a_rerun_skips_them(tmp_path: Path) -> None:
    journal = tmp_path / "run.jsonl"
    server = Server(fail={"job-1"})
    first = run_bulk(items(3), server, operation="UpdateJob", journal=journal)
    lines = [json.loads(line) for line in journal.read_text().splitlines()]
    assert sorted((e["id"], e["ok"]) for e in lines) == [("job-0", True), ("job-1", False), ("job-2", True)]
    assert next(e for e in lines if e["id"] == "job-1")["code"] == "ResourceNotFoundException"
    assert len(first.succeeded) == 2
    second = run_bulk(items(5), server, operation="UpdateJob", journal=journal)
    assert second.skipped == ("job-0", "job-1", "job-2")
    assert second.succeeded == ("job-3", "job-4")
    assert set(server.answered.values()) == {1}


def test_journal_entries_are_per_operation(tmp_path: Path) -> None:
    journal = tmp_path / "run.jsonl"
    server = Server()
    run_bulk(items(2), server, operation="UpdateJob", journal=journal)
    result = run_bulk(items(2), server, operation="CancelJob", journal=journal)
    assert result.skipped == ()
    assert len(result.succeeded) == 2


@pytest.mark.parametrize("workers", [1, 4])
@pytest.mark.parametrize("k", [0, 3, 9])
def test_interrupted_run_resumes_with_nothing_lost_or_repeated(tmp_path: Path, workers: int, k: int) -> None:
    journal = tmp_path / "run.jsonl"
    server = Server(interrupt_after=k)
    with pytest.raises(KeyboardInterrupt):
        run_bulk(items(10), server, operation="UpdateJob", journal=journal, workers=workers)
    answered_before = set(server.answered)
    assert len(answered_before) >= k
    # every request the server answered is in the journal
    assert {json.loads(line)["id"] for line in journal.read_text().splitlines()} == answered_before
    server.interrupt_after = None
    result = run_bulk(items(10), server, operation="UpdateJob", journal=journal, workers=workers)
    assert set(result.skipped) == answered_before
    assert set(result.succeeded) | set(result.skipped) == {f"job-{i}" for i in range(10)}
    assert server.answered == Counter({f"job-{i}": 1 for i in range(10)})


def test_torn_last_line_is_cut_and_that_item_done_again(tmp_path: Path) -> None:
    journal = tmp_path / "run.jsonl"
    journal.write_bytes(b'{"op":"UpdateJob","id":"job-0","ok":true}\n{"op":"UpdateJob","id":"jo')
    server = Server()
    result = run_bulk(items(2), server, operation="UpdateJob", journal=journal)
    assert result.skipped == ("job-0",)
    assert result.succeeded == ("job-1",)
    ids = [json.loads(line)["id"] for line in journal.read_text().splitlines()]
    assert ids == ["job-0", "job-1"]


def test_a_damaged_line_in_the_middle_is_an_error_naming_the_line(tmp_path: Path) -> None:
    journal = tmp_path / "run.jsonl"
    journal.write_bytes(b'{"op":"UpdateJob","id":"job-0","ok":true}\nnot json\n')
    with pytest.raises(ValueError, match=r"line 2: not an iotjobs journal line"):
        Journal(journal)


def test_duplicate_ids_are_rejected_before_anything_is_sent() -> None:
    server = Server()
    with pytest.raises(ValueError, match=r"job id 'job-0' is given twice"):
        run_bulk([("job-0", "job-0"), ("job-0", "job-0")], server, operation="UpdateJob")
    assert not server.attempts


@pytest.mark.parametrize("workers", [0, -2, 1.5, True])
def test_bad_workers_names_the_value(workers: object) -> None:
    with pytest.raises(ValueError, match=r"workers = .*at least 1"):
        run_bulk(items(1), Server(), operation="UpdateJob", workers=workers)  # type: ignore[arg-type]


def test_one_worker_is_enough() -> None:
    assert run_bulk(items(2), Server(), operation="UpdateJob", workers=1).ok


def test_default_workers_follow_the_rate() -> None:
    assert default_workers(10.0) == 10
    assert default_workers(0.5) == 1
    assert default_workers(1000.0) == 32
    assert default_workers(float("inf")) == 32


def test_throttling_is_recognised_by_type_or_code() -> None:
    assert is_throttling(ThrottlingError("ThrottlingException", "x"))
    assert not is_throttling(InvalidRequestError("InvalidRequestException", "x"))

    class FakeClientError(Exception):
        def __init__(self) -> None:
            super().__init__("throttled")
            self.response = {"Error": {"Code": "ThrottlingException"}}

    assert is_throttling(FakeClientError())
    assert not is_throttling(ValueError("ThrottlingException"))


_CHILD = """
import os, sys, time
from iotjobs._bulk import run_bulk
server_log, journal = sys.argv[1], sys.argv[2]

def call(job_id):
    with open(server_log, "a") as f:  # the "server" answers: one line per request it answered
        f.write(job_id + "\\n"); f.flush(); os.fsync(f.fileno())
    time.sleep(0.05)

run_bulk([(f"job-{i}", f"job-{i}") for i in range(40)], call, operation="UpdateJob", journal=journal, workers=1)
"""


def test_a_killed_run_resumes_with_nothing_lost(tmp_path: Path) -> None:
    """SIGKILL mid-run (no cleanup at all): the resumed run finishes everything; at most the one request in flight
    at the kill (answered, not yet journaled) is sent again."""
    import os
    import signal
    import subprocess
    import sys
    import time

    server_log, journal = tmp_path / "server.log", tmp_path / "run.jsonl"
    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(server_log), str(journal)],
                             env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
    try:
        for _ in range(3000):  # wait (at most ~30 s) until a few answers are journaled
            if journal.exists() and journal.read_text().count("\n") >= 5:
                break
            if child.poll() is not None:
                break
            time.sleep(0.01)
        assert child.poll() is None, "the child finished before it could be killed"
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait()
    journaled = {json.loads(line)["id"] for line in journal.read_text().splitlines() if line.endswith("}")}
    assert 5 <= len(journaled) < 40

    def call(job_id: str) -> None:
        with open(server_log, "a") as f:
            f.write(job_id + "\n")

    result = run_bulk(items(40), call, operation="UpdateJob", journal=journal, workers=4)
    assert set(result.skipped) == journaled
    counts = Counter(server_log.read_text().split())
    assert set(counts) == {f"job-{i}" for i in range(40)}  # nothing lost
    assert sum(counts.values()) - 40 <= 1  # at most the request in flight at the kill was repeated
