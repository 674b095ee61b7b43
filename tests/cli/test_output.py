"""Output formats, skeletons, help text and the --plan renderer (pure functions, no network).

The text and table formats are compared with awscli's own formatters, run in a subprocess (awscli brings its own
botocore, so it is never imported into the test process).
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from datetime import datetime, timezone
from typing import Any

import pytest
import yaml

from iotjobs import FAILED, TIMED_OUT, Abort, JobUpdate, PresignedUrl, Retry, Rollout, Timeout
from iotjobs import _limits as L
from iotjobs.cli._argmodel import get_operation, input_skeleton
from iotjobs.cli._commands import command_help
from iotjobs.cli._help import describe_limit, json_syntax, limits_for, shorthand_syntax
from iotjobs.cli._output import (
    DESCRIBE_JOB_OUTPUT_SKELETON,
    compile_query,
    format_output,
    format_table,
    format_text,
    prepare,
    yaml_input_skeleton,
)
from iotjobs.cli._plan import plan, render_plan
from iotjobs.testing import make_describe_job_response, make_job

CREATED = datetime(2026, 1, 15, 9, 30, tzinfo=timezone.utc)

RESPONSE: dict[str, Any] = {
    "ResponseMetadata": {"RequestId": "r-1", "HTTPStatusCode": 200},
    "documentSource": "https://s3.amazonaws.com/bucket/job.json",
    "job": {
        "jobArn": "arn:aws:iot:us-east-1:123456789012:job/fw-42",
        "jobId": "fw-42",
        "status": "IN_PROGRESS",
        "forceCanceled": False,
        "targets": ["arn:aws:iot:us-east-1:123456789012:thing/a", "arn:aws:iot:us-east-1:123456789012:thing/b"],
        "description": "Mise à jour – 固件",
        "jobExecutionsRolloutConfig": {"maximumPerMinute": 100},
        "abortConfig": {"criteriaList": [
            {"failureType": "FAILED", "action": "CANCEL", "thresholdPercentage": 20.5,
             "minNumberOfExecutedThings": 100},
            {"failureType": "ALL", "action": "CANCEL", "thresholdPercentage": 50.0, "minNumberOfExecutedThings": 10},
        ]},
        "createdAt": CREATED,
        "jobProcessDetails": {"numberOfQueuedThings": 1, "numberOfSucceededThings": 0},
    },
}


class TestPrepare:
    def test_drops_response_metadata_and_formats_timestamps(self) -> None:
        """ResponseMetadata is dropped; datetimes become ISO 8601 strings (AWS CLI v2)."""
        data = prepare(RESPONSE)
        assert "ResponseMetadata" not in data
        assert data["job"]["createdAt"] == "2026-01-15T09:30:00+00:00"
        assert "ResponseMetadata" in RESPONSE  # the input is not modified
        assert RESPONSE["job"]["createdAt"] is CREATED

    def test_query(self) -> None:
        """compile_query returns a JMESPath search; a bad expression is a ValueError."""
        search = compile_query("job.abortConfig.criteriaList[?failureType=='ALL'].thresholdPercentage | [0]")
        assert search(prepare(RESPONSE)) == 50.0
        with pytest.raises(ValueError, match="Incomplete expression"):
            compile_query("job.[")


class TestFormats:
    def test_json(self) -> None:
        """json: indent 4, non-ASCII kept; an empty response prints nothing; null prints null."""
        text = format_output(prepare(RESPONSE), "json", title="DescribeJob")
        assert text.startswith('{\n    "documentSource": ')
        assert '"description": "Mise à jour – 固件"' in text
        assert json.loads(text) == prepare(RESPONSE)
        assert format_output({}, "json", title="UpdateJob") == ""
        assert format_output(None, "json", title="UpdateJob") == "null\n"

    def test_yaml_and_yaml_stream(self) -> None:
        """yaml is block style in response order; yaml-stream is a list with one item per page."""
        text = format_output(prepare(RESPONSE), "yaml", title="DescribeJob")
        assert text.startswith("documentSource: https://s3.amazonaws.com/bucket/job.json\njob:\n  jobArn:")
        assert yaml.safe_load(text) == prepare(RESPONSE)
        assert "Mise à jour – 固件" in text
        stream = format_output(prepare(RESPONSE), "yaml-stream", title="DescribeJob")
        assert yaml.safe_load(stream) == [prepare(RESPONSE)]
        assert format_output({}, "yaml", title="UpdateJob") == ""
        assert format_output({}, "yaml-stream", title="UpdateJob") == ""

    def test_text_rules(self) -> None:
        """text: sorted scalars on one line under the upper-cased key; lists of dicts as rows."""
        text = format_text(prepare(RESPONSE))
        lines = text.splitlines()
        assert lines[0] == "https://s3.amazonaws.com/bucket/job.json"
        assert lines[1] == ("JOB\t2026-01-15T09:30:00+00:00\tMise à jour – 固件\tFalse\t"
                            "arn:aws:iot:us-east-1:123456789012:job/fw-42\tfw-42\tIN_PROGRESS")
        assert lines[2:4] == ["CRITERIALIST\tCANCEL\tFAILED\t100\t20.5", "CRITERIALIST\tCANCEL\tALL\t10\t50.0"]
        assert "TARGETS\tarn:aws:iot:us-east-1:123456789012:thing/a" in lines
        assert format_text(["a", "b"]) == "a\tb\n"
        assert format_text("x") == "x\n"
        assert format_text([]) == ""

    def test_table_layout(self) -> None:
        """table: a titled box per structure, nested structures indented with one more | per level."""
        table = format_table(prepare(RESPONSE), title="DescribeJob", width=120)
        lines = table.splitlines()
        assert set(lines[0]) == {"-"}
        assert lines[1].strip("| ") == "DescribeJob"
        assert all(len(line) == len(lines[0]) for line in lines if "固件" not in line)
        assert any(line.startswith("||") and line.strip("| ") == "job" for line in lines)
        assert any(line.startswith("||||") and line.strip("| ") == "criteriaList" for line in lines)
        header = next(line for line in lines if "failureType" in line and "action" in line)
        assert header.index("action") < header.index("failureType") < header.index("minNumberOfExecutedThings")

    def test_table_turns_vertical_when_too_wide(self) -> None:
        """A section wider than the terminal becomes key | value rows, as the AWS CLI does."""
        data = {f"key{i}": f"value-{i}-{'x' * 10}" for i in range(6)}
        wide = format_table(data, title="T", width=500)
        narrow = format_table(data, title="T", width=60)
        assert len(wide.splitlines()) == 7  # rule, title, rule, header, rule, row, rule
        assert len(narrow.splitlines()) == 3 + 6 + 1
        assert "|  key0 " in narrow

    def test_table_of_nothing(self) -> None:
        """An empty response prints no table."""
        assert format_table({}, title="UpdateJob", width=80) == ""

    def test_unknown_format(self) -> None:
        """Only the five AWS CLI formats exist."""
        with pytest.raises(ValueError, match="unknown output format"):
            format_output({}, "xml", title="X")


_AWSCLI_SAMPLES: list[Any] = [
    prepare(RESPONSE),
    {"a": [{"x": 1, "y": {"z": [1, 2]}}, {"x": 2, "w": "only here"}], "b": "scalar"},
    {"matrix": [[1, 2], [3, 4]], "deeper": [[{"k": "v"}]]},
    {"single": "value", "nested": {"only": 1}},
    {f"column{i}": f"a long value number {i}" for i in range(8)},
    {"list": ["a", "b"], "empty": [], "none": None, "flag": True},
    [{"name": "wide 固件 ＡＢ", "n": 1}, {"name": "ascii", "n": 22}],
    ["just", "scalars"],
]

_AWSCLI_SCRIPT = """
import io, json, sys, types
from awscli.formatter import TableFormatter
from awscli.text import format_text
results = []
for sample in json.load(sys.stdin):
    text = io.StringIO()
    format_text(sample, text)
    table = io.StringIO()
    TableFormatter(types.SimpleNamespace(color="off", query=None))("Sample", sample, table)
    results.append([text.getvalue(), table.getvalue()])
