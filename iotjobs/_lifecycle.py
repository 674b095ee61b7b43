"""Pure request builders for the job lifecycle operations (CancelJob), checked against `iotjobs._limits`.

Every problem of a call is reported at once, before anything is sent.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from iotjobs import _limits as L
from iotjobs._checks import Problems

__all__ = ["cancel_job_request", "cancel_job_requests"]


def _check_cancel_settings(p: Problems, reason_code: object, comment: object, force: object) -> None:
    if reason_code is not None:
        p.string("reasonCode", reason_code, L.REASON_CODE)
    if comment is not None:
        p.string("comment", comment, L.CANCEL_COMMENT)
    if not isinstance(force, bool):
        p.add("force", force, "must be True or False")


def _request(job_id: str, reason_code: str | None, comment: str | None, force: bool) -> dict[str, Any]:
    request: dict[str, Any] = {"jobId": job_id}
    if reason_code is not None:
        request["reasonCode"] = reason_code
    if comment is not None:
        request["comment"] = comment
    if force:
        request["force"] = True
    return request


def cancel_job_request(
    job_id: str, *, reason_code: str | None = None, comment: str | None = None, force: bool = False,
) -> dict[str, Any]:
    """The botocore ``cancel_job`` keyword arguments; `ValidationError` naming every bad member."""
    p = Problems()
    p.string("jobId", job_id, L.JOB_ID)
    _check_cancel_settings(p, reason_code, comment, force)
    p.raise_if_any("JobsClient.cancel_job")
    return _request(job_id, reason_code, comment, force)


def cancel_job_requests(
    job_ids: Iterable[str], *, reason_code: str | None = None, comment: str | None = None, force: bool = False,
) -> list[tuple[str, dict[str, Any]]]:
    """``(job_id, request)`` for each id, all checked first: one bad id stops the whole bulk call unsent."""
    if isinstance(job_ids, str):
        raise TypeError("JobsClient.cancel_jobs: job_ids must be an iterable of job ids, not one string "
                        f"({job_ids!r}); use cancel_job() for one job")
    ids = list(job_ids)
    p = Problems()
    for index, job_id in enumerate(ids):
        p.string(f"jobIds[{index}]", job_id, L.JOB_ID)
    _check_cancel_settings(p, reason_code, comment, force)
    p.raise_if_any("JobsClient.cancel_jobs")
    return [(job_id, _request(job_id, reason_code, comment, force)) for job_id in ids]
