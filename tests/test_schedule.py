"""Schedule, MaintenanceWindow and EndBehavior: the static rules, the rules relative to "now", the wire format."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from iotjobs import EndBehavior, MaintenanceWindow, Schedule, ValidationError, relaxed_limits
from iotjobs import _limits as L

UTC = timezone.utc
START = datetime(2027, 3, 1, 2, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)
SPAN_MIN = timedelta(minutes=L.SCHEDULE_WINDOW.minimum or 0)
SPAN_MAX = timedelta(minutes=L.SCHEDULE_WINDOW.maximum or 0)
CRON = "cron(0 2 * * ? *)"


def problems(call: Any) -> dict[str, str]:
    """Call ``call`` and return its ValidationError's problems as {path: message}."""
    with pytest.raises(ValidationError) as info:
        call()
    return {error.path: str(error) for error in info.value.errors}


# -- MaintenanceWindow ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("minutes", [1, 1430])
def test_window_duration_bounds_accepted(minutes: int) -> None:
    assert MaintenanceWindow(CRON, minutes).duration_minutes == minutes


@pytest.mark.parametrize("minutes", [0, 1431, -1])
def test_window_duration_out_of_bounds_refused(minutes: int) -> None:
    found = problems(lambda: MaintenanceWindow(CRON, minutes))
    assert list(found) == ["durationInMinutes"]
    assert str(minutes) in found["durationInMinutes"]
    assert "MaintenanceWindow" in found["durationInMinutes"]


def test_window_duration_relaxed_maximum_but_not_minimum() -> None:
    with relaxed_limits():
        assert MaintenanceWindow(CRON, 1431).duration_minutes == 1431
        with pytest.raises(ValidationError):
            MaintenanceWindow(CRON, 0)


@pytest.mark.parametrize("length", [1, 256])
def test_window_start_length_bounds_accepted(length: int) -> None:
    assert len(MaintenanceWindow("c" * length, 60).start) == length


@pytest.mark.parametrize("length", [0, 257])
def test_window_start_length_out_of_bounds_refused(length: int) -> None:
    assert list(problems(lambda: MaintenanceWindow("c" * length, 60))) == ["startTime"]


def test_window_wrong_types_all_reported() -> None:
    found = problems(lambda: MaintenanceWindow(5, "60"))  # type: ignore[arg-type]
    assert set(found) == {"startTime", "durationInMinutes"}


# -- Schedule: static rules ----------------------------------------------------------------------------------


def test_full_schedule_keeps_its_values() -> None:
    window = MaintenanceWindow(CRON, 120)
    schedule = Schedule(start=START, end=START + timedelta(days=7), end_behavior="CANCEL", maintenance_windows=[window])
    assert schedule.end_behavior is EndBehavior.CANCEL
    assert schedule.maintenance_windows == (window,)


def test_naive_datetimes_refused_with_a_clear_message() -> None:
    naive = datetime(2027, 3, 1, 2, 0)
    found = problems(lambda: Schedule(start=naive, end=naive + timedelta(days=1)))
    assert set(found) == {"startTime", "endTime"}
    assert "timezone-aware" in found["startTime"]
    assert "tzinfo=timezone.utc" in found["startTime"]


@pytest.mark.parametrize("extra", [timedelta(seconds=1), timedelta(microseconds=1)])
def test_times_off_the_minute_refused(extra: timedelta) -> None:
    found = problems(lambda: Schedule(start=START + extra))
    assert list(found) == ["startTime"]
    assert "whole minute" in found["startTime"]


def test_non_datetime_refused() -> None:
    found = problems(lambda: Schedule(start="2027-03-01T02:00"))  # type: ignore[arg-type]
    assert list(found) == ["startTime"]
    assert "datetime" in found["startTime"]


@pytest.mark.parametrize("span", [SPAN_MIN, SPAN_MAX])
def test_end_after_start_bounds_accepted(span: timedelta) -> None:
    assert Schedule(start=START, end=START + span).end == START + span


@pytest.mark.parametrize("span", [SPAN_MIN - MINUTE, SPAN_MAX + MINUTE])
def test_end_after_start_out_of_bounds_refused(span: timedelta) -> None:
    found = problems(lambda: Schedule(start=START, end=START + span))
    assert list(found) == ["endTime"]
    assert "after startTime" in found["endTime"]
    assert "SchedulingConfig" in found["endTime"]


