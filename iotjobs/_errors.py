"""The exception tree of iotjobs.

::

    IotJobsError                       base of everything iotjobs raises on purpose
    ├── ValidationError (ValueError)   a config AWS would reject; raised before anything is sent
    │   └── MalformedResponseError     a response iotjobs cannot read (wrong types, not an object, ...)
    └── ServiceError                   AWS answered with an error (code, message, request id)
        ├── JobNotFoundError           ResourceNotFoundException
        ├── InvalidRequestError        InvalidRequestException
        ├── ThrottlingError            ThrottlingException, after botocore's bounded retries
        ├── ServiceUnavailableError    ServiceUnavailableException
        ├── ConflictingResourceUpdateError  ConflictingResourceUpdateException (HTTP 409)
        ├── VersionConflictError       VersionConflictException (HTTP 409)
        ├── LimitExceededError         LimitExceededException (HTTP 410)
        └── InvalidStateTransitionError InvalidStateTransitionException (HTTP 409)

`ValidationError` carries one `FieldError` per problem: every problem of a call is reported at once. Values are
shown shortened in messages (`short_repr`), so a huge or deeply nested value (a file's contents) is never echoed
whole; ``FieldError.value`` keeps the value itself.
A service error keeps the botocore ``ClientError`` it came from as ``__cause__``.
"""

from __future__ import annotations

import enum
import reprlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from iotjobs._limits import Limit

__all__ = [
    "MISSING",
    "ConflictingResourceUpdateError",
    "FieldError",
    "InvalidRequestError",
    "InvalidStateTransitionError",
    "IotJobsError",
    "JobNotFoundError",
    "LimitExceededError",
    "MalformedResponseError",
    "ServiceError",
    "ServiceUnavailableError",
    "ThrottlingError",
    "ValidationError",
    "VersionConflictError",
    "short_repr",
]

# How much of a value or a path a message shows: enough to recognise it, never a file's worth.
_MAX_SHOWN = 120
_MAX_LINES = 100

_REPR = reprlib.Repr()
_REPR.maxlevel = 3
_REPR.maxstring = _MAX_SHOWN
_REPR.maxother = _MAX_SHOWN
_REPR.maxlong = 60
for _name in ("maxtuple", "maxlist", "maxarray", "maxdict", "maxset", "maxfrozenset", "maxdeque"):
    setattr(_REPR, _name, 6)


def _clip(text: str, limit: int = _MAX_SHOWN) -> str:
    if len(text) <= limit:
        return text
    half = (limit - 3) // 2
    return f"{text[:half]}...{text[-half:]}"


def short_repr(value: object) -> str:
    """A bounded ``repr`` of ``value`` for messages: long strings, big containers, deep nesting and huge
    integers are cut (``'xxxx...xxxx'``, ``[1, 2, ...]``); a value whose ``repr`` fails is named by its type."""
    if type(value) is int and value.bit_length() > 128:
        return f"<int of {value.bit_length()} bits>"
    try:
        if isinstance(value, enum.Enum):  # FailureType.REJECTED shows as AWS spells it: 'REJECTED'
            return repr(value.value)
        if isinstance(value, str) and type(value) is not str:  # its own __repr__ could be anything
            return f"{type(value).__name__}({_REPR.repr(str.__str__(value))})"
        return _clip(_REPR.repr(value), 2 * _MAX_SHOWN)
    except Exception:  # a repr that raises, or an int too long for str(): still a message, never a crash
        return f"<{type(value).__name__} object>"


