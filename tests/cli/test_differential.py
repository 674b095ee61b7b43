"""``iotjobs`` sends what ``aws iot`` sends for the same arguments.

1. Every golden case (captured from the real AWS CLI by ``tests/golden/capture_goldens.py``) is run through
   ``iotjobs`` in-process against a capture server: the method, path, query string and JSON body must be equal,
   and the body's exact text too (member order, ``2`` versus ``2.0``), since iotjobs sends the values as the AWS
   CLI types them once the builders accepted them.
2. A live differential test (slow) runs ``aws iot update-job`` and ``iotjobs update-job`` side by side on the same
   argument lists, each against its own capture server, and compares the requests.
3. Values AWS would reject but the AWS CLI sends anyway make ``iotjobs`` exit 252 and send nothing.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import botocore.exceptions  # noqa: F401  # the installed botocore, loaded before anything else can alias it
import pytest

from iotjobs.cli import main
from tests._capture import CapturedRequest, capture_server, normalize
from tests.golden.capture_goldens import _answer, cli_env, command_named, load_golden

REGION = ["--region", "us-east-1"]


def _cases(command: str) -> list[Any]:
    document = load_golden(command_named(command))
    return [pytest.param(case, id=case["id"]) for case in document["cases"]]


def _run_in_process(command: str, case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                    capsys: pytest.CaptureFixture[str]) -> CapturedRequest:
    for name, text in case["files"].items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with capture_server(_answer) as server:
        code = main([command, *case["argv"], "--endpoint-url", server.url, *REGION])
        captured = capsys.readouterr()
        assert code == 0, captured.err
        [request] = server.requests
    return request


@pytest.mark.parametrize("case", _cases("update-job"))
def test_update_job_sends_the_golden_request(case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """The AWS CLI's captured UpdateJob request, field by field and byte for byte."""
    request = _run_in_process("update-job", case, tmp_path, monkeypatch, capsys)
    got = normalize(request)
    golden = case["request"]
    assert (got["method"], got["path"], got["query"]) == (golden["method"], golden["path"], golden["query"])
    # sort_keys: an order-insensitive comparison in which 2 and 2.0 still differ.
    assert json.dumps(got["body"], sort_keys=True) == json.dumps(golden["body"], sort_keys=True)
    # The exact text: the AWS CLI's member order (an input document keeps its own) and number types.
    assert request.body.decode("utf-8") == case["body_text"]
    assert request.headers["content-type"] == "application/json"


