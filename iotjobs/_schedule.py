"""`Schedule` and `MaintenanceWindow`: when a new job starts and ends (CreateJob ``schedulingConfig``).

Two kinds of rules apply. The static ones (timezone-aware times on a whole minute, an end 30 minutes to 2 years
after the start, ``end_behavior`` only with an end, window durations 1-1430) are checked when a `Schedule` is
built. The ones relative to the clock (a start 30 minutes to 1 year ahead, an end 30 minutes to 2 years ahead) are
checked by `Schedule.check_against` at send time: the client and the command call it with the current UTC time just
before they send the request, so a schedule built in advance (or loaded from a file) is not refused for being
stale. Every time rule is prose in AWS's documentation, so `iotjobs.relaxed_limits` lifts both kinds.

These classes are not `NotebookDisplay`s yet: `iotjobs._display` (the renderer) has no view of them, so ``str()``
shows attrs' constructor-style text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any, ClassVar

import attrs

from iotjobs import _limits as L
from iotjobs import _wire
from iotjobs._checks import Problems
from iotjobs._enums import EndBehavior, end_behavior
from iotjobs._rules import Rule, compile_rules, sequence

__all__ = ["MaintenanceWindow", "Schedule"]


@attrs.frozen
class MaintenanceWindow:
    """A recurring window in which a scheduled job's rollout may run (botocore ``MaintenanceWindow``).

    ``start`` is a cron expression (1-256 characters; AWS does not document its dialect or time zone, so iotjobs
    checks only its length), ``duration_minutes`` how long the window stays open (1-1430).
    """

    start: str
    duration_minutes: int

    def __attrs_post_init__(self) -> None:
        _WINDOW_RULES.post_init(self)  # the rule table's generated check replaces this below

    def to_botocore(self) -> dict[str, Any]:
        """Return the ``MaintenanceWindow`` dict botocore sends."""
        return _wire.maintenance_window_to_wire(self)

    @classmethod
    def from_botocore(cls, data: Mapping[str, Any]) -> MaintenanceWindow:
        """Parse a ``MaintenanceWindow`` dict, exactly as strictly as the builder checks."""
        return _wire.parse(_wire.parse_maintenance_window, cls, data, "MaintenanceWindow.from_botocore")




def _windows(value: Iterable[MaintenanceWindow]) -> tuple[MaintenanceWindow, ...]:
    return sequence(value)  # typed per field, so that mypy flags the wrong kind of item


@attrs.frozen
class Schedule:
    """When a new job starts and ends (botocore ``SchedulingConfig``; UpdateJob cannot change it).

    ``start`` and ``end`` are timezone-aware `datetime.datetime` objects on a whole minute (AWS takes
    ``YYYY-MM-DDTHH:MM``; iotjobs sends them in UTC). The end must be 30 minutes to 2 years after the start;
    ``end_behavior`` (`EndBehavior`) says what happens to unfinished executions then and needs an end.
    ``maintenance_windows`` limit the rollout to recurring windows. Call `check_against` with the current time
    before sending: AWS wants a start 30 minutes to 1 year ahead and an end at most 2 years ahead.
    """

    start: datetime | None = attrs.field(default=None, kw_only=True)
    end: datetime | None = attrs.field(default=None, kw_only=True)
    end_behavior: EndBehavior | None = attrs.field(default=None, kw_only=True, converter=end_behavior)
    maintenance_windows: tuple[MaintenanceWindow, ...] = attrs.field(default=(), kw_only=True, converter=_windows)
    window_type: ClassVar[type[MaintenanceWindow]] = MaintenanceWindow

    def __attrs_post_init__(self) -> None:
        _RULES.post_init(self)  # the rule table's generated check replaces this below

    def check_against(self, now: datetime) -> None:
        """Raise `iotjobs.ValidationError` unless AWS would accept this schedule if it were sent at ``now``.

        AWS wants the start 30 minutes to 1 year after ``now`` and the end 30 minutes to 2 years after ``now``
        (API Reference, SchedulingConfig; a year counted as 365 days). ``now`` must be timezone-aware: pass
        ``datetime.now(timezone.utc)`` just before sending. Inside `iotjobs.relaxed_limits` nothing is checked.
        """
        if not isinstance(now, datetime) or now.utcoffset() is None:
            raise TypeError(f"Schedule.check_against needs a timezone-aware datetime, not {now!r}")
        p = Problems()
        if not p.relaxed:
            for path, value, limit in (("startTime", self.start, L.SCHEDULE_START_AHEAD),
                                       ("endTime", self.end, L.SCHEDULE_END_AHEAD)):
                if value is not None:
                    _ahead(p, path, value, now, limit)
        p.raise_if_any("Schedule.check_against")

    def to_botocore(self) -> dict[str, Any]:
        """Return the ``schedulingConfig`` dict botocore sends."""
        return _wire.schedule_to_wire(self)

    @classmethod
    def from_botocore(cls, data: Mapping[str, Any]) -> Schedule:
        """Parse a ``schedulingConfig`` dict, exactly as strictly as the builder checks."""
        return _wire.parse(_wire.parse_schedule, cls, data, "Schedule.from_botocore")


_MINUTE = timedelta(minutes=1)


def _ahead(p: Problems, path: str, value: datetime, now: datetime, limit: L.Limit) -> None:
    minutes = (value - now) / _MINUTE
    if limit.lo <= minutes <= limit.hi:
        return
    when = _wire.format_time(value)
    if minutes < limit.lo:
        p.add(path, when, f"must be at least {L.format_bound(limit.lo)} minutes after now "
              f"({_wire.format_time(now)} UTC), not {minutes:g} ({limit.source_of('minimum')})", limit)
    else:
        p.add(path, when, f"must be at most {L.format_bound(limit.hi)} minutes ({limit.hi / 1440:g} days) after now "
              f"({_wire.format_time(now)} UTC), not {minutes:g} ({limit.source_of('maximum')})", limit)


_WINDOW_RULES = compile_rules("MaintenanceWindow", (
    Rule("string", "start", "startTime", L.MAINTENANCE_WINDOW_START),
    Rule("integer", "duration_minutes", "durationInMinutes", L.MAINTENANCE_WINDOW_DURATION),
))


def _is_time(value: object) -> bool:
    return isinstance(value, datetime)


def _aware(value: object) -> bool:
    return not isinstance(value, datetime) or value.utcoffset() is not None


def _on_minute(value: object) -> bool:
    return not isinstance(value, datetime) or (value.second == 0 and value.microsecond == 0)


_NAIVE = ("must be timezone-aware, e.g. datetime(2027, 1, 1, 2, 0, tzinfo=timezone.utc): a naive datetime's time "
          f"zone is unknown, and AWS takes UTC ({L.OURS})")
_MINUTES_ONLY = ("must be on a whole minute: AWS takes YYYY-MM-DDTHH:MM, without seconds "
                 f"({L.SCHEDULE_START_TIME.source}; refusing rather than rounding is an {L.OURS})")


def _both(schedule: Schedule) -> bool:
    start, end = schedule.start, schedule.end
    return (isinstance(start, datetime) and isinstance(end, datetime) and start.utcoffset() is not None
            and end.utcoffset() is not None)


def _span(schedule: Schedule) -> float:
    assert schedule.end is not None
    assert schedule.start is not None
    return (schedule.end - schedule.start) / _MINUTE


def _span_message(schedule: Schedule) -> str:
    limit = L.SCHEDULE_WINDOW
    if _span(schedule) < limit.lo:
        return (f"must be at least {L.format_bound(limit.lo)} minutes after startTime, not {_span(schedule):g} "
                f"({limit.source_of('minimum')})")
    return (f"must be at most {L.format_bound(limit.hi)} minutes ({limit.hi / 1440:g} days) after startTime, not "
            f"{_span(schedule):g} ({limit.source_of('maximum')})")


def _windows_ok(schedule: Schedule) -> bool:
    windows = schedule.maintenance_windows
    return type(windows) is tuple and all(isinstance(w, MaintenanceWindow) for w in windows)


def _windows_message(schedule: Schedule) -> str:
    windows = schedule.maintenance_windows
    if type(windows) is not tuple:
        return f"must be a sequence of MaintenanceWindow objects, not {type(windows).__name__}"
    index, bad = next((i, w) for i, w in enumerate(windows) if not isinstance(w, MaintenanceWindow))
    return f"item {index} must be a MaintenanceWindow, not {type(bad).__name__}"


def _time_rules(attribute: str, path: str) -> tuple[Rule, ...]:
    def value(s: Schedule) -> object:
        return getattr(s, attribute)

    return (
        Rule("instance", attribute, path, cls=datetime, required=False),
        Rule.cross(path, lambda s: _aware(value(s)), value, _NAIVE),
        Rule.cross(path, lambda s: _on_minute(value(s)), value, _MINUTES_ONLY),
    )


_WINDOW = L.SCHEDULE_WINDOW

_RULES = compile_rules("Schedule", (
    *_time_rules("start", "startTime"),
    *_time_rules("end", "endTime"),
    Rule("enum", "end_behavior", "endBehavior", L.END_BEHAVIOR, required=False),
    Rule.cross("maintenanceWindows", _windows_ok, lambda s: s.maintenance_windows, _windows_message),
    Rule.cross(
        "endBehavior", lambda s: s.end_behavior is None or s.end is not None, lambda s: s.end_behavior,
        f"needs an endTime: AWS ignores endBehavior without one ({L.END_BEHAVIOR.source}; refusing it is an "
        f"{L.OURS})", relaxable=True, limit=L.END_BEHAVIOR,
    ),
    Rule.cross(
        "endTime", lambda s: not _both(s) or s.end > s.start,
        lambda s: _wire.format_time(s.end), lambda s: f"must be after startTime ({_wire.format_time(s.start)})",
    ),
    Rule.cross(
        "endTime", lambda s: not _both(s) or s.end <= s.start or _WINDOW.lo <= _span(s) <= _WINDOW.hi,
        lambda s: _wire.format_time(s.end), _span_message, relaxable=True, limit=L.SCHEDULE_WINDOW,
    ),
    Rule.cross(
        "schedulingConfig",
        lambda s: not (s.start is None and s.end is None and s.end_behavior is None and s.maintenance_windows == ()),
        lambda s: {}, "is empty: it schedules nothing (leave the schedule out instead)",
    ),
))
"""Schedule's static rules; the ones relative to the clock are in `Schedule.check_against`."""

MaintenanceWindow.__attrs_post_init__ = _WINDOW_RULES.post_init  # type: ignore[method-assign,assignment]
Schedule.__attrs_post_init__ = _RULES.post_init  # type: ignore[method-assign,assignment]
