"""Hypothesis strategies that generate valid iotjobs configs, at and near every documented bound.

Use them in your own property tests::

    from hypothesis import given
    from iotjobs.testing.strategies import job_updates

    @given(job_updates())
    def test_my_deployer_accepts_any_valid_update(update):
        ...

Every strategy builds its values through the public builders, so everything it generates passes iotjobs'
checks (hypothesis' own ``st.builds(Rollout)`` would not: it knows nothing of the attrs validators). The bounds
are read from `iotjobs._limits`, the single table of limits, so the strategies follow it when a limit changes.
Each strategy draws the bounds themselves (and the values next to them) often, and values in between otherwise.

Importing this module imports hypothesis (a test dependency), never boto3 or botocore.
"""

from __future__ import annotations

import math
import re
import string
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from functools import cache

from hypothesis import strategies as st

from iotjobs import _limits as L
from iotjobs._abort import Abort, AbortCriterion
from iotjobs._enums import EndBehavior, FailureType, TargetSelection
from iotjobs._new_job import NewJob
from iotjobs._presigned import PresignedUrl
from iotjobs._retry import Retry, RetryCriterion
from iotjobs._rollout import Rollout
from iotjobs._schedule import MaintenanceWindow, Schedule
from iotjobs._timeout import Timeout
from iotjobs._update import JobUpdate

__all__ = [
    "abort_criteria",
    "aborts",
    "descriptions",
    "failure_types",
    "job_ids",
    "job_updates",
    "maintenance_windows",
    "namespace_ids",
    "new_jobs",
    "presigned_urls",
    "retries",
    "retry_criteria",
    "role_arns",
    "rollouts",
    "schedules",
    "timeouts",
]

# AWS's ``integer`` and ``long`` are 32- and 64-bit signed numbers: the largest value a member without a
# documented maximum can take.
# The longest string or list drawn for a member whose length AWS does not bound (namespaceId, criteriaList).
_UNBOUNDED_LENGTH = 128
_UNBOUNDED_ITEMS = 5
# Characters that tend to break naive handling of "printable" text; none is of Unicode category C.
_TRICKY_TEXT = "\u00a0\u2028\u2029\u3000é中😀\u0301 "
# The parts of an IAM role ARN; a role's path and name are ASCII (the IAM User Guide's ARN format).
_PARTITIONS = ("aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b")
_PARTITION = st.one_of(
    st.sampled_from(_PARTITIONS),
    st.text(st.sampled_from(string.ascii_lowercase + string.digits + "-"), min_size=1, max_size=16),
)
_ACCOUNT = st.text(st.sampled_from(string.digits), min_size=12, max_size=12)
_ROLE_NAME_CHARS = st.sampled_from(string.ascii_letters + string.digits + "_+=,.@/-")


@cache
def _near(lo: int, hi: int) -> st.SearchStrategy[int]:
    """Integers in [lo, hi], drawing lo, lo + 1, hi - 1 and hi often."""
    edges = sorted({lo, min(lo + 1, hi), max(hi - 1, lo), hi})
    return st.one_of(st.sampled_from(edges), st.integers(lo, hi))


def _int_range(limit: L.Limit) -> tuple[int, int]:
    """The inclusive integer range of an ``integer``/``long`` limit (its AWS type bounds what it leaves open)."""
    type_max = L.TYPE_MAX[limit.type]
    lo = -type_max - 1 if limit.minimum is None else math.ceil(limit.minimum)
    if limit.exclusive_minimum and limit.minimum is not None and lo == limit.minimum:
        lo += 1
    hi = type_max if limit.maximum is None else math.floor(limit.maximum)
    return lo, hi


@cache
def _integers(limit: L.Limit) -> st.SearchStrategy[int]:
    """Valid values of an ``integer``/``long`` member, at and near its bounds."""
    return _near(*_int_range(limit))


