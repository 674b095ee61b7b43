"""make_job / make_describe_job_response: realistic typed fixtures, and the plugin's fixtures via the entry point."""

from __future__ import annotations

from datetime import timezone

import botocore.session
from botocore.validate import ParamValidator

from iotjobs import (
    FAILED,
    Abort,
    Job,
    JobProcessDetails,
    JobsClient,
    JobStatus,
    Retry,
    Rollout,
    TargetSelection,
    Timeout,
)
from iotjobs.testing import LocalIot, make_describe_job_response, make_job


def test_response_has_the_shape_botocore_documents() -> None:
    """The factory's job passes botocore's validation against the DescribeJob output's Job shape."""
    response = make_describe_job_response(
        "fw-42", rollout=Rollout.constant(10), abort=Abort.when(FAILED, 5), retry=Retry.on(FAILED, 1),
        timeout=Timeout.minutes(5), description="d", namespace_id="ns",
        process=JobProcessDetails(succeeded=2, processing_targets=("arn:aws:iot:us-east-1:123456789012:thing/t",)),
    )
    shape = botocore.session.get_session().get_service_model("iot").shape_for("Job")
    report = ParamValidator().validate(response["job"], shape)
    assert not report.has_errors(), report.generate_report()


def test_unset_configs_are_empty_objects_as_aws_returns_them() -> None:
    """Unset rollout/abort/timeout/presigned configs come as {} and read back as None."""
    response = make_describe_job_response()
    assert response["job"]["jobExecutionsRolloutConfig"] == {}
    job = Job.from_botocore(response)
    assert (job.rollout, job.abort, job.timeout, job.presigned_url) == (None, None, None, None)


def test_make_job_reads_its_arguments_back() -> None:
    """make_job's Job carries the builders, counts and enums it was given, with UTC timestamps."""
    rollout = Rollout.exponential(50, 2, notified_things=1000)
    job = make_job(
        "fw-42", status=JobStatus.COMPLETED, target_selection=TargetSelection.CONTINUOUS, rollout=rollout,
        process=JobProcessDetails(succeeded=7, failed=1),
    )
    assert job.job_id == "fw-42"
    assert job.job_arn == "arn:aws:iot:us-east-1:123456789012:job/fw-42"
    assert job.status is JobStatus.COMPLETED
    assert job.target_selection is TargetSelection.CONTINUOUS
    assert job.rollout == rollout
    assert job.process.completed == 8
    assert job.created_at is not None
    assert job.created_at.tzinfo is timezone.utc
    assert job.to_update().rollout == rollout


def test_plugin_fixtures_come_from_the_installed_entry_point(
    iot_endpoint: LocalIot, iot_jobs_client: JobsClient
) -> None:
    """The pytest11 entry point registers the fixtures: no conftest imports them here."""
    iot_endpoint.create_job("fixture-job", timeoutConfig=Timeout.minutes(10).to_botocore())
    iot_jobs_client.update_job("fixture-job", rollout=Rollout.constant(5))
    job = iot_jobs_client.describe_job("fixture-job")
    assert job.rollout == Rollout.constant(5)
    assert job.timeout == Timeout.minutes(10)
    assert job.status is JobStatus.IN_PROGRESS