json.dump(results, sys.stdout)
"""


@pytest.fixture(scope="module")
def awscli_renderings() -> list[list[str]]:
    """awscli's own text and table renderings of the samples (terminal width 80: stdout is a pipe)."""
    if importlib.util.find_spec("awscli") is None:
        pytest.skip("awscli is not installed")
    proc = subprocess.run([sys.executable, "-c", _AWSCLI_SCRIPT], input=json.dumps(_AWSCLI_SAMPLES),
                          capture_output=True, text=True, timeout=120, check=True)
    renderings: list[list[str]] = json.loads(proc.stdout)
    return renderings


@pytest.mark.parametrize("index", range(len(_AWSCLI_SAMPLES)))
def test_text_and_table_match_awscli(awscli_renderings: list[list[str]], index: int) -> None:
    """Our text and table output equal awscli's for the same data."""
    sample = _AWSCLI_SAMPLES[index]
    text, table = awscli_renderings[index]
    assert format_text(sample) == text
    assert format_table(sample, title="Sample", width=80) == table


# -- skeletons ----------------------------------------------------------------------------------------------


class TestSkeletons:
    def test_describe_job_output_skeleton_matches_botocore(self) -> None:
        """The hard-coded DescribeJob output skeleton is botocore's ArgumentGenerator output (ISO timestamps)."""
        import botocore.session
        from botocore.utils import ArgumentGenerator

        model = botocore.session.get_session().get_service_model("iot").operation_model("DescribeJob")
        assert model.output_shape is not None
        generated = ArgumentGenerator(use_member_names=True).generate_skeleton(model.output_shape)

        def iso(value: Any) -> Any:
            if isinstance(value, dict):
                return {key: iso(item) for key, item in value.items()}
            if isinstance(value, list):
                return [iso(item) for item in value]
            return value.isoformat() if isinstance(value, datetime) else value

        assert json.dumps(DESCRIBE_JOB_OUTPUT_SKELETON) == json.dumps(iso(generated))

    @pytest.mark.parametrize("command", ["update-job", "describe-job"])
    def test_yaml_input_skeleton_loads_as_the_input_skeleton(self, command: str) -> None:
        """The YAML skeleton is the JSON one, with comments."""
        text = yaml_input_skeleton(get_operation(command))
        assert yaml.safe_load(text) == input_skeleton(command)
        assert text.splitlines()[0].startswith("jobId: ''  # [REQUIRED] ")

    def test_yaml_input_skeleton_comments(self) -> None:
        """Members are commented with [REQUIRED], what they mean and their valid values."""
        text = yaml_input_skeleton(get_operation("update-job"))
        assert "    baseRatePerMinute: 0  # [REQUIRED] " in text
        assert "    - failureType: FAILED  # [REQUIRED] " in text
        assert "Valid values are: FAILED, TIMED_OUT, ALL." in text
        assert "description: ''  # A short text description of the job." in text


