"""``iotjobs watch-job``: a progress line for a running job, and an exit code for its outcome.

Each snapshot comes from `JobsClient.watch`. Three ways to show it:

- **On a terminal** one line is redrawn in place (``\\r``, padded with spaces over the previous line; no escape
  sequences). The line is fitted to the terminal's width, measured at every redraw: the least important parts
  are shortened or dropped first (`_fit`), so it never wraps.
- **Without a terminal** (CI logs, pipes) the full line is printed once per *change* of the job's status or
  counts, not once per look: a job that does not move adds nothing to the log.
- **``--output json``**: one JSON object per change (`json_record`), for log collectors.

The line shows the status, a bar of terminal / total executions, the counts by status, the rate at which
executions reached a terminal status over the last minute, and, when the job has a rollout config, the minutes
until every target is notified from the rollout preview.

No terminal library is used: a single line needs only ``\\r`` and the width from `shutil.get_terminal_size`,
and ``rich`` (the obvious candidate) would add ~40 ms of imports and three packages for it.
"""

from __future__ import annotations

import json
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from iotjobs._enums import JobStatus
from iotjobs.cli._errors import UsageError

if TYPE_CHECKING:
    from iotjobs._client import JobsClient
    from iotjobs._job import Job

__all__ = [
    "EXIT_CANCELED",
    "EXIT_COMPLETED",
    "EXIT_STILL_RUNNING",
    "INTERVAL_MAX",
    "INTERVAL_MIN",
    "TIMEOUT_MIN",
    "check_timing",
    "json_record",
    "outcome",
    "progress_line",
    "watch_job",
]

EXIT_COMPLETED = 0
"""The job reached COMPLETED."""
EXIT_CANCELED = 1
"""The job was canceled (by a user or an abort criterion) or is being deleted."""
EXIT_STILL_RUNNING = 2
"""``--timeout`` passed before the job reached a terminal status."""

# Our own bounds, not AWS's. DescribeJob is throttled per account (AWS IoT Core endpoints and quotas, "AWS IoT
# Jobs" API throttling limits), and a job's counts move in seconds at the fastest: one look a second is plenty.
# Above an hour the line is stale and the value is more likely milliseconds typed as seconds.
INTERVAL_MIN = 1.0
"""Fewest seconds between two looks (``--interval``)."""
INTERVAL_MAX = 3600.0
"""Most seconds between two looks (``--interval``)."""
TIMEOUT_MIN = 1.0
"""Fewest seconds ``--timeout`` accepts (leave ``--timeout`` out to wait until the job ends)."""

OUTPUTS = ("json", "text")
"""The ``--output`` values watch-job accepts."""

_BAR = 24
_RATE_WINDOW = 60.0  # seconds of looks the rate is measured over


def check_timing(interval: float, timeout: float | None, output: str | None = None) -> None:
    """Refuse a NaN, infinite, zero, negative or out-of-range ``--interval`` / ``--timeout`` and an ``--output``
    watch-job cannot print (`UsageError`, exit 252), before anything is sent."""
    if not math.isfinite(interval) or not INTERVAL_MIN <= interval <= INTERVAL_MAX:
        raise UsageError(f"--interval is {interval:g}: give the seconds between two looks, a number from "
                         f"{INTERVAL_MIN:g} to {INTERVAL_MAX:g}")
    if timeout is not None and (not math.isfinite(timeout) or timeout < TIMEOUT_MIN):
        raise UsageError(f"--timeout is {timeout:g}: give the seconds to wait, a number of at least "
                         f"{TIMEOUT_MIN:g} (leave --timeout out to wait until the job ends)")
    if output is not None and output not in OUTPUTS:
        raise UsageError(f"--output is {output}: watch-job prints a progress line (text, the default) or JSON "
                         "lines (json)")


def outcome(job: Job) -> int:
    """The exit code for the job's last status."""
    if job.status is JobStatus.COMPLETED:
        return EXIT_COMPLETED
    if job.status in (JobStatus.CANCELED, JobStatus.DELETION_IN_PROGRESS):
        return EXIT_CANCELED
    return EXIT_STILL_RUNNING


