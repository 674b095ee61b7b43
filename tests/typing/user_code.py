"""Typical user code: must pass ``mypy --strict`` (checked by tests/test_typing.py, never run by pytest)."""

from __future__ import annotations

import iotjobs
from iotjobs import (
    ALL,
    FAILED,
    TIMED_OUT,
    Abort,
    FailureType,
    Job,
    JobsClient,
    JobStatus,
    JobUpdate,
    PresignedUrl,
    Retry,
    Rollout,
    Timeout,
    ValidationError,
)


def staged_update(job_id: str) -> JobUpdate:
    rollout = Rollout.exponential(50, 2, notified_things=1000, maximum_per_minute=500)
    abort = Abort.when(FAILED, 10.5, min_executed_things=100).or_when("TIMED_OUT", 20)
    retry = Retry.on(FAILED, 3).and_on(TIMED_OUT, 2)
    update = JobUpdate(job_id, rollout=rollout, abort=abort, retry=retry, timeout=Timeout.minutes(60))
    return update.with_presigned_url(PresignedUrl("arn:aws:iam::123456789012:role/r", expires_in_sec=600))


def send(client: JobsClient) -> JobStatus | str | None:
    client.update_job(staged_update("fw-42"))
    client.update_job("fw-42", rollout=Rollout.constant(100), description="x")
    job: Job = client.describe_job("fw-42", before_substitution=False)
    failed: int = job.process.failed
    assert failed >= 0
    return job.status


def report(error: ValidationError) -> list[str]:
    return [f"{e.path}: {e.message}" for e in error.errors]


def kinds() -> list[FailureType]:
    return [FAILED, TIMED_OUT, ALL, FailureType("REJECTED")]


def wire() -> int:
    request = staged_update("j").to_botocore()
    rollout = request.get("jobExecutionsRolloutConfig", {})
    return rollout.get("maximumPerMinute", 0)


def relaxed() -> Rollout:
    with iotjobs.relaxed_limits():
        return Rollout.constant(2000)
