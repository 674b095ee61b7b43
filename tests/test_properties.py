"""Property tests of the builders: botocore accepts what they compile, and it parses, serialises and round-trips."""

from __future__ import annotations

import copy
import json
import math
import re
import unicodedata
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

import attrs
import pytest
from botocore.model import ListShape, MapShape, Shape, StructureShape
from botocore.session import get_session
from botocore.validate import ParamValidator
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

from iotjobs import (
    ALL,
    FAILED,
    TIMED_OUT,
    Abort,
    AbortCriterion,
    JobUpdate,
    MaintenanceWindow,
    NewJob,
    PresignedUrl,
    Retry,
    RetryCriterion,
    Rollout,
    Schedule,
    Timeout,
)
from iotjobs import _limits as L
from iotjobs.testing import strategies as S

# -- the builders and where each sits in botocore's UpdateJob input shape -------------------------------------


@attrs.frozen
class Kind:
    """One builder class, the strategy of its valid values, and the path of its shape in UpdateJob's input."""

    cls: type[Any]
    strategy: st.SearchStrategy[Any]
    path: tuple[str, ...]

    def __str__(self) -> str:
        return self.cls.__name__


CONFIG_KINDS = (
    Kind(PresignedUrl, S.presigned_urls(), ("presignedUrlConfig",)),
    Kind(Rollout, S.rollouts(), ("jobExecutionsRolloutConfig",)),
    Kind(AbortCriterion, S.abort_criteria(), ("abortConfig", "criteriaList", "[]")),
    Kind(Abort, S.aborts(), ("abortConfig",)),
    Kind(Timeout, S.timeouts(), ("timeoutConfig",)),
    Kind(RetryCriterion, S.retry_criteria(), ("jobExecutionsRetryConfig", "criteriaList", "[]")),
    Kind(Retry, S.retries(), ("jobExecutionsRetryConfig",)),
)
JOB_UPDATE = Kind(JobUpdate, S.job_updates(), ())

# JobUpdate draws every config at once: more examples, to cover their combinations. No deadline: one example
# can carry several 2 KB strings, and a loaded CI machine then trips hypothesis' 200 ms deadline.
job_update_settings = settings(max_examples=200, deadline=None)

# (JobUpdate attribute, UpdateJob member) of each nested config.
CONFIG_MEMBERS = (
    ("presigned_url", "presignedUrlConfig"),
    ("rollout", "jobExecutionsRolloutConfig"),
    ("abort", "abortConfig"),
    ("timeout", "timeoutConfig"),
    ("retry", "jobExecutionsRetryConfig"),
)


@cache
def update_job_input() -> StructureShape:
    """botocore's ``UpdateJob`` input shape (the iot service model is loaded once)."""
    shape = get_session().get_service_model("iot").operation_model("UpdateJob").input_shape
    assert shape is not None
    return shape


def shape_at(path: tuple[str, ...]) -> Shape:
    """The shape at ``path`` below UpdateJob's input (``"[]"`` steps into a list's item shape)."""
    shape: Shape = update_job_input()
    for step in path:
        if step == "[]":
            assert isinstance(shape, ListShape)
            shape = shape.member
        else:
            assert isinstance(shape, StructureShape)
            shape = shape.members[step]
    return shape


# -- checks shared by the config builders and JobUpdate --------------------------------------------------------


