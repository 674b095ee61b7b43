"""Hostile input: any value of any type, through every builder, every ``from_botocore`` and the CLI.

The only outcomes allowed are the documented ones: a `ValidationError` (`MalformedResponseError` for a response)
whose message stays short whatever the value, an `UnreadableConfigWarning` for a response config iotjobs cannot
read, or an object that compiles to JSON; the CLI exits 0 or 252 (invalid input), never raises.

Hypothesis' deadline is set to a generous 10 s per example here (the shared profile has none): it is not a
timing test, it catches super-linear blow-ups (the YAML parser once took 39 s on 100000 open brackets).
Memory is bounded with tracemalloc where an input could expand (a YAML alias bomb).
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import tracemalloc
import warnings
from collections.abc import Callable, Iterator
from datetime import timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iotjobs import (
    FAILED,
    Abort,
    AbortCriterion,
    FailureType,
    Job,
    JobProcessDetails,
    JobUpdate,
    MalformedResponseError,
    PresignedUrl,
    Retry,
    RetryCriterion,
    Rollout,
    Timeout,
    ValidationError,
)
from iotjobs._job import UnreadableConfigWarning
from iotjobs.cli import main

HOSTILE = settings(
    max_examples=150,
    deadline=timedelta(seconds=10),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Bounds on what an error shows: each line (path, value, message) stays short, and at most 100 problems plus a
# "... and N more" line are listed (iotjobs._errors).
MAX_LINE = 1000
MAX_LINES = 1 + 100 + 1


class Text(str):
    """A str subclass, as some JSON decoders and ORMs hand out."""


class Doc(dict):  # type: ignore[type-arg]
    """A dict subclass."""


def _deep_list(depth: int) -> list[Any]:
    root: list[Any] = []
    node = root
    for _ in range(depth):
        child: list[Any] = []
        node.append(child)
        node = child
    return root


def _deep_dict(depth: int, key: str) -> dict[str, Any]:
    root: dict[str, Any] = {}
    node = root
    for _ in range(depth):
        child: dict[str, Any] = {}
        node[key] = child
        node = child
    return root


class DeepList(list):  # type: ignore[type-arg]
    """A deep list whose own repr is short (hypothesis prints examples); its items are plain lists."""

    def __repr__(self) -> str:
        return f"DeepList(<{len(self)} item nested 50000 deep>)"


class DeepDict(dict):  # type: ignore[type-arg]
    """A deep dict whose own repr is short; its values are plain dicts."""

    def __repr__(self) -> str:
        return f"DeepDict(<{list(self)} nested 50000 deep>)"


HUGE_TEXT = "[default]\naws_secret_access_key = " + "S" * 200_000
# Built once: deeper than the recursion limit, so anything that recurses on a value fails on these.
DEEP = (_deep_list(50_000), _deep_dict(50_000, "criteriaList"), _deep_dict(50_000, "jobId"))
DEEP_WRAPPED = (DeepList(DEEP[0]), DeepDict(DEEP[1]), DeepDict(DEEP[2]))

MEMBERS = (
    "jobId", "description", "presignedUrlConfig", "jobExecutionsRolloutConfig", "abortConfig", "timeoutConfig",
    "namespaceId", "jobExecutionsRetryConfig", "maximumPerMinute", "exponentialRate", "baseRatePerMinute",
    "incrementFactor", "rateIncreaseCriteria", "numberOfNotifiedThings", "numberOfSucceededThings", "criteriaList",
    "failureType", "action", "thresholdPercentage", "minNumberOfExecutedThings", "numberOfRetries",
    "inProgressTimeoutInMinutes", "roleArn", "expiresInSec", "job", "status", "targets", "createdAt",
    "jobProcessDetails", "numberOfFailedThings", "processingTargets", "documentParameters", "scheduledJobRollouts",
    "targetSelection", "forceCanceled", "documentSource",
)

scalars: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([0, 1, -1, 2**31 - 1, 2**31, 2**63, 10**308, 10**400, -(10**400), 2**1024]),
    st.floats(),  # NaN and infinities included
    st.text(max_size=30),
    st.sampled_from(["FAILED", "TIMED_OUT", "ALL", "REJECTED", "CANCEL", "COMPLETED", "2024-03-01T12:00:00Z",
                     "arn:aws:iam::123456789012:role/r", HUGE_TEXT, "\x00", "\ud800"]),
    st.sampled_from(list(FailureType)),
    st.builds(Text, st.text(max_size=20)),
    st.binary(max_size=20),
    st.builds(bytearray, st.binary(max_size=5)),
    st.decimals(),
    st.fractions(),
    st.complex_numbers(),
    st.datetimes(timezones=st.none() | st.just(timezone.utc)),
    st.from_type(range),
    st.integers(0, len(DEEP) - 1).map(lambda index: DEEP_WRAPPED[index]),
)
keys: st.SearchStrategy[Any] = st.one_of(st.sampled_from(MEMBERS), st.text(max_size=10), st.builds(Text, st.text()))


def _containers(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.lists(children, max_size=4),
        st.lists(children, max_size=3).map(tuple),
        st.dictionaries(keys, children, max_size=5),
        st.dictionaries(keys, children, max_size=3).map(Doc),
        st.frozensets(st.integers(), max_size=3),
        st.sets(st.text(max_size=3), max_size=3),
    )


values: st.SearchStrategy[Any] = st.recursive(scalars, _containers, max_leaves=25)
objects: st.SearchStrategy[Any] = st.one_of(
    st.dictionaries(keys, values, max_size=8), st.dictionaries(keys, values, max_size=4).map(Doc), values
)


def _valid_builders() -> st.SearchStrategy[Any]:
    return st.sampled_from([
        Rollout.constant(10), Abort.when(FAILED, 10), Retry.on(FAILED, 1), Timeout.minutes(5),
        PresignedUrl("arn:aws:iam::123456789012:role/r"), AbortCriterion(FAILED, 10), RetryCriterion(FAILED, 1),
    ])


def _check_error(error: ValidationError) -> None:
    """A raised error has problems, and its message is bounded whatever the value."""
    assert error.errors, "an error without problems"
    lines = str(error).splitlines()
    assert len(lines) <= MAX_LINES
    assert all(len(line) <= MAX_LINE for line in lines), max(lines, key=len)[:200]
    assert HUGE_TEXT not in str(error)
    for field_error in error.errors:
        assert len(repr(field_error)) <= 2 * MAX_LINE


def _compiles(result: object) -> None:
    """A built object compiles to plain JSON: no NaN, no huge int, no subclass surprises."""
    to_botocore = getattr(result, "to_botocore", None)
    if to_botocore is not None:
        json.dumps(to_botocore(), allow_nan=False)


def _outcome(call: Callable[[], object]) -> object:
    """Run ``call``; only a ValidationError (checked) or a result that compiles is allowed."""
    try:
        result = call()
    except ValidationError as error:
        _check_error(error)
        return error
    _compiles(result)
    return result


# -- builders ------------------------------------------------------------------------------------------------


BUILDERS: dict[str, Callable[[Any, Any, Any, Any, Any], object]] = {
    "Rollout.constant": lambda a, b, c, d, e: Rollout.constant(a),
    "Rollout.exponential": lambda a, b, c, d, e: Rollout.exponential(
        a, b, notified_things=c, succeeded_things=d, maximum_per_minute=e),
    "Rollout()": lambda a, b, c, d, e: Rollout(maximum_per_minute=a, base_rate_per_minute=b, increment_factor=c,
                                               notified_things=d, succeeded_things=e),
    "Abort.when": lambda a, b, c, d, e: Abort.when(a, b, min_executed_things=c),
    "Abort.or_when": lambda a, b, c, d, e: Abort.when(FAILED, 10).or_when(a, b, min_executed_things=c),
    "Abort()": lambda a, b, c, d, e: Abort(a),
    "AbortCriterion()": lambda a, b, c, d, e: AbortCriterion(a, b, c),
    "Retry.on": lambda a, b, c, d, e: Retry.on(a, b),
    "Retry.and_on": lambda a, b, c, d, e: Retry.on(FAILED, 1).and_on(a, b),
    "Retry()": lambda a, b, c, d, e: Retry(a),
    "RetryCriterion()": lambda a, b, c, d, e: RetryCriterion(a, b),
    "Timeout.minutes": lambda a, b, c, d, e: Timeout.minutes(a),
    "Timeout()": lambda a, b, c, d, e: Timeout(in_progress_minutes=a),
    "PresignedUrl()": lambda a, b, c, d, e: PresignedUrl(a, b),
    "JobUpdate()": lambda a, b, c, d, e: JobUpdate(a, description=b, namespace_id=c, rollout=d, abort=e),
    "JobUpdate.with_*": lambda a, b, c, d, e: JobUpdate("job").with_retry(a).with_timeout(b)
    .with_presigned_url(c).with_description(d).with_namespace_id(e),
}


@pytest.mark.parametrize("name", BUILDERS)
@HOSTILE
@given(args=st.tuples(values, values, values, values, values), data=st.data())
def test_builders_raise_only_validation_errors(name: str, args: tuple[Any, ...], data: st.DataObject) -> None:
    """Any five values through a builder: a ValidationError with a bounded message, or a config that compiles."""
    # Sometimes a valid builder in a slot that expects one, so that the other slots are what is wrong.
    mixed = [data.draw(_valid_builders()) if data.draw(st.integers(0, 5)) == 0 else value for value in args]
    _outcome(lambda: BUILDERS[name](*mixed))


FROM_BOTOCORE = (Rollout, Abort, AbortCriterion, Retry, RetryCriterion, Timeout, PresignedUrl, JobUpdate)


@pytest.mark.parametrize("cls", FROM_BOTOCORE, ids=lambda cls: cls.__name__)
@HOSTILE
@given(data=objects)
def test_from_botocore_raises_only_validation_errors(cls: type[Any], data: Any) -> None:
    """Any value through X.from_botocore: a ValidationError with a bounded message, or a config that compiles."""
    _outcome(lambda: cls.from_botocore(data))


def _jobs() -> st.SearchStrategy[Any]:
    """Responses that are close to valid (a job with an id) as often as wholly arbitrary."""
    job = st.dictionaries(keys, values, max_size=8).map(lambda d: {"jobId": "job-1", **d})
    return st.one_of(objects, job.map(lambda job: {"job": job}), job, st.builds(lambda j: {"job": j}, values))


@HOSTILE
@given(response=_jobs())
def test_job_from_botocore_raises_only_malformed_response_errors(response: Any) -> None:
    """Any response through Job.from_botocore: a MalformedResponseError, a warned config, or a Job."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnreadableConfigWarning)
        try:
            job = Job.from_botocore(response)
        except MalformedResponseError as error:
            _check_error(error)
            return
    assert type(job.job_id) is str
    assert all(type(target) is str for target in job.targets)
    for stamp in (job.created_at, job.last_updated_at, job.completed_at):
        assert stamp is None or stamp.utcoffset() == timedelta(0)
    _compiles(job.to_update())
    hash(job)


