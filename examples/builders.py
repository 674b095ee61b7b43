"""The config builders, one per UpdateJob member: build them, compile them, read them back.

Run it with ``python examples/builders.py``: it prints the full UpdateJob request as botocore receives it. The
docs' Builders page shows its sections, and ``tests/test_examples.py`` runs it, so every sample stays true.
"""

from __future__ import annotations

import json

# --8<-- [start:imports]
from iotjobs import (
    ALL,
    FAILED,
    TIMED_OUT,
    Abort,
    AbortCriterion,
    FailureType,
    JobUpdate,
    PresignedUrl,
    Retry,
    Rollout,
    Timeout,
)

# --8<-- [end:imports]


def rollouts() -> tuple[Rollout, Rollout]:
    """``jobExecutionsRolloutConfig``: a constant and an exponential rate."""
    # --8<-- [start:rollout-constant]
    steady = Rollout.constant(100)  # notify at most 100 targets a minute
    assert steady.to_botocore() == {"maximumPerMinute": 100}
    # --8<-- [end:rollout-constant]

    # --8<-- [start:rollout-exponential]
    # Start at 50 a minute, double after every 1,000 notified targets,
    # never above 500 a minute.
    staged = Rollout.exponential(
        50, 2, notified_things=1000, maximum_per_minute=500
    )
    assert staged.to_botocore() == {
        "maximumPerMinute": 500,
        "exponentialRate": {
            "baseRatePerMinute": 50,
            "incrementFactor": 2.0,
            "rateIncreaseCriteria": {"numberOfNotifiedThings": 1000},
        },
    }
    # Both criteria: the rate rises at whichever threshold is reached first.
    either = Rollout.exponential(
        10, 1.5, notified_things=500, succeeded_things=200
    )
    rate = either.to_botocore()["exponentialRate"]
    assert rate["rateIncreaseCriteria"] == {
        "numberOfNotifiedThings": 500,
        "numberOfSucceededThings": 200,
    }
    # --8<-- [end:rollout-exponential]
    return steady, staged


def abort() -> Abort:
    """``abortConfig``: criteria checked in order."""
    # --8<-- [start:abort]
    # Cancel when 10.5% of at least 100 completed executions failed,
    # or 20% of at least 200 timed out.
    policy = Abort.when(FAILED, 10.5, min_executed_things=100).or_when(
        TIMED_OUT, 20, min_executed_things=200
    )
    assert policy.criteria[1] == AbortCriterion(FailureType.TIMED_OUT, 20, 200)
    assert policy.to_botocore() == {
        "criteriaList": [
            {"failureType": "FAILED", "action": "CANCEL",
             "thresholdPercentage": 10.5, "minNumberOfExecutedThings": 100},
            {"failureType": "TIMED_OUT", "action": "CANCEL",
             "thresholdPercentage": 20.0, "minNumberOfExecutedThings": 200},
        ]
    }
    # A staged policy may repeat a failure type:
    # 50% of the first 10, then 10% of the first 1000.
    staged = Abort.when("ALL", 50, min_executed_things=10).or_when(
        "ALL", 10, min_executed_things=1000
    )
    assert [c.failure_type for c in staged.criteria] == [ALL, ALL]
    # --8<-- [end:abort]
    return policy


def retry() -> Retry:
    """``jobExecutionsRetryConfig``: FAILED and TIMED_OUT once each, or ALL alone."""
    # --8<-- [start:retry]
    retries = Retry.on(FAILED, 3).and_on(TIMED_OUT, 2)  # 5 at most per device
    assert retries.total_retries == 5
    assert retries.to_botocore() == {
        "criteriaList": [
            {"failureType": "FAILED", "numberOfRetries": 3},
            {"failureType": "TIMED_OUT", "numberOfRetries": 2},
        ]
    }
    assert Retry.on(ALL, 10).to_botocore() == {
        "criteriaList": [{"failureType": "ALL", "numberOfRetries": 10}]
    }
    # --8<-- [end:retry]
    return retries


