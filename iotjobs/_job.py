"""`Job` and `JobProcessDetails`: what DescribeJob returns, typed."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

import attrs

from iotjobs import _wire
from iotjobs._abort import Abort
from iotjobs._checks import Problems, relaxed_limits
from iotjobs._enums import FailureType, JobStatus, TargetSelection
from iotjobs._errors import ValidationError
from iotjobs._notebook import NotebookDisplay
from iotjobs._presigned import PresignedUrl
from iotjobs._retry import Retry
from iotjobs._rollout import Rollout
from iotjobs._timeout import Timeout
from iotjobs._update import CONFIG_PARSERS, JobUpdate

__all__ = ["Job", "JobProcessDetails", "UnreadableConfigWarning"]


@attrs.frozen(kw_only=True)
class JobProcessDetails:
    """How many of a job's executions are in each status (botocore ``JobProcessDetails``).

    ``processing_targets`` lists the targets still being rolled out to (``None`` once the rollout reached all
    of them).
    """

    succeeded: int = 0
    failed: int = 0
    rejected: int = 0
    canceled: int = 0
    queued: int = 0
    in_progress: int = 0
    removed: int = 0
    timed_out: int = 0
    processing_targets: tuple[str, ...] | None = None

    @property
    def completed(self) -> int:
        """Executions in a terminal status: succeeded, failed, rejected, timed out, removed or canceled."""
        return self.succeeded + self.failed + self.rejected + self.timed_out + self.removed + self.canceled

    @property
    def total(self) -> int:
        """Every execution the job has: the completed ones plus the queued and in-progress ones."""
        return self.completed + self.queued + self.in_progress

    def count_of(self, failure_type: FailureType | str) -> int:
        """Executions that ended as ``failure_type`` (``ALL``: failed, rejected or timed out)."""
        kind = FailureType(failure_type)
        if kind is FailureType.ALL:
            return self.failed + self.rejected + self.timed_out
        return {FailureType.FAILED: self.failed, FailureType.REJECTED: self.rejected,
                FailureType.TIMED_OUT: self.timed_out}[kind]

    @classmethod
    def from_botocore(cls, data: Mapping[str, Any]) -> JobProcessDetails:
        """Read a ``jobProcessDetails`` dict (missing counts are 0, unknown members are ignored)."""
        targets = data.get("processingTargets")

        def count(key: str) -> int:
            value = data.get(key)
            return int(value) if value is not None else 0

        return cls(
            succeeded=count("numberOfSucceededThings"),
            failed=count("numberOfFailedThings"),
            rejected=count("numberOfRejectedThings"),
            canceled=count("numberOfCanceledThings"),
            queued=count("numberOfQueuedThings"),
            in_progress=count("numberOfInProgressThings"),
            removed=count("numberOfRemovedThings"),
            timed_out=count("numberOfTimedOutThings"),
            processing_targets=tuple(targets) if targets is not None else None,
        )


def _timestamp(value: object) -> datetime | None:
    """A timezone-aware UTC datetime from boto3's datetime, JSON epoch seconds, or an ISO 8601 string."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, tz=timezone.utc)
    if isinstance(value, str):
        return _timestamp(datetime.fromisoformat(value.replace("Z", "+00:00")))
    raise TypeError(f"not a timestamp: {value!r}")


def _enum_or_str(enum_type: type[JobStatus] | type[TargetSelection], value: object) -> Any:
    # A value AWS adds later is kept as the plain string, never a crash.
    if value is None:
        return None
    try:
        return enum_type(value)
    except ValueError:
        return str(value)


class UnreadableConfigWarning(UserWarning):
    """A DescribeJob config iotjobs cannot read (a value AWS added after this version): it reads as ``None``."""

    __module__ = "iotjobs"


def _read_configs(job: Mapping[str, Any]) -> dict[str, Any]:
    """Read each config of a DescribeJob ``job`` into its builder, one at a time.

    Configs AWS accepted are read as they are: the limits are for requests, so they are relaxed here, and
    unknown members are ignored. A config that still cannot be read (an enum value AWS added later) reads as
    ``None`` with an `UnreadableConfigWarning`, never a crash; ``job.raw`` keeps it, and ``to_update()`` then
    does not send it, so AWS leaves it as it is.
    """
    configs: dict[str, Any] = {}
    with relaxed_limits():
        for config in CONFIG_PARSERS:
            member = config[1]
            if member not in job:
                continue
            p = Problems(strict_keys=False)
            parsed = _wire.parse_configs({member: job[member]}, p, (config,), "job")
            if p.errors:
                problems = "; ".join(str(e) for e in p.errors)
                warnings.warn(f"iotjobs cannot read job.{member} ({problems}): it reads as None; job.raw has it",
                              UnreadableConfigWarning, stacklevel=3)
                continue
            configs.update(parsed)
    return configs


