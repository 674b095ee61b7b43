"""NewJob.to_cloudformation(): the Properties of an AWS::IoT::Job, proven with cfn-lint's registry schema."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

from iotjobs import (
    FAILED,
    TIMED_OUT,
    Abort,
    EndBehavior,
    MaintenanceWindow,
    NewJob,
    PresignedUrl,
    Retry,
    Rollout,
    Schedule,
    Timeout,
    ValidationError,
)
from iotjobs.testing import strategies as S

cfnlint_api = pytest.importorskip("cfnlint.api")

THING = "arn:aws:iot:us-east-1:123456789012:thing/sensor-1"
START = datetime(2027, 3, 1, 2, 0, tzinfo=timezone.utc)

FULL = NewJob(
    "fw-2",
    targets=[THING, "arn:aws:iot:us-east-1:123456789012:thinggroup/fleet"],
    document='{"operation": "update"}',
    description="Firmware 2.0",
    presigned_url=PresignedUrl("arn:aws:iam::123456789012:role/iot-jobs-s3", expires_in_sec=600),
    rollout=Rollout.exponential(10, 1.5, notified_things=100, succeeded_things=50, maximum_per_minute=500),
    abort=Abort.when(FAILED, 50, min_executed_things=10).or_when(TIMED_OUT, 10.25, min_executed_things=100),
    timeout=Timeout.minutes(60),
    retry=Retry.on(FAILED, 3).and_on(TIMED_OUT, 2),
    target_selection="CONTINUOUS",
    schedule=Schedule(start=START, end=START + timedelta(days=1), end_behavior=EndBehavior.STOP_ROLLOUT,
                      maintenance_windows=[MaintenanceWindow("cron(0 2 * * ? *)", 60)]),
    tags={"team": "firmware"},
    job_template_arn="arn:aws:iot:us-east-1:123456789012:jobtemplate/fw",
    document_parameters={"version_id": "2.0", "camelCaseKey": "kept"},
    destination_package_versions=["arn:aws:iot:us-east-1:123456789012:package/fw/version/2.0"],
)


def _yaml_escape(char: str) -> str:
    code = ord(char)
    if code < 0x20 or (0x7F <= code <= 0x9F and code != 0x85) or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF):
        return f"\\u{code:04x}"
    return char


def template_text(template: dict[str, Any]) -> str:
    """The template as JSON that cfn-lint's reader (a YAML parser) takes: non-ASCII text as itself (it refuses the
    surrogate-pair escapes of characters beyond the BMP), the characters YAML cannot hold escaped."""
    return "".join(_yaml_escape(char) for char in json.dumps(template, ensure_ascii=False))


def lint_errors(properties: dict[str, Any]) -> list[str]:
    """cfn-lint's errors (not warnings) for a template holding one AWS::IoT::Job with ``properties``."""
    template = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": {"Job": {"Type": "AWS::IoT::Job", "Properties": properties}},
    }
    matches = cfnlint_api.lint(template_text(template), config=cfnlint_api.ManualArgs(regions=["us-east-1"]))
    return [str(m) for m in matches if m.rule.id.startswith("E")]


def test_full_job_lints_clean() -> None:
    assert lint_errors(FULL.to_cloudformation()) == []


def test_the_linter_sees_api_names() -> None:
    """The check can fail: the API's camelCase request is not a valid AWS::IoT::Job."""
    request = FULL.to_botocore()
    errors = lint_errors(request)
    assert errors
    assert any("jobId" in error or "targets" in error for error in errors)


def test_names_are_the_resources() -> None:
    properties = FULL.to_cloudformation()
    assert list(properties) == [key[0].upper() + key[1:] for key in FULL.to_botocore()]
    assert properties["JobExecutionsRolloutConfig"]["ExponentialRate"]["RateIncreaseCriteria"] == {
        "NumberOfNotifiedThings": 100, "NumberOfSucceededThings": 50}
    assert properties["JobExecutionsRetryConfig"]["CriteriaList"][1] == {"FailureType": "TIMED_OUT",
                                                                        "NumberOfRetries": 2}
    assert properties["SchedulingConfig"]["MaintenanceWindows"] == [
        {"StartTime": "cron(0 2 * * ? *)", "DurationInMinutes": 60}]
    assert properties["Tags"] == [{"Key": "team", "Value": "firmware"}]


def test_document_parameter_keys_keep_their_spelling() -> None:
    assert FULL.to_cloudformation()["DocumentParameters"] == {"version_id": "2.0", "camelCaseKey": "kept"}


def test_namespace_cannot_be_exported() -> None:
    with pytest.raises(ValidationError) as info:
        FULL.with_namespace_id("greengrass").to_cloudformation()
    assert info.value.errors[0].path == "namespaceId"
    assert "no NamespaceId" in str(info.value)


@settings(max_examples=25, deadline=None)
@given(job=S.new_jobs())
def test_every_valid_job_lints_clean(job: NewJob) -> None:
    """cfn-lint accepts the export of any valid NewJob (one the resource can hold: no namespace)."""
    job = attrs.evolve(job, namespace_id=None)
    presigned = job.presigned_url
    if presigned is not None and not presigned.role_arn.startswith("arn:aws"):
        # iotjobs takes any partition made of [a-z0-9-]; CloudFormation's AWS::IAM::Role.Arn format wants one
        # starting with "aws" (every real partition does); test_role_partition_cloudformation_refuses shows it.
        rest = presigned.role_arn.split(":", 2)[2]
        job = job.with_presigned_url(attrs.evolve(presigned, role_arn=f"arn:aws:{rest}"[:2048]))
    assert lint_errors(job.to_cloudformation()) == []


def test_role_partition_cloudformation_refuses() -> None:
    """Known gap: a role ARN in a made-up partition passes iotjobs' pattern but not CloudFormation's."""
    odd = FULL.with_presigned_url(PresignedUrl("arn:xyz:iam::123456789012:role/r"))
    assert any("AWS::IAM::Role.Arn" in error for error in lint_errors(odd.to_cloudformation()))
