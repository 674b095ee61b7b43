"""``iotjobs watch-job``: a progress line per look and an exit code for the job's outcome."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import pytest

from iotjobs import Job, JobProcessDetails, JobStatus, Rollout
from iotjobs.cli import main
from iotjobs.cli._watch import INTERVAL_MAX, INTERVAL_MIN, TIMEOUT_MIN, progress_line, watch_job
from iotjobs.testing import local_iot, make_describe_job_response, make_job
from tests._capture import CannedResponse, capture_server, json_response


def _wire(status: JobStatus, **process: Any) -> CannedResponse:
    """A DescribeJob answer as AWS sends it (epoch seconds) for a job in ``status`` with these counts."""
    response = make_describe_job_response(
        "fw-42", status=status, rollout=Rollout.exponential(50, 2, notified_things=1000),
        process=JobProcessDetails(**process),
    )

    def epoch(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: epoch(v) for k, v in value.items() if k != "ResponseMetadata"}
        if isinstance(value, list):
            return [epoch(v) for v in value]
        return value.timestamp() if isinstance(value, datetime) else value

    return json_response(epoch(response))


def _script(*answers: CannedResponse) -> Iterator[CannedResponse]:
    yield from answers


def _watch(url: str, *extra: str) -> list[str]:
    return ["watch-job", "--job-id", "fw-42", "--interval", "1", "--endpoint-url", url, "--region", "us-east-1",
            *extra]


class FakeTime:
    """``time.sleep`` and ``time.monotonic`` without waiting: a sleep moves the clock on and is recorded."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def fake_time(monkeypatch: pytest.MonkeyPatch) -> FakeTime:
    """JobsClient.watch and watch-job look up ``time.sleep`` / ``time.monotonic`` when called: no test waits."""
    fake = FakeTime()
    monkeypatch.setattr(time, "sleep", fake.sleep)
    monkeypatch.setattr(time, "monotonic", fake.monotonic)
    return fake


def test_follows_the_job_until_it_completes_and_exits_0(
    capsys: pytest.CaptureFixture[str], fake_time: FakeTime
) -> None:
    """One full line per change (not a terminal), stopping at COMPLETED with exit code 0."""
    answers = _script(
        _wire(JobStatus.IN_PROGRESS, queued=80, in_progress=10, succeeded=10),
        _wire(JobStatus.IN_PROGRESS, in_progress=10, succeeded=88, failed=2),
        _wire(JobStatus.COMPLETED, succeeded=97, failed=3),
    )
    with capture_server(answers) as server:
        code = main(_watch(server.url))
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert len(out) == 3
    assert [r.method for r in server.requests] == ["GET"] * 3
    assert fake_time.sleeps == [1.0, 1.0]
    assert out[0].startswith("fw-42 IN_PROGRESS [")
    assert "10/100 (10%)" in out[0]
    assert "in progress 10, queued 80" in out[0]
    assert "90/100 (90%)" in out[1]
    assert f"{(90 - 10) / (1 / 60):.1f}/min" in out[1]  # 80 more in the second between the looks
    assert out[2].startswith("fw-42 COMPLETED")
    assert "succeeded 97, failed 3" in out[2]
    assert "\r" not in "".join(out)


def test_without_a_terminal_a_line_is_printed_per_change_not_per_look(
    capsys: pytest.CaptureFixture[str], fake_time: FakeTime
) -> None:
    """Five looks, three different states: three lines, each one different from the one before."""
    first = {"queued": 90, "succeeded": 10}
    second = {"queued": 50, "in_progress": 10, "succeeded": 40}
    answers = _script(
        _wire(JobStatus.IN_PROGRESS, **first),
        _wire(JobStatus.IN_PROGRESS, **first),
        _wire(JobStatus.IN_PROGRESS, **second),
        _wire(JobStatus.IN_PROGRESS, **second),
        _wire(JobStatus.COMPLETED, succeeded=100),
    )
    with capture_server(answers) as server:
        code = main(_watch(server.url))
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert len(server.requests) == 5
    assert len(out) == 3
    assert [line.split("] ")[1].split(" ")[0] for line in out] == ["10/100", "40/100", "100/100"]