def test_span_compares_instants_across_offsets() -> None:
    # 02:00 UTC and 04:30+02:00 are 30 minutes apart: the minimum, accepted.
    plus_two = timezone(timedelta(hours=2))
    assert Schedule(start=START, end=datetime(2027, 3, 1, 4, 30, tzinfo=plus_two)).end is not None
    with pytest.raises(ValidationError):
        Schedule(start=START, end=datetime(2027, 3, 1, 4, 29, tzinfo=plus_two))


@pytest.mark.parametrize("end", [START, START - timedelta(hours=1)])
def test_end_not_after_start_refused_even_relaxed(end: datetime) -> None:
    with relaxed_limits():
        found = problems(lambda: Schedule(start=START, end=end))
    assert list(found) == ["endTime"]
    assert "must be after startTime" in found["endTime"]


def test_relaxed_lifts_the_span_limits() -> None:
    with relaxed_limits():
        assert Schedule(start=START, end=START + MINUTE).end == START + MINUTE
        assert Schedule(start=START, end=START + SPAN_MAX + MINUTE).end == START + SPAN_MAX + MINUTE


def test_end_behavior_needs_an_end() -> None:
    found = problems(lambda: Schedule(start=START, end_behavior=EndBehavior.STOP_ROLLOUT))
    assert list(found) == ["endBehavior"]
    assert "needs an endTime" in found["endBehavior"]
    with relaxed_limits():
        assert Schedule(start=START, end_behavior="STOP_ROLLOUT").end_behavior is EndBehavior.STOP_ROLLOUT


@pytest.mark.parametrize("value", ["cancel", "STOP", 1, None])
def test_end_behavior_values(value: object) -> None:
    end = START + timedelta(days=1)
    if value is None:
        assert Schedule(start=START, end=end, end_behavior=None).end_behavior is None
        return
    found = problems(lambda: Schedule(start=START, end=end, end_behavior=value))
    assert "STOP_ROLLOUT, CANCEL, FORCE_CANCEL" in found["endBehavior"]


def test_every_end_behavior_accepted() -> None:
    for behavior in EndBehavior:
        assert Schedule(end=START, end_behavior=behavior.value).end_behavior is behavior


def test_empty_schedule_refused() -> None:
    assert list(problems(Schedule)) == ["schedulingConfig"]


def test_windows_must_be_maintenance_windows() -> None:
    found = problems(lambda: Schedule(maintenance_windows=[{"startTime": CRON, "durationInMinutes": 5}]))  # type: ignore[list-item]
    assert "item 0 must be a MaintenanceWindow, not dict" in found["maintenanceWindows"]
    found = problems(lambda: Schedule(maintenance_windows=CRON))  # type: ignore[arg-type]
    assert "sequence of MaintenanceWindow" in found["maintenanceWindows"]


def test_windows_alone_are_a_schedule() -> None:
    assert Schedule(maintenance_windows=[MaintenanceWindow(CRON, 60)]).start is None


def test_all_problems_at_once() -> None:
    found = problems(lambda: Schedule(start=datetime(2027, 1, 1), end_behavior="NOPE"))
    assert set(found) == {"startTime", "endBehavior"}


# -- Schedule.check_against ----------------------------------------------------------------------------------

NOW = datetime(2027, 1, 1, 12, 0, tzinfo=UTC)
AHEAD_MIN = timedelta(minutes=L.SCHEDULE_START_AHEAD.minimum or 0)
START_AHEAD_MAX = timedelta(minutes=L.SCHEDULE_START_AHEAD.maximum or 0)
END_AHEAD_MAX = timedelta(minutes=L.SCHEDULE_END_AHEAD.maximum or 0)


@pytest.mark.parametrize("ahead", [AHEAD_MIN, START_AHEAD_MAX])
def test_start_ahead_bounds_accepted(ahead: timedelta) -> None:
    Schedule(start=NOW + ahead).check_against(NOW)


@pytest.mark.parametrize("ahead", [AHEAD_MIN - MINUTE, START_AHEAD_MAX + MINUTE, -timedelta(days=1)])
def test_start_ahead_out_of_bounds_refused(ahead: timedelta) -> None:
    schedule = Schedule(start=NOW + ahead)
    found = problems(lambda: schedule.check_against(NOW))
    assert list(found) == ["startTime"]
    assert "after now (2027-01-01T12:00 UTC)" in found["startTime"]


@pytest.mark.parametrize("ahead", [AHEAD_MIN, END_AHEAD_MAX])
def test_end_ahead_bounds_accepted(ahead: timedelta) -> None:
    Schedule(end=NOW + ahead).check_against(NOW)