def _strings(value: object) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list | tuple) else ()


@attrs.frozen(kw_only=True)
class Job(NotebookDisplay):
    """One job as DescribeJob returns it. The configs are the same builders a `JobUpdate` takes.

    ``status`` and ``target_selection`` are enum members, or the plain string of a value AWS added after this
    version of iotjobs. Timestamps are timezone-aware UTC datetimes.
    """

    job_id: str
    job_arn: str | None = None
    status: JobStatus | str | None = None
    target_selection: TargetSelection | str | None = None
    targets: tuple[str, ...] = ()
    description: str | None = None
    presigned_url: PresignedUrl | None = None
    rollout: Rollout | None = None
    abort: Abort | None = None
    timeout: Timeout | None = None
    retry: Retry | None = None
    namespace_id: str | None = None
    process: JobProcessDetails = attrs.field(factory=JobProcessDetails)
    created_at: datetime | None = None
    last_updated_at: datetime | None = None
    completed_at: datetime | None = None
    force_canceled: bool | None = None
    reason_code: str | None = None
    comment: str | None = None
    job_template_arn: str | None = None
    document_parameters: Mapping[str, str] = attrs.field(factory=dict, hash=False)
    is_concurrent: bool | None = None
    scheduling: Mapping[str, Any] | None = attrs.field(default=None, hash=False)
    scheduled_rollouts: tuple[str, ...] = ()
    destination_package_versions: tuple[str, ...] = ()
    document_source: str | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, hash=False, repr=False)
    """The DescribeJob ``job`` dict as it was read, for members iotjobs does not model."""

    @classmethod
    def from_botocore(cls, response: Mapping[str, Any]) -> Job:
        """Read a DescribeJob response (boto3's, with datetimes, or the JSON the AWS CLI prints).

        A bare ``job`` dict is accepted too. Unknown members are ignored, unknown enum values kept, and an empty
        ``{}`` config (how AWS returns an unset one) reads as ``None``.
        """
        job = response.get("job", response)
        if not isinstance(job, Mapping) or "jobId" not in job:
            raise ValidationError([], "Job.from_botocore: the response has no job.jobId")
        configs = _read_configs(job)
        scheduled = job.get("scheduledJobRollouts") or ()
        return cls(
            job_id=job["jobId"],
            job_arn=job.get("jobArn"),
            status=_enum_or_str(JobStatus, job.get("status")),
            target_selection=_enum_or_str(TargetSelection, job.get("targetSelection")),
            targets=_strings(job.get("targets")),
            description=job.get("description"),
            namespace_id=job.get("namespaceId"),
            process=JobProcessDetails.from_botocore(job.get("jobProcessDetails") or {}),
            created_at=_timestamp(job.get("createdAt")),
            last_updated_at=_timestamp(job.get("lastUpdatedAt")),
            completed_at=_timestamp(job.get("completedAt")),
            force_canceled=job.get("forceCanceled"),
            reason_code=job.get("reasonCode"),
            comment=job.get("comment"),
            job_template_arn=job.get("jobTemplateArn"),
            document_parameters=dict(job.get("documentParameters") or {}),
            is_concurrent=job.get("isConcurrent"),
            scheduling=job.get("schedulingConfig") or None,
            scheduled_rollouts=tuple(r.get("startTime", "") for r in scheduled if isinstance(r, Mapping)),
            destination_package_versions=_strings(job.get("destinationPackageVersions")),
            document_source=response.get("documentSource") if "job" in response else None,
            raw=job,
            **configs,
        )

    def to_update(self) -> JobUpdate:
        """Return a `JobUpdate` that carries this job's current updatable settings, ready for ``with_*``."""
        return JobUpdate(
            self.job_id,
            description=self.description,
            presigned_url=self.presigned_url,
            rollout=self.rollout,
            abort=self.abort,
            timeout=self.timeout,
            retry=self.retry,
            namespace_id=self.namespace_id,
        )
