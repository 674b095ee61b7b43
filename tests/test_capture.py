"""Tests of the loopback capture server (tests/_capture.py) and of the stored AWS CLI golden requests."""

from __future__ import annotations

import http.client
import importlib.util
import json
import threading
from contextlib import closing
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from tests._capture import (
    CannedResponse,
    CapturedRequest,
    aws_error,
    capture_server,
    json_response,
    normalize,
)
from tests.golden import capture_goldens as goldens

if TYPE_CHECKING:
    from mypy_boto3_iot import IoTClient

Response = tuple[int, dict[str, str], bytes]


def _send(
    url: str, method: str, target: str, body: bytes | None = None, headers: dict[str, str] | None = None
) -> Response:
    """Send one request with http.client (no proxy handling involved) and return status, headers, body."""
    parts = urlsplit(url)
    assert parts.hostname is not None
    with closing(http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)) as conn:
        conn.request(method, target, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()


def _iot_client(url: str) -> IoTClient:
    return boto3.client(
        "iot",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(retries={"mode": "standard", "total_max_attempts": 1}),
    )


class TestRecording:
    def test_records_method_path_query_headers_and_body(self) -> None:
        """A request is recorded with its method, raw path, parsed query, lower-cased headers and body."""
        with capture_server() as server:
            _send(
                server.url,
                "PATCH",
                "/jobs/job-1?namespaceId=ns1&flag=&namespaceId=ns2",
                body=b'{"description": "x"}',
                headers={"Content-Type": "application/json", "X-Custom": "v"},
            )
        [request] = server.requests
        assert request.method == "PATCH"
        assert request.path == "/jobs/job-1"
        assert request.query == {"namespaceId": ["ns1", "ns2"], "flag": [""]}
        assert request.headers["content-type"] == "application/json"
        assert request.headers["x-custom"] == "v"
        assert request.body == b'{"description": "x"}'
        assert request.json() == {"description": "x"}

    def test_empty_body_parses_to_none(self) -> None:
        """`.json()` is None for a request without a body, and normalize() reports it so."""
        with capture_server() as server:
            _send(server.url, "GET", "/jobs/job-1?beforeSubstitution=true")
        assert server.requests[0].json() is None
        assert normalize(server.last) == {
            "method": "GET",
            "path": "/jobs/job-1",
            "query": {"beforeSubstitution": ["true"]},
            "body": None,
        }

    def test_path_stays_percent_encoded(self) -> None:
        """The recorded path is the raw request path, not unquoted."""
        with capture_server() as server:
            _send(server.url, "GET", "/jobs/a%2Fb")
        assert server.last.path == "/jobs/a%2Fb"

    def test_requests_are_recorded_in_order_and_clear_forgets_them(self) -> None:
        """Requests accumulate oldest first; clear() empties the list."""
        with capture_server() as server:
            for n in range(3):
                _send(server.url, "DELETE", f"/jobs/job-{n}")
            assert [r.path for r in server.requests] == ["/jobs/job-0", "/jobs/job-1", "/jobs/job-2"]
            server.clear()
            assert server.requests == []

    def test_concurrent_requests_are_all_recorded(self) -> None:
        """Requests from several threads at once are all recorded."""
        with capture_server() as server:
            threads = [threading.Thread(target=_send, args=(server.url, "PUT", f"/jobs/t{n}")) for n in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        assert sorted(r.path for r in server.requests) == sorted(f"/jobs/t{n}" for n in range(8))

    def test_url_is_loopback_and_server_stops_after_the_block(self) -> None:
        """The server listens on 127.0.0.1 and refuses connections once the with-block has ended."""
        with capture_server() as server:
            assert server.url == f"http://127.0.0.1:{server.port}"
        with pytest.raises(ConnectionRefusedError):
            _send(server.url, "GET", "/")

    def test_kept_alive_connections_are_closed_on_exit(self) -> None:
        """Leaving the block closes idle keep-alive connections, so no handler thread lingers."""
        before = set(threading.enumerate())
        with capture_server() as server:
            parts = urlsplit(server.url)
            assert parts.hostname is not None
            with closing(http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)) as conn:
                conn.request("GET", "/")
                assert conn.getresponse().read() == b"{}"
                server.stop()  # while the client still holds the connection open
                lingering = [t for t in set(threading.enumerate()) - before if t.is_alive()]
                for thread in lingering:
                    thread.join(timeout=5)
                assert not [t for t in lingering if t.is_alive()]

    def test_captured_request_is_frozen(self) -> None:
        """CapturedRequest instances cannot be reassigned."""
        request = CapturedRequest("GET", "/", {}, {}, b"")
        with pytest.raises(AttributeError):
            request.method = "PUT"  # type: ignore[misc]


class TestResponses:
    def test_default_answer_is_200_empty_json_object(self) -> None:
        """Without a script every request gets 200, Content-Type application/json and body {}."""
        with capture_server() as server:
            status, headers, body = _send(server.url, "PATCH", "/jobs/job-1", body=b"{}")
        assert status == 200
        assert headers["content-type"] == "application/json"
        assert headers["content-length"] == "2"
        assert body == b"{}"

    def test_scripted_responses_are_returned_in_order_then_the_default(self) -> None:
        """An iterable of answers is consumed one per request; afterwards the default answer is used."""
        throttled = aws_error(400, "ThrottlingException", "Rate exceeded", request_id="req-1")
        script = [throttled, throttled, json_response({"ok": True})]
        with capture_server(script) as server:
            answers = [_send(server.url, "PATCH", "/jobs/job-1", body=b"{}") for _ in range(4)]
        assert [status for status, _, _ in answers] == [400, 400, 200, 200]
        assert [body for _, _, body in answers] == [
            b'{"message": "Rate exceeded"}',
            b'{"message": "Rate exceeded"}',
            b'{"ok": true}',
            b"{}",
        ]
        assert len(server.requests) == 4

    def test_aws_error_sets_error_type_and_request_id_headers(self) -> None:
        """aws_error() answers with x-amzn-ErrorType, x-amzn-RequestId and a JSON message body."""
        script = [aws_error(404, "ResourceNotFoundException", "Job job-1 not found", request_id="abc-123")]
        with capture_server(script) as server:
            status, headers, body = _send(server.url, "GET", "/jobs/job-1")
        assert status == 404
        assert headers["x-amzn-errortype"] == "ResourceNotFoundException"
        assert headers["x-amzn-requestid"] == "abc-123"
        assert headers["content-type"] == "application/json"
        assert json.loads(body) == {"message": "Job job-1 not found"}

    def test_callable_script_sees_the_request(self) -> None:
        """A callable script builds each answer from the captured request."""

        def answer(request: CapturedRequest) -> CannedResponse:
            return CannedResponse(status=201, headers={"X-Path": request.path}, body=request.body[::-1])

        with capture_server(answer) as server:
            status, headers, body = _send(server.url, "POST", "/echo", body=b"abc")
        assert (status, headers["x-path"], body) == (201, "/echo", b"cba")

    def test_failing_callable_gives_500_and_is_reported(self) -> None:
        """An exception in the callable script becomes a 500 answer and is kept in `.errors`."""

        def answer(request: CapturedRequest) -> CannedResponse:
            raise RuntimeError("boom")

        with capture_server(answer) as server:
            status, _, body = _send(server.url, "GET", "/")
        assert status == 500
        assert b"boom" in body
        assert [type(e) for e in server.errors] == [RuntimeError]

    def test_head_answer_has_no_body(self) -> None:
        """HEAD requests get the status and headers but no body."""
        with capture_server() as server:
            status, headers, body = _send(server.url, "HEAD", "/")
        assert (status, headers["content-length"], body) == (200, "2", b"")


class TestWithBoto3:
    def test_boto3_update_job_is_recorded(self) -> None:
        """boto3's UpdateJob arrives as PATCH /jobs/{jobId} with namespaceId in the query string."""
        with capture_server() as server:
            _iot_client(server.url).update_job(jobId="job-1", namespaceId="ns1", description="d")
        assert normalize(server.last) == {
            "method": "PATCH",
            "path": "/jobs/job-1",
            "query": {"namespaceId": ["ns1"]},
            "body": {"description": "d"},
        }

    @pytest.mark.parametrize(
        ("status", "error_type"),
        [(404, "ResourceNotFoundException"), (400, "ThrottlingException"), (400, "InvalidRequestException")],
    )
    def test_boto3_parses_scripted_aws_errors(self, status: int, error_type: str) -> None:
        """botocore turns an aws_error() answer into a ClientError with that code, message and request id."""
        script = [aws_error(status, error_type, "scripted failure", request_id="rid-7")]
        with capture_server(script) as server, pytest.raises(ClientError) as info:
            _iot_client(server.url).describe_job(jobId="job-1")
        error = info.value.response
        assert error["Error"]["Code"] == error_type
        assert error["Error"]["Message"] == "scripted failure"
        assert error["ResponseMetadata"]["HTTPStatusCode"] == status
        assert error["ResponseMetadata"]["RequestId"] == "rid-7"


class TestGoldenFiles:
    @pytest.mark.parametrize("command", goldens.COMMANDS, ids=lambda c: c.name)
    def test_golden_file_is_canonical_and_complete(self, command: goldens.Command) -> None:
        """Each golden file is in canonical form, names its tool versions and holds every case once."""
        path = goldens.GOLDEN_DIR / command.golden_file
        document = goldens.load_golden(command)
        assert path.read_text(encoding="utf-8") == goldens.dump(document)
        assert document["awscli_version"]
        assert document["botocore_version"]
        ids = [case["id"] for case in document["cases"]]
        assert len(ids) == len(set(ids))
        assert set(ids) <= {case.id for case in command.cases}

    @pytest.mark.slow
    @pytest.mark.skipif(importlib.util.find_spec("awscli") is None, reason="awscli (the AWS CLI v1) is not installed")
    @pytest.mark.parametrize(
        ("command_name", "case_id"),
        [
            ("update-job", "spec-6-4-example"),
            ("update-job", "everything-shorthand"),
            ("describe-job", "describe-before-substitution"),
        ],
    )
    def test_installed_awscli_still_sends_the_golden_request(self, command_name: str, case_id: str) -> None:
        """Re-running a representative case through the installed awscli reproduces the stored request."""
        command = goldens.command_named(command_name)
        [case] = [c for c in command.cases if c.id == case_id]
        stored = goldens.load_golden(command)
        [expected] = [c for c in stored["cases"] if c["id"] == case_id]
        actual = goldens.run_case(command, case)
        versions = f"golden from awscli {stored['awscli_version']} / botocore {stored['botocore_version']}"
        assert actual == expected, versions
