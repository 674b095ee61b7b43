"""JobsClient puts on the wire exactly what `aws iot update-job` / `describe-job` put there for the same inputs.

The goldens in tests/golden/ were captured from the real AWS CLI against a loopback server
(regenerate them with ``python -m tests.golden.capture_goldens``). Each case's request parameters are read back
into a `JobUpdate`, sent through `JobsClient` to the same kind of server, and the two requests compared.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

import boto3
import pytest

from iotjobs import JobsClient, JobUpdate
from tests._capture import CaptureServer, capture_server, json_response, normalize
from tests.golden.capture_goldens import command_named, load_golden

UPDATE = load_golden(command_named("update-job"))
DESCRIBE = load_golden(command_named("describe-job"))
DOUBLES = {"incrementFactor", "thresholdPercentage"}


def _ids(cases: list[dict[str, Any]]) -> list[str]:
    return [case["id"] for case in cases]


@pytest.fixture(scope="module")
def server() -> Iterator[CaptureServer]:
    with capture_server(lambda request: json_response({"job": {"jobId": "fw-42"}})) as srv:
        yield srv


@pytest.fixture(scope="module")
def client(server: CaptureServer) -> JobsClient:
    session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing")
    return JobsClient(boto3_session=session, region_name="us-east-1", endpoint_url=server.url)


def _update_kwargs(request: dict[str, Any]) -> dict[str, Any]:
    """The boto3 keyword arguments a golden request carries: body members, job id and namespace id."""
    kwargs: dict[str, Any] = {"jobId": unquote(request["path"].removeprefix("/jobs/"))}
    if "namespaceId" in request["query"]:
        [kwargs["namespaceId"]] = request["query"]["namespaceId"]
    kwargs.update(request["body"] or {})
    return kwargs


def _doubles_as_floats(value: Any, key: str = "") -> Any:
    """What the CLI sends for JSON-given doubles once an integer like 2 is written as 2.0, as iotjobs does."""
    if isinstance(value, dict):
        return {k: _doubles_as_floats(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_doubles_as_floats(v, key) for v in value]
    return float(value) if key in DOUBLES else value


@pytest.mark.parametrize("case", UPDATE["cases"], ids=_ids(UPDATE["cases"]))
def test_update_job_sends_what_the_aws_cli_sends(
    case: dict[str, Any], client: JobsClient, server: CaptureServer
) -> None:
    """Method, path, query and body equal the AWS CLI's request for the same parameters."""
    golden = case["request"]
    server.clear()
    client.update_job(JobUpdate.from_botocore(_update_kwargs(golden)))
    [sent] = server.requests
    assert {**normalize(sent), "body": None} == {**golden, "body": None}
    assert sent.headers["content-type"] == "application/json"
    # The CLI passes JSON-given numbers through (2 stays 2) and float()s shorthand ones (2 becomes 2.0);
    # iotjobs always sends a double as a float, so compare with the CLI's JSON integers written as floats.
    expected = _doubles_as_floats(json.loads(case["body_text"]))
    # sort_keys text tells 2 from 2.0, unlike comparing parsed values.
    assert json.dumps(sent.json(), sort_keys=True) == json.dumps(expected, sort_keys=True)
    if not any(arg == "--cli-input-json" for arg in case["argv"]):
        # Byte for byte too: same member order (the model's). With --cli-input-json the CLI keeps the file's
        # order instead, which JSON gives no meaning to.
        assert sent.body.decode() == json.dumps(expected)


def test_doubles_differ_only_where_the_cli_passed_json_integers_through() -> None:
    """Every shorthand case matches the CLI's body text exactly, with no adjustment."""
    for case in UPDATE["cases"]:
        cli_body = json.loads(case["body_text"])
        if "json" not in case["id"] and not case["files"]:
            assert json.dumps(_doubles_as_floats(cli_body)) == case["body_text"], case["id"]


@pytest.mark.parametrize("case", DESCRIBE["cases"], ids=_ids(DESCRIBE["cases"]))
def test_describe_job_sends_what_the_aws_cli_sends(
    case: dict[str, Any], client: JobsClient, server: CaptureServer
) -> None:
    """GET /jobs/{jobId}, with beforeSubstitution in the query only when given."""
    golden = case["request"]
    job_id = unquote(golden["path"].removeprefix("/jobs/"))
    flag = golden["query"].get("beforeSubstitution")
    server.clear()
    client.describe_job(job_id, before_substitution=None if flag is None else flag == ["true"])
    [sent] = server.requests
    assert normalize(sent) == golden
