"""A loopback HTTP server that records requests and answers them from a script.

Point a client (boto3, the AWS CLI) at ``server.url`` with ``endpoint_url=`` / ``--endpoint-url`` and
inspect ``server.requests`` afterwards::

    with capture_server() as server:
        client = boto3.client("iot", endpoint_url=server.url, region_name="us-east-1", ...)
        client.update_job(jobId="job-1")
    assert normalize(server.requests[0]) == {
        "method": "PATCH", "path": "/jobs/job-1", "query": {}, "body": {}
    }

By default every request is answered ``200`` with the JSON body ``{}``. Pass ``responses`` to script the
answers: either an iterable of :class:`CannedResponse` (consumed one per request, in order; once it is
exhausted the default answer is used again) or a callable that builds the answer from the captured request.
:func:`aws_error` builds an AWS rest-json error answer (``x-amzn-ErrorType`` header plus
``{"message": ...}``).

Nothing listens beyond 127.0.0.1 and nothing is logged to stderr.
"""

from __future__ import annotations

import contextlib
import json
import socket
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

__all__ = [
    "CannedResponse",
    "CaptureServer",
    "CapturedRequest",
    "Responder",
    "ResponseScript",
    "aws_error",
    "capture_server",
    "json_response",
    "normalize",
]


@dataclass(frozen=True)
class CapturedRequest:
    """One request as the server received it.

    ``path`` is the raw request path without the query string (still percent-encoded as sent);
    ``query`` is the parsed query string (blank values kept); ``headers`` has lower-cased names
    (repeated headers are joined with ``", "``); ``body`` is the raw body bytes.
    """

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        """Return the body parsed as JSON, or ``None`` when the body is empty."""
        if not self.body:
            return None
        return json.loads(self.body.decode("utf-8"))


@dataclass(frozen=True)
class CannedResponse:
    """One scripted answer: status code, headers and raw body (``Content-Length`` is added automatically)."""

    status: int = 200
    headers: Mapping[str, str] = field(default_factory=lambda: {"Content-Type": "application/json"})
    body: bytes = b"{}"


Responder = Callable[[CapturedRequest], CannedResponse]
"""Builds the answer to one captured request."""

ResponseScript = Iterable[CannedResponse] | Responder | None
"""What ``capture_server(responses=...)`` accepts."""

DEFAULT_RESPONSE = CannedResponse()
"""``200`` with ``Content-Type: application/json`` and body ``{}``."""


def json_response(payload: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> CannedResponse:
    """Return a canned answer whose body is ``payload`` serialized as JSON."""
    all_headers = {"Content-Type": "application/json"}
    all_headers.update(headers or {})
    return CannedResponse(status=status, headers=all_headers, body=json.dumps(payload).encode("utf-8"))


def aws_error(
    status: int, error_type: str, message: str = "", request_id: str = "00000000-0000-0000-0000-000000000000"
) -> CannedResponse:
    """Return an AWS rest-json error answer, e.g. ``aws_error(404, "ResourceNotFoundException", "no job")``.

    The body is ``{"message": message}``; the error code travels in the ``x-amzn-ErrorType`` header
    (where botocore's rest-json parser looks first), together with ``x-amzn-RequestId``.
    """
    return json_response(
        {"message": message},
        status=status,
        headers={"x-amzn-ErrorType": error_type, "x-amzn-RequestId": request_id},
    )


class CaptureServer:
    """The running server: its base ``url`` and the ``requests`` it has recorded so far, oldest first."""

    def __init__(self, responses: ResponseScript = None) -> None:
        self.requests: list[CapturedRequest] = []
        self.errors: list[BaseException] = []
        self._lock = threading.Lock()
        self._stopped = False
        self._responder: Responder | None = None
        self._queue: Iterator[CannedResponse] | None = None
        if responses is None:
            pass
        elif callable(responses):
            self._responder = responses
        else:
            self._queue = iter(responses)
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.capture = self
        host, port = self._httpd.server_address[:2]
        self.host: str = str(host)
        self.port: int = int(port)
        self.url: str = f"http://{self.host}:{self.port}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="capture-server",
            daemon=True,
        )

    @property
    def last(self) -> CapturedRequest:
        """The most recent request (``IndexError`` when none arrived)."""
        with self._lock:
            return self.requests[-1]

    def clear(self) -> None:
        """Forget the requests recorded so far."""
        with self._lock:
            self.requests.clear()

    def start(self) -> None:
        """Start serving in a daemon thread."""
        self._thread.start()

    def stop(self) -> None:
        """Stop serving, close the listening socket and any kept-alive connections (idempotent)."""
        if self._stopped:
            return
        self._stopped = True
        if self._thread.is_alive():
            self._httpd.shutdown()
        self._httpd.server_close()
        self._httpd.close_connections()
        if self._thread.ident is not None:
            self._thread.join(timeout=5)

    def _record_and_answer(self, request: CapturedRequest) -> CannedResponse:
        with self._lock:
            self.requests.append(request)
            if self._responder is not None:
                responder = self._responder
            else:
                return next(self._queue, DEFAULT_RESPONSE) if self._queue is not None else DEFAULT_RESPONSE
        try:
            return responder(request)
        except Exception as exc:  # surfaced to the test through .errors and a 500 answer
            with self._lock:
                self.errors.append(exc)
            return json_response({"message": f"capture responder failed: {exc!r}"}, status=500)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    capture: CaptureServer

    def server_activate(self) -> None:
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().server_activate()

    def track(self, connection: socket.socket, *, open_: bool) -> None:
        with self._connections_lock:
            if open_:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)

    def close_connections(self) -> None:
        """Shut down the kept-alive client connections so no handler thread outlives the server."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet about clients that went away; report anything else as usual."""
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 10  # idle keep-alive connections are dropped after this many seconds
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: no request log on stderr."""

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection, open_=True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.track(self.connection, open_=False)

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline().strip():  # trailers
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _handle(self) -> None:
        split = urlsplit(self.path)
        headers: dict[str, str] = {}
        for name, value in self.headers.items():
            key = name.lower()
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        request = CapturedRequest(
            method=self.command,
            path=split.path,
            query=parse_qs(split.query, keep_blank_values=True),
            headers=headers,
            body=self._read_body(),
        )
        answer = self.server.capture._record_and_answer(request)
        self.send_response(answer.status)
        for name, value in answer.headers.items():
            if name.lower() != "content-length":
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer.body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _handle


@contextlib.contextmanager
def capture_server(responses: ResponseScript = None) -> Iterator[CaptureServer]:
    """Run a recording HTTP server on 127.0.0.1 (a free port) for the duration of the ``with`` block."""
    server = CaptureServer(responses)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def normalize(request: CapturedRequest) -> dict[str, Any]:
    """Return ``{"method", "path", "query", "body"}`` with the body JSON-parsed (``None`` when empty)."""
    return {
        "method": request.method,
        "path": request.path,
        "query": request.query,
        "body": request.json(),
    }
