"""Tests for the rollout preview engine (spec section 3.1): hand-computed timelines and properties."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iotjobs._preview import RolloutPreview, Stage, preview_rollout


def exponential(
    total: int,
    base: int,
    factor: float,
    *,
    notified: int | None = None,
    succeeded: int | None = None,
    maximum: int | None = None,
    success_rate: float = 1.0,
    execution_minutes: float = 0.0,
) -> RolloutPreview:
    """Preview an exponential rollout with keyword shortcuts."""
    return preview_rollout(
        total,
        base_rate_per_minute=base,
        increment_factor=factor,
        notified_things=notified,
        succeeded_things=succeeded,
        maximum_per_minute=maximum,
        success_rate=success_rate,
        execution_minutes=execution_minutes,
    )


def constant(total: int, maximum: int | None) -> RolloutPreview:
    """Preview a constant rollout."""
    return preview_rollout(
        total,
        base_rate_per_minute=None,
        increment_factor=None,
        notified_things=None,
        succeeded_things=None,
        maximum_per_minute=maximum,
    )


def timeline(preview: RolloutPreview) -> list[tuple[float, float, float, int]]:
    """The stages as (rate, start, end, notified) tuples."""
    return [(s.rate_per_minute, s.start_minute, s.end_minute, s.notified) for s in preview.stages]


def assert_timeline(preview: RolloutPreview, expected: list[tuple[float, float, float, int]]) -> None:
    """Compare a preview's stages with hand-computed (rate, start, end, notified) tuples."""
    actual = timeline(preview)
    assert len(actual) == len(expected), actual
    for got, want in zip(actual, expected, strict=True):
        assert got[:3] == pytest.approx(want[:3]), actual
        assert got[3] == want[3], actual
    assert preview.minutes == pytest.approx(expected[-1][2])


# --- the spec's worked examples -------------------------------------------------------------------------------


def test_guide_worked_timeline() -> None:
    """The spec's 10,000-target timeline: 50/min for 20 min, doubling each 1000, capped at 1000, 43.75 min."""
    preview = exponential(10_000, 50, 2, notified=1000)
    assert_timeline(preview, [
        (50, 0, 20, 1000),
        (100, 20, 30, 2000),
        (200, 30, 35, 3000),
        (400, 35, 37.5, 4000),
        (800, 37.5, 38.75, 5000),
        (1000, 38.75, 43.75, 10_000),
    ])
    assert preview.minutes == 43.75
    assert [s.capped for s in preview.stages] == [False] * 5 + [True]
    assert [s.index for s in preview.stages] == list(range(6))
    assert preview.criterion == "notified"


def test_guide_documented_table() -> None:
    """The Developer Guide's table: rates 50, 100, 200, 400 until 1000, 2000, 3000, 4000 notified."""
    preview = exponential(4000, 50, 2, notified=1000)
    assert [s.rate_per_minute for s in preview.stages] == [50, 100, 200, 400]
    assert [s.notified for s in preview.stages] == [1000, 2000, 3000, 4000]
    assert preview.minutes == 20 + 10 + 5 + 2.5


# --- hand-computed cases --------------------------------------------------------------------------------------


def test_fractional_factor_is_not_rounded() -> None:
    """Factor 1.5 gives 50, 75, 112.5, 168.75 per minute: rates are real numbers."""
    preview = exponential(4000, 50, 1.5, notified=1000)
    assert_timeline(preview, [
        (50, 0, 20, 1000),
        (75, 20, 20 + 1000 / 75, 2000),
        (112.5, 20 + 1000 / 75, 20 + 1000 / 75 + 1000 / 112.5, 3000),
        (168.75, 20 + 1000 / 75 + 1000 / 112.5, 20 + 1000 / 75 + 1000 / 112.5 + 1000 / 168.75, 4000),
    ])


def test_low_cap_stays_at_cap() -> None:
    """Maximum 60 with base 50, factor 2: 50 until the first threshold, then 60 forever (one merged stage)."""
    preview = exponential(10_000, 50, 2, notified=1000, maximum=60)
    assert_timeline(preview, [(50, 0, 20, 1000), (60, 20, 20 + 9000 / 60, 10_000)])
    assert [s.capped for s in preview.stages] == [False, True]


def test_cap_below_base_is_constant() -> None:
    """Base 500 with maximum 100: the cap wins from the start, one stage at 100 per minute."""
    preview = exponential(10_000, 500, 2, notified=1000, maximum=100)
    assert_timeline(preview, [(100, 0, 100, 10_000)])
    assert preview.stages[0].capped


def test_constant_rollout() -> None:
    """No exponential rate: one stage at maximumPerMinute, 1000 when unset."""
    preview = constant(2500, None)
    assert preview.stages == (Stage(0, 1000, 0, 2.5, 2500, capped=True),)
    assert preview.criterion == "constant"
    slow = constant(2500, 10)
    assert_timeline(slow, [(10, 0, 250, 2500)])