def timeout() -> Timeout:
    """``timeoutConfig``."""
    # --8<-- [start:timeout]
    hour = Timeout.minutes(60)
    assert hour == Timeout(in_progress_minutes=60)
    assert hour.to_botocore() == {"inProgressTimeoutInMinutes": 60}
    # --8<-- [end:timeout]
    return hour


def presigned_url() -> PresignedUrl:
    """``presignedUrlConfig``."""
    # --8<-- [start:presigned]
    # The role AWS IoT assumes to sign the URLs:
    ROLE_ARN = "arn:aws:iam::123456789012:role/iot-jobs-s3-download"
    download = PresignedUrl(ROLE_ARN, expires_in_sec=600)
    assert download.to_botocore() == {"roleArn": ROLE_ARN, "expiresInSec": 600}
    # What is not set is not sent: AWS then uses its default of 3600 seconds.
    assert PresignedUrl(ROLE_ARN).to_botocore() == {"roleArn": ROLE_ARN}
    # --8<-- [end:presigned]
    return download


def job_update() -> JobUpdate:
    """The whole request, all eight members."""
    # --8<-- [start:job-update]
    update = JobUpdate(
        "fw-42",
        description="Firmware 2.1: staged rollout",
        presigned_url=PresignedUrl(
            "arn:aws:iam::123456789012:role/iot-jobs-s3-download",
            expires_in_sec=600,
        ),
        rollout=Rollout.exponential(
            50, 2, notified_things=1000, maximum_per_minute=500
        ),
        abort=Abort.when(FAILED, 10.5, min_executed_things=100),
        timeout=Timeout.minutes(60),
        # After a job is created, AWS accepts only 0 retries in an update.
        retry=Retry.on(ALL, 0),
        namespace_id="greengrass",
    )
    # The keyword arguments of boto3's iot.update_job:
    request = update.to_botocore()
    assert list(request) == [
        "jobId", "description", "presignedUrlConfig",
        "jobExecutionsRolloutConfig", "abortConfig", "timeoutConfig",
        "namespaceId", "jobExecutionsRetryConfig",
    ]
    # Only what is set is sent: AWS leaves the job's other settings as
    # they are.
    assert JobUpdate("fw-42", timeout=Timeout.minutes(30)).to_botocore() == {
        "jobId": "fw-42",
        "timeoutConfig": {"inProgressTimeoutInMinutes": 30},
    }
    # --8<-- [end:job-update]
    return update


def changes(update: JobUpdate) -> JobUpdate:
    """Immutability: every change is a new, re-validated object."""
    # --8<-- [start:with]
    import contextlib

    faster = update.with_rollout(Rollout.constant(1000)).with_description(None)
    assert update.rollout != faster.rollout  # the original is unchanged
    assert "description" not in faster.to_botocore()
    with contextlib.suppress(AttributeError):  # frozen: assignment raises
        update.job_id = "other"  # type: ignore[misc]
    assert update.job_id == "fw-42"
    # Builders are values: equal by value, and hashable.
    assert len({Timeout.minutes(5), Timeout.minutes(5)}) == 1
    # --8<-- [end:with]
    return faster


def round_trip(update: JobUpdate) -> JobUpdate:
    """``from_botocore``: a dict you already have, checked as strictly as the builders."""
    # --8<-- [start:from-botocore]
    request = update.to_botocore()
    assert JobUpdate.from_botocore(request) == update
    rollout = Rollout.from_botocore({"maximumPerMinute": 100})
    assert rollout == Rollout.constant(100)
    # --8<-- [end:from-botocore]
    return JobUpdate.from_botocore(request)


def main() -> int:
    """Build every config, then print the full UpdateJob request as JSON."""
    rollouts()
    abort()
    retry()
    timeout()
    presigned_url()
    update = job_update()
    changes(update)
    print(json.dumps(round_trip(update).to_botocore(), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
