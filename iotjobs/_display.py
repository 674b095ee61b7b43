"""How iotjobs objects show themselves in Jupyter (``_repr_html_``) and IPython (``_repr_pretty_``), and the
rollout preview plot.

The builders' ``_repr_html_`` / ``_repr_pretty_`` methods import this module on first use, so ``import iotjobs``
does not pay for it. Everything here is standard library, except `plot_preview`, which imports matplotlib (the
``plot`` extra) when it is called.

The HTML is self-contained: inline ``style`` attributes only (Jupyter and most notebook viewers strip
``<style>`` and ``<script>`` from untrusted output), no external assets, colors that read on light and dark
themes (text inherits the theme's color; fills are saturated or translucent grays). Every value is escaped with
`html.escape`, so a hostile description or an unknown status from AWS shows as text, never as markup.

The tables of a builder and a `JobUpdate` are taken from ``to_botocore()``: the names are AWS's, exactly what
is sent, and the Python attribute that sets each one stands beside it.
"""

from __future__ import annotations

import enum
import functools
import html
import math
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from iotjobs import _model as M
from iotjobs import _update
from iotjobs._abort import Abort, AbortCriterion
from iotjobs._job import Job, JobProcessDetails
from iotjobs._presigned import PresignedUrl
from iotjobs._preview import RolloutPreview
from iotjobs._retry import Retry, RetryCriterion
from iotjobs._rollout import Rollout
from iotjobs._timeout import Timeout
from iotjobs._update import JobUpdate

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "PLOT_NEEDS_MATPLOTLIB",
    "builder_html",
    "builder_text",
    "job_html",
    "job_text",
    "plot_preview",
    "preview_html",
    "preview_text",
    "update_html",
    "update_text",
]

PLOT_NEEDS_MATPLOTLIB = "RolloutPreview.plot() needs matplotlib: pip install 'iotjobs[plot]'"
"""The message of the ImportError `RolloutPreview.plot` raises when matplotlib is not installed."""

NOT_SENT = "not sent: AWS keeps the current value"
"""What a `JobUpdate` table says for a setting it does not send."""


Builder = Rollout | Abort | AbortCriterion | Retry | RetryCriterion | Timeout | PresignedUrl
"""The config builders the member tables draw."""

BUILDERS: tuple[type, ...] = (Rollout, Abort, AbortCriterion, Retry, RetryCriterion, Timeout, PresignedUrl)


# -- names, from the shape model -----------------------------------------------------------------------------


def _python_names() -> dict[str, str | None]:
    """AWS member -> the Python attribute that sets it, walked from the UpdateJob request in the shape model.

    ``""`` marks a wrapper with no attribute of its own (Rollout is flat: exponentialRate.incrementFactor is
    Rollout.increment_factor); None marks a member with no attribute at all (abort criteria always send
    action=CANCEL). The names are unique across the UpdateJob shapes, except the criteria lists and failure types
    of abort and retry, which the model gives the same attributes on both sides.
    """
    request = M.UPDATE_JOB.input
    names = {name: shape.attribute for name, shape in request.members.items()}
    for path, shape in M.walk(request):
        if not path.endswith("[]"):
            names[path.rpartition(".")[2]] = shape.attribute
    return names


_PYTHON_NAMES = _python_names()

# Builder class -> the botocore shape (UpdateJob member, or list item) it compiles to.
_SHAPES: dict[type, str] = {
    **{cls: member for _, member, _, cls in _update.CONFIG_PARSERS},
    AbortCriterion: M.ABORT_CRITERIA.name,
    RetryCriterion: M.RETRY_CRITERIA.name,
}

# (attribute, AWS member) of the settings a JobUpdate may leave out, in the order of the request.
_UPDATE_SETTINGS = tuple(
    (member.shape.attribute or "", member.name)
    for member in M.UPDATE_JOB.members
    if member.name not in ("jobId", "namespaceId")
)

# The config attributes of a Job, with their AWS member.
_JOB_CONFIGS = M.CONFIG_MEMBERS

