"""Every documented AWS IoT Jobs bound that iotjobs checks, in one table.

Each `Limit` names the AWS member, the bound values, and the document each bound comes from. The validators
(`iotjobs._checks`), the error messages and the limits reference in the docs all read this module, so a bound is
written down exactly once.

Sources (see ``shared/spec/iot-jobs.md`` in the project history for the research notes):

* **model**: botocore's ``iot`` service model (2015-05-28), from which AWS generates the API Reference.
* **prose**: a bound AWS states only in text: the AWS IoT Developer Guide (job configurations pages) or a
  member's documentation string in the model, not in its constraints.
* **iotjobs**: a decision of this project where AWS is silent or contradicts itself (the spec's decision table).

botocore itself checks only types, required members and minimums, so every maximum, pattern, enum, decimal-places
rule and cross-field rule below is checked nowhere else on the client.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import attrs

__all__ = ["LIMITS", "TYPE_MAX", "Limit", "counted", "decimals_in_words", "format_bound"]

API_REF = "AWS IoT API Reference"
DEV_GUIDE = "AWS IoT Developer Guide"
OURS = "iotjobs decision"

TYPE_MAX = {"integer": 2**31 - 1, "long": 2**63 - 1}
"""The largest value of AWS's integer types (signed 32 and 64 bits): a bound of the type, never relaxed."""


@attrs.frozen
class Limit:
    """The documented bounds of one AWS member.

    Attributes:
        member: the AWS member name as botocore spells it (``incrementFactor``).
        shape: the botocore shape that holds the member (``ExponentialRolloutRate``).
        type: the botocore type (``integer``, ``long``, ``double``, ``string``, ``list``).
        minimum, maximum: inclusive numeric bounds (for ``list``: item count; for ``string``: length).
        exclusive_minimum: the value must be strictly greater than ``minimum``.
        decimals: the most digits allowed after the decimal point.
        pattern: a regular expression the whole string must match (as the model writes it).
        values: the allowed values of an ``enum``.
        source: where the model's bounds come from (e.g. ``AWS IoT API Reference, ExponentialRolloutRate``).
        prose: which bounds AWS states only in prose or iotjobs chose (names: ``minimum``, ``maximum``,
            ``decimals``, ``pattern``), mapped to the document they come from.
        note: a short remark shown in the limits reference.
    """

    member: str
    shape: str
    type: str
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    decimals: int | None = None
    pattern: str | None = None
    values: tuple[str, ...] = ()
    source: str = ""
    prose: dict[str, str] = attrs.field(factory=dict, hash=False)
    note: str = ""
    # The strict range as two inclusive numbers, for the validators' fast path (``lo <= value <= hi``): an
    # exclusive minimum becomes the next float up, a missing maximum the type's own range.
    lo: float = attrs.field(init=False, eq=False, repr=False)
    hi: float = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        lo = -math.inf if self.minimum is None else self.minimum
        if self.exclusive_minimum:
            lo = math.nextafter(lo, math.inf)
        hi = TYPE_MAX.get(self.type, math.inf) if self.maximum is None else self.maximum
        object.__setattr__(self, "lo", lo)
        object.__setattr__(self, "hi", hi)

    def source_of(self, bound: str) -> str:
        """Return the document the given bound (``minimum``, ``maximum``, ...) comes from."""
        return self.prose.get(bound, self.source)

    def describe(self) -> str:
        """The limit in words, with where each bound comes from, as help pages and the limits reference show it:
        ``1 to 1000 (AWS IoT API Reference, ExponentialRolloutRate).``"""
        what = self.member if not self.member.endswith("(sum)") else "the sum of numberOfRetries"
        prefix = "" if what == self.member else f"{what}: "
        sources = [self.source] + [f"{bound}: {source}" for bound, source in self.prose.items()]
        text = f"{prefix}{self.bounds_in_words()} ({'; '.join(sources)})."
        return f"{text} {self.note}" if self.note else text

    def bounds_in_words(self, literal: Callable[[str], str] = str) -> str:
        """The bounds alone, in words: ``1 to 64 characters, matching [a-zA-Z0-9_-]+``, ``more than 0 and at most
        100, at most two digits after the decimal point``, ``only CANCEL``. ``literal`` formats a pattern or an
        enum value (the docs put them in backticks)."""
        parts = [self._range_in_words()]
        if self.decimals is not None:
            parts.append(f"at most {decimals_in_words(self.decimals)} after the decimal point")
        if self.pattern is not None:
            parts.append(f"matching {literal(self.pattern)}")
        if len(self.values) == 1:
            parts.append(f"only {literal(self.values[0])}")
        elif self.values:
            parts.append("one of " + ", ".join(literal(value) for value in self.values))
        return ", ".join(part for part in parts if part) or "any value of its type"

    def _range_in_words(self) -> str:
        lo, hi = self.minimum, self.maximum
        unit = _UNITS.get(self.type, "")
        if lo is not None and hi is not None:
            if self.exclusive_minimum:
                return f"more than {format_bound(lo)} and at most {counted(hi, unit)}"
            return f"{format_bound(lo)} to {counted(hi, unit)}"
        if lo is not None:
            return f"{'more than' if self.exclusive_minimum else 'at least'} {counted(lo, unit)}"
        if hi is not None:
            return f"at most {counted(hi, unit)}"
        return ""

    def relaxable(self, bound: str) -> bool:
        """Whether `iotjobs.relaxed_limits` lifts this bound.

        Every maximum, every decimal-places rule and every bound AWS states only in prose or iotjobs chose is
        relaxable; the model's minimums and patterns (which AWS cannot loosen without a new API version) stay.
        """
        return bound in ("maximum", "decimals") or bound in self.prose