def test_total_below_first_threshold_is_one_stage() -> None:
    """500 targets with threshold 1000 never see an increase: one stage at base."""
    preview = exponential(500, 50, 2, notified=1000)
    assert_timeline(preview, [(50, 0, 10, 500)])
    assert not preview.stages[0].capped


def test_total_exactly_on_threshold() -> None:
    """2000 targets with threshold 1000: the rollout ends exactly at the second threshold, no empty stage."""
    preview = exponential(2000, 50, 2, notified=1000)
    assert_timeline(preview, [(50, 0, 20, 1000), (100, 20, 30, 2000)])


def test_succeeded_without_delay_equals_notified() -> None:
    """Succeeded criterion with success rate 1 and no delay gives the notified criterion's timeline."""
    succeeded = exponential(10_000, 50, 2, succeeded=1000)
    notified = exponential(10_000, 50, 2, notified=1000)
    assert succeeded.stages == notified.stages
    assert succeeded.criterion == "succeeded"


def test_succeeded_with_delay() -> None:
    """A 10-minute execution delay: each increase waits for successes while notification goes on at the old rate."""
    # Stage 0 (50/min): 1000 succeeded when 1000 were notified by minute 20, i.e. at 30; notified(30) = 1500.
    # Stage 1 (100/min from 30): 2000 notified at 35, succeeded at 45; notified(45) = 1500 + 15 * 100 = 3000.
    # Stage 2 (200/min from 45): 3000 notified at 45, succeeded at 55; notified(55) = 3000 + 10 * 200 = 5000.
    # Stage 3 (400/min from 55): 4000 notified at 50, succeeded at 60; notified(60) = 5000 + 5 * 400 = 7000.
    # Stage 4 (800/min from 60): 5000 succeeded at 65, but 10,000 are notified at 60 + 3000 / 800 = 63.75.
    preview = exponential(10_000, 50, 2, succeeded=1000, execution_minutes=10)
    assert_timeline(preview, [
        (50, 0, 30, 1500),
        (100, 30, 45, 3000),
        (200, 45, 55, 5000),
        (400, 55, 60, 7000),
        (800, 60, 63.75, 10_000),
    ])
    assert preview.execution_minutes == 10


def test_half_success_rate_doubles_the_count_needed() -> None:
    """Success rate 0.5 without delay: 1000 succeeded needs 2000 notified, like a notified threshold of 2000."""
    half = exponential(10_000, 50, 2, succeeded=1000, success_rate=0.5)
    assert half.stages == exponential(10_000, 50, 2, notified=2000).stages
    assert_timeline(half, [(50, 0, 40, 2000), (100, 40, 60, 4000), (200, 60, 70, 6000),
                           (400, 70, 75, 8000), (800, 75, 77.5, 10_000)])


def test_zero_success_rate_stays_at_base() -> None:
    """With success rate 0 and only the succeeded criterion, the rate never increases."""
    preview = exponential(10_000, 50, 2, succeeded=1000, success_rate=0)
    assert_timeline(preview, [(50, 0, 200, 10_000)])


def test_both_criteria_take_the_earliest() -> None:
    """Notified 1000 or succeeded 400 with a 10-minute delay: the first three increases by success, then notified."""
    # Stage 0 (50): succeeded 400 when notified(t - 10) = 400 -> t = 18 (notified 1000 would be at 20).
    # Stage 1 (100 from 18, 900 notified): succeeded 800 at 16 + 10 = 26; notified 2000 would be at 29.
    # Stage 2 (200 from 26, 1700): succeeded 1200 at 21 + 10 = 31; notified 3000 would be at 32.5.
    # Stage 3 (400 from 31, 2700): notified 4000 at 34.25; succeeded 1600 would be at 25 + 10 = 35.
    # Stage 4 (800 from 34.25): notified 5000 at 35.5; succeeded 2000 would be at 27.5 + 10 = 37.5.
    # Stage 5 (1000, capped from 1600, from 35.5): the remaining 5000 take 5 minutes.
    preview = exponential(10_000, 50, 2, notified=1000, succeeded=400, execution_minutes=10)
    assert_timeline(preview, [
        (50, 0, 18, 900),
        (100, 18, 26, 1700),
        (200, 26, 31, 2700),
        (400, 31, 34.25, 4000),
        (800, 34.25, 35.5, 5000),
        (1000, 35.5, 40.5, 10_000),
    ])
    assert preview.criterion == "notified_or_succeeded"


def test_fractional_stage_end_counts_whole_targets() -> None:
    """Success rate 0.3: 1000 succeeded needs 3333.3 notified, reported as 3333 whole targets."""
    preview = exponential(10_000, 50, 2, succeeded=1000, success_rate=0.3)
    first = preview.stages[0]
    assert first.end_minute == pytest.approx(1000 / 0.3 / 50)
    assert first.notified == 3333
    assert preview.notified_at(first.end_minute) == 3333