def test_output_json_prints_one_object_per_change(capsys: pytest.CaptureFixture[str], fake_time: FakeTime) -> None:
    """--output json: JSON lines with the status, the counts, the rate, the rollout ETA and a UTC timestamp."""
    answers = _script(
        _wire(JobStatus.IN_PROGRESS, queued=80, in_progress=10, succeeded=10),
        _wire(JobStatus.IN_PROGRESS, queued=80, in_progress=10, succeeded=10),
        _wire(JobStatus.CANCELED, succeeded=60, failed=25, canceled=15),
    )
    before = datetime.now(timezone.utc).replace(microsecond=0)
    with capture_server(answers) as server:
        code = main(["--output", "json", *_watch(server.url)])
    after = datetime.now(timezone.utc)
    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    assert len(server.requests) == 3
    records = [json.loads(line) for line in lines]
    assert [r["status"] for r in records] == ["IN_PROGRESS", "CANCELED"]
    first, last = records
    assert first["jobId"] == "fw-42"
    assert (first["completed"], first["total"]) == (10, 100)
    assert first["counts"] == {"succeeded": 10, "failed": 0, "timedOut": 0, "rejected": 0, "canceled": 0,
                               "removed": 0, "inProgress": 10, "queued": 80}
    assert first["ratePerMinute"] is None  # one look: no rate yet
    assert (last["completed"], last["total"]) == (100, 100)
    assert last["counts"]["failed"] == 25
    assert last["counts"]["canceled"] == 15
    assert last["ratePerMinute"] == pytest.approx((100 - 10) / (2 / 60))  # over the 2 s since the first look
    preview = Rollout.exponential(50, 2, notified_things=1000).preview(100)
    assert first["etaMinutes"] == pytest.approx(preview.minutes - preview.minute_when(100), abs=1e-3)
    assert last["etaMinutes"] is None  # the job has ended
    for record in records:
        assert record["timestamp"].endswith("Z")
        assert before <= datetime.fromisoformat(record["timestamp"].replace("Z", "+00:00")) <= after


def test_output_text_is_the_progress_line(capsys: pytest.CaptureFixture[str], fake_time: FakeTime) -> None:
    """--output text (after the command, as a global option may be) is the default line."""
    with capture_server(_script(_wire(JobStatus.COMPLETED, succeeded=100))) as server:
        assert main([*_watch(server.url), "--output", "text"]) == 0
    assert capsys.readouterr().out.startswith("fw-42 COMPLETED [")


def test_a_canceled_job_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    """An abort (CANCELED) is the outcome 1."""
    with capture_server(_script(_wire(JobStatus.CANCELED, failed=30, succeeded=70))) as server:
        assert main(_watch(server.url)) == 1
    assert "CANCELED" in capsys.readouterr().out


def test_timeout_while_running_exits_2(capsys: pytest.CaptureFixture[str], fake_time: FakeTime) -> None:
    """A job still running when --timeout passes is the outcome 2, against the local endpoint."""
    with local_iot() as endpoint:
        endpoint.create_job("fw-42")
        code = main(["watch-job", "--job-id", "fw-42", "--interval", "2", "--timeout", "5",
                     "--endpoint-url", endpoint.endpoint_url, "--region", "us-east-1"])
    out = capsys.readouterr().out.splitlines()
    assert code == 2
    assert fake_time.sleeps == [2.0, 2.0]  # looks at 0, 2 and 4 s; the next one would come after the timeout
    assert len(out) == 1  # nothing changed after the first look
    assert out[0].startswith("fw-42 IN_PROGRESS")


