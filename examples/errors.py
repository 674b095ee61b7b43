"""Validation errors: every problem of a call at once, as data and as sentences; and the escape hatch.

Run it with ``python examples/errors.py``. The docs' Errors page shows its sections, and
``tests/test_examples.py`` runs it.
"""

from __future__ import annotations

from iotjobs import JobUpdate, Rollout


def every_problem() -> None:
    """One call, two problems, one error."""
    # --8<-- [start:catch]
    from iotjobs import Rollout, ValidationError

    try:
        Rollout.exponential(1500, 1.55, notified_things=1000)
    except ValidationError as error:
        print(error)
        # 2 problems in Rollout.exponential:
        #   exponentialRate.baseRatePerMinute = 1500: must be at most 1000 ...
        #   exponentialRate.incrementFactor = 1.55: AWS IoT accepts at most ...
        for problem in error.errors:  # FieldError: data a program can read
            limit = problem.limit  # the Limit violated, if any
            print(problem.path, problem.value, limit.member if limit else None)
    # --8<-- [end:catch]


def as_value_error() -> None:
    """``ValidationError`` is a ``ValueError``."""
    # --8<-- [start:value-error]
    try:
        Rollout.constant(0)
    except ValueError as error:  # code that catches ValueError keeps working
        print(f"caught a {type(error).__name__}, a ValueError")
    # --8<-- [end:value-error]


def request_paths() -> None:
    """Paths name the whole request when a dict is parsed with ``from_botocore``."""
    # --8<-- [start:paths]
    from iotjobs import JobUpdate, ValidationError

    request = {
        "jobId": "fw-42",
        "abortConfig": {
            "criteriaList": [
                {"failureType": "FAILED", "action": "CANCEL",
                 "thresholdPercentage": 10, "minNumberOfExecutedThings": 100},
                {"failureType": "TIMED_OUT", "action": "CANCEL",
                 "thresholdPercentage": 0, "minNumberOfExecutedThings": 100},
            ]
        },
        "jobExecutionsRolloutConfig": {
            "exponentialRate": {
                "baseRatePerMinute": 50,
                "incrementFactor": 2,
                # A mistake copied from the AWS developer guide:
                # maximumPerMinute belongs next to exponentialRate.
                "maximumPerMinute": 500,
                "rateIncreaseCriteria": {"numberOfNotifiedThings": 1000},
            },
        },
    }
    try:
        JobUpdate.from_botocore(request)
    except ValidationError as error:
        print(error)
        paths = [problem.path for problem in error.errors]
        assert "abortConfig.criteriaList[1].thresholdPercentage" in paths
        rollout = "jobExecutionsRolloutConfig.exponentialRate"
        assert f"{rollout}.maximumPerMinute" in paths
    # --8<-- [end:paths]


def relaxed() -> Rollout:
    """The escape hatch, should AWS raise a limit before iotjobs is updated."""
    # --8<-- [start:relaxed]
    from iotjobs import JobUpdate, Rollout, ValidationError, relaxed_limits

    with relaxed_limits():
        # Above the documented 1000: accepted inside the block.
        fast = Rollout.constant(5000)
    assert fast.to_botocore() == {"maximumPerMinute": 5000}

    @relaxed_limits()
    def precise_abort() -> JobUpdate:  # also a decorator
        criterion = {
            "failureType": "FAILED", "action": "CANCEL",
            "thresholdPercentage": 12.125, "minNumberOfExecutedThings": 1,
        }
        return JobUpdate.from_botocore(
            {"jobId": "fw-42", "abortConfig": {"criteriaList": [criterion]}}
        )

    precise_abort()
    try:
        with relaxed_limits():
            # The minimums of botocore's model stay: 0 would never roll out.
            Rollout.constant(0)
    except ValidationError as error:
        print(error)
    # --8<-- [end:relaxed]
    return fast


def main() -> int:
    """Print every error the samples raise."""
    every_problem()
    as_value_error()
    request_paths()
    relaxed()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
