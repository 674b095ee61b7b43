"""pytest fixtures for code that talks to AWS IoT Jobs, backed by a local endpoint (no AWS account needed).

The plugin is registered automatically (entry point ``pytest11``, name ``iotjobs``) when iotjobs is
installed with its ``local`` extra (``pip install "iotjobs[local]"``, which brings moto's server).
Disable it with ``-p no:iotjobs``. Importing it is cheap: moto, boto3 and botocore are imported only
when a fixture is used.

Fixtures (function scope: every test gets a fresh, empty endpoint of its own):

``iot_endpoint``
    An ``iotjobs.testing.LocalIot``: a local AWS IoT Jobs endpoint (moto's server, plus UpdateJob) that
    runs for the duration of the test. Use ``iot_endpoint.boto3_client()`` for a raw boto3 ``iot``
    client, ``iot_endpoint.endpoint_url`` for any other SDK or the AWS CLI, and
    ``iot_endpoint.create_job("job-1", ...)`` to create a thing and a job targeting it.

``iot_jobs_client``
    An ``iotjobs.JobsClient`` bound to ``iot_endpoint`` (the same endpoint, when a test uses both).

Example::

    def test_rollout_update(iot_endpoint, iot_jobs_client):
        iot_endpoint.create_job("job-1")
        iot_jobs_client.update_job("job-1", rollout=Rollout.constant(50))
        assert iot_jobs_client.describe_job("job-1").rollout == Rollout.constant(50)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from iotjobs.testing._local import LocalIot, local_iot

if TYPE_CHECKING:
    from iotjobs._client import JobsClient

__all__ = ["iot_endpoint", "iot_jobs_client"]


@pytest.fixture
def iot_endpoint() -> Iterator[LocalIot]:
    """A local AWS IoT Jobs endpoint, started for this test and stopped after it."""
    with local_iot() as endpoint:
        yield endpoint


@pytest.fixture
def iot_jobs_client(iot_endpoint: LocalIot) -> JobsClient:
    """An ``iotjobs.JobsClient`` bound to the ``iot_endpoint`` of this test."""
    return iot_endpoint.client()
