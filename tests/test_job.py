"""Tests of `Job` and `JobProcessDetails`: reading DescribeJob responses (spec section 4), relaxed and typed."""

from __future__ import annotations

import copy
import json
from datetime import datetime, timedelta, timezone
from typing import Any

import attrs
import botocore.session
import pytest
from botocore.validate import validate_parameters

import iotjobs
from iotjobs import (
    ALL,
    FAILED,
    REJECTED,
    TIMED_OUT,
    Abort,
    FailureType,
    Job,
    JobProcessDetails,
    JobStatus,
    JobUpdate,
    PresignedUrl,
    Retry,
    Rollout,
    TargetSelection,
    Timeout,
    ValidationError,
)

UTC = timezone.utc
ROLE_ARN = "arn:aws:iam::123456789012:role/iot-presign"
GROUP_ARN = "arn:aws:iot:us-east-1:123456789012:thinggroup/fleet-a"
THING_ARN = "arn:aws:iot:us-east-1:123456789012:thing/dev-7"
PACKAGE_ARN = "arn:aws:iot:us-east-1:123456789012:package/fw/version/4.2"
TEMPLATE_ARN = "arn:aws:iot:us-east-1::jobtemplate/AWS-Run-Command:1.0"

CREATED = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)  # epoch 1709294400
UPDATED = datetime(2024, 3, 1, 12, 30, tzinfo=UTC)  # epoch 1709296200
COMPLETED = datetime(2024, 3, 7, 12, 0, tzinfo=UTC)  # epoch 1709812800

# A DescribeJob response as boto3 returns it, written by hand with every member of the spec's section 4.
FULL: dict[str, Any] = {
    "documentSource": "https://s3.amazonaws.com/fw-bucket/fw-4.2.json",
    "job": {
        "jobArn": "arn:aws:iot:us-east-1:123456789012:job/fw-42",
        "jobId": "fw-42",
        "targetSelection": "CONTINUOUS",
        "status": "COMPLETED",
        "forceCanceled": False,
        "reasonCode": "ROLLOUT_DONE_2",
        "comment": "Finished after the maintenance window",
        "targets": [GROUP_ARN, THING_ARN],
        "description": "Firmware 4.2 for fleet A",
        "presignedUrlConfig": {"roleArn": ROLE_ARN, "expiresInSec": 1800},
        "jobExecutionsRolloutConfig": {
            "maximumPerMinute": 500,
            "exponentialRate": {
                "baseRatePerMinute": 20,
                "incrementFactor": 1.5,
                "rateIncreaseCriteria": {"numberOfNotifiedThings": 100, "numberOfSucceededThings": 50},
            },
        },
        "abortConfig": {
            "criteriaList": [
                {"failureType": "FAILED", "action": "CANCEL", "thresholdPercentage": 25.5,
                 "minNumberOfExecutedThings": 10},
                {"failureType": "ALL", "action": "CANCEL", "thresholdPercentage": 50.0,
                 "minNumberOfExecutedThings": 100},
            ]
        },
        "createdAt": CREATED,
        "lastUpdatedAt": UPDATED,
        "completedAt": COMPLETED,
        "jobProcessDetails": {
            "processingTargets": [GROUP_ARN],
            "numberOfCanceledThings": 1,
            "numberOfSucceededThings": 2,
            "numberOfFailedThings": 3,
            "numberOfRejectedThings": 4,
            "numberOfQueuedThings": 5,
            "numberOfInProgressThings": 6,
            "numberOfRemovedThings": 7,
            "numberOfTimedOutThings": 8,
        },
        "timeoutConfig": {"inProgressTimeoutInMinutes": 60},
        "namespaceId": "ns-1",
        "jobTemplateArn": TEMPLATE_ARN,
        "jobExecutionsRetryConfig": {
            "criteriaList": [
                {"failureType": "FAILED", "numberOfRetries": 3},
                {"failureType": "TIMED_OUT", "numberOfRetries": 2},
            ]
        },
        "documentParameters": {"command": "reboot", "pathToHandler": "/opt/handler"},
        "isConcurrent": True,
        "schedulingConfig": {
            "startTime": "2024-03-02T10:00",
            "endTime": "2024-03-09T10:00",
            "endBehavior": "STOP_ROLLOUT",
            "maintenanceWindows": [{"startTime": "cron(0 2 ? * SUN *)", "durationInMinutes": 120}],
        },
        "scheduledJobRollouts": [{"startTime": "2024-03-03T02:00"}, {"startTime": "2024-03-10T02:00"}],
        "destinationPackageVersions": [PACKAGE_ARN],
    },
}

