"""Rollout preview: when will each target of a job be notified? Pure arithmetic, no AWS.

The model (spec section 3.1; the parts AWS leaves undocumented are this module's choices):

* **Constant rollout** (no ``exponentialRate``): targets are notified at ``maximumPerMinute`` per minute, 1000
  when it is not set.
* **Exponential rollout**: stage ``k`` runs at ``rate_k = min(base * factor**k, cap)`` with
  ``cap = maximumPerMinute or 1000``. The rate moves to stage ``k + 1`` when the cumulative count reaches the next
  multiple of the threshold ``N``, i.e. stage ``k`` lasts until the count reaches ``N * (k + 1)``. This matches
  the Developer Guide's table (base 50, factor 2, threshold 1000: rates 50/100/200/400 until 1000/2000/3000/4000).
* **The count** is the number of notified things (``numberOfNotifiedThings``) or of SUCCEEDED executions
  (``numberOfSucceededThings``). A thing notified at minute ``t`` is assumed to succeed at
  ``t + execution_minutes`` with probability ``success_rate``, so ``succeeded(t) = success_rate *
  notified(t - execution_minutes)``. When both criteria are set, whichever threshold is crossed first advances
  the stage.
* **Rates are real numbers**: AWS does not document any rounding (``50 * 1.5**2 = 112.5`` stays 112.5).
* **Notification is fluid**: targets are notified smoothly at the stage's rate, not in per-minute bursts, so
  minutes are fractional and the notified count is a continuous, piecewise-linear function of time.

Everything is solved per stage in closed form, so the cost depends on the number of stages, not on the number of
targets. Once the rate reaches the cap it can no longer change, so the remaining stages are merged into one; a
preview therefore has at most about ``log(cap / base) / log(factor) + 2`` stages, whatever the number of targets.

The succeeded criterion with an execution delay stays piecewise linear: the succeeded curve is a delayed, scaled
copy of the notified curve. The minute at which it reaches a threshold ``T`` is ``d + notified⁻¹(T / p)``, where
``notified⁻¹`` walks the stages computed so far (extended by the current one); each stage costs a walk over at most
a few dozen segments.
"""

from __future__ import annotations

import math
import operator
from typing import TYPE_CHECKING, Literal

import attrs

from iotjobs._notebook import NotebookDisplay, renderer

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["DEFAULT_MAXIMUM_PER_MINUTE", "Criterion", "RolloutPreview", "Stage", "preview_rollout"]

DEFAULT_MAXIMUM_PER_MINUTE = 1000
"""The rate AWS uses when ``maximumPerMinute`` is not set (and the cap of an exponential rate)."""

Criterion = Literal["constant", "notified", "succeeded", "notified_or_succeeded"]
"""What advances the rate: nothing (constant rollout), notified things, succeeded things, or whichever is first."""


def _whole(count: float) -> int:
    """Whole targets in a fluid count, forgiving the rounding error of float arithmetic (999.9999999 -> 1000)."""
    return math.floor(count * (1.0 + 1e-12) + 1e-9)


@attrs.frozen
class Stage:
    """One stretch of the rollout at a single rate.

    Attributes:
        index: the stage number ``k``, from 0 (the rate before the first increase).
        rate_per_minute: the effective rate, ``min(base * factor**k, cap)``; a real number, never rounded.
        start_minute: minutes after the rollout started when this stage begins.
        end_minute: when it ends: the next rate increase, or the last target being notified.
        notified: cumulative targets notified at ``end_minute`` (whole targets: the fluid count rounded down).
        capped: the rate is at the cap (``maximumPerMinute``, 1000 by default), so it will not increase again.
            Always true for a constant rollout.
    """

    index: int
    rate_per_minute: float
    start_minute: float
    end_minute: float
    notified: int
    capped: bool = False


