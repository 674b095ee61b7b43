"""Tests of iotjobs.testing.local_iot (the local AWS IoT Jobs endpoint) and the pytest plugin."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from iotjobs.testing._local import LocalIot, _server_class, local_iot

if TYPE_CHECKING:
    from botocore.awsrequest import AWSPreparedRequest
    from mypy_boto3_iot.type_defs import (
        AbortConfigTypeDef,
        JobExecutionsRetryConfigTypeDef,
        JobExecutionsRolloutConfigTypeDef,
        PresignedUrlConfigTypeDef,
        TimeoutConfigTypeDef,
    )

pytest_plugins = ["pytester"]

PROJECT_ROOT = Path(__file__).resolve().parents[2]

ROLE_ARN = "arn:aws:iam::123456789012:role/iot-jobs-s3"
ROLLOUT: JobExecutionsRolloutConfigTypeDef = {
    "maximumPerMinute": 100,
    "exponentialRate": {
        "baseRatePerMinute": 50,
        "incrementFactor": 2.0,
        "rateIncreaseCriteria": {"numberOfNotifiedThings": 1000},
    },
}
ABORT: AbortConfigTypeDef = {
    "criteriaList": [
        {"failureType": "FAILED", "action": "CANCEL", "thresholdPercentage": 20.0, "minNumberOfExecutedThings": 100},
        {"failureType": "TIMED_OUT", "action": "CANCEL", "thresholdPercentage": 50.0, "minNumberOfExecutedThings": 200},
    ]
}
TIMEOUT: TimeoutConfigTypeDef = {"inProgressTimeoutInMinutes": 60}
RETRY: JobExecutionsRetryConfigTypeDef = {"criteriaList": [{"failureType": "FAILED", "numberOfRetries": 3}]}
PRESIGNED: PresignedUrlConfigTypeDef = {"roleArn": ROLE_ARN, "expiresInSec": 600}
ALL_CONFIGS: dict[str, Any] = {
    "jobExecutionsRolloutConfig": ROLLOUT,
    "abortConfig": ABORT,
    "timeoutConfig": TIMEOUT,
    "jobExecutionsRetryConfig": RETRY,
    "presignedUrlConfig": PRESIGNED,
}


@pytest.fixture
def iot() -> Iterator[LocalIot]:
    """A local endpoint for one test."""
    with local_iot() as endpoint:
        yield endpoint


def describe(iot: LocalIot, job_id: str = "job-1") -> dict[str, Any]:
    """The ``job`` of a raw boto3 DescribeJob response."""
    job: dict[str, Any] = dict(iot.boto3_client().describe_job(jobId=job_id)["job"])
    return job


def pythonpath_with_project() -> str:
    """PYTHONPATH that lets a child interpreter import iotjobs from this checkout, installed or not."""
    return os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")]))


def heavy_modules_after_import(module: str) -> list[str]:
    """Import ``module`` in a fresh interpreter and list the moto/boto3/botocore modules it loaded."""
    code = textwrap.dedent(
        f"""
        import json, sys
        import {module}
        print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in {{"moto", "boto3", "botocore"}})))
        """
    )
    env = {**os.environ, "PYTHONPATH": pythonpath_with_project()}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env, cwd=PROJECT_ROOT
    )
    modules: list[str] = json.loads(done.stdout)
    return modules


@pytest.mark.parametrize("module", ["iotjobs.testing._local", "iotjobs.testing.pytest_plugin"])
def test_import_loads_no_moto_boto3_or_botocore(module: str) -> None:
    """Importing the local endpoint module or the pytest plugin imports neither moto, boto3 nor botocore."""
    assert heavy_modules_after_import(module) == []


def test_create_then_describe_returns_configs_and_in_progress(iot: LocalIot) -> None:
    """A job created with every config describes with those configs, status IN_PROGRESS and AWS-shaped fields."""
    arn = iot.create_job("job-1", description="first", **ALL_CONFIGS)
    job = describe(iot)
    assert arn == job["jobArn"] == f"arn:aws:iot:{iot.region_name}:{iot.account_id}:job/job-1"
    assert job["status"] == "IN_PROGRESS"
    assert job["description"] == "first"
    assert {key: job[key] for key in ALL_CONFIGS} == ALL_CONFIGS
    assert job["targets"] == [f"arn:aws:iot:{iot.region_name}:{iot.account_id}:thing/thing-1"]
    assert isinstance(job["createdAt"], dt.datetime)
    assert job["createdAt"].tzinfo is not None
    assert job["lastUpdatedAt"] >= job["createdAt"]
    process = job["jobProcessDetails"]
    assert process["numberOfQueuedThings"] == 1
    assert process["numberOfTimedOutThings"] == 0


def test_describe_reports_unset_configs_as_aws_does(iot: LocalIot) -> None:
    """Unset presigned/rollout/timeout configs read as {}; unset abort/retry configs and namespaceId are absent."""
    iot.create_job("job-1")
    job = describe(iot)
    assert job["presignedUrlConfig"] == job["jobExecutionsRolloutConfig"] == job["timeoutConfig"] == {}
    assert "abortConfig" not in job
    assert "jobExecutionsRetryConfig" not in job
    assert "namespaceId" not in job


def test_scheduled_job_is_scheduled(iot: LocalIot) -> None:
    """A job created with a schedulingConfig start time is SCHEDULED, not IN_PROGRESS."""
    iot.create_job("job-1", schedulingConfig={"startTime": "2099-01-01T00:00"})
    assert describe(iot)["status"] == "SCHEDULED"


def test_process_details_count_every_target(iot: LocalIot) -> None:
    """jobProcessDetails counts one queued execution per targeted thing."""
    client = iot.boto3_client()
    arns = [client.create_thing(thingName=f"thing-{i}")["thingArn"] for i in range(3)]
    client.create_job(jobId="job-1", targets=arns, document="{}")
    assert describe(iot)["jobProcessDetails"]["numberOfQueuedThings"] == 3


def test_update_changes_only_the_members_sent(iot: LocalIot) -> None:
    """UpdateJob replaces the configs it sends and leaves every omitted one as it was."""
    iot.create_job("job-1", description="first", **ALL_CONFIGS)
    before = describe(iot)
    new_rollout: JobExecutionsRolloutConfigTypeDef = {"maximumPerMinute": 10}
    new_abort: AbortConfigTypeDef = {
        "criteriaList": [
            {"failureType": "ALL", "action": "CANCEL", "thresholdPercentage": 5.5, "minNumberOfExecutedThings": 1}
        ]
    }
    iot.boto3_client().update_job(jobId="job-1", jobExecutionsRolloutConfig=new_rollout, abortConfig=new_abort)
    after = describe(iot)
    assert after["jobExecutionsRolloutConfig"] == new_rollout
    assert after["abortConfig"] == new_abort
    for key in ("description", "timeoutConfig", "jobExecutionsRetryConfig", "presignedUrlConfig", "status"):
        assert after[key] == before[key], key


def test_update_sets_each_updatable_member(iot: LocalIot) -> None:
    """Every UpdateJob member (description and the five configs) is applied to a job created without them."""
    iot.create_job("job-1")
    # After creation AWS allows only 0 retries (see the retry tests below).
    configs = {**ALL_CONFIGS, "jobExecutionsRetryConfig": NO_RETRIES}
    iot.boto3_client().update_job(jobId="job-1", description="second", **configs)
    job = describe(iot)
    assert job["description"] == "second"
    assert {key: job[key] for key in configs} == configs


# AWS IoT Developer Guide, Job configurations: after creation the number of retries cannot be changed,
# except to 0 (for every failure type), through UpdateJob or the console.
NO_RETRIES: JobExecutionsRetryConfigTypeDef = {"criteriaList": [{"failureType": "FAILED", "numberOfRetries": 0}]}


@pytest.mark.parametrize(
    ("created_with", "update_to"),
    [
        pytest.param(RETRY, {"criteriaList": [{"failureType": "FAILED", "numberOfRetries": 4}]}, id="3->4"),
        pytest.param(RETRY, {"criteriaList": [{"failureType": "FAILED", "numberOfRetries": 1}]}, id="3->1"),
        pytest.param(None, {"criteriaList": [{"failureType": "ALL", "numberOfRetries": 1}]}, id="none->1"),
        pytest.param(
            RETRY,
            {"criteriaList": [{"failureType": "FAILED", "numberOfRetries": 0}, {"failureType": "TIMED_OUT",
                                                                                 "numberOfRetries": 2}]},
            id="one-type-not-0",
        ),
        pytest.param(RETRY, {"criteriaList": [{"failureType": "TIMED_OUT", "numberOfRetries": 3}]}, id="other-type"),
    ],
)
def test_update_changing_retries_is_invalid_request_400(
    iot: LocalIot, created_with: JobExecutionsRetryConfigTypeDef | None, update_to: JobExecutionsRetryConfigTypeDef
) -> None:
    """Any retry config other than 0 retries (or the current one) answers InvalidRequestException, HTTP 400."""
    from botocore.exceptions import ClientError

    configs: dict[str, Any] = {} if created_with is None else {"jobExecutionsRetryConfig": created_with}
    iot.create_job("job-1", **configs)
    before = describe(iot)
    with pytest.raises(ClientError) as caught:
        iot.boto3_client().update_job(jobId="job-1", jobExecutionsRetryConfig=update_to, description="not applied")
    response: Any = caught.value.response
    assert response["Error"]["Code"] == "InvalidRequestException"
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert "jobExecutionsRetryConfig" in response["Error"]["Message"]
    assert "Developer Guide" in response["Error"]["Message"]
    after = describe(iot)
    assert after.get("jobExecutionsRetryConfig") == before.get("jobExecutionsRetryConfig")
    assert after.get("description") == before.get("description")  # the whole request is refused


@pytest.mark.parametrize(
    "update_to",
    [
        pytest.param(NO_RETRIES, id="FAILED-0"),
        pytest.param({"criteriaList": [{"failureType": "ALL", "numberOfRetries": 0}]}, id="ALL-0"),
        pytest.param(
            {"criteriaList": [{"failureType": "FAILED", "numberOfRetries": 0},
                              {"failureType": "TIMED_OUT", "numberOfRetries": 0}]},
            id="both-0",
        ),
        pytest.param(RETRY, id="unchanged"),
    ],
)
def test_update_setting_retries_to_0_or_unchanged_is_accepted(
    iot: LocalIot, update_to: JobExecutionsRetryConfigTypeDef
) -> None:
    """Setting every failure type's retries to 0, or resending the current config, is accepted and stored."""
    iot.create_job("job-1", jobExecutionsRetryConfig=RETRY)
    iot.boto3_client().update_job(jobId="job-1", jobExecutionsRetryConfig=update_to)
    assert describe(iot)["jobExecutionsRetryConfig"] == update_to


