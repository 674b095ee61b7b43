"""Capture golden requests from the real AWS CLI v1 (``aws iot update-job`` / ``aws iot describe-job``).

Run from the repository root, with the project's virtualenv (it has ``awscli``)::

    .venv/bin/python -m tests.golden.capture_goldens          # rewrite the golden files
    .venv/bin/python -m tests.golden.capture_goldens --check  # compare only; exit 1 on any difference

Each case runs ``python -m awscli iot <command> <argv> --endpoint-url <loopback> --region us-east-1`` in a
subprocess with dummy credentials and no config files, against :func:`tests._capture.capture_server`.
Nothing leaves 127.0.0.1. The request the CLI sent is written to ``update_job_cli.json`` /
``describe_job_cli.json`` next to this file::

    {"awscli_version": ..., "botocore_version": ..., "command": ["iot", "update-job"], ...,
     "cases": [{"id": ..., "argv": [...], "files": {...}, "body_text": ...,
                "request": {"method": ..., "path": ..., "query": {...}, "body": ...}}]}

``argv`` is what follows ``update-job`` (without ``--endpoint-url`` / ``--region``). ``files`` are written
into the subprocess' working directory first, so ``file://name`` in ``argv`` refers to them. ``request`` is
:func:`tests._capture.normalize` of the captured request: ``body`` is the parsed JSON, so an integer sent
as ``2.0`` stays a float ``2.0`` in the golden file and ``2`` stays an int. ``body_text`` is the exact body
the CLI sent (``None`` when empty), which also shows key order and ``\\u`` escaping.

A case is recorded only when the CLI exits 0 and sent exactly one request; failures are reported on stderr
and left out of the file.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run by path: make ``tests`` importable from the repository root
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests._capture import CannedResponse, CapturedRequest, capture_server, json_response, normalize

GOLDEN_DIR = Path(__file__).resolve().parent
REGION = "us-east-1"
CLI_TIMEOUT_SECONDS = 120

JOB = "job-1"
ROLE = "arn:aws:iam::123456789012:role/IotJobsS3Access"


@dataclass(frozen=True)
class Case:
    """One CLI invocation: a stable id, the arguments after the command, and input files it reads."""

    id: str
    argv: tuple[str, ...]
    files: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Command:
    """An ``aws iot`` sub-command, the golden file it feeds and its cases."""

    name: str
    operation: str
    golden_file: str
    cases: tuple[Case, ...]


class CaseFailed(Exception):
    """The CLI did not exit 0, or did not send exactly one request."""


def _j(value: Any) -> str:
    """JSON text of ``value`` as a user would type it for a JSON-form option."""
    return json.dumps(value, ensure_ascii=False)


def _case(case_id: str, *argv: str, files: Mapping[str, str] | None = None) -> Case:
    return Case(case_id, tuple(argv), dict(files or {}))


# --- update-job ---------------------------------------------------------------------------------------

_ABORT_SEVERAL = [
    {
        "failureType": "FAILED",
        "action": "CANCEL",
        "thresholdPercentage": 20.5,
        "minNumberOfExecutedThings": 100,
    },
    {
        "failureType": "REJECTED",
        "action": "CANCEL",
        "thresholdPercentage": 10.99,
        "minNumberOfExecutedThings": 50,
    },
    {
        "failureType": "TIMED_OUT",
        "action": "CANCEL",
        "thresholdPercentage": 20,
        "minNumberOfExecutedThings": 10,
    },
    {"failureType": "ALL", "action": "CANCEL", "thresholdPercentage": 100.0, "minNumberOfExecutedThings": 1},
]

_EVERYTHING_JSON: dict[str, Any] = {
    "description": "Everything at once",
    "presignedUrlConfig": {"roleArn": ROLE, "expiresInSec": 1800},
    "jobExecutionsRolloutConfig": {
        "maximumPerMinute": 1000,
        "exponentialRate": {
            "baseRatePerMinute": 50,
            "incrementFactor": 2.5,
            "rateIncreaseCriteria": {"numberOfNotifiedThings": 1000, "numberOfSucceededThings": 500},
        },
    },
    "abortConfig": {"criteriaList": _ABORT_SEVERAL},
    "timeoutConfig": {"inProgressTimeoutInMinutes": 120},
    "jobExecutionsRetryConfig": {
        "criteriaList": [
            {"failureType": "FAILED", "numberOfRetries": 3},
            {"failureType": "TIMED_OUT", "numberOfRetries": 2},
        ]
    },
}

_CLI_INPUT: dict[str, Any] = {"jobId": JOB, "namespaceId": "ns1", **_EVERYTHING_JSON}

UPDATE_JOB_CASES: tuple[Case, ...] = (
    _case("job-id-only", "--job-id", JOB),
    # description
    _case("description-plain", "--job-id", JOB, "--description", "Roll out firmware 1.2.3"),
    _case("description-non-ascii", "--job-id", JOB, "--description", "Mise à jour – 固件更新 ✓ Größe"),
    _case("description-quotes", "--job-id", JOB, "--description", "Say \"hello\", it's 'fine' \\ ok"),
    _case("description-shorthand-lookalike", "--job-id", JOB, "--description", "a=b,c={d=[e]}"),
    # presignedUrlConfig
    _case("presigned-role-only-shorthand", "--job-id", JOB, "--presigned-url-config", f"roleArn={ROLE}"),
    _case(
        "presigned-role-expires-shorthand",
        *("--job-id", JOB, "--presigned-url-config", f"roleArn={ROLE},expiresInSec=3600"),
    ),
    _case("presigned-role-only-json", "--job-id", JOB, "--presigned-url-config", _j({"roleArn": ROLE})),
    _case(
        "presigned-role-expires-json",
        *("--job-id", JOB, "--presigned-url-config", _j({"roleArn": ROLE, "expiresInSec": 60})),
    ),
    # jobExecutionsRolloutConfig: constant rate
    _case(
        "rollout-constant-shorthand",
        "--job-id",
        JOB,
        "--job-executions-rollout-config",
        "maximumPerMinute=100",
    ),
    _case(
        "rollout-constant-json",
        *("--job-id", JOB, "--job-executions-rollout-config", _j({"maximumPerMinute": 1000})),
    ),
    # jobExecutionsRolloutConfig: exponential rate, shorthand
    _case(
        "rollout-exp-notified-shorthand",
        *("--job-id", JOB, "--job-executions-rollout-config"),
        "exponentialRate={baseRatePerMinute=50,incrementFactor=1.5,rateIncreaseCriteria={numberOfNotifiedThings=1000}}",
    ),
    _case(
        "rollout-exp-succeeded-shorthand",
        *("--job-id", JOB, "--job-executions-rollout-config"),
        "exponentialRate={baseRatePerMinute=10,incrementFactor=1.1,rateIncreaseCriteria={numberOfSucceededThings=200}}",
    ),
    _case(
        "rollout-exp-both-shorthand",
        *("--job-id", JOB, "--job-executions-rollout-config"),
        "exponentialRate={baseRatePerMinute=50,incrementFactor=5,"
        "rateIncreaseCriteria={numberOfNotifiedThings=1000,numberOfSucceededThings=1000}}",
    ),
    _case(
        "rollout-exp-notified-max-shorthand",
        *("--job-id", JOB, "--job-executions-rollout-config"),
        "maximumPerMinute=500,exponentialRate={baseRatePerMinute=50,incrementFactor=1.5,"
        "rateIncreaseCriteria={numberOfNotifiedThings=1000}}",
    ),
    _case(
        "rollout-exp-succeeded-max-shorthand",
        *("--job-id", JOB, "--job-executions-rollout-config"),
        "maximumPerMinute=200,exponentialRate={baseRatePerMinute=20,incrementFactor=3.5,"
        "rateIncreaseCriteria={numberOfSucceededThings=100}}",
    ),
    _case(
        "rollout-exp-both-max-shorthand",
        *("--job-id", JOB, "--job-executions-rollout-config"),
        "maximumPerMinute=1000,exponentialRate={baseRatePerMinute=50,incrementFactor=2.0,"
        "rateIncreaseCriteria={numberOfNotifiedThings=1000,numberOfSucceededThings=1000}}",
    ),
    _case(
        "rollout-exp-int-factor-shorthand",
        *("--job-id", JOB, "--job-executions-rollout-config"),
        "maximumPerMinute=100,exponentialRate={baseRatePerMinute=50,incrementFactor=2,"
        "rateIncreaseCriteria={numberOfNotifiedThings=1000}}",
    ),
    # jobExecutionsRolloutConfig: exponential rate, JSON
    _case(
        "rollout-exp-notified-json",
        *("--job-id", JOB, "--job-executions-rollout-config"),
        _j(
            {
                "exponentialRate": {
                    "baseRatePerMinute": 50,
                    "incrementFactor": 1.5,
                    "rateIncreaseCriteria": {"numberOfNotifiedThings": 1000},
                }
            }
        ),
    ),
    _case(
        "rollout-exp-succeeded-max-json",
        *("--job-id", JOB, "--job-executions-rollout-config"),
        _j(
            {
                "maximumPerMinute": 200,
                "exponentialRate": {
                    "baseRatePerMinute": 20,
                    "incrementFactor": 3.5,
                    "rateIncreaseCriteria": {"numberOfSucceededThings": 100},
                },
            }
        ),
    ),
    _case(
        "rollout-exp-both-json",
        *("--job-id", JOB, "--job-executions-rollout-config"),
        _j(
            {
                "exponentialRate": {
                    "baseRatePerMinute": 50,
                    "incrementFactor": 1.1,
                    "rateIncreaseCriteria": {"numberOfNotifiedThings": 1000, "numberOfSucceededThings": 1000},
                }
            }
        ),
    ),
    _case(
        "rollout-exp-int-factor-json",
        *("--job-id", JOB, "--job-executions-rollout-config"),
        _j(
            {
                "maximumPerMinute": 100,
                "exponentialRate": {
                    "baseRatePerMinute": 50,
                    "incrementFactor": 2,
                    "rateIncreaseCriteria": {"numberOfNotifiedThings": 1000},
                },
            }
        ),
    ),
    _case(
        "rollout-exp-float-factor-json",
        *("--job-id", JOB, "--job-executions-rollout-config"),
        _j(
            {
                "maximumPerMinute": 100,
                "exponentialRate": {
                    "baseRatePerMinute": 50,
                    "incrementFactor": 2.0,
                    "rateIncreaseCriteria": {"numberOfNotifiedThings": 1000},
                },
            }
        ),
    ),
    # abortConfig
    _case(
        "abort-one-shorthand",
        *("--job-id", JOB, "--abort-config"),
        "criteriaList=[{failureType=FAILED,action=CANCEL,thresholdPercentage=20.5,minNumberOfExecutedThings=100}]",
    ),
    _case(
        "abort-several-shorthand",
        *("--job-id", JOB, "--abort-config"),
        "criteriaList=["
        "{failureType=FAILED,action=CANCEL,thresholdPercentage=20.5,minNumberOfExecutedThings=100},"
        "{failureType=REJECTED,action=CANCEL,thresholdPercentage=10.99,minNumberOfExecutedThings=50},"
        "{failureType=TIMED_OUT,action=CANCEL,thresholdPercentage=20,minNumberOfExecutedThings=10},"
        "{failureType=ALL,action=CANCEL,thresholdPercentage=100.0,minNumberOfExecutedThings=1}]",
    ),
    _case(
        "abort-int-threshold-shorthand",
        *("--job-id", JOB, "--abort-config"),
        "criteriaList=[{failureType=ALL,action=CANCEL,thresholdPercentage=20,minNumberOfExecutedThings=10}]",
    ),
    _case(
        "abort-two-decimals-shorthand",
        *("--job-id", JOB, "--abort-config"),
        "criteriaList=[{failureType=TIMED_OUT,action=CANCEL,thresholdPercentage=10.99,minNumberOfExecutedThings=5}]",
    ),
    _case(
        "abort-repeated-failure-type-shorthand",
        *("--job-id", JOB, "--abort-config"),
        "criteriaList=["
        "{failureType=FAILED,action=CANCEL,thresholdPercentage=50,minNumberOfExecutedThings=10},"
        "{failureType=FAILED,action=CANCEL,thresholdPercentage=5.5,minNumberOfExecutedThings=1000}]",
    ),
    _case(
        "abort-one-json",
        *("--job-id", JOB, "--abort-config"),
        _j({"criteriaList": [_ABORT_SEVERAL[0]]}),
    ),
    _case("abort-several-json", "--job-id", JOB, "--abort-config", _j({"criteriaList": _ABORT_SEVERAL})),
    _case(
        "abort-int-threshold-json",
        *("--job-id", JOB, "--abort-config"),
        _j(
            {
                "criteriaList": [
                    {
                        "failureType": "ALL",
                        "action": "CANCEL",
                        "thresholdPercentage": 20,
                        "minNumberOfExecutedThings": 10,
                    }
                ]
            }
        ),
    ),
    # timeoutConfig
    _case("timeout-shorthand", "--job-id", JOB, "--timeout-config", "inProgressTimeoutInMinutes=60"),
    _case("timeout-json", "--job-id", JOB, "--timeout-config", _j({"inProgressTimeoutInMinutes": 10080})),
    # jobExecutionsRetryConfig
    _case(
        "retry-all-shorthand",
        *(
            "--job-id",
            JOB,
            "--job-executions-retry-config",
            "criteriaList=[{failureType=ALL,numberOfRetries=3}]",
        ),
    ),
    _case(
        "retry-failed-timed-out-shorthand",
        *("--job-id", JOB, "--job-executions-retry-config"),
        "criteriaList=[{failureType=FAILED,numberOfRetries=2},{failureType=TIMED_OUT,numberOfRetries=8}]",
    ),
    _case(
        "retry-zero-shorthand",
        *(
            "--job-id",
            JOB,
            "--job-executions-retry-config",
            "criteriaList=[{failureType=FAILED,numberOfRetries=0}]",
        ),
    ),
    _case(
        "retry-all-json",
        *("--job-id", JOB, "--job-executions-retry-config"),
        _j({"criteriaList": [{"failureType": "ALL", "numberOfRetries": 10}]}),
    ),
    _case(
        "retry-failed-timed-out-json",
        *("--job-id", JOB, "--job-executions-retry-config"),
        _j(
            {
                "criteriaList": [
                    {"failureType": "FAILED", "numberOfRetries": 5},
                    {"failureType": "TIMED_OUT", "numberOfRetries": 5},
                ]
            }
        ),
    ),
    _case(
        "retry-zero-json",
        *("--job-id", JOB, "--job-executions-retry-config"),
        _j({"criteriaList": [{"failureType": "TIMED_OUT", "numberOfRetries": 0}]}),
    ),
    # namespaceId (a query-string member)
    _case("namespace-id", "--job-id", JOB, "--namespace-id", "ns1"),
    _case(
        "namespace-id-with-description",
        *("--job-id", JOB, "--namespace-id", "my_ns-2", "--description", "customer-managed"),
    ),
    # shorthand quoting and whitespace
    _case(
        "shorthand-quoted-and-spaced",
        *("--job-id", JOB, "--presigned-url-config", f"roleArn='{ROLE}', expiresInSec=900"),
        "--abort-config",
        "criteriaList=[ {failureType=FAILED, action=CANCEL, thresholdPercentage=5, minNumberOfExecutedThings=3} ]",
    ),
    # everything together
    _case(
        "everything-shorthand",
        *("--job-id", JOB, "--namespace-id", "ns1", "--description", "Everything at once"),
        *("--presigned-url-config", f"roleArn={ROLE},expiresInSec=1800"),
        "--job-executions-rollout-config",
        "maximumPerMinute=1000,exponentialRate={baseRatePerMinute=50,incrementFactor=2.5,"
        "rateIncreaseCriteria={numberOfNotifiedThings=1000,numberOfSucceededThings=500}}",
        "--abort-config",
        "criteriaList=["
        "{failureType=FAILED,action=CANCEL,thresholdPercentage=20.5,minNumberOfExecutedThings=100},"
        "{failureType=REJECTED,action=CANCEL,thresholdPercentage=10.99,minNumberOfExecutedThings=50},"
        "{failureType=TIMED_OUT,action=CANCEL,thresholdPercentage=20,minNumberOfExecutedThings=10},"
        "{failureType=ALL,action=CANCEL,thresholdPercentage=100.0,minNumberOfExecutedThings=1}]",
        *("--timeout-config", "inProgressTimeoutInMinutes=120"),
        "--job-executions-retry-config",
        "criteriaList=[{failureType=FAILED,numberOfRetries=3},{failureType=TIMED_OUT,numberOfRetries=2}]",
    ),
    _case(
        "everything-json",
        *("--job-id", JOB, "--namespace-id", "ns1", "--description", _EVERYTHING_JSON["description"]),
        *("--presigned-url-config", _j(_EVERYTHING_JSON["presignedUrlConfig"])),
        *("--job-executions-rollout-config", _j(_EVERYTHING_JSON["jobExecutionsRolloutConfig"])),
        *("--abort-config", _j(_EVERYTHING_JSON["abortConfig"])),
        *("--timeout-config", _j(_EVERYTHING_JSON["timeoutConfig"])),
        *("--job-executions-retry-config", _j(_EVERYTHING_JSON["jobExecutionsRetryConfig"])),
    ),
    # --cli-input-json and file://
    _case("cli-input-json-inline", "--cli-input-json", _j(_CLI_INPUT)),
    _case(
        "cli-input-json-file",
        *("--cli-input-json", "file://update-job-input.json"),
        files={"update-job-input.json": json.dumps(_CLI_INPUT, indent=2, ensure_ascii=False) + "\n"},
    ),
    _case(
        "cli-input-json-overridden-by-option",
        "--cli-input-json",
        _j(
            {
                "jobId": JOB,
                "description": "from --cli-input-json",
                "timeoutConfig": {"inProgressTimeoutInMinutes": 30},
                "jobExecutionsRolloutConfig": {"maximumPerMinute": 10},
            }
        ),
        *("--description", "from the command line", "--timeout-config", "inProgressTimeoutInMinutes=90"),
    ),
    _case(
        "option-json-file",
        *("--job-id", JOB, "--abort-config", "file://abort-config.json"),
        files={"abort-config.json": json.dumps({"criteriaList": _ABORT_SEVERAL[:2]}, indent=2) + "\n"},
    ),
    _case(
        "option-shorthand-file",
        *("--job-id", JOB, "--job-executions-retry-config", "file://retry-config.txt"),
        files={"retry-config.txt": "criteriaList=[{failureType=ALL,numberOfRetries=2}]"},
    ),
    # the spec's section 6.4 example, verbatim
    _case(
        "spec-6-4-example",
        *("--job-id", "fw-42"),
        "--job-executions-rollout-config",
        "maximumPerMinute=500,exponentialRate={baseRatePerMinute=50,incrementFactor=1.5,"
        "rateIncreaseCriteria={numberOfSucceededThings=200}}",
        "--abort-config",
        "criteriaList=[{failureType=FAILED,action=CANCEL,thresholdPercentage=20.5,minNumberOfExecutedThings=100}]",
        *("--timeout-config", "inProgressTimeoutInMinutes=60"),
    ),
)

# --- describe-job -------------------------------------------------------------------------------------

DESCRIBE_JOB_CASES: tuple[Case, ...] = (
    _case("describe-plain", "--job-id", JOB),
    _case("describe-before-substitution", "--job-id", JOB, "--before-substitution"),
    _case("describe-no-before-substitution", "--job-id", JOB, "--no-before-substitution"),
    _case("describe-cli-input-json", "--cli-input-json", _j({"jobId": JOB, "beforeSubstitution": True})),
    _case("spec-6-4-example", "--job-id", "fw-42", "--no-before-substitution"),
)

DESCRIBE_JOB_RESPONSE: dict[str, Any] = {
    "documentSource": "https://s3.amazonaws.com/example-bucket/job-document.json",
    "job": {
        "jobArn": "arn:aws:iot:us-east-1:123456789012:job/job-1",
        "jobId": "job-1",
        "targetSelection": "SNAPSHOT",
        "status": "IN_PROGRESS",
        "forceCanceled": False,
        "targets": ["arn:aws:iot:us-east-1:123456789012:thing/thing-1"],
        "description": "golden capture",
        "jobExecutionsRolloutConfig": {"maximumPerMinute": 100},
        "timeoutConfig": {"inProgressTimeoutInMinutes": 60},
        "createdAt": 1700000000.0,
        "lastUpdatedAt": 1700000060.0,
        "jobProcessDetails": {"numberOfQueuedThings": 1, "numberOfSucceededThings": 0},
        "isConcurrent": False,
    },
}
"""The capture server's answer to describe-job (a small valid DescribeJob response)."""

