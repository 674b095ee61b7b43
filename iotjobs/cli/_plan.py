"""``--plan``: what an UpdateJob would change in the job DescribeJob returned, field by field.

Both sides are compiled by the builders (`to_botocore`), so numbers compare as AWS stores them (``20`` and
``20.0`` are the same threshold). A config that is sent replaces the stored one as a whole (the spec's reading of
PATCH): a field the job has and the new config lacks is shown as removed.

::

    Plan for update-job fw-42 (job status IN_PROGRESS); nothing was sent.
      ~ jobExecutionsRolloutConfig.maximumPerMinute: 100 -> 500
      + timeoutConfig.inProgressTimeoutInMinutes: 60
      = description: "Firmware 1.2"
        abortConfig: unchanged (not sent)
    1 to change, 1 to add, 0 to remove, 1 unchanged; 1 member not sent.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from iotjobs._job import Job
from iotjobs._update import JobUpdate
from iotjobs.cli._argmodel import get_operation

__all__ = ["current_settings", "render_plan"]


def current_settings(job: Job) -> dict[str, Any]:
    """The job's updatable settings as UpdateJob members (without re-validating what AWS already accepted)."""
    settings: dict[str, Any] = {}
    if job.description is not None:
        settings["description"] = job.description
    configs = (
        ("presignedUrlConfig", job.presigned_url),
        ("jobExecutionsRolloutConfig", job.rollout),
        ("abortConfig", job.abort),
        ("timeoutConfig", job.timeout),
        ("jobExecutionsRetryConfig", job.retry),
    )
    for name, builder in configs:
        if builder is not None:
            settings[name] = builder.to_botocore()
    if job.namespace_id is not None:
        settings["namespaceId"] = job.namespace_id
    return settings


def _leaves(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    """``(path, scalar)`` for every scalar under ``value``: ``abortConfig.criteriaList[0].action``."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from _leaves(item, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _leaves(item, f"{path}[{index}]")
    else:
        yield path, value


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _notes(update: JobUpdate, job: Job) -> list[str]:
    """What AWS documents about changing these settings on an existing job."""
    notes = []
    retry = update.retry
    if retry is not None and retry != job.retry and any(c.number_of_retries for c in retry.criteria):
        notes.append(
            "note: AWS IoT documents that a job's number of retries cannot be changed after creation, "
            "except to 0 (AWS IoT Developer Guide, Job configurations)"
        )
    if update.timeout is not None and update.timeout != job.timeout:
        notes.append("note: a new timeoutConfig applies only to executions that start after the update")
    status = getattr(job.status, "value", job.status)
    if status in ("COMPLETED", "CANCELED", "DELETION_IN_PROGRESS"):
        notes.append(f"note: the job is {status}; AWS IoT will probably reject an update")
    return notes


def render_plan(update: JobUpdate, job: Job) -> str:
    """The plan as text: one line per field the update sets, then the members it leaves alone."""
    new = dict(update.to_botocore())
    old = current_settings(job)
    status = getattr(job.status, "value", job.status) or "unknown"
    lines = [f"Plan for update-job {update.job_id} (job status {status}); nothing was sent."]
    counts = {"~": 0, "+": 0, "-": 0, "=": 0}
    not_sent: list[str] = []
    for member in get_operation("UpdateJob").members:
        name = member.name
        if name == "jobId":
            continue
        if name not in new:
            not_sent.append(name)
            continue
        before = dict(_leaves(old[name], name)) if name in old else {}
        after = dict(_leaves(new[name], name))
        for path, value in after.items():
            if path not in before:
                sign, text = "+", _show(value)
            elif before[path] == value:
                sign, text = "=", _show(value)
            else:
                sign, text = "~", f"{_show(before[path])} -> {_show(value)}"
            counts[sign] += 1
            lines.append(f"  {sign} {path}: {text}")
        for path, value in before.items():
            if path not in after:
                counts["-"] += 1
                lines.append(f"  - {path}: {_show(value)} (the new {name} replaces the stored one as a whole)")
    lines.extend(f"    {name}: unchanged (not sent)" for name in not_sent)
    members = "1 member" if len(not_sent) == 1 else f"{len(not_sent)} members"
    lines.append(
        f"{counts['~']} to change, {counts['+']} to add, {counts['-']} to remove, {counts['=']} unchanged; "
        f"{members} not sent."
    )
    lines.extend(_notes(update, job))
    return "\n".join(lines) + "\n"