def test_update_of_other_members_keeps_retries_without_a_check(iot: LocalIot) -> None:
    """An UpdateJob without jobExecutionsRetryConfig is not affected by the retry rule."""
    iot.create_job("job-1", jobExecutionsRetryConfig=RETRY)
    iot.boto3_client().update_job(jobId="job-1", timeoutConfig={"inProgressTimeoutInMinutes": 5})
    job = describe(iot)
    assert job["jobExecutionsRetryConfig"] == RETRY
    assert job["timeoutConfig"] == {"inProgressTimeoutInMinutes": 5}


def test_jobs_client_gets_invalid_request_error_for_a_retry_change(iot: LocalIot) -> None:
    """Through JobsClient the server-side refusal is an InvalidRequestError naming the member."""
    from iotjobs import InvalidRequestError, Retry

    iot.create_job("job-1", jobExecutionsRetryConfig=RETRY)
    with pytest.raises(InvalidRequestError, match="jobExecutionsRetryConfig"):
        iot.client().update_job("job-1", retry=Retry.on("FAILED", 5))


@pytest.fixture
def dead_proxy() -> Iterator[str]:
    """``http://127.0.0.1:<port>`` of a port that is bound but not listening: every connection is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"


PROXY_VARIABLES = ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "http_proxy"])
def test_clients_ignore_proxy_environment(
    iot: LocalIot, dead_proxy: str, variable: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a proxy variable naming a dead port, a plain boto3 client fails; the endpoint's clients connect."""
    import boto3
    from botocore.config import Config
    from botocore.exceptions import ProxyConnectionError

    for name in (*PROXY_VARIABLES, "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(variable, dead_proxy)
    # The control: botocore does honour the variable for this URL (so the test below can fail).
    plain = boto3.client(
        "iot", endpoint_url=iot.endpoint_url, region_name=iot.region_name,
        config=Config(retries={"total_max_attempts": 1}),
    )
    with pytest.raises(ProxyConnectionError):
        plain.list_jobs()
    iot.create_job("job-1")
    assert [job["jobId"] for job in iot.boto3_client().list_jobs()["jobs"]] == ["job-1"]
    assert iot.client().describe_job("job-1").job_id == "job-1"


def test_clients_ignore_every_proxy_variable_at_once(
    iot: LocalIot, dead_proxy: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """HTTP_PROXY, HTTPS_PROXY and ALL_PROXY (either case) together do not reach the endpoint's clients."""
    for name in PROXY_VARIABLES:
        monkeypatch.setenv(name, dead_proxy)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    iot.create_job("job-1")
    iot.client().update_job("job-1", description="through no proxy")
    assert describe(iot)["description"] == "through no proxy"


def test_update_sets_last_updated_at(iot: LocalIot) -> None:
    """UpdateJob moves lastUpdatedAt forward and keeps createdAt."""
    iot.create_job("job-1")
    before = describe(iot)
    time.sleep(0.01)
    iot.boto3_client().update_job(jobId="job-1", timeoutConfig=TIMEOUT)
    after = describe(iot)
    assert after["createdAt"] == before["createdAt"]
    assert after["lastUpdatedAt"] > before["lastUpdatedAt"]


def test_update_accepts_namespace_id_in_query(iot: LocalIot) -> None:
    """UpdateJob is a PATCH with namespaceId in the query string; the job then reports that namespaceId."""
    iot.create_job("job-1", namespaceId="ns-create")
    assert describe(iot)["namespaceId"] == "ns-create"
    sent: list[AWSPreparedRequest] = []
    client = iot.boto3_client()
    client.meta.events.register("before-send.iot.UpdateJob", lambda request, **_: sent.append(request))
    response = client.update_job(jobId="job-1", namespaceId="ns-1", description="d")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    (request,) = sent
    url = urlsplit(request.url)
    assert (request.method, url.path, url.query) == ("PATCH", "/jobs/job-1", "namespaceId=ns-1")
    assert isinstance(request.body, (str, bytes))
    assert json.loads(request.body) == {"description": "d"}
    assert describe(iot)["namespaceId"] == "ns-1"


@pytest.mark.parametrize("operation", ["update_job", "describe_job"])
def test_unknown_job_is_resource_not_found_404(iot: LocalIot, operation: str) -> None:
    """UpdateJob and DescribeJob of an unknown job fail with ResourceNotFoundException, HTTP 404."""
    from botocore.exceptions import ClientError

    call = getattr(iot.boto3_client(), operation)
    with pytest.raises(ClientError) as caught:
        call(jobId="no-such-job")
    response: Any = caught.value.response
    assert response["Error"]["Code"] == "ResourceNotFoundException"
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_two_endpoints_at_once_do_not_share_jobs() -> None:
    """Two endpoints open at the same time each see only their own jobs, even with the same job id."""
    with local_iot() as first, local_iot() as second:
        assert first.endpoint_url != second.endpoint_url
        assert first.account_id != second.account_id
        first.create_job("job-1", description="first")
        assert second.boto3_client().list_jobs()["jobs"] == []
        second.create_job("job-1", description="second")
        second.boto3_client().update_job(jobId="job-1", timeoutConfig=TIMEOUT)
        assert describe(first)["description"] == "first"
        assert describe(first)["timeoutConfig"] == {}
        assert describe(second)["description"] == "second"


def test_endpoints_in_threads_are_isolated() -> None:
    """Endpoints started concurrently from several threads keep separate state and all answer UpdateJob."""

    def run(index: int) -> tuple[str, int]:
        with local_iot() as iot:
            iot.create_job("same-id")
            iot.boto3_client().update_job(jobId="same-id", description=f"endpoint {index}")
            return describe(iot, "same-id")["description"], len(iot.boto3_client().list_jobs()["jobs"])

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(run, range(4)))
    assert results == [(f"endpoint {index}", 1) for index in range(4)]


def test_endpoint_used_twice_in_a_row_starts_empty() -> None:
    """A second endpoint after the first one starts without the first one's jobs."""
    with local_iot() as first:
        first.create_job("job-1")
    with local_iot() as second:
        assert second.boto3_client().list_jobs()["jobs"] == []
        second.create_job("job-1")
        assert describe(second)["status"] == "IN_PROGRESS"


def test_endpoint_refuses_connections_after_exit() -> None:
    """Once the with block ends the server is stopped and its port refuses connections."""
    with local_iot() as iot:
        url = urlsplit(iot.endpoint_url)
        assert url.hostname == "127.0.0.1"
        assert url.port is not None
        with socket.create_connection((url.hostname, url.port), timeout=5):
            pass
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((url.hostname, url.port), timeout=5)


def test_server_that_cannot_bind_raises_instead_of_hanging() -> None:
    """A server whose socket cannot be bound makes start() raise, where moto's would wait forever."""
    server = _server_class()("000000000001")
    server._ip_address = "192.0.2.1"  # TEST-NET-1: not an address of this machine
    with pytest.raises(RuntimeError, match="could not start") as caught:
        server.start()
    assert caught.value.__cause__ is not None  # werkzeug reports a failed bind as SystemExit(1)


def test_patch_is_active_only_while_an_endpoint_runs() -> None:
    """moto's IoT classes get UpdateJob while an endpoint runs (nested too) and are restored after the last."""
    from moto.iot.models import IoTBackend
    from moto.iot.responses import IoTResponse

    if hasattr(IoTBackend, "update_job"):
        pytest.skip("this moto implements UpdateJob itself; the patch steps aside")
    original_describe = IoTResponse.__dict__["describe_job"]
    with local_iot() as outer:
        with local_iot():
            assert hasattr(IoTBackend, "update_job")
        outer.create_job("job-1")
        outer.boto3_client().update_job(jobId="job-1", description="still patched")
        assert describe(outer)["description"] == "still patched"
    assert not hasattr(IoTBackend, "update_job")
    assert not hasattr(IoTResponse, "update_job")
    assert IoTResponse.__dict__["describe_job"] is original_describe


def test_boto3_client_ignores_the_users_aws_setup(
    iot: LocalIot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The client signs with the dummy credentials and its own region, whatever the AWS env vars and files say."""
    config = tmp_path / "config"
    config.write_text("[default]\nregion = eu-west-3\nmax_attempts = 9\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "missing-credentials"))
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAUSERSREALKEY0000")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "users-real-secret")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "ap-south-1")
    client = iot.boto3_client()
    authorizations: list[str] = []
    client.meta.events.register(
        "before-send.iot.ListJobs",
        lambda request, **_: authorizations.append(request.headers["Authorization"].decode()),
    )
    assert client.list_jobs()["jobs"] == []
    assert client.meta.region_name == iot.region_name == "us-east-1"
    (authorization,) = authorizations
    assert "Credential=testing/" in authorization
    assert "/us-east-1/iot/" in authorization


def test_other_region() -> None:
    """region_name selects the region the client signs for and the ARNs name."""
    with local_iot(region_name="eu-west-1") as iot:
        assert iot.create_job("job-1").startswith(f"arn:aws:iot:eu-west-1:{iot.account_id}:job/")


def test_create_job_twice_on_the_same_thing(iot: LocalIot) -> None:
    """create_job reuses an existing thing, so several jobs can target the default thing."""
    iot.create_job("job-1")
    iot.create_job("job-2")
    assert sorted(job["jobId"] for job in iot.boto3_client().list_jobs()["jobs"]) == ["job-1", "job-2"]


def test_client_returns_a_jobs_client(iot: LocalIot) -> None:
    """LocalIot.client() is an iotjobs JobsClient bound to the endpoint."""
    client_module = pytest.importorskip("iotjobs._client")
    iot.create_job("job-1", timeoutConfig=TIMEOUT)
    client = iot.client()
    assert isinstance(client, client_module.JobsClient)
    job = client.describe_job("job-1")
    assert job.job_id == "job-1"
    assert job.status == "IN_PROGRESS"


# Plugin autoloading is off in these runs (see plugin_pytester), so the plugin is loaded once, by module,
# whether or not iotjobs is pip-installed with its "iotjobs" entry point.
PLUGIN_ARGS = ("-p", "iotjobs.testing.pytest_plugin", "-p", "no:cacheprovider", "-W", "error")


@pytest.fixture
def plugin_pytester(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A pytester whose subprocess runs import iotjobs from this checkout and autoload no plugin."""
    monkeypatch.setenv("PYTHONPATH", pythonpath_with_project())
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")  # hypothesis alone takes seconds to import
    return pytester


def test_plugin_fixtures(plugin_pytester: pytest.Pytester) -> None:
    """iot_endpoint gives each test a fresh running endpoint; iot_jobs_client is a JobsClient bound to it."""
    plugin_pytester.makepyfile(
        """
        import pytest

        def test_update(iot_endpoint):
            iot_endpoint.create_job("job-1")
            client = iot_endpoint.boto3_client()
            client.update_job(jobId="job-1", description="updated")
            assert client.describe_job(jobId="job-1")["job"]["description"] == "updated"

        def test_fresh(iot_endpoint):
            assert iot_endpoint.boto3_client().list_jobs()["jobs"] == []

        def test_jobs_client(iot_endpoint, request):
            client_module = pytest.importorskip("iotjobs._client")
            iot_jobs_client = request.getfixturevalue("iot_jobs_client")
            assert isinstance(iot_jobs_client, client_module.JobsClient)
            iot_endpoint.create_job("job-1")
            assert iot_jobs_client.describe_job("job-1").job_id == "job-1"
        """
    )
    result = plugin_pytester.runpytest_subprocess(*PLUGIN_ARGS)
    if importlib.util.find_spec("iotjobs._client") is None:
        result.assert_outcomes(passed=2, skipped=1)
    else:
        result.assert_outcomes(passed=3)
