"""JobsClient: send a JobUpdate, read the Job back, handle AWS's errors.

Run it with ``python examples/client.py`` (needs ``iotjobs[local]``): everything runs against the embedded local
AWS IoT endpoint, with no AWS account and no network. The docs' Client page shows its sections, and
``tests/test_examples.py`` runs it.
"""

from __future__ import annotations

from iotjobs import JobsClient


def construct() -> JobsClient:
    """The ways to make a client (none of them sends anything)."""
    # --8<-- [start:construct]
    from botocore.config import Config

    from iotjobs import JobsClient

    # boto3's default session, botocore's standard retry mode:
    client = JobsClient(region_name="eu-west-1")
    # Your own botocore config is merged in: standard retries stay,
    # unless you name another mode.
    config = Config(connect_timeout=5, retries={"max_attempts": 5})
    client = JobsClient(region_name="eu-west-1", boto_config=config)
    # Wrap a boto3 "iot" client you already have, used as is:
    client = JobsClient(boto3_client=client.boto3_client)
    # --8<-- [end:construct]
    return client


def round_trip(client: JobsClient) -> None:
    """Update a job, read it back, change one setting."""
    # --8<-- [start:update]
    from iotjobs import FAILED, Abort, JobUpdate, Rollout, Timeout

    update = JobUpdate(
        "fw-42",
        rollout=Rollout.exponential(
            50, 2, notified_things=1000, maximum_per_minute=500
        ),
        abort=Abort.when(FAILED, 10.5, min_executed_things=100),
    )
    # PATCH /jobs/fw-42, with only these two configs in the body:
    client.update_job(update)
    # The keyword form, for JobUpdate("fw-42", timeout=...):
    client.update_job("fw-42", timeout=Timeout.minutes(60))
    # --8<-- [end:update]

    # --8<-- [start:describe]
    job = client.describe_job("fw-42")
    # The configs read back as the same builders:
    assert job.rollout == update.rollout
    assert job.timeout == Timeout.minutes(60)
    print(job.job_id, job.status, job.process.total, "execution(s)")
    # --8<-- [end:describe]

    # --8<-- [start:to-update]
    from iotjobs import Rollout

    slower = job.to_update().with_rollout(Rollout.constant(10))
    client.update_job(slower)
    assert client.describe_job("fw-42").rollout == Rollout.constant(10)
    # --8<-- [end:to-update]


def service_errors(client: JobsClient) -> None:
    """AWS's errors, typed."""
    # --8<-- [start:errors]
    from botocore.exceptions import ClientError

    from iotjobs import IotJobsError, JobNotFoundError, ServiceError, Timeout

    try:
        client.describe_job("no-such-job")
    except JobNotFoundError as error:  # ResourceNotFoundException
        print(error.code, error.operation, error.status_code)
        # botocore's original error, with AWS's whole response:
        if isinstance(error.__cause__, ClientError):
            response = error.__cause__.response
            print(response["ResponseMetadata"]["HTTPStatusCode"])
    try:
        client.update_job("no-such-job", timeout=Timeout.minutes(5))
    except ServiceError as error:  # any service error: JobNotFoundError, ...
        print(error)  # code, operation, AWS's message and the request id
    try:
        client.describe_job("not a job id")
    except IotJobsError as error:  # all iotjobs raises; here a ValidationError
        print(error)  # nothing was sent
    # --8<-- [end:errors]


def main() -> int:
    """Run the samples against a local endpoint."""
    construct()
    # --8<-- [start:local]
    import contextlib

    from iotjobs.testing import local_iot

    endpoints = contextlib.ExitStack()  # closing it stops the endpoint
    # A local AWS IoT endpoint: moto's server, in this Python process.
    iot = endpoints.enter_context(local_iot())
    iot.create_job("fw-42")  # a thing, and a job targeting it
    client = iot.client()  # a JobsClient bound to the local endpoint
    # --8<-- [end:local]
    try:
        round_trip(client)
        service_errors(client)
    finally:
        # --8<-- [start:stop]
        endpoints.close()  # stops the local endpoint; its jobs are gone
        # --8<-- [end:stop]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