CONFIG_MEMBERS = (
    "presignedUrlConfig", "jobExecutionsRolloutConfig", "abortConfig", "timeoutConfig", "jobExecutionsRetryConfig"
)


def full(**job: Any) -> dict[str, Any]:
    """A deep copy of ``FULL`` with the given job members replaced (``None``: removed)."""
    response = copy.deepcopy(FULL)
    for key, value in job.items():
        if value is None:
            response["job"].pop(key, None)
        else:
            response["job"][key] = value
    return response


def minimal(**job: Any) -> dict[str, Any]:
    """A DescribeJob response with only ``jobId`` and the given job members."""
    return {"job": {"jobId": "job-1", **job}}


def as_cli_json(response: dict[str, Any]) -> Any:
    """The response as the AWS CLI prints it: JSON, timestamps as epoch-second numbers."""

    def encode(value: object) -> float:
        assert isinstance(value, datetime)
        return value.timestamp()

    return json.loads(json.dumps(response, default=encode))


def iot_model() -> Any:
    """botocore's iot service model."""
    return botocore.session.get_session().get_service_model("iot")


# -- the fixture itself ---------------------------------------------------------------------------------------


class TestFixture:
    def test_has_every_member_of_the_model(self) -> None:
        """The hand-written response has every member botocore's DescribeJob model defines (job and its parts)."""
        output = iot_model().operation_model("DescribeJob").output_shape
        job_shape = output.members["job"]
        assert set(output.members) <= set(FULL)
        assert set(job_shape.members) <= set(FULL["job"])
        assert set(job_shape.members["jobProcessDetails"].members) <= set(FULL["job"]["jobProcessDetails"])
        assert set(job_shape.members["schedulingConfig"].members) <= set(FULL["job"]["schedulingConfig"])

    def test_is_valid_for_the_model(self) -> None:
        """The hand-written response is what boto3 could return: it validates against the output shape."""
        validate_parameters(FULL, iot_model().operation_model("DescribeJob").output_shape)


# -- reading every field ----------------------------------------------------------------------------------------