Row = tuple[str, str | None, object]
"""(AWS member path, Python attribute path or None, value)."""


def rows(data: object, aws: str = "", python: str | None = "") -> Iterator[Row]:
    """Flatten a botocore dict into (AWS member path, Python attribute path, value) rows, leaves only.

    Empty dicts and lists are leaves too, so nothing that is sent goes missing from a table.
    """
    if isinstance(data, Mapping) and data:
        for key, value in data.items():
            name = str(key)
            attribute = _PYTHON_NAMES.get(name)
            child_python: str | None
            if python is None or attribute is None:
                child_python = None
            elif attribute == "":
                child_python = python
            else:
                child_python = f"{python}.{attribute}" if python else attribute
            yield from rows(value, f"{aws}.{name}" if aws else name, child_python)
    elif isinstance(data, list | tuple) and data:
        for index, value in enumerate(data):
            yield from rows(value, f"{aws}[{index}]", None if python is None else f"{python}[{index}]")
    else:
        yield aws, python, data


# -- formatting ----------------------------------------------------------------------------------------------


def _e(value: object) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return html.escape(str(value), quote=True)


def _value(value: object) -> str:
    """A sent value as text: enums by their AWS literal, numbers as Python writes them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if value == {}:
        return "{}"
    if value == []:
        return "[]"
    return repr(value) if isinstance(value, int | float) else str(value)


def _num(value: float, decimals: int = 2) -> str:
    """A number for people: thousands separators, at most ``decimals`` decimals, no trailing zeros."""
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    text = f"{value:,.{decimals}f}".rstrip("0").rstrip(".")
    return text


def _duration(minutes: float) -> str:
    """``43.75`` -> ``43 min 45 s``; ``125`` -> ``2 h 5 min``; ``0.5`` -> ``30 s``."""
    seconds = round(minutes * 60)
    hours, rest = divmod(seconds, 3600)
    mins, secs = divmod(rest, 60)
    if hours:
        return f"{hours:,} h {mins} min" if mins else f"{hours:,} h"
    if mins:
        return f"{mins} min {secs} s" if secs else f"{mins} min"
    return f"{secs} s"


def _time(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S UTC") if value is not None else "—"


def _percent(part: int, whole: int) -> str:
    """``part`` of ``whole`` as a percentage, rounded down to one decimal (so 100% means all of them)."""
    if whole <= 0:
        return "0%"
    tenths = math.floor(part * 1000 / whole)
    return f"{tenths // 10}%" if tenths % 10 == 0 else f"{tenths / 10:.1f}%"


# -- one-line summaries --------------------------------------------------------------------------------------


@functools.singledispatch
def summary(obj: object) -> str:
    """A sentence saying what a builder does, for the caption of its table ("" when there is nothing to say)."""
    return ""


@summary.register
def _(obj: Rollout) -> str:
    return _rollout_summary(obj)


@summary.register
def _(obj: Abort) -> str:
    return "cancel the job if " + ", or ".join(_abort_criterion_summary(c) for c in obj.criteria)


@summary.register
def _(obj: AbortCriterion) -> str:
    return "cancel the job if " + _abort_criterion_summary(obj)


@summary.register
def _(obj: Retry) -> str:
    return "retry " + ", ".join(_retry_criterion_summary(c) for c in obj.criteria)


@summary.register
def _(obj: RetryCriterion) -> str:
    return "retry " + _retry_criterion_summary(obj)


@summary.register
def _(obj: Timeout) -> str:
    return f"an execution still IN_PROGRESS after {_duration(obj.in_progress_minutes)} becomes TIMED_OUT"


@summary.register
def _(obj: PresignedUrl) -> str:
    expires = obj.expires_in_sec
    return "S3 URLs signed with the role, valid for " + (
        _duration(expires / 60) if expires is not None else "1 h (AWS's default)")


def _rollout_summary(rollout: Rollout) -> str:
    cap = rollout.maximum_per_minute
    cap_text = f"at most {_num(cap)}/min" if cap is not None else "at most 1,000/min (AWS's default)"
    if not rollout.is_exponential:
        return f"notify {cap_text}"
    triggers = []
    if rollout.notified_things is not None:
        triggers.append(f"{_num(rollout.notified_things)} more things are notified")
    if rollout.succeeded_things is not None:
        triggers.append(f"{_num(rollout.succeeded_things)} more things succeed")
    base = "?" if rollout.base_rate_per_minute is None else _num(rollout.base_rate_per_minute)
    factor = "?" if rollout.increment_factor is None else _num(rollout.increment_factor, 1)
    when = " or ".join(triggers) if triggers else "(no criterion)"
    return f"start at {base}/min, ×{factor} each time {when}, {cap_text}"


def _abort_criterion_summary(criterion: AbortCriterion) -> str:
    kind = _value(criterion.failure_type)
    if kind == "ALL":
        kind = "FAILED, REJECTED or TIMED_OUT"
    return (f"{kind} ≥ {_num(criterion.threshold_percentage)}% of "
            f"≥ {_num(criterion.min_executed_things)} completed executions")


def _retry_criterion_summary(criterion: RetryCriterion) -> str:
    n = criterion.number_of_retries
    return f"{_value(criterion.failure_type)} up to {n} time{'' if n == 1 else 's'}"


# -- HTML building blocks ------------------------------------------------------------------------------------

_FONT = "font-family:var(--jp-ui-font-family,system-ui,-apple-system,'Segoe UI',sans-serif);font-size:13px;"
_MONO = ("font-family:var(--jp-code-font-family,ui-monospace,SFMono-Regular,Menlo,Consolas,monospace);"
         "font-size:12px;")
_LINE = "rgba(127,127,127,0.35)"
_BOX = f"{_FONT}line-height:1.45;color:inherit;"
_PROSE = "max-width:760px;"
_TABLE = "border-collapse:collapse;margin:4px 0 8px 0;"
_TH = (f"text-align:left;padding:3px 10px 3px 0;border-bottom:1px solid {_LINE};font-weight:600;"
       "white-space:nowrap;background:transparent;")
_TD = "text-align:left;padding:2px 10px 2px 0;vertical-align:top;background:transparent;"
_TD_NUM = "text-align:right;padding:2px 10px 2px 0;vertical-align:top;background:transparent;"
_MUTED = "opacity:0.7;"
_TITLE = "font-weight:600;font-size:14px;margin:2px 0 2px 0;"
_SECTION = "font-weight:600;margin:10px 0 0 0;"


def _code(text: object) -> str:
    return f'<code style="{_MONO}background:transparent;padding:0;">{_e(text)}</code>'


def _table(
    head: list[str],
    body: list[list[str]],
    numeric: frozenset[int] = frozenset(),
    styles: Mapping[int, str] | None = None,
) -> str:
    """A table whose cells are already-escaped HTML; columns in ``numeric`` are right-aligned, and ``styles``
    adds CSS to the cells of a column.
    """
    styles = styles or {}
    th = "".join(
        f'<th style="{_TH}{"text-align:right;" if i in numeric else ""}">{h}</th>' for i, h in enumerate(head))
    trs = "".join(
        "<tr>" + "".join(f'<td style="{_TD_NUM if i in numeric else _TD}{styles.get(i, "")}">{cell}</td>'
                         for i, cell in enumerate(row)) + "</tr>"
        for row in body
    )
    return f'<table style="{_TABLE}"><thead><tr>{th}</tr></thead><tbody>{trs}</tbody></table>'


def _member(path: str, mute_config: bool) -> str:
    """An AWS member path in code style; with ``mute_config``, its config prefix (``abortConfig.``) is dimmed."""
    head, dot, rest = path.partition(".")
    if not (mute_config and dot):
        return _code(path)
    return (f'<code style="{_MONO}background:transparent;padding:0;"><span style="opacity:0.55;">{_e(head)}.</span>'
            f"{_e(rest)}</code>")


def _member_rows(data: object, python: str | None = "", *, mute_config: bool = False) -> list[list[str]]:
    """Table rows (AWS member, value, Python attribute) of a botocore dict."""
    body = []
    for aws, attribute, value in rows(data, "", python):
        py = _code(attribute) if attribute is not None else f'<span style="{_MUTED}">(always sent)</span>'
        body.append([_member(aws, mute_config), _code(_value(value)), py])
    return body


# Member paths and attribute names stay on one line; a long value (a description) wraps.
_MEMBER_STYLES = {0: "white-space:nowrap;", 1: "min-width:4em;max-width:28em;overflow-wrap:anywhere;",
                  2: "white-space:nowrap;"}


def _members_table(body: list[list[str]]) -> str:
    return _table(["AWS member", "value", "Python attribute"], body, styles=_MEMBER_STYLES)


def _caption(obj: object) -> str:
    text = summary(obj)
    return f'<div style="{_MUTED}{_PROSE}margin:0 0 2px 0;">{_e(text)}</div>' if text else ""


def _box(inner: str) -> str:
    return f'<div class="iotjobs" style="{_BOX}">{inner}</div>'


# -- builders and JobUpdate ----------------------------------------------------------------------------------


def builder_html(obj: Builder) -> str:
    """A builder as HTML: a caption, then a table of the AWS members it sends, their values and attributes."""
    kind = type(obj).__name__
    shape = _SHAPES.get(type(obj), "")
    title = (f'<div style="{_TITLE}">{_e(kind)} <span style="{_MUTED}font-weight:400;">'
             f'{_code(shape)}</span></div>')
    return _box(title + _caption(obj) + _members_table(_member_rows(obj.to_botocore())))


def update_html(update: JobUpdate) -> str:
    """A `JobUpdate` as HTML: every member of the UpdateJob request, and the settings it leaves as they are."""
    sent = update.to_botocore()
    body = _member_rows(sent, mute_config=True)
    for attribute, member in _UPDATE_SETTINGS:
        if member not in sent:
            not_sent = f'<span style="{_MUTED}white-space:nowrap;">{_e(NOT_SENT)}</span>'
            body.append([_code(member), not_sent, _code(attribute)])
    title = (f'<div style="{_TITLE}">JobUpdate {_code(update.job_id)} '
             f'<span style="{_MUTED}font-weight:400;">UpdateJob request</span></div>')
    captions = "".join(
        f'<div style="{_MUTED}{_PROSE}">{_code(attribute)}: {_e(summary(value))}</div>'
        for attribute, _ in _UPDATE_SETTINGS[1:]
        if (value := getattr(update, attribute)) is not None and summary(value)
    )
    return _box(title + captions + _members_table(body))


def builder_text(obj: Builder) -> str:
    """A builder as compact text: a header line, then one line per AWS member."""
    header = f"{type(obj).__name__} ({_SHAPES.get(type(obj), '')})"
    text = summary(obj)
    lines = [f"{header}: {text}" if text else header]
    lines += _text_rows(obj.to_botocore(), "")
    return "\n".join(lines)


def update_text(update: JobUpdate) -> str:
    """A `JobUpdate` as compact text: the members sent, then the settings it leaves as they are."""
    sent = update.to_botocore()
    lines = [f"JobUpdate {update.job_id!r} (UpdateJob request)"]
    lines += _text_rows(sent, "")
    missing = [member for _, member in _UPDATE_SETTINGS if member not in sent]
    if missing:
        lines.append(f"  {NOT_SENT}: {', '.join(missing)}")
    return "\n".join(lines)


def _text_rows(data: object, python: str | None) -> list[str]:
    table = [(aws, _value(value), attribute or "") for aws, attribute, value in rows(data, "", python)]
    width = max((len(aws) for aws, _, _ in table), default=0)
    value_width = max((len(value) for _, value, _ in table), default=0)
    return [f"  {aws:<{width}}  {value:<{value_width}}  {attribute}".rstrip() for aws, value, attribute in table]


# -- Job -----------------------------------------------------------------------------------------------------

_STATUS_COLORS = {
    "IN_PROGRESS": "#1565c0",
    "COMPLETED": "#2e7d32",
    "CANCELED": "#b71c1c",
    "DELETION_IN_PROGRESS": "#e65100",
    "SCHEDULED": "#6a1b9a",
}
_UNKNOWN_STATUS_COLOR = "#616161"

# (attribute of JobProcessDetails, label, color); terminal first, in the order the bar stacks them.
_COUNTS = (
    ("succeeded", "succeeded", "#2e7d32"),
    ("failed", "failed", "#c62828"),
    ("rejected", "rejected", "#ad1457"),
    ("timed_out", "timed out", "#ef6c00"),
    ("canceled", "canceled", "#6d4c41"),
    ("removed", "removed", "#78909c"),
    ("in_progress", "in progress", "rgba(66,165,245,0.55)"),
    ("queued", "queued", "rgba(127,127,127,0.22)"),
)
_TERMINAL = frozenset({"succeeded", "failed", "rejected", "timed_out", "canceled", "removed"})


def _badge(status: object) -> str:
    text = "unknown" if status is None else _value(status)
    color = _STATUS_COLORS.get(text, _UNKNOWN_STATUS_COLOR)
    return (f'<span style="background:{color};color:#fff;border-radius:9px;padding:1px 8px;font-size:11px;'
            f'font-weight:600;letter-spacing:0.03em;vertical-align:1px;">{_e(text)}</span>')


def progress_html(process: JobProcessDetails) -> str:
    """The executions of a job: a bar of terminal vs total executions, and the count in each status."""
    total, terminal = process.total, process.completed
    percent = _percent(terminal, total)
    segments = "".join(
        f'<div title="{_e(label)}: {count:,}" style="width:{100 * count / total:.4f}%;background:{color};"></div>'
        for attribute, label, color in _COUNTS
        if total and (count := getattr(process, attribute))
    )
    bar = (f'<div role="progressbar" aria-valuemin="0" aria-valuemax="{total}" aria-valuenow="{terminal}" '
           f'style="display:flex;width:100%;max-width:480px;height:12px;border-radius:6px;overflow:hidden;'
           f'background:rgba(127,127,127,0.22);margin:3px 0 4px 0;">{segments}</div>')
    head = (f'<div><b>executions</b>: {terminal:,} of {total:,} terminal '
            f'(<span class="iotjobs-progress">{percent}</span>)</div>'
            if total else "<div><b>executions</b>: none yet</div>")

    def chips(terminal: bool) -> str:
        return " ".join(
            f'<span style="white-space:nowrap;margin-right:8px;"><span style="display:inline-block;width:9px;'
            f'height:9px;border-radius:2px;background:{color};margin-right:4px;"></span>{_e(label)} '
            f'<b>{getattr(process, attribute):,}</b></span>'
            for attribute, label, color in _COUNTS
            if (attribute in _TERMINAL) == terminal
        )

    legend = (f'<div style="font-size:12px;"><span style="{_MUTED}">terminal:</span> {chips(True)}</div>'
              f'<div style="font-size:12px;"><span style="{_MUTED}">not yet:</span> {chips(False)}</div>')
    return head + bar + legend


def job_html(job: Job) -> str:
    """A `Job` as HTML: id, status badge, targets, times, the executions' progress, then each config."""
    selection = ("" if job.target_selection is None
                 else f' <span style="{_MUTED}">{_e(_value(job.target_selection))}</span>')
    title = f'<div style="{_TITLE}">Job {_code(job.job_id)} {_badge(job.status)}{selection}</div>'
    facts: list[tuple[str, str]] = []
    if job.description is not None:
        facts.append(("description", _e(job.description)))
    if job.targets:
        shown = "<br>".join(_code(t) for t in job.targets[:3])
        more = len(job.targets) - 3
        facts.append((f"targets ({len(job.targets):,})",
                      shown + (f'<br><span style="{_MUTED}">… and {more:,} more</span>' if more > 0 else "")))
    facts.append(("created", _e(_time(job.created_at))))
    facts.append(("last updated", _e(_time(job.last_updated_at))))
    if job.completed_at is not None:
        facts.append(("completed", _e(_time(job.completed_at))))
    for label, value in (("namespace", job.namespace_id), ("reason code", job.reason_code),
                         ("comment", job.comment), ("job ARN", job.job_arn)):
        if value is not None:
            facts.append((label, _code(value)))
    if job.force_canceled:
        facts.append(("force canceled", "yes"))
    facts_table = (f'<table style="{_TABLE}"><tbody>'
                   + "".join(f'<tr><td style="{_TD}{_MUTED}white-space:nowrap;">{_e(k)}</td>'
                             f'<td style="{_TD}">{v}</td></tr>' for k, v in facts)
                   + "</tbody></table>")
    configs = []
    for attribute, member in _JOB_CONFIGS:
        value = getattr(job, attribute)
        heading = (f'<div style="{_SECTION}">{_e(attribute)} '
                   f'<span style="{_MUTED}font-weight:400;">{_code(member)}</span></div>')
        if value is None:
            configs.append(heading + f'<div style="{_MUTED}">not set</div>')
        else:
            configs.append(heading + _caption(value) + _members_table(_member_rows(value.to_botocore())))
    return _box(title + facts_table + progress_html(job.process) + "".join(configs))


