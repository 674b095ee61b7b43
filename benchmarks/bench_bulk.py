"""Benchmark: bulk-update 100 jobs at the account's API quota, against a local endpoint that throttles like AWS.

Run with ``python benchmarks/bench_bulk.py`` (about a minute), or as the optional case of the suite:
``python benchmarks/run.py --cases bulk``. It needs the ``local`` extra (moto). Not part of the unit tests.

The endpoint is ``iotjobs.testing.local_iot(throttle_above=10, latency=0.15)``: a token bucket of 10 requests/s
(the historical control-plane quota of UpdateJob, limits-iot.md "AWS IoT Throttling Limits") and 150 ms per
request. Nothing can update 100 jobs faster than the quota floor, 100 / 10 = 10 s; the target is
``JobsClient.update_jobs`` within 1.15x of it with no failure surfaced. Beside it, on fresh endpoints:

* a sequential boto3 loop (``for u in updates: client.update_job(**u)``): never throttled, latency-bound;
* a threaded boto3 loop (16 threads, no limiter): as fast as the endpoint lets it, so it meets throttling;
  botocore's standard retry mode absorbs some and the rest surface as errors.

Each prints its wall time, the ratio to the floor, the throttled answers the endpoint gave, and the failures.
"""

from __future__ import annotations

import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, NamedTuple

JOBS = 100
QUOTA = 10.0  # requests per second
LATENCY = 0.15  # seconds per request
TARGET_RATIO = 1.15
THREADS = 16

try:
    import iotjobs  # noqa: F401
except ImportError:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


class Outcome(NamedTuple):
    name: str
    seconds: float
    throttled: int  # throttled answers the endpoint gave
    failures: int  # errors that reached the caller

    @property
    def ratio(self) -> float:
        return self.seconds / (JOBS / QUOTA)


def _endpoint() -> Any:
    from iotjobs.testing import local_iot

    return local_iot(throttle_above=QUOTA, latency=LATENCY)


def _setup(iot: Any) -> list[str]:
    """Create the jobs (the endpoint throttles these too: the burst is spent, then wait a second to refill)."""
    boto = iot.boto3_client()
    arn = boto.create_thing(thingName="thing-1")["thingArn"]
    ids = [f"bench-job-{i}" for i in range(JOBS)]
    for job_id in ids:
        boto.create_job(jobId=job_id, targets=[arn], document="{}")
    time.sleep(1.0 + 1.0 / QUOTA)  # let the endpoint's bucket fill up again
    return ids


def _requests(ids: list[str]) -> list[dict[str, Any]]:
    return [{"jobId": job_id, "timeoutConfig": {"inProgressTimeoutInMinutes": 30}} for job_id in ids]


def run_iotjobs() -> Outcome:
    from iotjobs import JobsClient, JobUpdate

    with _endpoint() as iot:
        ids = _setup(iot)
        client = JobsClient(boto3_client=iot.boto3_client(), max_requests_per_second=QUOTA)
        updates = [JobUpdate.from_botocore(request) for request in _requests(ids)]
        before = iot.traffic.throttled
        start = time.perf_counter()
        result = client.update_jobs(updates)
        seconds = time.perf_counter() - start
        return Outcome("iotjobs update_jobs", seconds, iot.traffic.throttled - before, len(result.failed))


def run_boto3_sequential() -> Outcome:
    with _endpoint() as iot:
        ids = _setup(iot)
        boto = iot.boto3_client()
        before = iot.traffic.throttled
        failures = 0
        start = time.perf_counter()
        for request in _requests(ids):
            try:
                boto.update_job(**request)
            except Exception:
                failures += 1
        seconds = time.perf_counter() - start
        return Outcome("boto3 sequential loop", seconds, iot.traffic.throttled - before, failures)


def run_boto3_threaded() -> Outcome:
    from botocore.config import Config

    with _endpoint() as iot:
        ids = _setup(iot)
        # What a careful user writes: standard retry mode, which retries throttling with backoff.
        from iotjobs.testing._local import _hermetic_boto3_session

        boto = _hermetic_boto3_session().client(
            "iot", region_name=iot.region_name, endpoint_url=iot.endpoint_url,
            config=Config(retries={"mode": "standard"}, max_pool_connections=THREADS),
            aws_access_key_id="testing", aws_secret_access_key="testing", aws_session_token="testing",
        )
        before = iot.traffic.throttled

        def send(request: dict[str, Any]) -> int:
            try:
                boto.update_job(**request)
            except Exception:
                return 1
            return 0

        start = time.perf_counter()
        with ThreadPoolExecutor(THREADS) as pool:
            failures = sum(pool.map(send, _requests(ids)))
        seconds = time.perf_counter() - start
        return Outcome(f"boto3 {THREADS} threads (standard retries)", seconds, iot.traffic.throttled - before,
                       failures)


def measure() -> list[Outcome]:
    return [run_iotjobs(), run_boto3_sequential(), run_boto3_threaded()]


def render(outcomes: list[Outcome]) -> str:
    floor = JOBS / QUOTA
    lines = [f"bulk: update {JOBS} jobs; endpoint throttles above {QUOTA:g}/s, {LATENCY * 1e3:.0f} ms per request; "
             f"quota floor {floor:.1f} s"]
    width = max(len(o.name) for o in outcomes)
    lines.append(f"  {'contender':<{width}}  {'wall':>8}  {'/ floor':>7}  {'throttled':>9}  failures")
    for o in outcomes:
        lines.append(f"  {o.name:<{width}}  {o.seconds:7.2f}s  {o.ratio:6.2f}x  {o.throttled:9d}  {o.failures}")
    return "\n".join(lines)


def passed(outcomes: list[Outcome]) -> bool:
    ours = outcomes[0]
    return ours.ratio <= TARGET_RATIO and ours.failures == 0


def main() -> int:
    outcomes = measure()
    print(render(outcomes))
    ours = outcomes[0]
    verdict = "PASS" if passed(outcomes) else "FAIL"
    print(f"  update_jobs / floor = {ours.ratio:.2f}x (target <= {TARGET_RATIO}x), failures surfaced: "
          f"{ours.failures} (target 0): {verdict}")
    return 0 if passed(outcomes) else 1


if __name__ == "__main__":
    raise SystemExit(main())