@HOSTILE
@given(data=objects)
def test_process_details_from_botocore(data: Any) -> None:
    """Any value through JobProcessDetails.from_botocore: a MalformedResponseError or non-negative int counts."""
    try:
        process = JobProcessDetails.from_botocore(data)
    except MalformedResponseError as error:
        _check_error(error)
        return
    assert all(type(count) is int and count >= 0 for count in (process.succeeded, process.failed, process.total))


@pytest.mark.parametrize("value", DEEP, ids=["list", "dict-criteria", "dict-job-id"])
def test_nesting_deeper_than_the_recursion_limit(value: Any) -> None:
    """A value nested 50000 levels deep gets a ValidationError everywhere, never a RecursionError."""
    for call in (
        lambda: JobUpdate.from_botocore({"jobId": "a", "abortConfig": value}),
        lambda: JobUpdate("a", description=value),
        lambda: Abort.from_botocore(value),
        lambda: Abort.when(value, 10),
    ):
        with pytest.raises(ValidationError) as info:
            call()
        _check_error(info.value)
    with pytest.raises(MalformedResponseError) as malformed:
        Job.from_botocore({"job": {"jobId": "a", "targets": value}})
    _check_error(malformed.value)


@pytest.mark.parametrize(
    ("call", "path"),
    [
        pytest.param(lambda: Abort.when([], 10), "criteriaList[0].failureType", id="unhashable-failure-type"),  # type: ignore[arg-type]
        pytest.param(lambda: Retry.on({}, 1), "criteriaList[0].failureType", id="unhashable-retry-type"),  # type: ignore[arg-type]
        pytest.param(lambda: Abort.when(FAILED, 10**400), "criteriaList[0].thresholdPercentage", id="int-past-double"),
        pytest.param(lambda: Rollout.exponential(10, 10**400, notified_things=1), "exponentialRate.incrementFactor",
                     id="factor-past-double"),
        pytest.param(lambda: Abort(None), "criteriaList", id="criteria-none"),  # type: ignore[arg-type]
        pytest.param(lambda: Retry(5), "criteriaList", id="criteria-int"),  # type: ignore[arg-type]
        pytest.param(lambda: Abort("FAILED"), "criteriaList", id="criteria-str"),  # type: ignore[arg-type]
        pytest.param(lambda: Retry({"FAILED": 1}), "criteriaList", id="criteria-dict"),  # type: ignore[dict-item]
        pytest.param(lambda: JobUpdate(b"job"), "jobId", id="bytes-job-id"),  # type: ignore[arg-type]
    ],
)
def test_named_hostile_values(call: Callable[[], object], path: str) -> None:
    """The hostile values the issue names: each one problem naming the member."""
    with pytest.raises(ValidationError) as info:
        call()
    assert [error.path for error in info.value.errors] == [path]


