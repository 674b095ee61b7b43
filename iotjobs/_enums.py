"""The enumerations of the AWS IoT Jobs API, as ``str``-valued enums whose values are AWS's literals."""

from __future__ import annotations

import enum

__all__ = [
    "ALL", "FAILED", "REJECTED", "TIMED_OUT", "EndBehavior", "FailureType", "JobStatus", "TargetSelection",
    "end_behavior",
]


class FailureType(str, enum.Enum):
    """The failure types an abort or retry criterion reacts to (botocore ``JobExecutionFailureType``).

    ``ALL`` counts an execution that failed in any way: ``FAILED``, ``REJECTED`` or ``TIMED_OUT``.
    Retry criteria accept every member except ``REJECTED`` (a rejected execution is never retried).
    """

    FAILED = "FAILED"
    REJECTED = "REJECTED"
    TIMED_OUT = "TIMED_OUT"
    ALL = "ALL"

    def __str__(self) -> str:
        return self.value


FAILED = FailureType.FAILED
REJECTED = FailureType.REJECTED
TIMED_OUT = FailureType.TIMED_OUT
ALL = FailureType.ALL


class JobStatus(str, enum.Enum):
    """The status of a job (botocore ``JobStatus``; the model's doc text omits ``SCHEDULED``)."""

    IN_PROGRESS = "IN_PROGRESS"
    CANCELED = "CANCELED"
    COMPLETED = "COMPLETED"
    DELETION_IN_PROGRESS = "DELETION_IN_PROGRESS"
    SCHEDULED = "SCHEDULED"

    def __str__(self) -> str:
        return self.value

    @property
    def is_terminal(self) -> bool:
        """Whether the job will not change status again by itself (``COMPLETED`` or ``CANCELED``)."""
        return self in (JobStatus.COMPLETED, JobStatus.CANCELED)


class TargetSelection(str, enum.Enum):
    """Whether a job keeps running for things added to its groups (``CONTINUOUS``) or not (``SNAPSHOT``)."""

    CONTINUOUS = "CONTINUOUS"
    SNAPSHOT = "SNAPSHOT"

    def __str__(self) -> str:
        return self.value


_FAILURE_TYPES: dict[object, FailureType] = {member.value: member for member in FailureType}


def failure_type(value: object) -> FailureType:
    """The `FailureType` a builder was given (a member or its exact AWS literal); any other value is kept as
    given, for the builder's check to report (a converter must not raise, or one problem hides the others)."""
    try:
        return _FAILURE_TYPES.get(value, value)  # type: ignore[arg-type]
    except TypeError:  # unhashable: a list or a dict given where a failure type belongs
        return value  # type: ignore[return-value]


# -- CreateJob: scheduling -----------------------------------------------------------------------------------


class EndBehavior(str, enum.Enum):
    """What happens to a scheduled job's unfinished executions at its ``endTime`` (botocore ``JobEndBehavior``)."""

    STOP_ROLLOUT = "STOP_ROLLOUT"
    CANCEL = "CANCEL"
    FORCE_CANCEL = "FORCE_CANCEL"

    def __str__(self) -> str:
        return self.value


_END_BEHAVIORS: dict[object, EndBehavior] = {member.value: member for member in EndBehavior}


def end_behavior(value: object) -> EndBehavior | None:
    """The `EndBehavior` a builder was given (a member, its AWS literal or None); any other value is kept for the
    builder's check to report."""
    try:
        return _END_BEHAVIORS.get(value, value)  # type: ignore[arg-type]
    except TypeError:
        return value  # type: ignore[return-value]