# -- help ---------------------------------------------------------------------------------------------------


class TestHelp:
    def test_shorthand_syntax_is_the_aws_cli_template(self) -> None:
        """The generated templates equal the AWS CLI's (spec 6.1)."""
        operation = get_operation("update-job")
        assert shorthand_syntax(operation.member("presignedUrlConfig").shape) == "roleArn=string,expiresInSec=long"
        assert shorthand_syntax(operation.member("timeoutConfig").shape) == "inProgressTimeoutInMinutes=long"

    def test_json_syntax(self) -> None:
        """JSON templates show enums as "A"|"B" and lists with an ellipsis."""
        shape = get_operation("update-job").member("jobExecutionsRetryConfig").shape
        assert json_syntax(shape) == (
            '{\n  "criteriaList": [\n    {\n      "failureType": "FAILED"|"TIMED_OUT"|"ALL",\n'
            '      "numberOfRetries": integer\n    }\n    ...\n  ]\n}'
        )

    def test_every_bounded_leaf_has_its_limits(self) -> None:
        """Every UpdateJob limit in iotjobs.LIMITS is shown somewhere in the update-job help (CreateJob's and the
        schedule's belong to create-job)."""
        shown = {id(limit) for path in _paths(get_operation("update-job")) for limit in limits_for(path)}
        create_only = {id(limit) for limit in (*L.CREATE_JOB_LIMITS, *L.SCHEDULE_LIMITS)}
        assert shown == {id(limit) for limit in L.LIMITS} - create_only

    @pytest.mark.parametrize(
        ("limit", "words"),
        [
            (L.MAXIMUM_PER_MINUTE, "1 to 1000 (AWS IoT API Reference, JobExecutionsRolloutConfig; maximum: "),
            (L.INCREMENT_FACTOR, "1.1 to 5, at most one digit after the decimal point"),
            (L.THRESHOLD_PERCENTAGE, "more than 0 and at most 100, at most two digits after the decimal point"),
            (L.ABORT_CRITERIA_LIST, "at least 1 item (AWS IoT API Reference, AbortConfig)"),
            (L.RETRY_CRITERIA_LIST, "1 to 2 items"),
            (L.TOTAL_RETRIES, "the sum of numberOfRetries: at most 10"),
            (L.ABORT_ACTION, "only CANCEL"),
            (L.JOB_ID, "1 to 64 characters, matching [a-zA-Z0-9_-]+"),
        ],
    )
    def test_describe_limit(self, limit: L.Limit, words: str) -> None:
        """A limit in words, with the document each bound comes from."""
        assert words in describe_limit(limit)

    def test_help_lines_fit(self) -> None:
        """Prose is wrapped; only syntax templates and examples may be longer."""
        for command in ("update-job", "describe-job"):
            for line in command_help(command).splitlines():
                if len(line) > 100:
                    assert "=" in line or "{" in line or "iotjobs " in line, line


