"""Abort evaluation: `AbortCriterion.is_met` and `Abort.first_triggered` against job process states.

The rules (spec section 3.2, from the AWS IoT Developer Guide): a criterion is evaluated once at least
``minNumberOfExecutedThings`` executions have *completed* (reached a terminal status: succeeded, failed,
rejected, timed out, removed or canceled, spec section 3.5); it fires when the executions that ended as its
failure type are at least ``thresholdPercentage`` percent of the completed ones; ``ALL`` counts failed, rejected
and timed out; criteria are checked in list order.
"""

from __future__ import annotations

import attrs
import pytest

from iotjobs import ALL, FAILED, REJECTED, TIMED_OUT, Abort, AbortCriterion, FailureType, JobProcessDetails

# The developer guide's example: after >= 100 completed executions, cancel if >= 20% FAILED; otherwise, after
# >= 200 completed executions, cancel if >= 50% TIMED_OUT.
GUIDE = Abort.when(FAILED, 20, min_executed_things=100).or_when(TIMED_OUT, 50, min_executed_things=200)
FIRST, SECOND = GUIDE.criteria

TERMINAL = ("succeeded", "failed", "rejected", "timed_out", "removed", "canceled")
NOT_TERMINAL = ("queued", "in_progress")


def process(
    *,
    succeeded: int = 0,
    failed: int = 0,
    rejected: int = 0,
    canceled: int = 0,
    queued: int = 0,
    in_progress: int = 0,
    removed: int = 0,
    timed_out: int = 0,
) -> JobProcessDetails:
    """A process state (keyword shortcuts; the same defaults as `JobProcessDetails`)."""
    return JobProcessDetails(
        succeeded=succeeded, failed=failed, rejected=rejected, canceled=canceled, queued=queued,
        in_progress=in_progress, removed=removed, timed_out=timed_out,
    )


# -- the developer guide's worked example -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        pytest.param(process(), None, id="nothing-yet"),
        pytest.param(process(failed=99), None, id="99-completed-all-failed: below both minimums"),
        pytest.param(process(failed=99, queued=500, in_progress=400), None, id="queued-and-in-progress-do-not-count"),
        pytest.param(process(failed=20, succeeded=80), FIRST, id="100-completed-20pct-failed"),
        pytest.param(process(failed=19, succeeded=81), None, id="100-completed-19pct-failed"),
        pytest.param(process(failed=19, succeeded=1, timed_out=80), None, id="80pct-timed-out-before-200"),
        pytest.param(process(failed=10, timed_out=100, succeeded=40), None, id="150-completed-timed-out-waits"),
        pytest.param(process(failed=10, timed_out=100, succeeded=90), SECOND, id="200-completed-50pct-timed-out"),
        pytest.param(process(failed=10, timed_out=99, succeeded=91), None, id="200-completed-49.5pct-timed-out"),
        pytest.param(process(failed=40, timed_out=100, succeeded=60), FIRST, id="both-would-fire: the first wins"),
        pytest.param(process(failed=300, succeeded=700), FIRST, id="1000-completed-30pct-failed"),
    ],
)
def test_guide_example(state: JobProcessDetails, expected: AbortCriterion | None) -> None:
    assert GUIDE.first_triggered(state) == expected


def test_guide_example_criteria_each() -> None:
    state = process(failed=40, timed_out=100, succeeded=60)
    assert FIRST.is_met(state)
    assert SECOND.is_met(state)
    assert GUIDE.first_triggered(state) is FIRST


# -- the minimum count ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("completed", "expected"), [(1, False), (99, False), (100, True), (101, True)])
def test_minimum_count_of_completed_executions(completed: int, expected: bool) -> None:
    criterion = AbortCriterion(FAILED, 1, min_executed_things=100)
    assert criterion.is_met(process(failed=completed)) is expected


def test_minimum_count_is_of_completed_not_of_notified() -> None:
    criterion = AbortCriterion(FAILED, 10, min_executed_things=100)
    assert not criterion.is_met(process(failed=50, queued=1000, in_progress=1000))
    assert criterion.is_met(process(failed=50, succeeded=50, queued=1000, in_progress=1000))


def test_default_minimum_is_one() -> None:
    criterion = AbortCriterion(FAILED, 100)
    assert criterion.min_executed_things == 1
    assert not criterion.is_met(process())
    assert criterion.is_met(process(failed=1))
    assert not criterion.is_met(process(failed=1, succeeded=1))


# -- what counts as completed, and as a failure -----------------------------------------------------------------


@pytest.mark.parametrize("status", TERMINAL)
def test_every_terminal_status_counts_as_completed(status: str) -> None:
    # 20 failed + 80 of `status`: 100 completed, at least 20% of them failed.
    counts = {"failed": 20}
    counts[status] = counts.get(status, 0) + 80
    assert AbortCriterion(FAILED, 20, min_executed_things=100).is_met(process(**counts))
    assert process(**{status: 7}).completed == 7


@pytest.mark.parametrize("status", NOT_TERMINAL)
def test_queued_and_in_progress_are_not_completed(status: str) -> None:
    assert not AbortCriterion(FAILED, 20, min_executed_things=100).is_met(process(failed=20, **{status: 80}))
    assert process(**{status: 7}).completed == 0
    assert process(**{status: 7}).total == 7


@pytest.mark.parametrize("status", ["removed", "canceled", "succeeded"])
def test_other_terminal_statuses_dilute_the_percentage(status: str) -> None:
    criterion = AbortCriterion(FAILED, 20, min_executed_things=1)
    assert criterion.is_met(process(failed=20, **{status: 80}))
    assert not criterion.is_met(process(failed=20, **{status: 81}))  # 19.8%