class TestFromBotocore:
    @pytest.fixture
    def job(self) -> Job:
        """The Job read from the full response."""
        return Job.from_botocore(FULL)

    def test_identity_and_status(self, job: Job) -> None:
        """jobId, jobArn, status and targetSelection are read; the enums become members."""
        assert job.job_id == "fw-42"
        assert job.job_arn == "arn:aws:iot:us-east-1:123456789012:job/fw-42"
        assert job.status is JobStatus.COMPLETED
        assert job.target_selection is TargetSelection.CONTINUOUS

    def test_scalars(self, job: Job) -> None:
        """The plain members are read as they are."""
        assert job.targets == (GROUP_ARN, THING_ARN)
        assert job.description == "Firmware 4.2 for fleet A"
        assert job.namespace_id == "ns-1"
        assert job.force_canceled is False
        assert job.reason_code == "ROLLOUT_DONE_2"
        assert job.comment == "Finished after the maintenance window"
        assert job.job_template_arn == TEMPLATE_ARN
        assert job.document_parameters == {"command": "reboot", "pathToHandler": "/opt/handler"}
        assert job.is_concurrent is True
        assert job.destination_package_versions == (PACKAGE_ARN,)
        assert job.document_source == "https://s3.amazonaws.com/fw-bucket/fw-4.2.json"

    def test_scheduling(self, job: Job) -> None:
        """schedulingConfig is kept as AWS sent it; scheduledJobRollouts become their start times."""
        assert job.scheduling == {
            "startTime": "2024-03-02T10:00",
            "endTime": "2024-03-09T10:00",
            "endBehavior": "STOP_ROLLOUT",
            "maintenanceWindows": [{"startTime": "cron(0 2 ? * SUN *)", "durationInMinutes": 120}],
        }
        assert job.scheduled_rollouts == ("2024-03-03T02:00", "2024-03-10T02:00")

    def test_timestamps(self, job: Job) -> None:
        """createdAt, lastUpdatedAt and completedAt are timezone-aware UTC datetimes."""
        assert (job.created_at, job.last_updated_at, job.completed_at) == (CREATED, UPDATED, COMPLETED)
        for stamp in (job.created_at, job.last_updated_at, job.completed_at):
            assert stamp is not None
            assert stamp.utcoffset() == timedelta(0)

    def test_configs_are_the_builders(self, job: Job) -> None:
        """Each config equals the builder call that describes it."""
        assert job.presigned_url == PresignedUrl(ROLE_ARN, 1800)
        assert job.rollout == Rollout.exponential(
            20, 1.5, notified_things=100, succeeded_things=50, maximum_per_minute=500
        )
        assert job.abort == Abort.when(FAILED, 25.5, min_executed_things=10).or_when(ALL, 50, min_executed_things=100)
        assert job.timeout == Timeout.minutes(60)
        assert job.retry == Retry.on(FAILED, 3).and_on(TIMED_OUT, 2)

    def test_process_details(self, job: Job) -> None:
        """Every jobProcessDetails count is read into its own field."""
        assert job.process == JobProcessDetails(
            canceled=1, succeeded=2, failed=3, rejected=4, queued=5, in_progress=6, removed=7, timed_out=8,
            processing_targets=(GROUP_ARN,),
        )

    def test_job_is_immutable(self, job: Job) -> None:
        """Assigning to a Job field raises AttributeError."""
        with pytest.raises(AttributeError):
            job.status = JobStatus.CANCELED  # type: ignore[misc]

    def test_equal_responses_give_equal_jobs(self) -> None:
        """Two reads of the same response are equal and hash alike."""
        assert Job.from_botocore(full()) == Job.from_botocore(full())
        assert hash(Job.from_botocore(full())) == hash(Job.from_botocore(full()))

    def test_minimal_job(self) -> None:
        """A job with only its id reads with empty defaults: no configs, zero counts, no times."""
        job = Job.from_botocore(minimal())
        assert job.job_id == "job-1"
        assert (job.status, job.target_selection, job.created_at, job.document_source) == (None, None, None, None)
        assert (job.rollout, job.abort, job.timeout, job.retry, job.presigned_url) == (None,) * 5
        assert job.targets == ()
        assert job.process == JobProcessDetails()


# -- timestamps in every form -----------------------------------------------------------------------------------


class TestTimestamps:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            pytest.param(datetime(2024, 3, 1, 12, 0, tzinfo=UTC), CREATED, id="utc-datetime"),
            pytest.param(
                datetime(2024, 3, 1, 13, 0, tzinfo=timezone(timedelta(hours=1))), CREATED, id="datetime-utc+1"
            ),
            pytest.param(
                datetime(2024, 3, 1, 4, 0, tzinfo=timezone(timedelta(hours=-8))), CREATED, id="datetime-utc-8"
            ),
            pytest.param(datetime(2024, 3, 1, 12, 0), CREATED, id="naive-datetime-is-utc"),
            pytest.param(1709294400, CREATED, id="epoch-int"),
            pytest.param(1709294400.0, CREATED, id="epoch-float"),
            pytest.param(1709294400.123, datetime(2024, 3, 1, 12, 0, 0, 123000, tzinfo=UTC), id="epoch-millis"),
            pytest.param("2024-03-01T12:00:00Z", CREATED, id="iso-z"),
            pytest.param("2024-03-01T13:00:00+01:00", CREATED, id="iso-offset"),
            pytest.param("2024-03-01T12:00:00", CREATED, id="iso-naive-is-utc"),
            pytest.param("2024-03-01T12:00:00.250Z", datetime(2024, 3, 1, 12, 0, 0, 250000, tzinfo=UTC),
                         id="iso-fraction"),
        ],
    )
    def test_forms(self, value: object, expected: datetime) -> None:
        """Each timestamp form reads as the same instant, as a UTC datetime, in all three timestamp members."""
        job = Job.from_botocore(minimal(createdAt=value, lastUpdatedAt=value, completedAt=value))
        for stamp in (job.created_at, job.last_updated_at, job.completed_at):
            assert stamp == expected
            assert stamp is not None
            assert stamp.tzinfo is not None
            assert stamp.utcoffset() == timedelta(0)
            # The wall-clock fields are UTC ones, not the other zone's.
            assert (stamp.year, stamp.month, stamp.day, stamp.hour) == (
                expected.year, expected.month, expected.day, expected.hour,
            )

    def test_cli_json_reads_like_boto3(self) -> None:
        """The whole response as AWS CLI JSON (epoch numbers) reads into the same Job as boto3's datetimes."""
        cli = as_cli_json(FULL)
        assert isinstance(cli["job"]["createdAt"], float)
        assert Job.from_botocore(cli) == Job.from_botocore(FULL)


