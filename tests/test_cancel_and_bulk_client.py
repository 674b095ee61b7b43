"""cancel_job / update_jobs / cancel_jobs on JobsClient, against the local endpoint (throttling like AWS)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from botocore.session import get_session

from iotjobs import (
    JobNotFoundError,
    JobsClient,
    JobUpdate,
    ServiceError,
    Timeout,
    ValidationError,
)
from iotjobs import _limits as L
from iotjobs._model import CANCEL_JOB
from iotjobs.testing import LocalIot, Traffic, local_iot


@pytest.fixture(scope="module")
def throttled() -> Iterator[LocalIot]:
    """One endpoint that throttles above 10 requests/s, as AWS's control plane does, with jobs job-0..job-39."""
    with local_iot(throttle_above=10.0) as iot:
        boto = iot.boto3_client()
        arn = boto.create_thing(thingName="thing-1")["thingArn"]
        for i in range(40):
            boto.create_job(jobId=f"job-{i}", targets=[arn], document="{}")
        yield iot


def fast_client(iot: LocalIot) -> JobsClient:
    # Far above the endpoint's 10/s, so the endpoint throttles and the bulk runner must absorb it.
    return JobsClient(boto3_client=iot.boto3_client(), max_requests_per_second=1000.0)


def answered(iot: LocalIot, method: str, path: str) -> int:
    assert iot.traffic is not None
    return iot.traffic.answered[f"{method} {path}"]


def test_update_jobs_above_the_quota_surfaces_no_throttling(throttled: LocalIot) -> None:
    assert throttled.traffic is not None
    before = throttled.traffic.throttled
    ids = [f"job-{i}" for i in range(10)]
    result = fast_client(throttled).update_jobs([JobUpdate(i, timeout=Timeout.minutes(30)) for i in ids],
                                               workers=10)
    assert result.ok
    assert sorted(result.succeeded) == sorted(ids)
    assert throttled.traffic.throttled > before  # the endpoint did throttle: the test can fail
    assert [answered(throttled, "PATCH", f"/jobs/{i}") for i in ids] == [1] * 10


def test_cancel_jobs_cancels_and_types_the_failures(throttled: LocalIot) -> None:
    ids = ["job-10", "job-11", "no-such-job"]
    result = fast_client(throttled).cancel_jobs(ids, reason_code="BAD_FIRMWARE", comment="rolled back")
    assert result.succeeded == ("job-10", "job-11")
    # moto 5 answers CancelJob for an unknown job with HTTP 500 (AWS: ResourceNotFoundException), so only the
    # typing as a ServiceError is checked here; the code-to-class mapping is tested with botocore's Stubber.
    assert isinstance(result.failed["no-such-job"], ServiceError)
    assert throttled.client().describe_job("job-10").status == "CANCELED"


def test_cancel_job_sends_the_members(throttled: LocalIot) -> None:
    fast_client(throttled).cancel_job("job-12", reason_code="R1", comment="why", force=True)
    job = throttled.boto3_client().describe_job(jobId="job-12")["job"]
    assert job["status"] == "CANCELED"
    assert job.get("reasonCode") == "R1"
    assert job.get("comment") == "why"


@pytest.mark.parametrize("k", [0, 4])
def test_interrupted_journaled_update_resumes_with_nothing_lost_or_repeated(
    throttled: LocalIot, tmp_path: Path, k: int
) -> None:
    ids = [f"job-{i}" for i in range(20 + 10 * (k > 0), 30 + 10 * (k > 0))]
    updates = [JobUpdate(i, timeout=Timeout.minutes(45)) for i in ids]
    journal = tmp_path / "updates.jsonl"
    boto = throttled.boto3_client()
    sent = {"n": 0}

    def interrupt_after_k(**_: Any) -> None:
        if sent["n"] >= k:
            raise KeyboardInterrupt  # Ctrl-C before the request leaves
        sent["n"] += 1

    boto.meta.events.register("before-call.iot.UpdateJob", interrupt_after_k)
    client = JobsClient(boto3_client=boto, max_requests_per_second=1000.0)
    with pytest.raises(KeyboardInterrupt):
        client.update_jobs(updates, journal=journal, workers=1)
    recorded = [json.loads(line)["id"] for line in journal.read_text().splitlines()]
    assert len(recorded) == k
    assert sorted(recorded) == sorted(i for i in ids if answered(throttled, "PATCH", f"/jobs/{i}"))

    boto.meta.events.unregister("before-call.iot.UpdateJob", interrupt_after_k)
    result = client.update_jobs(updates, journal=journal, workers=4)
    assert sorted(result.skipped) == sorted(recorded)
    assert sorted(result.succeeded + result.skipped) == sorted(ids)
    assert [answered(throttled, "PATCH", f"/jobs/{i}") for i in ids] == [1] * 10


# -- input checks: both sides of every bound, nothing sent --------------------------------------------------

