"""The error tree and the shape of its messages."""

from __future__ import annotations

import pickle

import pytest

import iotjobs
from iotjobs import FieldError, IotJobsError, Rollout, ValidationError


def test_validation_error_is_a_value_error_and_an_iotjobs_error() -> None:
    """Code catching ValueError keeps working."""
    assert issubclass(ValidationError, ValueError)
    assert issubclass(ValidationError, IotJobsError)


@pytest.mark.parametrize(
    "name", ["JobNotFoundError", "InvalidRequestError", "ThrottlingError", "ServiceUnavailableError"]
)
def test_service_errors_are_iotjobs_errors(name: str) -> None:
    """Every typed service error derives from IotJobsError."""
    assert issubclass(getattr(iotjobs, name), iotjobs.ServiceError)
    assert issubclass(getattr(iotjobs, name), IotJobsError)


def test_message_has_a_header_then_one_line_per_problem() -> None:
    """The header names the call and the count; each line names member, value and limit."""
    with pytest.raises(ValidationError) as info:
        Rollout.exponential(1500, 1.55, notified_things=10)
    lines = str(info.value).splitlines()
    assert lines[0] == "2 problems in Rollout.exponential:"
    assert lines[1] == (
        "  exponentialRate.baseRatePerMinute = 1500: must be at most 1000 "
        "(AWS IoT API Reference, ExponentialRolloutRate)"
    )
    assert lines[2].startswith("  exponentialRate.incrementFactor = 1.55: AWS IoT accepts at most one digit")


def test_one_problem_header_is_singular() -> None:
    """'1 problem', not '1 problems'."""
    with pytest.raises(ValidationError, match=r"^1 problem in Rollout\.constant:"):
        Rollout.constant(0)


def test_field_errors_are_data() -> None:
    """A FieldError carries path, value, message and the Limit; it compares by value."""
    with pytest.raises(ValidationError) as info:
        Rollout.constant(5000)
    [error] = info.value.errors
    assert error == FieldError("maximumPerMinute", 5000, error.message)
    assert error.limit is not None
    assert error.limit.maximum == 1000


def test_validation_errors_pickle() -> None:
    """A ValidationError survives pickling (multiprocessing, pytest-xdist)."""
    with pytest.raises(ValidationError) as info:
        Rollout.constant(0)
    clone = pickle.loads(pickle.dumps(info.value))
    assert clone.errors == info.value.errors
    assert str(clone) == str(info.value)
