"""An in-process local AWS IoT Jobs endpoint for tests and examples: moto's server, plus UpdateJob.

``local_iot()`` starts moto's ``ThreadedMotoServer`` on ``127.0.0.1`` (a free port), lets it answer
``UpdateJob`` and report job statuses as AWS does, and stops it when the ``with`` block ends::

    from iotjobs.testing import local_iot

    with local_iot() as iot:
        iot.create_job("job-1", jobExecutionsRolloutConfig={"maximumPerMinute": 10})
        iot.boto3_client().update_job(jobId="job-1", timeoutConfig={"inProgressTimeoutInMinutes": 30})
        iot.client().describe_job("job-1")  # an iotjobs.JobsClient bound to the endpoint

Nothing here needs AWS credentials or network access, and importing this module imports neither moto
nor boto3: both are imported when ``local_iot()`` is entered (install them with ``iotjobs[local]``).

**Isolation.** moto keeps its state in process-wide backends, keyed by account id and region. Each
endpoint gets its own random 12-digit account id: a WSGI wrapper stamps it (moto's
``x-moto-account-id`` header) on every request that reaches that endpoint's port, whatever client or
credentials sent it. So endpoints used one after the other, nested, or at the same time from several
threads never see each other's things and jobs, and the state of an endpoint is dropped from moto's
backends when it stops. ARNs carry that account id (``LocalIot.account_id``). Two caveats: moto gives
the ``MOTO_ACCOUNT_ID`` environment variable precedence over the header, so with it set all endpoints
share one account; and the server runs in this process, so an ``AWS_PROFILE`` naming a profile that
does not exist breaks moto itself (the clients made here ignore the user's AWS configuration), and a
``mock_aws`` that stops while an endpoint runs resets that endpoint's state with every other backend.

**What differs from moto** (5.1.22 or later, the ``local`` extra's floor; a small patch, active only
while at least one endpoint runs; see ``_MotoIotPatch``):

- ``UpdateJob`` (``PATCH /jobs/{jobId}?namespaceId=...``) is implemented: only the members sent are
  changed, the others stay as they are; ``lastUpdatedAt`` is set; an unknown job answers HTTP 404
  ``ResourceNotFoundException``. The patch steps aside when moto has its own ``IoTBackend.update_job``.
- A new job is ``IN_PROGRESS`` (``SCHEDULED`` with a ``schedulingConfig`` start time), never moto's
  ``QUEUED``, which AWS uses only for job executions.
- ``DescribeJob`` answers ``{}`` for an unset ``presignedUrlConfig``, ``jobExecutionsRolloutConfig`` and
  ``timeoutConfig`` (as the AWS CLI reference example shows), returns ``namespaceId`` (given to CreateJob
  or UpdateJob), and counts ``jobProcessDetails`` from the job executions (moto always says one queued
  thing and omits ``numberOfTimedOutThings``).
- ``UpdateJob`` enforces AWS's documented rule about a job's state: after creation the number of
  retries can only be set to 0 (``jobExecutionsRetryConfig`` with ``numberOfRetries`` 0 for every
  failure type, or the current config resent unchanged); any other retry config answers HTTP 400
  ``InvalidRequestException`` (AWS IoT Developer Guide, Job configurations). This applies also when
  moto has its own ``update_job``.

Left as moto does it: the service-side bounds of the spec are not enforced (moto accepts e.g.
``maximumPerMinute=5000``), UpdateJob is accepted in every job status, job executions never progress
(so a ``timeoutConfig`` update, which AWS applies to executions that start afterwards, is always accepted),
and ``isConcurrent`` / ``scheduledJobRollouts`` are not reported.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import secrets
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    import boto3.session
    from _typeshed.wsgi import StartResponse, WSGIEnvironment
    from moto.core.responses import ActionResult
    from moto.iot.models import FakeJob, IoTBackend
    from moto.iot.responses import IoTResponse
    from moto.moto_server.threaded_moto_server import ThreadedMotoServer
    from mypy_boto3_iot import IoTClient

    from iotjobs._client import JobsClient

__all__ = ["LocalIot", "local_iot"]

# Dummy credentials: moto accepts any, and passing them explicitly keeps boto3 away from the user's.
_ACCESS_KEY_ID = "testing"
_SECRET_ACCESS_KEY = "testing"
_SESSION_TOKEN = "testing"

# moto answers requests without an account header with this account; ours never use it.
_MOTO_DEFAULT_ACCOUNT_ID = "123456789012"


@attrs.frozen
class LocalIot:
    """A running local AWS IoT endpoint, as yielded by ``local_iot()``."""

    endpoint_url: str
    """``http://127.0.0.1:<port>``: pass it as ``endpoint_url`` to any AWS SDK or the AWS CLI."""
    region_name: str
    """The region the clients made here sign for (moto keeps one backend per region)."""
    account_id: str
    """The account id this endpoint's resources live in (it appears in their ARNs)."""
    traffic: Traffic | None = attrs.field(default=None, kw_only=True, eq=False, repr=False)
    """What the endpoint received: requests answered per ``"METHOD /path"`` and the throttled count."""

    def boto3_client(self) -> IoTClient:
        """Return a boto3 ``iot`` client bound to this endpoint, with dummy credentials.

        The user's AWS config and credentials files, ``AWS_PROFILE`` and the other ``AWS_*``
        environment settings are ignored, and so are the proxy settings (``HTTP_PROXY``, ``HTTPS_PROXY``,
        ``ALL_PROXY``): the client connects to the loopback endpoint directly, so nothing about the
        machine's AWS or network setup matters. (Another SDK or the AWS CLI pointed at ``endpoint_url``
        needs ``NO_PROXY=127.0.0.1`` when a proxy is set.)
        """
        from botocore.config import Config

        session = _hermetic_boto3_session()
        with _CLIENT_LOCK:  # creating clients from one session is not thread-safe; using them is
            return session.client(
                "iot",
                region_name=self.region_name,
                endpoint_url=self.endpoint_url,
                aws_access_key_id=_ACCESS_KEY_ID,
                aws_secret_access_key=_SECRET_ACCESS_KEY,
                aws_session_token=_SESSION_TOKEN,
                # No proxy for the loopback endpoint: an explicit (empty) proxies map makes botocore skip
                # HTTP_PROXY / HTTPS_PROXY / ALL_PROXY, which would route 127.0.0.1 through the user's proxy.
                config=Config(proxies={}),
            )

    def client(self) -> JobsClient:
        """Return an ``iotjobs.JobsClient`` wrapping ``boto3_client()``."""
        from iotjobs._client import JobsClient

        return JobsClient(boto3_client=self.boto3_client())

    def create_job(
        self,
        job_id: str,
        *,
        thing_name: str = "thing-1",
        document: str = '{"op":"noop"}',
        **configs: Any,
    ) -> str:
        """Create the thing ``thing_name`` (if needed) and a job targeting it; return the job ARN.

        ``configs`` are further CreateJob members as boto3 takes them, e.g.
        ``abortConfig={"criteriaList": [...]}``, ``timeoutConfig=...``, ``description=...``.
        """
        iot = self.boto3_client()
        thing_arn = iot.create_thing(thingName=thing_name)["thingArn"]
        response = iot.create_job(jobId=job_id, targets=[thing_arn], document=document, **configs)
        return response["jobArn"]


