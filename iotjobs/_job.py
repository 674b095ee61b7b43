"""`Job` and `JobProcessDetails`: what DescribeJob returns, typed."""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

import attrs

from iotjobs import _wire
from iotjobs._abort import Abort
from iotjobs._checks import Problems, relaxed_limits
from iotjobs._enums import FailureType, JobStatus, TargetSelection
from iotjobs._errors import MISSING, FieldError, MalformedResponseError
from iotjobs._guards import DOUBLE_MAX
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
        """Read a ``jobProcessDetails`` dict (missing counts are 0, unknown members are ignored).

        A count that is not a non-negative integer, or ``processingTargets`` that is not a list of strings,
        raises `MalformedResponseError` naming the member.
        """
        reader = _Reader()
        process = _read_process(reader, data, "")
        reader.raise_if_any("JobProcessDetails.from_botocore")
        assert process is not None
        return process


_COUNTS = (
    ("succeeded", "numberOfSucceededThings"), ("failed", "numberOfFailedThings"),
    ("rejected", "numberOfRejectedThings"), ("canceled", "numberOfCanceledThings"),
    ("queued", "numberOfQueuedThings"), ("in_progress", "numberOfInProgressThings"),
    ("removed", "numberOfRemovedThings"), ("timed_out", "numberOfTimedOutThings"),
)


class _Reader:
    """Reads the members of a response, recording every malformed one; `raise_if_any` raises them together."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, path: str, value: object, message: str) -> None:
        self.errors.append(FieldError(path, value, message))

    def raise_if_any(self, where: str) -> None:
        if self.errors:
            raise MalformedResponseError(self.errors, where)

    def mapping(self, data: Mapping[str, Any], key: str, path: str) -> Mapping[str, Any] | None:
        value = data.get(key)
        if value is None or isinstance(value, Mapping):
            return value
        self.add(_join(path, key), value, f"must be an object, not {type(value).__name__}")
        return None

    def string(self, data: Mapping[str, Any], key: str, path: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            return str.__str__(value)  # a str subclass is read as the plain string it stands for
        self.add(_join(path, key), value, f"must be a string, not {type(value).__name__}")
        return None

    def boolean(self, data: Mapping[str, Any], key: str, path: str) -> bool | None:
        value = data.get(key)
        if value is None or type(value) is bool:
            return value
        self.add(_join(path, key), value, f"must be true or false, not {type(value).__name__}")
        return None

    def strings(self, data: Mapping[str, Any], key: str, path: str) -> tuple[str, ...] | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, list | tuple):
            # A string is iterable, but its characters are not a list of targets.
            self.add(_join(path, key), value, f"must be a list of strings, not {type(value).__name__}")
            return None
        for index, item in enumerate(value):
            if not isinstance(item, str):
                self.add(f"{_join(path, key)}[{index}]", item, f"must be a string, not {type(item).__name__}")
                return None
        return tuple(str.__str__(item) for item in value)

    def count(self, data: Mapping[str, Any], key: str, path: str) -> int:
        value = data.get(key)
        if value is None:
            return 0
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return int(value)
        self.add(_join(path, key), value, f"must be a count (an integer of at least 0){_not(value)}")
        return 0

    def timestamp(self, data: Mapping[str, Any], key: str, path: str) -> datetime | None:
        value = data.get(key)
        try:
            return _timestamp(value)
        except (TypeError, ValueError, OverflowError, OSError):
            self.add(_join(path, key), value, "must be a timestamp (a datetime, epoch seconds or an ISO 8601 "
                     f"string){_not(value)}")
            return None


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _not(value: object) -> str:
    """``, not list`` for a value of another type; nothing for a string or number that is merely wrong."""
    if isinstance(value, float) and not math.isfinite(value):
        return ", not NaN or infinity"
    if isinstance(value, str) or (isinstance(value, int | float) and not isinstance(value, bool)):
        return ""
    return f", not {type(value).__name__}"


def _read_process(reader: _Reader, data: object, path: str) -> JobProcessDetails | None:
    if not isinstance(data, Mapping):
        reader.add(path, data, f"must be an object (JobProcessDetails), not {type(data).__name__}")
        return None
    counts = {name: reader.count(data, key, path) for name, key in _COUNTS}
    return JobProcessDetails(**counts, processing_targets=reader.strings(data, "processingTargets", path))


def _timestamp(value: object) -> datetime | None:
    """A timezone-aware UTC datetime from boto3's datetime, JSON epoch seconds, or an ISO 8601 string."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, tz=timezone.utc)  # ValueError / OverflowError / OSError if out of range
    if isinstance(value, str) and len(value) <= 64:  # an ISO 8601 timestamp is short: no parsing of a long text
        return _timestamp(datetime.fromisoformat(str.__str__(value).replace("Z", "+00:00")))
    raise TypeError(f"not a timestamp: {type(value).__name__}")


def _enum_or_str(reader: _Reader, enum_type: type[JobStatus] | type[TargetSelection], data: Mapping[str, Any],
                 key: str, path: str) -> Any:
    # A value AWS adds later is kept as the plain string, never a crash; a value that is no string is malformed.
    value = reader.string(data, key, path)
    if value is None:
        return None
    try:
        return enum_type(value)
    except ValueError:
        return value


class UnreadableConfigWarning(UserWarning):
    """A DescribeJob config iotjobs cannot read (a value AWS added after this version): it reads as ``None``."""

    __module__ = "iotjobs"