COMMANDS: tuple[Command, ...] = (
    Command("update-job", "UpdateJob", "update_job_cli.json", UPDATE_JOB_CASES),
    Command("describe-job", "DescribeJob", "describe_job_cli.json", DESCRIBE_JOB_CASES),
)


def command_named(name: str) -> Command:
    """Return the :class:`Command` called ``name`` (``update-job`` or ``describe-job``)."""
    for command in COMMANDS:
        if command.name == name:
            return command
    raise KeyError(name)


# --- running the CLI ----------------------------------------------------------------------------------


def cli_env() -> dict[str, str]:
    """The subprocess environment: no AWS settings or proxies inherited, dummy credentials, no config."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.upper().startswith("AWS_") and not key.upper().endswith("_PROXY")
    }
    env.update(
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        AWS_EC2_METADATA_DISABLED="true",
        AWS_PAGER="",
        NO_PROXY="127.0.0.1,localhost",
        PYTHONIOENCODING="utf-8",
    )
    return env


def _answer(request: CapturedRequest) -> CannedResponse:
    if request.method == "GET":
        return json_response(DESCRIBE_JOB_RESPONSE)
    return CannedResponse()


def run_case(command: Command, case: Case) -> dict[str, Any]:
    """Run one case through the real CLI and return its golden record; raise :class:`CaseFailed` otherwise."""
    with tempfile.TemporaryDirectory(prefix="iotjobs-golden-") as workdir, capture_server(_answer) as server:
        for name, text in case.files.items():
            Path(workdir, name).write_text(text, encoding="utf-8")
        args = [sys.executable, "-m", "awscli", "iot", command.name, *case.argv]
        args += ["--endpoint-url", server.url, "--region", REGION]
        proc = subprocess.run(
            args,
            cwd=workdir,
            env=cli_env(),
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=CLI_TIMEOUT_SECONDS,
            check=False,
        )
        requests = list(server.requests)
    if proc.returncode != 0:
        raise CaseFailed(f"{command.name} {case.id}: exit {proc.returncode}: {proc.stderr.strip()}")
    if len(requests) != 1:
        raise CaseFailed(f"{command.name} {case.id}: expected 1 request, captured {len(requests)}")
    request = requests[0]
    return {
        "id": case.id,
        "argv": list(case.argv),
        "files": dict(case.files),
        "body_text": request.body.decode("utf-8") if request.body else None,
        "request": normalize(request),
    }


def tool_versions() -> dict[str, str]:
    """The awscli version and the botocore version that awscli actually uses (it may vendor its own)."""
    code = (
        "import json, awscli, botocore\n"
        "print(json.dumps({'awscli_version': awscli.__version__,"
        " 'botocore_version': botocore.__version__}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=cli_env(), capture_output=True, text=True, check=True, timeout=60
    )
    versions: dict[str, str] = json.loads(out.stdout)
    return versions


def capture_command(command: Command, versions: Mapping[str, str]) -> tuple[dict[str, Any], list[str]]:
    """Run every case of ``command``; return the golden document and the failure messages."""
    records: list[dict[str, Any]] = []
    failures: list[str] = []
    for case in command.cases:
        try:
            records.append(run_case(command, case))
        except (CaseFailed, subprocess.TimeoutExpired) as exc:
            failures.append(str(exc))
    document = {
        "awscli_version": versions["awscli_version"],
        "botocore_version": versions["botocore_version"],
        "command": ["iot", command.name],
        "operation": command.operation,
        "fixed_args": ["--endpoint-url", "<capture server url>", "--region", REGION],
        "generated_by": "python -m tests.golden.capture_goldens",
        "cases": records,
    }
    return document, failures


def dump(document: Mapping[str, Any]) -> str:
    """Serialize a golden document deterministically (sorted keys, indent 2, trailing newline)."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def load_golden(command: Command, directory: Path = GOLDEN_DIR) -> dict[str, Any]:
    """Read the stored golden document of ``command``."""
    document: dict[str, Any] = json.loads((directory / command.golden_file).read_text(encoding="utf-8"))
    return document


def main(argv: Sequence[str] | None = None) -> int:
    """Capture every case and write (or, with ``--check``, compare against) the golden files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="compare with the stored files, write nothing")
    parser.add_argument("--output-dir", type=Path, default=GOLDEN_DIR, help="where the golden files live")
    options = parser.parse_args(argv)

    versions = tool_versions()
    status = 0
    for command in COMMANDS:
        document, failures = capture_command(command, versions)
        for failure in failures:
            print(f"dropped: {failure}", file=sys.stderr)
        target = options.output_dir / command.golden_file
        text = dump(document)
        if options.check:
            same = target.exists() and target.read_text(encoding="utf-8") == text
            print(f"{target}: {'up to date' if same else 'DIFFERS'}")
            status |= 0 if same else 1
        else:
            target.write_text(text, encoding="utf-8")
            print(f"{target}: {len(document['cases'])} cases ({len(failures)} dropped)")
    return status


if __name__ == "__main__":
    sys.exit(main())
