"""The ``iotjobs`` command end to end: options, request building, validation, sending, exit codes.

Most tests call :func:`iotjobs.cli.main` in-process (fast) against a loopback capture server; subprocesses are used
only where the process itself matters (``python -m iotjobs``, the console script, what is imported).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import botocore.exceptions  # loaded here first, so the in-process sends use the installed botocore
import pytest
import yaml

from iotjobs import FAILED, TIMED_OUT, Abort, JobsClient, Retry, Rollout, Timeout
from iotjobs import _limits as L
from iotjobs.cli import main
from iotjobs.cli._argmodel import input_skeleton
from iotjobs.cli._aws import Connection, make_client
from iotjobs.cli._main import main as main_with_io
from iotjobs.cli._output import DESCRIBE_JOB_OUTPUT_SKELETON
from iotjobs.testing import make_describe_job_response
from tests._capture import CannedResponse, CapturedRequest, CaptureServer, aws_error, capture_server, json_response

REGION = ["--region", "us-east-1"]
ROLE = "arn:aws:iam::123456789012:role/IotJobsS3Access"
ROLLOUT = (
    "maximumPerMinute=500,exponentialRate={baseRatePerMinute=50,incrementFactor=1.5,"
    "rateIncreaseCriteria={numberOfSucceededThings=200}}"
)
ABORT = "criteriaList=[{failureType=FAILED,action=CANCEL,thresholdPercentage=20.5,minNumberOfExecutedThings=100}]"
RETRY = "criteriaList=[{failureType=FAILED,numberOfRetries=3},{failureType=TIMED_OUT,numberOfRetries=2}]"
SPEC_6_4 = [
    "--job-id", "fw-42",
    "--job-executions-rollout-config", ROLLOUT,
    "--abort-config", ABORT,
    "--timeout-config", "inProgressTimeoutInMinutes=60",
]
SPEC_6_4_BODY = {
    "jobExecutionsRolloutConfig": {
        "maximumPerMinute": 500,
        "exponentialRate": {
            "baseRatePerMinute": 50,
            "incrementFactor": 1.5,
            "rateIncreaseCriteria": {"numberOfSucceededThings": 200},
        },
    },
    "abortConfig": {
        "criteriaList": [
            {"failureType": "FAILED", "action": "CANCEL", "thresholdPercentage": 20.5,
             "minNumberOfExecutedThings": 100}
        ]
    },
    "timeoutConfig": {"inProgressTimeoutInMinutes": 60},
}


class Result:
    """Exit code and captured output of one ``main()`` call."""

    def __init__(self, code: int, out: str, err: str) -> None:
        self.code = code
        self.out = out
        self.err = err

    def json(self) -> Any:
        return json.loads(self.out)


Run = Callable[..., Result]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """Call ``main(argv)`` in-process and capture its exit code, stdout and stderr."""

    def call(*argv: str, **kwargs: Any) -> Result:
        # The public main() takes argv only; the prompt's I/O is injected through the implementation's.
        code = main_with_io(list(argv), **kwargs) if kwargs else main(list(argv))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return call


def _epoch(value: Any) -> Any:
    """boto3-style datetimes -> the epoch seconds AWS puts on the wire."""
    if isinstance(value, dict):
        return {key: _epoch(item) for key, item in value.items() if key != "ResponseMetadata"}
    if isinstance(value, list):
        return [_epoch(item) for item in value]
    if isinstance(value, datetime):
        return value.timestamp()
    return value


DESCRIBE_RESPONSE = make_describe_job_response(
    "fw-42",
    description="Firmware 1.2",
    rollout=Rollout.constant(100),
    abort=Abort.when(FAILED, 10, min_executed_things=50).or_when(TIMED_OUT, 30, min_executed_things=10),
    timeout=Timeout.minutes(30),
    retry=Retry.on(FAILED, 2),
    document_source="https://s3.amazonaws.com/bucket/job.json",
)
DESCRIBE_WIRE = _epoch(DESCRIBE_RESPONSE)


def _answer(request: CapturedRequest) -> CannedResponse:
    return json_response(DESCRIBE_WIRE) if request.method == "GET" else CannedResponse()


@pytest.fixture
def server() -> Iterator[CaptureServer]:
    """A capture server answering DescribeJob with a realistic job and UpdateJob with 200 ``{}``."""
    with capture_server(_answer) as capture:
        yield capture


def at(server: CaptureServer) -> list[str]:
    return ["--endpoint-url", server.url, *REGION]


# -- version, help, the command line -----------------------------------------------------------------------


class TestVersionAndHelp:
    def test_version(self, run: Run) -> None:
        """--version prints iotjobs/<version> Python/<x.y.z> <platform>/<release> and exits 0."""
        import platform
        from importlib.metadata import version

        result = run("--version")
        assert result.code == 0
        assert result.out == (
            f"iotjobs/{version('iotjobs')} Python/{platform.python_version()} "
            f"{platform.system()}/{platform.release()}\n"
        )

    def test_version_after_the_command(self, run: Run) -> None:
        """--version is a global option: it works after the command too."""
        assert run("update-job", "--version").out.startswith("iotjobs/")

    @pytest.mark.parametrize("argv", [["help"], ["--help"], ["-h"], ["iot", "help"]])
    def test_top_help(self, run: Run, argv: list[str]) -> None:
        """``iotjobs help`` lists the commands, the global options and the exit codes."""
        result = run(*argv)
        assert result.code == 0
        for heading in ("NAME", "SYNOPSIS", "AVAILABLE COMMANDS", "GLOBAL OPTIONS", "EXIT CODES"):
            assert f"\n{heading}\n" in result.out
        assert "update-job" in result.out
        assert "describe-job" in result.out

    @pytest.mark.parametrize("form", [["help"], ["--help"], ["-h"]])
    def test_update_job_help(self, run: Run, form: list[str]) -> None:
        """``iotjobs update-job help`` reads like the AWS CLI's reference page."""
        result = run("update-job", *form)
        assert result.code == 0
        page = result.out
        for heading in ("NAME", "DESCRIPTION", "SYNOPSIS", "OPTIONS", "GLOBAL OPTIONS", "EXAMPLES", "OUTPUT",
                        "EXIT CODES"):
            assert f"\n{heading}\n" in page
        for option in ("--job-id", "--description", "--presigned-url-config", "--job-executions-rollout-config",
                       "--abort-config", "--timeout-config", "--namespace-id", "--job-executions-retry-config",
                       "--cli-input-json", "--cli-input-yaml", "--generate-cli-skeleton", "--dry-run", "--plan",
                       "--cli-auto-prompt", "--no-cli-auto-prompt", "--query", "--output"):
            assert option in page
        assert page.count("Shorthand Syntax:") == 5
        assert page.count("JSON Syntax:") == 5

    def test_help_shows_the_aws_cli_shorthand_templates(self, run: Run) -> None:
        """The shorthand templates are the ones the AWS CLI documents (spec 6.1)."""
        page = run("update-job", "help").out
        assert "roleArn=string,expiresInSec=long" in page
        assert (
            "maximumPerMinute=integer,exponentialRate={baseRatePerMinute=integer,incrementFactor=double,"
            "rateIncreaseCriteria={numberOfNotifiedThings=integer,numberOfSucceededThings=integer}}"
        ) in page
        assert (
            "criteriaList=[{failureType=string,action=string,thresholdPercentage=double,"
            "minNumberOfExecutedThings=integer},{failureType=string,action=string,thresholdPercentage=double,"
            "minNumberOfExecutedThings=integer}]"
        ) in page
        assert "inProgressTimeoutInMinutes=long" in page
        retry = "{failureType=string,numberOfRetries=integer}"
        assert f"criteriaList=[{retry},{retry}]" in page
        assert '"failureType": "FAILED"|"REJECTED"|"TIMED_OUT"|"ALL"' in page

    def test_help_reads_the_limits_from_the_limits_table(self, run: Run) -> None:
        """Each documented bound appears, rendered from iotjobs._limits (never written twice)."""
        page = " ".join(run("update-job", "help").out.split())
        for limit in (L.MAXIMUM_PER_MINUTE, L.BASE_RATE_PER_MINUTE, L.INCREMENT_FACTOR, L.EXPIRES_IN_SEC,
                      L.IN_PROGRESS_TIMEOUT_IN_MINUTES, L.NUMBER_OF_RETRIES):
            assert f"{limit.minimum:g} to {limit.maximum:g}" in page, limit.member
        assert f"at most {L.TOTAL_RETRIES.maximum:g}" in page
        assert "at most one digit after the decimal point" in page
        assert "at most two digits after the decimal point" in page
        assert f"{L.JOB_ID.minimum:g} to {L.JOB_ID.maximum:g} characters" in page

    def test_help_flag_before_the_command(self, run: Run) -> None:
        """``iotjobs --help update-job`` shows the command's page."""
        assert run("--help", "update-job").out == run("update-job", "help").out

    def test_describe_job_help(self, run: Run) -> None:
        """``iotjobs describe-job help`` documents --[no-]before-substitution and the output."""
        page = run("describe-job", "help").out
        assert "--before-substitution | --no-before-substitution" in page
        assert "--dry-run" not in page
        assert "\nOUTPUT\n" in page

    def test_help_says_which_options_have_no_effect(self, run: Run) -> None:
        """--color, --no-paginate, --no-cli-pager and --cli-binary-format are accepted with no effect."""
        page = " ".join(run("help").out.split())
        assert page.count("Accepted for compatibility with the AWS CLI, with no effect here") == 4