@attrs.frozen
class RolloutPreview(NotebookDisplay):
    """The predicted timeline of a rollout, with the assumptions it was computed under.

    Attributes:
        total_things: the number of targets.
        minutes: minutes until every target has been notified (the last stage's ``end_minute``).
        stages: the contiguous stages, starting at minute 0; the last one ends with ``total_things`` notified.
        criterion: what advanced the rate (``"constant"`` when the rate never changes by design).
        success_rate: the assumed share of executions that succeed (used by the succeeded criterion).
        execution_minutes: the assumed minutes from notification to SUCCEEDED (used by the succeeded criterion).
    """

    total_things: int
    minutes: float
    stages: tuple[Stage, ...]
    criterion: Criterion
    success_rate: float = 1.0
    execution_minutes: float = 0.0

    def _segments(self) -> list[tuple[Stage, float]]:
        """Each stage with its fluid notified count at ``start_minute``."""
        segments: list[tuple[Stage, float]] = []
        count = 0.0
        for stage in self.stages:
            segments.append((stage, count))
            count += stage.rate_per_minute * (stage.end_minute - stage.start_minute)
        return segments

    def notified_at(self, minute: float) -> int:
        """Whole targets notified by ``minute``: 0 before the start, ``total_things`` from ``minutes`` on."""
        if minute <= 0.0:
            return 0
        if minute >= self.minutes:
            return self.total_things
        for stage, start_count in self._segments():
            if minute <= stage.end_minute:
                count = start_count + stage.rate_per_minute * (minute - stage.start_minute)
                return min(_whole(count), self.total_things)
        return self.total_things  # pragma: no cover - minute < self.minutes == last end_minute

    def minute_when(self, notified: int) -> float:
        """The earliest minute by which ``notified`` targets have been notified (0.0 for 0 or fewer).

        Raises:
            ValueError: ``notified`` is more than ``total_things``, so it is never reached.
        """
        if notified > self.total_things:
            raise ValueError(f"notified={notified} is never reached: the job has {self.total_things} targets")
        if notified <= 0:
            return 0.0
        if notified == self.total_things:
            return self.minutes
        for stage, start_count in self._segments():
            if notified <= stage.notified:
                minute = stage.start_minute + (notified - start_count) / stage.rate_per_minute
                return min(max(minute, stage.start_minute), stage.end_minute)
        return self.minutes  # pragma: no cover - the last stage has notified == total_things

    def plot(self, ax: Axes | None = None) -> Axes:
        """Draw the things notified over time (minutes), through the stage boundaries, each stage labelled with
        its rate, on ``ax`` or on a new figure; return the matplotlib ``Axes``.

        Needs matplotlib (``pip install 'iotjobs[plot]'``): without it this raises ImportError saying so.
        """
        return renderer().plot_preview(self, ax)


def preview_rollout(
    total_things: int,
    *,
    base_rate_per_minute: int | None,
    increment_factor: float | None,
    notified_things: int | None,
    succeeded_things: int | None,
    maximum_per_minute: int | None,
    success_rate: float = 1.0,
    execution_minutes: float = 0.0,
) -> RolloutPreview:
    """Predict how a job's rollout config paces the notification of ``total_things`` targets.

    The arguments mirror ``JobExecutionsRolloutConfig``: without ``base_rate_per_minute`` the rollout is constant
    at ``maximum_per_minute`` (1000 when None); with it, the rate grows exponentially as described in the module
    docstring, capped at ``maximum_per_minute`` (1000 when None). Rates are real numbers and are never rounded
    (AWS documents no rounding: ``50 * 1.5**2`` is 112.5 per minute here). Notification is modelled as smooth,
    so minutes are fractional.

    ``success_rate`` and ``execution_minutes`` model the succeeded criterion only: a thing notified at minute
    ``t`` reports SUCCEEDED at ``t + execution_minutes`` with probability ``success_rate``. With
    ``success_rate == 0`` and only the succeeded criterion, the rate stays at the base rate to the end.

    The computation is closed-form per stage: previewing 10**9 targets costs about what 10**3 costs.

    Raises:
        ValueError: ``total_things`` is less than 1, or an argument would make the model meaningless (a rate or
            threshold below 1, a factor below 1, an exponential rate without a factor or criterion, a success
            rate outside [0, 1], a negative or non-finite execution time). The config builders check the AWS
            bounds themselves; this only guards the arithmetic.
    """
    total = operator.index(total_things)
    if total < 1:
        raise ValueError(f"total_things must be at least 1, got {total_things!r}")
    cap = float(DEFAULT_MAXIMUM_PER_MINUTE if maximum_per_minute is None else maximum_per_minute)
    if not cap >= 1.0 or math.isinf(cap):
        raise ValueError(f"maximum_per_minute must be a finite number of at least 1, got {maximum_per_minute!r}")
    if not 0.0 <= success_rate <= 1.0:
        raise ValueError(f"success_rate must be between 0 and 1, got {success_rate!r}")
    if not 0.0 <= execution_minutes < math.inf:
        raise ValueError(f"execution_minutes must be finite and not negative, got {execution_minutes!r}")

    if base_rate_per_minute is None:
        minutes = total / cap
        stage = Stage(0, cap, 0.0, minutes, total, capped=True)
        return RolloutPreview(total, minutes, (stage,), "constant", success_rate, execution_minutes)

    base = float(base_rate_per_minute)
    if not base >= 1.0 or math.isinf(base):
        raise ValueError(f"base_rate_per_minute must be a finite number of at least 1, got {base_rate_per_minute!r}")
    if increment_factor is None or not 1.0 <= increment_factor < math.inf:
        raise ValueError(f"increment_factor must be a finite number of at least 1, got {increment_factor!r}")
    if notified_things is None and succeeded_things is None:
        raise ValueError("an exponential rate needs notified_things or succeeded_things (or both)")
    for name, threshold in (("notified_things", notified_things), ("succeeded_things", succeeded_things)):
        if threshold is not None and not 1 <= threshold < math.inf:
            raise ValueError(f"{name} must be at least 1, got {threshold!r}")

    criterion: Criterion
    if notified_things is not None and succeeded_things is not None:
        criterion = "notified_or_succeeded"
    elif notified_things is not None:
        criterion = "notified"
    else:
        criterion = "succeeded"

    stages = _exponential_stages(
        total, base, float(increment_factor), notified_things, succeeded_things, cap, success_rate,
        float(execution_minutes),
    )
    return RolloutPreview(total, stages[-1].end_minute, stages, criterion, success_rate, execution_minutes)


