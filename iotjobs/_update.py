"""`JobUpdate`: one UpdateJob request, made of the config builders."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from iotjobs import _limits as L
from iotjobs import _wire
from iotjobs._abort import Abort
from iotjobs._model import CONFIG_MEMBERS, UPDATE_JOB
from iotjobs._notebook import NotebookDisplay
from iotjobs._presigned import PresignedUrl
from iotjobs._retry import Retry
from iotjobs._rollout import Rollout
from iotjobs._rules import Rule, compile_rules
from iotjobs._timeout import Timeout

if TYPE_CHECKING:
    from mypy_boto3_iot.type_defs import UpdateJobRequestTypeDef

__all__ = ["JobUpdate"]

# The wire parser, wire compiler and builder class of each config attribute; which members there are, their
# names and their order come from the shape model.
_BUILDERS: dict[str, tuple[Any, Any, type]] = {
    "presigned_url": (_wire.parse_presigned, _wire.presigned_to_wire, PresignedUrl),
    "rollout": (_wire.parse_rollout, _wire.rollout_to_wire, Rollout),
    "abort": (_wire.parse_abort, _wire.abort_to_wire, Abort),
    "timeout": (_wire.parse_timeout, _wire.timeout_to_wire, Timeout),
    "retry": (_wire.parse_retry, _wire.retry_to_wire, Retry),
}
CONFIG_PARSERS: tuple[_wire.ConfigParser, ...] = tuple(
    (attribute, member, _BUILDERS[attribute][0], _BUILDERS[attribute][2]) for attribute, member in CONFIG_MEMBERS
)
FIELDS: tuple[_wire.Field, ...] = tuple(
    (m.shape.attribute or "", m.name, _BUILDERS[m.shape.attribute][1] if m.shape.attribute in _BUILDERS else None)
    for m in UPDATE_JOB.members
)
"""(attribute, AWS member, to-wire function) of every UpdateJob member, in the order of the request."""
"""(attribute, AWS member, parser, builder class) of each config a job carries, in the order of the request."""


@attrs.frozen
class JobUpdate(NotebookDisplay):
    """One UpdateJob request: the job and the settings to change. What is not set is not sent, and AWS leaves
    it as it is.

    The nested configs are already-validated builders; `to_botocore` returns the keyword arguments of boto3's
    ``iot.update_job``. Change one setting with the ``with_*`` methods, which return a new `JobUpdate`.
    """

    job_id: str
    description: str | None = attrs.field(default=None, kw_only=True)
    presigned_url: PresignedUrl | None = attrs.field(default=None, kw_only=True)
    rollout: Rollout | None = attrs.field(default=None, kw_only=True)
    abort: Abort | None = attrs.field(default=None, kw_only=True)
    timeout: Timeout | None = attrs.field(default=None, kw_only=True)
    retry: Retry | None = attrs.field(default=None, kw_only=True)
    namespace_id: str | None = attrs.field(default=None, kw_only=True)
    config_parsers: ClassVar[tuple[_wire.ConfigParser, ...]] = CONFIG_PARSERS
    fields: ClassVar[tuple[_wire.Field, ...]] = FIELDS

    def __attrs_post_init__(self) -> None:
        # Nested builders validated themselves when they were built: only their kind is checked here.
        _RULES.post_init(self)  # the rule table's generated check replaces this below

    def with_description(self, description: str | None) -> JobUpdate:
        """Return a new `JobUpdate` with ``description`` replaced (``None``: not sent)."""
        return attrs.evolve(self, description=description)

    def with_presigned_url(self, presigned_url: PresignedUrl | None) -> JobUpdate:
        """Return a new `JobUpdate` with the presigned URL config replaced (``None``: not sent)."""
        return attrs.evolve(self, presigned_url=presigned_url)

    def with_rollout(self, rollout: Rollout | None) -> JobUpdate:
        """Return a new `JobUpdate` with the rollout config replaced (``None``: not sent)."""
        return attrs.evolve(self, rollout=rollout)

    def with_abort(self, abort: Abort | None) -> JobUpdate:
        """Return a new `JobUpdate` with the abort config replaced (``None``: not sent)."""
        return attrs.evolve(self, abort=abort)

    def with_timeout(self, timeout: Timeout | None) -> JobUpdate:
        """Return a new `JobUpdate` with the timeout config replaced (``None``: not sent)."""
        return attrs.evolve(self, timeout=timeout)

    def with_retry(self, retry: Retry | None) -> JobUpdate:
        """Return a new `JobUpdate` with the retry config replaced (``None``: not sent)."""
        return attrs.evolve(self, retry=retry)

    def with_namespace_id(self, namespace_id: str | None) -> JobUpdate:
        """Return a new `JobUpdate` with ``namespace_id`` replaced (``None``: not sent)."""
        return attrs.evolve(self, namespace_id=namespace_id)

    def to_botocore(self) -> UpdateJobRequestTypeDef:
        """Return the keyword arguments of boto3's ``iot.update_job`` (only the members that are set)."""
        return _wire.update_to_wire(self)

    @classmethod
    def from_botocore(cls, data: Mapping[str, Any]) -> JobUpdate:
        """Parse the keyword arguments of ``iot.update_job``, exactly as strictly as the builders check.

        Paths in the error name the whole request: ``abortConfig.criteriaList[1].thresholdPercentage``.
        """
        return _wire.parse(_wire.parse_update, cls, data, "JobUpdate.from_botocore")


_RULES = compile_rules("JobUpdate", (
    Rule("string", "job_id", "jobId", L.JOB_ID),
    Rule("string", "description", "description", L.DESCRIPTION, required=False),
    Rule("string", "namespace_id", "namespaceId", L.NAMESPACE_ID, required=False),
    *(Rule("instance", attribute, member, required=False, cls=cls) for attribute, member, _, cls in CONFIG_PARSERS),
))

JobUpdate.__attrs_post_init__ = _RULES.post_init  # type: ignore[method-assign,assignment]
