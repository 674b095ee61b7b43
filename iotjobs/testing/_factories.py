"""Factories for typed test fixtures: realistic DescribeJob responses and the `Job`s read from them."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from iotjobs import _model as M
from iotjobs._abort import Abort
from iotjobs._enums import JobStatus, TargetSelection
from iotjobs._job import Job, JobProcessDetails
from iotjobs._presigned import PresignedUrl
from iotjobs._retry import Retry
from iotjobs._rollout import Rollout
from iotjobs._timeout import Timeout

__all__ = ["make_describe_job_response", "make_job"]

_EPOCH = datetime(2026, 1, 15, 9, 30, tzinfo=timezone.utc)

# DescribeJob answers {} for these configs when they are unset, and leaves the retry config out.
_EMPTY_WHEN_UNSET = frozenset({"presignedUrlConfig", "jobExecutionsRolloutConfig", "abortConfig", "timeoutConfig"})


def make_describe_job_response(
    job_id: str = "job-1",
    *,
    status: JobStatus | str = JobStatus.IN_PROGRESS,
    target_selection: TargetSelection | str = TargetSelection.SNAPSHOT,
    targets: list[str] | None = None,
    description: str | None = None,
    presigned_url: PresignedUrl | None = None,
    rollout: Rollout | None = None,
    abort: Abort | None = None,
    timeout: Timeout | None = None,
    retry: Retry | None = None,
    namespace_id: str | None = None,
    process: JobProcessDetails | None = None,
    created_at: datetime = _EPOCH,
    last_updated_at: datetime | None = None,
    completed_at: datetime | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    document_source: str | None = None,
) -> dict[str, Any]:
    """Return a DescribeJob response shaped as boto3 returns it (datetimes, ``{}`` for unset configs).

    Every count of ``jobProcessDetails`` is present; targets default to one thing in the same account.
    """
    process = process or JobProcessDetails()
    targets = targets if targets is not None else [f"arn:aws:iot:{region}:{account_id}:thing/thing-1"]
    job: dict[str, Any] = {
        "jobArn": f"arn:aws:iot:{region}:{account_id}:job/{job_id}",
        "jobId": job_id,
        "targetSelection": str(target_selection),
        "status": str(status),
        "forceCanceled": False,
        "targets": list(targets),
        "createdAt": created_at,
        "lastUpdatedAt": last_updated_at or created_at + timedelta(minutes=5),
        "isConcurrent": str(status) == JobStatus.IN_PROGRESS.value,
    }
    configs = {"presigned_url": presigned_url, "rollout": rollout, "abort": abort, "timeout": timeout,
               "retry": retry}
    for attribute, member in M.CONFIG_MEMBERS:
        config = configs[attribute]
        if config is not None:
            job[member] = config.to_botocore()
        elif member in _EMPTY_WHEN_UNSET:
            job[member] = {}
    # Every count, in the model's order; processingTargets only when given.
    job["jobProcessDetails"] = {
        name: getattr(process, shape.attribute or "")
        for name, shape in M.JOB_PROCESS_DETAILS.members.items()
        if shape.type == "integer"
    }
    if process.processing_targets is not None:
        job["jobProcessDetails"]["processingTargets"] = list(process.processing_targets)
    if description is not None:
        job["description"] = description
    if namespace_id is not None:
        job["namespaceId"] = namespace_id
    if completed_at is not None:
        job["completedAt"] = completed_at
    response: dict[str, Any] = {
        "job": job,
        "ResponseMetadata": {"RequestId": "00000000-0000-4000-8000-000000000000", "HTTPStatusCode": 200},
    }
    if document_source is not None:
        response["documentSource"] = document_source
    return response


def make_job(job_id: str = "job-1", **kwargs: Any) -> Job:
    """Return the `Job` read from ``make_describe_job_response(job_id, **kwargs)``."""
    return Job.from_botocore(make_describe_job_response(job_id, **kwargs))
