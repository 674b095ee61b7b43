"""``iotjobs watch-job``: a live progress line for a running job, and an exit code for its outcome.

Each snapshot comes from `JobsClient.watch`. On a terminal the line is redrawn in place; otherwise one line is
printed per snapshot (for logs). The line shows terminal / total executions as a bar, the counts by status, the
rate at which executions reached a terminal status since the previous snapshot, and, when the job has a rollout
config, the minutes until every target is notified from the rollout preview.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from iotjobs._enums import JobStatus

if TYPE_CHECKING:
    from iotjobs._client import JobsClient
    from iotjobs._job import Job

__all__ = ["EXIT_CANCELED", "EXIT_COMPLETED", "EXIT_STILL_RUNNING", "outcome", "progress_line", "watch_job"]

EXIT_COMPLETED = 0
"""The job reached COMPLETED."""
EXIT_CANCELED = 1
"""The job was canceled (by a user or an abort criterion) or is being deleted."""
EXIT_STILL_RUNNING = 2
"""``--timeout`` passed before the job reached a terminal status."""

_BAR = 24


def outcome(job: Job) -> int:
    """The exit code for the job's last status."""
    if job.status is JobStatus.COMPLETED:
        return EXIT_COMPLETED
    if job.status in (JobStatus.CANCELED, JobStatus.DELETION_IN_PROGRESS):
        return EXIT_CANCELED
    return EXIT_STILL_RUNNING


def _eta_minutes(job: Job) -> float | None:
    """Minutes until the rollout has notified every target, from the rollout preview (``None`` if unknown)."""
    total = max(job.process.total, len(job.targets))
    if job.rollout is None or total < 1:
        return None
    preview = job.rollout.preview(total)
    created = min(job.process.total, total)  # an execution exists once its target was notified
    return max(preview.minutes - preview.minute_when(created), 0.0)


def progress_line(job: Job, rate_per_minute: float | None) -> str:
    """One line: status, a bar of terminal / total executions, counts by status, rate and rollout ETA."""
    p = job.process
    done, total = p.completed, p.total
    filled = round(_BAR * done / total) if total else 0
    bar = "#" * filled + "-" * (_BAR - filled)
    percent = f"{100 * done / total:.0f}%" if total else "-"
    counts = (
        f"succeeded {p.succeeded}, failed {p.failed}, rejected {p.rejected}, timed out {p.timed_out}, "
        f"canceled {p.canceled}, removed {p.removed}, in progress {p.in_progress}, queued {p.queued}"
    )
    parts = [f"{job.job_id} {job.status}", f"[{bar}] {done}/{total} ({percent})", counts]
    if rate_per_minute is not None:
        parts.append(f"{rate_per_minute:.1f}/min")
    eta = _eta_minutes(job)
    if eta is not None:
        parts.append("rollout done" if eta == 0 else f"rollout ETA {eta:.1f} min")
    return " | ".join(parts)


def watch_job(
    client: JobsClient,
    job_id: str,
    *,
    interval: float,
    timeout: float | None,
    write: Callable[[str], None],
    live: bool,
    clock: Callable[[], float] = time.monotonic,
) -> int:
    """Show the job's progress until it reaches a terminal status or ``timeout``; return the exit code."""
    last: Job | None = None
    previous: tuple[float, int] | None = None
    for job in client.watch(job_id, interval=interval, timeout=timeout):
        now = clock()
        rate = None
        if previous is not None and now > previous[0]:
            rate = (job.process.completed - previous[1]) / ((now - previous[0]) / 60)
        previous = (now, job.process.completed)
        line = progress_line(job, rate)
        write(f"\r\x1b[2K{line}" if live else f"{line}\n")
        last = job
    if live:
        write("\n")
    assert last is not None  # watch() yields at least one snapshot
    return outcome(last)