# -- tolerance: empty configs, unknown keys, unknown enum values, relaxed limits ---------------------------------


class TestTolerance:
    def test_empty_configs_read_as_none(self) -> None:
        """An empty {} config, as AWS returns an unset one, reads as None."""
        job = Job.from_botocore(full(**{member: {} for member in CONFIG_MEMBERS}))
        assert (job.presigned_url, job.rollout, job.abort, job.timeout, job.retry) == (None,) * 5

    def test_unknown_keys_at_every_level(self) -> None:
        """Members AWS may add later, at every level (configs and their criteria too), are ignored."""
        response = full()
        response["futureTopLevel"] = {"x": 1}
        response["ResponseMetadata"] = {"RequestId": "rid-1", "HTTPStatusCode": 200}
        job = response["job"]
        job["futureJobMember"] = "x"
        job["jobProcessDetails"]["numberOfPausedThings"] = 9
        job["presignedUrlConfig"]["futureSigning"] = "v5"
        job["jobExecutionsRolloutConfig"]["futureRampMode"] = "LINEAR"
        job["jobExecutionsRolloutConfig"]["exponentialRate"]["futureJitter"] = 0.1
        job["jobExecutionsRolloutConfig"]["exponentialRate"]["rateIncreaseCriteria"]["numberOfFailedThings"] = 5
        job["abortConfig"]["futureAbortMember"] = True
        job["abortConfig"]["criteriaList"][1]["futureCriterionMember"] = "x"
        job["timeoutConfig"]["futureTimeout"] = 5
        job["jobExecutionsRetryConfig"]["futureRetryMember"] = [1]
        job["jobExecutionsRetryConfig"]["criteriaList"][0]["backoffSeconds"] = 30
        job["scheduledJobRollouts"][0]["futureEnd"] = "2024-03-03T04:00"
        assert Job.from_botocore(response) == Job.from_botocore(FULL)

    def test_unknown_status_is_kept(self) -> None:
        """A status iotjobs does not know is kept as the plain string."""
        job = Job.from_botocore(full(status="PAUSED"))
        assert job.status == "PAUSED"
        assert type(job.status) is str

    def test_unknown_target_selection_is_kept(self) -> None:
        """A targetSelection iotjobs does not know is kept as the plain string."""
        job = Job.from_botocore(full(targetSelection="SOMETHING"))
        assert job.target_selection == "SOMETHING"
        assert type(job.target_selection) is str

    @pytest.mark.parametrize("status", list(JobStatus))
    def test_every_known_status(self, status: JobStatus) -> None:
        """Every documented status, SCHEDULED included, becomes its JobStatus member."""
        assert Job.from_botocore(minimal(status=status.value)).status is status

    def test_configs_beyond_request_limits_are_read(self) -> None:
        """Configs AWS returned are read even where iotjobs' request limits would refuse to build them."""
        response = full(
            jobExecutionsRolloutConfig={"maximumPerMinute": 5000},
            abortConfig={"criteriaList": [
                {"failureType": "FAILED", "action": "CANCEL", "thresholdPercentage": 0,
                 "minNumberOfExecutedThings": 1},
            ]},
            timeoutConfig={"inProgressTimeoutInMinutes": 20000},
        )
        job = Job.from_botocore(response)
        assert job.rollout is not None
        assert job.rollout.maximum_per_minute == 5000
        assert job.abort is not None
        assert job.abort.criteria[0].threshold_percentage == 0
        assert job.timeout is not None
        assert job.timeout.in_progress_minutes == 20000
        with iotjobs.relaxed_limits():
            assert job.rollout == Rollout.constant(5000)
            assert job.abort == Abort.when(FAILED, 0)
            assert job.timeout == Timeout.minutes(20000)

    def test_relaxed_reading_does_not_leak(self) -> None:
        """After reading a relaxed config, building the same config still fails: the limits are back."""
        Job.from_botocore(full(jobExecutionsRolloutConfig={"maximumPerMinute": 5000}))
        with pytest.raises(ValidationError):
            Rollout.constant(5000)

    @pytest.mark.parametrize(
        "response",
        [
            pytest.param({}, id="empty"),
            pytest.param({"documentSource": "https://s3.amazonaws.com/b/k.json"}, id="no-job"),
            pytest.param({"job": {}}, id="job-without-id"),
            pytest.param({"job": None}, id="job-null"),
            pytest.param({"ResponseMetadata": {"HTTPStatusCode": 200}}, id="metadata-only"),
        ],
    )
    def test_response_without_job(self, response: dict[str, Any]) -> None:
        """A response without a job (or without its jobId) raises ValidationError."""
        with pytest.raises(ValidationError):
            Job.from_botocore(response)