@pytest.mark.parametrize("reason_code", ["A" * 128, "BAD_FIRMWARE_2", "X"])
def test_reason_code_within_limits_is_accepted(reason_code: str) -> None:
    from iotjobs._lifecycle import cancel_job_request

    assert cancel_job_request("job-1", reason_code=reason_code)["reasonCode"] == reason_code


@pytest.mark.parametrize(
    ("reason_code", "words"),
    [("A" * 129, "at most 128 characters"), ("bad_firmware", "upper-case letters"), ("", "upper-case letters"),
     ("ÄRGER", "upper-case letters"), (7, "must be a string")],
)
def test_reason_code_outside_limits_names_field_value_and_limit(reason_code: object, words: str) -> None:
    client = JobsClient(boto3_client=_unused_boto3_client())
    with pytest.raises(ValidationError, match="reasonCode") as caught:
        client.cancel_job("job-1", reason_code=reason_code)  # type: ignore[arg-type]
    assert words in str(caught.value)
    assert caught.value.errors[0].value == reason_code


def test_comment_bounds() -> None:
    from iotjobs._lifecycle import cancel_job_request

    assert cancel_job_request("job-1", comment="x" * 2028)["comment"] == "x" * 2028
    with pytest.raises(ValidationError, match=r"comment = .*at most 2028 characters"):
        cancel_job_request("job-1", comment="x" * 2029)
    with pytest.raises(ValidationError, match=r"comment = .*control or format characters"):
        cancel_job_request("job-1", comment="line\nbreak")


def test_force_must_be_a_bool_and_is_sent_only_when_true() -> None:
    from iotjobs._lifecycle import cancel_job_request

    assert "force" not in cancel_job_request("job-1")
    assert cancel_job_request("job-1", force=True)["force"] is True
    with pytest.raises(ValidationError, match=r"force = 1: must be True or False"):
        cancel_job_request("job-1", force=1)  # type: ignore[arg-type]


def test_cancel_jobs_reports_every_bad_input_before_sending() -> None:
    client = JobsClient(boto3_client=_unused_boto3_client())
    with pytest.raises(ValidationError) as caught:
        client.cancel_jobs(["ok-1", "bad id", "x" * 65], reason_code="lower")
    assert [e.path for e in caught.value.errors] == ["jobIds[1]", "jobIds[2]", "reasonCode"]
    with pytest.raises(TypeError, match="not one string"):
        client.cancel_jobs("job-1")


def test_update_jobs_wants_job_updates() -> None:
    client = JobsClient(boto3_client=_unused_boto3_client())
    with pytest.raises(TypeError, match=r"updates\[1\] is a str"):
        client.update_jobs([JobUpdate("a"), "b"])  # type: ignore[list-item]


def test_max_requests_per_second_default_and_bounds() -> None:
    boto = _unused_boto3_client()
    assert JobsClient(boto3_client=boto).max_requests_per_second == 10.0
    assert JobsClient(boto3_client=boto, max_requests_per_second=None).max_requests_per_second == float("inf")
    with pytest.raises(ValueError, match=r"max_requests_per_second = 0"):
        JobsClient(boto3_client=boto, max_requests_per_second=0)


def test_traffic_rejects_bad_settings() -> None:
    with pytest.raises(ValueError, match="throttle_above = 0"):
        Traffic(throttle_above=0)
    with pytest.raises(ValueError, match="latency = -1"):
        Traffic(latency=-1)


def test_cancel_job_model_and_limits_match_botocore() -> None:
    shape = get_session().get_service_model("iot").operation_model("CancelJob").input_shape
    assert shape is not None
    assert [m.name for m in CANCEL_JOB.members] == list(shape.members)
    for member in CANCEL_JOB.members:
        model = shape.members[member.name]
        assert member.location == model.serialization.get("location", "body")
        assert member.shape.type == model.type_name
    for limit in (L.REASON_CODE, L.CANCEL_COMMENT):
        metadata = shape.members[limit.member].metadata
        assert (limit.shape, limit.maximum, limit.pattern) == (shape.name, metadata["max"], metadata["pattern"])
        assert limit.minimum == metadata.get("min")


def _unused_boto3_client() -> Any:
    """A boto3 iot client that must not be called (validation fails first): no endpoint listens on it."""
    import boto3

    return boto3.session.Session().client(
        "iot", region_name="us-east-1", endpoint_url="http://127.0.0.1:9",
        aws_access_key_id="x", aws_secret_access_key="x",
    )


def test_cancel_job_maps_error_codes_to_typed_errors() -> None:
    from botocore.stub import Stubber

    boto = _unused_boto3_client()
    client = JobsClient(boto3_client=boto, max_requests_per_second=None)
    with Stubber(boto) as stubber:
        stubber.add_client_error("cancel_job", "ResourceNotFoundException", "no job", 404)
        with pytest.raises(JobNotFoundError):
            client.cancel_job("job-1")
        stubber.add_client_error("cancel_job", "ResourceNotFoundException", "no job", 404)
        result = client.cancel_jobs(["job-1"])
    assert isinstance(result.failed["job-1"], JobNotFoundError)
