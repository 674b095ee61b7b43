"""iotjobs quickstart: build a staged update, send it, read the job back.

By default everything runs against an embedded local AWS IoT endpoint (no AWS account needed)::

    python examples/quickstart.py

Against a real account, name an existing job and where it lives (nothing is ever sent to AWS by default)::

    python examples/quickstart.py --job-id my-job --region eu-west-1 [--profile prod] [--endpoint-url URL]

It then changes that job's rollout, abort and timeout configs. So it first prints the request and where it goes,
and sends it only when you answer "y" on the terminal; ``--yes`` sends without asking. Without a terminal to ask
on (a pipe, CI), it sends nothing unless ``--yes`` is given.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterator, Sequence

from iotjobs import (
    FAILED,
    TIMED_OUT,
    Abort,
    Job,
    JobsClient,
    JobUpdate,
    Retry,
    Rollout,
    Timeout,
    ValidationError,
)

RETRY = Retry.on(FAILED, 3).and_on(TIMED_OUT, 2)


def staged_update(job_id: str) -> JobUpdate:
    """The update the quickstart sends: every setting is checked against AWS's limits as it is built."""
    return JobUpdate(
        job_id,
        description="Firmware 2.1: staged rollout",
        # 50 devices a minute, doubling every 1,000 notified devices, never above 500 a minute.
        rollout=Rollout.exponential(50, 2, notified_things=1000, maximum_per_minute=500),
        # Cancel when 10.5% of at least 100 finished executions failed, or 20% of at least 200 timed out.
        abort=Abort.when(FAILED, 10.5, min_executed_things=100).or_when(TIMED_OUT, 20, min_executed_things=200),
        timeout=Timeout.minutes(60),
        # No retry config: after a job is created, AWS accepts only 0 retries in an update.
    )


def summary(job: Job) -> str:
    """A few readable lines about a job."""
    lines = [f"job {job.job_id}: {job.status}, {len(job.targets)} target(s)"]
    if job.description:
        lines.append(f"  description: {job.description}")
    if job.rollout is not None:
        r = job.rollout
        if r.is_exponential:
            lines.append(
                f"  rollout: {r.base_rate_per_minute}/min x{r.increment_factor} every "
                f"{r.notified_things} notified, at most {r.maximum_per_minute or 1000}/min"
            )
        else:
            lines.append(f"  rollout: at most {r.maximum_per_minute}/min")
    if job.abort is not None:
        for c in job.abort.criteria:
            lines.append(
                f"  abort: cancel at {c.threshold_percentage}% {c.failure_type} "
                f"(after {c.min_executed_things} finished)"
            )
    if job.timeout is not None:
        lines.append(f"  timeout: {job.timeout.in_progress_minutes} min in progress")
    if job.retry is not None:
        lines.append("  retry: " + ", ".join(f"{c.failure_type} x{c.number_of_retries}" for c in job.retry.criteria))
    p = job.process
    lines.append(
        f"  executions: {p.succeeded} succeeded, {p.failed} failed, {p.queued} queued, {p.in_progress} running"
    )
    preview = job.rollout.preview(10_000) if job.rollout is not None else None
    if preview is not None:
        lines.append(f"  10,000 devices would all be notified after {preview.minutes:.2f} minutes")
    return "\n".join(lines)


@contextlib.contextmanager
def _local_client(job_id: str) -> Iterator[JobsClient]:
    from iotjobs.testing import local_iot

    with local_iot() as endpoint:
        print(f"local AWS IoT endpoint at {endpoint.endpoint_url}")
        # CreateJob shares UpdateJob's config shapes, so the builders serve it too.
        endpoint.create_job(job_id, thing_name="sensor-001", jobExecutionsRetryConfig=RETRY.to_botocore())
        yield endpoint.client()


def confirmed(update: JobUpdate, where: str, *, yes: bool) -> bool:
    """Show the request that would change a real job, and whether the user agrees to send it."""
    print(f"This changes the job {update.job_id!r} in {where}. The UpdateJob request:")
    print(json.dumps(update.to_botocore(), indent=2))
    if yes:
        return True
    if not sys.stdin.isatty():
        print("Not sent: no terminal to ask on. Run it again with --yes to send it.", file=sys.stderr)
        return False
    answer = input(f"Send it to {update.job_id!r}? [y/N] ")
    if answer.strip().lower() in ("y", "yes"):
        return True
    print("Not sent.", file=sys.stderr)
    return False


def _where(args: argparse.Namespace) -> str:
    """Where a real request goes, in words."""
    parts = [f"region {args.region}" if args.region else "your default region"]
    if args.profile:
        parts.append(f"profile {args.profile}")
    if args.endpoint_url:
        parts.append(f"endpoint {args.endpoint_url}")
    return "AWS IoT (" + ", ".join(parts) + ")"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--job-id", help="the job to update: required with AWS (default locally: quickstart-fw-21)")
    parser.add_argument("--endpoint-url", help="send to this endpoint instead of the local one")
    parser.add_argument("--region", help="use AWS in this region instead of the local endpoint")
    parser.add_argument("--profile", help="use this AWS CLI profile instead of the local endpoint")
    parser.add_argument("--yes", action="store_true", help="send to a real job without asking")
    args = parser.parse_args(argv)
    remote = args.endpoint_url or args.region or args.profile
    if remote and args.job_id is None:
        parser.error("--job-id is required with --region, --profile or --endpoint-url: name a job of yours")
    job_id: str = args.job_id or "quickstart-fw-21"

    try:
        update = staged_update(job_id)
    except ValidationError as error:
        print(error, file=sys.stderr)
        return 2
    if remote and not confirmed(update, _where(args), yes=args.yes):
        return 1
    context = (
        contextlib.nullcontext(
            JobsClient(region_name=args.region, profile_name=args.profile, endpoint_url=args.endpoint_url)
        )
        if remote
        else _local_client(job_id)
    )
    with context as client:
        if not remote:
            print("sending UpdateJob:", update.to_botocore())
        client.update_job(update)
        print(summary(client.describe_job(job_id)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
