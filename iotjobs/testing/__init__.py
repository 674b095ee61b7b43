"""Public test support for code that uses iotjobs.

* `local_iot`: an in-process local AWS IoT Jobs endpoint (moto underneath, with UpdateJob added); needs the
  ``local`` extra: ``pip install 'iotjobs[local]'``.
* The pytest plugin (registered automatically): fixtures ``iot_endpoint`` and ``iot_jobs_client``.
* `make_job` / `make_describe_job_response`: realistic typed fixtures without any endpoint.
* ``iotjobs.testing.strategies``: hypothesis strategies for valid builders (imports hypothesis).

Importing this package imports neither moto nor boto3.
"""

from __future__ import annotations

from iotjobs.testing._factories import make_describe_job_response, make_job
from iotjobs.testing._local import LocalIot, Traffic, local_iot

__all__ = ["LocalIot", "Traffic", "local_iot", "make_describe_job_response", "make_job"]
