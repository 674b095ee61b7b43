"""Notebook display: ``_repr_html_`` / ``_repr_pretty_`` of the builders, `JobUpdate`, `Job` and `RolloutPreview`,
and `RolloutPreview.plot`.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any, cast

import attrs
import pytest

from iotjobs import (
    ALL,
    FAILED,
    TIMED_OUT,
    Abort,
    AbortCriterion,
    JobStatus,
    JobUpdate,
    PresignedUrl,
    Retry,
    RetryCriterion,
    Rollout,
    Timeout,
)
from iotjobs._display import NOT_SENT, PLOT_NEEDS_MATPLOTLIB, rows
from iotjobs._job import Job, JobProcessDetails
from iotjobs._preview import RolloutPreview
from iotjobs.testing import make_job

if TYPE_CHECKING:
    from matplotlib.axes import Axes

HOSTILE = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
ROLE = "arn:aws:iam::123456789012:role/signer"

ROLLOUT = Rollout.exponential(50, 2, notified_things=1000, maximum_per_minute=500)
ABORT = Abort.when(FAILED, 20, min_executed_things=100).or_when(TIMED_OUT, 10.5, min_executed_things=200)
RETRY = Retry.on(FAILED, 3).and_on(TIMED_OUT, 2)

BUILDERS: list[Any] = [
    Rollout.constant(100),
    ROLLOUT,
    Rollout.exponential(10, 1.5, succeeded_things=50),
    Rollout.exponential(10, 1.5, notified_things=100, succeeded_things=50, maximum_per_minute=300),
    AbortCriterion(ALL, 33.33, 7),
    ABORT,
    RetryCriterion(FAILED, 3),
    RETRY,
    Retry.on(ALL, 0),
    Timeout.minutes(60),
    PresignedUrl(ROLE),
    PresignedUrl(ROLE, 600),
]


class _Tables(HTMLParser):
    """The text of every table cell, as rows of cells (header rows included)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def table_rows(markup: str) -> list[list[str]]:
    parser = _Tables()
    parser.feed(markup)
    return parser.rows


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def text_of(markup: str) -> str:
    parser = _Text()
    parser.feed(markup)
    return "".join(parser.parts)


def attribute_at(obj: object, path: str) -> object:
    """Follow a Python attribute path such as ``criteria[1].threshold_percentage``."""
    value = obj
    for part in path.split("."):
        name, _, index = part.partition("[")
        value = getattr(value, name)
        if index:
            value = value[int(index.rstrip("]"))]
    return getattr(value, "value", value)  # enums compare by their AWS literal


# -- builders ------------------------------------------------------------------------------------------------


def test_rollout_html_shows_aws_names_values_and_attributes() -> None:
    markup = ROLLOUT._repr_html_()
    cells = table_rows(markup)
    assert cells[0] == ["AWS member", "value", "Python attribute"]
    assert ["maximumPerMinute", "500", "maximum_per_minute"] in cells
    assert ["exponentialRate.baseRatePerMinute", "50", "base_rate_per_minute"] in cells
    assert ["exponentialRate.incrementFactor", "2.0", "increment_factor"] in cells
    assert ["exponentialRate.rateIncreaseCriteria.numberOfNotifiedThings", "1000", "notified_things"] in cells
    assert "jobExecutionsRolloutConfig" in markup
    assert "numberOfSucceededThings" not in markup  # unset members are not shown


@pytest.mark.parametrize("builder", BUILDERS, ids=lambda b: type(b).__name__)
def test_builder_html_has_a_row_per_sent_member(builder: Any) -> None:
    cells = table_rows(builder._repr_html_())[1:]
    sent = list(rows(builder.to_botocore()))
    assert [row[0] for row in cells] == [aws for aws, _, _ in sent]
    for (aws, attribute, value), row in zip(sent, cells, strict=True):
        assert row[1] == str(value), aws
        if attribute is None:
            assert aws.rpartition(".")[2] == "action"
            assert row[2] == "(always sent)"
        else:
            assert row[2] == attribute
            assert attribute_at(builder, attribute) == value, (aws, attribute)


def test_abort_html_lists_criteria_in_order() -> None:
    cells = table_rows(ABORT._repr_html_())
    assert ["criteriaList[0].failureType", "FAILED", "criteria[0].failure_type"] in cells
    assert ["criteriaList[1].thresholdPercentage", "10.5", "criteria[1].threshold_percentage"] in cells
    assert ["criteriaList[1].minNumberOfExecutedThings", "200", "criteria[1].min_executed_things"] in cells
    assert ["criteriaList[0].action", "CANCEL", "(always sent)"] in cells