def model_violations(value: object, shape: Shape, path: str = "") -> Iterator[str]:
    """What botocore's `ParamValidator` leaves to the service: maxima, enums, patterns and exact JSON types."""
    where = path or shape.name
    meta = shape.metadata
    kind = shape.type_name
    if kind == "structure":
        assert isinstance(shape, StructureShape)
        assert isinstance(value, dict)
        for key, item in value.items():
            yield from model_violations(item, shape.members[key], f"{path}.{key}" if path else key)
        return
    if kind == "map":  # CreateJob's documentParameters: each key and value against its shape
        assert isinstance(shape, MapShape)
        assert isinstance(value, dict)
        for key, item in value.items():
            yield from model_violations(key, shape.key, f"{where} key {key!r}")
            yield from model_violations(item, shape.value, f"{where}[{key!r}]")
        return
    if kind == "list":
        assert isinstance(shape, ListShape)
        if type(value) is not list:
            yield f"{where}: a list is sent as {type(value).__name__}"
            return
        measured: float = len(value)
        for index, item in enumerate(value):
            yield from model_violations(item, shape.member, f"{where}[{index}]")
    elif kind == "string":
        if type(value) is not str:
            yield f"{where}: a string is sent as {type(value).__name__}"
            return
        measured = len(value)
        enum = meta.get("enum")
        if enum and value not in enum:
            yield f"{where}={value!r} is not one of {enum}"
        pattern = meta.get("pattern")
        if pattern and not _matches(pattern, value):
            yield f"{where}={value!r} does not match {pattern}"
    elif kind in ("integer", "long"):
        if type(value) is not int:
            yield f"{where}: an AWS {kind} is sent as {type(value).__name__}"
            return
        measured = value
    elif kind == "double":
        if type(value) is not float:
            yield f"{where}: an AWS double is sent as {type(value).__name__}, not float"
            return
        if not math.isfinite(value):
            yield f"{where}={value!r} is not finite"
        measured = value
    else:
        yield f"{where}: unexpected shape type {kind}"
        return
    if "min" in meta and measured < meta["min"]:
        yield f"{where}={value!r} is below the model's min {meta['min']}"
    if "max" in meta and measured > meta["max"]:
        yield f"{where}={value!r} is above the model's max {meta['max']}"


def _matches(pattern: str, text: str) -> bool:
    if pattern == r"[^\p{C}]+":  # Java's Unicode property class, which Python's re lacks
        return bool(text) and all(unicodedata.category(ch)[0] != "C" for ch in text)
    if pattern == r"^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$":  # TagKey: letters, separators, numbers and _.:/=+-@
        return all(unicodedata.category(ch)[0] in "LZN" or ch in "_.:/=+-@" for ch in text)
    return re.fullmatch(pattern, text) is not None


