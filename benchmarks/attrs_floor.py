"""The floor of case 1: the same immutable objects as the builders, as bare ``@attrs.frozen`` classes with no
checks at all, compiled to the same dict. No validating builder made of frozen attrs classes can be faster, so
this shows how much of the builders' time is attrs itself and how much is iotjobs' checks."""

from __future__ import annotations

from typing import Any

import attrs


@attrs.frozen(kw_only=True)
class Rollout:
    maximum_per_minute: int | None = None
    base_rate_per_minute: int | None = None
    increment_factor: float | None = None
    notified_things: int | None = None
    succeeded_things: int | None = None


@attrs.frozen
class AbortCriterion:
    failure_type: str
    threshold_percentage: float
    min_executed_things: int = 1


@attrs.frozen
class Abort:
    criteria: tuple[AbortCriterion, ...]


@attrs.frozen
class RetryCriterion:
    failure_type: str
    number_of_retries: int


@attrs.frozen
class Retry:
    criteria: tuple[RetryCriterion, ...]


@attrs.frozen(kw_only=True)
class Timeout:
    in_progress_minutes: int


@attrs.frozen
class PresignedUrl:
    role_arn: str
    expires_in_sec: int | None = None


@attrs.frozen
class JobUpdate:
    job_id: str
    description: str | None = attrs.field(default=None, kw_only=True)
    presigned_url: PresignedUrl | None = attrs.field(default=None, kw_only=True)
    rollout: Rollout | None = attrs.field(default=None, kw_only=True)
    abort: Abort | None = attrs.field(default=None, kw_only=True)
    timeout: Timeout | None = attrs.field(default=None, kw_only=True)
    retry: Retry | None = attrs.field(default=None, kw_only=True)
    namespace_id: str | None = attrs.field(default=None, kw_only=True)


def build_and_compile(role_arn: str) -> dict[str, Any]:
    """Build the objects of ``run.build_update`` (with the same intermediate ones) and compile them, unchecked."""
    abort = Abort((AbortCriterion("FAILED", 10.5, 100),))
    abort = Abort((*abort.criteria, AbortCriterion("TIMED_OUT", 20, 200)))
    retry = Retry((RetryCriterion("FAILED", 3),))
    retry = Retry((*retry.criteria, RetryCriterion("TIMED_OUT", 2)))
    u = JobUpdate(
        "fw-42",
        description="Firmware 2.1: staged rollout",
        presigned_url=PresignedUrl(role_arn, 600),
        rollout=Rollout(base_rate_per_minute=50, increment_factor=2, notified_things=1000, succeeded_things=500,
                        maximum_per_minute=500),
        abort=abort,
        timeout=Timeout(in_progress_minutes=60),
        retry=retry,
        namespace_id="fleet-eu",
    )
    r = u.rollout
    assert u.presigned_url is not None
    assert r is not None
    assert u.timeout is not None
    return {
        "jobId": u.job_id,
        "description": u.description,
        "presignedUrlConfig": {"roleArn": u.presigned_url.role_arn, "expiresInSec": u.presigned_url.expires_in_sec},
        "jobExecutionsRolloutConfig": {
            "maximumPerMinute": r.maximum_per_minute,
            "exponentialRate": {
                "baseRatePerMinute": r.base_rate_per_minute,
                "incrementFactor": float(r.increment_factor or 0),
                "rateIncreaseCriteria": {
                    "numberOfNotifiedThings": r.notified_things,
                    "numberOfSucceededThings": r.succeeded_things,
                },
            },
        },
        "abortConfig": {"criteriaList": [
            {"failureType": c.failure_type, "action": "CANCEL", "thresholdPercentage": float(c.threshold_percentage),
             "minNumberOfExecutedThings": c.min_executed_things} for c in abort.criteria
        ]},
        "timeoutConfig": {"inProgressTimeoutInMinutes": u.timeout.in_progress_minutes},
        "namespaceId": u.namespace_id,
        "jobExecutionsRetryConfig": {"criteriaList": [
            {"failureType": c.failure_type, "numberOfRetries": c.number_of_retries} for c in retry.criteria
        ]},
    }