def job_text(job: Job) -> str:
    """A `Job` as compact text: id, status, progress, times, then each config that is set."""
    p = job.process
    status = "unknown" if job.status is None else _value(job.status)
    selection = "" if job.target_selection is None else f" {_value(job.target_selection)}"
    lines = [f"Job {job.job_id!r} {status}{selection}, {len(job.targets):,} target(s)"]
    if job.description is not None:
        lines.append(f"  description: {job.description}")
    filled = round(20 * p.completed / p.total) if p.total else 0
    bar = "#" * filled + "." * (20 - filled)
    counts = ", ".join(f"{label} {getattr(p, attribute):,}" for attribute, label, _ in _COUNTS)
    lines.append(f"  executions: [{bar}] {p.completed:,}/{p.total:,} terminal ({_percent(p.completed, p.total)})")
    lines.append(f"    {counts}")
    lines.append(f"  created {_time(job.created_at)}, last updated {_time(job.last_updated_at)}"
                 + (f", completed {_time(job.completed_at)}" if job.completed_at is not None else ""))
    for attribute, member in _JOB_CONFIGS:
        value = getattr(job, attribute)
        if value is not None:
            text = summary(value)
            lines.append(f"  {attribute} ({member})" + (f": {text}" if text else ""))
            lines += ["  " + line for line in _text_rows(value.to_botocore(), "")]
    return "\n".join(lines)