def same_json(a: object, b: object) -> bool:
    """Equal and of the same types all the way down (``1 == 1.0`` is not good enough here)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        assert isinstance(b, dict)
        return a.keys() == b.keys() and all(same_json(a[k], b[k]) for k in a)
    if isinstance(a, list):
        assert isinstance(b, list)
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def scramble(data: object) -> None:
    """Empty every dict and list in ``data`` (at any depth) and put junk in them."""
    if isinstance(data, dict):
        children = list(data.values())
        data.clear()
        data["junk"] = "junk"
    elif isinstance(data, list):
        children = list(data)
        data.clear()
        data.append("junk")
    else:
        return
    for child in children:
        scramble(child)


def check_botocore_accepts(kind: Kind, value: Any) -> None:
    params = value.to_botocore()
    shape = shape_at(kind.path)
    report = ParamValidator().validate(params, shape)
    assert not report.has_errors(), f"botocore rejects {value!r}:\n{report.generate_report()}"
    problems = list(model_violations(params, shape))
    assert not problems, f"{value!r} compiles outside botocore's model:\n" + "\n".join(problems)


def check_round_trip(kind: Kind, value: Any) -> None:
    parsed = kind.cls.from_botocore(value.to_botocore())
    assert type(parsed) is kind.cls
    assert parsed == value


def check_json(kind: Kind, value: Any) -> None:
    params = value.to_botocore()
    text = json.dumps(params, allow_nan=False)
    loaded = json.loads(text)
    assert same_json(loaded, params), f"{params!r} comes back from JSON as {loaded!r}"
    assert kind.cls.from_botocore(loaded) == value


def check_immutable_and_hashable(kind: Kind, value: Any) -> None:
    for field in attrs.fields(kind.cls):
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(value, field.name, getattr(value, field.name))
        with pytest.raises(AttributeError):
            delattr(value, field.name)
    with pytest.raises(AttributeError):
        setattr(value, "not_a_field", 1)  # noqa: B010  (the point is an attribute mypy does not know)
    twin = kind.cls.from_botocore(copy.deepcopy(value.to_botocore()))
    assert twin is not value
    assert twin == value
    assert hash(twin) == hash(value)
    assert len({value, twin}) == 1
    assert attrs.evolve(value) == value


def check_fresh_dict(kind: Kind, value: Any) -> None:
    expected = copy.deepcopy(value.to_botocore())
    first = value.to_botocore()
    assert first is not value.to_botocore()
    scramble(first)
    assert value.to_botocore() == expected
    assert kind.cls.from_botocore(expected) == value


# -- (a) botocore accepts every compiled value -----------------------------------------------------------------


@pytest.mark.parametrize("kind", CONFIG_KINDS, ids=str)
@given(data=st.data())
def test_botocore_accepts_config(kind: Kind, data: st.DataObject) -> None:
    """botocore's ParamValidator (and the model's maxima, enums and patterns) accept every valid config."""
    check_botocore_accepts(kind, data.draw(kind.strategy, label=str(kind)))


@job_update_settings
@given(update=S.job_updates())
def test_botocore_accepts_job_update(update: JobUpdate) -> None:
    """botocore's ParamValidator (and the model's maxima, enums and patterns) accept every valid JobUpdate."""
    check_botocore_accepts(JOB_UPDATE, update)


# -- (b) from_botocore(to_botocore(x)) == x --------------------------------------------------------------------


@pytest.mark.parametrize("kind", CONFIG_KINDS, ids=str)
@given(data=st.data())
def test_round_trip_config(kind: Kind, data: st.DataObject) -> None:
    """Every config builder parses its own compiled dict back to an equal builder."""
    check_round_trip(kind, data.draw(kind.strategy, label=str(kind)))


@job_update_settings
@given(update=S.job_updates())
def test_round_trip_job_update(update: JobUpdate) -> None:
    """JobUpdate parses its own compiled request back to an equal JobUpdate."""
    check_round_trip(JOB_UPDATE, update)


@given(update=S.job_updates())
def test_job_update_compiles_its_configs(update: JobUpdate) -> None:
    """A JobUpdate sends each set config as that builder compiles it, and nothing for what is unset."""
    params: Mapping[str, Any] = update.to_botocore()
    assert params["jobId"] == update.job_id
    for attribute, member in CONFIG_MEMBERS:
        config = getattr(update, attribute)
        if config is None:
            assert member not in params
        else:
            assert params[member] == config.to_botocore()
    for attribute, member in (("description", "description"), ("namespace_id", "namespaceId")):
        assert params.get(member) == getattr(update, attribute)
        assert (member in params) == (getattr(update, attribute) is not None)


# -- (c) JSON ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", CONFIG_KINDS, ids=str)
@given(data=st.data())
def test_json_round_trip_config(kind: Kind, data: st.DataObject) -> None:
    """A compiled config survives json.dumps/json.loads unchanged, types included (doubles stay floats)."""
    check_json(kind, data.draw(kind.strategy, label=str(kind)))


@given(update=S.job_updates())
def test_json_round_trip_job_update(update: JobUpdate) -> None:
    """A compiled JobUpdate survives json.dumps/json.loads unchanged, types included (doubles stay floats)."""
    check_json(JOB_UPDATE, update)


# -- (d) immutable, hashable, equal by value ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", CONFIG_KINDS, ids=str)
@given(data=st.data())
def test_immutable_and_hashable_config(kind: Kind, data: st.DataObject) -> None:
    """Config builders refuse assignment, and equal values (built separately) are equal with equal hashes."""
    check_immutable_and_hashable(kind, data.draw(kind.strategy, label=str(kind)))


@given(update=S.job_updates())
def test_immutable_and_hashable_job_update(update: JobUpdate) -> None:
    """JobUpdate refuses assignment, and equal values (built separately) are equal with equal hashes."""
    check_immutable_and_hashable(JOB_UPDATE, update)


@given(first=S.job_updates(), second=S.job_updates())
def test_equal_exactly_when_the_requests_are(first: JobUpdate, second: JobUpdate) -> None:
    """Two JobUpdates are equal exactly when they compile to equal requests."""
    assert (first == second) == (first.to_botocore() == second.to_botocore())


# -- (e) the compiled dict is the caller's own --------------------------------------------------------------------


@pytest.mark.parametrize("kind", CONFIG_KINDS, ids=str)
@given(data=st.data())
def test_mutating_compiled_config_leaves_builder(kind: Kind, data: st.DataObject) -> None:
    """Each to_botocore call returns a fresh dict: emptying one at every depth changes neither the builder nor
    the next call."""
    check_fresh_dict(kind, data.draw(kind.strategy, label=str(kind)))


@given(update=S.job_updates())
def test_mutating_compiled_job_update_leaves_builder(update: JobUpdate) -> None:
    """Each JobUpdate.to_botocore call returns a fresh dict, nested configs included."""
    check_fresh_dict(JOB_UPDATE, update)


# -- the strategies reach the bounds -----------------------------------------------------------------------------

_find_settings = settings(phases=[Phase.generate], max_examples=2000, database=None)
_STEP = {2: 0.01, 1: 0.1}  # the smallest positive value with that many decimal places


def _len(limit: L.Limit, bound: str) -> int:
    value = getattr(limit, bound)
    assert value is not None
    return int(value)


REACHED: tuple[tuple[str, st.SearchStrategy[Any], Any], ...] = (
    ("constant rollout at the max", S.rollouts(),
     lambda r: not r.is_exponential and r.maximum_per_minute == L.MAXIMUM_PER_MINUTE.maximum),
    ("constant rollout at the min", S.rollouts(),
     lambda r: not r.is_exponential and r.maximum_per_minute == L.MAXIMUM_PER_MINUTE.minimum),
    ("smallest increment factor", S.rollouts(), lambda r: r.increment_factor == L.INCREMENT_FACTOR.minimum),
    ("largest increment factor, as a float", S.rollouts(),
     lambda r: r.increment_factor == L.INCREMENT_FACTOR.maximum and type(r.increment_factor) is float),
    ("largest increment factor, as an int", S.rollouts(),
     lambda r: r.increment_factor == L.INCREMENT_FACTOR.maximum and type(r.increment_factor) is int),
    ("largest base rate", S.rollouts(), lambda r: r.base_rate_per_minute == L.BASE_RATE_PER_MINUTE.maximum),
    ("exponential on notified things only", S.rollouts(),
     lambda r: r.notified_things is not None and r.succeeded_things is None),
    ("exponential on succeeded things only", S.rollouts(),
     lambda r: r.notified_things is None and r.succeeded_things is not None),
    ("exponential on both, capped", S.rollouts(),
     lambda r: r.notified_things and r.succeeded_things and r.maximum_per_minute is not None),
    ("exponential without a cap", S.rollouts(), lambda r: r.is_exponential and r.maximum_per_minute is None),
    ("smallest threshold", S.abort_criteria(),
     lambda c: c.threshold_percentage == _STEP[L.THRESHOLD_PERCENTAGE.decimals or 0]),
    ("largest threshold", S.abort_criteria(),
     lambda c: c.threshold_percentage == L.THRESHOLD_PERCENTAGE.maximum),
    ("threshold just below the largest", S.abort_criteria(),
     lambda c: c.threshold_percentage == round(_len(L.THRESHOLD_PERCENTAGE, "maximum") - 0.01, 2)),
    ("several abort criteria, a failure type repeated", S.aborts(),
     lambda a: len({c.failure_type for c in a.criteria}) < len(a.criteria)),
    ("ALL alone, 10 retries", S.retries(),
     lambda r: [c.failure_type for c in r.criteria] == [ALL] and r.total_retries == L.TOTAL_RETRIES.maximum),
    ("FAILED and TIMED_OUT, 10 in total", S.retries(),
     lambda r: len(r.criteria) == 2 and r.total_retries == L.TOTAL_RETRIES.maximum),
    ("TIMED_OUT first", S.retries(), lambda r: r.criteria[0].failure_type is TIMED_OUT),
    ("FAILED only, no retries", S.retries(),
     lambda r: [c.failure_type for c in r.criteria] == [FAILED] and r.total_retries == 0),
    ("shortest timeout", S.timeouts(), lambda t: t.in_progress_minutes == L.IN_PROGRESS_TIMEOUT_IN_MINUTES.minimum),
    ("longest timeout", S.timeouts(), lambda t: t.in_progress_minutes == L.IN_PROGRESS_TIMEOUT_IN_MINUTES.maximum),
    ("longest role ARN", S.role_arns(), lambda a: len(a) == _len(L.ROLE_ARN, "maximum")),
    ("role ARN with a path", S.presigned_urls(), lambda p: p.role_arn.count("/") > 1),
    ("shortest presigned URL expiry", S.presigned_urls(), lambda p: p.expires_in_sec == L.EXPIRES_IN_SEC.minimum),
    ("longest presigned URL expiry", S.presigned_urls(), lambda p: p.expires_in_sec == L.EXPIRES_IN_SEC.maximum),
    ("presigned URL without expiry", S.presigned_urls(), lambda p: p.expires_in_sec is None),
    ("shortest description", S.descriptions(), lambda d: len(d) == _len(L.DESCRIPTION, "minimum")),
    ("longest description", S.descriptions(), lambda d: len(d) == _len(L.DESCRIPTION, "maximum")),
    ("non-ASCII description", S.descriptions(), lambda d: not d.isascii()),
    ("description beyond the BMP", S.descriptions(), lambda d: any(ord(ch) > 0xFFFF for ch in d)),
    ("shortest job ID", S.job_ids(), lambda j: len(j) == _len(L.JOB_ID, "minimum")),
    ("longest job ID", S.job_ids(), lambda j: len(j) == _len(L.JOB_ID, "maximum")),
    ("JobUpdate with all members but one or none", S.job_updates(),
     lambda u: attrs.astuple(u, recurse=False).count(None) <= 1),
    ("JobUpdate with the job ID only", S.job_updates(),
     lambda u: set(u.to_botocore()) == {"jobId"}),
)


# find() writes the repr of what it found; a 2028-character description makes that long, which hypothesis warns
# about (and this project's pytest settings turn warnings into errors).
@pytest.mark.filterwarnings("ignore:Generating overly large repr:hypothesis.errors.HypothesisWarning")
@pytest.mark.parametrize(("what", "strategy", "condition"), REACHED, ids=[r[0] for r in REACHED])
def test_strategies_reach(what: str, strategy: st.SearchStrategy[Any], condition: Any) -> None:
    """The public strategies generate values at the bounds and in every documented shape."""
    find(strategy, condition, settings=_find_settings)


# -- CreateJob: schedulingConfig ---------------------------------------------------------------------------------


@cache
def create_job_input() -> StructureShape:
    """botocore's ``CreateJob`` input shape."""
    shape = get_session().get_service_model("iot").operation_model("CreateJob").input_shape
    assert shape is not None
    return shape