class TestCommandLine:
    def test_global_options_before_and_after_the_command(self, run: Run) -> None:
        """Global options work on either side of the command (the later one wins)."""
        result = run("--output", "text", "update-job", "--job-id", "j", "--dry-run", "--region", "eu-west-1",
                     "--output", "json")
        assert result.code == 0
        assert result.json()["path"] == "/jobs/j"

    def test_service_word(self, run: Run) -> None:
        """``iotjobs iot update-job`` is ``iotjobs update-job``: replace ``aws`` by ``iotjobs``."""
        assert run("iot", "update-job", "--job-id", "j", "--dry-run").json() == run(
            "update-job", "--job-id", "j", "--dry-run").json()

    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            ([], "the following arguments are required: command"),
            (["iot"], "the following arguments are required: command"),
            (["create-job"], "Invalid choice 'create-job', valid choices are: update-job | describe-job"),
            (["update-job", "--job-id", "j", "--bogus"], "unrecognized arguments: --bogus"),
            (["update-job", "--job-id"], "argument --job-id: expected one argument"),
            (["update-job", "--job-id", "j", "--output", "xml"], "argument --output: invalid choice: 'xml'"),
            (["update-job", "--job-id", "j", "--cli-read-timeout", "soon"],
             "argument --cli-read-timeout: invalid int value: 'soon'"),
            (["update-job", "--job-id", "j", "--color", "pink"], "argument --color: invalid choice"),
            (["update-job", "--job-id", "j", "stray"], "Unknown options: stray"),
            (["update-job", "--job-id", "j", "--generate-cli-skeleton", "xml"],
             "argument --generate-cli-skeleton: invalid choice"),
            (["update-job", "--job-i", "j"], "unrecognized arguments: --job-i"),  # no abbreviations
            (["describe-job", "--job-id", "j", "--dry-run"], "unrecognized arguments: --dry-run"),
        ],
    )
    def test_command_line_errors_exit_252(self, run: Run, argv: list[str], message: str) -> None:
        """argparse's errors exit 252 (never 2) with the usage block and a clear message."""
        result = run(*argv)
        assert result.code == 252
        assert message in result.err
        assert result.err.startswith("usage: iotjobs")
        assert "Traceback" not in result.err

    def test_missing_job_id_names_the_option(self, run: Run) -> None:
        """Without --job-id (or jobId in an input document) the command exits 252 naming --job-id."""
        result = run("update-job", "--timeout-config", "inProgressTimeoutInMinutes=5", "--dry-run")
        assert result.code == 252
        assert "the following arguments are required: --job-id" in result.err
        assert run("describe-job").code == 252

    def test_dry_run_and_plan_together(self, run: Run) -> None:
        """--dry-run and --plan are exclusive."""
        result = run("update-job", "--job-id", "j", "--dry-run", "--plan")
        assert result.code == 252
        assert "--dry-run and --plan cannot be combined" in result.err

    def test_bad_query_exits_252_before_sending(self, run: Run, server: CaptureServer) -> None:
        """An invalid --query is a command-line error, found before anything is sent."""
        result = run("describe-job", "--job-id", "j", "--query", "job.[", *at(server))
        assert result.code == 252
        assert "Bad value for --query job.[" in result.err
        assert server.requests == []


