"""`JobsClient`: a thin, typed client over boto3's ``iot`` client.

Three layers, each testable alone and each public: building the request is pure (`JobsClient.build_request`),
sending it is one botocore call (`JobsClient.send`), and mapping a ``ClientError`` to a typed `ServiceError`
wraps that call. boto3 and botocore are
imported when the first client is constructed, never by ``import iotjobs``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, overload

from iotjobs import _limits as L
from iotjobs._abort import Abort
from iotjobs._bulk import BulkResult, run_bulk
from iotjobs._checks import Problems
from iotjobs._errors import (
    ConflictingResourceUpdateError,
    InvalidRequestError,
    InvalidStateTransitionError,
    JobNotFoundError,
    LimitExceededError,
    ServiceError,
    ServiceUnavailableError,
    ThrottlingError,
    VersionConflictError,
)
from iotjobs._job import Job
from iotjobs._lifecycle import cancel_job_request, cancel_job_requests
from iotjobs._presigned import PresignedUrl
from iotjobs._ratelimit import DEFAULT_MAX_REQUESTS_PER_SECOND, RateLimiter
from iotjobs._retry import Retry
from iotjobs._rollout import Rollout
from iotjobs._state import check_update_against
from iotjobs._timeout import Timeout
from iotjobs._update import JobUpdate

if TYPE_CHECKING:
    import boto3
    from botocore.config import Config
    from botocore.exceptions import ClientError
    from mypy_boto3_iot import IoTClient

__all__ = ["JobsClient"]

_T = TypeVar("_T")

_SERVICE_ERRORS: dict[str, type[ServiceError]] = {
    "ResourceNotFoundException": JobNotFoundError,
    "InvalidRequestException": InvalidRequestError,
    "ThrottlingException": ThrottlingError,
    "ServiceUnavailableException": ServiceUnavailableError,
    # bulk / lifecycle
    "ConflictingResourceUpdateException": ConflictingResourceUpdateError,
    "VersionConflictException": VersionConflictError,
    "LimitExceededException": LimitExceededError,
    "InvalidStateTransitionException": InvalidStateTransitionError,
}


def service_error(error: ClientError, operation: str) -> ServiceError:
    """Return the typed iotjobs error for a botocore ``ClientError`` (the caller raises it ``from error``)."""
    response: Any = error.response
    details = response.get("Error", {})
    metadata = response.get("ResponseMetadata", {})
    code = str(details.get("Code") or "Unknown")
    cls = _SERVICE_ERRORS.get(code, ServiceError)
    return cls(
        code,
        str(details.get("Message") or ""),
        request_id=metadata.get("RequestId") or None,
        operation=operation,
        status_code=metadata.get("HTTPStatusCode"),
    )


class JobsClient:
    """Send `JobUpdate`s and read `Job`s through boto3's ``iot`` client.

    Either wrap an existing client (``boto3_client=``, used as is), or let iotjobs create one from
    ``boto3_session`` (or a new session for ``profile_name``) with ``region_name``, ``endpoint_url`` and
    ``boto_config``. A created client uses botocore's ``standard`` retry mode (bounded attempts with backoff on
    throttling and 5xx answers) unless ``boto_config`` sets another.
    """

    def __init__(
        self,
        *,
        boto3_client: IoTClient | None = None,
        boto3_session: boto3.session.Session | None = None,
        region_name: str | None = None,
        profile_name: str | None = None,
        endpoint_url: str | None = None,
        boto_config: Config | None = None,
        max_requests_per_second: float | None = DEFAULT_MAX_REQUESTS_PER_SECOND,
    ) -> None:
        # One limiter for every call of this client, across threads (None: no client-side limit).
        self._limiter = RateLimiter(float("inf") if max_requests_per_second is None else max_requests_per_second)
        if boto3_client is not None:
            given = [name for name, value in (
                ("boto3_session", boto3_session), ("region_name", region_name), ("profile_name", profile_name),
                ("endpoint_url", endpoint_url), ("boto_config", boto_config),
            ) if value is not None]
            if given:
                raise TypeError(f"JobsClient: boto3_client is used as is; do not also pass {', '.join(given)}")
            self._client = boto3_client
            return
        if boto3_session is not None and profile_name is not None:
            raise TypeError("JobsClient: pass profile_name or boto3_session, not both (the session has a profile)")

        import boto3
        from botocore.config import Config

        config = Config(retries={"mode": "standard"})
        if boto_config is not None:
            # Config.merge replaces the whole retries dict: keep standard mode unless the user names a mode.
            retries: Any = {"mode": "standard", **(getattr(boto_config, "retries", None) or {})}
            config = config.merge(boto_config).merge(Config(retries=retries))
        if boto3_session is not None:
            session = boto3_session
        elif profile_name is not None:
            session = boto3.session.Session(profile_name=profile_name)
        else:
            # What boto3.client() uses: one shared session, so the iot model is loaded once per process.
            if boto3.DEFAULT_SESSION is None:
                boto3.setup_default_session()
            default = boto3.DEFAULT_SESSION
            assert default is not None  # setup_default_session() sets it
            session = default
        self._client = session.client("iot", region_name=region_name, endpoint_url=endpoint_url, config=config)

    @property
    def boto3_client(self) -> IoTClient:
        """The boto3 ``iot`` client underneath, for operations iotjobs does not wrap."""
        return self._client

    @staticmethod
    def build_request(update: JobUpdate) -> dict[str, Any]:
        """The UpdateJob request for ``update``, as boto3's ``update_job`` takes it (API member names).

        Pure: no I/O, no boto3. Equal to ``update.to_botocore()``; pass it to :meth:`send`.
        """
        if not isinstance(update, JobUpdate):
            raise TypeError(f"build_request: expected a JobUpdate, got {type(update).__name__}")
        return dict(update.to_botocore())

    def send(self, operation: str, request: Mapping[str, Any]) -> dict[str, Any]:
        """Call the operation (``"UpdateJob"``, ``"DescribeJob"``, or any other of the ``iot`` client) with these
        members as they are, and return boto3's response.

        Nothing is validated here (the builders did, or the caller takes responsibility): the members are sent
        exactly as given, so a JSON ``2`` stays ``2`` on the wire. An error answer from AWS raises the typed
        `ServiceError` (`JobNotFoundError`, ...); botocore's own errors (no credentials, no region, the endpoint
        cannot be reached) propagate unchanged.
        """
        from botocore import xform_name

        method_name = xform_name(operation)
        if self._client.meta.method_to_api_mapping.get(method_name) != operation:
            raise ValueError(f"send: {operation!r} is not an operation of the iot client "
                             "(give the API name, e.g. 'UpdateJob')")
        method = getattr(self._client, method_name)
        response: Any = self._call(operation, lambda: method(**request))
        return dict(response)

    def _call(self, operation: str, call: Callable[[], _T]) -> _T:
        self._limiter.acquire()  # bulk / lifecycle: every request waits for the client's rate limiter
        try:
            return call()
        except Exception as error:
            # botocore is loaded by now (the client exists); imported here so that iotjobs never needs it first.
            from botocore.exceptions import ClientError

            if isinstance(error, ClientError):
                raise service_error(error, operation) from error
            raise

    @overload
    def update_job(self, update: JobUpdate, /, *, current: Job | None = None) -> None: ...

    @overload
    def update_job(
        self,
        job_id: str,
        /,
        *,
        description: str | None = None,
        presigned_url: PresignedUrl | None = None,
        rollout: Rollout | None = None,
        abort: Abort | None = None,
        timeout: Timeout | None = None,
        retry: Retry | None = None,
        namespace_id: str | None = None,
        current: Job | None = None,
    ) -> None: ...

    def update_job(self, update: JobUpdate | str, /, *, current: Job | None = None, **settings: Any) -> None:
        """Send one UpdateJob request: a `JobUpdate`, or a job id and the `JobUpdate` keyword arguments.

        Invalid input raises `ValidationError` before anything is sent. What is not set is not sent, and AWS
        leaves it as it is. Service errors raise `JobNotFoundError`, `InvalidRequestError`, `ThrottlingError`
        (after botocore's retries), `ServiceUnavailableError`, or `ServiceError` for any other code.
        With ``current`` (the job as `describe_job` returned it), an update AWS would refuse for that job's
        state (e.g. a retry count other than 0) raises `ValidationError` before sending (`iotjobs._state`).
        """
        if isinstance(update, JobUpdate):
            if settings:
                raise TypeError("update_job: pass a JobUpdate or keyword settings, not both "
                                f"(got {', '.join(sorted(settings))}); use update.with_*() to change a JobUpdate")
        else:
            update = JobUpdate(update, **settings)
        if current is not None:
            check_update_against(current, update, where="JobsClient.update_job")
        request = self.build_request(update)
        self.send("UpdateJob", request)

    def describe_job(self, job_id: str, *, before_substitution: bool | None = None) -> Job:
        """Return the job as DescribeJob reports it, configs read back into the builders."""
        p = Problems()
        p.string("jobId", job_id, L.DESCRIBE_JOB_ID)
        if before_substitution is not None and not isinstance(before_substitution, bool):
            p.add("beforeSubstitution", before_substitution, "must be True or False")
        p.raise_if_any("JobsClient.describe_job")
        kwargs: dict[str, Any] = {"jobId": job_id}
        if before_substitution is not None:
            kwargs["beforeSubstitution"] = before_substitution
        return Job.from_botocore(self.send("DescribeJob", kwargs))

    def watch(self, job_id: str, *, interval: float = 5.0, timeout: float | None = None) -> Iterator[Job]:
        """Yield a `Job` snapshot every ``interval`` seconds until the job reaches a terminal status
        (``COMPLETED`` or ``CANCELED``) or ``timeout`` seconds have passed. The first snapshot comes at once.
        """
        import time

        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            job = self.describe_job(job_id)
            yield job
            if getattr(job.status, "is_terminal", False):
                return
            if deadline is not None and time.monotonic() + interval > deadline:
                return
            time.sleep(interval)

    # -- bulk / lifecycle: cancel, and many calls at the account's quota ------------------------------------

    @property
    def max_requests_per_second(self) -> float:
        """The client-side limit every call of this client waits for (``inf`` when there is none)."""
        return self._limiter.rate

    def cancel_job(
        self, job_id: str, *, reason_code: str | None = None, comment: str | None = None, force: bool = False,
    ) -> None:
        """Send one CancelJob request. ``force=True`` cancels an IN_PROGRESS job too (its executions as well).

        Invalid input raises `ValidationError` before anything is sent (reasonCode: upper-case letters, digits
        and '_', at most 128; comment: at most 2028 characters, no control characters).
        """
        request = cancel_job_request(job_id, reason_code=reason_code, comment=comment, force=force)
        self._call("CancelJob", lambda: self._client.cancel_job(**request))

    def update_jobs(
        self, updates: Iterable[JobUpdate], *, journal: str | os.PathLike[str] | None = None,
        workers: int | None = None,
    ) -> BulkResult:
        """Send many UpdateJob requests concurrently, just under ``max_requests_per_second``.

        Throttling is retried with backoff and never surfaces (unless it outlasts ten retries); other service
        errors land in `BulkResult.failed`, typed. ``journal`` (a path) records every answered request so a
        re-run after an interruption skips them (`BulkResult.skipped`). ``workers`` defaults to the rate (at
        most 32) threads.
        """
        items = []
        for index, update in enumerate(updates):
            if not isinstance(update, JobUpdate):
                raise TypeError(f"JobsClient.update_jobs: updates[{index}] is a {type(update).__name__}, "
                                "not a JobUpdate")
            items.append((update.job_id, update))
        return run_bulk(items, self.update_job, operation="UpdateJob", workers=workers, journal=journal)

    def cancel_jobs(
        self, job_ids: Iterable[str], *, reason_code: str | None = None, comment: str | None = None,
        force: bool = False, journal: str | os.PathLike[str] | None = None, workers: int | None = None,
    ) -> BulkResult:
        """Cancel many jobs concurrently, just under ``max_requests_per_second``; see `update_jobs`."""
        items = cancel_job_requests(job_ids, reason_code=reason_code, comment=comment, force=force)

        def cancel(request: dict[str, Any]) -> None:
            self._call("CancelJob", lambda: self._client.cancel_job(**request))

        return run_bulk(items, cancel, operation="CancelJob", workers=workers, journal=journal)

    def __repr__(self) -> str:
        meta = self._client.meta
        return f"JobsClient(region_name={meta.region_name!r}, endpoint_url={meta.endpoint_url!r})"