# -- RolloutPreview ------------------------------------------------------------------------------------------

_CRITERIA = {
    "constant": "a constant rate",
    "notified": "the rate rises with notified things",
    "succeeded": "the rate rises with succeeded things",
    "notified_or_succeeded": "the rate rises with notified or succeeded things, whichever comes first",
}


def _assumptions(preview: RolloutPreview) -> str:
    if preview.criterion not in ("succeeded", "notified_or_succeeded"):
        return ""
    return (f"assuming {_num(preview.success_rate * 100)}% of executions succeed, "
            f"{_num(preview.execution_minutes)} min after their notification")


def preview_html(preview: RolloutPreview) -> str:
    """A `RolloutPreview` as HTML: totals, the assumptions, and a table of the stages."""
    title = (f'<div style="{_TITLE}">Rollout preview: {preview.total_things:,} things notified in '
             f'{_e(_num(preview.minutes))} min <span style="{_MUTED}font-weight:400;">'
             f'({_e(_duration(preview.minutes))})</span></div>')
    notes = [_CRITERIA.get(preview.criterion, str(preview.criterion))]
    if assumptions := _assumptions(preview):
        notes.append(assumptions)
    caption = f'<div style="{_MUTED}">{_e("; ".join(notes))}</div>'
    body = [
        [str(s.index), _e(_num(s.rate_per_minute)), _e(_num(s.start_minute)), _e(_num(s.end_minute)),
         f"{s.notified:,}", "✓" if s.capped else ""]
        for s in preview.stages
    ]
    table = _table(["stage", "rate/min", "start (min)", "end (min)", "notified", "capped"], body,
                   numeric=frozenset({0, 1, 2, 3, 4}))
    return _box(title + caption + table)