def test_presigned_url_without_expiry_does_not_show_it() -> None:
    markup = PresignedUrl(ROLE)._repr_html_()
    assert "roleArn" in markup
    assert "expiresInSec" not in markup


# -- JobUpdate -----------------------------------------------------------------------------------------------


def test_update_html_uses_full_aws_paths() -> None:
    update = JobUpdate("job-1", description="staged", rollout=ROLLOUT, abort=ABORT, namespace_id="ns")
    cells = table_rows(update._repr_html_())
    assert ["jobId", "job-1", "job_id"] in cells
    assert ["description", "staged", "description"] in cells
    assert ["namespaceId", "ns", "namespace_id"] in cells
    assert ["jobExecutionsRolloutConfig.exponentialRate.incrementFactor", "2.0", "rollout.increment_factor"] in cells
    assert [
        "abortConfig.criteriaList[1].thresholdPercentage", "10.5", "abort.criteria[1].threshold_percentage"
    ] in cells


def test_update_html_says_what_is_not_sent() -> None:
    cells = table_rows(JobUpdate("job-1", timeout=Timeout.minutes(5))._repr_html_())
    not_sent = {row[0]: row[2] for row in cells if row[1] == NOT_SENT}
    assert not_sent == {
        "description": "description",
        "presignedUrlConfig": "presigned_url",
        "jobExecutionsRolloutConfig": "rollout",
        "abortConfig": "abort",
        "jobExecutionsRetryConfig": "retry",
    }
    assert ["timeoutConfig.inProgressTimeoutInMinutes", "5", "timeout.in_progress_minutes"] in cells


def test_update_html_escapes_a_hostile_description() -> None:
    markup = JobUpdate("job-1", description=HOSTILE)._repr_html_()
    assert HOSTILE not in markup
    assert ESCAPED in markup
    assert "<script" not in markup


# -- Job -----------------------------------------------------------------------------------------------------


def progress_job(**counts: Any) -> Job:
    return make_job("job-1", process=attrs.evolve(JobProcessDetails(), **counts))


@pytest.mark.parametrize(
    ("counts", "summary", "percent"),
    [
        ({"succeeded": 20, "failed": 5, "timed_out": 5, "queued": 80, "in_progress": 10}, "30 of 120 terminal", "25%"),
        ({"succeeded": 1, "queued": 2}, "1 of 3 terminal", "33.3%"),
        ({"succeeded": 2, "queued": 1}, "2 of 3 terminal", "66.6%"),
        ({"succeeded": 1999, "in_progress": 1}, "1,999 of 2,000 terminal", "99.9%"),  # never rounded up to 100%
        ({"succeeded": 1, "canceled": 1, "removed": 1, "rejected": 1}, "4 of 4 terminal", "100%"),
        ({"queued": 5}, "0 of 5 terminal", "0%"),
    ],
)
def test_job_progress_bar(counts: dict[str, Any], summary: str, percent: str) -> None:
    markup = progress_job(**counts)._repr_html_()
    text = text_of(markup)
    assert f"{summary} ({percent})" in text
    process = attrs.evolve(JobProcessDetails(), **counts)
    assert f'aria-valuenow="{process.completed}"' in markup
    assert f'aria-valuemax="{process.total}"' in markup


def test_job_progress_bar_segments_are_proportional() -> None:
    markup = progress_job(succeeded=20, failed=5, timed_out=5, queued=80, in_progress=10)._repr_html_()
    assert 'title="succeeded: 20" style="width:16.6667%' in markup
    assert 'title="failed: 5" style="width:4.1667%' in markup
    assert 'title="in progress: 10" style="width:8.3333%' in markup
    assert 'title="rejected' not in markup  # no empty segments


def test_job_without_executions() -> None:
    assert "executions: none yet" in text_of(progress_job()._repr_html_())


