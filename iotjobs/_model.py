"""One model of the AWS IoT Jobs shapes iotjobs knows: every member, stated once.

Each `Shape` is botocore's shape reduced to what iotjobs needs (its type, children, required members, enum
values) plus what iotjobs says about it: the Python attribute that holds it, what it means (``doc``, shown in
help pages and notebooks) and its documented limits (`iotjobs._limits`). An `Operation` lists an API call's
top-level members with their AWS CLI option and where they travel (URI, query string, body).

Everything that spells a member derives from here: the wire parsers' allowed and required keys and their hints
(`iotjobs._wire`), the command's argument model, help pages and skeletons (`iotjobs.cli`), the notebook tables'
Python names (`iotjobs._display`), ``--plan``'s settings and the test factories. A new UpdateJob member is added
here, in the limits table and (if it has one) in its builder.

Standard library only (and `iotjobs._limits`); ``tests/test_drift.py`` and ``tests/cli/test_argmodel.py`` compare
this model with botocore's service model, so drift shows up as a failing test.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from iotjobs import _limits as L
from iotjobs._limits import Limit

__all__ = [
    "CANCEL_JOB",
    "CONFIG_MEMBERS",
    "CREATE_JOB",
    "DESCRIBE_JOB",
    "MAINTENANCE_WINDOW",
    "MISPLACED",
    "NEW_SCHEDULING_CONFIG",
    "OPERATIONS",
    "SCHEDULE_MEMBERS",
    "TAG",
    "TARGET_ARN",
    "UPDATE_JOB",
    "Location",
    "Member",
    "Operation",
    "Shape",
    "ShapeType",
    "find_member",
    "get_operation",
    "walk",
]

ShapeType = Literal["structure", "list", "map", "string", "integer", "long", "double", "boolean", "timestamp"]
Location = Literal["uri", "querystring", "body"]

_EMPTY: Mapping[str, Shape] = MappingProxyType({})


@dataclass(frozen=True, eq=False)
class Shape:
    """A botocore shape, and what iotjobs says of the member that holds it.

    ``members`` and ``required`` are for structures (in botocore's order, the skeleton's order), ``member``
    for lists, ``enum`` for strings. ``name`` is botocore's shape name (``ExponentialRolloutRate``).
    ``attribute`` is the Python attribute that holds the member in its builder: ``""`` for a wrapper that has
    none of its own (`Rollout` is flat: ``exponentialRate.incrementFactor`` is ``Rollout.increment_factor``),
    ``None`` for a member no attribute sets (an abort criterion's ``action`` is always ``CANCEL``).
    """

    type: ShapeType
    members: Mapping[str, Shape] = field(default_factory=lambda: _EMPTY)
    required: tuple[str, ...] = ()
    member: Shape | None = None
    enum: tuple[str, ...] = ()
    name: str = ""
    attribute: str | None = ""
    doc: str = ""
    limits: tuple[Limit, ...] = ()


@dataclass(frozen=True)
class Member:
    """One top-level input member of an operation, as the AWS CLI exposes it."""

    name: str
    option: str
    location: Location
    shape: Shape
    required: bool = False

    @property
    def negated_option(self) -> str | None:
        """``--no-before-substitution``: the AWS CLI's false form of a boolean option."""
        return f"--no-{self.option[2:]}" if self.shape.type == "boolean" else None

    @property
    def attribute(self) -> str | None:
        """The Python attribute (or keyword argument) that sets this member."""
        return self.shape.attribute


@dataclass(frozen=True)
class Operation:
    """An API operation (``UpdateJob``), its CLI command (``update-job``), input members and output shape."""

    name: str
    command: str
    members: tuple[Member, ...]
    output: Shape | None = None

    def member(self, option_or_name: str) -> Member:
        """The member named ``jobId`` or given as ``--job-id``; ``KeyError`` if there is none."""
        for member in self.members:
            if option_or_name in (member.name, member.option):
                return member
        raise KeyError(f"{self.command} has no option or member {option_or_name!r}")

    @property
    def input(self) -> Shape:
        """The request as one structure (botocore's ``UpdateJobRequest``)."""
        return Shape(
            "structure",
            members=MappingProxyType({m.name: m.shape for m in self.members}),
            required=tuple(m.name for m in self.members if m.required),
            name=f"{self.name}Request",
        )


# -- building blocks -----------------------------------------------------------------------------------------


def _structure(
    name: str, *, attribute: str | None = "", doc: str = "", required: tuple[str, ...] = (),
    limits: tuple[Limit, ...] = (), **members: Shape,
) -> Shape:
    return Shape("structure", MappingProxyType(members), required, name=name, attribute=attribute, doc=doc,
                 limits=limits)


def _list(member: Shape, *, name: str = "", attribute: str | None = "", doc: str = "",
          limits: tuple[Limit, ...] = ()) -> Shape:
    return Shape("list", member=member, name=name, attribute=attribute, doc=doc, limits=limits)


def _scalar(kind: ShapeType, attribute: str | None, doc: str, *limits: Limit, name: str = "") -> Shape:
    enum = next((limit.values for limit in limits if limit.values), ())
    return Shape(kind, enum=enum, name=name, attribute=attribute, doc=doc, limits=limits)


def _plain(kind: ShapeType, name: str = "") -> Shape:
    """A response member iotjobs reads as it is (no limit, no doc of ours)."""
    return Shape(kind, name=name)


# -- UpdateJob -----------------------------------------------------------------------------------------------

JOB_ID = _scalar("string", "job_id", "The ID of the job (the job's identifier, not its ARN).", L.JOB_ID)
DESCRIPTION = _scalar("string", "description", "A short text description of the job.", L.DESCRIPTION)
NAMESPACE_ID = _scalar(
    "string", "namespace_id",
    "The namespace of a customer-managed job: notifications then go to "
    "$aws/things/THING_NAME/jobs/JOB_ID/notify-namespace-NAMESPACE_ID/.",
    L.NAMESPACE_ID,
)

PRESIGNED_URL_CONFIG = _structure(
    "PresignedUrlConfig", attribute="presigned_url",
    doc="How devices download the job's files from Amazon S3 through presigned URLs.",
    roleArn=_scalar("string", "role_arn", "The IAM role AWS IoT assumes to sign the URLs; it must be allowed to "
                    "read the files from the S3 bucket.", L.ROLE_ARN),
    expiresInSec=_scalar("long", "expires_in_sec", "How long, in seconds, a presigned URL stays valid. URLs are "
                         "made when a device asks for the job document.", L.EXPIRES_IN_SEC),
)

RATE_INCREASE_CRITERIA = _structure(
    "RateIncreaseCriteria",
    doc="When the rate rises: give numberOfNotifiedThings or numberOfSucceededThings, or both (the rate rises at "
    "whichever is reached first).",
    numberOfNotifiedThings=_scalar("integer", "notified_things", "Raise the rate each time this many more targets "
                                   "were notified.", L.NUMBER_OF_NOTIFIED_THINGS),
    numberOfSucceededThings=_scalar("integer", "succeeded_things", "Raise the rate each time this many more "
                                    "executions succeeded.", L.NUMBER_OF_SUCCEEDED_THINGS),
)
EXPONENTIAL_RATE = _structure(
    "ExponentialRolloutRate",
    doc="A rollout rate that starts at baseRatePerMinute and is multiplied by incrementFactor each time "
    "rateIncreaseCriteria is met.",
    required=("baseRatePerMinute", "incrementFactor", "rateIncreaseCriteria"),
    baseRatePerMinute=_scalar("integer", "base_rate_per_minute", "The rate, in targets per minute, at the start "
                              "of the rollout.", L.BASE_RATE_PER_MINUTE),
    incrementFactor=_scalar("double", "increment_factor", "What the rate is multiplied by at each step.",
                            L.INCREMENT_FACTOR),
    rateIncreaseCriteria=RATE_INCREASE_CRITERIA,
)
ROLLOUT_CONFIG = _structure(
    "JobExecutionsRolloutConfig", attribute="rollout",
    doc="How fast the job is rolled out: a constant rate (maximumPerMinute), or a rate that grows exponentially "
    "(exponentialRate), capped by maximumPerMinute.",
    maximumPerMinute=_scalar("integer", "maximum_per_minute", "The most targets notified of the job per minute.",
                             L.MAXIMUM_PER_MINUTE),
    exponentialRate=EXPONENTIAL_RATE,
)

ABORT_CRITERIA = _structure(
    "AbortCriteria", attribute=None, doc="One abort criterion.",
    required=("failureType", "action", "thresholdPercentage", "minNumberOfExecutedThings"),
    failureType=_scalar("string", "failure_type", "Which executions count as failures (ALL: failed, rejected or "
                        "timed out).", L.ABORT_FAILURE_TYPE),
    action=_scalar("string", None, "What to do when the criterion is met.", L.ABORT_ACTION),
    thresholdPercentage=_scalar("double", "threshold_percentage", "The percentage of completed executions that "
                                "must have failed this way.", L.THRESHOLD_PERCENTAGE),
    minNumberOfExecutedThings=_scalar("integer", "min_executed_things", "How many executions must have completed "
                                      "before the criterion is checked.", L.MIN_NUMBER_OF_EXECUTED_THINGS),
)
ABORT_CONFIG = _structure(
    "AbortConfig", attribute="abort", doc="When to cancel the job because too many executions fail.",
    required=("criteriaList",),
    criteriaList=_list(ABORT_CRITERIA, name="AbortCriteriaList", attribute="criteria", doc="The abort criteria.",
                       limits=(L.ABORT_CRITERIA_LIST,)),
)

TIMEOUT_CONFIG = _structure(
    "TimeoutConfig", attribute="timeout",
    doc="How long each device has to finish its execution once it is IN_PROGRESS; then the execution becomes "
    "TIMED_OUT.",
    inProgressTimeoutInMinutes=_scalar("long", "in_progress_minutes", "The in-progress timeout, in minutes.",
                                       L.IN_PROGRESS_TIMEOUT_IN_MINUTES),
)

RETRY_CRITERIA = _structure(
    "RetryCriteria", attribute=None, doc="One retry criterion.",
    required=("failureType", "numberOfRetries"),
    failureType=_scalar("string", "failure_type", "Which failures are retried (TIMED_OUT needs a timeoutConfig).",
                        L.RETRY_FAILURE_TYPE),
    numberOfRetries=_scalar("integer", "number_of_retries", "How many times such an execution is retried.",
                            L.NUMBER_OF_RETRIES),
)
RETRY_CONFIG = _structure(
    "JobExecutionsRetryConfig", attribute="retry", doc="How often a failed or timed-out execution is retried.",
    required=("criteriaList",),
    criteriaList=_list(RETRY_CRITERIA, name="RetryCriteriaDetailsList", attribute="criteria",
                       doc="The retry criteria.", limits=(L.RETRY_CRITERIA_LIST, L.TOTAL_RETRIES)),
)

UPDATE_JOB = Operation(
    "UpdateJob",
    "update-job",
    (
        Member("jobId", "--job-id", "uri", JOB_ID, required=True),
        Member("description", "--description", "body", DESCRIPTION),
        Member("presignedUrlConfig", "--presigned-url-config", "body", PRESIGNED_URL_CONFIG),
        Member("jobExecutionsRolloutConfig", "--job-executions-rollout-config", "body", ROLLOUT_CONFIG),
        Member("abortConfig", "--abort-config", "body", ABORT_CONFIG),
        Member("timeoutConfig", "--timeout-config", "body", TIMEOUT_CONFIG),
        Member("namespaceId", "--namespace-id", "querystring", NAMESPACE_ID),
        Member("jobExecutionsRetryConfig", "--job-executions-retry-config", "body", RETRY_CONFIG),
    ),
)

CONFIG_MEMBERS: tuple[tuple[str, str], ...] = tuple(
    (m.shape.attribute, m.name) for m in UPDATE_JOB.members if m.shape.type == "structure" and m.shape.attribute
)
"""(attribute, AWS member) of each config builder a job carries, in the order of the UpdateJob request."""

# -- CreateJob: SchedulingConfig -----------------------------------------------------------------------------

MAINTENANCE_WINDOW = _structure(
    "MaintenanceWindow", attribute=None, doc="A recurring window in which the job's rollout may run.",
    required=("startTime", "durationInMinutes"),
    startTime=_scalar("string", "start", "When the window opens: a cron expression (its dialect and time zone are "
                      "not documented by AWS).", L.MAINTENANCE_WINDOW_START),
    durationInMinutes=_scalar("integer", "duration_minutes", "How long the window stays open, in minutes.",
                              L.MAINTENANCE_WINDOW_DURATION),
)
SCHEDULE_MEMBERS: Mapping[str, Shape] = MappingProxyType({
    "startTime": _scalar("string", "start", "When the job starts: 30 minutes to 1 year from now (UTC, "
                         "YYYY-MM-DDTHH:MM).", L.SCHEDULE_START_TIME),
    "endTime": _scalar("string", "end", "When the job ends: 30 minutes to 2 years after the start, at most 2 years "
                       "from now (UTC, YYYY-MM-DDTHH:MM).", L.SCHEDULE_END_TIME, L.SCHEDULE_WINDOW),
    "endBehavior": _scalar("string", "end_behavior", "What happens to unfinished executions at the end: "
                           "STOP_ROLLOUT, CANCEL or FORCE_CANCEL (only with an endTime).", L.END_BEHAVIOR),
    "maintenanceWindows": _list(MAINTENANCE_WINDOW, name="MaintenanceWindows", attribute="maintenance_windows",
                                doc="The windows in which the rollout may run."),
})
"""The members of a ``SchedulingConfig``, shared by the CreateJob request and the DescribeJob response."""
NEW_SCHEDULING_CONFIG = Shape(
    "structure", SCHEDULE_MEMBERS, name="SchedulingConfig", attribute="schedule",
    doc="When the job starts and ends, and the maintenance windows its rollout is limited to (CreateJob only: "
    "UpdateJob cannot change it).",
)
"""``schedulingConfig`` in a CreateJob request: `iotjobs.Schedule`."""

# -- CreateJob -----------------------------------------------------------------------------------------------

TARGET_ARN = _scalar("string", None, "The ARN of a thing or a thing group.", L.TARGET_ARN, name="TargetArn")
TAG = _structure(
    "Tag", attribute=None, doc="One resource tag.", required=("Key",),
    Key=_scalar("string", None, "The tag's key.", L.TAG_KEY),
    Value=_scalar("string", None, "The tag's value.", L.TAG_VALUE),
)
CREATE_JOB = Operation(
    "CreateJob",
    "create-job",
    (
        Member("jobId", "--job-id", "uri", _scalar("string", "job_id", JOB_ID.doc, L.CREATE_JOB_ID), required=True),
        Member("targets", "--targets", "body", _list(
            TARGET_ARN, name="JobTargets", attribute="targets", limits=(L.TARGETS,),
            doc="The things and thing groups the job is sent to (their ARNs)."), required=True),
        Member("documentSource", "--document-source", "body", _scalar(
            "string", "document_source", "An S3 URL of the job document (give it or document, not both).",
            L.DOCUMENT_SOURCE)),
        Member("document", "--document", "body", _scalar(
            "string", "document", "The job document, a JSON text (give it or documentSource, not both).",
            L.DOCUMENT)),
        Member("description", "--description", "body", _scalar(
            "string", "description", DESCRIPTION.doc, L.CREATE_DESCRIPTION)),
        Member("presignedUrlConfig", "--presigned-url-config", "body", PRESIGNED_URL_CONFIG),
        Member("targetSelection", "--target-selection", "body", _scalar(
            "string", "target_selection", "SNAPSHOT: the job ends once the targets present at creation are done; "
            "CONTINUOUS: things added to a target group later get it too.", L.TARGET_SELECTION)),
        Member("jobExecutionsRolloutConfig", "--job-executions-rollout-config", "body", ROLLOUT_CONFIG),
        Member("abortConfig", "--abort-config", "body", ABORT_CONFIG),
        Member("timeoutConfig", "--timeout-config", "body", TIMEOUT_CONFIG),
        Member("tags", "--tags", "body", _list(
            TAG, name="TagList", attribute="tags", limits=(L.TAGS,), doc="Tags of the job (a mapping in iotjobs).")),
        Member("namespaceId", "--namespace-id", "body", _scalar(
            "string", "namespace_id", NAMESPACE_ID.doc, L.CREATE_NAMESPACE_ID)),
        Member("jobTemplateArn", "--job-template-arn", "body", _scalar(
            "string", "job_template_arn", "The job template the job is made from.", L.JOB_TEMPLATE_ARN)),
        Member("jobExecutionsRetryConfig", "--job-executions-retry-config", "body", RETRY_CONFIG),
        Member("documentParameters", "--document-parameters", "body", Shape(
            "map", member=_scalar("string", None, "A placeholder's value.", L.DOCUMENT_PARAMETER_VALUE),
            name="ParameterMap", attribute="document_parameters", limits=(L.DOCUMENT_PARAMETER_KEY,),
            doc="Values of an AWS managed template's placeholders (AWS managed templates only).")),
        Member("schedulingConfig", "--scheduling-config", "body", NEW_SCHEDULING_CONFIG),
        Member("destinationPackageVersions", "--destination-package-versions", "body", _list(
            _scalar("string", None, "A package version ARN.", L.PACKAGE_VERSION_ARN, name="PackageVersionArn"),
            name="DestinationPackageVersions", attribute="destination_package_versions",
            limits=(L.DESTINATION_PACKAGE_VERSIONS,),
            doc="The package versions the devices should have after the job (AWS IoT software package catalog).")),
    ),
)
"""CreateJob; not in `OPERATIONS` yet (the command has no create-job until the lead wires it)."""

# -- DescribeJob ---------------------------------------------------------------------------------------------

JOB_PROCESS_DETAILS = _structure(
    "JobProcessDetails", attribute="process",
    processingTargets=_list(_plain("string", "ProcessingTargetName"), attribute="processing_targets"),
    numberOfCanceledThings=_scalar("integer", "canceled", ""),
    numberOfSucceededThings=_scalar("integer", "succeeded", ""),
    numberOfFailedThings=_scalar("integer", "failed", ""),
    numberOfRejectedThings=_scalar("integer", "rejected", ""),
    numberOfQueuedThings=_scalar("integer", "queued", ""),
    numberOfInProgressThings=_scalar("integer", "in_progress", ""),
    numberOfRemovedThings=_scalar("integer", "removed", ""),
    numberOfTimedOutThings=_scalar("integer", "timed_out", ""),
)
_TIME = _plain("string")  # botocore's DateType: a string in the output skeleton
SCHEDULING_CONFIG = Shape(
    "structure", SCHEDULE_MEMBERS, name="SchedulingConfig", attribute="scheduling",
    doc="When the job starts and ends, and the maintenance windows its rollout is limited to.",
)
JOB = _structure(
    "Job",
    jobArn=_scalar("string", "job_arn", ""),
    jobId=_scalar("string", "job_id", ""),
    targetSelection=_scalar("string", "target_selection", ""),
    status=_scalar("string", "status", ""),
    forceCanceled=_scalar("boolean", "force_canceled", ""),
    reasonCode=_scalar("string", "reason_code", ""),
    comment=_scalar("string", "comment", ""),
    targets=_list(_plain("string", "TargetArn"), attribute="targets"),
    description=_scalar("string", "description", ""),
    presignedUrlConfig=PRESIGNED_URL_CONFIG,
    jobExecutionsRolloutConfig=ROLLOUT_CONFIG,
    abortConfig=ABORT_CONFIG,
    createdAt=_scalar("timestamp", "created_at", ""),
    lastUpdatedAt=_scalar("timestamp", "last_updated_at", ""),
    completedAt=_scalar("timestamp", "completed_at", ""),
    jobProcessDetails=JOB_PROCESS_DETAILS,
    timeoutConfig=TIMEOUT_CONFIG,
    namespaceId=_scalar("string", "namespace_id", ""),
    jobTemplateArn=_scalar("string", "job_template_arn", ""),
    jobExecutionsRetryConfig=RETRY_CONFIG,
    documentParameters=Shape("map", member=_plain("string"), attribute="document_parameters"),
    isConcurrent=_scalar("boolean", "is_concurrent", ""),
    schedulingConfig=SCHEDULING_CONFIG,
    scheduledJobRollouts=_list(_structure("ScheduledJobRollout", startTime=_TIME), attribute="scheduled_rollouts"),
    destinationPackageVersions=_list(_plain("string", "PackageVersionArn"), attribute="destination_package_versions"),
)
DESCRIBE_JOB_RESPONSE = _structure("DescribeJobResponse", documentSource=_scalar("string", "document_source", ""),
                                   job=JOB)

DESCRIBE_JOB = Operation(
    "DescribeJob",
    "describe-job",
    (
        UPDATE_JOB.members[0],
        Member("beforeSubstitution", "--before-substitution", "querystring",
               _scalar("boolean", "before_substitution",
                       "Return the job document before its substitution parameters are resolved "
                       "(--before-substitution) or after (--no-before-substitution).")),
    ),
    output=DESCRIBE_JOB_RESPONSE,
)

# -- CancelJob -------------------------------------------------------------------------------------------------
# Not in OPERATIONS yet: that table drives the command's subcommands, and `iotjobs cancel-job` comes later.

CANCEL_JOB = Operation(
    "CancelJob",
    "cancel-job",
    (
        UPDATE_JOB.members[0],
        Member("reasonCode", "--reason-code", "body",
               _scalar("string", "reason_code", "A code saying why the job was canceled (e.g. BAD_FIRMWARE).",
                       L.REASON_CODE)),
        Member("comment", "--comment", "body",
               _scalar("string", "comment", "Why the job was canceled, in words.", L.CANCEL_COMMENT)),
        Member("force", "--force", "querystring",
               _scalar("boolean", "force", "Cancel an IN_PROGRESS job too (--force); the devices' executions "
                       "are canceled as well, which can leave a device in an inconsistent state.")),
    ),
)

OPERATIONS: Mapping[str, Operation] = MappingProxyType({op.name: op for op in (UPDATE_JOB, DESCRIBE_JOB)})


def get_operation(name: str) -> Operation:
    """The operation called ``UpdateJob`` or ``update-job`` (``KeyError`` for any other name)."""
    for operation in OPERATIONS.values():
        if name in (operation.name, operation.command):
            return operation
    raise KeyError(f"unknown operation {name!r}; known: {', '.join(OPERATIONS)}")


def find_member(option_or_name: str) -> Member:
    """The member given as ``--abort-config`` or ``abortConfig``, in any operation (they share ``jobId``)."""
    for operation in OPERATIONS.values():
        for member in operation.members:
            if option_or_name in (member.name, member.option):
                return member
    raise KeyError(f"unknown option or member {option_or_name!r}")


def walk(shape: Shape, path: str = "") -> Iterator[tuple[str, Shape]]:
    """Every member under ``shape`` as ``(path, shape)``, depth first; ``[]`` stands for any list item
    (``abortConfig.criteriaList[].failureType``)."""
    if shape.type == "structure":
        for name, child in shape.members.items():
            child_path = f"{path}.{name}" if path else name
            yield child_path, child
            yield from walk(child, child_path)
    elif shape.type in ("list", "map") and shape.member is not None:
        item_path = f"{path}[]"
        if shape.member.type == "structure":
            yield item_path, shape.member
        yield from walk(shape.member, item_path)


# Where a member belongs, for the hint on an unknown key found somewhere else, beyond what `walk` finds.
MISPLACED: Mapping[str, str] = MappingProxyType({
    "maximumPerMinute": "jobExecutionsRolloutConfig, next to exponentialRate, not inside it "
    "(several AWS developer guide examples put it inside by mistake)",
    "stepTimeoutInMinutes": "UpdateJobExecution, where a device sets it; a job's timeoutConfig has only "
    "inProgressTimeoutInMinutes",
    "presignedUrlConfigData": "nowhere: the member is presignedUrlConfig (a typo in the AWS developer guide)",
})