def preview_text(preview: RolloutPreview) -> str:
    """A `RolloutPreview` as compact text: totals, then one line per stage."""
    lines = [f"RolloutPreview: {preview.total_things:,} things notified in {_num(preview.minutes)} min "
             f"({_duration(preview.minutes)}); {_CRITERIA.get(preview.criterion, str(preview.criterion))}"]
    if assumptions := _assumptions(preview):
        lines.append(f"  {assumptions}")
    table = [("stage", "rate/min", "start", "end", "notified", "capped")]
    table += [(str(s.index), _num(s.rate_per_minute), _num(s.start_minute), _num(s.end_minute), f"{s.notified:,}",
               "yes" if s.capped else "") for s in preview.stages]
    widths = [max(len(row[i]) for row in table) for i in range(6)]
    for row in table:
        cells = [cell.rjust(widths[i]) if i < 5 else cell for i, cell in enumerate(row)]
        lines.append(("  " + "  ".join(cells)).rstrip())
    return "\n".join(lines)


def plot_preview(preview: RolloutPreview, ax: Axes | None = None) -> Axes:
    """Draw things notified over minutes, piecewise-linear through the stage boundaries, each stage labelled
    with its rate; on ``ax``, or on a new figure's axes. Returns the axes.
    """
    if ax is None:
        try:
            import matplotlib.pyplot as plt
        except ImportError as error:
            raise ImportError(PLOT_NEEDS_MATPLOTLIB) from error
        _, ax = plt.subplots(figsize=(7.5, 4.2), layout="constrained")
    from matplotlib.ticker import StrMethodFormatter
    xs = [0.0] + [s.end_minute for s in preview.stages]
    ys = [0] + [s.notified for s in preview.stages]
    ax.plot(xs, ys, marker="o", markersize=3.5, linewidth=2, label="things notified")
    for stage, x0, y0, x1, y1 in zip(preview.stages, xs, ys, xs[1:], ys[1:], strict=False):
        label = f"{_num(stage.rate_per_minute)}/min" + (" (cap)" if stage.capped and len(preview.stages) > 1 else "")
        ax.annotate(label, xy=((x0 + x1) / 2, (y0 + y1) / 2), xytext=(-6, 6), textcoords="offset points",
                    ha="right", va="bottom", fontsize=8)
    ax.set_xlim(left=0)
    ax.set_ylim(bottom=0)
    ax.set_xlabel("minutes since the rollout started")
    ax.set_ylabel("things notified")
    ax.set_title(f"{preview.total_things:,} things notified in {_num(preview.minutes)} min "
                 f"({_duration(preview.minutes)})", fontsize=11)
    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    ax.grid(True, alpha=0.3)
    return ax


# -- the two entry points: what `iotjobs._notebook.NotebookDisplay` calls --------------------------------------


@functools.singledispatch
def html_of(obj: object) -> str:
    """Jupyter's view of an iotjobs object."""
    raise TypeError(f"iotjobs cannot display {type(obj).__name__}")


@functools.singledispatch
def text_of(obj: object) -> str:
    """IPython's and ``str()``'s view of an iotjobs object."""
    raise TypeError(f"iotjobs cannot display {type(obj).__name__}")


for _builder in BUILDERS:
    html_of.register(_builder, builder_html)
    text_of.register(_builder, builder_text)
html_of.register(JobUpdate, update_html)
text_of.register(JobUpdate, update_text)
html_of.register(Job, job_html)
text_of.register(Job, job_text)
html_of.register(RolloutPreview, preview_html)
text_of.register(RolloutPreview, preview_text)