_UNITS = {"string": " characters", "list": " items"}
_SINGULAR = {" items": " item", " characters": " character", " characters long": " character long"}


def format_bound(value: float) -> str:
    """A bound as people write it: ``1000``, ``1.1``."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def counted(value: float, unit: str = "") -> str:
    """``1 item``, ``2 items``, ``64 characters``: a bound with its unit, singular for 1."""
    return format_bound(value) + (_SINGULAR.get(unit, unit) if value == 1 else unit)


def decimals_in_words(decimals: int) -> str:
    """``one digit``, ``two digits``."""
    return {1: "one digit", 2: "two digits"}.get(decimals, f"{decimals} digits")


# -- UpdateJob / DescribeJob request members -----------------------------------------------------------------

JOB_ID = Limit(
    "jobId", "UpdateJobRequest", "string", minimum=1, maximum=64, pattern="[a-zA-Z0-9_-]+",
    source=f"{API_REF}, UpdateJob",
)
DESCRIPTION = Limit(
    "description", "UpdateJobRequest", "string", minimum=1, maximum=2028, pattern=r"[^\p{C}]+",
    source=f"{API_REF}, UpdateJob",
    note="No character of Unicode category C (control, format, surrogate, private use, unassigned): "
    "a newline or a tab is one.",
)
NAMESPACE_ID = Limit(
    "namespaceId", "UpdateJobRequest", "string", minimum=1, pattern="[a-zA-Z0-9_-]+",
    source=f"{API_REF}, UpdateJob",
    note="Sent in the query string. Only AWS IoT Greengrass uses customer-managed job namespaces today.",
)

# -- PresignedUrlConfig --------------------------------------------------------------------------------------

ROLE_ARN = Limit(
    "roleArn", "PresignedUrlConfig", "string", minimum=20, maximum=2048,
    pattern=r"arn:[a-z0-9-]+:iam::[0-9]{12}:role/[A-Za-z0-9_+=,.@/-]+",
    source=f"{API_REF}, PresignedUrlConfig",
    prose={"pattern": f"{OURS} (an IAM role ARN, see the IAM User Guide's ARN format)"},
)
EXPIRES_IN_SEC = Limit(
    "expiresInSec", "PresignedUrlConfig", "long", minimum=60, maximum=3600,
    source=f"{API_REF}, PresignedUrlConfig", note="AWS uses 3600 when it is not set.",
)

# -- JobExecutionsRolloutConfig ------------------------------------------------------------------------------

MAXIMUM_PER_MINUTE = Limit(
    "maximumPerMinute", "JobExecutionsRolloutConfig", "integer", minimum=1, maximum=1000,
    source=f"{API_REF}, JobExecutionsRolloutConfig",
    # The current model dropped its max 1000; the developer guide still states 1-1000 (job-configurations-api).
    prose={"maximum": f"{DEV_GUIDE}, Job rollout, scheduling, and abort configurations"},
    note="AWS uses 1000 when it is not set. With an exponential rate it caps the growing rate.",
)
BASE_RATE_PER_MINUTE = Limit(
    "baseRatePerMinute", "ExponentialRolloutRate", "integer", minimum=1, maximum=1000,
    source=f"{API_REF}, ExponentialRolloutRate",
)
INCREMENT_FACTOR = Limit(
    "incrementFactor", "ExponentialRolloutRate", "double", minimum=1.1, maximum=5, decimals=1,
    source=f"{API_REF}, ExponentialRolloutRate",
    # Stated only in the member's documentation string ("up to one digit after the decimal").
    prose={"decimals": f"{API_REF}, ExponentialRolloutRate (member description)"},
)
NUMBER_OF_NOTIFIED_THINGS = Limit(
    "numberOfNotifiedThings", "RateIncreaseCriteria", "integer", minimum=1,
    source=f"{API_REF}, RateIncreaseCriteria",
)
NUMBER_OF_SUCCEEDED_THINGS = Limit(
    "numberOfSucceededThings", "RateIncreaseCriteria", "integer", minimum=1,
    source=f"{API_REF}, RateIncreaseCriteria",
)

# -- AbortConfig ---------------------------------------------------------------------------------------------

ABORT_CRITERIA_LIST = Limit(
    "criteriaList", "AbortConfig", "list", minimum=1, source=f"{API_REF}, AbortConfig",
    note="AWS checks the criteria in order; the first one met cancels the job.",
)
THRESHOLD_PERCENTAGE = Limit(
    "thresholdPercentage", "AbortCriteria", "double", minimum=0, exclusive_minimum=True, maximum=100, decimals=2,
    source=f"{API_REF}, AbortCriteria",
    prose={
        # The model has max 100 and no minimum; 0 would cancel as soon as the minimum count is reached.
        "minimum": f"{OURS} (0 would cancel the job as soon as the minimum count is reached)",
        # Stated only in the member's documentation string ("up to two digits after the decimal").
        "decimals": f"{API_REF}, AbortCriteria (member description)",
    },
)
ABORT_FAILURE_TYPE = Limit(
    "failureType", "AbortCriteria", "enum", values=("FAILED", "REJECTED", "TIMED_OUT", "ALL"),
    source=f"{API_REF}, AbortCriteria", note="ALL counts executions that failed, were rejected or timed out.",
)
ABORT_ACTION = Limit("action", "AbortCriteria", "enum", values=("CANCEL",), source=f"{API_REF}, AbortCriteria")
MIN_NUMBER_OF_EXECUTED_THINGS = Limit(
    "minNumberOfExecutedThings", "AbortCriteria", "integer", minimum=1, source=f"{API_REF}, AbortCriteria",
    note="Counted as completed (terminal) executions, as the developer guide describes it.",
)

# -- TimeoutConfig -------------------------------------------------------------------------------------------

IN_PROGRESS_TIMEOUT_IN_MINUTES = Limit(
    "inProgressTimeoutInMinutes", "TimeoutConfig", "long", minimum=1, maximum=10080,
    source=f"{API_REF}, TimeoutConfig",
    # The model has no bounds; 1-10080 (7 days) is in its documentation string and the developer guide.
    prose={
        "minimum": f"{DEV_GUIDE}, Job configurations (job timeouts)",
        "maximum": f"{DEV_GUIDE}, Job configurations (job timeouts)",
    },
    note="AWS sets no timeout by default. The new value applies to executions that start after the update.",
)

# -- JobExecutionsRetryConfig --------------------------------------------------------------------------------

RETRY_CRITERIA_LIST = Limit(
    "criteriaList", "JobExecutionsRetryConfig", "list", minimum=1, maximum=2,
    source=f"{API_REF}, JobExecutionsRetryConfig",
)
RETRY_FAILURE_TYPE = Limit(
    "failureType", "RetryCriteria", "enum", values=("FAILED", "TIMED_OUT", "ALL"),
    source=f"{API_REF}, RetryCriteria", note="A rejected execution is never retried.",
)
NUMBER_OF_RETRIES = Limit(
    "numberOfRetries", "RetryCriteria", "integer", minimum=0, maximum=10, source=f"{API_REF}, RetryCriteria",
)
TOTAL_RETRIES = Limit(
    "numberOfRetries (sum)", "JobExecutionsRetryConfig", "integer", maximum=10,
    source=f"{API_REF}, JobExecutionsRetryConfig",
    prose={"maximum": f"{DEV_GUIDE}, Job configurations (retry: at most 10 per device across failure types)"},
    note="Either ALL alone, or FAILED and TIMED_OUT at most once each (iotjobs decision).",
)

# -- CancelJob request members ---------------------------------------------------------------------------------
# Not in LIMITS yet: that table is UpdateJob's (the update-job help and the drift tests cover it whole); the lead
# adds these when LIMITS grows to every operation.

REASON_CODE = Limit(
    "reasonCode", "CancelJobRequest", "string", maximum=128, pattern=r"[\p{Upper}\p{Digit}_]+",
    source=f"{API_REF}, CancelJob",
)
CANCEL_COMMENT = Limit(
    "comment", "CancelJobRequest", "string", maximum=2028, pattern=r"[^\p{C}]+",
    source=f"{API_REF}, CancelJob",
)

# -- CreateJob request members (beyond the UpdateJob ones it shares) -----------------------------------------

_CREATE = f"{API_REF}, CreateJob"
TARGETS = Limit(
    "targets", "CreateJobRequest", "list", minimum=1, maximum=100, source=_CREATE,
    # The model has only min 1. 100 comes from the 2019 limits table (AWS IoT Developer Guide, "AWS IoT Jobs
    # limits") and from AssociateTargetsWithJob's documentation string ("must not exceed 100"); the current quota
    # page does not restate it, so it is relaxable.
    prose={"maximum": f"{DEV_GUIDE}, AWS IoT Jobs limits (2019; AssociateTargetsWithJob: at most 100 targets)"},
    note="Each target is the ARN of a thing or a thing group.",
)
TARGET_ARN = Limit(
    "targets[]", "CreateJobRequest", "string", minimum=1, maximum=2048,
    pattern=r"arn:[a-z0-9-]+:iot:[a-z0-9-]+:[0-9]{12}:(thing|thinggroup)/[^\s]+",
    source=f"{API_REF}, CreateJob (TargetArn)",
    # The model bounds only the length; a thing or thing-group ARN is what the API reference describes.
    prose={"minimum": f"{OURS} (an empty ARN names nothing)",
           "pattern": f"{OURS} (a thing or thing-group ARN, see the AWS IoT Developer Guide's ARN formats)"},
)
DOCUMENT = Limit(
    "document", "CreateJobRequest", "string", minimum=1, maximum=32768, source=_CREATE,
    prose={"minimum": f"{OURS} (an empty job document gives devices nothing to do)"},
    note="Exactly one of document and documentSource (API Reference, CreateJob).",
)
DOCUMENT_SOURCE = Limit(
    "documentSource", "CreateJobRequest", "string", minimum=1, maximum=1350, source=_CREATE,
    note="An S3 URL of the job document, e.g. https://s3.amazonaws.com/bucket/key.",
)
CREATE_JOB_ID = attrs.evolve(JOB_ID, shape="CreateJobRequest", source=_CREATE)
CREATE_DESCRIPTION = attrs.evolve(DESCRIPTION, shape="CreateJobRequest", source=_CREATE)
CREATE_NAMESPACE_ID = attrs.evolve(NAMESPACE_ID, shape="CreateJobRequest", source=_CREATE,
                                   note="Sent in the body. Only AWS IoT Greengrass uses customer-managed job "
                                   "namespaces today.")
JOB_TEMPLATE_ARN = Limit(
    "jobTemplateArn", "CreateJobRequest", "string", minimum=1, maximum=1600, pattern="^arn:[!-~]+$",
    source=_CREATE,
)
TARGET_SELECTION = Limit(
    "targetSelection", "CreateJobRequest", "enum", values=("CONTINUOUS", "SNAPSHOT"), source=_CREATE,
    note="AWS uses SNAPSHOT when it is not set.",
)
DOCUMENT_PARAMETER_KEY = Limit(
    "documentParameters (key)", "CreateJobRequest", "string", minimum=1, maximum=128, pattern="[a-zA-Z0-9_-]+",
    source=f"{API_REF}, CreateJob (ParameterKey)",
    note="documentParameters fill AWS managed templates' placeholders only.",
)
DOCUMENT_PARAMETER_VALUE = Limit(
    "documentParameters (value)", "CreateJobRequest", "string", minimum=1, maximum=30720, pattern=r"[^\p{C}]+",
    source=f"{API_REF}, CreateJob (ParameterValue)",
)
TAGS = Limit(
    "tags", "CreateJobRequest", "list", maximum=50, source=_CREATE,
    # The model bounds no count; 50 user tags per resource is the Tagging AWS Resources guide's limit (and the
    # CloudFormation AWS::IoT::JobTemplate schema's).
    prose={"maximum": "Tagging AWS Resources User Guide, tag limits (50 per resource)"},
)
TAG_KEY = Limit(
    "Key", "Tag", "string", minimum=1, maximum=128, pattern=r"^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$",
    source=f"{API_REF}, Tag",
    note="Keys starting with aws: are reserved for AWS (Tagging AWS Resources User Guide).",
)
TAG_VALUE = Limit("Value", "Tag", "string", minimum=0, maximum=256, source=f"{API_REF}, Tag")
DESTINATION_PACKAGE_VERSIONS = Limit(
    "destinationPackageVersions", "CreateJobRequest", "list", minimum=1, maximum=25, source=_CREATE,
    # The model bounds no count; "up to 25 package version ARNs" is in the member's documentation string.
    prose={"minimum": f"{OURS} (leave the member out instead of sending an empty list)",
           "maximum": f"{API_REF}, CreateJob (member description)"},
)
PACKAGE_VERSION_ARN = Limit(
    "destinationPackageVersions[]", "CreateJobRequest", "string", minimum=1, maximum=1600, pattern="^arn:[!-~]+$",
    source=f"{API_REF}, CreateJob (PackageVersionArn)",
)

CREATE_JOB_LIMITS: tuple[Limit, ...] = (
    CREATE_JOB_ID, TARGETS, TARGET_ARN, DOCUMENT_SOURCE, DOCUMENT, CREATE_DESCRIPTION, TARGET_SELECTION,
    TAGS, TAG_KEY, TAG_VALUE,
    CREATE_NAMESPACE_ID, JOB_TEMPLATE_ARN, DOCUMENT_PARAMETER_KEY, DOCUMENT_PARAMETER_VALUE,
    DESTINATION_PACKAGE_VERSIONS, PACKAGE_VERSION_ARN,
)
"""The limits of the CreateJob members UpdateJob does not have (or places elsewhere), in the request's order."""

