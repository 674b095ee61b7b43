"""iotjobs quickstart: build a staged update, send it, read the job back.

By default everything runs against an embedded local AWS IoT endpoint (no AWS account needed)::

    python examples/quickstart.py

Against a real account, name an existing job and where it lives (nothing is ever sent to AWS by default)::

    python examples/quickstart.py --job-id my-job --region eu-west-1 [--profile prod] [--endpoint-url URL]
"""

from __future__ import annotations

import argparse
import contextlib
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
        # AWS lets an update keep the retries a job was created with (or set them to 0), not raise them.
        retry=RETRY,
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--job-id", default="quickstart-fw-21", help="the job to update (must exist on AWS)")
    parser.add_argument("--endpoint-url", help="send to this endpoint instead of the local one")
    parser.add_argument("--region", help="use AWS in this region instead of the local endpoint")
    parser.add_argument("--profile", help="use this AWS CLI profile instead of the local endpoint")
    args = parser.parse_args(argv)

    try:
        update = staged_update(args.job_id)
    except ValidationError as error:
        print(error, file=sys.stderr)
        return 2
    remote = args.endpoint_url or args.region or args.profile
    context = (
        contextlib.nullcontext(
            JobsClient(region_name=args.region, profile_name=args.profile, endpoint_url=args.endpoint_url)
        )
        if remote
        else _local_client(args.job_id)
    )
    with context as client:
        print("sending UpdateJob:", update.to_botocore())
        client.update_job(update)
        print(summary(client.describe_job(args.job_id)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