class TestCommandTable:
    def test_a_command_is_one_object(self, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
        """A command added to the table is parsed, listed in the help and run, with typed settings."""
        import argparse
        from dataclasses import dataclass
        from types import MappingProxyType

        from iotjobs.cli import _main
        from iotjobs.cli._command import Command, GlobalSettings, Io
        from iotjobs.cli._commands import COMMANDS
        from iotjobs.cli._options import OptionSpec

        @dataclass(frozen=True)
        class EchoSettings:
            globals: GlobalSettings
            text: str

        seen: list[EchoSettings] = []

        class Echo(Command[EchoSettings]):
            name = "echo-job"
            summary = "say something"
            options = (OptionSpec("--text", "string", "What to say."),)

            def settings(self, namespace: argparse.Namespace, given: Any, globals_: GlobalSettings) -> EchoSettings:
                return EchoSettings(globals_, namespace.text)

            def help(self) -> str:
                return "ECHO-JOB help\n"

            def run(self, settings: EchoSettings, io: Io) -> int:
                seen.append(settings)
                io.write(settings.text + "\n")
                return 7

        monkeypatch.setattr(_main, "COMMANDS", MappingProxyType({**COMMANDS, "echo-job": Echo()}))
        result = run("--region", "eu-west-1", "echo-job", "--text", "hi", "--output", "text")
        assert (result.code, result.out) == (7, "hi\n")
        assert seen[0].globals.region == "eu-west-1"
        assert seen[0].globals.output == "text"
        assert run("echo-job", "help").out == "ECHO-JOB help\n"
        assert "o echo-job        say something" in run("help").out

    def test_global_settings_have_a_field_per_global_option(self) -> None:
        """Every global option lands in a GlobalSettings field of the same name (and nothing else is there)."""
        from dataclasses import fields

        from iotjobs.cli._command import GlobalSettings
        from iotjobs.cli._options import GLOBAL_OPTIONS

        assert {spec.destination for spec in GLOBAL_OPTIONS} == {item.name for item in fields(GlobalSettings)}

    def test_settings_are_frozen(self) -> None:
        """What a command gets is immutable, not an argparse.Namespace."""
        import dataclasses

        from iotjobs.cli._commands import UpdateJobSettings
        from iotjobs.cli._main import parse_command_line

        settings = parse_command_line(["update-job", "--job-id", "j", "--dry-run", "--region", "r"]).settings
        assert isinstance(settings, UpdateJobSettings)
        assert (settings.dry_run, settings.globals.region, dict(settings.options)) == (True, "r", {"--job-id": "j"})
        with pytest.raises(dataclasses.FrozenInstanceError):
            settings.dry_run = False  # type: ignore[misc]
        with pytest.raises(TypeError):
            settings.options["--job-id"] = "k"  # type: ignore[index]


# -- --dry-run ----------------------------------------------------------------------------------------------


class TestDryRun:
    def test_full_example(self, run: Run) -> None:
        """The spec's section 6.4 example: the exact request, doubles as the AWS CLI types them."""
        result = run("update-job", *SPEC_6_4, "--dry-run")
        assert result.code == 0
        assert result.err == ""
        assert result.json() == {
            "method": "PATCH",
            "path": "/jobs/fw-42",
            "query": {},
            "headers": {"Content-Type": "application/json"},
            "body": SPEC_6_4_BODY,
        }
        assert json.dumps(result.json()["body"]) == json.dumps(SPEC_6_4_BODY)  # member order too

    def test_same_request_as_the_sdk(self, run: Run) -> None:
        """docs/cli.md's side-by-side example: the command line and the builders compile to the same members."""
        from iotjobs import JobUpdate

        update = JobUpdate(
            "fw-42",
            rollout=Rollout.exponential(50, 1.5, succeeded_things=200, maximum_per_minute=500),
            abort=Abort.when(FAILED, 20.5, min_executed_things=100),
            timeout=Timeout.minutes(60),
        )
        request = run("update-job", *SPEC_6_4, "--dry-run").json()
        assert {"jobId": "fw-42", **request["body"]} == update.to_botocore()

    def test_everything(self, run: Run) -> None:
        """Every UpdateJob option at once; namespaceId goes to the query string, the rest to the body."""
        result = run(
            "update-job", "--job-id", "fw-42", "--description", "Firmware 1.2.3 – größer",
            "--presigned-url-config", f"roleArn={ROLE},expiresInSec=1800",
            "--job-executions-rollout-config", ROLLOUT, "--abort-config", ABORT,
            "--timeout-config", "inProgressTimeoutInMinutes=120", "--namespace-id", "ns1",
            "--job-executions-retry-config", RETRY, "--dry-run",
        )
        assert result.code == 0
        request = result.json()
        assert request["query"] == {"namespaceId": "ns1"}
        assert list(request["body"]) == [
            "description", "presignedUrlConfig", "jobExecutionsRolloutConfig", "abortConfig", "timeoutConfig",
            "jobExecutionsRetryConfig",
        ]
        assert request["body"]["description"] == "Firmware 1.2.3 – größer"
        assert request["body"]["presignedUrlConfig"] == {"roleArn": ROLE, "expiresInSec": 1800}
        assert request["body"]["jobExecutionsRetryConfig"]["criteriaList"][1] == {
            "failureType": "TIMED_OUT", "numberOfRetries": 2}

    def test_shorthand_integers_become_doubles(self, run: Run) -> None:
        """``incrementFactor=2`` is sent as 2.0, as the AWS CLI types shorthand from the model."""
        result = run("update-job", "--job-id", "j", "--job-executions-rollout-config",
                     "exponentialRate={baseRatePerMinute=5,incrementFactor=2,rateIncreaseCriteria={numberOfNotifiedThings=9}}",
                     "--dry-run")
        body = result.json()["body"]
        factor = body["jobExecutionsRolloutConfig"]["exponentialRate"]["incrementFactor"]
        assert factor == 2.0
        assert isinstance(factor, float)

    def test_json_numbers_are_sent_as_given(self, run: Run) -> None:
        """A JSON ``2`` for a double stays ``2``, as the AWS CLI sends it (JSON values are not converted)."""
        value = {"exponentialRate": {"baseRatePerMinute": 5, "incrementFactor": 2,
                                     "rateIncreaseCriteria": {"numberOfNotifiedThings": 9}}}
        result = run("update-job", "--job-id", "j", "--job-executions-rollout-config", json.dumps(value), "--dry-run")
        factor = result.json()["body"]["jobExecutionsRolloutConfig"]["exponentialRate"]["incrementFactor"]
        assert factor == 2
        assert isinstance(factor, int)

    def test_needs_no_credentials_and_sends_nothing(self, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
        """No credentials, no region, an endpoint nobody listens on: a dry run still succeeds."""
        for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION"):
            monkeypatch.delenv(name, raising=False)
        with capture_server() as capture:
            result = run("update-job", "--job-id", "j", "--dry-run", "--endpoint-url", capture.url)
            assert capture.requests == []
        assert result.code == 0

    def test_imports_neither_boto3_nor_botocore(self, tmp_path: Path) -> None:
        """The dry-run and skeleton paths never load boto3, botocore, PyYAML or jmespath."""
        code = (
            "import sys\n"
            "from iotjobs.cli import main\n"
            f"assert main({['update-job', *SPEC_6_4, '--dry-run']!r}) == 0\n"
            "assert main(['update-job', '--generate-cli-skeleton']) == 0\n"
            "assert main(['describe-job', '--generate-cli-skeleton', 'output', '--job-id', 'j']) == 0\n"
            "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('boto3', 'botocore', 'yaml', 'jmespath'))\n"
            "print('LOADED', loaded)\n"
        )
        env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path,
                              timeout=60, check=False)
        assert proc.returncode == 0, proc.stderr
        assert "LOADED []" in proc.stdout


# -- validation (exit 252, nothing sent) --------------------------------------------------------------------


class TestValidation:
    def test_each_problem_on_its_own_line_naming_option_member_value_and_limit(self, run: Run) -> None:
        """Every problem of the request is reported at once, each prefixed with its option."""
        result = run(
            "update-job", "--job-id", "fw-42",
            "--job-executions-rollout-config",
            "maximumPerMinute=5000,exponentialRate={baseRatePerMinute=50,incrementFactor=1.55,"
            "rateIncreaseCriteria={numberOfNotifiedThings=10}}",
            "--job-executions-retry-config", "criteriaList=[{failureType=FAILED,numberOfRetries=30}]",
            "--dry-run",
        )
        assert result.code == 252
        assert result.out == ""
        lines = result.err.strip().splitlines()
        assert lines[0] == "Parameter validation failed (3 problems; nothing was sent):"
        assert lines[1].startswith(
            "--job-executions-rollout-config: jobExecutionsRolloutConfig.maximumPerMinute = 5000: must be at most 1000")
        assert lines[2].startswith(
            "--job-executions-rollout-config: jobExecutionsRolloutConfig.exponentialRate.incrementFactor = 1.55: "
            "AWS IoT accepts at most one digit after the decimal point")
        assert lines[3].startswith(
            "--job-executions-retry-config: jobExecutionsRetryConfig.criteriaList[0].numberOfRetries = 30: "
            "must be at most 10")
        assert "Traceback" not in result.err

    @pytest.mark.parametrize(
        ("argv", "expected"),
        [
            (["--job-id", "bad id!"], "--job-id: jobId = 'bad id!': may contain only"),
            (["--job-id", "j", "--description", "two\nlines"], "--description: description = 'two\\nlines'"),
            (["--job-id", "j", "--namespace-id", "ns 1"], "--namespace-id: namespaceId = 'ns 1'"),
            (["--job-id", "j", "--presigned-url-config", "roleArn=arn:aws:iam::1:role/x"],
             "--presigned-url-config: presignedUrlConfig.roleArn = 'arn:aws:iam::1:role/x'"),
            (["--job-id", "j", "--timeout-config", "inProgressTimeoutInMinutes=0"],
             "--timeout-config: timeoutConfig.inProgressTimeoutInMinutes = 0: must be at least 1"),
            (["--job-id", "j", "--abort-config",
              "criteriaList=[{failureType=FAILED,action=CANCEL,thresholdPercentage=10.999,minNumberOfExecutedThings=1}]"],
             "--abort-config: abortConfig.criteriaList[0].thresholdPercentage = 10.999"),
            (["--job-id", "j", "--abort-config", "criteriaList=[{failureType=FAILED,action=STOP,"
              "thresholdPercentage=10,minNumberOfExecutedThings=1}]"],
             "--abort-config: abortConfig.criteriaList[0].action = 'STOP': must be one of CANCEL"),
            (["--job-id", "j", "--job-executions-rollout-config",
              "exponentialRate={baseRatePerMinute=1,incrementFactor=2,maximumPerMinute=3,"
              "rateIncreaseCriteria={numberOfNotifiedThings=1}}"],
             "belongs in jobExecutionsRolloutConfig, next to exponentialRate, not inside it"),
        ],
    )
    def test_limits(self, run: Run, argv: list[str], expected: str) -> None:
        """Values AWS would reject exit 252 with the option, the member, the value and the limit."""
        result = run("update-job", *argv, "--dry-run")
        assert result.code == 252
        assert expected in result.err
        assert result.out == ""

    def test_problem_from_cli_input_json_names_its_source(self, run: Run) -> None:
        """A member read from --cli-input-json is reported under its option, noting the document."""
        document = {"jobId": "j", "timeoutConfig": {"inProgressTimeoutInMinutes": 20000}, "bogus": 1}
        result = run("update-job", "--cli-input-json", json.dumps(document), "--dry-run")
        assert result.code == 252
        assert "--timeout-config (in --cli-input-json): timeoutConfig.inProgressTimeoutInMinutes = 20000" in result.err
        assert "--cli-input-json: bogus = 1: is not a member of UpdateJobRequest" in result.err

    def test_describe_job_id_is_checked(self, run: Run, server: CaptureServer) -> None:
        """describe-job validates --job-id before sending."""
        result = run("describe-job", "--job-id", "no/slashes", *at(server))
        assert result.code == 252
        assert "--job-id: jobId = 'no/slashes'" in result.err
        assert server.requests == []


class TestMalformedInput:
    @pytest.mark.parametrize(
        ("option", "value", "expected"),
        [
            ("--abort-config", "criteriaList=[{failureType=FAILED", "Expected '}' to close the structure"),
            ("--abort-config", "criteriaList=[{failureType=FAILED}", "Expected ']' to close the list"),
            ("--timeout-config", "inProgressTimeoutInMinutes=1,inProgressTimeoutInMinutes=2",
             "Duplicate key 'inProgressTimeoutInMinutes'"),
            ("--job-executions-rollout-config", "exponentialRate={baseRatePerMinute=fast}",
             "jobExecutionsRolloutConfig.exponentialRate.baseRatePerMinute must be a whole number (AWS type integer), "
             "got 'fast'"),
            ("--abort-config", "criteriaList=[{thresholdPercentage=lots}]",
             "abortConfig.criteriaList[0].thresholdPercentage must be a number (AWS type double), got 'lots'"),
            ("--abort-config", '{"criteriaList": [', "Invalid JSON"),
            ("--presigned-url-config", "roleArn", "Expected '=' after the key 'roleArn'"),
            ("--job-executions-retry-config", "criteriaList={failureType=ALL,numberOfRetries=3}",
             "was given without [...]"),
            ("--abort-config", "[1, 2]", "abortConfig must be a structure"),
        ],
    )
    def test_malformed_values_exit_252_with_a_clear_message(self, run: Run, option: str, value: str,
                                                            expected: str) -> None:
        """Unclosed brackets, duplicate keys, wrong types: exit 252, the option and the problem, no traceback."""
        result = run("update-job", "--job-id", "j", option, value, "--dry-run")
        assert result.code == 252
        assert expected in result.err
        assert option in result.err
        assert "Traceback" not in result.err

    def test_shorthand_error_points_at_the_position(self, run: Run) -> None:
        """A shorthand error shows the value with a caret under the problem, as the AWS CLI does."""
        result = run("update-job", "--job-id", "j", "--abort-config", "criteriaList=[{failureType=FAILED", "--dry-run")
        assert "criteriaList=[{failureType=FAILED\n" + " " * 33 + "^" in result.err


# -- input documents and files ------------------------------------------------------------------------------


class TestInputs:
    def test_options_override_cli_input_json(self, run: Run) -> None:
        """Command-line options override the document's members; the rest of the document is kept."""
        document = {"jobId": "j", "description": "from the document",
                    "timeoutConfig": {"inProgressTimeoutInMinutes": 30},
                    "jobExecutionsRolloutConfig": {"maximumPerMinute": 10}}
        result = run("update-job", "--cli-input-json", json.dumps(document), "--description", "from the option",
                     "--timeout-config", "inProgressTimeoutInMinutes=90", "--dry-run")
        body = result.json()["body"]
        assert body == {"description": "from the option", "timeoutConfig": {"inProgressTimeoutInMinutes": 90},
                        "jobExecutionsRolloutConfig": {"maximumPerMinute": 10}}
        assert list(body) == ["description", "timeoutConfig", "jobExecutionsRolloutConfig"]  # as the AWS CLI

    def test_job_id_option_overrides_the_document(self, run: Run) -> None:
        """--job-id wins over the document's jobId."""
        result = run("update-job", "--cli-input-json", '{"jobId": "from-doc"}', "--job-id", "from-opt", "--dry-run")
        assert result.json()["path"] == "/jobs/from-opt"

    def test_cli_input_yaml_inline_and_file(self, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """--cli-input-yaml reads YAML, inline or from file://."""
        document = "jobId: fw-42\nnamespaceId: ns1\nabortConfig:\n  criteriaList:\n  - failureType: ALL\n" \
                   "    action: CANCEL\n    thresholdPercentage: 12.5\n    minNumberOfExecutedThings: 3\n"
        inline = run("update-job", "--cli-input-yaml", document, "--dry-run").json()
        (tmp_path / "update.yaml").write_text(document, encoding="utf-8")
        monkeypatch.chdir(tmp_path)
        from_file = run("update-job", "--cli-input-yaml", "file://update.yaml", "--dry-run").json()
        assert inline == from_file
        assert inline["query"] == {"namespaceId": "ns1"}
        assert inline["body"]["abortConfig"]["criteriaList"][0]["thresholdPercentage"] == 12.5

    @pytest.mark.parametrize(
        ("argv", "expected"),
        [
            (["--cli-input-json", "{}", "--cli-input-yaml", "{}"], "--cli-input-json and --cli-input-yaml cannot"),
            (["--cli-input-json", "[1]"], "--cli-input-json must be an object"),
            (["--cli-input-json", "{nope"], "Invalid JSON in --cli-input-json"),
            (["--cli-input-yaml", "a: [1"], "Invalid YAML in --cli-input-yaml"),
            (["--cli-input-json", "file://does-not-exist.json"], "Error reading --cli-input-json"),
            (["--job-id", "j", "--abort-config", "file://does-not-exist.json"], "does-not-exist.json"),
        ],
    )
    def test_bad_inputs(self, run: Run, argv: list[str], expected: str, tmp_path: Path,
                        monkeypatch: pytest.MonkeyPatch) -> None:
        """Unreadable or malformed input documents and files exit 252."""
        monkeypatch.chdir(tmp_path)
        result = run("update-job", *argv, "--dry-run")
        assert result.code == 252
        assert expected in result.err

    def test_file_arguments(self, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """file:// works for structure options (JSON or shorthand inside) and for string options."""
        (tmp_path / "abort.json").write_text(json.dumps({"criteriaList": [
            {"failureType": "FAILED", "action": "CANCEL", "thresholdPercentage": 20, "minNumberOfExecutedThings": 5}
        ]}), encoding="utf-8")
        (tmp_path / "retry.txt").write_text("criteriaList=[{failureType=ALL,numberOfRetries=2}]", encoding="utf-8")
        (tmp_path / "notes.txt").write_text("Roll out 1.2.4", encoding="utf-8")
        monkeypatch.chdir(tmp_path)
        body = run("update-job", "--job-id", "j", "--abort-config", "file://abort.json",
                   "--job-executions-retry-config", "file://retry.txt", "--description", "file://notes.txt",
                   "--dry-run").json()["body"]
        assert body["abortConfig"]["criteriaList"][0]["thresholdPercentage"] == 20
        assert body["jobExecutionsRetryConfig"] == {"criteriaList": [{"failureType": "ALL", "numberOfRetries": 2}]}
        assert body["description"] == "Roll out 1.2.4"


class TestSkeletons:
    @pytest.mark.parametrize("argv", [["--generate-cli-skeleton"], ["--generate-cli-skeleton", "input"]])
    def test_input(self, run: Run, argv: list[str]) -> None:
        """``--generate-cli-skeleton [input]`` prints the JSON input skeleton (indent 4), with no --job-id."""
        result = run("update-job", *argv)
        assert result.code == 0
        assert result.json() == input_skeleton("UpdateJob")
        assert result.out == json.dumps(input_skeleton("UpdateJob"), indent=4) + "\n"

    def test_yaml_input(self, run: Run) -> None:
        """``yaml-input`` prints the same skeleton in YAML, commented with [REQUIRED] and valid values."""
        result = run("update-job", "--generate-cli-skeleton", "yaml-input")
        assert result.code == 0
        assert yaml.safe_load(result.out) == input_skeleton("UpdateJob")
        assert "jobId: ''  # [REQUIRED]" in result.out
        assert "Valid values are: FAILED, REJECTED, TIMED_OUT, ALL." in result.out

    def test_skeleton_round_trips_through_cli_input(self, run: Run, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
        """The input skeleton is a valid --cli-input-json document shape (its placeholder values are not)."""
        monkeypatch.chdir(tmp_path)
        (tmp_path / "skeleton.json").write_text(run("update-job", "--generate-cli-skeleton").out, encoding="utf-8")
        result = run("update-job", "--cli-input-json", "file://skeleton.json", "--dry-run")
        assert result.code == 252
        assert "is not a member" not in result.err  # every key is a known member

    def test_update_job_output_prints_nothing(self, run: Run) -> None:
        """UpdateJob has no output: ``output`` validates the options and prints nothing (as the AWS CLI)."""
        result = run("update-job", "--job-id", "j", "--generate-cli-skeleton", "output")
        assert (result.code, result.out) == (0, "")

    def test_output_validates_the_options(self, run: Run) -> None:
        """``output`` checks the other options first."""
        assert run("update-job", "--generate-cli-skeleton", "output").code == 252
        result = run("update-job", "--job-id", "j", "--timeout-config", "inProgressTimeoutInMinutes=0",
                     "--generate-cli-skeleton", "output")
        assert result.code == 252

    def test_describe_job_skeletons(self, run: Run) -> None:
        """describe-job prints its input skeleton and a sample DescribeJob response."""
        assert run("describe-job", "--generate-cli-skeleton").json() == {"jobId": "", "beforeSubstitution": True}
        result = run("describe-job", "--job-id", "j", "--generate-cli-skeleton", "output")
        assert result.code == 0
        assert result.json() == DESCRIBE_JOB_OUTPUT_SKELETON


# -- sending ------------------------------------------------------------------------------------------------


class TestSend:
    def test_update_job_sends_one_patch_and_prints_nothing(self, run: Run, server: CaptureServer) -> None:
        """The request goes out signed; UpdateJob's empty response prints nothing."""
        result = run("update-job", *SPEC_6_4, *at(server))
        assert (result.code, result.out, result.err) == (0, "", "")
        [request] = server.requests
        assert (request.method, request.path, request.query) == ("PATCH", "/jobs/fw-42", {})
        assert request.json() == SPEC_6_4_BODY
        assert request.headers["authorization"].startswith("AWS4-HMAC-SHA256 Credential=testing/")
        assert "iotjobs-cli" in request.headers["user-agent"]

    def test_describe_job_default_json(self, run: Run, server: CaptureServer) -> None:
        """DescribeJob's response is printed as JSON (indent 4), timestamps in ISO 8601, no ResponseMetadata."""
        result = run("describe-job", "--job-id", "fw-42", "--before-substitution", *at(server))
        assert result.code == 0
        [request] = server.requests
        assert (request.method, request.path, request.query) == ("GET", "/jobs/fw-42", {"beforeSubstitution": ["true"]})
        printed = result.json()
        assert "ResponseMetadata" not in printed
        assert printed["job"]["createdAt"] == DESCRIBE_RESPONSE["job"]["createdAt"].isoformat()
        assert printed["job"]["createdAt"].endswith("+00:00")
        assert printed["job"]["abortConfig"] == DESCRIBE_WIRE["job"]["abortConfig"]
        assert result.out.startswith('{\n    "documentSource": "https://s3.amazonaws.com/bucket/job.json",\n')

    def test_no_before_substitution(self, run: Run, server: CaptureServer) -> None:
        """--no-before-substitution sends beforeSubstitution=false."""
        run("describe-job", "--job-id", "fw-42", "--no-before-substitution", *at(server))
        assert server.last.query == {"beforeSubstitution": ["false"]}

    @pytest.mark.parametrize("output", ["json", "text", "table", "yaml", "yaml-stream"])
    def test_describe_job_every_output_format(self, run: Run, server: CaptureServer, output: str) -> None:
        """Each --output format prints the job."""
        result = run("describe-job", "--job-id", "fw-42", "--output", output, *at(server))
        assert result.code == 0
        assert "IN_PROGRESS" in result.out
        if output == "yaml":
            assert yaml.safe_load(result.out)["job"]["jobId"] == "fw-42"
        if output == "yaml-stream":
            assert yaml.safe_load(result.out)[0]["job"]["jobId"] == "fw-42"
        if output == "text":
            assert "\nCRITERIALIST\tCANCEL\tFAILED\t50\t10.0\n" in result.out
        if output == "table":
            assert result.out.splitlines()[1].strip("| ") == "DescribeJob"

    @pytest.mark.parametrize(
        ("query", "output", "expected"),
        [
            ("job.status", "json", '"IN_PROGRESS"\n'),
            ("job.status", "text", "IN_PROGRESS\n"),
            ("job.[jobId, status]", "text", "fw-42\tIN_PROGRESS\n"),
            ("job.abortConfig.criteriaList[].thresholdPercentage", "json", "[\n    10.0,\n    30.0\n]\n"),
            ("job.createdAt", "text", DESCRIBE_RESPONSE["job"]["createdAt"].isoformat() + "\n"),
            ("job.nothing", "json", "null\n"),
        ],
    )
    def test_query(self, run: Run, server: CaptureServer, query: str, output: str, expected: str) -> None:
        """--query runs on the response (timestamps already ISO strings) before the output format."""
        result = run("describe-job", "--job-id", "fw-42", "--query", query, "--output", output, *at(server))
        assert (result.code, result.out) == (0, expected)

    def test_output_from_environment(self, run: Run, server: CaptureServer, monkeypatch: pytest.MonkeyPatch) -> None:
        """AWS_DEFAULT_OUTPUT sets the format when --output is not given; --output wins."""
        monkeypatch.setenv("AWS_DEFAULT_OUTPUT", "text")
        assert run("describe-job", "--job-id", "fw-42", "--query", "job.status", *at(server)).out == "IN_PROGRESS\n"
        assert run("describe-job", "--job-id", "fw-42", "--query", "job.status", "--output", "json",
                   *at(server)).out == '"IN_PROGRESS"\n'
        monkeypatch.setenv("AWS_DEFAULT_OUTPUT", "xml")
        sent = len(server.requests)
        for argv in (["describe-job", "--job-id", "fw-42"], ["update-job", "--job-id", "fw-42"]):
            result = run(*argv, *at(server))
            assert result.code == 252
            assert "AWS_DEFAULT_OUTPUT is 'xml', which is not an output format" in result.err
        assert len(server.requests) == sent  # refused before any request

    def test_profile(self, run: Run, server: CaptureServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """--profile reads the profile's credentials, region and output format."""
        config = tmp_path / "config"
        config.write_text("[profile ops]\nregion = eu-west-1\noutput = text\n", encoding="utf-8")
        credentials = tmp_path / "credentials"
        credentials.write_text("[ops]\naws_access_key_id = OPSKEY\naws_secret_access_key = secret\n", encoding="utf-8")
        monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
        monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))
        monkeypatch.delenv("AWS_ACCESS_KEY_ID")
        monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
        monkeypatch.delenv("AWS_DEFAULT_REGION")
        result = run("describe-job", "--job-id", "fw-42", "--profile", "ops", "--query", "job.status",
                     "--endpoint-url", server.url)
        assert (result.code, result.out) == (0, "IN_PROGRESS\n")
        assert "Credential=OPSKEY/" in server.last.headers["authorization"]
        assert "/eu-west-1/iot/" in server.last.headers["authorization"]

    def test_no_sign_request_needs_no_credentials(self, run: Run, server: CaptureServer,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
        """--no-sign-request sends an unsigned request and loads no credentials."""
        monkeypatch.delenv("AWS_ACCESS_KEY_ID")
        monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
        result = run("update-job", "--job-id", "j", "--no-sign-request", *at(server))
        assert result.code == 0
        assert "authorization" not in server.last.headers

    def test_options_without_effect_are_accepted(self, run: Run, server: CaptureServer, tmp_path: Path) -> None:
        """The remaining global options are accepted, as the AWS CLI accepts them."""
        bundle = tmp_path / "ca.pem"
        bundle.write_text("", encoding="utf-8")
        result = run("describe-job", "--job-id", "fw-42", "--no-paginate", "--color", "on", "--no-cli-pager",
                     "--cli-binary-format", "raw-in-base64-out", "--no-verify-ssl", "--ca-bundle", str(bundle),
                     "--cli-read-timeout", "0", "--cli-connect-timeout", "5", "--no-cli-auto-prompt",
                     "--query", "job.jobId", *at(server))
        assert (result.code, result.out) == (0, '"fw-42"\n')

    def test_client_settings(self) -> None:
        """The global options become the boto3 client's settings (0 means no timeout)."""
        import botocore

        client, _ = make_client(Connection(region="eu-west-1", endpoint_url="http://127.0.0.1:1", verify_ssl=False,
                                           read_timeout=0, connect_timeout=7, sign_request=False))
        config: Any = client.meta.config
        assert (config.read_timeout, config.connect_timeout) == (None, 7)
        assert config.signature_version is botocore.UNSIGNED
        assert config.retries["mode"] == "standard"
        assert client.meta.region_name == "eu-west-1"
        assert client.meta.endpoint_url == "http://127.0.0.1:1"
        defaults, _ = make_client(Connection(region="eu-west-1", ca_bundle="/tmp/bundle.pem"))
        default_config: Any = defaults.meta.config
        assert default_config.read_timeout == 60


class TestPlan:
    def test_plan_prints_the_changes_and_sends_no_update(self, run: Run, server: CaptureServer) -> None:
        """--plan describes the job, prints each field's change, and makes only the GET."""
        result = run(
            "update-job", "--job-id", "fw-42", "--job-executions-rollout-config", "maximumPerMinute=500",
            "--abort-config", "criteriaList=[{failureType=FAILED,action=CANCEL,thresholdPercentage=10,"
            "minNumberOfExecutedThings=100}]",
            "--description", "Firmware 1.2", "--timeout-config", "inProgressTimeoutInMinutes=60",
            "--plan", *at(server),
        )
        assert result.code == 0, result.err
        assert [request.method for request in server.requests] == ["GET"]
        lines = result.out.splitlines()
        assert lines[0] == "Plan for update-job fw-42 (job status IN_PROGRESS); nothing was sent."
        assert "  = description: \"Firmware 1.2\"" in lines
        assert "  ~ jobExecutionsRolloutConfig.maximumPerMinute: 100 -> 500" in lines
        assert "  = abortConfig.criteriaList[0].thresholdPercentage: 10.0" in lines
        assert "  ~ abortConfig.criteriaList[0].minNumberOfExecutedThings: 50 -> 100" in lines
        assert any(line.startswith("  - abortConfig.criteriaList[1].failureType: \"TIMED_OUT\"") for line in lines)
        assert "  ~ timeoutConfig.inProgressTimeoutInMinutes: 30 -> 60" in lines
        assert "    jobExecutionsRetryConfig: unchanged (not sent)" in lines
        assert "    presignedUrlConfig: unchanged (not sent)" in lines
        assert "3 to change, 0 to add, 4 to remove, 4 unchanged; 3 members not sent." in lines

    def test_plan_marks_new_settings(self, run: Run, server: CaptureServer) -> None:
        """A setting the job does not have yet is marked +."""
        result = run("update-job", "--job-id", "fw-42", "--presigned-url-config", f"roleArn={ROLE}", "--plan",
                     *at(server))
        assert f'  + presignedUrlConfig.roleArn: "{ROLE}"' in result.out.splitlines()

    def test_plan_validates_first(self, run: Run, server: CaptureServer) -> None:
        """An invalid update is reported before the job is described."""
        result = run("update-job", "--job-id", "fw-42", "--timeout-config", "inProgressTimeoutInMinutes=0", "--plan",
                     *at(server))
        assert result.code == 252
        assert server.requests == []

    def test_plan_of_a_missing_job(self, run: Run) -> None:
        """DescribeJob's 404 is a service error (254)."""
        with capture_server([aws_error(404, "ResourceNotFoundException", "Job fw-9 not found")]) as capture:
            result = run("update-job", "--job-id", "fw-9", "--description", "x", "--plan", *at(capture))
            assert [request.method for request in capture.requests] == ["GET"]
        assert result.code == 254
        assert "An error occurred (ResourceNotFoundException) when calling the DescribeJob operation: " \
               "Job fw-9 not found" in result.err


class TestSuggestionsAndHints:
    @pytest.mark.parametrize("argv", [["help", "update-job"], ["help", "iot", "update-job"], ["--help", "update-job"]])
    def test_help_before_the_command(self, run: Run, argv: list[str]) -> None:
        """``iotjobs help update-job`` is ``iotjobs update-job help``."""
        result = run(*argv)
        assert (result.code, result.out) == (0, run("update-job", "help").out)
        assert result.out.startswith("UPDATE-JOB(iotjobs)")

    @pytest.mark.parametrize("command", ["describe-job", "watch-job"])
    def test_help_of_each_command(self, run: Run, command: str) -> None:
        """Every command's page is reached both ways."""
        assert run("help", command).out == run(command, "help").out != ""

    @pytest.mark.parametrize(
        ("argv", "suggestion"),
        [
            (["updte-job", "--job-id", "j"], "did you mean 'update-job'?"),
            (["help", "describe-jobs"], "did you mean 'describe-job'?"),
            (["watch", "--job-id", "j"], "did you mean 'watch-job'?"),
            (["update-job", "--jobid", "j"], "did you mean --job-id (for --jobid)?"),
            (["update-job", "--job-i", "j"], "did you mean --job-id (for --job-i)?"),
            (["update-job", "--job-id", "j", "--regoin", "x"], "did you mean --region (for --regoin)?"),
            (["update-job", "--job-id", "j", "--abort-confg=x"], "did you mean --abort-config (for --abort-confg)?"),
            (["watch-job", "--job-id", "j", "--intervall", "3"], "did you mean --interval (for --intervall)?"),
            (["describe-job", "--job-id", "j", "--before-substitutoin"],
             "did you mean --before-substitution (for --before-substitutoin)?"),
        ],
    )
    def test_nearest_command_or_option(self, run: Run, argv: list[str], suggestion: str) -> None:
        """A mistyped command or option names the nearest one (exit 252, nothing sent)."""
        result = run(*argv)
        assert result.code == 252
        assert suggestion in result.err

    @pytest.mark.parametrize("argv", [["zzzzzz"], ["update-job", "--job-id", "j", "--qqqqqqqq"]])
    def test_no_suggestion_when_nothing_is_near(self, run: Run, argv: list[str]) -> None:
        """Nothing near: the plain argparse message, no guess."""
        result = run(*argv)
        assert result.code == 252
        assert "did you mean" not in result.err

    @pytest.mark.parametrize("command", ["update-job", "describe-job", "watch-job"])
    def test_job_arn_given_as_job_id(self, run: Run, command: str) -> None:
        """A job ARN as --job-id: the hint names the job id to give instead."""
        arn = "arn:aws:iot:us-east-1:123456789012:job/fw-42"
        result = run(command, "--job-id", arn, "--region", "us-east-1", "--endpoint-url", "http://127.0.0.1:1")
        assert result.code == 252
        assert "hint: give the job id 'fw-42', not its ARN\n" in result.err

    def test_no_arn_hint_for_another_bad_job_id(self, run: Run) -> None:
        """Only an ARN gets the hint."""
        result = run("update-job", "--job-id", "arn:aws:iam::123456789012:role/x", "--dry-run")
        assert result.code == 252
        assert "hint" not in result.err

    @pytest.mark.parametrize(
        ("url", "message"),
        [
            ("127.0.0.1:8080", "has no scheme: give the whole URL, e.g. 'https://127.0.0.1:8080' "
                               "(or 'http://127.0.0.1:8080' for a local endpoint)"),
            ("iot.us-east-1.amazonaws.com", "has no scheme"),
            ("ftp://127.0.0.1", "the scheme must be http or https, not 'ftp'"),
            ("http://", "it names no host"),
            ("http://127.0.0.1:99999", "is not a usable URL: Port out of range"),
            ("http://127.0.0.1:port", "is not a usable URL"),
            ("http://bad host", "it contains white space"),
        ],
    )
    def test_unusable_endpoint_url(self, run: Run, server: CaptureServer, url: str, message: str) -> None:
        """An --endpoint-url botocore could not use is refused before anything is sent (exit 252)."""
        result = run("describe-job", "--job-id", "j", "--region", "us-east-1", "--endpoint-url", url)
        assert result.code == 252
        assert message in result.err
        assert "Traceback" not in result.err
        assert server.requests == []


class TestLocalOutput:
    def test_dry_run_honours_output_and_query(self, run: Run) -> None:
        """--dry-run's request goes through --query and --output like a response."""
        argv = ["update-job", "--job-id", "j", "--timeout-config", "inProgressTimeoutInMinutes=5", "--dry-run"]
        full = run(*argv).json()
        assert yaml.safe_load(run(*argv, "--output", "yaml").out) == full
        assert run(*argv, "--output", "text", "--query", "path").out == "/jobs/j\n"
        assert run(*argv, "--query", "body.timeoutConfig").json() == {"inProgressTimeoutInMinutes": 5}
        table = run(*argv, "--output", "table").out
        assert table.splitlines()[1].strip("| ") == "UpdateJob"
        assert "inProgressTimeoutInMinutes" in table

    def test_dry_run_ignores_the_default_output(self, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
        """AWS_DEFAULT_OUTPUT is for responses: a dry run still prints JSON unless --output is given."""
        monkeypatch.setenv("AWS_DEFAULT_OUTPUT", "text")
        assert run("update-job", "--job-id", "j", "--dry-run").json()["path"] == "/jobs/j"

    def test_plan_honours_output_and_query(self, run: Run, server: CaptureServer) -> None:
        """--plan's changes as data: --output json, --query on it."""
        argv = ["update-job", "--job-id", "fw-42", "--timeout-config", "inProgressTimeoutInMinutes=60", "--plan",
                *at(server)]
        data = run(*argv, "--output", "json").json()
        assert data["changes"] == [{"action": "change", "path": "timeoutConfig.inProgressTimeoutInMinutes",
                                    "old": 30, "new": 60}]
        assert data["pending"] is True
        assert "description" in data["notSent"]
        assert run(*argv, "--query", "counts.change", "--output", "text").out == "1\n"
        assert yaml.safe_load(run(*argv, "--output", "yaml").out) == data
        assert run(*argv).out.startswith("Plan for update-job fw-42")

    @pytest.mark.parametrize(
        ("argv", "code"),
        [
            (["--description", "Firmware 1.2"], 0),
            (["--description", "Firmware 1.3"], 2),
            (["--timeout-config", "inProgressTimeoutInMinutes=30"], 0),
            (["--timeout-config", "inProgressTimeoutInMinutes=31"], 2),
            (["--presigned-url-config", f"roleArn={ROLE}"], 2),
            (["--abort-config", "criteriaList=[{failureType=FAILED,action=CANCEL,thresholdPercentage=10,"
                                "minNumberOfExecutedThings=50}]"], 2),  # drops the stored TIMED_OUT criterion
        ],
    )
    def test_detailed_exitcode(self, run: Run, server: CaptureServer, argv: list[str], code: int) -> None:
        """--plan --detailed-exitcode: 2 when the update would change the job, 0 when it would not."""
        result = run("update-job", "--job-id", "fw-42", *argv, "--plan", "--detailed-exitcode", *at(server))
        assert result.code == code, result.err
        assert run("update-job", "--job-id", "fw-42", *argv, "--plan", *at(server)).code == 0

    def test_detailed_exitcode_needs_plan(self, run: Run) -> None:
        """Alone it is a usage error."""
        result = run("update-job", "--job-id", "j", "--detailed-exitcode", "--dry-run")
        assert result.code == 252
        assert "--detailed-exitcode needs --plan" in result.err

    def test_plan_replaces_an_unreadable_stored_config(self, run: Run) -> None:
        """A stored config iotjobs cannot read is shown replaced (compared as stored), not absent; no warning."""
        wire = json.loads(json.dumps(DESCRIBE_WIRE))
        wire["job"]["abortConfig"]["criteriaList"][0]["action"] = "PAUSE"  # a value AWS might add one day
        with capture_server([json_response(wire)] * 3) as capture:
            argv = ["update-job", "--job-id", "fw-42", "--abort-config",
                    "criteriaList=[{failureType=FAILED,action=CANCEL,thresholdPercentage=10,"
                    "minNumberOfExecutedThings=50}]", "--plan", *at(capture)]
            result = run(*argv)
            detailed = run(*argv, "--detailed-exitcode")
            data = run(*argv, "--output", "json").json()
        assert result.code == 0, result.err
        lines = result.out.splitlines()
        assert "  ~ abortConfig: replaced (iotjobs cannot read the stored abortConfig; compared as stored below)" \
            in lines
        assert '  ~ abortConfig.criteriaList[0].action: "PAUSE" -> "CANCEL"' in lines
        assert "  + abortConfig.criteriaList[0].action" not in result.out
        assert lines[-1] == ("1 to change, 0 to add, 4 to remove, 1 unreadable replaced, 3 unchanged; "
                             "6 members not sent.")
        assert "UnreadableConfigWarning" not in result.err
        assert detailed.code == 2
        assert data["replacedUnreadable"] == ["abortConfig"]


class TestCheckedBeforeSending:
    def test_profile_output_format(self, run: Run, server: CaptureServer, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
        """A profile's ``output = xml`` is refused (252) before any request; --output overrides it."""
        config = tmp_path / "config"
        config.write_text("[default]\noutput = xml\n", encoding="utf-8")
        monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
        result = run("describe-job", "--job-id", "fw-42", *at(server))
        assert result.code == 252
        assert "the profile's output setting is 'xml'" in result.err
        assert server.requests == []
        assert run("describe-job", "--job-id", "fw-42", "--output", "json", *at(server)).code == 0

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("-1", "--cli-read-timeout = -1: must be a number of seconds, at least 0"),
            ("nan", "argument --cli-read-timeout: invalid int value: 'nan'"),
            ("1e3", "argument --cli-read-timeout: invalid int value: '1e3'"),
            ("soon", "argument --cli-read-timeout: invalid int value: 'soon'"),
        ],
    )
    @pytest.mark.parametrize("option", ["--cli-read-timeout", "--cli-connect-timeout"])
    def test_bad_timeouts(self, run: Run, server: CaptureServer, option: str, value: str, message: str) -> None:
        """Negative or non-integer socket timeouts: 252, nothing sent (0 is accepted: no timeout)."""
        result = run("update-job", "--job-id", "j", option, value, *at(server))
        assert result.code == 252
        assert message.replace("--cli-read-timeout", option) in result.err
        assert server.requests == []
        assert run("update-job", "--job-id", "j", option, "0", *at(server)).code == 0

    @pytest.mark.parametrize(
        ("option", "member", "kind"),
        [("--description", "description", "string"), ("--job-id", "jobId", "string"),
         ("--namespace-id", "namespaceId", "string"), ("--timeout-config", "timeoutConfig", "structure")],
    )
    def test_fileb_for_a_text_member(self, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     option: str, member: str, kind: str) -> None:
        """fileb:// (binary) for a member that is not a blob: 252 pointing to file://, nothing sent."""
        monkeypatch.chdir(tmp_path)
        (tmp_path / "notes.txt").write_text("Firmware 1.2", encoding="utf-8")
        argv = ["update-job", "--job-id", "j", option, "fileb://notes.txt", "--dry-run"]
        result = run(*argv)
        assert result.code == 252
        assert f"{option}: 'fileb://notes.txt': fileb:// reads the file as binary, and {member} is a {kind}" \
            in result.err
        assert "Use file://notes.txt to read it as UTF-8 text." in result.err
        assert run("update-job", "--job-id", "j", "--description", "file://notes.txt", "--dry-run").json()[
            "body"] == {"description": "Firmware 1.2"}

    def test_describe_into_a_closed_pipe(self, server: CaptureServer) -> None:
        """``iotjobs describe-job ... | head -0``: exit 0, no traceback."""
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
        proc = subprocess.Popen([sys.executable, "-m", "iotjobs", "describe-job", "--job-id", "fw-42", *at(server)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        assert proc.stdout is not None
        assert proc.stderr is not None
        proc.stdout.close()
        err = proc.stderr.read().decode()
        proc.stderr.close()
        assert proc.wait(timeout=60) == 0
        assert "Traceback" not in err
        assert [request.method for request in server.requests] == ["GET"]

    @pytest.mark.parametrize("output", ["json", "text", "table", "yaml"])
    def test_ascii_only_stdout(self, output: str) -> None:
        """PYTHONIOENCODING=ascii and a non-ASCII description: exit 0, escapes, no traceback; JSON stays valid."""
        description = "Firmware 1.2 \u2014 caf\u00e9 \U0001F680"
        wire = json.loads(json.dumps(DESCRIBE_WIRE))
        wire["job"]["description"] = description
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2]), "PYTHONIOENCODING": "ascii"}
        with capture_server([json_response(wire)]) as capture:
            proc = subprocess.run([sys.executable, "-m", "iotjobs", "describe-job", "--job-id", "fw-42",
                                   "--output", output, *at(capture)], capture_output=True, env=env, timeout=60,
                                  check=False)
        assert proc.returncode == 0, proc.stderr
        assert b"Traceback" not in proc.stderr
        assert b"\\u2014" in proc.stdout
        if output == "json":
            assert json.loads(proc.stdout)["job"]["description"] == description


# -- exit codes for failures --------------------------------------------------------------------------------


class TestExitCodes:
    @pytest.mark.parametrize(
        ("status", "code", "operation", "argv"),
        [
            (404, "ResourceNotFoundException", "UpdateJob", ["update-job", "--job-id", "nope"]),
            (400, "InvalidRequestException", "UpdateJob", ["update-job", "--job-id", "done"]),
            (404, "ResourceNotFoundException", "DescribeJob", ["describe-job", "--job-id", "nope"]),
            (409, "ConflictException", "UpdateJob", ["update-job", "--job-id", "j"]),
        ],
    )
    def test_service_errors_exit_254(self, run: Run, status: int, code: str, operation: str,
                                     argv: list[str]) -> None:
        """AWS's error answer: exit 254 with the AWS CLI's wording on stderr."""
        with capture_server([aws_error(status, code, "it went wrong")]) as capture:
            result = run(*argv, *at(capture))
        assert result.code == 254
        assert result.err == f"\nAn error occurred ({code}) when calling the {operation} operation: it went wrong\n"
        assert result.out == ""

    def test_missing_credentials_exit_253(self, run: Run, server: CaptureServer,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
        """No credentials anywhere: exit 253 with a clear message; nothing is sent."""
        for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/config")
        monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
        monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
        result = run("update-job", "--job-id", "j", *at(server))
        assert result.code == 253
        assert "Unable to locate credentials" in result.err
        assert server.requests == []

    def test_partial_credentials_exit_253(self, run: Run, server: CaptureServer,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
        """An access key without its secret: exit 253."""
        monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
        result = run("update-job", "--job-id", "j", *at(server))
        assert result.code == 253
        assert "Partial credentials" in result.err

    def test_unknown_profile_exits_253(self, run: Run, server: CaptureServer) -> None:
        """--profile nosuch: exit 253."""
        result = run("describe-job", "--job-id", "j", "--profile", "nosuch", *at(server))
        assert result.code == 253
        assert "The config profile (nosuch) could not be found" in result.err

    def test_no_region_exits_253(self, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
        """No --region and none configured: exit 253 saying how to give one."""
        monkeypatch.delenv("AWS_DEFAULT_REGION")
        result = run("describe-job", "--job-id", "j")
        assert result.code == 253
        assert "You must specify a region. Give --region" in result.err

    def test_unreachable_endpoint_exits_255(self, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
        """A connection failure: exit 255 with botocore's message, no traceback."""
        import socket

        with socket.socket() as probe:  # a port nobody listens on
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
        result = run("update-job", "--job-id", "j", "--endpoint-url", f"http://127.0.0.1:{port}", *REGION)
        assert result.code == 255
        assert f'Could not connect to the endpoint URL: "http://127.0.0.1:{port}/jobs/j"' in result.err
        assert "Traceback" not in result.err

    def test_unexpected_error_exits_255_without_traceback(self, run: Run, server: CaptureServer,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
        """Anything unexpected: exit 255 and a one-line message; --debug adds the traceback."""

        def broken(*args: object) -> dict[str, Any]:
            raise RuntimeError("disk on fire")

        monkeypatch.setattr(JobsClient, "send", broken)
        result = run("update-job", "--job-id", "j", *at(server))
        assert result.code == 255
        assert result.err == "\nRuntimeError: disk on fire\n"
        debug = run("update-job", "--job-id", "j", "--debug", *at(server))
        assert debug.code == 255
        assert "Traceback (most recent call last)" in debug.err

    def test_ctrl_c_exits_130(self, run: Run, server: CaptureServer, monkeypatch: pytest.MonkeyPatch) -> None:
        """Ctrl-C while sending: exit 130."""

        def interrupted(*args: object) -> dict[str, Any]:
            raise KeyboardInterrupt

        monkeypatch.setattr(JobsClient, "send", interrupted)
        assert run("describe-job", "--job-id", "j", *at(server)).code == 130

    def test_debug_logs_botocore_on_stderr(self, run: Run, server: CaptureServer) -> None:
        """--debug logs botocore's and iotjobs' debug messages on stderr, and only for that command."""
        import logging

        handlers = list(logging.getLogger("botocore").handlers)
        result = run("update-job", "--job-id", "j", "--debug", *at(server))
        assert result.code == 0
        assert " - iotjobs - DEBUG - iotjobs " in result.err
        assert " - botocore." in result.err
        assert logging.getLogger("botocore").handlers == handlers
        quiet = run("update-job", "--job-id", "j", *at(server))
        assert quiet.err == ""


# -- --cli-auto-prompt --------------------------------------------------------------------------------------


class Terminal:
    """Scripted answers for --cli-auto-prompt; records the questions and explanations."""

    def __init__(self, *answers: str | None) -> None:
        self.answers = list(answers)
        self.questions: list[str] = []
        self.said: list[str] = []

    def ask(self, question: str) -> str | None:
        self.questions.append(question)
        return self.answers.pop(0) if self.answers else None

    def say(self, line: str) -> None:
        self.said.append(line)


class TestAutoPrompt:
    def test_prompts_in_model_order_and_reasks_on_invalid_input(self, run: Run) -> None:
        """Each parameter is asked for in order; an invalid answer is explained and asked again."""
        terminal = Terminal(
            "",                                   # --job-id is required: asked again
            "fw-42",
            "",                                   # --description skipped
            "",                                   # --presigned-url-config skipped
            "maximumPerMinute=5000",              # invalid: asked again
            "maximumPerMinute=500",
            "criteriaList=[{failureType=FAILED",  # malformed: asked again
            "",                                   # --abort-config skipped
            '{"inProgressTimeoutInMinutes": 60}',
            "",                                   # --namespace-id skipped
            "criteriaList=[{failureType=ALL,numberOfRetries=2}]",
        )
        result = run("update-job", "--cli-auto-prompt", "--dry-run", ask=terminal.ask, say=terminal.say,
                     isatty=lambda: True)
        assert result.code == 0, result.err
        assert result.json()["path"] == "/jobs/fw-42"
        assert result.json()["body"] == {
            "jobExecutionsRolloutConfig": {"maximumPerMinute": 500},
            "timeoutConfig": {"inProgressTimeoutInMinutes": 60},
            "jobExecutionsRetryConfig": {"criteriaList": [{"failureType": "ALL", "numberOfRetries": 2}]},
        }
        assert terminal.questions[:3] == ["--job-id> ", "--job-id> ", "--description> "]
        said = "\n".join(terminal.said)
        assert "--job-id (string, required)" in said
        assert "--job-id is required." in said
        assert "--description (string, optional, Enter to skip)" in said
        assert "shorthand: maximumPerMinute=integer,exponentialRate={" in said
        assert "jobExecutionsRolloutConfig.maximumPerMinute = 5000: must be at most 1000" in said
        assert "Expected '}' to close the structure" in said

    def test_given_parameters_are_not_asked(self, run: Run) -> None:
        """Options given on the command line are kept; the end of input skips the rest."""
        terminal = Terminal("Firmware 2")
        result = run("update-job", "--job-id", "fw-42", "--cli-auto-prompt", "--dry-run", ask=terminal.ask,
                     say=terminal.say, isatty=lambda: True)
        assert result.json()["body"] == {"description": "Firmware 2"}
        assert "--job-id: already given" in terminal.said

    def test_describe_job_prompts_too(self, run: Run) -> None:
        """--cli-auto-prompt is global: describe-job asks for its parameters (a boolean takes true/false)."""
        terminal = Terminal("fw-42", "maybe", "false")
        with capture_server(_answer) as capture:
            result = run("describe-job", "--cli-auto-prompt", "--query", "job.jobId", *at(capture),
                         ask=terminal.ask, say=terminal.say, isatty=lambda: True)
            assert capture.last.query == {"beforeSubstitution": ["false"]}
        assert (result.code, result.out) == (0, '"fw-42"\n')
        assert any("must be true or false" in line for line in terminal.said)

    def test_not_a_terminal_exits_252(self, run: Run) -> None:
        """--cli-auto-prompt without a terminal: exit 252 with a clear message."""
        result = run("update-job", "--cli-auto-prompt", "--dry-run", isatty=lambda: False)
        assert result.code == 252
        assert "--cli-auto-prompt needs a terminal" in result.err

    def test_environment_variable(self, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
        """AWS_CLI_AUTO_PROMPT=on prompts on a terminal only; --no-cli-auto-prompt turns it off."""
        monkeypatch.setenv("AWS_CLI_AUTO_PROMPT", "on")
        terminal = Terminal("fw-1")
        result = run("update-job", "--dry-run", ask=terminal.ask, say=terminal.say, isatty=lambda: True)
        assert result.json()["path"] == "/jobs/fw-1"
        assert run("update-job", "--job-id", "j", "--dry-run", isatty=lambda: False).code == 0
        silent = Terminal("fw-1")
        result = run("update-job", "--no-cli-auto-prompt", "--dry-run", ask=silent.ask, say=silent.say,
                     isatty=lambda: True)
        assert result.code == 252
        assert silent.questions == []

    def test_default_terminal_io(self, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without injected I/O the questions go to stderr and the answers come from standard input."""
        import io

        class FakeTerminal(io.StringIO):
            def isatty(self) -> bool:
                return True

        monkeypatch.setattr(sys, "stdin", FakeTerminal("fw-7\n\n"))
        result = run("update-job", "--cli-auto-prompt", "--dry-run")
        assert result.code == 0
        assert result.json()["path"] == "/jobs/fw-7"
        assert "--job-id> " in result.err


# -- the executables ----------------------------------------------------------------------------------------


class TestExecutables:
    def test_python_dash_m(self) -> None:
        """``python -m iotjobs`` runs the command and returns its exit code."""
        proc = subprocess.run([sys.executable, "-m", "iotjobs", "update-job", "--job-id", "j", "--dry-run"],
                              capture_output=True, text=True, timeout=60, check=False)
        assert proc.returncode == 0
        assert json.loads(proc.stdout)["path"] == "/jobs/j"
        bad = subprocess.run([sys.executable, "-m", "iotjobs", "update-job", "--bogus"], capture_output=True,
                             text=True, timeout=60, check=False)
        assert bad.returncode == 252

    def test_closed_pipe_is_not_an_error(self) -> None:
        """A reader that stops early (``| head -1``) does not turn into an error or a traceback."""
        proc = subprocess.Popen([sys.executable, "-m", "iotjobs", "update-job", "--generate-cli-skeleton"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proc.stdout is not None
        assert proc.stderr is not None
        proc.stdout.close()  # nobody reads the output
        err = proc.stderr.read().decode()
        proc.stderr.close()
        assert proc.wait(timeout=60) == 0
        assert "Traceback" not in err
        assert "BrokenPipe" not in err

    def test_console_script(self) -> None:
        """The ``iotjobs`` console script is installed next to the interpreter and runs."""
        script = Path(sys.executable).with_name("iotjobs")
        if not script.exists():
            pytest.skip(f"no console script at {script} (the project is not installed in this environment)")
        proc = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60, check=False)
        assert proc.returncode == 0
        assert proc.stdout.startswith("iotjobs/")


def test_botocore_exceptions_module_is_the_installed_one() -> None:
    """Sanity: the in-process sends use the installed botocore (not awscli's vendored copy)."""
    assert "awscli" not in botocore.exceptions.__file__
