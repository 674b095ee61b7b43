"""The rule tables: each builder's fast all-valid test and its collecting checks agree, both ways."""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iotjobs import (
    ALL,
    FAILED,
    REJECTED,
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
    _abort,
    _new_job,
    _presigned,
    _retry,
    _rollout,
    _schedule,
    _timeout,
    _update,
)
from iotjobs._checks import Problems
from iotjobs._rules import Compiled, Rule, compile_rules
from iotjobs.testing import strategies as s

RULES: dict[type, Compiled] = {
    Rollout: _rollout._RULES,
    AbortCriterion: _abort._CRITERION_RULES,
    Abort: _abort._RULES,
    RetryCriterion: _retry._CRITERION_RULES,
    Retry: _retry._RULES,
    Timeout: _timeout._RULES,
    PresignedUrl: _presigned._RULES,
    JobUpdate: _update._RULES,
    MaintenanceWindow: _schedule._WINDOW_RULES,
    Schedule: _schedule._RULES,
    NewJob: _new_job._RULES,
}

# Values near every bound and of every wrong kind: what a user, a file or a hostile caller may hand a builder.
_numbers = st.one_of(
    st.integers(-3, 12),
    st.sampled_from([0, 1, 59, 60, 99, 100, 101, 999, 1000, 1001, 3600, 3601, 10080, 10081, 2**31 - 1, 2**31,
                     2**63, 10**400, -(2**31)]),
    st.sampled_from([0.0, 0.001, 0.01, 1.05, 1.1, 1.15, 1.5, 1.55, 4.9, 5.0, 5.1, 10.5, 10.555, 99.99, 100.0,
                     100.01, math.nan, math.inf, -math.inf, 1e308]),
    st.floats(allow_nan=True, allow_infinity=True),
)
_strings = st.one_of(
    st.text(max_size=8),
    st.sampled_from(["", "fw-42", "fw 42", "a" * 64, "a" * 65, "arn:aws:iam::123456789012:role/r",
                     "arn:aws:iam::123456789012:role/" + "r" * 2100, "line\nbreak", "x" * 19]),
)
_wrong = st.one_of(
    st.none(), st.booleans(), st.just([]), st.just({}), st.just(()), st.just(b"FAILED"), st.just(object()),
    st.just(["FAILED"]), st.just({"a": 1}),
)
_enums = st.sampled_from([FAILED, REJECTED, TIMED_OUT, ALL, "FAILED", "failed", "CANCEL"])
_builders = st.one_of(
    s.rollouts(), s.aborts(), s.retries(), s.timeouts(), s.presigned_urls(), s.abort_criteria(), s.retry_criteria(),
)
_criteria_tuples = st.one_of(
    st.lists(st.one_of(s.abort_criteria(), s.retry_criteria(), _wrong), max_size=4).map(tuple),
    st.lists(s.retry_criteria(), min_size=0, max_size=3).map(tuple),
    st.lists(s.abort_criteria(), min_size=0, max_size=3).map(tuple),
)
# Times: aware or naive, on a minute or not, around the schedule's 30-minute and 2-year spans.
_T0 = datetime(2027, 3, 1, 2, 0, tzinfo=timezone.utc)
_times = st.one_of(
    st.sampled_from([_T0 + timedelta(minutes=m) for m in (0, 29, 30, 31, 2 * 525600, 2 * 525600 + 1, -30)]),
    st.sampled_from([_T0.replace(tzinfo=None), _T0 + timedelta(seconds=1),
                     _T0.astimezone(timezone(timedelta(hours=5)))]),
)
_schedule_values = st.one_of(
    _times, st.sampled_from(["STOP_ROLLOUT", "CANCEL", "FORCE_CANCEL", "cancel"]),
    st.lists(st.one_of(s.maintenance_windows(), _wrong), max_size=3).map(tuple),
)
_THING = "arn:aws:iot:us-east-1:123456789012:thing/t"
_new_job_values = st.one_of(
    st.lists(st.sampled_from([_THING, "thing/t", "", 5]), max_size=3).map(tuple),
    st.dictionaries(st.sampled_from(["k", "", "a\tb", "k" * 129]), st.sampled_from(["v", "", 5, "v" * 257]),
                    max_size=2),
    st.sampled_from(["CONTINUOUS", "SNAPSHOT", "arn:aws:iot:x", Schedule(start=_T0)]),
)
ANY_VALUE = st.one_of(_numbers, _strings, _wrong, _enums, _builders, _criteria_tuples, _schedule_values,
                      _new_job_values)


def unchecked(cls: type, values: dict[str, Any]) -> Any:
    """An instance of a frozen attrs builder with ``values`` set as they are, its checks not run."""
    obj: Any = object.__new__(cls)
    for field in attrs.fields(cls):
        object.__setattr__(obj, field.name, values.get(field.name))
    return obj


def collected(compiled: Compiled, obj: object) -> list[str]:
    p = Problems()
    compiled.collect(obj, p)
    return [str(error) for error in p.errors]


@pytest.mark.parametrize("cls", list(RULES), ids=lambda c: c.__name__)
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_fast_test_and_checks_agree(cls: type, data: st.DataObject) -> None:
    """Whenever the fast test accepts, the checks find nothing, and whenever the checks find nothing, the fast
    test accepts (outside `relaxed_limits`)."""
    compiled = RULES[cls]
    values = {field.name: data.draw(ANY_VALUE, label=field.name) for field in attrs.fields(cls)}
    obj = unchecked(cls, values)
    problems = collected(compiled, obj)
    assert compiled.fast(obj) == (not problems), problems


@pytest.mark.parametrize("cls", list(RULES), ids=lambda c: c.__name__)
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_valid_builders_pass_the_fast_test(cls: type, data: st.DataObject) -> None:
    """Every valid builder the shipped strategies make passes its own fast test (the common path)."""
    strategy = {
        Rollout: s.rollouts(), AbortCriterion: s.abort_criteria(), Abort: s.aborts(),
        RetryCriterion: s.retry_criteria(), Retry: s.retries(), Timeout: s.timeouts(),
        PresignedUrl: s.presigned_urls(), JobUpdate: s.job_updates(),
        MaintenanceWindow: s.maintenance_windows(), Schedule: s.schedules(), NewJob: s.new_jobs(),
    }[cls]
    assert RULES[cls].fast(data.draw(strategy))


def test_generated_source_has_one_test_per_member_rule() -> None:
    """The fast test is generated, inline: no call per member (only cross-field rules are calls)."""
    source = _presigned._RULES.source
    assert "self.role_arn" in source
    assert "self.expires_in_sec" in source
    assert "lo_1 <= v1 <= " not in source  # bounds are written as two tests, each a constant comparison
    assert source.count("return False") == 2


def test_a_rule_table_with_a_cross_rule() -> None:
    """A cross-field rule is one predicate, used by the fast test and by the checks."""

    @attrs.frozen
    class Pair:
        low: int
        high: int

    compiled = compile_rules("Pair", (
        Rule.cross("high", lambda pair: pair.low <= pair.high, lambda pair: pair.high, "must not be below low"),
    ))
    assert compiled.fast(Pair(1, 2))
    assert not compiled.fast(Pair(3, 2))
    assert collected(compiled, Pair(3, 2)) == ["high = 2: must not be below low"]
    assert collected(compiled, Pair(1, 2)) == []