def test_the_largest_double_is_accepted_where_limits_allow_it() -> None:
    """The edge of the double bound: an int equal to the largest double passes the type check (the bound then
    speaks), one past it is refused as not fitting a double."""
    from iotjobs._guards import DOUBLE_MAX

    at_edge = int(DOUBLE_MAX)
    past = at_edge + 2**971  # the next integer a double could not round to DOUBLE_MAX
    with pytest.raises(ValidationError, match="must be at most 100"):
        Abort.when(FAILED, at_edge)
    with pytest.raises(ValidationError, match="must fit in a double"):
        Abort.when(FAILED, past)
    assert float(at_edge) == DOUBLE_MAX
    assert math.isinf(float(at_edge) * 2)


# -- the command ---------------------------------------------------------------------------------------------

UPDATE_OPTIONS = (
    "--job-id", "--description", "--abort-config", "--job-executions-rollout-config", "--timeout-config",
    "--job-executions-retry-config", "--presigned-url-config", "--namespace-id",
)


def _run(argv: list[str]) -> tuple[int, str]:
    """Run the command in-process; return its exit code and stderr. It must never raise."""
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        code = main(argv)
    return code, err.getvalue()


def _json_text(value: Any) -> str:
    def default(item: object) -> object:
        if isinstance(item, bytes | bytearray):
            return item.decode("latin-1")
        if isinstance(item, set | frozenset):
            return list(item)
        return str(item)

    try:
        return json.dumps(value, default=default)
    except (ValueError, TypeError, RecursionError):  # a key JSON cannot carry, a deep value
        return repr(value)[:1000]