def check_schedule_accepted(schedule: Schedule) -> None:
    request = {"jobId": "job-1", "targets": ["arn:aws:iot:us-east-1:123456789012:thing/t"],
               "document": "{}", "schedulingConfig": schedule.to_botocore()}
    report = ParamValidator().validate(request, create_job_input())
    assert not report.has_errors(), f"botocore rejects {schedule!r}:\n{report.generate_report()}"
    shape = create_job_input().members["schedulingConfig"]
    problems = list(model_violations(request["schedulingConfig"], shape))
    assert not problems, f"{schedule!r} compiles outside botocore's model:\n" + "\n".join(problems)


@settings(max_examples=200, deadline=None)
@given(schedule=S.schedules())
def test_botocore_accepts_schedule(schedule: Schedule) -> None:
    """botocore's ParamValidator (and the model's maxima and enums) accept every valid Schedule in a CreateJob."""
    check_schedule_accepted(schedule)


@settings(max_examples=200, deadline=None)
@given(schedule=S.schedules())
def test_round_trip_schedule(schedule: Schedule) -> None:
    """from_botocore(to_botocore(x)) == x, also through JSON; equal schedules hash alike."""
    params = schedule.to_botocore()
    parsed = Schedule.from_botocore(json.loads(json.dumps(params)))
    assert parsed == schedule
    assert hash(parsed) == hash(schedule)
    assert parsed.to_botocore() == params


