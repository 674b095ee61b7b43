"""iotjobs: typed, immutable, validated AWS IoT Jobs configuration.

A config AWS would reject cannot be built: every builder checks the limits AWS documents when it is constructed
and compiles to the exact request botocore sends. ``import iotjobs`` loads neither boto3 nor botocore.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iotjobs._abort import Abort, AbortCriterion
from iotjobs._bulk import BulkResult
from iotjobs._checks import relaxed_limits
from iotjobs._enums import ALL, FAILED, REJECTED, TIMED_OUT, EndBehavior, FailureType, JobStatus, TargetSelection
from iotjobs._errors import (
    MISSING,
    ConflictingResourceUpdateError,
    FieldError,
    InvalidRequestError,
    InvalidStateTransitionError,
    IotJobsError,
    JobNotFoundError,
    LimitExceededError,
    MalformedResponseError,
    ServiceError,
    ServiceUnavailableError,
    ThrottlingError,
    ValidationError,
    VersionConflictError,
)
from iotjobs._limits import LIMITS, Limit
from iotjobs._new_job import NewJob
from iotjobs._notebook import Renderer, install
from iotjobs._presigned import PresignedUrl
from iotjobs._retry import Retry, RetryCriterion
from iotjobs._rollout import Rollout
from iotjobs._schedule import MaintenanceWindow, Schedule
from iotjobs._timeout import Timeout
from iotjobs._update import JobUpdate

if TYPE_CHECKING:
    from iotjobs._client import JobsClient
    from iotjobs._job import Job, JobProcessDetails, UnreadableConfigWarning
    from iotjobs._preview import RolloutPreview, Stage

__all__ = [
    "ALL",
    "FAILED",
    "LIMITS",
    "MISSING",
    "REJECTED",
    "TIMED_OUT",
    "Abort",
    "AbortCriterion",
    "BulkResult",
    "ConflictingResourceUpdateError",
    "EndBehavior",
    "FailureType",
    "FieldError",
    "InvalidRequestError",
    "InvalidStateTransitionError",
    "IotJobsError",
    "Job",
    "JobNotFoundError",
    "JobProcessDetails",
    "JobStatus",
    "JobUpdate",
    "JobsClient",
    "Limit",
    "LimitExceededError",
    "MaintenanceWindow",
    "MalformedResponseError",
    "NewJob",
    "PresignedUrl",
    "Retry",
    "RetryCriterion",
    "Rollout",
    "RolloutPreview",
    "Schedule",
    "ServiceError",
    "ServiceUnavailableError",
    "Stage",
    "TargetSelection",
    "ThrottlingError",
    "Timeout",
    "UnreadableConfigWarning",
    "ValidationError",
    "VersionConflictError",
    "relaxed_limits",
]


def _renderer() -> Renderer:
    """The renderer at the top of the package (it imports the classes it draws), loaded on first display."""
    from iotjobs import _display

    return _display  # type: ignore[return-value]  # a module that has the Renderer protocol's functions


install(_renderer)

# Tracebacks name the public module, as httpx does (``iotjobs.ValidationError``, not ``iotjobs._errors....``).
# Only the exceptions: the builders keep their defining module, where typing.get_type_hints (hypothesis' builds(),
# cattrs) resolves their annotations.
for _error in (IotJobsError, ValidationError, ServiceError, JobNotFoundError, InvalidRequestError, ThrottlingError,
               ServiceUnavailableError):
    _error.__module__ = __name__
del _error


# Loaded on first use, so that ``import iotjobs`` and the builders stay cheap: name -> module.
_LAZY = {
    "JobsClient": "iotjobs._client",
    "Job": "iotjobs._job",
    "JobProcessDetails": "iotjobs._job",
    "RolloutPreview": "iotjobs._preview",
    "Stage": "iotjobs._preview",
    "UnreadableConfigWarning": "iotjobs._job",
}


def __getattr__(name: str) -> object:
    if name == "__version__":
        from importlib.metadata import version

        return version("iotjobs")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'iotjobs' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
