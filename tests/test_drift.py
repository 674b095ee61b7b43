"""Drift between botocore's iot model and iotjobs: UpdateJob's members, bounds, enums and patterns.

botocore ships a new model whenever AWS changes the API. These tests walk the installed model's ``UpdateJob``
input shape and fail, naming the member, when iotjobs' wire format or its table of limits no longer matches it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

import attrs
import pytest
from botocore.model import ListShape, Shape, StructureShape
from botocore.session import get_session
from botocore.validate import ParamValidator

from iotjobs import (
    FAILED,
    LIMITS,
    TIMED_OUT,
    Abort,
    FailureType,
    JobUpdate,
    Limit,
    PresignedUrl,
    Retry,
    Rollout,
    Timeout,
    ValidationError,
)
from iotjobs import _limits as L
from iotjobs._model import CREATE_JOB

# The one entry of LIMITS that is no model member: the retries summed over a retry config's criteria.
PSEUDO_LIMITS = {"numberOfRetries (sum)"}
# ... and the prose-only time rules of a CreateJob schedulingConfig.
PSEUDO_LIMITS |= {"endTime - startTime (minutes)", "startTime - now (minutes)", "endTime - now (minutes)"}
# ... and CreateJob's list items and map keys and values, which are no structure members.
PSEUDO_LIMITS |= {"targets[]", "destinationPackageVersions[]", "documentParameters (key)", "documentParameters (value)"}

# A request with every member iotjobs can send, each list with two items.
FULLEST = JobUpdate(
    "job-1",
    description="Firmware 2.0 for the fleet",
    presigned_url=PresignedUrl("arn:aws:iam::123456789012:role/iot-jobs-s3", expires_in_sec=600),
    rollout=Rollout.exponential(10, 1.5, notified_things=100, succeeded_things=50, maximum_per_minute=500),
    abort=Abort.when(FAILED, 50, min_executed_things=10).or_when(TIMED_OUT, 10.25, min_executed_things=100),
    timeout=Timeout.minutes(60),
    retry=Retry.on(FAILED, 3).and_on(TIMED_OUT, 2),
    namespace_id="greengrass",
)


@attrs.frozen
class Member:
    """One member of the model, at any depth of UpdateJob's input."""

    path: str  # "abortConfig.criteriaList[].failureType": "[]" stands for every item of a list
    name: str  # "failureType"
    parent: str  # the structure shape that holds it: "AbortCriteria"
    shape: Shape
    required: bool  # whether the holding structure requires it

    @property
    def metadata(self) -> dict[str, Any]:
        return self.shape.metadata


@cache
def update_job_input() -> StructureShape:
    """botocore's ``UpdateJob`` input shape."""
    shape = get_session().get_service_model("iot").operation_model("UpdateJob").input_shape
    assert shape is not None
    return shape


@cache
def create_job_input() -> StructureShape:
    """botocore's ``CreateJob`` input shape."""
    shape = get_session().get_service_model("iot").operation_model("CreateJob").input_shape
    assert shape is not None
    return shape


@cache
def limited_members() -> tuple[Member, ...]:
    """The members whose bounds iotjobs' limits table must match: UpdateJob's and CreateJob's (shared shapes once)."""
    seen = {(m.name, m.parent) for m in model_members()}
    extra = tuple(m for m in _walk(create_job_input(), "") if (m.name, m.parent) not in seen)
    return model_members() + tuple({(m.name, m.parent): m for m in extra}.values())


def _walk(structure: StructureShape, prefix: str) -> Iterator[Member]:
    for name, shape in structure.members.items():
        path = f"{prefix}.{name}" if prefix else name
        yield Member(path, name, structure.name, shape, name in structure.required_members)
        item_path = path
        while isinstance(shape, ListShape):  # a list's members are those of its item shape
            item_path += "[]"
            shape = shape.member
        if isinstance(shape, StructureShape):
            yield from _walk(shape, item_path)


@cache
def model_members() -> tuple[Member, ...]:
    """Every member of UpdateJob's input, depth first."""
    return tuple(_walk(update_job_input(), ""))


def key_paths(data: object, prefix: str = "") -> Iterator[str]:
    """Every key path of a compiled request, in the notation of `Member.path`."""
    if isinstance(data, Mapping):
        for key, value in data.items():
            path = f"{prefix}.{key}" if prefix else key
            yield path
            yield from key_paths(value, path)
    elif isinstance(data, list):
        for item in data:
            yield from key_paths(item, f"{prefix}[]")


def limit_for(member: Member) -> Limit | None:
    """The Limit of ``member`` in iotjobs' table, matched by member name and holding shape."""
    found = [limit for limit in LIMITS if (limit.member, limit.shape) == (member.name, member.parent)]
    assert len(found) <= 1, f"iotjobs._limits has {len(found)} Limits for {member.parent}.{member.name}"
    return found[0] if found else None


def fail_on(problems: list[str]) -> None:
    """Fail with every problem, one a line."""
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def _num(value: object) -> str:
    return repr(value) if value is not None else "none"


# -- members --------------------------------------------------------------------------------------------------------


