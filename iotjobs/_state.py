"""AWS's documented rules about a job's state: what an UpdateJob may change, given the job as it is now.

The builders check each setting on its own; some rules depend on the job being updated, so they need the job's
current `Job` (from DescribeJob). This module is pure (no boto3, nothing sent): a caller who has the current job
(``JobsClient.update_job(update, current=job)``, the CLI's ``--plan``) checks the update before sending it.

* **Retries** (AWS IoT Developer Guide, "Job configurations", job-configurations-api.html, and the console page
  job-configurations-console.html): after a job is created, its number of retries cannot be changed; the only
  change allowed is setting the number of retries to 0 through UpdateJob or the console. So a
  ``jobExecutionsRetryConfig`` in an update must have ``numberOfRetries`` 0 for every failure type. Resending the
  job's current retry config unchanged (``job.to_update()`` carries it) changes nothing and is allowed. AWS
  answers a refused update with InvalidRequestException (the error UpdateJob declares for an invalid request).
* **In-progress timeout**: not a refusal. The Developer Guide says the timer "can be updated until the job
  execution starts" and is fixed once it runs (jobs-configurations-details.html), and a new ``timeoutConfig``
  applies only to executions that newly enter IN_PROGRESS (jobs-management-control-api.html): AWS accepts the
  update, and executions already in progress keep their timer. `state_notes` says so when it matters.
"""

from __future__ import annotations

from iotjobs._errors import FieldError, ValidationError
from iotjobs._job import Job
from iotjobs._retry import Retry
from iotjobs._update import JobUpdate

__all__ = ["check_update_against", "state_notes", "state_problems"]

RETRY_SOURCE = "AWS IoT Developer Guide, Job configurations (job-configurations-api.html)"
TIMEOUT_SOURCE = "AWS IoT Developer Guide, Jobs management and control (jobs-management-control-api.html)"


def _retry_counts(retry: Retry | None) -> dict[str, int]:
    """``{failureType: numberOfRetries}`` of a retry config; ``{}`` when there is none."""
    if retry is None:
        return {}
    return {str(criterion.failure_type.value): criterion.number_of_retries for criterion in retry.criteria}


def _describe_retries(counts: dict[str, int]) -> str:
    if not counts:
        return "no retry config"
    return ", ".join(f"{failure_type}: {count}" for failure_type, count in counts.items())


def state_problems(job: Job, update: JobUpdate) -> list[FieldError]:
    """Return what AWS would refuse in ``update`` given the current ``job`` (an empty list when nothing).

    Each `FieldError` names the member (its botocore path), the value, the rule and the AWS document.
    """
    problems: list[FieldError] = []
    if update.job_id != job.job_id:
        problems.append(
            FieldError(
                "jobId",
                update.job_id,
                f"the update is for job {update.job_id!r} but the current job given is {job.job_id!r}: "
                "check an update against the job it changes",
            )
        )
        return problems
    if update.retry is not None:
        sent = _retry_counts(update.retry)
        current = _retry_counts(job.retry)
        if sent != current and any(count != 0 for count in sent.values()):
            for index, criterion in enumerate(update.retry.criteria):
                if criterion.number_of_retries == 0:
                    continue
                problems.append(
                    FieldError(
                        f"jobExecutionsRetryConfig.criteriaList[{index}].numberOfRetries",
                        criterion.number_of_retries,
                        f"after a job is created AWS IoT lets UpdateJob set its number of retries only to 0 "
                        f"(job {job.job_id!r} has {_describe_retries(current)}; this {criterion.failure_type.value} "
                        f"criterion asks for {criterion.number_of_retries}): send numberOfRetries=0 for every "
                        f"failure type, or leave jobExecutionsRetryConfig out ({RETRY_SOURCE})",
                    )
                )
    return problems


def check_update_against(job: Job, update: JobUpdate, *, where: str = "JobUpdate") -> None:
    """Raise `ValidationError` (every problem of `state_problems`) if AWS would refuse ``update`` for ``job``.

    ``where`` names the call in the error's header line (e.g. ``JobsClient.update_job``).
    """
    problems = state_problems(job, update)
    if problems:
        raise ValidationError(problems, f"{where} (checked against job {job.job_id!r} as it is now)")


def state_notes(job: Job, update: JobUpdate) -> list[str]:
    """Return what ``update`` will not change at once, though AWS accepts it (for a plan; never an error).

    Today: a new in-progress timeout while executions are IN_PROGRESS applies only to executions that start
    after the update.
    """
    notes: list[str] = []
    if update.timeout is not None and update.timeout != job.timeout and job.process.in_progress > 0:
        old = "no timeout" if job.timeout is None else f"{job.timeout.in_progress_minutes} minutes"
        notes.append(
            f"timeoutConfig.inProgressTimeoutInMinutes = {update.timeout.in_progress_minutes}: applies only to "
            f"executions that enter IN_PROGRESS after the update; the {job.process.in_progress} in progress keep "
            f"{old} ({TIMEOUT_SOURCE})"
        )
    return notes