def _paths(operation: Any) -> list[str]:
    paths: list[str] = []

    def walk(shape: Any, path: str) -> None:
        paths.append(path)
        if shape.type == "structure":
            for name, member in shape.members.items():
                walk(member, f"{path}.{name}")
        elif shape.type == "list":
            walk(shape.member, f"{path}[]")

    for member in operation.members:
        walk(member.shape, member.name)
    return paths


# -- --plan -------------------------------------------------------------------------------------------------


class TestPlan:
    def test_every_kind_of_line(self) -> None:
        """~ changed, + newly set, - dropped by a replaced config, = unchanged, and the members not sent."""
        job = make_job(
            "fw-42",
            description="Firmware 1.2",
            rollout=Rollout.exponential(50, 2, notified_things=1000, maximum_per_minute=100),
            abort=Abort.when(FAILED, 10, min_executed_things=50),
            timeout=Timeout.minutes(30),
        )
        update = JobUpdate(
            "fw-42",
            description="Firmware 1.2",
            rollout=Rollout.constant(500),
            presigned_url=PresignedUrl("arn:aws:iam::123456789012:role/Jobs"),
            retry=Retry.on(FAILED, 0),
        )
        lines = render_plan(update, job).splitlines()
        assert lines[0] == "Plan for update-job fw-42 (job status IN_PROGRESS); nothing was sent."
        assert lines[1:] == [
            '  = description: "Firmware 1.2"',
            '  + presignedUrlConfig.roleArn: "arn:aws:iam::123456789012:role/Jobs"',
            "  ~ jobExecutionsRolloutConfig.maximumPerMinute: 100 -> 500",
            "  - jobExecutionsRolloutConfig.exponentialRate.baseRatePerMinute: 50 "
            "(the new jobExecutionsRolloutConfig replaces the stored one as a whole)",
            "  - jobExecutionsRolloutConfig.exponentialRate.incrementFactor: 2.0 "
            "(the new jobExecutionsRolloutConfig replaces the stored one as a whole)",
            "  - jobExecutionsRolloutConfig.exponentialRate.rateIncreaseCriteria.numberOfNotifiedThings: 1000 "
            "(the new jobExecutionsRolloutConfig replaces the stored one as a whole)",
            '  + jobExecutionsRetryConfig.criteriaList[0].failureType: "FAILED"',
            "  + jobExecutionsRetryConfig.criteriaList[0].numberOfRetries: 0",
            "    abortConfig: unchanged (not sent)",
            "    timeoutConfig: unchanged (not sent)",
            "    namespaceId: unchanged (not sent)",
            "1 to change, 3 to add, 3 to remove, 1 unchanged; 3 members not sent.",
        ]

    def test_numbers_compare_as_aws_stores_them(self) -> None:
        """A threshold of 20 and one of 20.0 are the same (both sides are compiled by the builders)."""
        job = make_job("j", abort=Abort.when(FAILED, 20.0))
        lines = render_plan(JobUpdate("j", abort=Abort.when(FAILED, 20)), job).splitlines()
        assert "  = abortConfig.criteriaList[0].thresholdPercentage: 20.0" in lines

    def test_notes(self) -> None:
        """The documented caveats: retries fixed after creation, timeouts for new executions, final jobs."""
        job = make_job("j", status="COMPLETED", retry=Retry.on(FAILED, 2))
        text = render_plan(JobUpdate("j", retry=Retry.on(TIMED_OUT, 3), timeout=Timeout.minutes(5)), job)
        assert "refused: AWS IoT would reject this update" in text
        assert "set its number of retries only to 0" in text
        assert "applies only to executions that start after the update" in text
        assert "the job is COMPLETED; AWS IoT will probably reject an update" in text

    def test_plan_reads_a_real_describe_response(self) -> None:
        """make_describe_job_response's {} configs read as unset: everything the update sets is new."""
        job = make_job("j")
        assert make_describe_job_response("j")["job"]["abortConfig"] == {}
        text = render_plan(JobUpdate("j", abort=Abort.when(FAILED, 5)), job)
        assert "  + abortConfig.criteriaList[0].thresholdPercentage: 5.0" in text.splitlines()