@settings(max_examples=100, deadline=None)
@given(window=S.maintenance_windows())
def test_round_trip_maintenance_window(window: MaintenanceWindow) -> None:
    assert MaintenanceWindow.from_botocore(window.to_botocore()) == window


SCHEDULE_REACHED: tuple[tuple[str, st.SearchStrategy[Any], Any], ...] = (
    ("shortest schedule span", S.schedules(),
     lambda s: s.start and s.end and (s.end - s.start).total_seconds() == 60 * (L.SCHEDULE_WINDOW.minimum or 0)),
    ("longest schedule span", S.schedules(),
     lambda s: s.start and s.end and (s.end - s.start).total_seconds() == 60 * (L.SCHEDULE_WINDOW.maximum or 0)),
    ("schedule in a non-UTC offset", S.schedules(), lambda s: s.start and s.start.utcoffset().total_seconds() != 0),
    ("schedule with an end behavior", S.schedules(), lambda s: s.end_behavior is not None),
    ("schedule with windows only", S.schedules(), lambda s: s.start is None and s.end is None),
    ("shortest window", S.maintenance_windows(),
     lambda w: w.duration_minutes == L.MAINTENANCE_WINDOW_DURATION.minimum),
    ("longest window", S.maintenance_windows(),
     lambda w: w.duration_minutes == L.MAINTENANCE_WINDOW_DURATION.maximum),
    ("longest window cron text", S.maintenance_windows(),
     lambda w: len(w.start) == L.MAINTENANCE_WINDOW_START.maximum),
)