def test_all_counts_failed_rejected_and_timed_out() -> None:
    criterion = AbortCriterion(ALL, 30, min_executed_things=1)
    assert criterion.is_met(process(failed=10, rejected=10, timed_out=10, succeeded=70))
    assert not criterion.is_met(process(failed=10, rejected=10, timed_out=9, succeeded=71))
    assert process(failed=1, rejected=2, timed_out=4, canceled=8, removed=16).count_of(ALL) == 7


@pytest.mark.parametrize("status", ["canceled", "removed", "succeeded"])
def test_all_does_not_count_other_terminal_statuses(status: str) -> None:
    assert not AbortCriterion(ALL, 1, min_executed_things=1).is_met(process(**{status: 100}))


@pytest.mark.parametrize(
    ("failure_type", "status"), [(FAILED, "failed"), (REJECTED, "rejected"), (TIMED_OUT, "timed_out")]
)
def test_each_failure_type_counts_only_its_own_status(failure_type: FailureType, status: str) -> None:
    criterion = AbortCriterion(failure_type, 50, min_executed_things=1)
    assert criterion.is_met(process(succeeded=50, **{status: 50}))
    others = [s for s in ("failed", "rejected", "timed_out") if s != status]
    assert not criterion.is_met(process(succeeded=50, **dict.fromkeys(others, 25)))


def test_failure_type_given_as_string() -> None:
    assert AbortCriterion("TIMED_OUT", 50).is_met(process(timed_out=1, succeeded=1))
    assert process(timed_out=3).count_of("TIMED_OUT") == 3


# -- thresholds -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("threshold", "failed", "completed", "expected"),
    [
        (20, 20, 100, True),  # exactly the threshold fires (>=)
        (20, 19, 100, False),
        (100, 100, 100, True),
        (100, 99, 100, False),
        (50, 1, 2, True),
        (10.5, 21, 200, True),  # 10.5% exactly
        (10.5, 20, 200, False),  # 10%
        (10.5, 209, 2000, False),  # 10.45%
        (10.5, 210, 2000, True),
        (0.01, 1, 10_000, True),
        (0.01, 0, 10_000, False),
        (33.33, 3333, 10_000, True),
        (33.33, 3332, 10_000, False),
        (66.67, 2, 3, False),  # 66.666...% is below 66.67%
        (66.66, 2, 3, True),
    ],
)
def test_threshold(threshold: float, failed: int, completed: int, expected: bool) -> None:
    criterion = AbortCriterion(FAILED, threshold, min_executed_things=1)
    assert criterion.is_met(process(failed=failed, succeeded=completed - failed)) is expected


@pytest.mark.parametrize(("threshold", "failed", "completed"), [(16.1, 161, 1000), (8.05, 161, 2000), (2.2, 33, 1500)])
def test_exact_threshold_with_inexact_binary_fraction(threshold: float, failed: int, completed: int) -> None:
    """A rate exactly at a threshold that has no exact binary form (16.1%) fires."""
    criterion = AbortCriterion(FAILED, threshold, min_executed_things=1)
    assert criterion.is_met(process(failed=failed, succeeded=completed - failed))


# -- order ----------------------------------------------------------------------------------------------------


def test_first_of_several_firing_criteria_is_returned() -> None:
    state = process(failed=50, timed_out=50)
    failed_first = Abort.when(FAILED, 10).or_when(TIMED_OUT, 10)
    timed_out_first = Abort.when(TIMED_OUT, 10).or_when(FAILED, 10)
    assert failed_first.first_triggered(state) == AbortCriterion(FAILED, 10)
    assert timed_out_first.first_triggered(state) == AbortCriterion(TIMED_OUT, 10)


def test_a_later_criterion_fires_when_the_earlier_ones_do_not() -> None:
    abort = Abort.when(FAILED, 90).or_when(REJECTED, 90).or_when(ALL, 30)
    assert abort.first_triggered(process(failed=10, rejected=10, timed_out=10, succeeded=70)) == abort.criteria[2]


def test_staged_policy_with_the_same_failure_type() -> None:
    # 50% of the first 10, then 10% of the first 1000.
    abort = Abort.when(FAILED, 50, min_executed_things=10).or_when(FAILED, 10, min_executed_things=1000)
    assert abort.first_triggered(process(failed=5, succeeded=5)) == abort.criteria[0]
    assert abort.first_triggered(process(failed=150, succeeded=850)) == abort.criteria[1]
    assert abort.first_triggered(process(failed=150, succeeded=849)) is None  # 999 completed, 15% < 50%
    assert abort.first_triggered(process(failed=99, succeeded=901)) is None


def test_nothing_fires_returns_none() -> None:
    assert GUIDE.first_triggered(process(succeeded=10_000)) is None


# -- JobProcessDetails --------------------------------------------------------------------------------------


def test_process_details_are_keyword_only_with_zero_defaults() -> None:
    empty = JobProcessDetails()
    assert attrs.asdict(empty) == {
        "succeeded": 0, "failed": 0, "rejected": 0, "canceled": 0, "queued": 0, "in_progress": 0, "removed": 0,
        "timed_out": 0, "processing_targets": None,
    }
    assert empty.completed == 0
    assert empty.total == 0
    with pytest.raises(TypeError):
        JobProcessDetails(1)  # type: ignore[call-arg]


def test_process_details_totals() -> None:
    state = process(succeeded=1, failed=2, rejected=4, timed_out=8, removed=16, canceled=32, queued=64, in_progress=128)
    assert state.completed == 63
    assert state.total == 255
