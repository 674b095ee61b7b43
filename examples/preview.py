"""Rollout preview and abort evaluation: what a config will do, before AWS does it.

Run it with ``python examples/preview.py``: it prints the developer guide's worked example (base 50 a minute,
doubling every 1,000 notified targets) for 10,000 targets. The docs' Rollout preview page shows its sections, and
``tests/test_examples.py`` runs it.
"""

from __future__ import annotations

from iotjobs import Rollout, RolloutPreview


def preview() -> RolloutPreview:
    """The stages of an exponential rollout."""
    # --8<-- [start:preview]
    from iotjobs import Rollout

    rollout = Rollout.exponential(50, 2, notified_things=1000)
    plan = rollout.preview(10_000)
    for stage in plan.stages:
        cap = " (capped)" if stage.capped else ""
        print(f"minute {stage.start_minute:6.2f} to {stage.end_minute:6.2f}: "
              f"{stage.rate_per_minute:6.0f}/min{cap}, "
              f"{stage.notified:6,} notified")
    print(f"all {plan.total_things:,} notified after {plan.minutes} minutes")
    assert plan.minutes == 43.75
    assert plan.notified_at(30) == 2000
    assert plan.minute_when(5000) == 38.75
    # --8<-- [end:preview]
    return plan


def succeeded() -> RolloutPreview:
    """A succeeded criterion needs assumptions; they are explicit and kept on the preview."""
    # --8<-- [start:succeeded]
    rollout = Rollout.exponential(50, 2, succeeded_things=1000)
    # 90% of targets succeed, 10 minutes after their notification.
    plan = rollout.preview(10_000, success_rate=0.9, execution_minutes=10)
    assert plan.criterion == "succeeded"
    assert plan.success_rate == 0.9
    print(f"succeeded criterion: all notified after {plan.minutes:.2f} "
          f"minutes, in {len(plan.stages)} stages")
    # Cost depends on the number of stages, not of targets:
    # a billion targets preview as fast.
    big = rollout.preview(10**9, success_rate=0.9, execution_minutes=10)
    print(f"10**9 targets: {big.minutes / 60 / 24:.1f} days, "
          "mostly at the cap of 1000/min")
    # --8<-- [end:succeeded]
    return plan


def abort_evaluation() -> None:
    """Which criterion would cancel a job, given its execution counts."""
    # --8<-- [start:abort]
    from iotjobs import FAILED, TIMED_OUT, Abort, JobProcessDetails

    policy = Abort.when(FAILED, 20, min_executed_things=100).or_when(
        TIMED_OUT, 50, min_executed_things=200
    )
    # 90 completed: too few to judge.
    early = JobProcessDetails(succeeded=60, failed=30, in_progress=500)
    assert policy.first_triggered(early) is None
    # 105 completed, 23.8% failed.
    later = JobProcessDetails(succeeded=80, failed=25, in_progress=400)
    assert policy.first_triggered(later) == policy.criteria[0]
    print(f"cancel: {policy.first_triggered(later)}")
    # --8<-- [end:abort]


def main() -> int:
    """Print the previews and the abort decision."""
    preview()
    succeeded()
    abort_evaluation()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
