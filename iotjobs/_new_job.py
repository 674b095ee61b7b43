"""`NewJob`: one CreateJob request, made of the same config builders as `JobUpdate`, plus a `Schedule`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, ClassVar

import attrs

from iotjobs import _limits as L
from iotjobs import _wire
from iotjobs._abort import Abort
from iotjobs._enums import TargetSelection
from iotjobs._presigned import PresignedUrl
from iotjobs._retry import Retry
from iotjobs._rollout import Rollout
from iotjobs._rules import Rule, compile_rules
from iotjobs._schedule import Schedule
from iotjobs._timeout import Timeout
from iotjobs._update import CONFIG_PARSERS

__all__ = ["NewJob"]


class FrozenMap(Mapping[str, str]):
    """An immutable, hashable mapping (a `NewJob`'s tags and document parameters); equal to any mapping with the
    same items."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, str]) -> None:
        self._data = dict(data)

    def __getitem__(self, key: str) -> str:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(frozenset(self._data.items()))

    def __repr__(self) -> str:
        return repr(self._data)


def _mapping(value: object) -> object:
    # A converter must not raise: anything that is no mapping is kept, for the rules to report.
    return FrozenMap(value) if isinstance(value, Mapping) and not isinstance(value, FrozenMap) else value


def _strings(value: object) -> object:
    if value is None or type(value) is tuple:
        return value
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        return value
    return tuple(value)


_TARGET_SELECTIONS: dict[object, TargetSelection] = {member.value: member for member in TargetSelection}


def _target_selection(value: object) -> object:
    try:
        return _TARGET_SELECTIONS.get(value, value)
    except TypeError:  # unhashable
        return value


@attrs.frozen
class NewJob:
    """One CreateJob request: the job's targets, its document (``document`` or ``document_source``, exactly one
    unless the job comes from ``job_template_arn``) and its settings. What is not set is not sent.

    ``targets`` are 1-100 thing or thing-group ARNs; ``tags`` and ``document_parameters`` are mappings of
    strings (document parameters fill an AWS managed template's placeholders, so they need ``job_template_arn``);
    ``schedule`` is a `Schedule`, which UpdateJob cannot change later. Call ``schedule.check_against(now)``
    before sending: AWS wants the start 30 minutes to 1 year ahead. `to_botocore` returns the keyword arguments
    of boto3's ``iot.create_job``.
    """

    job_id: str
    targets: tuple[str, ...] = attrs.field(kw_only=True, converter=_strings)
    document: str | None = attrs.field(default=None, kw_only=True)
    document_source: str | None = attrs.field(default=None, kw_only=True)
    description: str | None = attrs.field(default=None, kw_only=True)
    presigned_url: PresignedUrl | None = attrs.field(default=None, kw_only=True)
    rollout: Rollout | None = attrs.field(default=None, kw_only=True)
    abort: Abort | None = attrs.field(default=None, kw_only=True)
    timeout: Timeout | None = attrs.field(default=None, kw_only=True)
    retry: Retry | None = attrs.field(default=None, kw_only=True)
    target_selection: TargetSelection | None = attrs.field(default=None, kw_only=True, converter=_target_selection)
    schedule: Schedule | None = attrs.field(default=None, kw_only=True)
    tags: Mapping[str, str] | None = attrs.field(default=None, kw_only=True, converter=_mapping)
    namespace_id: str | None = attrs.field(default=None, kw_only=True)
    job_template_arn: str | None = attrs.field(default=None, kw_only=True)
    document_parameters: Mapping[str, str] | None = attrs.field(default=None, kw_only=True, converter=_mapping)
    destination_package_versions: tuple[str, ...] | None = attrs.field(default=None, kw_only=True,
                                                                         converter=_strings)
    config_parsers: ClassVar[tuple[_wire.ConfigParser, ...]] = CONFIG_PARSERS
    schedule_type: ClassVar[type[Schedule]] = Schedule

    def __attrs_post_init__(self) -> None:
        # Nested builders validated themselves when they were built: only their kind is checked here.
        _RULES.post_init(self)  # the rule table's generated check replaces this below

    def with_targets(self, targets: Iterable[str]) -> NewJob:
        """Return a new `NewJob` with ``targets`` replaced."""
        return attrs.evolve(self, targets=targets)

    def with_document(self, document: str | None) -> NewJob:
        """Return a new `NewJob` with ``document`` replaced (``None``: not sent)."""
        return attrs.evolve(self, document=document)

    def with_document_source(self, document_source: str | None) -> NewJob:
        """Return a new `NewJob` with ``document_source`` replaced (``None``: not sent)."""
        return attrs.evolve(self, document_source=document_source)

    def with_description(self, description: str | None) -> NewJob:
        """Return a new `NewJob` with ``description`` replaced (``None``: not sent)."""
        return attrs.evolve(self, description=description)

    def with_presigned_url(self, presigned_url: PresignedUrl | None) -> NewJob:
        """Return a new `NewJob` with the presigned URL config replaced (``None``: not sent)."""
        return attrs.evolve(self, presigned_url=presigned_url)

    def with_rollout(self, rollout: Rollout | None) -> NewJob:
        """Return a new `NewJob` with the rollout config replaced (``None``: not sent)."""
        return attrs.evolve(self, rollout=rollout)

    def with_abort(self, abort: Abort | None) -> NewJob:
        """Return a new `NewJob` with the abort config replaced (``None``: not sent)."""
        return attrs.evolve(self, abort=abort)

    def with_timeout(self, timeout: Timeout | None) -> NewJob:
        """Return a new `NewJob` with the timeout config replaced (``None``: not sent)."""
        return attrs.evolve(self, timeout=timeout)

    def with_retry(self, retry: Retry | None) -> NewJob:
        """Return a new `NewJob` with the retry config replaced (``None``: not sent)."""
        return attrs.evolve(self, retry=retry)

    def with_target_selection(self, target_selection: TargetSelection | str | None) -> NewJob:
        """Return a new `NewJob` with ``target_selection`` replaced (``None``: not sent; AWS uses SNAPSHOT)."""
        return attrs.evolve(self, target_selection=target_selection)

    def with_schedule(self, schedule: Schedule | None) -> NewJob:
        """Return a new `NewJob` with the schedule replaced (``None``: not sent)."""
        return attrs.evolve(self, schedule=schedule)

    def with_tags(self, tags: Mapping[str, str] | None) -> NewJob:
        """Return a new `NewJob` with ``tags`` replaced (``None``: not sent)."""
        return attrs.evolve(self, tags=tags)

    def with_namespace_id(self, namespace_id: str | None) -> NewJob:
        """Return a new `NewJob` with ``namespace_id`` replaced (``None``: not sent)."""
        return attrs.evolve(self, namespace_id=namespace_id)

    def with_job_template_arn(self, job_template_arn: str | None) -> NewJob:
        """Return a new `NewJob` with ``job_template_arn`` replaced (``None``: not sent)."""
        return attrs.evolve(self, job_template_arn=job_template_arn)

    def with_document_parameters(self, document_parameters: Mapping[str, str] | None) -> NewJob:
        """Return a new `NewJob` with ``document_parameters`` replaced (``None``: not sent)."""
        return attrs.evolve(self, document_parameters=document_parameters)

    def with_destination_package_versions(self, versions: Iterable[str] | None) -> NewJob:
        """Return a new `NewJob` with ``destination_package_versions`` replaced (``None``: not sent)."""
        return attrs.evolve(self, destination_package_versions=versions)

    def to_botocore(self) -> dict[str, Any]:
        """Return the keyword arguments of boto3's ``iot.create_job`` (only the members that are set).

        The schedule's times relative to now are not checked here: call ``schedule.check_against(now)``.
        """
        return _wire.newjob_to_wire(self)

    @classmethod
    def from_botocore(cls, data: Mapping[str, Any]) -> NewJob:
        """Parse the keyword arguments of ``iot.create_job``, exactly as strictly as the builders check."""
        return _wire.parse(_wire.parse_new_job, cls, data, "NewJob.from_botocore")

    def to_cloudformation(self) -> dict[str, Any]:
        """Return the ``Properties`` of an ``AWS::IoT::Job`` resource (CloudFormation's PascalCase names)."""
        return _wire.newjob_to_cloudformation(self)


def _one_document(job: NewJob) -> bool:
    given = (job.document is not None) + (job.document_source is not None)
    return given == 1 or (given == 0 and job.job_template_arn is not None)


def _document_message(job: NewJob) -> str:
    if job.document is not None and job.document_source is not None:
        return f"give document or documentSource, not both ({L.API_REF}, CreateJob)"
    return f"give document or documentSource (or jobTemplateArn, whose document is used) ({L.API_REF}, CreateJob)"


_RULES = compile_rules("NewJob", (
    Rule("string", "job_id", "jobId", L.CREATE_JOB_ID),
    Rule("strings", "targets", "targets", L.TARGETS, item=L.TARGET_ARN),
    Rule("string", "document_source", "documentSource", L.DOCUMENT_SOURCE, required=False),
    Rule("string", "document", "document", L.DOCUMENT, required=False),
    Rule("string", "description", "description", L.CREATE_DESCRIPTION, required=False),
    Rule("enum", "target_selection", "targetSelection", L.TARGET_SELECTION, required=False),
    Rule("map", "tags", "tags", L.TAGS, key=L.TAG_KEY, item=L.TAG_VALUE, required=False),
    Rule("string", "namespace_id", "namespaceId", L.CREATE_NAMESPACE_ID, required=False),
    Rule("string", "job_template_arn", "jobTemplateArn", L.JOB_TEMPLATE_ARN, required=False),
    Rule("map", "document_parameters", "documentParameters", key=L.DOCUMENT_PARAMETER_KEY,
         item=L.DOCUMENT_PARAMETER_VALUE, required=False),
    Rule("strings", "destination_package_versions", "destinationPackageVersions", L.DESTINATION_PACKAGE_VERSIONS,
         item=L.PACKAGE_VERSION_ARN, required=False),
    *(Rule("instance", attribute, member, required=False, cls=cls) for attribute, member, _, cls in CONFIG_PARSERS),
    Rule("instance", "schedule", "schedulingConfig", required=False, cls=Schedule),
    Rule.cross("document", _one_document, lambda j: j.document if j.document is not None else j.document_source,
               _document_message),
    Rule.cross(
        "documentParameters", lambda j: j.document_parameters is None or j.job_template_arn is not None,
        lambda j: j.document_parameters,
        f"needs jobTemplateArn: document parameters fill an AWS managed template's placeholders "
        f"({L.API_REF}, CreateJob; refusing them without a template is an {L.OURS})", relaxable=True,
    ),
))

NewJob.__attrs_post_init__ = _RULES.post_init  # type: ignore[method-assign,assignment]