def _malformed(error: FieldError) -> bool:
    """Whether a config problem means the response has the wrong shape, rather than a change AWS may make.

    Forward-compatible: a value of the right type outside iotjobs' bounds or enum values (an enum value AWS adds
    later), or a member missing (one AWS makes optional). Malformed: a value of the wrong type (a string
    where a count is due), not an object, not a list, a NaN.
    """
    value, limit = error.value, error.limit
    if value is MISSING:
        return False
    if limit is None:
        return True
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if limit.type in ("integer", "long"):
        return not (number and isinstance(value, int))
    if limit.type == "double":
        return not (number and -DOUBLE_MAX <= value <= DOUBLE_MAX and not math.isnan(value))
    if limit.type == "list":
        return not isinstance(value, list | tuple)
    return not isinstance(value, str)  # string, enum


def _read_configs(reader: _Reader, job: Mapping[str, Any]) -> dict[str, Any]:
    """Read each config of a DescribeJob ``job`` into its builder, one at a time.

    Configs AWS accepted are read as they are: the limits are for requests, so they are relaxed here, and
    unknown members are ignored. A config that still cannot be read for a forward-compatible reason (an enum
    value AWS added later) reads as ``None`` with an `UnreadableConfigWarning`, never a crash; ``job.raw`` keeps
    it, and ``to_update()`` then does not send it, so AWS leaves it as it is. A config of the wrong shape (a
    string where a number is due) is recorded in ``reader``: the response is malformed.
    """
    configs: dict[str, Any] = {}
    with relaxed_limits():
        for config in CONFIG_PARSERS:
            member = config[1]
            if member not in job:
                continue
            p = Problems(strict_keys=False)
            parsed = _wire.parse_configs({member: job[member]}, p, (config,), "job")
            malformed = [error for error in p.errors if _malformed(error)]
            if malformed:
                reader.errors.extend(malformed)
                continue
            if p.errors:
                problems = "; ".join(str(e) for e in p.errors)
                warnings.warn(f"iotjobs cannot read job.{member} ({problems}): it reads as None; job.raw has it",
                              UnreadableConfigWarning, stacklevel=4)
                continue
            configs.update(parsed)
    return configs


def _rollout_starts(reader: _Reader, job: Mapping[str, Any], path: str) -> tuple[str, ...]:
    value = job.get("scheduledJobRollouts")
    if value is None:
        return ()
    key = _join(path, "scheduledJobRollouts")
    if not isinstance(value, list | tuple):
        reader.add(key, value, f"must be a list of objects, not {type(value).__name__}")
        return ()
    starts = []
    for index, item in enumerate(value):
        if not isinstance(item, Mapping):
            reader.add(f"{key}[{index}]", item, f"must be an object, not {type(item).__name__}")
            continue
        starts.append(reader.string(item, "startTime", f"{key}[{index}]") or "")
    return tuple(starts)


def _parameters(reader: _Reader, job: Mapping[str, Any], path: str) -> dict[str, str]:
    value = reader.mapping(job, "documentParameters", path)
    if not value:
        return {}
    key = _join(path, "documentParameters")
    for name, item in value.items():
        if not isinstance(name, str) or not isinstance(item, str):
            reader.add(f"{key}.{name}", item, "must map strings to strings")
            return {}
    return {str.__str__(name): str.__str__(item) for name, item in value.items()}


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
        reader = _Reader()
        if not isinstance(response, Mapping):
            reader.add("", response, "the DescribeJob response must be an object (a dict with a 'job' member), "
                       f"not {type(response).__name__}")
            reader.raise_if_any("Job.from_botocore")
        job = response.get("job", response)
        if not isinstance(job, Mapping):
            reader.add("job", job, f"must be an object (Job), not {type(job).__name__}")
            reader.raise_if_any("Job.from_botocore")
        path = "job"
        if job.get("jobId") is None:
            reader.add("job.jobId", MISSING, "is required: the response describes no job")
        job_id = reader.string(job, "jobId", path)
        fields: dict[str, Any] = {
            "job_arn": reader.string(job, "jobArn", path),
            "status": _enum_or_str(reader, JobStatus, job, "status", path),
            "target_selection": _enum_or_str(reader, TargetSelection, job, "targetSelection", path),
            "targets": reader.strings(job, "targets", path) or (),
            "description": reader.string(job, "description", path),
            "namespace_id": reader.string(job, "namespaceId", path),
            "created_at": reader.timestamp(job, "createdAt", path),
            "last_updated_at": reader.timestamp(job, "lastUpdatedAt", path),
            "completed_at": reader.timestamp(job, "completedAt", path),
            "force_canceled": reader.boolean(job, "forceCanceled", path),
            "reason_code": reader.string(job, "reasonCode", path),
            "comment": reader.string(job, "comment", path),
            "job_template_arn": reader.string(job, "jobTemplateArn", path),
            "document_parameters": _parameters(reader, job, path),
            "is_concurrent": reader.boolean(job, "isConcurrent", path),
            "scheduling": reader.mapping(job, "schedulingConfig", path) or None,
            "scheduled_rollouts": _rollout_starts(reader, job, path),
            "destination_package_versions": reader.strings(job, "destinationPackageVersions", path) or (),
            "document_source": reader.string(response, "documentSource", "") if "job" in response else None,
        }
        details = job.get("jobProcessDetails")
        process = _read_process(reader, details, "job.jobProcessDetails") if details is not None else None
        configs = _read_configs(reader, job)
        reader.raise_if_any("Job.from_botocore")
        assert job_id is not None
        return cls(job_id=job_id, process=process or JobProcessDetails(), raw=job, **fields, **configs)

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