# -- to_update ---------------------------------------------------------------------------------------------------


def updatable_members(response: dict[str, Any]) -> dict[str, Any]:
    """The members of the response's job that UpdateJob takes, per botocore's UpdateJob input shape."""
    names = set(iot_model().operation_model("UpdateJob").input_shape.members)
    return {key: value for key, value in response["job"].items() if key in names}


class TestToUpdate:
    def test_round_trip(self) -> None:
        """``from_botocore(r).to_update().to_botocore()`` equals the updatable members of the response."""
        expected = updatable_members(FULL)
        assert set(expected) == {"jobId", "description", "namespaceId", *CONFIG_MEMBERS}  # the test sees them all
        assert Job.from_botocore(FULL).to_update().to_botocore() == expected

    def test_round_trip_from_cli_json(self) -> None:
        """The round trip holds for AWS CLI JSON too."""
        cli = as_cli_json(FULL)
        assert Job.from_botocore(cli).to_update().to_botocore() == updatable_members(cli)

    def test_empty_configs_are_not_sent(self) -> None:
        """A job whose configs are {} gives an update that sends none of them."""
        response = full(namespaceId=None, **{member: {} for member in CONFIG_MEMBERS})
        assert Job.from_botocore(response).to_update().to_botocore() == {
            "jobId": "fw-42",
            "description": "Firmware 4.2 for fleet A",
        }

    def test_is_a_job_update_ready_for_changes(self) -> None:
        """to_update() is a JobUpdate equal to the builder form, and with_* changes one setting only."""
        update = Job.from_botocore(FULL).to_update()
        assert update == JobUpdate(
            "fw-42",
            description="Firmware 4.2 for fleet A",
            presigned_url=PresignedUrl(ROLE_ARN, 1800),
            rollout=Rollout.exponential(20, 1.5, notified_things=100, succeeded_things=50, maximum_per_minute=500),
            abort=Abort.when(FAILED, 25.5, min_executed_things=10).or_when(ALL, 50, min_executed_things=100),
            timeout=Timeout.minutes(60),
            retry=Retry.on(FAILED, 3).and_on(TIMED_OUT, 2),
            namespace_id="ns-1",
        )
        changed = update.with_rollout(Rollout.constant(10)).to_botocore()
        assert changed == {**updatable_members(FULL), "jobExecutionsRolloutConfig": {"maximumPerMinute": 10}}

    def test_relaxed_configs_round_trip(self) -> None:
        """A config read beyond the request limits is carried into the update unchanged."""
        response = full(jobExecutionsRolloutConfig={"maximumPerMinute": 5000})
        sent = Job.from_botocore(response).to_update().to_botocore()
        assert sent["jobExecutionsRolloutConfig"] == {"maximumPerMinute": 5000}


# -- JobProcessDetails ------------------------------------------------------------------------------------------