# -- SchedulingConfig (CreateJob) ----------------------------------------------------------------------------
# The model bounds only the strings' lengths and the window duration; every time rule below is prose, from the
# API Reference's SchedulingConfig page (the same text is in the botocore model's documentation strings).

_SCHEDULING = f"{API_REF}, SchedulingConfig"
_SCHEDULING_PROSE = f"{API_REF}, SchedulingConfig (member description)"
MINUTES_PER_YEAR = 365 * 24 * 60
"""A year as iotjobs counts it for AWS's "1 year"/"2 years" (365 days; AWS does not say; an iotjobs decision)."""

SCHEDULE_START_TIME = Limit(
    "startTime", "SchedulingConfig", "string", minimum=1, maximum=64, source=_SCHEDULING,
    note="Sent as UTC in ISO 8601 YYYY-MM-DDTHH:MM (the API Reference's format); iotjobs takes a timezone-aware "
    "datetime on a whole minute (an iotjobs decision: the format has no seconds and no offset).",
)
SCHEDULE_END_TIME = Limit(
    "endTime", "SchedulingConfig", "string", minimum=1, maximum=64, source=_SCHEDULING,
    note="Same format as startTime.",
)
END_BEHAVIOR = Limit(
    "endBehavior", "SchedulingConfig", "enum", values=("STOP_ROLLOUT", "CANCEL", "FORCE_CANCEL"), source=_SCHEDULING,
    note="AWS ignores it without an endTime; iotjobs refuses it there (relaxable).",
)
SCHEDULE_WINDOW = Limit(
    "endTime - startTime (minutes)", "SchedulingConfig", "integer", minimum=30, maximum=2 * MINUTES_PER_YEAR,
    source=_SCHEDULING,
    prose={"minimum": _SCHEDULING_PROSE, "maximum": f"{_SCHEDULING_PROSE}; 2 years as 730 days: {OURS}"},
    note="The end must be 30 minutes to 2 years after the start.",
)
SCHEDULE_START_AHEAD = Limit(
    "startTime - now (minutes)", "SchedulingConfig", "integer", minimum=30, maximum=MINUTES_PER_YEAR,
    source=_SCHEDULING,
    prose={"minimum": _SCHEDULING_PROSE, "maximum": f"{_SCHEDULING_PROSE}; 1 year as 365 days: {OURS}"},
    note="Checked at send time by Schedule.check_against(now), not when the Schedule is built.",
)
SCHEDULE_END_AHEAD = Limit(
    "endTime - now (minutes)", "SchedulingConfig", "integer", minimum=30, maximum=2 * MINUTES_PER_YEAR,
    source=_SCHEDULING,
    prose={"minimum": _SCHEDULING_PROSE, "maximum": f"{_SCHEDULING_PROSE}; 2 years as 730 days: {OURS}"},
    note="Checked at send time by Schedule.check_against(now), not when the Schedule is built.",
)
MAINTENANCE_WINDOW_START = Limit(
    "startTime", "MaintenanceWindow", "string", minimum=1, maximum=256, source=f"{API_REF}, MaintenanceWindow",
    note="A cron expression; its dialect and time zone are not documented in the model (not checked further).",
)
MAINTENANCE_WINDOW_DURATION = Limit(
    "durationInMinutes", "MaintenanceWindow", "integer", minimum=1, maximum=1430,
    source=f"{API_REF}, MaintenanceWindow",
)