option_texts = st.one_of(st.text(max_size=40), values.map(_json_text), st.sampled_from([
    "[" * 10_000, "{" * 10_000, "criteriaList=" + "[" * 5_000, "9" * 5_000, "1e999", "NaN", "-Infinity",
    "criteriaList=[{failureType=FAILED,action=CANCEL,thresholdPercentage=" + "1" * 5000 + "}]",
]))


@settings(HOSTILE, max_examples=100)
@given(pairs=st.lists(st.tuples(st.sampled_from(UPDATE_OPTIONS), option_texts), max_size=4),
       document=st.none() | objects.map(_json_text) | st.sampled_from(["[" * 100_000, '{"jobId": ' + "1" * 5000]))
def test_cli_exits_252_for_any_invalid_input(pairs: list[tuple[str, str]], document: str | None) -> None:
    """Hostile option values and --cli-input-json: exit 0 (a valid dry run) or 252, never a traceback."""
    argv = ["update-job", "--dry-run"]
    for option, text in pairs:
        argv += [option, text]
    if document is not None:
        argv += ["--cli-input-json", document]
    code, err = _run(argv)
    assert code in (0, 252), err[-2000:]
    assert "Traceback" not in err
    assert len(err) < 20_000


@settings(HOSTILE, max_examples=60)
@given(document=objects)
def test_cli_yaml_input_exits_252_for_any_invalid_document(document: Any) -> None:
    """Any document as --cli-input-yaml (YAML is a superset of JSON): exit 0 or 252."""
    code, err = _run(["update-job", "--dry-run", "--cli-input-yaml", _json_text(document)])
    assert code in (0, 252), err[-2000:]


def _laughs(levels: int, width: int = 10) -> str:
    """The "billion laughs" document: ``width ** levels`` values written with ``levels * width`` aliases."""
    lines = ["l0: &l0 [" + ", ".join(["lol"] * width) + "]"]
    for level in range(1, levels):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * width) + "]")
    lines += ["jobId: job-1", f"description: *l{levels - 1}"]
    return "\n".join(lines) + "\n"


@contextlib.contextmanager
def _peak_memory() -> Iterator[list[int]]:
    """Yield a list that holds tracemalloc's peak (bytes) once the block is done."""
    peak: list[int] = []
    tracemalloc.start()
    try:
        yield peak
    finally:
        peak.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()


def test_a_yaml_alias_bomb_is_refused_not_expanded() -> None:
    """A billion laughs (10**9 values in 12 lines) is refused with exit 252, within a few MB."""
    with _peak_memory() as peak:
        code, err = _run(["update-job", "--dry-run", "--cli-input-yaml", _laughs(9)])
    assert code == 252
    assert "refused rather than expanded" in err
    assert peak[0] < 30 * 2**20


