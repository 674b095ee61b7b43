"""from_botocore: as strict as the builders, every problem at once, and hints for the classic mistakes."""

from __future__ import annotations

from typing import Any

import pytest

from iotjobs import (
    FAILED,
    Abort,
    AbortCriterion,
    JobUpdate,
    PresignedUrl,
    Retry,
    RetryCriterion,
    Rollout,
    Timeout,
    ValidationError,
)
from iotjobs._errors import MISSING

# The developer guide's update-job example puts maximumPerMinute inside exponentialRate (an invalid shape).
GUIDE_MISTAKE = {
    "exponentialRate": {
        "baseRatePerMinute": 50,
        "incrementFactor": 2,
        "rateIncreaseCriteria": {"numberOfNotifiedThings": 1000, "numberOfSucceededThings": 1000},
        "maximumPerMinute": 1000,
    }
}


def _errors(call: Any, data: Any) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as info:
        call(data)
    return [(e.path, e.message) for e in info.value.errors]


class TestRoundTrip:
    @pytest.mark.parametrize(
        "builder",
        [
            Rollout.constant(10),
            Rollout.exponential(50, 1.5, notified_things=10, succeeded_things=5, maximum_per_minute=900),
            Abort.when(FAILED, 12.25).or_when("ALL", 50, min_executed_things=100),
            AbortCriterion("REJECTED", 1),
            Retry.on(FAILED, 3).and_on("TIMED_OUT", 2),
            RetryCriterion("ALL", 0),
            Timeout.minutes(10080),
            PresignedUrl("arn:aws-cn:iam::123456789012:role/path/to/role", 60),
        ],
        ids=lambda b: type(b).__name__,
    )
    def test_each_builder_reads_back_its_own_output(self, builder: Any) -> None:
        """from_botocore(to_botocore(x)) == x for each builder."""
        assert type(builder).from_botocore(builder.to_botocore()) == builder

    def test_job_update_reads_back_boto3_keyword_arguments(self) -> None:
        """JobUpdate.from_botocore reads the kwargs of iot.update_job."""
        data = {
            "jobId": "fw-42",
            "namespaceId": "ns1",
            "jobExecutionsRolloutConfig": {"maximumPerMinute": 5},
            "timeoutConfig": {"inProgressTimeoutInMinutes": 60},
        }
        update = JobUpdate.from_botocore(data)
        expected = JobUpdate("fw-42", namespace_id="ns1", rollout=Rollout.constant(5), timeout=Timeout.minutes(60))
        assert update == expected
        assert update.to_botocore() == data