def test_fullest_update_is_valid_for_botocore() -> None:
    """The fullest JobUpdate used below is a request botocore accepts."""
    report = ParamValidator().validate(FULLEST.to_botocore(), update_job_input())
    assert not report.has_errors(), report.generate_report()


def test_iotjobs_covers_every_model_member() -> None:
    """Every member of botocore's UpdateJob, at any depth, is one iotjobs can send."""
    sent = set(key_paths(FULLEST.to_botocore()))
    fail_on([
        f"botocore's UpdateJob has member {m.path} (shape {m.shape.name}, in {m.parent}) that iotjobs does not know"
        for m in model_members()
        if m.path not in sent
    ])


def test_iotjobs_sends_only_model_members() -> None:
    """Every member iotjobs sends exists in botocore's UpdateJob."""
    known = {m.path for m in model_members()}
    fail_on([
        f"iotjobs sends {path}, which botocore's UpdateJob does not have"
        for path in dict.fromkeys(key_paths(FULLEST.to_botocore()))
        if path not in known
    ])


def test_iotjobs_parses_every_model_member() -> None:
    """JobUpdate.from_botocore reads back a request that sets every member of the model."""
    assert JobUpdate.from_botocore(FULLEST.to_botocore()) == FULLEST


def _without(data: Any, steps: list[str]) -> None:
    """Delete the member at ``steps`` from ``data``, in every item of the lists on the way."""
    step, rest = steps[0], steps[1:]
    if step.endswith("[]"):
        for item in data[step[:-2]]:
            _without(item, rest)
    elif rest:
        _without(data[step], rest)
    else:
        del data[step]


def test_iotjobs_requires_what_the_model_requires() -> None:
    """A request without a member botocore requires is a ValidationError naming that member."""
    problems = []
    for member in (m for m in model_members() if m.required):
        request: Any = FULLEST.to_botocore()
        _without(request, member.path.split("."))
        expected = member.path.replace("[]", "[0]")
        try:
            JobUpdate.from_botocore(request)
        except ValidationError as error:
            if expected not in [e.path for e in error.errors]:
                problems.append(f"without {member.path} (required by botocore) iotjobs reports "
                                f"{[e.path for e in error.errors]}, not {expected}")
        else:
            problems.append(f"botocore requires {member.path}, but iotjobs accepts a request without it")
    fail_on(problems)


# -- bounds, enums, patterns ---------------------------------------------------------------------------------------


def test_limits_name_only_model_members() -> None:
    """Every Limit in iotjobs._limits names a member (and its holding shape) that botocore's model has."""
    pairs = {(m.name, m.parent) for m in limited_members()}
    shapes = {m.parent for m in limited_members()}
    problems = []
    for limit in LIMITS:
        if limit.member in PSEUDO_LIMITS:
            if limit.shape not in shapes:
                problems.append(f"iotjobs' pseudo-limit {limit.member!r} is on shape {limit.shape}, "
                                "which botocore's model does not have")
        elif (limit.member, limit.shape) not in pairs:
            problems.append(f"iotjobs._limits has a Limit for {limit.shape}.{limit.member}, "
                            "which botocore's model does not have")
    fail_on(problems)


def test_limit_types_match_the_model() -> None:
    """Each Limit's type is its member's type in the model (``enum`` for a string with an enum)."""
    problems = []
    for member in limited_members():
        limit = limit_for(member)
        if limit is None:
            continue
        model_type = "enum" if member.metadata.get("enum") else member.shape.type_name
        if limit.type != model_type:
            problems.append(f"{member.path} is a {model_type} in botocore's model, but iotjobs' Limit says "
                            f"{limit.type}")
    fail_on(problems)


def test_iotjobs_carries_every_model_bound() -> None:
    """Every min/max of botocore's model is in iotjobs' Limit for that member, with the same or a stricter value."""
    problems = []
    for member in limited_members():
        meta = member.metadata
        if "min" not in meta and "max" not in meta:
            continue
        limit = limit_for(member)
        if limit is None:
            problems.append(f"botocore's model bounds {member.path} (min {_num(meta.get('min'))}, "
                            f"max {_num(meta.get('max'))}), but iotjobs._limits has no Limit for "
                            f"{member.parent}.{member.name}")
            continue
        if "min" in meta and (limit.minimum is None or limit.minimum < meta["min"]):
            problems.append(f"botocore's model has min {meta['min']} on {member.path}, but iotjobs' Limit "
                            f"has minimum {_num(limit.minimum)}")
        if "max" in meta and (limit.maximum is None or limit.maximum > meta["max"]):
            problems.append(f"botocore's model has max {meta['max']} on {member.path}, but iotjobs' Limit "
                            f"has maximum {_num(limit.maximum)}")
    fail_on(problems)


def _implied_minimum(member: Member) -> int | None:
    """A pattern like ``[...]+`` that must match the whole string implies at least one character."""
    pattern = member.metadata.get("pattern")
    return 1 if member.shape.type_name == "string" and pattern and pattern.endswith("+") else None