def test_job_html_shows_status_counts_times_and_configs() -> None:
    job = make_job(
        "fw-21",
        status=JobStatus.COMPLETED,
        description="Firmware 2.1",
        rollout=ROLLOUT,
        abort=ABORT,
        timeout=Timeout.minutes(60),
        retry=RETRY,
        process=JobProcessDetails(succeeded=7, failed=1, rejected=2, timed_out=3, canceled=4, removed=5, queued=6,
                                  in_progress=8),
    )
    markup = job._repr_html_()
    text = text_of(markup)
    assert "Job fw-21" in text
    assert ">COMPLETED</span>" in markup
    assert "background:#2e7d32" in markup  # the COMPLETED badge is green
    assert "SNAPSHOT" in text
    assert "Firmware 2.1" in text
    assert "2026-01-15 09:30:00 UTC" in text  # created
    assert "2026-01-15 09:35:00 UTC" in text  # last updated
    for label, count in [("succeeded", 7), ("failed", 1), ("rejected", 2), ("timed out", 3), ("canceled", 4),
                         ("removed", 5), ("queued", 6), ("in progress", 8)]:
        assert f"{label} {count}" in text
    cells = table_rows(markup)
    assert ["exponentialRate.incrementFactor", "2.0", "increment_factor"] in cells
    assert ["criteriaList[1].failureType", "TIMED_OUT", "criteria[1].failure_type"] in cells
    assert ["inProgressTimeoutInMinutes", "60", "in_progress_minutes"] in cells
    assert ["criteriaList[1].numberOfRetries", "2", "criteria[1].number_of_retries"] in cells
    assert "presignedUrlConfig" in text
    assert "not set" in text


def test_job_html_escapes_every_value_from_aws() -> None:
    response: dict[str, Any] = {
        "job": {
            "jobId": HOSTILE,
            "jobArn": HOSTILE,
            "status": HOSTILE,  # a status AWS adds later is kept as a string
            "targetSelection": HOSTILE,
            "targets": [HOSTILE],
            "description": HOSTILE,
            "comment": HOSTILE,
            "reasonCode": HOSTILE,
            "namespaceId": HOSTILE,
            "jobProcessDetails": {"numberOfQueuedThings": 1},
        }
    }
    markup = Job.from_botocore(response)._repr_html_()
    assert "<script" not in markup
    assert markup.count(ESCAPED) >= 8
    assert "background:#616161" in markup  # unknown status: a neutral badge


def test_job_html_shortens_long_target_lists() -> None:
    targets = [f"arn:aws:iot:us-east-1:123456789012:thing/t{i}" for i in range(10)]
    text = text_of(make_job(targets=targets)._repr_html_())
    assert "targets (10)" in text
    assert "thing/t2" in text
    assert "thing/t3" not in text
    assert "… and 7 more" in text


# -- RolloutPreview ------------------------------------------------------------------------------------------

GUIDE_PREVIEW = Rollout.exponential(50, 2, notified_things=1000).preview(10_000)


def test_preview_html_is_a_table_of_stages() -> None:
    markup = GUIDE_PREVIEW._repr_html_()
    cells = table_rows(markup)
    assert cells == [
        ["stage", "rate/min", "start (min)", "end (min)", "notified", "capped"],
        ["0", "50", "0", "20", "1,000", ""],
        ["1", "100", "20", "30", "2,000", ""],
        ["2", "200", "30", "35", "3,000", ""],
        ["3", "400", "35", "37.5", "4,000", ""],
        ["4", "800", "37.5", "38.75", "5,000", ""],
        ["5", "1,000", "38.75", "43.75", "10,000", "✓"],
    ]
    text = text_of(markup)
    assert "10,000 things notified in 43.75 min" in text
    assert "43 min 45 s" in text


def test_preview_html_states_the_succeeded_assumptions() -> None:
    preview = Rollout.exponential(10, 1.5, succeeded_things=50).preview(1000, success_rate=0.9, execution_minutes=3)
    text = text_of(preview._repr_html_())
    assert "succeeded things" in text
    assert "assuming 90% of executions succeed, 3 min after their notification" in text
    assert table_rows(preview._repr_html_())[1][:2] == ["0", "10"]


def test_preview_html_fractional_rates() -> None:
    preview = Rollout.exponential(50, 1.5, notified_things=100).preview(1000)
    assert table_rows(preview._repr_html_())[3][:2] == ["2", "112.5"]


# -- _repr_pretty_ -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pretty() -> Any:
    return pytest.importorskip("IPython.lib.pretty", reason="IPython is not installed").pretty


def test_pretty_builder(pretty: Any) -> None:
    text = pretty(ROLLOUT)
    assert text.startswith("Rollout (jobExecutionsRolloutConfig): start at 50/min, ×2")
    assert "exponentialRate.incrementFactor" in text
    assert "2.0" in text
    assert "increment_factor" in text


@pytest.mark.parametrize("builder", BUILDERS, ids=lambda b: type(b).__name__)
def test_pretty_every_builder(pretty: Any, builder: Any) -> None:
    text = pretty(builder)
    assert text.startswith(type(builder).__name__)
    for aws, _, _ in rows(builder.to_botocore()):
        assert aws in text