SCHEDULE_LIMITS: tuple[Limit, ...] = (
    SCHEDULE_START_TIME, SCHEDULE_END_TIME, END_BEHAVIOR, SCHEDULE_WINDOW, SCHEDULE_START_AHEAD, SCHEDULE_END_AHEAD,
    MAINTENANCE_WINDOW_START, MAINTENANCE_WINDOW_DURATION,
)
"""The limits of a CreateJob ``schedulingConfig``, in the order of its shape."""

DESCRIBE_JOB_ID = attrs.evolve(JOB_ID, shape="DescribeJobRequest", source=f"{API_REF}, DescribeJob")
"""The job id of DescribeJob (and watch-job, which calls it): the same bounds, its own source."""

LIMITS: tuple[Limit, ...] = (
    JOB_ID, DESCRIPTION, NAMESPACE_ID,
    ROLE_ARN, EXPIRES_IN_SEC,
    MAXIMUM_PER_MINUTE, BASE_RATE_PER_MINUTE, INCREMENT_FACTOR,
    NUMBER_OF_NOTIFIED_THINGS, NUMBER_OF_SUCCEEDED_THINGS,
    ABORT_CRITERIA_LIST, ABORT_FAILURE_TYPE, ABORT_ACTION, THRESHOLD_PERCENTAGE, MIN_NUMBER_OF_EXECUTED_THINGS,
    IN_PROGRESS_TIMEOUT_IN_MINUTES,
    RETRY_CRITERIA_LIST, RETRY_FAILURE_TYPE, NUMBER_OF_RETRIES, TOTAL_RETRIES,
    *CREATE_JOB_LIMITS,
    *SCHEDULE_LIMITS,
)
"""Every limit iotjobs enforces, in the order of the UpdateJob request."""
