"""Fixtures for the HTTP layer: demo servers, clients and a test proxy.

Every server runs on 127.0.0.1 at an ephemeral port and is stopped at the
end of its test. The clock of the demo is fixed, so totals are the same
on every run.
"""

from __future__ import annotations

import http.client
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from tray_app.address import parse_server_address
from tray_app.client import DEFAULT_MAX_RESPONSE_BYTES, HackatimeClient
from tray_app.demo import DemoServer

#: The demo's "now": a Monday afternoon, UTC.
FIXED_NOW = datetime(2025, 12, 15, 15, 30, tzinfo=UTC)

ClientFactory = Callable[..., HackatimeClient]


@pytest.fixture
def fixed_now() -> datetime:
    """The demo servers' fixed clock."""
    return FIXED_NOW


@pytest.fixture
def demo() -> Iterator[DemoServer]:
    """A demo server in UTC with the clock fixed at ``FIXED_NOW``."""
    with DemoServer(now=lambda: FIXED_NOW) as server:
        yield server


@pytest.fixture
def elsewhere() -> Iterator[DemoServer]:
    """A second loopback server that records whatever reaches it."""
    with DemoServer(now=lambda: FIXED_NOW) as server:
        yield server


@pytest.fixture
def make_client() -> Iterator[ClientFactory]:
    """Build clients for a server URL; all are closed after the test."""
    clients: list[HackatimeClient] = []

    def make(
        url: str,
        api_key: str | None,
        *,
        timeout: float = 5.0,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> HackatimeClient:
        client = HackatimeClient(
            parse_server_address(url),
            api_key,
            timeout=timeout,
            max_response_bytes=max_response_bytes,
        )
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def client(demo: DemoServer, make_client: ClientFactory) -> HackatimeClient:
    """A client of ``demo`` with the demo user's key."""
    return make_client(demo.url, demo.api_key)


@pytest.fixture
def admin_client(
    demo: DemoServer, make_client: ClientFactory
) -> HackatimeClient:
    """A client of ``demo`` with the demo's admin key."""
    return make_client(demo.url, demo.admin_key)


class RecordingProxy:
    """A forward proxy on loopback that records what clients ask of it.

    Absolute-URI requests (plain http through a proxy) are forwarded to
    their target and answered; CONNECT (https through a proxy) is
    recorded and refused with 403, so no TLS is needed to prove the
    client went through the proxy.
    """

    def __init__(self) -> None:
        self.request_lines: list[str] = []
        self.headers: list[dict[str, str]] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.02},
            daemon=True,
        )

    @property
    def url(self) -> str:
        """The proxy's address, as HTTP_PROXY / HTTPS_PROXY take it."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> None:
        """Serve on a background thread."""
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and free the port."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                """Stay quiet."""

            def _record(self) -> None:
                proxy.request_lines.append(self.requestline)
                proxy.headers.append(
                    {
                        name.lower(): value
                        for name, value in self.headers.items()
                    }
                )

            def do_CONNECT(self) -> None:  # noqa: N802
                self._record()
                self.send_response(403, "Forbidden by the test proxy")
                self.send_header("Content-Length", "0")
                self.end_headers()
                self.close_connection = True

            def do_GET(self) -> None:  # noqa: N802
                self._record()
                target = urlsplit(self.path)
                forwarded = {
                    name: value
                    for name, value in self.headers.items()
                    if name.lower() not in ("proxy-connection", "connection")
                }
                upstream = http.client.HTTPConnection(
                    target.hostname or "127.0.0.1",
                    target.port or 80,
                    timeout=5,
                )
                try:
                    path = target.path + (
                        f"?{target.query}" if target.query else ""
                    )
                    upstream.request("GET", path, headers=forwarded)
                    answer = upstream.getresponse()
                    body = answer.read()
                    self.send_response(answer.status)
                    for name, value in answer.getheaders():
                        if name.lower() not in (
                            "connection",
                            "transfer-encoding",
                        ):
                            self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(body)
                finally:
                    upstream.close()

        return Handler


@pytest.fixture
def proxy() -> Iterator[RecordingProxy]:
    """A recording forward proxy on loopback."""
    recording = RecordingProxy()
    recording.start()
    yield recording
    recording.stop()