class TestStrictness:
    def test_maximum_per_minute_inside_exponential_rate_gets_a_hint(self) -> None:
        """The developer guide's mistake is reported with where the member belongs."""
        [(path, message)] = _errors(Rollout.from_botocore, GUIDE_MISTAKE)
        assert path == "exponentialRate.maximumPerMinute"
        assert "belongs in jobExecutionsRolloutConfig, next to exponentialRate, not inside it" in message

    def test_snake_case_key_gets_the_aws_spelling(self) -> None:
        """maximum_per_minute: AWS spells it maximumPerMinute."""
        [(path, message)] = _errors(Rollout.from_botocore, {"maximum_per_minute": 5})
        assert path == "maximum_per_minute"
        assert "AWS spells it 'maximumPerMinute'" in message

    def test_a_typo_gets_the_closest_member(self) -> None:
        """A near miss suggests the member."""
        [(_, message)] = _errors(Timeout.from_botocore, {"inProgressTimeoutMinutes": 5})
        assert "did you mean 'inProgressTimeoutInMinutes'?" in message

    def test_missing_required_members_are_named(self) -> None:
        """Each required member of AbortCriteria that is absent is one error."""
        with pytest.raises(ValidationError) as info:
            AbortCriterion.from_botocore({"failureType": "FAILED"})
        paths = [e.path for e in info.value.errors]
        assert paths == ["action", "thresholdPercentage", "minNumberOfExecutedThings"]
        assert all(e.value is MISSING for e in info.value.errors)
        assert "action: is required in AbortCriteria" in str(info.value)

    def test_action_other_than_cancel_is_rejected(self) -> None:
        """CANCEL is the only abort action."""
        data = {"failureType": "FAILED", "action": "PAUSE", "thresholdPercentage": 1.0, "minNumberOfExecutedThings": 1}
        [(path, message)] = _errors(AbortCriterion.from_botocore, data)
        assert path == "action"
        assert "must be one of CANCEL" in message

    def test_not_an_object(self) -> None:
        """A list where an object belongs is reported, not a crash."""
        [(path, message)] = _errors(Timeout.from_botocore, [60])
        assert path == "TimeoutConfig"
        assert "must be an object" in message

    def test_not_a_list(self) -> None:
        """criteriaList must be a list."""
        [(path, message)] = _errors(Abort.from_botocore, {"criteriaList": {"failureType": "FAILED"}})
        assert path == "criteriaList"
        assert "must be a list" in message

    def test_empty_configs_are_rejected_in_requests(self) -> None:
        """An empty timeout or presigned config sets nothing: leave it out instead."""
        assert "leave timeoutConfig out" in _errors(Timeout.from_botocore, {})[0][1]
        assert _errors(PresignedUrl.from_botocore, {})[0][0] == "roleArn"

    def test_every_problem_of_a_request_is_reported_with_full_paths(self) -> None:
        """Problems in several configs and scalars all come back in one error, with request-level paths."""
        data = {
            "jobId": "bad id",
            "description": "",
            "jobExecutionsRolloutConfig": GUIDE_MISTAKE,
            "abortConfig": {
                "criteriaList": [
                    {"failureType": "FAILED", "action": "CANCEL", "thresholdPercentage": 10.0,
                     "minNumberOfExecutedThings": 1},
                    {"failureType": "ALL", "action": "CANCEL", "thresholdPercentage": 150.0,
                     "minNumberOfExecutedThings": 0},
                ]
            },
            "jobExecutionsRetryConfig": {"criteriaList": [{"failureType": "FAILED", "numberOfRetries": 30}]},
            "targets": ["arn:aws:iot:us-east-1:123456789012:thing/t"],
        }
        with pytest.raises(ValidationError) as info:
            JobUpdate.from_botocore(data)
        paths = [e.path for e in info.value.errors]
        assert set(paths) == {
            "targets",
            "jobExecutionsRolloutConfig.exponentialRate.maximumPerMinute",
            "abortConfig.criteriaList[1].thresholdPercentage",
            "abortConfig.criteriaList[1].minNumberOfExecutedThings",
            "jobExecutionsRetryConfig.criteriaList[0].numberOfRetries",
            "jobId",
            "description",
        }
        assert info.value.where == "JobUpdate.from_botocore"
        assert str(info.value).startswith("7 problems in JobUpdate.from_botocore:")

    def test_job_id_is_required(self) -> None:
        """UpdateJob needs jobId."""
        [(path, _)] = _errors(JobUpdate.from_botocore, {"description": "x"})
        assert path == "jobId"

    def test_types_are_checked_as_strictly_as_the_builders(self) -> None:
        """A string number in a dict is an error, not silently converted."""
        [(path, message)] = _errors(Rollout.from_botocore, {"maximumPerMinute": "100"})
        assert path == "maximumPerMinute"
        assert "must be an integer (AWS type integer), not str" in message


class TestNone:
    @pytest.mark.parametrize(
        ("call", "data", "path"),
        [
            (JobUpdate.from_botocore, {"jobId": "j", "description": None}, "description"),
            (JobUpdate.from_botocore, {"jobId": "j", "abortConfig": None}, "abortConfig"),
            (PresignedUrl.from_botocore, {"roleArn": "arn:aws:iam::123456789012:role/r", "expiresInSec": None},
             "expiresInSec"),
            (Rollout.from_botocore, {"maximumPerMinute": None}, "maximumPerMinute"),
        ],
    )
    def test_explicit_none_is_rejected_like_botocore_does(self, call: Any, data: Any, path: str) -> None:
        """A member set to None is an error (botocore: Invalid type), not silently 'not set'."""
        with pytest.raises(ValidationError) as info:
            call(data)
        assert path in [e.path for e in info.value.errors]
        assert "leave the member out" in str(info.value)


def test_a_bad_action_does_not_hide_the_other_members_problems() -> None:
    """action and failureType are both reported when both are wrong."""
    data = {"failureType": "NOPE", "action": "STOP", "thresholdPercentage": 1.0, "minNumberOfExecutedThings": 1}
    assert [path for path, _ in _errors(AbortCriterion.from_botocore, data)] == ["action", "failureType"]