def test_unknown_job_is_a_service_error(capsys: pytest.CaptureFixture[str]) -> None:
    """ResourceNotFoundException exits 254 with AWS's code and message."""
    with local_iot() as endpoint:
        code = main(["watch-job", "--job-id", "nope", "--endpoint-url", endpoint.endpoint_url, "--region", "us-east-1"])
    assert code == 254
    assert "ResourceNotFoundException" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--interval", "soon"], "--interval"),
        (["--interval", "nan"], "--interval is nan"),
        (["--interval", "inf"], "--interval is inf"),
        (["--interval=-inf"], "--interval is -inf"),
        (["--interval", "-1"], "--interval is -1"),
        (["--interval", "0"], "--interval is 0"),
        (["--interval", "1e-9"], "--interval is 1e-09"),
        (["--interval", "0.999"], "--interval is 0.999"),
        (["--interval", "3600.5"], "--interval is 3600.5"),
        (["--interval", "1e10"], "--interval is 1e+10"),
        (["--timeout", "nan"], "--timeout is nan"),
        (["--timeout", "inf"], "--timeout is inf"),
        (["--timeout", "-5"], "--timeout is -5"),
        (["--timeout=-inf"], "--timeout is -inf"),
        (["--timeout", "0"], "--timeout is 0"),
        (["--timeout", "0.5"], "--timeout is 0.5"),
        (["--output", "table"], "--output is table"),
        (["--output", "yaml-stream"], "--output is yaml-stream"),
    ],
)
def test_bad_timing_or_output_exits_252_before_any_request(
    extra: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """NaN, infinite, negative, zero, tiny or huge seconds are refused, naming the option, the value and the
    bounds; nothing is sent."""
    with capture_server() as server:
        code = main(_watch(server.url, *extra))
    err = capsys.readouterr().err
    assert code == 252
    assert server.requests == []
    assert message in err
    if extra[0] == "--output":
        assert "json" in err
    elif "--interval is" in message:
        assert f"from {INTERVAL_MIN:g} to {INTERVAL_MAX:g}" in err
    elif "--timeout is" in message:
        assert f"at least {TIMEOUT_MIN:g}" in err


@pytest.mark.parametrize("extra", [["--interval", "1"], ["--interval", "3600"], ["--timeout", "1"],
                                   ["--interval", "1", "--timeout", "1e300"]])
def test_bounds_are_accepted(extra: list[str], capsys: pytest.CaptureFixture[str], fake_time: FakeTime) -> None:
    """The other side of each bound: the smallest and largest interval and the smallest timeout are accepted."""
    with capture_server(_script(_wire(JobStatus.COMPLETED, succeeded=100))) as server:
        assert main(_watch(server.url, *extra)) == 0
    assert len(server.requests) == 1
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["watch-job"], "--job-id"),
        (["watch-job", "--job-id", "bad id"], "jobId"),
    ],
)
def test_bad_arguments_exit_252(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Missing or invalid options are usage errors naming the option."""
    assert main(argv) == 252
    assert message in capsys.readouterr().err


def test_help_describes_the_options_and_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    """watch-job help lists its options, their bounds, the JSON lines and what each exit code means."""
    assert main(["watch-job", "help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert f"--interval (number) seconds between two looks, from {INTERVAL_MIN:g} to {INTERVAL_MAX:g}" in out
    assert f"at least {TIMEOUT_MIN:g}" in out
    assert "--output (string) json prints JSON lines" in out
    assert "0 the job COMPLETED" in out


def test_progress_line_shows_the_rollout_eta_from_the_preview() -> None:
    """With base 50/min doubling every 1,000 and 10,000 targets' executions, 1,000 created -> 23.75 min left."""
    job = make_job("fw-42", rollout=Rollout.exponential(50, 2, notified_things=1000),
                   process=JobProcessDetails(queued=900, succeeded=100),
                   targets=[f"arn:aws:iot:us-east-1:123456789012:thing/t{i}" for i in range(10_000)])
    line = progress_line(job, rate_per_minute=None)
    # The guide's timeline: every target notified at 43.75 min; 1,000 notified at minute 20.
    assert "rollout ETA 23.8 min" in line
    assert "100/1000 (10%)" in line
    assert json.dumps(line)  # plain text
    ended = make_job("fw-42", status=JobStatus.CANCELED, rollout=Rollout.exponential(50, 2, notified_things=1000),
                     process=JobProcessDetails(canceled=900, succeeded=100), targets=job.targets)
    assert "ETA" not in progress_line(ended, rate_per_minute=None)  # a job that ended notifies no one


# -- on a terminal: one line, redrawn in place, fitted to the width -------------------------------------------

_TARGETS = [f"arn:aws:iot:us-east-1:123456789012:thing/t{i}" for i in range(10_000)]
_BUSY = JobProcessDetails(queued=4538, in_progress=50, succeeded=400, failed=12, timed_out=3, rejected=2, canceled=1,
                          removed=1)


def _busy_job(job_id: str, status: JobStatus = JobStatus.IN_PROGRESS,
              process: JobProcessDetails = _BUSY) -> Job:
    """Every count set, a rollout still notifying (an ETA) and, with a rate, every part of the line."""
    return make_job(job_id, status=status, rollout=Rollout.exponential(50, 2, notified_things=1000),
                    process=process, targets=_TARGETS)


_SHORT_ID, _LONG_ID = "fw-42", "j" * 64  # 64: the longest job ID (API reference, CreateJob jobId)


@pytest.mark.parametrize("job_id", [_SHORT_ID, _LONG_ID])
def test_at_200_columns_only_a_long_job_id_is_left_out(job_id: str) -> None:
    job = _busy_job(job_id)
    full = progress_line(job, 38.25)
    line = progress_line(job, 38.25, width=200)
    assert len(full) > 120  # the wall of text this fitting is for
    assert line == (full if len(full) < 200 else full.removeprefix(f"{job_id} "))
    assert len(line) < 200


@pytest.mark.parametrize("job_id", [_SHORT_ID, _LONG_ID])
def test_at_120_columns_the_bar_and_every_terminal_count_stay(job_id: str) -> None:
    p = _BUSY
    line = progress_line(_busy_job(job_id), 38.25, width=120)
    assert len(line) < 120
    assert line.startswith("IN_PROGRESS [")  # the bar, shortened; no room for the job ID
    assert f"{p.completed}/{p.total} (8%)" in line
    assert (f"ok {p.succeeded}, failed {p.failed}, timed out {p.timed_out}, rejected {p.rejected}, "
            f"canceled {p.canceled}, removed {p.removed}") in line
    assert "ETA" in line


@pytest.mark.parametrize("job_id", [_SHORT_ID, _LONG_ID])
def test_at_80_columns_the_short_counts_stay_and_the_pending_ones_go(job_id: str) -> None:
    p = _BUSY
    line = progress_line(_busy_job(job_id), 38.25, width=80)
    assert len(line) < 80
    assert line.startswith("fw-42 IN_PROGRESS [" if job_id == _SHORT_ID else "IN_PROGRESS [")
    assert f"{p.completed}/{p.total} (8%) | ok {p.succeeded}, failed {p.failed} | ETA" in line
    assert "queued" not in line
    assert "/min" not in line


@pytest.mark.parametrize("job_id", [_SHORT_ID, _LONG_ID])
def test_at_40_columns_the_status_progress_and_failures_stay(job_id: str) -> None:
    p = _BUSY
    line = progress_line(_busy_job(job_id), 38.25, width=40)
    assert line == f"IN_PROGRESS {p.completed}/{p.total} (8%) | failed {p.failed}"
    assert len(line) < 40


@pytest.mark.parametrize("status", [JobStatus.IN_PROGRESS, JobStatus.DELETION_IN_PROGRESS])
@pytest.mark.parametrize("job_id", [_SHORT_ID, _LONG_ID])
@pytest.mark.parametrize("rate", [None, 0.0, 123456.7])
def test_the_line_never_wraps(status: JobStatus, job_id: str, rate: float | None) -> None:
    """At every width from 1 to 260 columns the line leaves the last column free; the status comes first."""
    big = JobProcessDetails(queued=4_538_000, in_progress=50_000, succeeded=400_000, failed=12_000, timed_out=3_000,
                            rejected=2_000, canceled=1_000, removed=1_000)
    job = _busy_job(job_id, status, big)
    for width in range(1, 261):
        line = progress_line(job, rate, width=width)
        assert len(line) <= max(width - 1, 1), width
        assert "\n" not in line
        assert line.startswith((str(status), job_id)) or str(status).startswith(line.removesuffix("...")), width


class _FakeClient:
    """`JobsClient.watch` from a list of snapshots, then optionally an exception (a Ctrl-C)."""

    def __init__(self, jobs: list[Job], then: BaseException | None = None) -> None:
        self.jobs, self.then = jobs, then

    def watch(self, job_id: str, *, interval: float, timeout: float | None) -> Iterator[Job]:
        yield from self.jobs
        if self.then is not None:
            raise self.then


def _run_live(jobs: list[Job], widths: list[int], then: BaseException | None = None,
              output: str | None = None) -> tuple[int, list[str]]:
    writes: list[str] = []
    client: Any = _FakeClient(jobs, then)
    code = watch_job(client, "fw-42", interval=1, timeout=None, write=writes.append, live=True,
                     clock=iter(range(0, 60 * len(jobs), 60)).__next__, output=output, width=iter(widths).__next__)
    return code, writes


def _snapshots() -> list[Job]:
    return [
        _busy_job("fw-42", process=JobProcessDetails(queued=4000, in_progress=600, succeeded=400, failed=1)),
        _busy_job("fw-42", process=JobProcessDetails(queued=4000, in_progress=400, succeeded=600, failed=1)),
        _busy_job("fw-42", JobStatus.COMPLETED, JobProcessDetails(succeeded=5000, failed=1)),
    ]


def test_on_a_terminal_the_line_is_redrawn_in_place() -> None:
    """Each look rewrites the line after a carriage return, fitted to the width of that moment; a newline ends
    the watch so that the last state stays on screen."""
    jobs = _snapshots()
    widths = [120, 80, 200]
    code, writes = _run_live(jobs, widths)
    assert code == 0
    assert writes[-1] == "\n"
    draws = writes[:-1]
    assert len(draws) == len(jobs)
    # The clock moves a minute per look and the rate is measured over the last minute.
    rates = [None, (601 - 401) / 1, (5001 - 601) / 1]
    for draw, job, rate, width in zip(draws, jobs, rates, widths, strict=True):
        assert draw.startswith("\r")
        assert "\n" not in draw
        assert draw[1:].rstrip() == progress_line(job, rate, width=width)
        assert len(draw) - 1 <= width - 1


def test_a_shorter_line_is_padded_over_the_longer_one_within_the_width() -> None:
    """Spaces cover what the previous (longer) line left, but never beyond the current width."""
    jobs = _snapshots()[:2]
    _, writes = _run_live(jobs, [200, 30])
    first, second = writes[0][1:], writes[1][1:]
    assert len(second.rstrip()) < len(first)
    assert len(second) == 29  # padded to the width less its last column, not to the first line's length
    _, writes = _run_live(jobs, [200, 200])
    assert len(writes[1]) - 1 >= len(writes[0]) - 1


def test_ctrl_c_leaves_the_cursor_on_a_new_line() -> None:
    writes: list[str] = []
    client: Any = _FakeClient(_snapshots()[:1], then=KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        watch_job(client, "fw-42", interval=1, timeout=None, write=writes.append, live=True, width=lambda: 80)
    assert writes[0].startswith("\r")
    assert writes[-1] == "\n"


def test_output_json_on_a_terminal_is_json_lines_too() -> None:
    jobs = _snapshots()
    code, writes = _run_live(jobs, [80] * 3, output="json")
    assert code == 0
    assert [json.loads(w)["completed"] for w in writes] == [job.process.completed for job in jobs]
    assert all(w.endswith("\n") and "\r" not in w for w in writes)


def test_the_bar_and_percentage_are_full_only_when_every_execution_ended() -> None:
    almost = make_job("fw-42", process=JobProcessDetails(succeeded=999, queued=1))
    done = make_job("fw-42", process=JobProcessDetails(succeeded=1000))
    assert "[#######################-] 999/1000 (99%)" in progress_line(almost, None)
    assert "[########################] 1000/1000 (100%)" in progress_line(done, None)