def _eta_minutes(job: Job) -> float | None:
    """Minutes until the rollout has notified every target, from the rollout preview (``None`` if unknown or
    the job has ended)."""
    total = max(job.process.total, len(job.targets))
    if job.rollout is None or total < 1 or getattr(job.status, "is_terminal", False):
        return None
    preview = job.rollout.preview(total)
    created = min(job.process.total, total)  # an execution exists once its target was notified
    return max(preview.minutes - preview.minute_when(created), 0.0)


# -- the line and how it shrinks ----------------------------------------------------------------------------

# (JobProcessDetails field, long label, short label, whether the status is terminal), in the order shown.
_COUNTS = (
    ("succeeded", "succeeded", "ok", True),
    ("failed", "failed", "failed", True),
    ("timed_out", "timed out", "timed out", True),
    ("rejected", "rejected", "rejected", True),
    ("canceled", "canceled", "canceled", True),
    ("removed", "removed", "removed", True),
    ("in_progress", "in progress", "running", False),
    ("queued", "queued", "queued", False),
)
_ALWAYS = ("succeeded", "failed")  # shown even at 0; the others only when not 0


@dataclass(frozen=True)
class _Shape:
    """How much of each part the line shows; the `_SHRINK` steps turn these knobs until the line fits."""

    job_id: bool = True
    bar: int = _BAR
    counts: str = "long"  # long, short, terminal, main (succeeded + failed), failed, none
    rate: bool = True
    eta: str = "long"  # long, short, none
    percent: bool = True


# Least important first. The status and done/total are never dropped.
_SHRINK: tuple[tuple[str, Any], ...] = (
    ("counts", "short"),
    ("counts", "terminal"),  # in progress + queued = total - done
    ("rate", False),
    ("job_id", False),  # the user typed it
    ("bar", 10),
    ("eta", "short"),
    ("bar", 0),
    ("counts", "main"),
    ("eta", "none"),
    ("counts", "failed"),
    ("percent", False),
    ("counts", "none"),
)


@dataclass(frozen=True)
class _Progress:
    job_id: str
    status: str
    done: int
    total: int
    counts: tuple[tuple[str, str, str, bool, int], ...]  # (field, long, short, terminal, value)
    rate: float | None
    eta: float | None

    @classmethod
    def of(cls, job: Job, rate_per_minute: float | None) -> _Progress:
        p = job.process
        counts = tuple((name, long, short, terminal, int(getattr(p, name))) for name, long, short, terminal in _COUNTS)
        return cls(job.job_id, str(job.status), p.completed, p.total, counts, rate_per_minute, _eta_minutes(job))

    def render(self, shape: _Shape) -> str:
        head = f"{self.job_id} {self.status}" if shape.job_id else self.status
        done = f"{self.done}/{self.total}"
        if shape.percent:
            done += f" ({100 * self.done // self.total}%)" if self.total else " (-)"  # 100% only when done
        if shape.bar:
            filled = shape.bar * self.done // self.total if self.total else 0
            done = f"[{'#' * filled}{'-' * (shape.bar - filled)}] {done}"
        parts = [f"{head} {done}"]
        counts = self._counts(shape.counts)
        if counts:
            parts.append(counts)
        if shape.rate and self.rate is not None:
            parts.append(f"{self.rate:.1f}/min")
        if shape.eta != "none" and self.eta is not None:
            if self.eta == 0:
                parts.append("rollout done")
            else:
                parts.append(f"rollout ETA {self.eta:.1f} min" if shape.eta == "long" else f"ETA {self.eta:.1f}m")
        return " | ".join(parts)

    def _counts(self, level: str) -> str:
        shown = []
        for name, long, short, terminal, value in self.counts:
            keep = {
                "long": True,
                "short": True,
                "terminal": terminal,
                "main": name in _ALWAYS,
                "failed": name == "failed",
                "none": False,
            }[level]
            if keep and (value or name in _ALWAYS):
                shown.append(f"{long if level == 'long' else short} {value}")
        return ", ".join(shown)