@pytest.mark.filterwarnings("ignore:Generating overly large repr:hypothesis.errors.HypothesisWarning")
@pytest.mark.parametrize(("what", "strategy", "condition"), SCHEDULE_REACHED, ids=[r[0] for r in SCHEDULE_REACHED])
def test_schedule_strategies_reach(what: str, strategy: st.SearchStrategy[Any], condition: Any) -> None:
    """The scheduling strategies generate values at the bounds and in every documented shape."""
    find(strategy, condition, settings=_find_settings)


# -- CreateJob: NewJob -------------------------------------------------------------------------------------------

new_job_settings = settings(max_examples=100, deadline=None)


@new_job_settings
@given(job=S.new_jobs())
def test_botocore_accepts_new_job(job: NewJob) -> None:
    """botocore's ParamValidator (and the model's maxima, enums and patterns) accept every valid NewJob."""
    params = job.to_botocore()
    report = ParamValidator().validate(params, create_job_input())
    assert not report.has_errors(), f"botocore rejects {job!r}:\n{report.generate_report()}"
    problems = list(model_violations(params, create_job_input()))
    assert not problems, f"{job!r} compiles outside botocore's model:\n" + "\n".join(problems)


@new_job_settings
@given(job=S.new_jobs())
def test_round_trip_new_job(job: NewJob) -> None:
    """from_botocore(to_botocore(x)) == x, also through JSON; equal jobs hash alike; the dict is fresh."""
    params = job.to_botocore()
    assert NewJob.from_botocore(params) == job
    loaded = json.loads(json.dumps(params, allow_nan=False))
    assert same_json(loaded, params)
    twin = NewJob.from_botocore(loaded)
    assert twin == job
    assert hash(twin) == hash(job)
    scramble(params)
    assert NewJob.from_botocore(job.to_botocore()) == job


NEW_JOB_REACHED: tuple[tuple[str, st.SearchStrategy[Any], Any], ...] = (
    ("most targets", S.new_jobs(), lambda j: len(j.targets) == L.TARGETS.maximum),
    ("most tags", S.new_jobs(), lambda j: j.tags is not None and len(j.tags) == L.TAGS.maximum),
    ("most package versions", S.new_jobs(),
     lambda j: len(j.destination_package_versions or ()) == L.DESTINATION_PACKAGE_VERSIONS.maximum),
    ("template job without a document", S.new_jobs(), lambda j: j.document is None and j.document_source is None),
    ("job with a schedule and document parameters", S.new_jobs(),
     lambda j: j.schedule is not None and j.document_parameters is not None),
)


@pytest.mark.filterwarnings("ignore:Generating overly large repr:hypothesis.errors.HypothesisWarning")
@pytest.mark.parametrize(("what", "strategy", "condition"), NEW_JOB_REACHED, ids=[r[0] for r in NEW_JOB_REACHED])
def test_new_job_strategies_reach(what: str, strategy: st.SearchStrategy[Any], condition: Any) -> None:
    """The NewJob strategy reaches the count limits and the template-only shapes."""
    find(strategy, condition, settings=_find_settings)