@cache
def _decimals(limit: L.Limit) -> st.SearchStrategy[float]:
    """Valid values of a ``double`` member with a decimal-places rule, at and near its bounds.

    Built from integers (``n / 10**decimals``, rounded to the allowed places) so that the float is the one the
    decimal literal denotes and the decimal-places check accepts it; whole numbers are drawn as ``int`` too,
    which AWS accepts where it wants a double.
    """
    minimum, maximum, places = limit.minimum, limit.maximum, limit.decimals
    if minimum is None or maximum is None or places is None:
        raise ValueError(f"{limit.member}: a decimal strategy needs a minimum, a maximum and decimal places")
    scale = 10**places
    lo_scaled = Decimal(repr(minimum)) * scale
    lo = math.ceil(lo_scaled)
    if limit.exclusive_minimum and lo == lo_scaled:
        lo += 1
    hi = math.floor(Decimal(repr(maximum)) * scale)
    fractions = _near(lo, hi).map(lambda n: round(n / scale, places))
    lo_whole, hi_whole = -(-lo // scale), hi // scale
    if lo_whole > hi_whole:
        return fractions
    return st.one_of(fractions, _near(lo_whole, hi_whole))


@cache
def _optional(strategy: st.SearchStrategy[int]) -> st.SearchStrategy[int | None]:
    return st.none() | strategy


@cache
def _lengths(lo: int, hi: int) -> st.SearchStrategy[int]:
    """String lengths in [lo, hi]: the bounds and their neighbours, short lengths, and any length."""
    return st.one_of(_near(lo, hi), st.integers(lo, min(hi, lo + 31)), st.integers(lo, hi))


def _length_range(limit: L.Limit) -> tuple[int, int]:
    lo = 0 if limit.minimum is None else math.ceil(limit.minimum)
    hi = _UNBOUNDED_LENGTH if limit.maximum is None else math.floor(limit.maximum)
    return lo, hi


@st.composite
def _sized_text(draw: st.DrawFn, alphabet: st.SearchStrategy[str], lo: int, hi: int) -> str:
    """Text of a drawn length in [lo, hi]: a short random core repeated to that length.

    Repeating the core keeps long strings (2028 characters) cheap for hypothesis while their content varies.
    """
    size = draw(_lengths(lo, hi))
    if size == 0:
        return ""
    core = draw(st.text(alphabet, min_size=1, max_size=min(size, 32)))
    return (core * -(-size // len(core)))[:size]


def _pattern_alphabet(limit: L.Limit) -> st.SearchStrategy[str]:
    """The printable ASCII characters that a one-character-class pattern such as ``[a-zA-Z0-9_-]+`` allows."""
    return st.sampled_from([ch for ch in string.printable if re.fullmatch(_pattern(limit), ch)])


def _pattern(limit: L.Limit) -> str:
    if limit.pattern is None:
        raise ValueError(f"{limit.member} has no pattern")
    return limit.pattern


def failure_types(*, retryable: bool = False) -> st.SearchStrategy[FailureType]:
    """`FailureType` members: all of them, or with ``retryable=True`` only those a retry criterion accepts
    (``FAILED``, ``TIMED_OUT``, ``ALL``)."""
    limit = L.RETRY_FAILURE_TYPE if retryable else L.ABORT_FAILURE_TYPE
    return st.sampled_from([FailureType(value) for value in limit.values])


def job_ids() -> st.SearchStrategy[str]:
    """Valid ``jobId`` values: 1-64 characters of ``[a-zA-Z0-9_-]``, including the shortest and longest."""
    lo, hi = _length_range(L.JOB_ID)
    return _sized_text(_pattern_alphabet(L.JOB_ID), lo, hi)


def namespace_ids() -> st.SearchStrategy[str]:
    """Valid ``namespaceId`` values: non-empty strings of ``[a-zA-Z0-9_-]`` (AWS sets no maximum length)."""
    lo, hi = _length_range(L.NAMESPACE_ID)
    return _sized_text(_pattern_alphabet(L.NAMESPACE_ID), lo, hi)


def descriptions() -> st.SearchStrategy[str]:
    """Valid job descriptions: 1-2028 characters of printable text, non-ASCII included (no character of
    Unicode category C: no control, format, surrogate, private-use or unassigned character)."""
    lo, hi = _length_range(L.DESCRIPTION)
    alphabet = st.one_of(
        st.characters(codec="ascii", exclude_categories=["C"]),
        st.sampled_from(_TRICKY_TEXT),
        st.characters(exclude_categories=["C"]),
    )
    return _sized_text(alphabet, lo, hi)


@st.composite
def _role_arns(draw: st.DrawFn) -> str:
    prefix = f"arn:{draw(_PARTITION)}:iam::{draw(_ACCOUNT)}:role/"
    lo, hi = _length_range(L.ROLE_ARN)
    name = draw(_sized_text(_ROLE_NAME_CHARS, max(1, lo - len(prefix)), hi - len(prefix)))
    return prefix + name


def role_arns() -> st.SearchStrategy[str]:
    """Valid ``roleArn`` values: IAM role ARNs (``arn:<partition>:iam::<12 digits>:role/<path and name>``)
    up to 2048 characters long, the longest included."""
    pattern = _pattern(L.ROLE_ARN)
    return _role_arns().filter(lambda arn: re.fullmatch(pattern, arn) is not None)


def presigned_urls() -> st.SearchStrategy[PresignedUrl]:
    """Valid `PresignedUrl` configs: a role ARN, with ``expires_in_sec`` unset or 60-3600."""
    return st.builds(PresignedUrl, role_arns(), _optional(_integers(L.EXPIRES_IN_SEC)))


def _constant_rollouts() -> st.SearchStrategy[Rollout]:
    return st.builds(Rollout.constant, _integers(L.MAXIMUM_PER_MINUTE))


_RATE_CRITERIA = st.sampled_from(("notified", "succeeded", "both"))


@st.composite
def _exponential_rollouts(draw: st.DrawFn) -> Rollout:
    criteria = draw(_RATE_CRITERIA)
    notified = draw(_integers(L.NUMBER_OF_NOTIFIED_THINGS)) if criteria != "succeeded" else None
    succeeded = draw(_integers(L.NUMBER_OF_SUCCEEDED_THINGS)) if criteria != "notified" else None
    return Rollout.exponential(
        draw(_integers(L.BASE_RATE_PER_MINUTE)),
        draw(_decimals(L.INCREMENT_FACTOR)),
        notified_things=notified,
        succeeded_things=succeeded,
        maximum_per_minute=draw(_optional(_integers(L.MAXIMUM_PER_MINUTE))),
    )


def rollouts() -> st.SearchStrategy[Rollout]:
    """Valid `Rollout` configs: constant rates (1-1000 a minute) and exponential rates (base 1-1000, factor
    1.1-5 in steps of 0.1) that rise on notified things, on succeeded things or on both, with or without a
    ``maximum_per_minute`` cap."""
    return st.one_of(_constant_rollouts(), _exponential_rollouts())


def abort_criteria() -> st.SearchStrategy[AbortCriterion]:
    """Valid `AbortCriterion` values: any failure type, a threshold greater than 0 and at most 100 with at most
    two decimal places (0.01 and 100 included), and at least one executed thing."""
    return st.builds(
        AbortCriterion,
        failure_types(),
        _decimals(L.THRESHOLD_PERCENTAGE),
        _integers(L.MIN_NUMBER_OF_EXECUTED_THINGS),
    )


def aborts() -> st.SearchStrategy[Abort]:
    """Valid `Abort` configs: one or more criteria, in any order, the same failure type possibly repeated."""
    lo, hi = _length_range(L.ABORT_CRITERIA_LIST)
    hi = min(hi, lo + _UNBOUNDED_ITEMS - 1) if L.ABORT_CRITERIA_LIST.maximum is None else hi
    return st.lists(abort_criteria(), min_size=lo, max_size=hi).map(Abort)


def retry_criteria() -> st.SearchStrategy[RetryCriterion]:
    """Valid `RetryCriterion` values: ``FAILED``, ``TIMED_OUT`` or ``ALL`` with 0-10 retries."""
    return st.builds(RetryCriterion, failure_types(retryable=True), _integers(L.NUMBER_OF_RETRIES))


def _retry_kinds() -> st.SearchStrategy[list[FailureType]]:
    """``[ALL]``, or FAILED and TIMED_OUT at most once each, in any order."""
    distinct = [FailureType(v) for v in L.RETRY_FAILURE_TYPE.values if v != FailureType.ALL.value]
    most = min(len(distinct), math.floor(L.RETRY_CRITERIA_LIST.maximum or len(distinct)))
    return st.one_of(
        st.just([FailureType.ALL]),
        st.lists(st.sampled_from(distinct), min_size=1, max_size=most, unique=True),
    )


_RETRY_KINDS = _retry_kinds()


@st.composite
def _retries(draw: st.DrawFn) -> Retry:
    kinds = draw(_RETRY_KINDS)
    lo, hi = _int_range(L.NUMBER_OF_RETRIES)
    left = math.floor(L.TOTAL_RETRIES.maximum) if L.TOTAL_RETRIES.maximum is not None else hi * len(kinds)
    criteria = []
    for kind in kinds:
        count = draw(_near(lo, min(hi, left)))
        left -= count
        criteria.append(RetryCriterion(kind, count))
    return Retry(criteria)


def retries() -> st.SearchStrategy[Retry]:
    """Valid `Retry` configs: ``ALL`` alone, or ``FAILED`` and/or ``TIMED_OUT`` once each in either order, with
    0-10 retries each and at most 10 in total (the total of 10 included)."""
    return _retries()


def timeouts() -> st.SearchStrategy[Timeout]:
    """Valid `Timeout` configs: 1-10080 minutes in progress (1 minute to 7 days)."""
    return st.builds(Timeout.minutes, _integers(L.IN_PROGRESS_TIMEOUT_IN_MINUTES))


def job_updates() -> st.SearchStrategy[JobUpdate]:
    """Valid `JobUpdate` requests: a job ID and any subset of the other members (none, some or all)."""
    return st.builds(
        JobUpdate,
        job_ids(),
        description=st.none() | descriptions(),
        presigned_url=st.none() | presigned_urls(),
        rollout=st.none() | rollouts(),
        abort=st.none() | aborts(),
        timeout=st.none() | timeouts(),
        retry=st.none() | retries(),
        namespace_id=st.none() | namespace_ids(),
    )


# -- CreateJob: scheduling -----------------------------------------------------------------------------------

# Offsets on whole quarter hours (UTC-12:00 to UTC+14:00, as real time zones use), so every time is on a whole
# minute in UTC too.
_OFFSETS = st.integers(-48, 56).map(lambda quarters: timezone(timedelta(minutes=15 * quarters)))
_CRON = st.sampled_from(["cron(0 2 * * ? *)", "cron(30 23 ? * SUN *)", "0 2 * * *", "c"])


def maintenance_windows() -> st.SearchStrategy[MaintenanceWindow]:
    """Valid `MaintenanceWindow`s: a cron-like text of 1-256 characters and 1-1430 minutes."""
    lo, hi = _length_range(L.MAINTENANCE_WINDOW_START)
    text = st.one_of(_CRON, _sized_text(st.characters(codec="utf-8"), lo, hi))
    return st.builds(MaintenanceWindow, text, _integers(L.MAINTENANCE_WINDOW_DURATION))


@st.composite
def _times(draw: st.DrawFn) -> datetime:
    """A timezone-aware datetime on a whole minute, in a drawn UTC offset (years 2001-2097)."""
    naive = draw(st.datetimes(datetime(2001, 1, 1), datetime(2097, 12, 31))).replace(second=0, microsecond=0)
    return naive.replace(tzinfo=timezone.utc).astimezone(draw(_OFFSETS))


@st.composite
def _schedules(draw: st.DrawFn) -> Schedule:
    start = draw(st.none() | _times())
    end: datetime | None
    if start is None:
        end = draw(st.none() | _times())
    elif draw(st.booleans()):
        span = draw(_integers(L.SCHEDULE_WINDOW))
        end = (start + timedelta(minutes=span)).astimezone(draw(_OFFSETS))
    else:
        end = None
    behavior = draw(st.none() | st.sampled_from(EndBehavior)) if end is not None else None
    windows = draw(st.lists(maintenance_windows(), max_size=3, min_size=0 if start or end else 1))
    return Schedule(start=start, end=end, end_behavior=behavior, maintenance_windows=windows)


def schedules() -> st.SearchStrategy[Schedule]:
    """Valid `Schedule`s: aware times on whole minutes in any UTC offset, an end 30 minutes to 2 years after the
    start (or no start), an end behavior only with an end, and 0-3 maintenance windows.

    Not checked against the clock: call `Schedule.check_against` yourself, or build with relaxed limits.
    """
    return _schedules()


# -- CreateJob -----------------------------------------------------------------------------------------------

_REGIONS = st.sampled_from(["us-east-1", "eu-central-1", "ap-south-1", "cn-north-1"])
_THING_NAME_CHARS = st.sampled_from(string.ascii_letters + string.digits + ":_-")


@st.composite
def _target_arns(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["thing", "thinggroup"]))
    prefix = f"arn:{draw(_PARTITION)}:iot:{draw(_REGIONS)}:{draw(_ACCOUNT)}:{kind}/"
    return prefix + draw(_sized_text(_THING_NAME_CHARS, 1, _length_range(L.TARGET_ARN)[1] - len(prefix)))


@st.composite
def _arns(draw: st.DrawFn, limit: L.Limit) -> str:
    """``arn:`` and printable ASCII, within ``limit``'s lengths (pattern ``^arn:[!-~]+$``)."""
    lo, hi = _length_range(limit)
    body = draw(_sized_text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), max(1, lo - 4), hi - 4))
    return "arn:" + body