@pytest.mark.parametrize("ahead", [AHEAD_MIN - MINUTE, END_AHEAD_MAX + MINUTE])
def test_end_ahead_out_of_bounds_refused(ahead: timedelta) -> None:
    schedule = Schedule(end=NOW + ahead)
    assert list(problems(lambda: schedule.check_against(NOW))) == ["endTime"]


def test_check_against_reports_both_times() -> None:
    schedule = Schedule(start=NOW + timedelta(days=400), end=NOW + timedelta(days=800))
    assert set(problems(lambda: schedule.check_against(NOW))) == {"startTime", "endTime"}


def test_check_against_relaxed_accepts_anything() -> None:
    schedule = Schedule(start=NOW - timedelta(days=1))
    with relaxed_limits():
        schedule.check_against(NOW)


def test_check_against_ignores_windows_only_schedules() -> None:
    Schedule(maintenance_windows=[MaintenanceWindow(CRON, 60)]).check_against(NOW)


@pytest.mark.parametrize("now", [datetime(2027, 1, 1), "2027-01-01T00:00"])
def test_check_against_needs_an_aware_now(now: Any) -> None:
    with pytest.raises(TypeError, match="timezone-aware"):
        Schedule(start=START).check_against(now)


# -- wire ----------------------------------------------------------------------------------------------------


def test_to_botocore_sends_utc_minutes() -> None:
    plus_two = timezone(timedelta(hours=2))
    schedule = Schedule(start=datetime(2027, 3, 1, 4, 0, tzinfo=plus_two), end=datetime(2027, 3, 2, 0, 15, tzinfo=UTC),
                        end_behavior=EndBehavior.FORCE_CANCEL, maintenance_windows=[MaintenanceWindow(CRON, 90)])
    assert schedule.to_botocore() == {
        "startTime": "2027-03-01T02:00",
        "endTime": "2027-03-02T00:15",
        "endBehavior": "FORCE_CANCEL",
        "maintenanceWindows": [{"startTime": CRON, "durationInMinutes": 90}],
    }


def test_to_botocore_leaves_unset_members_out() -> None:
    assert Schedule(start=START).to_botocore() == {"startTime": "2027-03-01T02:00"}


def test_from_botocore_reads_utc() -> None:
    schedule = Schedule.from_botocore({"startTime": "2027-03-01T02:00", "endTime": "2027-03-01T02:30",
                                       "endBehavior": "CANCEL"})
    assert schedule == Schedule(start=START, end=START + SPAN_MIN, end_behavior=EndBehavior.CANCEL)
    assert schedule.start is not None
    assert schedule.start.utcoffset() == timedelta(0)


@pytest.mark.parametrize("text", ["2027-03-01T02:00:00", "2027-3-1T2:00", "2027-03-01 02:00", "2027-03-01T02:00Z",
                                  "tomorrow", "2027-02-30T02:00"])
def test_from_botocore_refuses_other_time_formats(text: str) -> None:
    found = problems(lambda: Schedule.from_botocore({"startTime": text}))
    assert list(found) == ["startTime"]
    assert "YYYY-MM-DDTHH:MM" in found["startTime"]


@pytest.mark.parametrize("value", ["", "2" * 65, 5])
def test_from_botocore_refuses_bad_strings(value: object) -> None:
    assert list(problems(lambda: Schedule.from_botocore({"startTime": value}))) == ["startTime"]


def test_from_botocore_reports_every_problem() -> None:
    found = problems(lambda: Schedule.from_botocore({
        "startTime": "soon", "endBehaviour": "CANCEL",
        "maintenanceWindows": [{"startTime": CRON}, {"startTime": CRON, "durationInMinutes": 0}],
    }))
    assert set(found) == {"startTime", "endBehaviour", "maintenanceWindows[0].durationInMinutes",
                          "maintenanceWindows[1].durationInMinutes"}
    assert "did you mean 'endBehavior'" in found["endBehaviour"]


def test_from_botocore_runs_the_static_rules() -> None:
    found = problems(lambda: Schedule.from_botocore({"startTime": "2027-03-01T02:00", "endTime": "2027-03-01T02:10"}))
    assert list(found) == ["endTime"]


def test_from_botocore_refuses_non_list_windows() -> None:
    found = problems(lambda: Schedule.from_botocore({"maintenanceWindows": {"startTime": CRON}}))
    assert list(found) == ["maintenanceWindows"]


def test_window_round_trip() -> None:
    window = MaintenanceWindow(CRON, 1430)
    assert MaintenanceWindow.from_botocore(window.to_botocore()) == window