def test_pretty_update(pretty: Any) -> None:
    text = pretty(JobUpdate("job-1", description=HOSTILE, rollout=ROLLOUT))
    assert text.startswith("JobUpdate 'job-1'")
    assert "jobExecutionsRolloutConfig.exponentialRate.incrementFactor" in text
    assert HOSTILE in text  # plain text: nothing to escape
    assert f"{NOT_SENT}: presignedUrlConfig, abortConfig, timeoutConfig, jobExecutionsRetryConfig" in text


def test_pretty_job(pretty: Any) -> None:
    job = make_job("job-1", rollout=ROLLOUT,
                   process=JobProcessDetails(succeeded=20, failed=5, timed_out=5, queued=80, in_progress=10))
    text = pretty(job)
    assert text.startswith("Job 'job-1' IN_PROGRESS SNAPSHOT, 1 target(s)")
    assert "[#####...............] 30/120 terminal (25%)" in text
    assert "succeeded 20, failed 5" in text
    assert "rollout (jobExecutionsRolloutConfig)" in text


def test_pretty_preview(pretty: Any) -> None:
    lines = pretty(GUIDE_PREVIEW).splitlines()
    assert lines[0].startswith("RolloutPreview: 10,000 things notified in 43.75 min (43 min 45 s)")
    assert lines[-1].split() == ["5", "1,000", "38.75", "43.75", "10,000", "yes"]


class _Printer:
    def __init__(self) -> None:
        self.texts: list[str] = []

    def text(self, text: str) -> None:
        self.texts.append(text)


@pytest.mark.parametrize(
    "obj", [*BUILDERS, JobUpdate("job-1"), make_job(), GUIDE_PREVIEW], ids=lambda o: type(o).__name__
)
def test_pretty_on_cycle_prints_the_class_name(obj: Any) -> None:
    printer = _Printer()
    obj._repr_pretty_(printer, True)
    assert printer.texts == [f"{type(obj).__name__}(...)"]


# -- plot ----------------------------------------------------------------------------------------------------


@pytest.fixture
def pyplot() -> Iterator[Any]:
    matplotlib = pytest.importorskip("matplotlib", reason="matplotlib (the plot extra) is not installed")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    yield plt
    plt.close("all")


def test_plot_draws_notified_over_minutes_through_the_stage_boundaries(pyplot: Any) -> None:
    ax: Axes = GUIDE_PREVIEW.plot()
    (line,) = ax.get_lines()
    assert cast(Any, line.get_xydata()).tolist() == [
        [0.0, 0.0], [20.0, 1000.0], [30.0, 2000.0], [35.0, 3000.0], [37.5, 4000.0], [38.75, 5000.0],
        [43.75, 10000.0],
    ]
    labels = [text.get_text() for text in ax.texts]
    assert labels == ["50/min", "100/min", "200/min", "400/min", "800/min", "1,000/min (cap)"]
    assert ax.get_xlabel() == "minutes since the rollout started"
    assert ax.get_ylabel() == "things notified"


def test_plot_on_given_axes(pyplot: Any) -> None:
    _, ax = pyplot.subplots()
    preview = Rollout.constant(100).preview(250)
    assert preview.plot(ax) is ax
    assert cast(Any, ax.get_lines()[0].get_xydata()).tolist() == [[0.0, 0.0], [2.5, 250.0]]
    assert [text.get_text() for text in ax.texts] == ["100/min"]


def test_plot_without_matplotlib_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError) as error:
        GUIDE_PREVIEW.plot()
    assert str(error.value) == PLOT_NEEDS_MATPLOTLIB
    assert str(error.value) == "RolloutPreview.plot() needs matplotlib: pip install 'iotjobs[plot]'"


# -- every class, and the import cost ------------------------------------------------------------------------


@pytest.mark.parametrize("cls", [Rollout, Abort, AbortCriterion, Retry, RetryCriterion, Timeout, PresignedUrl,
                                 JobUpdate, Job, RolloutPreview])
def test_display_methods_exist(cls: type) -> None:
    assert callable(getattr(cls, "_repr_html_", None))
    assert callable(getattr(cls, "_repr_pretty_", None))


@pytest.mark.slow
def test_import_iotjobs_does_not_import_the_display_module() -> None:
    code = (
        "import sys, iotjobs\n"
        "rollout = iotjobs.Rollout.constant(5)\n"
        "assert 'iotjobs._display' not in sys.modules, 'imported by import iotjobs'\n"
        "rollout._repr_html_()\n"
        "assert 'iotjobs._display' in sys.modules\n"
        "assert 'matplotlib' not in sys.modules, 'matplotlib imported without plot()'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