def test_aliases_below_the_bound_still_work() -> None:
    """Anchors and aliases are YAML: a document that stands for few values reads (here it is then invalid for
    the description, a list, not for its size)."""
    code, err = _run(["update-job", "--dry-run", "--cli-input-yaml", _laughs(3)])
    assert code == 252
    assert "description" in err
    assert "refused rather than expanded" not in err


def test_yaml_values_bound_both_sides() -> None:
    """A document of exactly the bound's values reads; one more value is refused."""
    from iotjobs.cli._request import YAML_MAX_VALUES, load_cli_input

    # The root mapping, its key, and its value: a list (1 node) of n scalars: 3 + n values in all.
    at_bound = "jobId: [" + ", ".join(["x"] * (YAML_MAX_VALUES - 3)) + "]\n"
    assert len(load_cli_input("--cli-input-yaml", at_bound)["jobId"]) == YAML_MAX_VALUES - 3
    from iotjobs.cli._errors import UsageError

    with pytest.raises(UsageError, match="more than 100000 values"):
        load_cli_input("--cli-input-yaml", at_bound.replace("[x", "[x, x"))


@pytest.mark.parametrize("kind", ["flow", "block"])
def test_yaml_depth_bound_both_sides(kind: str) -> None:
    """100 levels of nesting read; 101 are refused, in flow (``[[...]]``) and block style."""
    from iotjobs.cli._errors import UsageError
    from iotjobs.cli._request import YAML_MAX_DEPTH, load_cli_input

    def document(depth: int) -> str:  # the root mapping is one level; its value adds depth - 1 more
        if kind == "flow":
            return "jobId: " + "[" * (depth - 1) + "]" * (depth - 1) + "\n"
        return "".join(" " * level + f"k{level}:\n" for level in range(depth - 1)) + " " * (depth - 1) + "x\n"

    load_cli_input("--cli-input-yaml", document(YAML_MAX_DEPTH))
    with pytest.raises(UsageError, match="nested more than 100 levels deep"):
        load_cli_input("--cli-input-yaml", document(YAML_MAX_DEPTH + 1))


def test_deep_yaml_is_refused_quickly() -> None:
    """100000 open brackets: refused at the bound, without scanning the rest (it once took 39 s)."""
    with _peak_memory() as peak:
        code, err = _run(["update-job", "--dry-run", "--cli-input-yaml", "[" * 100_000])
    assert code == 252
    assert "nested more than 100 levels deep" in err
    assert peak[0] < 30 * 2**20


@pytest.mark.parametrize(
    "option", ["--description", "--abort-config", "--cli-input-json", "--cli-input-yaml", "--timeout-config"]
)
def test_a_secret_file_is_never_echoed_whole(option: str, tmp_path: Path) -> None:
    """A credentials file passed by mistake with file://: exit 252, and stderr shows at most a short excerpt."""
    secret = tmp_path / "credentials"
    body = "S" * 100_000
    secret.write_text(f"[default]\naws_secret_access_key = {body}\n")
    argv = ["update-job", "--dry-run", option, f"file://{secret}"]
    if option not in ("--cli-input-json", "--cli-input-yaml"):
        argv += ["--job-id", "job-1"]
    code, err = _run(argv)
    assert code == 252
    assert body not in err
    assert len(err) < 5_000


@pytest.mark.parametrize(
    "document",
    [
        pytest.param("[" * 100_000, id="deep-json"),
        pytest.param('{"jobId": ' + "1" * 5_000 + "}", id="int-beyond-4300-digits"),
        pytest.param('{"jobId": "a", "timeoutConfig": {"inProgressTimeoutInMinutes": 1e999}}', id="inf"),
    ],
)
def test_json_input_past_the_parser_limits(document: str) -> None:
    """Deep JSON and integers past Python's digit limit: exit 252 with a message, not 255."""
    code, err = _run(["update-job", "--dry-run", "--cli-input-json", document])
    assert code == 252
    assert "Invalid JSON in --cli-input-json" in err or "Parameter validation failed" in err


@pytest.mark.parametrize("text", ["[" * 100_000, '{"criteriaList": ' + "1" * 5_000 + "}"])
def test_option_values_past_the_parser_limits(text: str) -> None:
    """The same limits in an option's JSON value: exit 252."""
    code, err = _run(["update-job", "--dry-run", "--job-id", "a", "--abort-config", text])
    assert code == 252
    assert "--abort-config" in err


def test_a_valid_dry_run_still_exits_0() -> None:
    """The other side: a valid request with YAML anchors prints its dry run."""
    document = "jobId: job-1\ntimeoutConfig: &t {inProgressTimeoutInMinutes: 30}\n"
    code, err = _run(["update-job", "--dry-run", "--cli-input-yaml", document])
    assert (code, err) == (0, "")