@contextlib.contextmanager
def local_iot(
    *, region_name: str = "us-east-1", throttle_above: float | None = None, latency: float = 0.0,
) -> Iterator[LocalIot]:
    """Run a local AWS IoT Jobs endpoint on ``127.0.0.1`` for the duration of the ``with`` block.

    Each endpoint has its own state (see the module docstring); it is discarded at exit, when the
    server stops and its port is closed. Like AWS, it can throttle and be slow: ``throttle_above``
    (requests per second, a token bucket holding as many) answers ``ThrottlingException`` beyond that
    rate, and every request takes ``latency`` seconds more. ``LocalIot.traffic`` counts the requests.
    """
    with contextlib.ExitStack() as stack:
        account_id = _ACCOUNTS.allocate()
        stack.callback(_ACCOUNTS.release, account_id)
        _PATCH.acquire()
        stack.callback(_PATCH.release)
        server = _server_class()(account_id)
        traffic = Traffic(throttle_above, latency)  # bulk: throttling and latency like AWS
        server.traffic = traffic  # type: ignore[attr-defined]
        server.start()
        # werkzeug closes the listening socket when serve_forever returns: later connections are refused.
        stack.callback(server.stop)
        host, port = server.get_host_and_port()
        yield LocalIot(endpoint_url=f"http://{host}:{port}", region_name=region_name, account_id=account_id,
                       traffic=traffic)