class TestJobProcessDetails:
    def test_counts_default_to_zero(self) -> None:
        """Absent counts are 0 and processingTargets is None."""
        process = JobProcessDetails.from_botocore({})
        counts = attrs.asdict(process)
        assert counts.pop("processing_targets") is None
        assert counts == dict.fromkeys(
            ("succeeded", "failed", "rejected", "canceled", "queued", "in_progress", "removed", "timed_out"), 0
        )
        assert (process.completed, process.total) == (0, 0)

    def test_absent_details_in_a_job(self) -> None:
        """A job without jobProcessDetails has all counts 0."""
        assert Job.from_botocore(minimal()).process == JobProcessDetails()

    def test_some_counts(self) -> None:
        """Given counts are read; the others stay 0; unknown count members are ignored."""
        process = JobProcessDetails.from_botocore(
            {"numberOfSucceededThings": 40, "numberOfQueuedThings": 58, "numberOfPausedThings": 3}
        )
        assert (process.succeeded, process.queued, process.failed, process.in_progress) == (40, 58, 0, 0)

    def test_completed_total_and_count_of(self) -> None:
        """completed sums the terminal counts, total adds queued and in progress, count_of picks failure types."""
        process = Job.from_botocore(FULL).process
        # canceled=1 succeeded=2 failed=3 rejected=4 queued=5 in_progress=6 removed=7 timed_out=8
        assert process.completed == 1 + 2 + 3 + 4 + 7 + 8
        assert process.total == 1 + 2 + 3 + 4 + 5 + 6 + 7 + 8
        assert process.count_of(ALL) == 3 + 4 + 8
        assert process.count_of(FAILED) == 3
        assert process.count_of(REJECTED) == 4
        assert process.count_of(TIMED_OUT) == 8
        assert process.count_of("TIMED_OUT") == 8
        assert [process.count_of(kind) for kind in FailureType] == [3, 4, 8, 15]

    def test_count_of_unknown_failure_type(self) -> None:
        """count_of a value that is not a failure type raises ValueError."""
        with pytest.raises(ValueError, match="SUCCEEDED"):
            JobProcessDetails().count_of("SUCCEEDED")


class TestUnreadableConfigs:
    def test_an_enum_value_aws_adds_later_reads_as_none_with_a_warning(self) -> None:
        """A failure type AWS adds later does not break describe_job: that config reads as None, the rest stays."""
        from iotjobs._job import UnreadableConfigWarning

        job_dict = {
            "jobId": "a",
            "abortConfig": {"criteriaList": [{"failureType": "THROTTLED", "action": "CANCEL",
                                              "thresholdPercentage": 5.0, "minNumberOfExecutedThings": 1}]},
            "timeoutConfig": {"inProgressTimeoutInMinutes": 30},
        }
        with pytest.warns(UnreadableConfigWarning, match=r"job\.abortConfig"):
            job = Job.from_botocore({"job": job_dict})
        assert job.abort is None
        assert job.timeout == Timeout.minutes(30)
        assert job.raw["abortConfig"] == job_dict["abortConfig"]
        assert "abortConfig" not in job.to_update().to_botocore()


# -- malformed responses: one clear error naming the member; forward-compatible changes still read -----------


