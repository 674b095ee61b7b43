"""The config builders: every documented bound, on both sides, and what each builder compiles to."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import pytest

from iotjobs import (
    ALL,
    FAILED,
    REJECTED,
    TIMED_OUT,
    Abort,
    AbortCriterion,
    FailureType,
    JobUpdate,
    PresignedUrl,
    Retry,
    RetryCriterion,
    Rollout,
    Timeout,
    ValidationError,
    relaxed_limits,
)
from iotjobs import _limits as L
from iotjobs._errors import short_repr

ROLE = "arn:aws:iam::123456789012:role/iot-jobs-s3"


def _exp(**kw: Any) -> Rollout:
    args: dict[str, Any] = {"base_rate_per_minute": 50, "increment_factor": 2, "notified_things": 100}
    args.update(kw)
    return Rollout.exponential(args.pop("base_rate_per_minute"), args.pop("increment_factor"), **args)


# (id, build with one value, the AWS path in the error, the limit, last valid values, first invalid values)
BOUNDS: list[tuple[str, Callable[[Any], object], str, L.Limit, list[Any], list[Any]]] = [
    ("maximumPerMinute constant", Rollout.constant, "maximumPerMinute", L.MAXIMUM_PER_MINUTE, [1, 1000], [0, 1001]),
    ("maximumPerMinute exponential", lambda v: _exp(maximum_per_minute=v), "maximumPerMinute",
     L.MAXIMUM_PER_MINUTE, [1, 1000], [0, 1001]),
    ("baseRatePerMinute", lambda v: _exp(base_rate_per_minute=v), "exponentialRate.baseRatePerMinute",
     L.BASE_RATE_PER_MINUTE, [1, 1000], [0, 1001]),
    ("incrementFactor", lambda v: _exp(increment_factor=v), "exponentialRate.incrementFactor",
     L.INCREMENT_FACTOR, [1.1, 5, 5.0, 2, 1.5], [1.0, 1.09, 5.1, 5.01]),
    ("incrementFactor decimals", lambda v: _exp(increment_factor=v), "exponentialRate.incrementFactor",
     L.INCREMENT_FACTOR, [1.5, 4.9], [1.55, 1.15, 4.99]),
    ("numberOfNotifiedThings", lambda v: _exp(notified_things=v),
     "exponentialRate.rateIncreaseCriteria.numberOfNotifiedThings", L.NUMBER_OF_NOTIFIED_THINGS,
     [1, 10**9], [0, -1]),
    ("numberOfSucceededThings", lambda v: _exp(notified_things=None, succeeded_things=v),
     "exponentialRate.rateIncreaseCriteria.numberOfSucceededThings", L.NUMBER_OF_SUCCEEDED_THINGS,
     [1, 10**9], [0, -5]),
    ("thresholdPercentage", lambda v: Abort.when(FAILED, v), "criteriaList[0].thresholdPercentage",
     L.THRESHOLD_PERCENTAGE, [0.01, 100, 100.0, 10.9, 10.99, 1], [0, 0.0, -5, 100.01, 150]),
    ("thresholdPercentage decimals", lambda v: Abort.when(FAILED, v), "criteriaList[0].thresholdPercentage",
     L.THRESHOLD_PERCENTAGE, [10.99, 0.5], [10.999, 0.001, 99.995]),
    ("minNumberOfExecutedThings", lambda v: Abort.when(FAILED, 10, min_executed_things=v),
     "criteriaList[0].minNumberOfExecutedThings", L.MIN_NUMBER_OF_EXECUTED_THINGS, [1, 10**6], [0, -1]),
    ("inProgressTimeoutInMinutes", Timeout.minutes, "inProgressTimeoutInMinutes",
     L.IN_PROGRESS_TIMEOUT_IN_MINUTES, [1, 10080], [0, 10081]),
    ("numberOfRetries", lambda v: Retry.on(FAILED, v), "criteriaList[0].numberOfRetries", L.NUMBER_OF_RETRIES,
     [0, 10], [-1, 11]),
    ("expiresInSec", lambda v: PresignedUrl(ROLE, v), "expiresInSec", L.EXPIRES_IN_SEC, [60, 3600], [59, 3601]),
    ("roleArn length", PresignedUrl, "roleArn", L.ROLE_ARN,
     ["arn:aws:iam::123456789012:role/" + "r" * (2048 - 31), "arn:aws:iam::1234567890:role/x"[:0] + ROLE],
     ["arn:aws:iam::123456789012:role/" + "r" * (2049 - 31), "arn:aws:iam::1", ""]),
    ("jobId", JobUpdate, "jobId", L.JOB_ID, ["j", "a" * 64, "fw-42_A"], ["", "a" * 65, "has space", "é"]),
    ("description", lambda v: JobUpdate("j", description=v), "description", L.DESCRIPTION,
     ["d", "x" * 2028, "Firmware 2.0 — ünïcode ✓", "tabs are\u00a0not spaces"],
     ["", "x" * 2029, "line\nbreak", "tab\there", "zero\u200bwidth"]),
    ("namespaceId", lambda v: JobUpdate("j", namespace_id=v), "namespaceId", L.NAMESPACE_ID,
     ["n", "ns-1_A", "a" * 500], ["", "bad/ns", "sp ace"]),
]


@pytest.mark.parametrize(("name", "build", "path", "limit", "valid", "invalid"), BOUNDS, ids=[b[0] for b in BOUNDS])
class TestBounds:
    def test_last_valid_values_build(
        self, name: str, build: Callable[[Any], object], path: str, limit: L.Limit, valid: list[Any],
        invalid: list[Any],
    ) -> None:
        """The values at the edge of the documented range are accepted."""
        for value in valid:
            build(value)

    def test_first_invalid_values_fail_naming_member_value_and_limit(
        self, name: str, build: Callable[[Any], object], path: str, limit: L.Limit, valid: list[Any],
        invalid: list[Any],
    ) -> None:
        """Just past the range, one FieldError names the AWS path, the value and the document of the limit."""
        for value in invalid:
            with pytest.raises(ValidationError) as info:
                build(value)
            [error] = info.value.errors
            assert error.path == path
            assert error.value == value
            assert error.limit is limit
            text = str(info.value)
            assert path in text
            assert short_repr(value) in text  # a long value is shown shortened
            assert "(" in error.message
            assert any(source in error.message for source in (limit.source, *limit.prose.values()))


class TestTypes:
    @pytest.mark.parametrize("value", [True, 10.0, 10.5, "10"])
    def test_integer_members_reject_bools_floats_and_strings(self, value: object) -> None:
        """Booleans and floats are not integers: Rollout.constant(10.5) is an error."""
        with pytest.raises(ValidationError, match="must be an integer"):
            Rollout.constant(value)  # type: ignore[arg-type]

    @pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
    def test_doubles_reject_nan_and_infinity(self, value: float) -> None:
        """NaN and infinities are errors, with a message that says why."""
        with pytest.raises(ValidationError, match="finite"):
            Abort.when(FAILED, value)

    @pytest.mark.parametrize("value", [True, "10", None])
    def test_doubles_reject_bools_and_strings(self, value: object) -> None:
        """A double accepts int and float only."""
        with pytest.raises(ValidationError, match="must be a number"):
            Abort.when(FAILED, value)  # type: ignore[arg-type]

    def test_an_int_is_fine_where_aws_wants_a_double(self) -> None:
        """An int increment factor compiles to a float, as the AWS CLI sends it."""
        rate = Rollout.exponential(50, 2, notified_things=10).to_botocore()["exponentialRate"]
        assert rate["incrementFactor"] == 2.0
        assert type(rate["incrementFactor"]) is float

    def test_strings_reject_other_types(self) -> None:
        """A job id must be a str."""
        with pytest.raises(ValidationError, match="must be a string, not int"):
            JobUpdate(42)  # type: ignore[arg-type]


class TestRollout:
    def test_constant_compiles(self) -> None:
        """Rollout.constant(n) is {"maximumPerMinute": n}."""
        assert Rollout.constant(100).to_botocore() == {"maximumPerMinute": 100}

    def test_exponential_compiles_without_unset_members(self) -> None:
        """Unset criteria and maximum are not sent."""
        assert Rollout.exponential(50, 1.5, succeeded_things=200).to_botocore() == {
            "exponentialRate": {
                "baseRatePerMinute": 50,
                "incrementFactor": 1.5,
                "rateIncreaseCriteria": {"numberOfSucceededThings": 200},
            }
        }

    def test_exponential_with_both_criteria_and_a_cap(self) -> None:
        """Both criteria may be set (whichever is reached first); maximumPerMinute is a sibling of the rate."""
        assert Rollout.exponential(
            50, 2, notified_things=1000, succeeded_things=1000, maximum_per_minute=1000
        ).to_botocore() == {
            "maximumPerMinute": 1000,
            "exponentialRate": {
                "baseRatePerMinute": 50,
                "incrementFactor": 2.0,
                "rateIncreaseCriteria": {"numberOfNotifiedThings": 1000, "numberOfSucceededThings": 1000},
            },
        }

    def test_exponential_needs_a_rate_increase_criterion(self) -> None:
        """The developer guide: the rate rises on numberOfNotifiedThings or numberOfSucceededThings."""
        with pytest.raises(ValidationError) as info:
            Rollout.exponential(50, 2)
        assert info.value.errors[0].path == "exponentialRate.rateIncreaseCriteria"
        assert "numberOfNotifiedThings or numberOfSucceededThings" in str(info.value)

    def test_an_empty_rollout_is_an_error(self) -> None:
        """Rollout() would send an empty config: say to leave it out."""
        with pytest.raises(ValidationError, match="maximum_per_minute"):
            Rollout()

    def test_partial_exponential_rate_names_missing_members(self) -> None:
        """A criterion without a base rate and factor reports both as required."""
        with pytest.raises(ValidationError) as info:
            Rollout(notified_things=10)
        assert [e.path for e in info.value.errors] == [
            "exponentialRate.baseRatePerMinute",
            "exponentialRate.incrementFactor",
        ]

    def test_every_problem_is_reported_at_once(self) -> None:
        """Four bad values give four FieldErrors, under a header naming the call."""
        with pytest.raises(ValidationError) as info:
            Rollout.exponential(1500, 1.55, notified_things=0, maximum_per_minute=5000)
        assert len(info.value.errors) == 4
        assert str(info.value).startswith("4 problems in Rollout.exponential:\n  ")
        assert "exponentialRate.incrementFactor = 1.55: AWS IoT accepts at most one digit after the decimal " \
               "point (e.g. 1.5)" in str(info.value)


class TestAbort:
    def test_when_compiles_with_cancel_action(self) -> None:
        """Abort.when compiles to one CANCEL criterion with the minimum count defaulting to 1."""
        assert Abort.when(FAILED, 10.5).to_botocore() == {
            "criteriaList": [
                {"failureType": "FAILED", "action": "CANCEL", "thresholdPercentage": 10.5,
                 "minNumberOfExecutedThings": 1}
            ]
        }

    def test_or_when_keeps_order_and_allows_repeats(self) -> None:
        """Criteria keep their order (AWS checks them in order) and a failure type may repeat."""
        abort = Abort.when(FAILED, 50, min_executed_things=10).or_when("FAILED", 10, min_executed_things=1000)
        abort = abort.or_when(ALL, 20).or_when(REJECTED, 5).or_when(TIMED_OUT, 99.99)
        kinds = [c["failureType"] for c in abort.to_botocore()["criteriaList"]]
        assert kinds == ["FAILED", "FAILED", "ALL", "REJECTED", "TIMED_OUT"]
        assert abort.criteria[1] == AbortCriterion(FAILED, 10, 1000)

    def test_or_when_errors_name_the_new_index(self) -> None:
        """A bad criterion added third is reported at criteriaList[2]."""
        with pytest.raises(ValidationError) as info:
            Abort.when(FAILED, 10).or_when(FAILED, 20).or_when(TIMED_OUT, 101)
        assert info.value.errors[0].path == "criteriaList[2].thresholdPercentage"
        assert info.value.where == "Abort.or_when"

    def test_failure_type_accepts_the_exact_string_only(self) -> None:
        """'TIMED_OUT' is accepted; 'timed_out' is not."""
        assert Abort.when("TIMED_OUT", 1).criteria[0].failure_type is FailureType.TIMED_OUT
        with pytest.raises(ValidationError, match="must be one of FAILED, REJECTED, TIMED_OUT, ALL"):
            Abort.when("timed_out", 1)

    def test_needs_at_least_one_criterion(self) -> None:
        """An empty criteria list is rejected (model min 1)."""
        with pytest.raises(ValidationError, match="at least 1 item, not 0"):
            Abort(())

    def test_rejects_other_objects_as_criteria(self) -> None:
        """Only AbortCriterion objects go in an Abort."""
        with pytest.raises(ValidationError, match="must be an AbortCriterion, not RetryCriterion"):
            Abort([RetryCriterion(FAILED, 1)])  # type: ignore[list-item]


class TestRetry:
    def test_on_and_and_on_compile(self) -> None:
        """Retry.on(...).and_on(...) lists both criteria."""
        assert Retry.on(FAILED, 3).and_on(TIMED_OUT, 7).to_botocore() == {
            "criteriaList": [
                {"failureType": "FAILED", "numberOfRetries": 3},
                {"failureType": "TIMED_OUT", "numberOfRetries": 7},
            ]
        }

    def test_retries_add_up_to_at_most_ten(self) -> None:
        """The developer guide: at most 10 retries per device across failure types."""
        assert Retry.on(FAILED, 5).and_on(TIMED_OUT, 5).total_retries == 10
        with pytest.raises(ValidationError, match="add up to 11"):
            Retry.on(FAILED, 5).and_on(TIMED_OUT, 6)

    def test_rejected_is_never_retried(self) -> None:
        """REJECTED is not a retry failure type."""
        with pytest.raises(ValidationError, match="must be one of FAILED, TIMED_OUT, ALL"):
            Retry.on(REJECTED, 1)

    def test_all_goes_alone(self) -> None:
        """ALL already covers FAILED and TIMED_OUT."""
        with pytest.raises(ValidationError, match="use ALL alone"):
            Retry.on(ALL, 1).and_on(FAILED, 1)

    def test_a_failure_type_appears_once(self) -> None:
        """FAILED twice is rejected, naming the first one."""
        with pytest.raises(ValidationError, match=r"repeats criteriaList\[0\]"):
            Retry.on(FAILED, 1).and_on(FAILED, 2)

    def test_at_most_two_criteria(self) -> None:
        """The model allows 1-2 entries."""
        with pytest.raises(ValidationError, match="at most 2 items"):
            Retry([RetryCriterion(FAILED, 1), RetryCriterion(TIMED_OUT, 1), RetryCriterion(ALL, 1)])
        with pytest.raises(ValidationError, match="at least 1 item, not 0"):
            Retry([])


class TestTimeoutAndPresignedUrl:
    def test_timeout_forms_are_equal(self) -> None:
        """Timeout.minutes(n) == Timeout(in_progress_minutes=n)."""
        assert Timeout.minutes(60) == Timeout(in_progress_minutes=60)
        assert Timeout.minutes(60).to_botocore() == {"inProgressTimeoutInMinutes": 60}

    def test_presigned_url_omits_unset_expiry(self) -> None:
        """PresignedUrl(role) compiles without expiresInSec."""
        assert PresignedUrl(ROLE).to_botocore() == {"roleArn": ROLE}
        assert PresignedUrl(ROLE, 600).to_botocore() == {"roleArn": ROLE, "expiresInSec": 600}

    def test_role_arn_must_look_like_an_iam_role(self) -> None:
        """A 20+ character string that is not a role ARN is rejected (iotjobs decision)."""
        with pytest.raises(ValidationError, match="must match the pattern"):
            PresignedUrl("arn:aws:s3:::my-bucket/with-a-long-key")


class TestJobUpdate:
    def test_only_job_id_compiles_to_job_id(self) -> None:
        """What the caller did not set is not sent."""
        assert JobUpdate("fw-42").to_botocore() == {"jobId": "fw-42"}

    def test_full_update_compiles_in_request_order(self) -> None:
        """Every member, in the order of the UpdateJob shape."""
        update = JobUpdate(
            "fw-42", description="d", presigned_url=PresignedUrl(ROLE), rollout=Rollout.constant(10),
            abort=Abort.when(ALL, 5), timeout=Timeout.minutes(30), retry=Retry.on(ALL, 2), namespace_id="ns",
        )
        assert list(update.to_botocore()) == [
            "jobId", "description", "presignedUrlConfig", "jobExecutionsRolloutConfig", "abortConfig",
            "timeoutConfig", "namespaceId", "jobExecutionsRetryConfig",
        ]

    def test_with_methods_return_new_objects(self) -> None:
        """with_* returns a new JobUpdate and leaves the original as it was."""
        base = JobUpdate("fw-42")
        changed = (
            base.with_description("x").with_rollout(Rollout.constant(5)).with_abort(Abort.when(FAILED, 1))
            .with_timeout(Timeout.minutes(1)).with_retry(Retry.on(FAILED, 0)).with_presigned_url(PresignedUrl(ROLE))
            .with_namespace_id("ns")
        )
        assert base == JobUpdate("fw-42")
        assert changed.rollout == Rollout.constant(5)
        assert changed.with_rollout(None).rollout is None
        assert len(changed.to_botocore()) == 8

    def test_with_methods_validate_again(self) -> None:
        """An invalid value through with_* raises, so an invalid JobUpdate never exists."""
        with pytest.raises(ValidationError, match="description"):
            JobUpdate("fw-42").with_description("two\nlines")

    def test_wrong_builder_in_a_slot(self) -> None:
        """An Abort passed as rollout is named as such."""
        with pytest.raises(ValidationError, match="rollout must be a Rollout, not Abort"):
            JobUpdate("j", rollout=Abort.when(FAILED, 1))  # type: ignore[arg-type]

    def test_job_id_is_required_and_positional(self) -> None:
        """The job id is the one positional argument."""
        with pytest.raises(TypeError):
            JobUpdate("j", "description")  # type: ignore[call-arg]


class TestImmutability:
    @pytest.mark.parametrize(
        "obj",
        [Rollout.constant(1), Abort.when(FAILED, 1), Retry.on(FAILED, 1), Timeout.minutes(1), PresignedUrl(ROLE),
         JobUpdate("j"), AbortCriterion(FAILED, 1), RetryCriterion(FAILED, 1)],
        ids=lambda o: type(o).__name__,
    )
    def test_builders_are_frozen_hashable_and_equal_by_value(self, obj: attrs.AttrsInstance) -> None:
        """Assignment raises AttributeError; equal values are equal and hash alike."""
        field = attrs.fields(type(obj))[0].name
        with pytest.raises(AttributeError):
            setattr(obj, field, None)
        twin = attrs.evolve(obj)  # type: ignore[misc]
        assert twin == obj
        assert hash(twin) == hash(obj)
        assert twin is not obj


class TestTypeRanges:
    @pytest.mark.parametrize(
        ("build", "last_valid"),
        [
            (lambda v: Rollout.exponential(1, 2, notified_things=v), 2**31 - 1),
            (lambda v: Rollout.exponential(1, 2, succeeded_things=v), 2**31 - 1),
            (lambda v: AbortCriterion(FAILED, 10, v), 2**31 - 1),
        ],
        ids=["numberOfNotifiedThings", "numberOfSucceededThings", "minNumberOfExecutedThings"],
    )
    def test_integer_members_without_a_maximum_stay_32_bit(
        self, build: Callable[[int], object], last_valid: int
    ) -> None:
        """AWS's integer type is 32-bit: 2**31 - 1 builds, 2**31 does not, even under relaxed_limits."""
        build(last_valid)
        with pytest.raises(ValidationError, match="32-bit"):
            build(last_valid + 1)
        with relaxed_limits(), pytest.raises(ValidationError, match="32-bit"):
            build(last_valid + 1)

    def test_role_arn_is_ascii_only(self) -> None:
        """IAM role names are ASCII: a non-ASCII letter is rejected."""
        with pytest.raises(ValidationError, match="must match the pattern"):
            PresignedUrl("arn:aws:iam::123456789012:role/café")