def _fit(render: Callable[[_Shape], str], width: int) -> str:
    """The richest rendering no wider than ``width`` - 1 columns (the last column is left free so that no
    terminal wraps); cut as a last resort.

    The `_SHRINK` steps are taken in turn until the line fits; then the steps taken are undone one by one, the
    most important first, where the room allows (a long job ID dropped early leaves room for the bar).
    """
    room = max(width - 1, 1)
    shapes = [_Shape()]
    for knob, value in _SHRINK:
        if len(render(shapes[-1])) <= room:
            break
        shapes.append(replace(shapes[-1], **{knob: value}))
    shape = shapes[-1]
    for taken in range(len(shapes) - 2, -1, -1):
        knob, value = _SHRINK[taken]
        if getattr(shape, knob) == value:  # not changed again by a later step
            undone = replace(shape, **{knob: getattr(shapes[taken], knob)})
            if len(render(undone)) <= room:
                shape = undone
    line = render(shape)
    if len(line) <= room:
        return line
    return line[: room - 3] + "..." if room > 8 else line[:room]


def progress_line(job: Job, rate_per_minute: float | None, width: int | None = None) -> str:
    """One line: status, a bar of terminal / total executions, counts by status, rate and rollout ETA.

    With ``width`` the line is shortened to fit a terminal that many columns wide (`_fit`); without it,
    the full line (for logs).
    """
    progress = _Progress.of(job, rate_per_minute)
    if width is None:
        return progress.render(_Shape())
    return _fit(progress.render, width)


def json_record(job: Job, rate_per_minute: float | None, at: datetime) -> str:
    """One JSON line for ``--output json``: time, job, status, counts, rate and rollout ETA."""
    p = job.process
    record = {
        "timestamp": at.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "jobId": job.job_id,
        "status": str(job.status),
        "completed": p.completed,
        "total": p.total,
        "counts": {
            "succeeded": p.succeeded, "failed": p.failed, "timedOut": p.timed_out, "rejected": p.rejected,
            "canceled": p.canceled, "removed": p.removed, "inProgress": p.in_progress, "queued": p.queued,
        },
        "ratePerMinute": None if rate_per_minute is None else round(rate_per_minute, 3),
        "etaMinutes": None if (eta := _eta_minutes(job)) is None else round(eta, 3),
    }
    return json.dumps(record, separators=(",", ":"))


# -- following the job --------------------------------------------------------------------------------------


class _Rate:
    """Executions that reached a terminal status per minute, over the looks of the last minute."""

    def __init__(self) -> None:
        self._looks: deque[tuple[float, int]] = deque()

    def add(self, now: float, completed: int) -> float | None:
        looks = self._looks
        while len(looks) > 1 and now - looks[1][0] >= _RATE_WINDOW:
            looks.popleft()  # keep one look at least a window old, so that the window is full
        looks.append((now, completed))
        first_time, first_done = looks[0]
        if now <= first_time:
            return None
        return (completed - first_done) / ((now - first_time) / 60)


def _terminal_width() -> int:
    import shutil

    return shutil.get_terminal_size().columns


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def watch_job(
    client: JobsClient,
    job_id: str,
    *,
    interval: float,
    timeout: float | None,
    write: Callable[[str], None],
    live: bool,
    clock: Callable[[], float] | None = None,
    output: str | None = None,
    width: Callable[[], int] = _terminal_width,
    now: Callable[[], datetime] = _utc_now,
) -> int:
    """Show the job's progress until it reaches a terminal status or ``timeout``; return the exit code.

    ``live`` (a terminal) redraws one line fitted to ``width()``; otherwise a line (or, with ``output="json"``,
    a JSON object) is written per change of the job's status or counts.
    """
    clock = clock or time.monotonic
    json_lines = output == "json"
    live = live and not json_lines
    rate = _Rate()
    last: Job | None = None
    shown: tuple[Any, ...] | None = None
    drawn = 0  # length of the line on the terminal
    try:
        for job in client.watch(job_id, interval=interval, timeout=timeout):
            per_minute = rate.add(clock(), job.process.completed)
            last = job
            if live:
                columns = width()
                line = progress_line(job, per_minute, width=columns)
                room = max(columns - 1, 1)
                write("\r" + line + " " * (min(drawn, room) - len(line)))
                drawn = len(line)
                continue
            key = (str(job.status), job.process)
            if key == shown:
                continue
            shown = key
            write((json_record(job, per_minute, now()) if json_lines else progress_line(job, per_minute)) + "\n")
    finally:
        if drawn:
            write("\n")
    assert last is not None  # watch() yields at least one snapshot
    return outcome(last)