class TestUnreadableStoredConfig:
    """A stored config this iotjobs cannot read (Job: None + UnreadableConfigWarning, raw in job.raw)."""

    @staticmethod
    def job() -> Any:
        from iotjobs import Job, UnreadableConfigWarning

        response = make_describe_job_response("j", timeout=Timeout.minutes(30))
        response["job"]["jobExecutionsRetryConfig"] = {"criteriaList": [{"failureType": "ABANDONED",
                                                                          "numberOfRetries": 2}]}
        with pytest.warns(UnreadableConfigWarning):
            job = Job.from_botocore(response)
        assert job.retry is None
        return job

    def test_sent_over_it_is_replaced(self) -> None:
        """Sending the config replaces the unreadable one: marked replaced, compared leaf by leaf, pending."""
        data = plan(JobUpdate("j", retry=Retry.on(FAILED, 2)), self.job())
        assert data["replacedUnreadable"] == ["jobExecutionsRetryConfig"]
        assert {"action": "change", "path": "jobExecutionsRetryConfig.criteriaList[0].failureType",
                "old": "ABANDONED", "new": "FAILED"} in data["changes"]
        assert {"action": "unchanged", "path": "jobExecutionsRetryConfig.criteriaList[0].numberOfRetries",
                "new": 2} in data["changes"]
        assert data["pending"] is True
        text = render_plan(JobUpdate("j", retry=Retry.on(FAILED, 2)), self.job())
        assert "  ~ jobExecutionsRetryConfig: replaced (iotjobs cannot read the stored jobExecutionsRetryConfig; " \
               "compared as stored below)" in text.splitlines()

    def test_not_sent_it_is_left_alone(self) -> None:
        """Not sent: unchanged, nothing replaced, nothing pending when the rest is equal."""
        data = plan(JobUpdate("j", timeout=Timeout.minutes(30)), self.job())
        assert data["replacedUnreadable"] == []
        assert "jobExecutionsRetryConfig" in data["notSent"]
        assert data["pending"] is False