@pytest.mark.parametrize("case", _cases("describe-job"))
def test_describe_job_sends_the_golden_request(case: dict[str, Any], tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """The AWS CLI's captured DescribeJob request."""
    request = _run_in_process("describe-job", case, tmp_path, monkeypatch, capsys)
    assert normalize(request) == case["request"]
    assert request.body == b""


@pytest.mark.parametrize("case", _cases("update-job"))
def test_dry_run_prints_the_golden_request(case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """--dry-run prints exactly the request the AWS CLI sent (without sending it)."""
    for name, text in case["files"].items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["update-job", *case["argv"], "--dry-run"]) == 0
    printed = json.loads(capsys.readouterr().out)
    golden = case["request"]
    assert printed["method"] == golden["method"]
    assert printed["path"] == golden["path"]
    assert {key: [value] for key, value in printed["query"].items()} == golden["query"]
    assert json.dumps(printed["body"]) == case["body_text"]


# -- 2. live: the real AWS CLI and iotjobs, side by side ----------------------------------------------------

ROLE = "arn:aws:iam::123456789012:role/IotJobsS3Access"
LIVE_CASES: list[tuple[str, list[str]]] = [
    ("job-id-only", ["--job-id", "fw-1"]),
    ("description-unicode", ["--job-id", "fw-1", "--description", "Größe – 固件 \"quoted\""]),
    ("presigned", ["--job-id", "fw-1", "--presigned-url-config", f"roleArn={ROLE},expiresInSec=600"]),
    ("rollout-exponential", ["--job-id", "fw-1", "--job-executions-rollout-config",
                             "maximumPerMinute=200,exponentialRate={baseRatePerMinute=10,incrementFactor=3,"
                             "rateIncreaseCriteria={numberOfNotifiedThings=50,numberOfSucceededThings=25}}"]),
    ("abort-quoted-spaced", ["--job-id", "fw-1", "--abort-config",
                             "criteriaList=[ {failureType='TIMED_OUT', action=CANCEL, thresholdPercentage=7.25, "
                             "minNumberOfExecutedThings=3}, {failureType=ALL,action=CANCEL,thresholdPercentage=99,"
                             "minNumberOfExecutedThings=1} ]"]),
    ("abort-json-int", ["--job-id", "fw-1", "--abort-config", json.dumps({"criteriaList": [
        {"failureType": "REJECTED", "action": "CANCEL", "thresholdPercentage": 15,
         "minNumberOfExecutedThings": 20}]})]),
    ("timeout-and-namespace", ["--job-id", "fw-1", "--timeout-config", "inProgressTimeoutInMinutes=10080",
                               "--namespace-id", "greengrass_ns-1"]),
    ("retry-two", ["--job-id", "fw-1", "--job-executions-retry-config",
                   "criteriaList=[{failureType=TIMED_OUT,numberOfRetries=4},{failureType=FAILED,numberOfRetries=6}]"]),
    ("cli-input-json-overridden", ["--cli-input-json", json.dumps({
        "jobId": "fw-1", "namespaceId": "ns", "jobExecutionsRetryConfig": {"criteriaList": [
            {"failureType": "ALL", "numberOfRetries": 1}]}, "description": "doc"}),
        "--description", "option", "--job-id", "fw-2"]),
    ("everything", ["--job-id", "fw-1", "--description", "all", "--namespace-id", "ns",
                    "--presigned-url-config", f'{{"roleArn": "{ROLE}"}}',
                    "--job-executions-rollout-config", "maximumPerMinute=1000",
                    "--abort-config", "criteriaList=[{failureType=FAILED,action=CANCEL,thresholdPercentage=0.5,"
                    "minNumberOfExecutedThings=1000}]",
                    "--timeout-config", "inProgressTimeoutInMinutes=1",
                    "--job-executions-retry-config", "criteriaList=[{failureType=ALL,numberOfRetries=10}]"]),
]


def _capture_one(tool: list[str], argv: list[str]) -> tuple[int, str, list[CapturedRequest]]:
    with tempfile.TemporaryDirectory(prefix="iotjobs-differential-") as workdir, capture_server() as server:
        proc = subprocess.run([sys.executable, *tool, "update-job", *argv, "--endpoint-url", server.url, *REGION],
                              cwd=workdir, env=cli_env(), capture_output=True, text=True, encoding="utf-8",
                              timeout=120, check=False)
        return proc.returncode, proc.stderr, list(server.requests)


@pytest.mark.slow
@pytest.mark.parametrize(("name", "argv"), LIVE_CASES, ids=[name for name, _ in LIVE_CASES])
def test_live_differential(name: str, argv: list[str]) -> None:
    """``aws iot update-job`` and ``iotjobs update-job`` send identical requests for the same arguments."""
    if importlib.util.find_spec("awscli") is None:
        pytest.skip("awscli is not installed: nothing to compare with")
    with ThreadPoolExecutor(max_workers=2) as pool:
        aws_future = pool.submit(_capture_one, ["-m", "awscli", "iot"], argv)
        ours_future = pool.submit(_capture_one, ["-m", "iotjobs"], argv)
        aws_code, aws_err, aws_requests = aws_future.result()
        our_code, our_err, our_requests = ours_future.result()
    assert aws_code == 0, aws_err
    assert our_code == 0, our_err
    [theirs], [ours] = aws_requests, our_requests
    assert normalize(ours) == normalize(theirs)
    assert ours.body == theirs.body


# -- 3. what the AWS CLI would send and AWS would reject ----------------------------------------------------


@pytest.mark.parametrize(
    ("option", "value", "member"),
    [
        ("--job-executions-rollout-config", "maximumPerMinute=5000", "jobExecutionsRolloutConfig.maximumPerMinute"),
        ("--job-executions-retry-config", "criteriaList=[{failureType=ALL,numberOfRetries=30}]",
         "jobExecutionsRetryConfig.criteriaList[0].numberOfRetries"),
        ("--job-executions-rollout-config",
         "exponentialRate={baseRatePerMinute=50,incrementFactor=1.55,rateIncreaseCriteria={numberOfNotifiedThings=9}}",
         "jobExecutionsRolloutConfig.exponentialRate.incrementFactor"),
    ],
)
def test_values_aws_would_reject_are_never_sent(option: str, value: str, member: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """botocore and the AWS CLI send these; iotjobs exits 252 and the server sees nothing."""
    with capture_server() as server:
        code = main(["update-job", "--job-id", "fw-1", option, value, "--endpoint-url", server.url, *REGION])
        assert server.requests == []
    assert code == 252
    err = capsys.readouterr().err
    assert f"{option}: {member} = " in err