def test_a_billion_targets_has_few_stages() -> None:
    """10**9 targets: the same six stages as 10,000, the last one ending at 10**9 after 1,000,033.75 minutes."""
    preview = exponential(10**9, 50, 2, notified=1000)
    assert len(preview.stages) == 6
    assert preview.stages[-1].notified == 10**9
    assert preview.minutes == 38.75 + (10**9 - 5000) / 1000
    assert preview.notified_at(preview.minutes - 1) == 10**9 - 1000


def test_notified_at_and_minute_when() -> None:
    """Lookups on the worked timeline, clamped before the start and after the end."""
    preview = exponential(10_000, 50, 2, notified=1000)
    assert preview.notified_at(-5) == 0
    assert preview.notified_at(10) == 500
    assert preview.notified_at(25) == 1500
    assert preview.notified_at(43.75) == 10_000
    assert preview.notified_at(1e6) == 10_000
    assert preview.minute_when(0) == 0
    assert preview.minute_when(1500) == 25
    assert preview.minute_when(5000) == 38.75
    assert preview.minute_when(10_000) == 43.75
    with pytest.raises(ValueError, match="never reached"):
        preview.minute_when(10_001)


@pytest.mark.parametrize("total", [0, -1])
def test_total_must_be_positive(total: int) -> None:
    """Fewer than one target is rejected."""
    with pytest.raises(ValueError, match="total_things"):
        exponential(total, 50, 2, notified=1000)


def test_exponential_needs_a_criterion() -> None:
    """An exponential rate without any threshold cannot be previewed."""
    with pytest.raises(ValueError, match="notified_things or succeeded_things"):
        exponential(100, 50, 2)


# --- properties -----------------------------------------------------------------------------------------------

FACTORS = st.integers(min_value=11, max_value=50).map(lambda tenths: tenths / 10)
THRESHOLDS = st.integers(min_value=1, max_value=10**6)


@st.composite
def previews(draw: st.DrawFn) -> tuple[RolloutPreview, float]:
    """A preview of a random valid rollout config, with its cap."""
    total = draw(st.integers(min_value=1, max_value=10**9))
    maximum = draw(st.none() | st.integers(min_value=1, max_value=1000))
    cap = 1000.0 if maximum is None else float(maximum)
    if draw(st.booleans()):
        return constant(total, maximum), cap
    notified, succeeded = draw(
        st.tuples(st.none() | THRESHOLDS, st.none() | THRESHOLDS).filter(lambda pair: pair != (None, None))
    )
    preview = exponential(
        total,
        draw(st.integers(min_value=1, max_value=1000)),
        draw(FACTORS),
        notified=notified,
        succeeded=succeeded,
        maximum=maximum,
        success_rate=draw(st.floats(min_value=0, max_value=1)),
        execution_minutes=draw(st.floats(min_value=0, max_value=10_000)),
    )
    return preview, cap


@given(previews())
def test_stages_are_contiguous_and_end_at_total(case: tuple[RolloutPreview, float]) -> None:
    """Stages start at 0, follow each other without gaps, and the last ends at total_things at `minutes`."""
    preview, _ = case
    stages = preview.stages
    assert stages[0].start_minute == 0
    for before, after in itertools.pairwise(stages):
        assert before.end_minute == after.start_minute
    assert all(s.end_minute > s.start_minute for s in stages)
    assert [s.index for s in stages] == list(range(len(stages)))
    assert stages[-1].notified == preview.total_things
    assert preview.minutes == stages[-1].end_minute


@given(previews())
def test_rates_grow_up_to_the_cap(case: tuple[RolloutPreview, float]) -> None:
    """Rates never decrease, never exceed the cap, and a capped stage can only be the last."""
    preview, cap = case
    rates = [s.rate_per_minute for s in preview.stages]
    assert rates == sorted(rates)
    assert all(rate <= cap for rate in rates)
    assert all(not s.capped for s in preview.stages[:-1])
    # At most log(cap / base) / log(factor) + 2 stages; with base >= 1 and factor >= 1.1 that is below 75.
    assert len(preview.stages) <= math.log(1000) / math.log(1.1) + 2


@given(previews())
def test_notified_strictly_increases(case: tuple[RolloutPreview, float]) -> None:
    """Each stage notifies at least one more whole target, and notified_at agrees at every stage end."""
    preview, _ = case
    counts = [s.notified for s in preview.stages]
    assert all(a < b for a, b in itertools.pairwise(counts))
    for stage in preview.stages:
        assert preview.notified_at(stage.end_minute) == stage.notified


@given(previews(), st.floats(min_value=0, max_value=1))
def test_notified_at_and_minute_when_are_inverse(case: tuple[RolloutPreview, float], share: float) -> None:
    """minute_when(n) is the first minute with n notified: notified_at maps it back to n."""
    preview, _ = case
    count = round(share * preview.total_things)
    minute = preview.minute_when(count)
    assert 0 <= minute <= preview.minutes
    assert preview.notified_at(minute) == count
    assert preview.minute_when(preview.notified_at(minute)) == pytest.approx(minute)
    if count > 0:
        assert preview.notified_at(minute * (1 - 1e-6) - 1e-6) < count
