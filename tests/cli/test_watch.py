"""``iotjobs watch-job``: a progress line per look and an exit code for the job's outcome."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest

from iotjobs import JobProcessDetails, JobStatus, Rollout
from iotjobs.cli import main
from iotjobs.cli._watch import progress_line
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
    return ["watch-job", "--job-id", "fw-42", "--interval", "0.01", "--endpoint-url", url, "--region", "us-east-1",
            *extra]


def test_follows_the_job_until_it_completes_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    """One line per look (not a terminal), stopping at COMPLETED with exit code 0."""
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
    assert out[0].startswith("fw-42 IN_PROGRESS | [")
    assert "10/100 (10%)" in out[0]
    assert "90/100 (90%)" in out[1]
    assert "/min" in out[1]
    assert out[2].startswith("fw-42 COMPLETED")
    assert "succeeded 97, failed 3" in out[2]


def test_a_canceled_job_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    """An abort (CANCELED) is the outcome 1."""
    with capture_server(_script(_wire(JobStatus.CANCELED, failed=30, succeeded=70))) as server:
        assert main(_watch(server.url)) == 1
    assert "CANCELED" in capsys.readouterr().out


def test_timeout_while_running_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """A job still running when --timeout passes is the outcome 2, against the local endpoint."""
    with local_iot() as endpoint:
        endpoint.create_job("fw-42")
        code = main(["watch-job", "--job-id", "fw-42", "--interval", "0.05", "--timeout", "0.2",
                     "--endpoint-url", endpoint.endpoint_url, "--region", "us-east-1"])
    out = capsys.readouterr().out
    assert code == 2
    assert "fw-42 IN_PROGRESS" in out


def test_unknown_job_is_a_service_error(capsys: pytest.CaptureFixture[str]) -> None:
    """ResourceNotFoundException exits 254 with AWS's code and message."""
    with local_iot() as endpoint:
        code = main(["watch-job", "--job-id", "nope", "--endpoint-url", endpoint.endpoint_url, "--region", "us-east-1"])
    assert code == 254
    assert "ResourceNotFoundException" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["watch-job"], "--job-id"),
        (["watch-job", "--job-id", "bad id"], "jobId"),
        (["watch-job", "--job-id", "j", "--interval", "0"], "--interval"),
        (["watch-job", "--job-id", "j", "--interval", "soon"], "--interval"),
        (["watch-job", "--job-id", "j", "--interval", "nan"], "--interval = nan: must be a number of seconds"),
        (["watch-job", "--job-id", "j", "--interval", "inf"], "--interval = inf"),
        (["watch-job", "--job-id", "j", "--interval", "-1"], "--interval = -1"),
        (["watch-job", "--job-id", "j", "--interval", "1e-300"], "from 0.01 to 86400"),
        (["watch-job", "--job-id", "j", "--interval", "0.0099"], "--interval = 0.0099"),
        (["watch-job", "--job-id", "j", "--interval", "86400.5"], "--interval = 86400.5"),
        (["watch-job", "--job-id", "j", "--timeout", "nan"], "--timeout = nan: must be a finite number"),
        (["watch-job", "--job-id", "j", "--timeout", "inf"], "--timeout = inf"),
        (["watch-job", "--job-id", "j", "--timeout", "-0.5"], "--timeout = -0.5"),
    ],
)
def test_bad_arguments_exit_252_before_any_request(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Missing or invalid options are usage errors naming the option."""
    assert main(argv) == 252
    assert message in capsys.readouterr().err


def test_help_describes_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    """watch-job help lists its options and what each exit code means."""
    assert main(["watch-job", "help"]) == 0
    out = capsys.readouterr().out
    assert "--interval" in out
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


@pytest.mark.parametrize(("interval", "timeout"), [("0.01", "0"), ("86400", "1e-300")])
def test_interval_and_timeout_bounds_are_accepted(interval: str, timeout: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """The bounds themselves are accepted: the first look reports a COMPLETED job, so nothing waits."""
    with capture_server(_script(_wire(JobStatus.COMPLETED, succeeded=3))) as server:
        argv = ["watch-job", "--job-id", "fw-42", "--interval", interval, "--timeout", timeout,
                "--endpoint-url", server.url, "--region", "us-east-1"]
        assert main(argv) == 0, capsys.readouterr().err
        assert len(server.requests) == 1
