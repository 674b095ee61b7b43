"""Testing code that uses iotjobs: the pytest fixtures, ``local_iot()``, ``make_job()`` and the strategies.

This file is a pytest module such as you would write in your own project (it needs ``iotjobs[local]``, pytest and
hypothesis). Run it with ``python -m pytest examples/testing_fixtures.py``, or ``python examples/testing_fixtures.py``,
which does the same. The docs' Testing page shows its sections, and ``tests/test_examples.py`` runs it.
"""

from __future__ import annotations

import subprocess
import sys

# --8<-- [start:imports]
from hypothesis import given

from iotjobs import (
    FAILED,
    Abort,
    Job,
    JobProcessDetails,
    JobsClient,
    JobStatus,
    JobUpdate,
    Rollout,
    Timeout,
)
from iotjobs.testing import LocalIot, local_iot, make_job
from iotjobs.testing.strategies import job_updates, rollouts

# --8<-- [end:imports]


# --8<-- [start:fixtures]
def test_rollout_update(
    iot_endpoint: LocalIot, iot_jobs_client: JobsClient
) -> None:
    """Each test gets a fresh local endpoint, and a JobsClient on it."""
    iot_endpoint.create_job("job-1")  # a thing, and a job targeting it
    iot_jobs_client.update_job("job-1", rollout=Rollout.constant(50))
    job = iot_jobs_client.describe_job("job-1")
    assert job.rollout == Rollout.constant(50)
# --8<-- [end:fixtures]


# --8<-- [start:local-iot]
def test_code_that_uses_plain_boto3() -> None:
    """``local_iot()`` without the fixtures: any SDK can use it."""
    with local_iot() as iot:
        timeout = {"inProgressTimeoutInMinutes": 30}
        iot.create_job("job-2", timeoutConfig=timeout)
        # Dummy credentials: your AWS configuration is never read.
        boto3_iot = iot.boto3_client()
        update = JobUpdate("job-2", timeout=Timeout.minutes(45))
        boto3_iot.update_job(**update.to_botocore())
        job = iot.client().describe_job("job-2")
        assert job.timeout == Timeout.minutes(45)
# --8<-- [end:local-iot]


# --8<-- [start:make-job]
def should_pause(job: Job) -> bool:
    """The code under test: pause a job whose abort policy would fire."""
    if job.status is not JobStatus.IN_PROGRESS or job.abort is None:
        return False
    return job.abort.first_triggered(job.process) is not None


def test_should_pause() -> None:
    """``make_job`` builds a realistic `Job`, no endpoint needed."""
    abort = Abort.when(FAILED, 25, min_executed_things=10)
    bad = JobProcessDetails(succeeded=6, failed=4)
    good = JobProcessDetails(succeeded=9, failed=1)
    assert should_pause(make_job("job-3", abort=abort, process=bad))
    assert not should_pause(make_job("job-3", abort=abort, process=good))
    done = make_job("job-3", status=JobStatus.COMPLETED, abort=abort)
    assert not should_pause(done)
# --8<-- [end:make-job]


# --8<-- [start:strategies]
@given(job_updates())
def test_every_valid_update_survives_the_wire(update: JobUpdate) -> None:
    """The strategies draw valid builders, at and near every bound."""
    assert JobUpdate.from_botocore(update.to_botocore()) == update


@given(rollouts())
def test_a_preview_notifies_every_target(rollout: Rollout) -> None:
    """Property tests of your code get every rollout AWS accepts."""
    assert rollout.preview(5_000).stages[-1].notified == 5_000
# --8<-- [end:strategies]


def main() -> int:
    """Run this module with pytest, as ``python -m pytest examples/testing_fixtures.py`` does."""
    return subprocess.call([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", __file__])


if __name__ == "__main__":
    raise SystemExit(main())
