"""Tests of `JobsClient`: requests sent, errors mapped, retries over real HTTP, construction, watch().

botocore's ``Stubber`` checks the exact keyword arguments handed to boto3; the loopback ``capture_server``
(tests/_capture.py) checks what goes over the wire and lets botocore's real retry handler run.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, cast

import boto3
import botocore.retries.standard
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.stub import Stubber

import iotjobs
from iotjobs import (
    ALL,
    FAILED,
    TIMED_OUT,
    Abort,
    InvalidRequestError,
    IotJobsError,
    Job,
    JobNotFoundError,
    JobsClient,
    JobStatus,
    JobUpdate,
    PresignedUrl,
    Retry,
    Rollout,
    ServiceError,
    ServiceUnavailableError,
    TargetSelection,
    ThrottlingError,
    Timeout,
    ValidationError,
)
from tests._capture import CannedResponse, CaptureServer, aws_error, capture_server, json_response

PROJECT_ROOT = Path(__file__).resolve().parents[1]
REGION = "us-east-1"
JOB_ID = "job-1"
ROLE_ARN = "arn:aws:iam::123456789012:role/iot-presign"
UTC = timezone.utc

# Every UpdateJob member, written by hand from the spec (section 1): what boto3's update_job must receive.
FULL_PARAMS: dict[str, Any] = {
    "jobId": JOB_ID,
    "description": "Firmware 4.2 for fleet A",
    "presignedUrlConfig": {"roleArn": ROLE_ARN, "expiresInSec": 600},
    "jobExecutionsRolloutConfig": {
        "maximumPerMinute": 200,
        "exponentialRate": {
            "baseRatePerMinute": 10,
            "incrementFactor": 1.5,
            "rateIncreaseCriteria": {"numberOfNotifiedThings": 50},
        },
    },
    "abortConfig": {
        "criteriaList": [
            {"failureType": "FAILED", "action": "CANCEL", "thresholdPercentage": 10.0, "minNumberOfExecutedThings": 20},
            {"failureType": "ALL", "action": "CANCEL", "thresholdPercentage": 30.5, "minNumberOfExecutedThings": 40},
        ]
    },
    "timeoutConfig": {"inProgressTimeoutInMinutes": 30},
    "namespaceId": "ns-1",
    "jobExecutionsRetryConfig": {
        "criteriaList": [
            {"failureType": "FAILED", "numberOfRetries": 2},
            {"failureType": "TIMED_OUT", "numberOfRetries": 1},
        ]
    },
}

# The same settings as builders: the JobUpdate keyword arguments.
FULL_SETTINGS: dict[str, Any] = {
    "description": "Firmware 4.2 for fleet A",
    "presigned_url": PresignedUrl(ROLE_ARN, 600),
    "rollout": Rollout.exponential(10, 1.5, notified_things=50, maximum_per_minute=200),
    "abort": Abort.when(FAILED, 10, min_executed_things=20).or_when(ALL, 30.5, min_executed_things=40),
    "timeout": Timeout.minutes(30),
    "retry": Retry.on(FAILED, 2).and_on(TIMED_OUT, 1),
    "namespace_id": "ns-1",
}

THROTTLED = aws_error(400, "ThrottlingException", "Rate exceeded", request_id="req-throttled")
UNAVAILABLE = aws_error(503, "ServiceUnavailableException", "Service unavailable", request_id="req-503")
NOT_FOUND = aws_error(404, "ResourceNotFoundException", "Job job-1 not found", request_id="req-404")
INVALID = aws_error(400, "InvalidRequestException", "bad request", request_id="req-400")
OK = CannedResponse()


def describe_response(status: str = "IN_PROGRESS", **job: Any) -> dict[str, Any]:
    """A small DescribeJob response for ``JOB_ID`` with the given status and extra job members."""
    return {"job": {"jobId": JOB_ID, "status": status, **job}}


@pytest.fixture(scope="module")
def client() -> JobsClient:
    """A JobsClient created by iotjobs (not wrapping a user's client), shared by the Stubber tests of this module.

    Creating one costs a new boto3 session (the iot model is parsed again), so it is made once; each test gets a
    fresh Stubber on it.
    """
    return JobsClient(region_name=REGION)


@pytest.fixture
def stubber(client: JobsClient) -> Iterator[Stubber]:
    """A Stubber active on ``client``; a call without a queued answer fails the test."""
    with Stubber(client.boto3_client) as stub:
        yield stub


@pytest.fixture
def backoffs(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record each backoff botocore's standard retry mode computes, and make it 0 so the test does not sleep.

    Only ``botocore.retries.standard.ExponentialBackoff.delay_amount`` is patched (not ``time.sleep``): the real
    method still runs, so the recorded list shows how many retries waited and how long they would have.
    """
    delays: list[float] = []
    original = botocore.retries.standard.ExponentialBackoff.delay_amount

    def delay_amount(self: botocore.retries.standard.ExponentialBackoff, context: Any) -> float:
        delays.append(float(original(self, context)))
        return 0.0

    monkeypatch.setattr(botocore.retries.standard.ExponentialBackoff, "delay_amount", delay_amount)
    return delays


def http_client(server: CaptureServer, **options: Any) -> JobsClient:
    """A JobsClient created by iotjobs that talks to the loopback ``server``."""
    return JobsClient(endpoint_url=server.url, region_name=REGION, **options)


def config_of(client: JobsClient) -> Any:
    """The botocore ``Config`` of the client's boto3 client (its stubs do not declare the attributes)."""
    return client.boto3_client.meta.config


def attempts(server: CaptureServer) -> list[str]:
    """The attempt numbers botocore wrote in the ``amz-sdk-request`` header of each request received."""
    found = []
    for request in server.requests:
        fields = dict(part.strip().split("=", 1) for part in request.headers["amz-sdk-request"].split(";"))
        found.append(f"{fields['attempt']}/{fields['max']}")
    return found


# -- update_job: what is sent --------------------------------------------------------------------------------


class TestUpdateJobRequest:
    def test_job_update_sends_every_member(self, client: JobsClient, stubber: Stubber) -> None:
        """A JobUpdate with every setting reaches boto3 as exactly the hand-written UpdateJob parameters."""
        stubber.add_response("update_job", {}, FULL_PARAMS)
        assert client.update_job(JobUpdate(JOB_ID, **FULL_SETTINGS)) is None
        stubber.assert_no_pending_responses()

    def test_keyword_form_sends_the_same(self, client: JobsClient, stubber: Stubber) -> None:
        """``update_job(job_id, **settings)`` sends the same parameters as ``update_job(JobUpdate(...))``."""
        stubber.add_response("update_job", {}, FULL_PARAMS)
        client.update_job(JOB_ID, **FULL_SETTINGS)
        stubber.assert_no_pending_responses()

    @pytest.mark.parametrize(
        ("settings", "expected"),
        [
            pytest.param({}, {}, id="nothing"),
            pytest.param({"description": "new text"}, {"description": "new text"}, id="description"),
            pytest.param(
                {"presigned_url": PresignedUrl(ROLE_ARN)}, {"presignedUrlConfig": {"roleArn": ROLE_ARN}},
                id="presigned-without-expiry",
            ),
            pytest.param(
                {"rollout": Rollout.constant(50)}, {"jobExecutionsRolloutConfig": {"maximumPerMinute": 50}},
                id="rollout",
            ),
            pytest.param(
                {"abort": Abort.when(TIMED_OUT, 5)},
                {"abortConfig": {"criteriaList": [
                    {"failureType": "TIMED_OUT", "action": "CANCEL", "thresholdPercentage": 5.0,
                     "minNumberOfExecutedThings": 1},
                ]}},
                id="abort",
            ),
            pytest.param(
                {"timeout": Timeout.minutes(5)}, {"timeoutConfig": {"inProgressTimeoutInMinutes": 5}}, id="timeout"
            ),
            pytest.param(
                {"retry": Retry.on(ALL, 0)},
                {"jobExecutionsRetryConfig": {"criteriaList": [{"failureType": "ALL", "numberOfRetries": 0}]}},
                id="retry",
            ),
            pytest.param({"namespace_id": "ns_2"}, {"namespaceId": "ns_2"}, id="namespace"),
        ],
    )
    def test_only_given_members_are_sent(
        self, client: JobsClient, stubber: Stubber, settings: dict[str, Any], expected: dict[str, Any]
    ) -> None:
        """Only the settings given are sent (Stubber also fails on any extra parameter), in both call forms."""
        stubber.add_response("update_job", {}, {"jobId": JOB_ID, **expected})
        stubber.add_response("update_job", {}, {"jobId": JOB_ID, **expected})
        client.update_job(JOB_ID, **settings)
        client.update_job(JobUpdate(JOB_ID, **settings))
        stubber.assert_no_pending_responses()

    def test_wire_request(self) -> None:
        """Over HTTP: PATCH /jobs/{jobId}, namespaceId in the query string, only the given members in the body."""
        with capture_server() as server:
            http_client(server).update_job(JOB_ID, timeout=Timeout.minutes(15), namespace_id="ns-1")
        [request] = server.requests
        assert (request.method, request.path, request.query) == ("PATCH", "/jobs/job-1", {"namespaceId": ["ns-1"]})
        assert request.json() == {"timeoutConfig": {"inProgressTimeoutInMinutes": 15}}


# -- the public steps: build_request (pure) and send (one call, errors mapped) ---------------------------------


class TestPublicSteps:
    def test_build_request_is_the_compiled_update(self) -> None:
        """build_request returns the API members to_botocore compiles, as a new plain dict each time."""
        update = JobUpdate(JOB_ID, **FULL_SETTINGS)
        request = JobsClient.build_request(update)
        assert request == FULL_PARAMS
        assert type(request) is dict
        request["description"] = "changed"
        assert JobsClient.build_request(update) == FULL_PARAMS

    def test_build_request_needs_a_job_update(self) -> None:
        """Anything but a JobUpdate is a TypeError naming what was given."""
        with pytest.raises(TypeError, match="expected a JobUpdate, got dict"):
            JobsClient.build_request(cast(Any, {"jobId": JOB_ID}))

    def test_send_passes_the_members_as_given(self, client: JobsClient, stubber: Stubber) -> None:
        """send hands boto3 exactly the members given (an int for a double stays an int) and returns the response."""
        members = {"jobId": JOB_ID, "abortConfig": {"criteriaList": [
            {"failureType": "FAILED", "action": "CANCEL", "thresholdPercentage": 20, "minNumberOfExecutedThings": 5}]}}
        stubber.add_response("update_job", {}, members)
        response = client.send("UpdateJob", members)
        assert set(response) <= {"ResponseMetadata"}
        stubber.add_response("describe_job", describe_response(), {"jobId": JOB_ID})
        assert client.send("DescribeJob", {"jobId": JOB_ID})["job"]["status"] == "IN_PROGRESS"

    def test_send_maps_service_errors(self, client: JobsClient, stubber: Stubber) -> None:
        """An error answer becomes the typed error for the operation named."""
        stubber.add_client_error("describe_job", service_error_code="ResourceNotFoundException",
                                 service_message="no such job", http_status_code=404)
        with pytest.raises(JobNotFoundError) as caught:
            client.send("DescribeJob", {"jobId": JOB_ID})
        assert (caught.value.operation, caught.value.message) == ("DescribeJob", "no such job")

    @pytest.mark.parametrize("operation", ["update_job", "NoSuchThing", "updateJob"])
    def test_send_refuses_an_unknown_operation(self, client: JobsClient, stubber: Stubber, operation: str) -> None:
        """Only the API name of an iot operation is accepted; nothing is sent otherwise."""
        with pytest.raises(ValueError, match="is not an operation of the iot client"):
            client.send(operation, {"jobId": JOB_ID})

    def test_send_over_http(self) -> None:
        """The members reach the wire unchanged (an integer threshold is not turned into 20.0)."""
        with capture_server() as server:
            http_client(server).send("UpdateJob", {"jobId": JOB_ID, "abortConfig": {"criteriaList": [
                {"failureType": "ALL", "action": "CANCEL", "thresholdPercentage": 20,
                 "minNumberOfExecutedThings": 1}]}})
        import re

        assert re.search(rb'"thresholdPercentage": ?20[,}]', server.last.body), server.last.body


# -- update_job: what is refused before sending ----------------------------------------------------------------


class TestUpdateJobArguments:
    def test_job_update_and_keywords_together(self, client: JobsClient, stubber: Stubber) -> None:
        """A JobUpdate plus keyword settings is a TypeError, and nothing is sent."""
        update = JobUpdate(JOB_ID)
        with pytest.raises(TypeError, match="timeout"):
            client.update_job(update, timeout=Timeout.minutes(5))  # type: ignore[call-overload]
        stubber.assert_no_pending_responses()

    def test_unknown_keyword(self, client: JobsClient, stubber: Stubber) -> None:
        """A misspelled setting is a TypeError, and nothing is sent."""
        with pytest.raises(TypeError, match="rollot"):
            client.update_job(JOB_ID, rollot=Rollout.constant(5))  # type: ignore[call-overload]
        stubber.assert_no_pending_responses()

    def test_invalid_rollout_fails_before_sending(self, client: JobsClient, stubber: Stubber) -> None:
        """A rollout AWS would reject raises ValidationError while it is built: update_job never sends."""
        with pytest.raises(ValidationError) as caught:
            client.update_job(JOB_ID, rollout=Rollout.exponential(2000, 1.55, notified_things=10))
        assert {e.path for e in caught.value.errors} == {
            "exponentialRate.baseRatePerMinute",
            "exponentialRate.incrementFactor",
        }
        stubber.assert_no_pending_responses()

    @pytest.mark.parametrize("job_id", ["bad id!", "", "x" * 65, "job/1"])
    def test_bad_job_id(self, client: JobsClient, stubber: Stubber, job_id: str) -> None:
        """A job id outside 1-64 characters of [a-zA-Z0-9_-] raises ValidationError on jobId; nothing is sent."""
        with pytest.raises(ValidationError) as caught:
            client.update_job(job_id)
        assert [(e.path, e.value) for e in caught.value.errors] == [("jobId", job_id)]
        stubber.assert_no_pending_responses()

    def test_every_problem_of_the_call_is_reported(self, client: JobsClient, stubber: Stubber) -> None:
        """Bad scalar settings in the keyword form are all reported in one ValidationError; nothing is sent."""
        with pytest.raises(ValidationError) as caught:
            client.update_job("bad id!", description="two\nlines", namespace_id="ns 1")
        assert sorted(e.path for e in caught.value.errors) == ["description", "jobId", "namespaceId"]
        stubber.assert_no_pending_responses()

    def test_config_of_the_wrong_type(self, client: JobsClient, stubber: Stubber) -> None:
        """A raw dict where a builder is expected raises ValidationError naming the member; nothing is sent."""
        with pytest.raises(ValidationError) as caught:
            client.update_job(JOB_ID, rollout=cast(Any, {"maximumPerMinute": 5}))
        assert [e.path for e in caught.value.errors] == ["jobExecutionsRolloutConfig"]
        stubber.assert_no_pending_responses()

    def test_validation_error_is_an_iotjobs_error(self, client: JobsClient) -> None:
        """The ValidationError raised by update_job is both an IotJobsError and a ValueError."""
        with pytest.raises(ValidationError) as caught:
            client.update_job("bad id!")
        assert isinstance(caught.value, IotJobsError)
        assert isinstance(caught.value, ValueError)


# -- error mapping ---------------------------------------------------------------------------------------------

ERROR_CASES = [
    pytest.param("ResourceNotFoundException", 404, JobNotFoundError, id="not-found"),
    pytest.param("InvalidRequestException", 400, InvalidRequestError, id="invalid-request"),
    pytest.param("ThrottlingException", 400, ThrottlingError, id="throttling"),
    pytest.param("ServiceUnavailableException", 503, ServiceUnavailableError, id="unavailable"),
    pytest.param("InternalFailureException", 500, ServiceError, id="unmapped-code"),
    pytest.param("VersionConflictException", 409, iotjobs.VersionConflictError, id="version-conflict"),
    pytest.param("ConflictingResourceUpdateException", 409, iotjobs.ConflictingResourceUpdateError, id="conflict"),
    pytest.param("LimitExceededException", 410, iotjobs.LimitExceededError, id="limit-exceeded"),
    pytest.param("SomeFutureException", 418, ServiceError, id="unknown-code"),
]


def raise_stubbed_error(client: JobsClient, stubber: Stubber, operation: str, code: str, status: int) -> ServiceError:
    """Queue one error answer for ``operation``, call it through the client, and return what it raised."""
    method = {"UpdateJob": "update_job", "DescribeJob": "describe_job"}[operation]
    stubber.add_client_error(
        method,
        service_error_code=code,
        service_message=f"{code} happened for {JOB_ID}",
        http_status_code=status,
        response_meta={"RequestId": f"rid-{status}-{code}"},
        expected_params={"jobId": JOB_ID},
    )
    call = client.update_job if operation == "UpdateJob" else client.describe_job
    with pytest.raises(ServiceError) as caught:
        call(JOB_ID)
    stubber.assert_no_pending_responses()
    return caught.value


@pytest.mark.parametrize("operation", ["UpdateJob", "DescribeJob"])
@pytest.mark.parametrize(("code", "status", "expected"), ERROR_CASES)
class TestErrorMapping:
    def test_class(
        self, client: JobsClient, stubber: Stubber, operation: str, code: str, status: int, expected: type[ServiceError]
    ) -> None:
        """Each AWS error code becomes its iotjobs class (unmapped codes: ServiceError itself), an IotJobsError."""
        error = raise_stubbed_error(client, stubber, operation, code, status)
        assert type(error) is expected
        assert isinstance(error, IotJobsError)
        assert not isinstance(error, ValidationError)

    def test_details(
        self, client: JobsClient, stubber: Stubber, operation: str, code: str, status: int, expected: type[ServiceError]
    ) -> None:
        """The error keeps the code, message, request id, HTTP status and operation AWS answered with."""
        error = raise_stubbed_error(client, stubber, operation, code, status)
        assert error.code == code
        assert error.message == f"{code} happened for {JOB_ID}"
        assert error.request_id == f"rid-{status}-{code}"
        assert error.status_code == status
        assert error.operation == operation

    def test_cause_is_the_client_error(
        self, client: JobsClient, stubber: Stubber, operation: str, code: str, status: int, expected: type[ServiceError]
    ) -> None:
        """``__cause__`` is botocore's ClientError for the same code and operation."""
        error = raise_stubbed_error(client, stubber, operation, code, status)
        cause = error.__cause__
        assert isinstance(cause, ClientError)
        assert cause.response["Error"]["Code"] == code
        assert cause.operation_name == operation

    def test_str(
        self, client: JobsClient, stubber: Stubber, operation: str, code: str, status: int, expected: type[ServiceError]
    ) -> None:
        """``str(error)`` names the code, the operation and AWS's message."""
        text = str(raise_stubbed_error(client, stubber, operation, code, status))
        assert code in text
        assert operation in text
        assert f"{code} happened for {JOB_ID}" in text

    def test_pickle(
        self, client: JobsClient, stubber: Stubber, operation: str, code: str, status: int, expected: type[ServiceError]
    ) -> None:
        """The error survives pickling with its class, its details and its text."""
        error = raise_stubbed_error(client, stubber, operation, code, status)
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is expected
        assert (copy.code, copy.message, copy.request_id, copy.status_code, copy.operation) == (
            code, f"{code} happened for {JOB_ID}", f"rid-{status}-{code}", status, operation,
        )
        assert str(copy) == str(error)


# -- retries over real HTTP ----------------------------------------------------------------------------------


class TestRetries:
    def test_default_retry_mode_is_standard(self) -> None:
        """A client iotjobs creates uses botocore's standard retry mode."""
        assert config_of(JobsClient(region_name=REGION)).retries["mode"] == "standard"

    def test_standard_mode_even_when_the_environment_says_legacy(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """iotjobs sets standard mode itself: AWS_RETRY_MODE=legacy does not change a default JobsClient."""
        monkeypatch.setenv("AWS_RETRY_MODE", "legacy")
        assert cast(Any, boto3.client("iot", region_name=REGION).meta.config).retries["mode"] == "legacy"  # the control
        assert config_of(JobsClient(region_name=REGION)).retries["mode"] == "standard"

    def test_throttled_twice_then_success(self, backoffs: list[float]) -> None:
        """Two ThrottlingException answers, then 200: the update succeeds on the third request."""
        with capture_server([THROTTLED, THROTTLED, OK]) as server:
            http_client(server).update_job(JOB_ID, description="retry me")
        assert attempts(server) == ["1/3", "2/3", "3/3"]
        assert [r.json() for r in server.requests] == [{"description": "retry me"}] * 3
        assert len(backoffs) == 2
        assert all(delay >= 0 for delay in backoffs)

    def test_always_throttled(self, backoffs: list[float]) -> None:
        """Throttled on every request: ThrottlingError after 3 attempts in all (standard mode's default)."""
        with capture_server([THROTTLED] * 10) as server, pytest.raises(ThrottlingError) as caught:
            http_client(server).update_job(JOB_ID)
        assert len(server.requests) == 3
        assert len(backoffs) == 2
        error = caught.value
        assert (error.code, error.message, error.request_id, error.status_code) == (
            "ThrottlingException", "Rate exceeded", "req-throttled", 400,
        )
        assert isinstance(error.__cause__, ClientError)

    def test_service_unavailable_once_then_success(self, backoffs: list[float]) -> None:
        """One 503 ServiceUnavailableException, then 200: the job is read on the second request."""
        with capture_server([UNAVAILABLE, json_response(describe_response("COMPLETED"))]) as server:
            job = http_client(server).describe_job(JOB_ID)
        assert job.status is JobStatus.COMPLETED
        assert attempts(server) == ["1/3", "2/3"]
        assert len(backoffs) == 1

    def test_always_unavailable(self, backoffs: list[float]) -> None:
        """503 on every request: ServiceUnavailableError after 3 attempts."""
        with capture_server([UNAVAILABLE] * 10) as server, pytest.raises(ServiceUnavailableError) as caught:
            http_client(server).describe_job(JOB_ID)
        assert len(server.requests) == 3
        assert (caught.value.status_code, caught.value.request_id) == (503, "req-503")

    @pytest.mark.parametrize(
        ("answer", "error_type"),
        [(NOT_FOUND, JobNotFoundError), (INVALID, InvalidRequestError)],
        ids=["404-not-found", "400-invalid-request"],
    )
    def test_client_errors_are_not_retried(
        self, backoffs: list[float], answer: CannedResponse, error_type: type[ServiceError]
    ) -> None:
        """ResourceNotFoundException and InvalidRequestException fail after exactly one request."""
        with capture_server([answer] * 5) as server, pytest.raises(error_type):
            http_client(server).update_job(JOB_ID)
        assert len(server.requests) == 1
        assert backoffs == []

    @pytest.mark.parametrize(
        ("retries", "expected_requests"),
        [
            pytest.param({"total_max_attempts": 2}, 2, id="total_max_attempts=2"),
            # botocore's max_attempts counts retries only: 3 retries after the first request.
            pytest.param({"mode": "standard", "max_attempts": 3}, 4, id="max_attempts=3"),
        ],
    )
    def test_user_retry_settings_apply(
        self, backoffs: list[float], retries: dict[str, Any], expected_requests: int
    ) -> None:
        """The attempts set in the user's boto_config bound the requests sent."""
        config = Config(retries=cast(Any, retries))
        with capture_server([THROTTLED] * 10) as server, pytest.raises(ThrottlingError):
            http_client(server, boto_config=config).update_job(JOB_ID)
        assert len(server.requests) == expected_requests


# -- constructor -----------------------------------------------------------------------------------------------


class TestConstructor:
    def test_default_session_through_the_public_api(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without a session or profile, the client uses boto3's public default session (set up once)."""
        monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)

        def private(*args: object) -> None:
            raise AssertionError("boto3._get_default_session is private")

        monkeypatch.setattr(boto3, "_get_default_session", private)
        JobsClient(region_name=REGION)
        first = boto3.DEFAULT_SESSION
        assert first is not None
        JobsClient(region_name=REGION)
        assert boto3.DEFAULT_SESSION is first

    def test_boto3_client_is_used_as_is(self) -> None:
        """``boto3_client=`` is kept as it is and the calls go through it."""
        iot = boto3.client("iot", region_name="eu-west-1")
        client = JobsClient(boto3_client=iot)
        assert client.boto3_client is iot
        with Stubber(iot) as stub:
            stub.add_response("update_job", {}, {"jobId": JOB_ID, "description": "d"})
            client.update_job(JOB_ID, description="d")
            stub.assert_no_pending_responses()

    @pytest.mark.parametrize(
        "option", ["boto3_session", "region_name", "profile_name", "endpoint_url", "boto_config"]
    )
    def test_boto3_client_with_another_option(self, option: str) -> None:
        """``boto3_client`` plus any other option is a TypeError naming that option."""
        values: dict[str, Any] = {
            "boto3_session": boto3.session.Session(),
            "region_name": REGION,
            "profile_name": "ops",
            "endpoint_url": "http://127.0.0.1:9",
            "boto_config": Config(),
        }
        iot = boto3.client("iot", region_name=REGION)
        with pytest.raises(TypeError, match=option):
            JobsClient(boto3_client=iot, **{option: values[option]})

    def test_session_and_profile(self) -> None:
        """``boto3_session`` plus ``profile_name`` is a TypeError (the session already has a profile)."""
        with pytest.raises(TypeError, match="profile_name"):
            JobsClient(boto3_session=boto3.session.Session(), profile_name="ops")

    def test_options_are_keyword_only(self) -> None:
        """A positional argument is a TypeError."""
        iot = boto3.client("iot", region_name=REGION)
        with pytest.raises(TypeError):
            JobsClient(iot)  # type: ignore[call-arg]

    def test_region_and_endpoint_reach_the_client(self) -> None:
        """``region_name`` and ``endpoint_url`` reach the boto3 client (and its repr)."""
        client = JobsClient(region_name="ap-northeast-1", endpoint_url="http://127.0.0.1:8443")
        assert client.boto3_client.meta.region_name == "ap-northeast-1"
        assert client.boto3_client.meta.endpoint_url == "http://127.0.0.1:8443"
        assert repr(client) == "JobsClient(region_name='ap-northeast-1', endpoint_url='http://127.0.0.1:8443')"

    def test_session_is_used(self) -> None:
        """A client built from ``boto3_session`` has the session's region and signs with its credentials."""
        session = boto3.session.Session(
            aws_access_key_id="AKIDFROMSESSION", aws_secret_access_key="secret", region_name="eu-central-1"
        )
        with capture_server() as server:
            client = JobsClient(boto3_session=session, endpoint_url=server.url)
            client.update_job(JOB_ID)
        assert client.boto3_client.meta.region_name == "eu-central-1"
        assert "Credential=AKIDFROMSESSION/" in server.last.headers["authorization"]
        assert "/eu-central-1/iot/" in server.last.headers["authorization"]

    def test_profile_is_used(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        """``profile_name`` reads that profile's region and credentials from the AWS config files."""
        config_file = tmp_path / "config"
        config_file.write_text(
            "[profile ops]\nregion = ap-southeast-2\naws_access_key_id = AKIDPROFILE\n"
            "aws_secret_access_key = secret\n"
        )
        monkeypatch.setenv("AWS_CONFIG_FILE", str(config_file))
        monkeypatch.delenv("AWS_DEFAULT_REGION")
        with capture_server() as server:
            client = JobsClient(profile_name="ops", endpoint_url=server.url)
            client.update_job(JOB_ID)
        assert client.boto3_client.meta.region_name == "ap-southeast-2"
        assert "Credential=AKIDPROFILE/" in server.last.headers["authorization"]

    def test_boto_config_is_merged(self) -> None:
        """The user's boto_config values reach the client, and the retry mode stays standard."""
        user = Config(connect_timeout=7, read_timeout=11, user_agent_extra="myapp/1.0")
        config = config_of(JobsClient(region_name=REGION, boto_config=user))
        assert (config.connect_timeout, config.read_timeout, config.user_agent_extra) == (7, 11, "myapp/1.0")
        assert config.retries["mode"] == "standard"

    @pytest.mark.parametrize("mode", ["legacy", "adaptive"])
    def test_user_retry_mode_wins(self, mode: str) -> None:
        """A retry mode set in the user's boto_config replaces standard."""
        user = Config(retries=cast(Any, {"mode": mode}))
        assert config_of(JobsClient(region_name=REGION, boto_config=user)).retries["mode"] == mode

    def test_user_retry_attempts_keep_standard_mode(self) -> None:
        """Retry attempts without a mode in the user's boto_config are applied, and the mode stays standard."""
        user = Config(retries={"total_max_attempts": 5})
        retries = config_of(JobsClient(region_name=REGION, boto_config=user)).retries
        assert retries["total_max_attempts"] == 5
        assert retries["mode"] == "standard"

    def test_user_retry_attempts_keep_standard_mode_under_legacy_environment(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Retry attempts without a mode keep standard mode even where AWS_RETRY_MODE=legacy (as the default does).

        botocore's ``Config.merge`` replaces the whole ``retries`` dict, so a naive merge would drop the mode.
        """
        monkeypatch.setenv("AWS_RETRY_MODE", "legacy")
        user = Config(retries={"total_max_attempts": 5})
        retries = config_of(JobsClient(region_name=REGION, boto_config=user)).retries
        assert retries == {"mode": "standard", "total_max_attempts": 5}


# -- describe_job ---------------------------------------------------------------------------------------------

REALISTIC_DESCRIBE: dict[str, Any] = {
    "documentSource": "https://s3.amazonaws.com/fw-bucket/fw-4.2.json",
    "job": {
        "jobArn": "arn:aws:iot:us-east-1:123456789012:job/job-1",
        "jobId": JOB_ID,
        "targetSelection": "SNAPSHOT",
        "status": "IN_PROGRESS",
        "forceCanceled": False,
        "targets": ["arn:aws:iot:us-east-1:123456789012:thinggroup/fleet-a"],
        "description": "Firmware 4.2 for fleet A",
        "presignedUrlConfig": {},
        "jobExecutionsRolloutConfig": {
            "maximumPerMinute": 200,
            "exponentialRate": {
                "baseRatePerMinute": 10,
                "incrementFactor": 1.5,
                "rateIncreaseCriteria": {"numberOfNotifiedThings": 50},
            },
        },
        "abortConfig": {
            "criteriaList": [
                {"failureType": "FAILED", "action": "CANCEL", "thresholdPercentage": 10.0,
                 "minNumberOfExecutedThings": 20},
            ]
        },
        "createdAt": datetime(2024, 3, 1, 12, 0, tzinfo=UTC),
        "lastUpdatedAt": datetime(2024, 3, 1, 12, 30, tzinfo=UTC),
        "jobProcessDetails": {
            "processingTargets": ["arn:aws:iot:us-east-1:123456789012:thinggroup/fleet-a"],
            "numberOfSucceededThings": 40,
            "numberOfFailedThings": 2,
            "numberOfQueuedThings": 58,
        },
        "timeoutConfig": {},
        "jobExecutionsRetryConfig": {"criteriaList": [{"failureType": "FAILED", "numberOfRetries": 2}]},
        "isConcurrent": True,
    },
}


class TestDescribeJob:
    def test_returns_a_job(self, client: JobsClient, stubber: Stubber) -> None:
        """describe_job reads the response into a Job: builders for configs, None for {} configs, UTC times."""
        stubber.add_response("describe_job", REALISTIC_DESCRIBE, {"jobId": JOB_ID})
        job = client.describe_job(JOB_ID)
        stubber.assert_no_pending_responses()
        assert isinstance(job, Job)
        assert (job.job_id, job.job_arn) == (JOB_ID, "arn:aws:iot:us-east-1:123456789012:job/job-1")
        assert job.status is JobStatus.IN_PROGRESS
        assert job.target_selection is TargetSelection.SNAPSHOT
        assert job.targets == ("arn:aws:iot:us-east-1:123456789012:thinggroup/fleet-a",)
        assert job.description == "Firmware 4.2 for fleet A"
        assert job.rollout == Rollout.exponential(10, 1.5, notified_things=50, maximum_per_minute=200)
        assert job.abort == Abort.when(FAILED, 10, min_executed_things=20)
        assert job.retry == Retry.on(FAILED, 2)
        assert (job.presigned_url, job.timeout) == (None, None)
        assert job.created_at == datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
        assert job.last_updated_at == datetime(2024, 3, 1, 12, 30, tzinfo=UTC)
        assert job.completed_at is None
        assert (job.process.succeeded, job.process.failed, job.process.queued, job.process.canceled) == (40, 2, 58, 0)
        assert job.process.processing_targets == ("arn:aws:iot:us-east-1:123456789012:thinggroup/fleet-a",)
        assert (job.force_canceled, job.is_concurrent) == (False, True)
        assert job.document_source == "https://s3.amazonaws.com/fw-bucket/fw-4.2.json"

    @pytest.mark.parametrize(
        ("before_substitution", "expected"),
        [(None, {"jobId": JOB_ID}), (True, {"jobId": JOB_ID, "beforeSubstitution": True}),
         (False, {"jobId": JOB_ID, "beforeSubstitution": False})],
        ids=["not-given", "true", "false"],
    )
    def test_before_substitution_only_when_given(
        self, client: JobsClient, stubber: Stubber, before_substitution: bool | None, expected: dict[str, Any]
    ) -> None:
        """beforeSubstitution is sent only when given, with the value given."""
        stubber.add_response("describe_job", describe_response(), expected)
        client.describe_job(JOB_ID, before_substitution=before_substitution)
        stubber.assert_no_pending_responses()

    def test_wire_request_and_json_timestamps(self) -> None:
        """Over HTTP: GET /jobs/{jobId}, the query only when given; epoch-second JSON times become UTC datetimes."""
        body = describe_response("COMPLETED", createdAt=1709294400, completedAt=1709296200.25, timeoutConfig={})
        with capture_server([json_response(body), json_response(body)]) as server:
            client = http_client(server)
            job = client.describe_job(JOB_ID)
            client.describe_job(JOB_ID, before_substitution=False)
        assert [(r.method, r.path, r.query) for r in server.requests] == [
            ("GET", "/jobs/job-1", {}),
            ("GET", "/jobs/job-1", {"beforeSubstitution": ["false"]}),
        ]
        assert job.created_at == datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
        assert job.completed_at == datetime(2024, 3, 1, 12, 30, 0, 250000, tzinfo=UTC)
        assert job.completed_at is not None
        assert job.completed_at.utcoffset() == timedelta(0)
        assert job.timeout is None

    @pytest.mark.parametrize("job_id", ["bad id!", "", "x" * 65])
    def test_bad_job_id(self, client: JobsClient, stubber: Stubber, job_id: str) -> None:
        """A bad job id raises ValidationError on jobId before anything is sent."""
        with pytest.raises(ValidationError) as caught:
            client.describe_job(job_id)
        assert [e.path for e in caught.value.errors] == ["jobId"]
        stubber.assert_no_pending_responses()

    def test_bad_before_substitution(self, client: JobsClient, stubber: Stubber) -> None:
        """A before_substitution that is not a bool raises ValidationError before anything is sent."""
        with pytest.raises(ValidationError) as caught:
            client.describe_job(JOB_ID, before_substitution=cast(Any, "yes"))
        assert [e.path for e in caught.value.errors] == ["beforeSubstitution"]
        stubber.assert_no_pending_responses()


# -- import cost -------------------------------------------------------------------------------------------------


def run_python(code: str) -> list[str]:
    """Run ``code`` in a fresh interpreter on this checkout and return its stdout parsed as a JSON list."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT, env=env, check=True,
        timeout=60,
    )
    return cast(list[str], json.loads(result.stdout))


AWS_MODULES = "sorted({name.split('.')[0] for name in sys.modules} & {'boto3', 'botocore'})"


class TestImportCost:
    def test_import_does_not_load_boto(self) -> None:
        """``import iotjobs`` (and building a JobUpdate) loads neither boto3 nor botocore."""
        code = (
            "import json, sys, iotjobs\n"
            "iotjobs.JobUpdate('job-1', rollout=iotjobs.Rollout.constant(5))\n"
            f"print(json.dumps({AWS_MODULES}))\n"
        )
        assert run_python(code) == []

    def test_constructing_a_client_loads_boto(self) -> None:
        """Constructing a JobsClient loads boto3 and botocore (the check above can see them)."""
        code = (
            "import json, sys, iotjobs\n"
            "iotjobs.JobsClient(region_name='us-east-1')\n"
            f"print(json.dumps({AWS_MODULES}))\n"
        )
        assert run_python(code) == ["boto3", "botocore"]

    def test_module_exposes_the_client(self) -> None:
        """JobsClient is exported by the package."""
        assert iotjobs.JobsClient is JobsClient


# -- watch -----------------------------------------------------------------------------------------------------


class FakeClock:
    """``time.monotonic`` and ``time.sleep`` for watch(): time moves only when watch sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class TestWatch:
    def queue(self, stubber: Stubber, *statuses: str) -> None:
        """Queue one DescribeJob answer per status, each expecting only the job id."""
        for status in statuses:
            stubber.add_response("describe_job", describe_response(status), {"jobId": JOB_ID})

    def test_until_completed(self, client: JobsClient, stubber: Stubber) -> None:
        """watch() yields each snapshot up to and including COMPLETED, then stops."""
        self.queue(stubber, "IN_PROGRESS", "IN_PROGRESS", "COMPLETED")
        statuses = [job.status for job in client.watch(JOB_ID, interval=0)]
        assert statuses == [JobStatus.IN_PROGRESS, JobStatus.IN_PROGRESS, JobStatus.COMPLETED]
        stubber.assert_no_pending_responses()

    def test_stops_at_canceled_without_asking_again(self, client: JobsClient, stubber: Stubber) -> None:
        """CANCELED is terminal too: no DescribeJob is sent after it."""
        self.queue(stubber, "IN_PROGRESS", "CANCELED", "IN_PROGRESS")
        statuses = [job.status for job in client.watch(JOB_ID, interval=0)]
        assert statuses == [JobStatus.IN_PROGRESS, JobStatus.CANCELED]
        with pytest.raises(AssertionError, match="1 responses remaining"):
            stubber.assert_no_pending_responses()

    def test_unknown_status_is_not_terminal(self, client: JobsClient, stubber: Stubber) -> None:
        """A status iotjobs does not know (kept as a string) does not end the watch."""
        self.queue(stubber, "PAUSED", "COMPLETED")
        statuses = [job.status for job in client.watch(JOB_ID, interval=0)]
        assert statuses == ["PAUSED", JobStatus.COMPLETED]

    def test_nothing_is_sent_before_iteration(self, client: JobsClient, stubber: Stubber) -> None:
        """watch() is lazy: the first DescribeJob is sent when the first snapshot is asked for."""
        self.queue(stubber, "COMPLETED")
        snapshots = client.watch(JOB_ID, interval=0)
        with pytest.raises(AssertionError, match="1 responses remaining"):
            stubber.assert_no_pending_responses()
        assert next(snapshots).status is JobStatus.COMPLETED
        stubber.assert_no_pending_responses()

    def test_stops_at_the_timeout(
        self, client: JobsClient, stubber: Stubber, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """With interval 1 s and timeout 2.5 s, snapshots come at 0, 1 and 2 s; the one due at 3 s is not taken."""
        clock = FakeClock()
        monkeypatch.setattr("time.monotonic", clock.monotonic)
        monkeypatch.setattr("time.sleep", clock.sleep)
        self.queue(stubber, *["IN_PROGRESS"] * 5)
        snapshots = list(client.watch(JOB_ID, interval=1.0, timeout=2.5))
        assert len(snapshots) == 3
        assert clock.sleeps == [1.0, 1.0]
        with pytest.raises(AssertionError, match="2 responses remaining"):
            stubber.assert_no_pending_responses()
