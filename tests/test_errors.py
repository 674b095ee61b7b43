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


# -- values are shown shortened: a file's contents are never echoed whole ---------------------------------------

SECRET_FILE = "[default]\naws_secret_access_key = " + "S" * 100_000 + "\nend-of-file"


def test_a_huge_string_value_is_shortened_in_the_message() -> None:
    """A 100 kB value (a credentials file read by mistake) shows its start and end, not its whole body."""
    with pytest.raises(ValidationError) as info:
        iotjobs.JobUpdate("job", description=SECRET_FILE)
    [error] = info.value.errors
    assert error.value == SECRET_FILE  # the data keeps the value itself
    text = str(info.value)
    assert len(text) < 600
    assert "[default]" in text
    assert "end-of-file" in text
    assert "S" * 200 not in text
    assert len(repr(error)) < 600


def test_a_short_value_is_shown_whole() -> None:
    """A value under the bound is shown exactly as its repr."""
    value = "x" * 100
    with pytest.raises(ValidationError) as info:
        iotjobs.JobUpdate(value + "!")
    assert repr(value + "!") in str(info.value)


def test_deep_and_wide_values_are_cut() -> None:
    """Nesting deeper than the recursion limit and containers of a million items are cut, never a RecursionError."""
    deep: list[object] = []
    node = deep
    for _ in range(100_000):
        node.append([])
        node = node[0]  # type: ignore[assignment]
    wide = list(range(1_000_000))
    for value in (deep, wide, {"k" * 10_000: wide}):
        with pytest.raises(ValidationError) as info:
            iotjobs.JobUpdate("job", description=value)  # type: ignore[arg-type]
        assert len(str(info.value)) < 600


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        pytest.param(10**400, "<int of 1329 bits>", id="huge-int"),
        pytest.param(2**128 - 1, repr(2**128 - 1), id="int-at-the-bound"),
        pytest.param(2**128, "<int of 129 bits>", id="int-past-the-bound"),
    ],
)
def test_short_repr_of_integers(value: int, shown: str) -> None:
    """Integers up to 128 bits are shown whole; larger ones by their size (str() of 10**5000 itself raises)."""
    from iotjobs._errors import short_repr

    assert short_repr(value) == shown


def test_short_repr_survives_a_failing_repr_and_str_subclasses() -> None:
    """A value whose __repr__ raises is named by its type; a str subclass shows its text, not its own repr."""
    from iotjobs._errors import short_repr

    class Hostile:
        def __repr__(self) -> str:
            raise RuntimeError("no")

    class Sneaky(str):
        def __repr__(self) -> str:
            return "A" * 1_000_000

    assert short_repr(Hostile()).startswith("<Hostile ")
    assert short_repr(Sneaky("abc")) == "Sneaky('abc')"


def test_a_long_path_is_shortened() -> None:
    """An unknown member named by a huge key (the path holds the key) is shortened too."""
    with pytest.raises(ValidationError) as info:
        iotjobs.Timeout.from_botocore({"k" * 100_000: 1, "inProgressTimeoutInMinutes": 5})
    assert len(str(info.value)) < 800


def test_many_problems_are_listed_up_to_a_bound() -> None:
    """str() lists the first 100 problems and counts the rest; .errors has them all."""
    with pytest.raises(ValidationError) as info:
        iotjobs.Abort([1] * 250)  # type: ignore[list-item]
    assert len(info.value.errors) == 250
    lines = str(info.value).splitlines()
    assert lines[0] == "250 problems in Abort:"
    assert len(lines) == 1 + 100 + 1
    assert lines[-1] == "  ... and 150 more (all of them are in .errors)"


def test_exactly_the_bound_of_problems_is_listed_whole() -> None:
    """At 100 problems every one is listed, with no '... more' line."""
    with pytest.raises(ValidationError) as info:
        iotjobs.Abort([1] * 100)  # type: ignore[list-item]
    assert len(str(info.value).splitlines()) == 101


def test_malformed_response_error_is_a_validation_error() -> None:
    """MalformedResponseError is exported and caught by `except ValidationError` / `except ValueError`."""
    assert issubclass(iotjobs.MalformedResponseError, ValidationError)
    assert "MalformedResponseError" in iotjobs.__all__