_CLIENT_LOCK = threading.Lock()


@functools.cache
def _hermetic_boto3_session() -> boto3.session.Session:
    """One boto3 session for all local clients (loading the iot model per client costs ~0.3 s).

    It reads no AWS config or credentials file and no ``AWS_*`` environment variable.
    """
    import boto3.session
    import botocore.configprovider
    import botocore.session

    # botocore's table of session variables: (config key, env var(s), default, converter). Keep the
    # defaults, drop the env vars, and point the config and credentials files at nothing.
    defaults: dict[str, tuple[Any, Any, Any, Any]] = getattr(
        botocore.configprovider, "BOTOCORE_DEFAUT_SESSION_VARIABLES", {}
    )
    session_vars = {name: (key, None, default, conv) for name, (key, _, default, conv) in defaults.items()}
    session_vars.update(
        profile=(None, None, None, None),
        config_file=(None, None, os.devnull, None),
        credentials_file=(None, None, os.devnull, None),
    )
    return boto3.session.Session(botocore_session=botocore.session.Session(session_vars=session_vars))


@functools.cache
def _server_class() -> Callable[[str], ThreadedMotoServer]:
    """moto's ``ThreadedMotoServer``, serving every request in one account and without access logs.

    ``ThreadedMotoServer`` builds its WSGI server in its thread and offers no hook, so this subclass
    re-does that (small) method: wrap moto's app, use a quiet request handler, poll for shutdown
    every 50 ms instead of 500 ms (a function-scoped fixture stops a server per test).
    """
    from moto.moto_server import werkzeug_app
    from moto.moto_server.threaded_moto_server import ThreadedMotoServer
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
    from werkzeug.serving import WSGIRequestHandler, make_server

    # moto 5.2.5 added MotoRequestHandler (it keeps underscores in S3 metadata header names, which IoT never
    # sends); with an older moto, werkzeug's own handler serves IoT just the same.
    base_handler: type[WSGIRequestHandler] = getattr(werkzeug_app, "MotoRequestHandler", WSGIRequestHandler)

    class QuietRequestHandler(base_handler):  # type: ignore[valid-type,misc]
        def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
            """Skip werkzeug's access log line: one per API call would flood test output."""

    class AccountServer(ThreadedMotoServer):
        def __init__(self, account_id: str) -> None:
            super().__init__(ip_address="127.0.0.1", port=0, verbose=False)
            self._account_id = account_id
            self.startup_error: BaseException | None = None

        def _app(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
            # moto takes the account from this header (after the MOTO_ACCOUNT_ID env var); force ours.
            environ["HTTP_X_MOTO_ACCOUNT_ID"] = self._account_id
            traffic: Traffic | None = getattr(self, "traffic", None)
            if traffic is not None:
                return traffic(self._moto_app, environ, start_response)
            response: Iterable[bytes] = self._moto_app(environ, start_response)
            return response

        def _server_entry(self) -> None:
            self._moto_app = DomainDispatcherApplication(create_backend_app)
            try:
                self._server = make_server(
                    self._ip_address, self._port, self._app, threaded=True, request_handler=QuietRequestHandler
                )
            except BaseException as error:  # moto's start() would wait forever for the ready event
                self.startup_error = error
                self._server_ready_event.set()
                return
            self._server_ready_event.set()
            self._server.serve_forever(poll_interval=0.05)

        def start(self) -> None:
            super().start()
            if self.startup_error is not None:
                raise RuntimeError("the local AWS IoT endpoint could not start") from self.startup_error

    return AccountServer


class _Accounts:
    """Hands out distinct account ids and drops each one's moto state when its endpoint stops."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._active: set[str] = set()

    def allocate(self) -> str:
        with self._lock:
            while True:
                account_id = f"{secrets.randbelow(10**12):012d}"
                if account_id != _MOTO_DEFAULT_ACCOUNT_ID and account_id not in self._active:
                    self._active.add(account_id)
                    return account_id

    def release(self, account_id: str) -> None:
        from moto.core.base_backend import BackendDict

        # Every moto service the endpoint touched (IoT, and IAM, which moto marks on each request) keeps
        # an entry for the account; the id is ours alone, so dropping them frees exactly our state.
        backend_dicts: list[dict[str, Any]] = list(getattr(BackendDict, "_instances", []))
        for backend_dict in backend_dicts:
            backend_dict.pop(account_id, None)
        with self._lock:
            self._active.discard(account_id)


_ACCOUNTS = _Accounts()


# --- The moto patch -------------------------------------------------------------------------------
# moto (5.1.22 to 5.2.6) has no UpdateJob, reports a new job as QUEUED, and shapes DescribeJob a little unlike AWS.
# Delete this section (and the _PATCH calls above) once moto does these itself; the UpdateJob part
# already steps aside when moto's IoTBackend has an update_job of its own.

# FakeJob has no namespace attribute; the patch keeps the job's namespaceId under this name.
_NAMESPACE_ATTR = "_iotjobs_namespace_id"

# DescribeJob members AWS returns as {} when the config is unset (AWS CLI reference, describe-job example).
_EMPTY_WHEN_UNSET = ("presignedUrlConfig", "jobExecutionsRolloutConfig", "timeoutConfig")

# jobProcessDetails member counting the job executions in each status.
_PROCESS_COUNTS = {
    "CANCELED": "numberOfCanceledThings",
    "SUCCEEDED": "numberOfSucceededThings",
    "FAILED": "numberOfFailedThings",
    "REJECTED": "numberOfRejectedThings",
    "QUEUED": "numberOfQueuedThings",
    "IN_PROGRESS": "numberOfInProgressThings",
    "REMOVED": "numberOfRemovedThings",
    "TIMED_OUT": "numberOfTimedOutThings",
}


def _backend_update_job(
    self: IoTBackend,
    job_id: str,
    *,
    description: str | None = None,
    presigned_url_config: dict[str, Any] | None = None,
    job_executions_rollout_config: dict[str, Any] | None = None,
    abort_config: dict[str, Any] | None = None,
    timeout_config: dict[str, Any] | None = None,
    job_executions_retry_config: dict[str, Any] | None = None,
    namespace_id: str | None = None,
) -> FakeJob:
    """``IoTBackend.update_job``: apply the members given (not None) to the job; keep the others."""
    from moto.core.utils import utcnow

    job = self.describe_job(job_id)  # raises moto's ResourceNotFoundException (HTTP 404) if unknown
    if description is not None:
        job.description = description
    if presigned_url_config is not None:
        job.presigned_url_config = presigned_url_config
    if job_executions_rollout_config is not None:
        job.job_executions_rollout_config = job_executions_rollout_config
    if abort_config is not None:
        job.abort_config = abort_config
    if timeout_config is not None:
        job.timeout_config = timeout_config
    if job_executions_retry_config is not None:
        job.job_execution_retry_config = job_executions_retry_config
    if namespace_id is not None:
        setattr(job, _NAMESPACE_ATTR, namespace_id)
    job.last_updated_at = utcnow()
    return job


def _retry_counts(config: Any) -> dict[str, Any] | None:
    """``{failureType: numberOfRetries}`` of a ``jobExecutionsRetryConfig`` (None when unset or malformed)."""
    criteria = config.get("criteriaList") if isinstance(config, dict) else None
    if not isinstance(criteria, list) or not all(isinstance(item, dict) for item in criteria):
        return None
    return {item.get("failureType"): item.get("numberOfRetries") for item in criteria}


def _check_update_against_job(job: FakeJob, body: dict[str, Any]) -> None:
    """Refuse, as AWS documents, an UpdateJob that changes the job's number of retries to anything but 0.

    AWS IoT Developer Guide, "Job configurations" (job-configurations-api.html, and the console page
    job-configurations-console.html): after a job is created its number of retries cannot be changed; the
    only change allowed is setting the number of retries to 0, through UpdateJob or the console. The error
    answered is InvalidRequestException (HTTP 400), the error UpdateJob declares for an invalid request
    (AWS IoT API Reference, UpdateJob). Resending the job's current retry config unchanged changes nothing
    and is accepted. (The in-progress timeout has no such rule: a new ``timeoutConfig`` is accepted at any
    time and applies to the executions that enter IN_PROGRESS afterwards, per the Developer Guide's
    jobs-management-control-api.html; executions never start on this endpoint.)
    """
    from moto.iot.exceptions import InvalidRequestException

    if "jobExecutionsRetryConfig" not in body:
        return
    sent = _retry_counts(body["jobExecutionsRetryConfig"])
    if sent is None or all(count == 0 for count in sent.values()):
        return
    if sent == _retry_counts(job.job_execution_retry_config):
        return
    raise InvalidRequestException(
        "jobExecutionsRetryConfig: the number of retries of a job cannot be changed after it is created; "
        f"the only change allowed is numberOfRetries 0 for every failure type (got {sent}). "
        "See the AWS IoT Developer Guide, Job configurations (job-configurations-api.html)."
    )


def _response_update_job(self: IoTResponse) -> ActionResult:
    """``IoTResponse.update_job``: ``PATCH /jobs/{jobId}?namespaceId=...``, answered with an empty 200."""
    from moto.core.responses import EmptyResult

    body: dict[str, Any] = json.loads(self.body) if self.body else {}
    backend: Any = self.iot_backend  # update_job is patched in, so mypy cannot see it
    backend.update_job(
        self._get_param("jobId"),  # from the URI path
        description=body.get("description"),
        presigned_url_config=body.get("presignedUrlConfig"),
        job_executions_rollout_config=body.get("jobExecutionsRolloutConfig"),
        abort_config=body.get("abortConfig"),
        timeout_config=body.get("timeoutConfig"),
        job_executions_retry_config=body.get("jobExecutionsRetryConfig"),
        namespace_id=self._get_param("namespaceId"),  # from the query string
    )
    return EmptyResult()


def _wrap_update_job(update_job: Callable[[IoTResponse], ActionResult]) -> Callable[[IoTResponse], ActionResult]:
    def checked_update_job(self: IoTResponse) -> ActionResult:
        """UpdateJob, after the checks AWS makes against the job's state (``_check_update_against_job``)."""
        body: dict[str, Any] = json.loads(self.body) if self.body else {}
        job = self.iot_backend.describe_job(self._get_param("jobId"))  # unknown job: HTTP 404 first
        _check_update_against_job(job, body)
        return update_job(self)

    return checked_update_job


def _wrap_create_job(create_job: Callable[[IoTResponse], ActionResult]) -> Callable[[IoTResponse], ActionResult]:
    def patched_create_job(self: IoTResponse) -> ActionResult:
        """moto's CreateJob, then: status as AWS reports it, and the namespaceId kept."""
        result = create_job(self)
        job = self.iot_backend.jobs.get(self._get_param("jobId"))
        if job is not None:
            if job.status == "QUEUED":  # moto's placeholder; for a job AWS never says QUEUED
                scheduled = bool((job.scheduling_config or {}).get("startTime"))
                job.status = "SCHEDULED" if scheduled else "IN_PROGRESS"
            namespace_id = self._get_param("namespaceId")
            if namespace_id is not None:
                setattr(job, _NAMESPACE_ATTR, namespace_id)
        return result

    return patched_create_job


def _wrap_describe_job(
    describe_job: Callable[[IoTResponse], ActionResult],
) -> Callable[[IoTResponse], ActionResult]:
    def patched_describe_job(self: IoTResponse) -> ActionResult:
        """moto's DescribeJob, with the ``job`` shaped as AWS returns it."""
        result = describe_job(self)
        payload = result.result
        job = payload.get("job") if isinstance(payload, dict) else None
        if isinstance(job, dict):
            for key in _EMPTY_WHEN_UNSET:
                if job.get(key) is None:
                    job[key] = {}
            fake_job = self.iot_backend.jobs.get(job.get("jobId", ""))
            namespace_id = getattr(fake_job, _NAMESPACE_ATTR, None)
            if namespace_id is not None:
                job["namespaceId"] = namespace_id
            details = job.get("jobProcessDetails")
            if isinstance(details, dict):
                counts = dict.fromkeys(_PROCESS_COUNTS.values(), 0)
                for (execution_job_id, _), execution in self.iot_backend.job_executions.items():
                    if execution_job_id == job.get("jobId") and execution.status in _PROCESS_COUNTS:
                        counts[_PROCESS_COUNTS[execution.status]] += 1
                job["jobProcessDetails"] = {**details, **counts}
        return result

    return patched_describe_job


class _MotoIotPatch:
    """Reference-counted: applied when the first endpoint starts, undone when the last one stops.

    Nothing is patched at import time, and moto outside ``local_iot()`` (e.g. ``mock_aws``) is left as
    it ships whenever no endpoint runs.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._users = 0
        self._undo: list[Callable[[], None]] = []

    def acquire(self) -> None:
        with self._lock:
            if self._users == 0:
                self._apply()
            self._users += 1

    def release(self) -> None:
        with self._lock:
            self._users -= 1
            if self._users == 0:
                while self._undo:
                    self._undo.pop()()

    def _replace(self, cls: type, name: str, value: object) -> None:
        sentinel = object()
        original = cls.__dict__.get(name, sentinel)
        setattr(cls, name, value)

        def undo() -> None:
            if original is sentinel:
                delattr(cls, name)
            else:
                setattr(cls, name, original)

        self._undo.append(undo)

    def _apply(self) -> None:
        from moto.iot.models import IoTBackend
        from moto.iot.responses import IoTResponse

        update_job: Callable[[IoTResponse], ActionResult] | None = getattr(IoTResponse, "update_job", None)
        if not hasattr(IoTBackend, "update_job"):
            self._replace(IoTBackend, "update_job", _backend_update_job)
            if update_job is None:
                # moto's router already maps PATCH /jobs/{jobId} to "UpdateJob" (from botocore's model)
                # and dispatches it to the response method update_job; only the method is missing.
                update_job = _response_update_job
        if update_job is not None:
            self._replace(IoTResponse, "update_job", _wrap_update_job(update_job))
        self._replace(IoTResponse, "create_job", _wrap_create_job(IoTResponse.create_job))
        self._replace(IoTResponse, "describe_job", _wrap_describe_job(IoTResponse.describe_job))


_PATCH = _MotoIotPatch()


# -- throttling and latency like AWS (bulk work at the quota) ------------------------------------------------


class Traffic:
    """WSGI middleware of a local endpoint: counts requests, adds latency, throttles above a rate.

    The throttle is a token bucket of ``throttle_above`` tokens per second holding as many (at least one), the
    shape of AWS's per-API quotas. A throttled request is answered as AWS IoT does: HTTP 400 with
    ``x-amzn-ErrorType: ThrottlingException`` and a JSON body, which botocore reads as that error code.
    """

    def __init__(self, throttle_above: float | None = None, latency: float = 0.0) -> None:
        if throttle_above is not None and not throttle_above > 0:
            raise ValueError(f"throttle_above = {throttle_above!r}: must be greater than 0 (or None)")
        if not latency >= 0:
            raise ValueError(f"latency = {latency!r}: must be at least 0 seconds")
        import collections
        import time

        self.throttle_above = throttle_above
        self.latency = latency
        self.answered: collections.Counter[str] = collections.Counter()
        """Requests passed on to moto, per ``"METHOD /path"`` (``"PUT /jobs/job-1/cancel"``)."""
        self.throttled = 0
        """Requests answered ``ThrottlingException``."""
        self._clock = time.monotonic
        self._sleep = time.sleep
        self._capacity = max(1.0, throttle_above or 1.0)
        self._tokens = self._capacity
        self._last = self._clock()
        self._lock = threading.Lock()

    def _admit(self) -> bool:
        if self.throttle_above is None:
            return True
        with self._lock:
            now = self._clock()
            self._tokens = min(self._capacity, self._tokens + (now - self._last) * self.throttle_above)
            self._last = now
            if self._tokens >= 1.0:
                self._tokens -= 1.0
                return True
            self.throttled += 1
            return False

    def __call__(
        self, app: Callable[[WSGIEnvironment, StartResponse], Iterable[bytes]], environ: WSGIEnvironment,
        start_response: StartResponse,
    ) -> Iterable[bytes]:
        admitted = self._admit()  # decided on arrival, answered after the latency
        if self.latency:
            self._sleep(self.latency)
        if not admitted:
            body = json.dumps({"__type": "ThrottlingException", "message": "Rate exceeded"}).encode()
            start_response("400 Bad Request", [
                ("Content-Type", "application/json"), ("Content-Length", str(len(body))),
                ("x-amzn-ErrorType", "ThrottlingException"), ("x-amzn-RequestId", secrets.token_hex(16)),
            ])
            return [body]
        with self._lock:
            self.answered[f"{environ.get('REQUEST_METHOD', '')} {environ.get('PATH_INFO', '')}"] += 1
        return app(environ, start_response)
