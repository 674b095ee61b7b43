"""NewJob (CreateJob): every member's limits on both sides, the cross-field rules, the wire format."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from iotjobs import (
    FAILED,
    Abort,
    EndBehavior,
    MaintenanceWindow,
    NewJob,
    PresignedUrl,
    Retry,
    Rollout,
    Schedule,
    TargetSelection,
    Timeout,
    ValidationError,
    relaxed_limits,
)
from iotjobs import _limits as L

THING = "arn:aws:iot:us-east-1:123456789012:thing/sensor-1"
GROUP = "arn:aws:iot:us-east-1:123456789012:thinggroup/fleet"
TEMPLATE = "arn:aws:iot:us-east-1:123456789012:jobtemplate/fw"
PACKAGE = "arn:aws:iot:us-east-1:123456789012:package/fw/version/2.0"
START = datetime(2027, 3, 1, 2, 0, tzinfo=timezone.utc)


def job(**changes: Any) -> NewJob:
    settings: dict[str, Any] = {"targets": [THING], "document": "{}"}
    settings.update(changes)
    return NewJob(settings.pop("job_id", "fw-2"), **settings)


def problems(**changes: Any) -> dict[str, str]:
    with pytest.raises(ValidationError) as info:
        job(**changes)
    return {error.path: str(error) for error in info.value.errors}


def hi(limit: L.Limit) -> int:
    assert limit.maximum is not None
    return int(limit.maximum)


def lo(limit: L.Limit) -> int:
    assert limit.minimum is not None
    return int(limit.minimum)


FULL = NewJob(
    "fw-2",
    targets=[THING, GROUP],
    document_source="https://s3.amazonaws.com/bucket/job.json",
    description="Firmware 2.0",
    presigned_url=PresignedUrl("arn:aws:iam::123456789012:role/iot-jobs-s3", expires_in_sec=600),
    rollout=Rollout.exponential(10, 1.5, notified_things=100, maximum_per_minute=500),
    abort=Abort.when(FAILED, 50, min_executed_things=10),
    timeout=Timeout.minutes(60),
    retry=Retry.on(FAILED, 3),
    target_selection="CONTINUOUS",
    schedule=Schedule(start=START, end=START + timedelta(days=1), end_behavior=EndBehavior.CANCEL,
                      maintenance_windows=[MaintenanceWindow("cron(0 2 * * ? *)", 60)]),
    tags={"team": "firmware", "stage": ""},
    namespace_id="greengrass",
    job_template_arn=TEMPLATE,
    document_parameters={"version": "2.0"},
    destination_package_versions=[PACKAGE],
)


# -- construction --------------------------------------------------------------------------------------------


def test_full_job_keeps_its_values() -> None:
    assert FULL.targets == (THING, GROUP)
    assert FULL.target_selection is TargetSelection.CONTINUOUS
    assert FULL.tags == {"team": "firmware", "stage": ""}
    assert FULL.destination_package_versions == (PACKAGE,)


def test_equal_and_hashable_with_mapping_members() -> None:
    twin = job(tags={"b": "2", "a": "1"})
    assert twin == job(tags={"a": "1", "b": "2"})
    assert hash(twin) == hash(job(tags={"a": "1", "b": "2"}))
    assert twin != job(tags={"a": "1"})


def test_with_methods_return_new_jobs() -> None:
    base = job()
    assert base.with_description("x").description == "x"
    assert base.with_targets([GROUP]).targets == (GROUP,)
    assert base.with_tags({"k": "v"}).tags == {"k": "v"}
    assert base.with_target_selection("SNAPSHOT").target_selection is TargetSelection.SNAPSHOT
    assert base.with_schedule(FULL.schedule).schedule == FULL.schedule
    sourced = job(document=None, document_source="s3://b/k")
    assert sourced.with_document_source("s3://c/k").document_source == "s3://c/k"
    assert base.with_document("[]").document == "[]"
    assert base.description is None
    with pytest.raises(ValidationError):
        base.with_document_source("s3://b/k")  # both documents


# -- targets -------------------------------------------------------------------------------------------------


def test_targets_count_bounds() -> None:
    assert len(job(targets=[THING] * hi(L.TARGETS)).targets) == hi(L.TARGETS)
    assert "at most 100 items" in problems(targets=[THING] * (hi(L.TARGETS) + 1))["targets"]
    assert "at least 1 item" in problems(targets=[])["targets"]
    with relaxed_limits():
        assert len(job(targets=[THING] * (hi(L.TARGETS) + 1)).targets) == hi(L.TARGETS) + 1


def test_target_arn_length_bounds() -> None:
    prefix = "arn:aws:iot:us-east-1:123456789012:thing/"
    longest = prefix + "t" * (hi(L.TARGET_ARN) - len(prefix))
    assert job(targets=[longest]).targets == (longest,)
    assert list(problems(targets=[THING, longest + "t"])) == ["targets[1]"]


@pytest.mark.parametrize("target", ["thing/x", "arn:aws:iam::123456789012:role/x", "", 5,
                                    "arn:aws:iot:us-east-1:123456789012:job/x"])
def test_target_arn_shape_refused(target: object) -> None:
    assert list(problems(targets=[target])) == ["targets[0]"]


def test_targets_not_a_sequence() -> None:
    assert "sequence of strings" in problems(targets=THING)["targets"]


# -- documents -----------------------------------------------------------------------------------------------


def test_document_length_bounds() -> None:
    assert len(job(document="x" * hi(L.DOCUMENT)).document or "") == hi(L.DOCUMENT)
    assert list(problems(document="x" * (hi(L.DOCUMENT) + 1))) == ["document"]
    assert list(problems(document="")) == ["document"]


def test_document_source_length_bounds() -> None:
    assert job(document=None, document_source="s" * hi(L.DOCUMENT_SOURCE)).document_source is not None
    assert list(problems(document=None, document_source="s" * (hi(L.DOCUMENT_SOURCE) + 1))) == ["documentSource"]
    assert list(problems(document=None, document_source="")) == ["documentSource"]


def test_exactly_one_document() -> None:
    assert "not both" in problems(document_source="s3://b/k")["document"]
    assert "give document or documentSource" in problems(document=None)["document"]


def test_template_job_needs_no_document() -> None:
    assert job(document=None, job_template_arn=TEMPLATE).document is None


# -- the other scalars ---------------------------------------------------------------------------------------


def test_job_id_bounds() -> None:
    assert job(job_id="j" * hi(L.CREATE_JOB_ID)).job_id == "j" * hi(L.CREATE_JOB_ID)
    assert list(problems(job_id="j" * (hi(L.CREATE_JOB_ID) + 1))) == ["jobId"]
    assert list(problems(job_id="")) == ["jobId"]
    assert list(problems(job_id="fw 2")) == ["jobId"]


def test_description_bounds() -> None:
    assert job(description="d" * hi(L.CREATE_DESCRIPTION)).description is not None
    assert list(problems(description="d" * (hi(L.CREATE_DESCRIPTION) + 1))) == ["description"]
    assert list(problems(description="line\nbreak")) == ["description"]


def test_job_template_arn_bounds() -> None:
    longest = "arn:" + "a" * (hi(L.JOB_TEMPLATE_ARN) - 4)
    assert job(job_template_arn=longest).job_template_arn == longest
    assert list(problems(job_template_arn=longest + "a")) == ["jobTemplateArn"]
    assert list(problems(job_template_arn="jobtemplate/fw")) == ["jobTemplateArn"]


def test_namespace_and_target_selection() -> None:
    assert list(problems(namespace_id="green grass")) == ["namespaceId"]
    assert "CONTINUOUS, SNAPSHOT" in problems(target_selection="continuous")["targetSelection"]


def test_configs_must_be_builders() -> None:
    found = problems(rollout={"maximumPerMinute": 5}, schedule={"startTime": "x"})
    assert set(found) == {"jobExecutionsRolloutConfig", "schedulingConfig"}


# -- tags ----------------------------------------------------------------------------------------------------


def test_tag_count_bounds() -> None:
    most = {f"k{i}": "v" for i in range(hi(L.TAGS))}
    assert len(job(tags=most).tags or {}) == hi(L.TAGS)
    assert "at most 50 items" in problems(tags={**most, "one-more": "v"})["tags"]
    assert job(tags={}).tags == {}


def test_tag_key_and_value_bounds() -> None:
    assert job(tags={"k" * hi(L.TAG_KEY): "v" * hi(L.TAG_VALUE), "é 中:/=+-@_.": ""}).tags is not None
    assert list(problems(tags={"k" * (hi(L.TAG_KEY) + 1): "v"})) == [f"tags[{'k' * 129!r}]"]
    assert list(problems(tags={"k": "v" * (hi(L.TAG_VALUE) + 1)})) == ["tags['k']"]
    assert list(problems(tags={"": "v"})) == ["tags['']"]
    assert "only letters, digits" in problems(tags={"a\tb": "v"})["tags['a\\tb']"]


def test_tags_must_be_a_mapping_of_strings() -> None:
    assert "mapping of strings" in problems(tags=[("k", "v")])["tags"]
    assert list(problems(tags={"k": 5})) == ["tags['k']"]


# -- document parameters and package versions ----------------------------------------------------------------


def test_document_parameter_bounds() -> None:
    key, value = "k" * hi(L.DOCUMENT_PARAMETER_KEY), "v" * hi(L.DOCUMENT_PARAMETER_VALUE)
    assert job(job_template_arn=TEMPLATE, document_parameters={key: value}).document_parameters == {key: value}
    for bad in ({key + "k": "v"}, {"k": value + "v"}, {"": "v"}, {"k": ""}, {"k.v": "v"}, {"k": "a\nb"}):
        assert len(problems(job_template_arn=TEMPLATE, document_parameters=bad)) == 1, bad


def test_document_parameters_need_a_template() -> None:
    assert "needs jobTemplateArn" in problems(document_parameters={"k": "v"})["documentParameters"]
    with relaxed_limits():
        assert job(document_parameters={"k": "v"}).document_parameters == {"k": "v"}


def test_destination_package_versions_bounds() -> None:
    most = [PACKAGE] * hi(L.DESTINATION_PACKAGE_VERSIONS)
    assert len(job(destination_package_versions=most).destination_package_versions or ()) == len(most)
    assert list(problems(destination_package_versions=[*most, PACKAGE])) == ["destinationPackageVersions"]
    assert list(problems(destination_package_versions=[])) == ["destinationPackageVersions"]
    longest = "arn:" + "p" * (hi(L.PACKAGE_VERSION_ARN) - 4)
    assert job(destination_package_versions=[longest]).destination_package_versions == (longest,)
    assert list(problems(destination_package_versions=[longest + "p"])) == ["destinationPackageVersions[0]"]
    assert list(problems(destination_package_versions=["package/fw"])) == ["destinationPackageVersions[0]"]


def test_all_problems_at_once() -> None:
    found = problems(job_id="", targets=[], document=None, tags={"k": 1}, target_selection="ALL")
    assert set(found) == {"jobId", "targets", "document", "tags['k']", "targetSelection"}


# -- wire ----------------------------------------------------------------------------------------------------


def test_to_botocore_full() -> None:
    request = FULL.to_botocore()
    assert list(request) == ["jobId", "targets", "documentSource", "description", "presignedUrlConfig",
                             "targetSelection", "jobExecutionsRolloutConfig", "abortConfig", "timeoutConfig", "tags",
                             "namespaceId", "jobTemplateArn", "jobExecutionsRetryConfig", "documentParameters",
                             "schedulingConfig", "destinationPackageVersions"]
    assert request["tags"] == [{"Key": "team", "Value": "firmware"}, {"Key": "stage", "Value": ""}]
    assert request["schedulingConfig"] == FULL.schedule.to_botocore()  # type: ignore[union-attr]
    assert request["targets"] == [THING, GROUP]


def test_to_botocore_minimal() -> None:
    assert job().to_botocore() == {"jobId": "fw-2", "targets": [THING], "document": "{}"}


def test_round_trip() -> None:
    assert NewJob.from_botocore(FULL.to_botocore()) == FULL


def test_from_botocore_reports_every_problem() -> None:
    with pytest.raises(ValidationError) as info:
        NewJob.from_botocore({
            "jobId": "fw 2", "targets": [THING], "document": "{}", "tag": [],
            "tags": [{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}, {"Value": "x"}],
            "schedulingConfig": {"startTime": "soon"},
        })
    paths = {error.path for error in info.value.errors}
    assert paths == {"jobId", "tag", "tags[1].Key", "tags[2].Key", "schedulingConfig.startTime"}


def test_from_botocore_needs_the_required_members() -> None:
    with pytest.raises(ValidationError) as info:
        NewJob.from_botocore({"document": "{}"})
    assert {error.path for error in info.value.errors} == {"jobId", "targets"}


def test_from_botocore_tag_without_value_is_empty() -> None:
    parsed = NewJob.from_botocore({"jobId": "j", "targets": [THING], "document": "{}", "tags": [{"Key": "k"}]})
    assert parsed.tags == {"k": ""}


def test_import_does_not_load_botocore() -> None:
    import subprocess
    import sys

    code = "import iotjobs, sys; iotjobs.NewJob; assert 'botocore' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