def _exponential_stages(
    total: int,
    base: float,
    factor: float,
    notified_threshold: int | None,
    succeeded_threshold: int | None,
    cap: float,
    success_rate: float,
    delay: float,
) -> tuple[Stage, ...]:
    """Walk the stages of an exponential rollout, one closed-form step per stage.

    Invariant: at the start of stage ``k`` the notified count is at most ``notified_threshold * k`` and the
    succeeded count at most ``succeeded_threshold * k`` (stage ``k - 1`` ended at the first crossing, and both
    curves are continuous), so stage ``k``'s crossings both lie strictly after its start.
    """
    stages: list[Stage] = []
    # (start minute, fluid notified count at that minute, rate) of every stage so far, current one included:
    # the notified curve as a piecewise-linear function, for inverting it under the succeeded criterion.
    segments: list[tuple[float, float, float]] = []
    start, count, k = 0.0, 0.0, 0
    while True:
        rate = min(base * factor**k, cap)
        at_cap = rate >= cap
        segments.append((start, count, rate))
        finish = start + (total - count) / rate  # when the last target is notified if the rate stays
        end, end_count, last = finish, float(total), True
        # The rate changes only if the next stage's rate differs: once capped (or with factor 1), it never will.
        if min(base * factor ** (k + 1), cap) > rate:
            crossing = _first_crossing(
                k, start, count, rate, segments, notified_threshold, succeeded_threshold, success_rate, delay
            )
            # An increase counts only if it comes before the last target (not within float error of it).
            if crossing is not None and crossing[0] < finish and _whole(crossing[1]) < total:
                (end, end_count), last = crossing, False
        stages.append(Stage(k, rate, start, end, total if last else _whole(end_count), capped=at_cap))
        if last:
            return tuple(stages)
        start, count, k = end, end_count, k + 1


def _first_crossing(
    k: int,
    start: float,
    count: float,
    rate: float,
    segments: list[tuple[float, float, float]],
    notified_threshold: int | None,
    succeeded_threshold: int | None,
    success_rate: float,
    delay: float,
) -> tuple[float, float] | None:
    """When stage ``k`` (started at ``start`` with ``count`` notified) ends, and the notified count then.

    Returns None when no criterion can ever be met (the succeeded criterion alone with ``success_rate == 0``).
    The stage is treated as lasting forever; the caller compares the result with the last notification.
    """
    best: tuple[float, float] | None = None
    if notified_threshold is not None:
        target = float(notified_threshold * (k + 1))
        best = (start + (target - count) / rate, target)
    if succeeded_threshold is not None and success_rate > 0.0:
        # succeeded(t) = p * notified(t - d) reaches T when notified(t - d) = T / p.
        needed = succeeded_threshold * (k + 1) / success_rate
        minute = max(_invert(segments, needed) + delay, start)
        if best is None or minute < best[0]:
            best = (minute, count + rate * (minute - start))
    return best


def _invert(segments: list[tuple[float, float, float]], notified: float) -> float:
    """The minute the piecewise-linear notified curve reaches ``notified`` (> 0); the last segment is open-ended."""
    for seg_start, seg_count, seg_rate in reversed(segments):
        if seg_count <= notified:
            return seg_start + (notified - seg_count) / seg_rate
    return 0.0  # pragma: no cover - the first segment starts at count 0 and notified > 0