class _Missing:
    """The value of a `FieldError` for a required member that was not given."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<missing>"

    def __reduce__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()
"""`FieldError.value` of a required member that is absent."""


class IotJobsError(Exception):
    """Base class of every error iotjobs raises on purpose."""


@attrs.frozen
class FieldError:
    """One problem with one AWS member: data a program can read and a sentence a person can act on.

    Attributes:
        path: the botocore path of the member, e.g. ``exponentialRate.incrementFactor`` or
            ``abortConfig.criteriaList[1].thresholdPercentage``.
        value: the value that was given.
        message: what is wrong and what AWS accepts, including the document the limit comes from.
        limit: the `iotjobs.limits.Limit` that was violated, when the problem is a documented bound.
    """

    path: str
    value: Any = attrs.field(repr=short_repr)
    message: str
    limit: Limit | None = attrs.field(default=None, eq=False, repr=False)

    def with_prefix(self, prefix: str) -> FieldError:
        """Return this error with ``prefix`` put before its path (``abortConfig.`` + ``criteriaList[0]...``)."""
        if not prefix:
            return self
        path = f"{prefix}{self.path}" if self.path.startswith("[") else f"{prefix}.{self.path}"
        return attrs.evolve(self, path=path if self.path else prefix)

    def __str__(self) -> str:
        if not self.path:
            return self.message
        path = _clip(self.path)  # a path can hold a key of the input, as long as the input
        if self.value is MISSING:
            return f"{path}: {self.message}"
        return f"{path} = {short_repr(self.value)}: {self.message}"


class ValidationError(IotJobsError, ValueError):
    """A config AWS would reject. ``errors`` holds every problem found in the call, each a `FieldError`.

    ``str(error)`` is a header line naming the call, then one line per problem::

        2 problems in Rollout.exponential:
          exponentialRate.baseRatePerMinute = 1500: must be at most 1000 (AWS IoT API Reference, ...)
          exponentialRate.incrementFactor = 1.55: AWS IoT accepts at most one digit after the decimal point ...
    """

    errors: tuple[FieldError, ...]
    where: str

    def __init__(self, errors: Iterable[FieldError], where: str = "") -> None:
        self.errors = tuple(errors)
        self.where = where
        super().__init__(self._render())

    def _render(self) -> str:
        count = len(self.errors)
        header = "1 problem" if count == 1 else f"{count} problems"
        if self.where:
            header = f"{header} in {self.where}"
        lines = [str(error) for error in self.errors[:_MAX_LINES]]
        if count > _MAX_LINES:
            lines.append(f"... and {count - _MAX_LINES} more (all of them are in .errors)")
        return "\n  ".join([f"{header}:", *lines])

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.errors, self.where))

    def renamed(self, where: str) -> ValidationError:
        """Return the same problems under the name of the call the user made (``Rollout.exponential``)."""
        return ValidationError(self.errors, where)

    def with_prefix(self, prefix: str, where: str | None = None) -> ValidationError:
        """Return a new error whose paths all start with ``prefix`` (used when a builder is nested)."""
        return ValidationError((e.with_prefix(prefix) for e in self.errors), self.where if where is None else where)


class MalformedResponseError(ValidationError):
    """An AWS response iotjobs cannot read: a member of the wrong type, a bad timestamp, no ``job`` object.

    Changes AWS makes in a compatible way are not errors (unknown members are ignored, unknown enum values kept);
    this is raised for a response that does not have the documented shape. ``errors`` names each member, as for
    a `ValidationError` (which this is, so ``except ValueError`` keeps catching it).
    """


class ServiceError(IotJobsError):
    """AWS IoT answered an error. The botocore ``ClientError`` is the ``__cause__``.

    Attributes:
        code: AWS's error code (``ResourceNotFoundException``).
        message: AWS's message.
        request_id: the request id AWS returned, for support cases.
        operation: the API operation (``UpdateJob``).
        status_code: the HTTP status code, when known.
    """

    def __init__(
        self,
        code: str,
        message: str,
        *,
        request_id: str | None = None,
        operation: str | None = None,
        status_code: int | None = None,
    ) -> None:
        self.code = code
        self.message = message
        self.request_id = request_id
        self.operation = operation
        self.status_code = status_code
        where = f" in {operation}" if operation else ""
        rid = f" (request id {request_id})" if request_id else ""
        super().__init__(f"{code}{where}: {message}{rid}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_service_error, (type(self), self.code, self.message, self.request_id, self.operation,
                                         self.status_code))


def _rebuild_service_error(
    cls: type[ServiceError], code: str, message: str, request_id: str | None, operation: str | None,
    status_code: int | None,
) -> ServiceError:
    return cls(code, message, request_id=request_id, operation=operation, status_code=status_code)


class JobNotFoundError(ServiceError):
    """The job does not exist (``ResourceNotFoundException``, HTTP 404)."""


class InvalidRequestError(ServiceError):
    """AWS rejected the request as invalid (``InvalidRequestException``, HTTP 400)."""


class ThrottlingError(ServiceError):
    """AWS throttled the request and botocore's retries ran out (``ThrottlingException``, HTTP 400)."""


class ServiceUnavailableError(ServiceError):
    """AWS IoT was temporarily unavailable and botocore's retries ran out (``ServiceUnavailableException``)."""


# Lifecycle and bulk additions (CancelJob, DeleteJob, CancelJobExecution); codes from botocore's iot model.


class ConflictingResourceUpdateError(ServiceError):
    """Another update of the same resource is in progress (``ConflictingResourceUpdateException``, HTTP 409)."""


class VersionConflictError(ServiceError):
    """The resource's version differs from the one given (``VersionConflictException``, HTTP 409)."""


class LimitExceededError(ServiceError):
    """A service limit was hit, e.g. more than 10 jobs in DELETION_IN_PROGRESS (``LimitExceededException``)."""


class InvalidStateTransitionError(ServiceError):
    """The job or execution cannot move to that state, e.g. cancelling an IN_PROGRESS execution without force
    (``InvalidStateTransitionException``, HTTP 409)."""