def test_model_bounds_iotjobs_claims_are_the_models() -> None:
    """A bound iotjobs attributes to the model (not to prose or its own decision) is the model's bound."""
    by_key = {(m.name, m.parent): m for m in limited_members()}
    problems = []
    for limit in LIMITS:
        member = by_key.get((limit.member, limit.shape))
        if member is None:
            continue  # reported by test_limits_name_only_model_members
        meta = member.metadata
        for bound, key in (("minimum", "min"), ("maximum", "max")):
            ours = getattr(limit, bound)
            if ours is None or bound in limit.prose:
                continue
            theirs = meta.get(key)
            if theirs is None and bound == "minimum":
                theirs = _implied_minimum(member)
            if theirs != ours:
                problems.append(f"iotjobs' Limit gives {member.path} the {bound} {ours} from {limit.source_of(bound)}, "
                                f"but botocore's model has {key} {_num(theirs)}")
    fail_on(problems)


def test_enums_match_the_model() -> None:
    """The failureType and action values iotjobs accepts are exactly the model's enum values."""
    problems = []
    for member in limited_members():
        enum = member.metadata.get("enum")
        limit = limit_for(member)
        if enum:
            if limit is None:
                problems.append(f"botocore's model restricts {member.path} to {enum}, but iotjobs._limits has "
                                f"no Limit for {member.parent}.{member.name}")
            elif set(limit.values) != set(enum):
                problems.append(f"botocore's model allows {sorted(enum)} in {member.path}, but iotjobs' Limit "
                                f"allows {sorted(limit.values)}")
        elif limit is not None and limit.values:
            problems.append(f"iotjobs' Limit restricts {member.path} to {list(limit.values)}, but botocore's "
                            "UpdateJob has no enum there")
    fail_on(problems)


def test_failure_type_enum_matches_the_model() -> None:
    """FailureType has exactly the values of botocore's JobExecutionFailureType, of which retries take a subset."""
    failure_types = {m.shape.name: set(m.metadata["enum"]) for m in model_members() if m.name == "failureType"}
    ours = {member.value for member in FailureType}
    assert failure_types, "botocore's UpdateJob has no failureType member any more"
    widest = set().union(*failure_types.values())
    assert ours == widest, f"botocore's failure types are {sorted(widest)}, iotjobs' FailureType has {sorted(ours)}"


def test_patterns_match_the_model() -> None:
    """A pattern iotjobs attributes to the model is the model's pattern, and no model pattern is dropped."""
    problems = []
    for member in limited_members():
        pattern = member.metadata.get("pattern")
        limit = limit_for(member)
        claims_model = limit is not None and limit.pattern is not None and "pattern" not in limit.prose
        if pattern is not None:
            if limit is None or limit.pattern is None:
                problems.append(f"botocore's model requires {member.path} to match {pattern}, but iotjobs "
                                "checks no pattern there")
            elif claims_model and limit.pattern != pattern:
                problems.append(f"botocore's model requires {member.path} to match {pattern}, but iotjobs' "
                                f"Limit (which cites the model) has {limit.pattern}")
        elif claims_model:
            assert limit is not None
            problems.append(f"iotjobs' Limit cites the model for the pattern {limit.pattern} of {member.path}, "
                            "but botocore's model has no pattern there")
    fail_on(problems)


# -- CreateJob -----------------------------------------------------------------------------------------------------


def test_create_job_model_matches_botocore() -> None:
    """iotjobs' CreateJob operation has botocore's members, in its order, with its required ones."""
    shape = create_job_input()
    assert [m.name for m in CREATE_JOB.members] == list(shape.members)
    assert {m.name for m in CREATE_JOB.members if m.required} == set(shape.required_members)
    for member in CREATE_JOB.members:
        assert member.shape.type == shape.members[member.name].type_name, member.name
        located = shape.members[member.name].serialization.get("location", "body")
        assert member.location == located, member.name


def test_create_job_item_limits_match_the_model() -> None:
    """The limits iotjobs keeps for CreateJob's list items and map keys/values carry the model's bounds."""
    shape = create_job_input()
    items = {
        L.TARGET_ARN: shape.members["targets"].member,  # type: ignore[attr-defined]
        L.PACKAGE_VERSION_ARN: shape.members["destinationPackageVersions"].member,  # type: ignore[attr-defined]
        L.DOCUMENT_PARAMETER_KEY: shape.members["documentParameters"].key,  # type: ignore[attr-defined]
        L.DOCUMENT_PARAMETER_VALUE: shape.members["documentParameters"].value,  # type: ignore[attr-defined]
    }
    problems = []
    for limit, item in items.items():
        meta = item.metadata
        if "max" in meta and (limit.maximum is None or limit.maximum > meta["max"]):
            problems.append(f"{limit.member}: botocore's max {meta['max']}, iotjobs' {limit.maximum}")
        if "min" in meta and (limit.minimum is None or limit.minimum < meta["min"]):
            problems.append(f"{limit.member}: botocore's min {meta['min']}, iotjobs' {limit.minimum}")
        if "pattern" in meta and "pattern" not in limit.prose and limit.pattern != meta["pattern"]:
            problems.append(f"{limit.member}: botocore's pattern {meta['pattern']}, iotjobs' {limit.pattern}")
    fail_on(problems)
