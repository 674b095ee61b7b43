"""``--plan``: what an UpdateJob would change in the job DescribeJob returned, field by field.

Both sides are compiled by the builders (`to_botocore`), so numbers compare as AWS stores them (``20`` and
``20.0`` are the same threshold). A config that is sent replaces the stored one as a whole (the spec's reading of
PATCH): a field the job has and the new config lacks is shown as removed. A stored config this version of
iotjobs cannot read (`Job` reads it as ``None`` and keeps it in ``job.raw``) is compared as stored and marked
replaced, never shown as absent.

:func:`plan` returns the changes as data (for ``--output`` and ``--query``); :func:`render_plan` as text.

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

__all__ = ["current_settings", "format_plan", "plan", "render_plan", "unreadable_configs"]


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
    """What AWS documents about changing these settings on an existing job (`iotjobs._state`)."""
    from iotjobs._state import state_notes, state_problems

    notes = [f"refused: AWS IoT would reject this update: {problem}" for problem in state_problems(job, update)]
    notes += [f"note: {note}" for note in state_notes(job, update)]
    if update.timeout is not None and update.timeout != job.timeout and not state_notes(job, update):
        notes.append("note: a new timeoutConfig applies only to executions that start after the update")
    status = getattr(job.status, "value", job.status)
    if status in ("COMPLETED", "CANCELED", "DELETION_IN_PROGRESS"):
        notes.append(f"note: the job is {status}; AWS IoT will probably reject an update")
    return notes


def unreadable_configs(job: Job) -> dict[str, Any]:
    """The stored configs iotjobs could not read (``None`` on the `Job`, present and not empty in ``job.raw``)."""
    configs = {
        "presignedUrlConfig": job.presigned_url,
        "jobExecutionsRolloutConfig": job.rollout,
        "abortConfig": job.abort,
        "timeoutConfig": job.timeout,
        "jobExecutionsRetryConfig": job.retry,
    }
    return {name: job.raw[name] for name, builder in configs.items() if builder is None and job.raw.get(name)}


_ACTIONS = {"~": "change", "+": "add", "-": "remove", "=": "unchanged"}


def plan(update: JobUpdate, job: Job) -> dict[str, Any]:
    """What the update would change, as data: one entry per field it sets, the members it does not send, the
    configs replaced although unreadable, the counts and the notes."""
    new = dict(update.to_botocore())
    old = current_settings(job)
    unreadable = unreadable_configs(job)
    changes: list[dict[str, Any]] = []
    not_sent: list[str] = []
    replaced: list[str] = []
    for member in get_operation("UpdateJob").members:
        name = member.name
        if name == "jobId":
            continue
        if name not in new:
            not_sent.append(name)
            continue
        if name in unreadable:
            replaced.append(name)
        stored = old.get(name, unreadable.get(name))
        before = dict(_leaves(stored, name)) if stored is not None else {}
        after = dict(_leaves(new[name], name))
        for path, value in after.items():
            if path not in before:
                changes.append({"action": "add", "path": path, "new": value})
            elif before[path] == value:
                changes.append({"action": "unchanged", "path": path, "new": value})
            else:
                changes.append({"action": "change", "path": path, "old": before[path], "new": value})
        changes.extend({"action": "remove", "path": path, "old": value, "replacedBy": name}
                       for path, value in before.items() if path not in after)
    counts = {action: sum(1 for change in changes if change["action"] == action) for action in _ACTIONS.values()}
    return {
        "jobId": update.job_id,
        "jobStatus": getattr(job.status, "value", job.status),
        "changes": changes,
        "replacedUnreadable": replaced,
        "notSent": not_sent,
        "counts": counts,
        "pending": bool(counts["change"] or counts["add"] or counts["remove"] or replaced),
        "notes": _notes(update, job),
    }


def render_plan(update: JobUpdate, job: Job) -> str:
    """The plan as text: one line per field the update sets, then the members it leaves alone."""
    return format_plan(plan(update, job))


def format_plan(data: Mapping[str, Any]) -> str:
    """:func:`plan`'s data as the text ``--plan`` prints."""
    status = data["jobStatus"] or "unknown"
    lines = [f"Plan for update-job {data['jobId']} (job status {status}); nothing was sent."]
    signs = {action: sign for sign, action in _ACTIONS.items()}
    for name in data["replacedUnreadable"]:
        lines.append(f"  ~ {name}: replaced (iotjobs cannot read the stored {name}; compared as stored below)")
    for change in data["changes"]:
        sign = signs[change["action"]]
        if change["action"] == "change":
            text = f"{_show(change['old'])} -> {_show(change['new'])}"
        elif change["action"] == "remove":
            text = f"{_show(change['old'])} (the new {change['replacedBy']} replaces the stored one as a whole)"
        else:
            text = _show(change["new"])
        lines.append(f"  {sign} {change['path']}: {text}")
    not_sent = data["notSent"]
    lines.extend(f"    {name}: unchanged (not sent)" for name in not_sent)
    members = "1 member" if len(not_sent) == 1 else f"{len(not_sent)} members"
    counts = data["counts"]
    replaced = f"{len(data['replacedUnreadable'])} unreadable replaced, " if data["replacedUnreadable"] else ""
    lines.append(
        f"{counts['change']} to change, {counts['add']} to add, {counts['remove']} to remove, "
        f"{replaced}{counts['unchanged']} unchanged; {members} not sent."
    )
    lines.extend(data["notes"])
    return "\n".join(lines) + "\n"