@cache
def _tag_keys() -> st.SearchStrategy[str]:
    lo, hi = _length_range(L.TAG_KEY)
    letters = st.one_of(st.sampled_from(string.ascii_letters + string.digits + "_.:/=+-@ "), st.sampled_from("éß中٣"))
    return _sized_text(letters, lo, hi)


def _tag_values() -> st.SearchStrategy[str]:
    lo, hi = _length_range(L.TAG_VALUE)
    return _sized_text(st.characters(codec="utf-8"), lo, hi)


def _document_parameters() -> st.SearchStrategy[dict[str, str]]:
    lo, hi = _length_range(L.DOCUMENT_PARAMETER_KEY)
    vlo, vhi = _length_range(L.DOCUMENT_PARAMETER_VALUE)
    keys = _sized_text(_pattern_alphabet(L.DOCUMENT_PARAMETER_KEY), lo, hi)
    values = _sized_text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cf", "Cs", "Co", "Cn")), vlo, vhi)
    return st.dictionaries(keys, values, min_size=1, max_size=3)


@st.composite
def _new_jobs(draw: st.DrawFn) -> NewJob:
    targets = draw(st.lists(_target_arns(), min_size=(n := draw(_near(1, int(L.TARGETS.hi)))), max_size=n))
    template = draw(st.none() | _arns(L.JOB_TEMPLATE_ARN))
    document_kind = draw(st.sampled_from(["document", "source"] + (["neither"] if template else [])))
    dlo, dhi = _length_range(L.DOCUMENT)
    slo, shi = _length_range(L.DOCUMENT_SOURCE)
    return NewJob(
        draw(job_ids()),
        targets=targets,
        document=draw(_sized_text(st.characters(codec="utf-8"), dlo, dhi)) if document_kind == "document" else None,
        document_source=(draw(_sized_text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), slo, shi))
                         if document_kind == "source" else None),
        description=draw(st.none() | descriptions()),
        presigned_url=draw(st.none() | presigned_urls()),
        rollout=draw(st.none() | rollouts()),
        abort=draw(st.none() | aborts()),
        timeout=draw(st.none() | timeouts()),
        retry=draw(st.none() | retries()),
        target_selection=draw(st.none() | st.sampled_from(TargetSelection)),
        schedule=draw(st.none() | schedules()),
        tags=draw(st.none() | st.dictionaries(
            _tag_keys(), _tag_values(), min_size=(t := draw(_near(0, int(L.TAGS.hi)))), max_size=t)),
        namespace_id=draw(st.none() | namespace_ids()),
        job_template_arn=template,
        document_parameters=draw(st.none() | _document_parameters()) if template else None,
        destination_package_versions=draw(st.none() | st.lists(
            _arns(L.PACKAGE_VERSION_ARN), min_size=(v := draw(_near(1, int(L.DESTINATION_PACKAGE_VERSIONS.hi)))),
            max_size=v)),
    )


def new_jobs() -> st.SearchStrategy[NewJob]:
    """Valid `NewJob` requests: 1-100 thing or thing-group ARNs, a document, a document source or (with a job
    template) neither, and any subset of the other members. Schedules are not checked against the clock."""
    return _new_jobs()
