"""Misuse that mypy --strict must flag: every line with an E-comment must produce an error on that line."""

from __future__ import annotations

from iotjobs import FAILED, Abort, JobsClient, JobUpdate, Retry, Rollout, Timeout

Rollout.constant("100")  # E: a string where an int belongs
Rollout.exponential(50, "2", notified_things=10)  # E: a string where a float belongs
Timeout(60)  # E: in_progress_minutes is keyword-only
Timeout.minutes(in_progress=5)  # E: no such parameter
JobUpdate("j", rollout=Abort.when(FAILED, 10))  # E: the wrong builder in the rollout slot
JobUpdate("j", abort=Retry.on(FAILED, 1))  # E: the wrong builder in the abort slot
JobUpdate("j", "description")  # E: settings are keyword-only
Abort.when(FAILED, 10, 5)  # E: min_executed_things is keyword-only
JobsClient("us-east-1")  # E: every client option is keyword-only
JobsClient().update_job(JobUpdate("j"), rollout=Rollout.constant(1))  # E: a JobUpdate and keywords
JobUpdate("j").rollout = Rollout.constant(1)  # E: builders are immutable