class TestMalformedResponses:
    @pytest.mark.parametrize(
        ("response", "path"),
        [
            pytest.param({"job": None}, "job", id="job-null"),
            pytest.param({"job": "fw-42"}, "job", id="job-a-string"),
            pytest.param({"job": [FULL["job"]]}, "job", id="job-a-list"),
            pytest.param({"job": {"status": "COMPLETED"}}, "job.jobId", id="no-job-id"),
            pytest.param(minimal(jobId=42), "job.jobId", id="job-id-a-number"),
            pytest.param(full(targets=GROUP_ARN), "job.targets", id="targets-a-string"),
            pytest.param(full(targets=[GROUP_ARN, 7]), "job.targets[1]", id="a-target-a-number"),
            pytest.param(full(status=["COMPLETED"]), "job.status", id="status-a-list"),
            pytest.param(full(createdAt="yesterday"), "job.createdAt", id="timestamp-not-iso"),
            pytest.param(full(createdAt=float("nan")), "job.createdAt", id="timestamp-nan"),
            pytest.param(full(createdAt=10**20), "job.createdAt", id="timestamp-out-of-range"),
            pytest.param(full(createdAt=True), "job.createdAt", id="timestamp-a-bool"),
            pytest.param(full(jobProcessDetails={"numberOfFailedThings": "3"}),
                         "job.jobProcessDetails.numberOfFailedThings", id="count-a-string"),
            pytest.param(full(jobProcessDetails={"numberOfFailedThings": -1}),
                         "job.jobProcessDetails.numberOfFailedThings", id="count-negative"),
            pytest.param(full(jobProcessDetails={"numberOfFailedThings": True}),
                         "job.jobProcessDetails.numberOfFailedThings", id="count-a-bool"),
            pytest.param(full(jobProcessDetails={"processingTargets": GROUP_ARN}),
                         "job.jobProcessDetails.processingTargets", id="processing-targets-a-string"),
            pytest.param(full(jobProcessDetails=[1, 2]), "job.jobProcessDetails", id="details-a-list"),
            pytest.param(full(forceCanceled="false"), "job.forceCanceled", id="flag-a-string"),
            pytest.param(full(documentParameters=[["a", "b"]]), "job.documentParameters", id="parameters-a-list"),
            pytest.param(full(documentParameters={"a": 1}), "job.documentParameters.a", id="parameter-a-number"),
            pytest.param(full(scheduledJobRollouts=5), "job.scheduledJobRollouts", id="rollouts-a-number"),
            pytest.param(full(abortConfig=[]), "job.abortConfig", id="config-a-list"),
            pytest.param(full(timeoutConfig={"inProgressTimeoutInMinutes": "60"}),
                         "job.timeoutConfig.inProgressTimeoutInMinutes", id="config-member-a-string"),
            pytest.param(full(abortConfig={"criteriaList": "FAILED"}), "job.abortConfig.criteriaList",
                         id="criteria-a-string"),
        ],
    )
    def test_one_error_names_the_member(self, response: Any, path: str) -> None:
        """A malformed member raises MalformedResponseError (a ValidationError) naming it; never a raw error."""
        with pytest.raises(iotjobs.MalformedResponseError) as info:
            Job.from_botocore(response)
        error = info.value
        assert [e.path for e in error.errors] == [path]
        assert str(error).startswith("1 problem in Job.from_botocore:")
        assert isinstance(error, ValidationError)

    @pytest.mark.parametrize("response", [None, [], "job", 42, b"{}"])
    def test_a_response_that_is_not_an_object(self, response: Any) -> None:
        """Not even a dict: one problem, not '0 problems'."""
        with pytest.raises(iotjobs.MalformedResponseError, match=r"^1 problem in Job\.from_botocore:\n  the "):
            Job.from_botocore(response)

    def test_every_malformed_member_is_reported_at_once(self) -> None:
        """Several malformed members: one error listing each of them."""
        response = full(targets="x", createdAt="never", jobProcessDetails={"numberOfQueuedThings": "1"})
        with pytest.raises(iotjobs.MalformedResponseError) as info:
            Job.from_botocore(response)
        assert {e.path for e in info.value.errors} == {
            "job.targets", "job.createdAt", "job.jobProcessDetails.numberOfQueuedThings",
        }

    def test_process_details_from_botocore_is_checked_too(self) -> None:
        """JobProcessDetails.from_botocore raises the same error for a string count or a non-object."""
        with pytest.raises(iotjobs.MalformedResponseError, match="numberOfSucceededThings"):
            JobProcessDetails.from_botocore({"numberOfSucceededThings": "40"})
        with pytest.raises(iotjobs.MalformedResponseError, match="must be an object"):
            JobProcessDetails.from_botocore(None)  # type: ignore[arg-type]

    def test_forward_compatible_changes_still_read(self) -> None:
        """Unknown members, a new status and a new target selection are not malformed."""
        job = Job.from_botocore(full(status="PAUSED", targetSelection="ON_DEMAND", newMember={"x": [1]},
                                     jobProcessDetails={"numberOfPausedThings": "many", "numberOfFailedThings": 0}))
        assert (job.status, job.target_selection) == ("PAUSED", "ON_DEMAND")
        assert job.process.failed == 0

    def test_a_count_of_zero_and_empty_lists_read(self) -> None:
        """The lower edges: a count of 0 and empty lists are valid."""
        job = Job.from_botocore(full(targets=[], jobProcessDetails={"numberOfFailedThings": 0,
                                                                    "processingTargets": []}))
        assert (job.targets, job.process.failed, job.process.processing_targets) == ((), 0, ())

    def test_a_config_beyond_iotjobs_bounds_warns_rather_than_fails(self) -> None:
        """A config of the right types but outside iotjobs' enum values or minimums reads as None with a warning."""
        from iotjobs._job import UnreadableConfigWarning

        with pytest.warns(UnreadableConfigWarning, match=r"job\.jobExecutionsRetryConfig"):
            job = Job.from_botocore(full(jobExecutionsRetryConfig={"criteriaList": [
                {"failureType": "FAILED", "numberOfRetries": -1}]}))
        assert job.retry is None

    def test_str_subclasses_are_read_as_plain_strings(self) -> None:
        """A str subclass (from some JSON decoders) is read as the plain string."""

        class Text(str):
            pass

        job = Job.from_botocore(minimal(jobId=Text("job-1"), targets=[Text(GROUP_ARN)]))
        assert type(job.job_id) is str
        assert type(job.targets[0]) is str
