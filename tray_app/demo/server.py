"""The demo server: a Hackatime look-alike on loopback, for demos and tests.

Standard library only (``http.server.ThreadingHTTPServer``). It answers
the real paths with the real shapes and auth rules (see ``routes.py``),
records every request so tests can check what a client sent, and can be
told to fail in many ways (see ``faults.py``). It starts in a few
milliseconds: demo days are planned on first use.
"""

from __future__ import annotations

import logging
import socket
import socketserver
import sys
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qsl, urlsplit

from tray_app.demo.data import DEFAULT_GOAL_SECONDS, Heartbeat
from tray_app.demo.faults import FaultPlan, faulty_reply
from tray_app.demo.routes import dispatch
from tray_app.demo.store import DemoStore
from tray_app.demo.web import Context, Reply, Request, framework_error
from tray_app.errors import ConfigError

logger = logging.getLogger(__name__)

#: The demo user's API key (a UUID v4, like real Hackatime keys).
DEMO_API_KEY = "7c3e2f1a-9b4d-4e8f-a6c2-5d1b0e9f3a74"

#: The demo's admin API key, for ``/api/v1/stats`` and the lookups.
DEMO_ADMIN_KEY = "hka_demo_4f9c1e7b2a6d8e03c5b19d72"

# How often the accept loop checks for stop(); bounds stop()'s latency.
_POLL_SECONDS = 0.02
# Request bodies above this are refused (heartbeat POSTs are small).
_MAX_BODY_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class RecordedRequest:
    """A request as it reached the server (header names lower-case)."""

    method: str
    target: str
    path: str
    query: Mapping[str, str]
    headers: Mapping[str, str]
    body: bytes


class DemoServer:
    """A Hackatime-compatible server on loopback with one demo user."""

    def __init__(
        self,
        *,
        api_key: str = DEMO_API_KEY,
        timezone: str = "UTC",
        host: str = "127.0.0.1",
        port: int = 0,
        seed: int = 1,
        now: Callable[[], datetime] | None = None,
        goal_seconds: int | None = DEFAULT_GOAL_SECONDS,
        admin_key: str = DEMO_ADMIN_KEY,
    ) -> None:
        self.api_key = api_key
        self.admin_key = admin_key
        self.store = DemoStore(
            seed=seed, timezone=timezone, now=now, goal_seconds=goal_seconds
        )
        self.faults = FaultPlan()
        self.stopping = threading.Event()
        self._host, self._port = host, port
        self._http: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._requests: list[RecordedRequest] = []

    def __enter__(self) -> DemoServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        """Listen and serve on a background thread."""
        try:
            self._http = _HTTPServer((self._host, self._port), self)
        except OSError as exc:
            raise ConfigError(
                f"The demo server could not listen on {self._host} port "
                f"{self._port} ({exc.strerror or exc}); pick another host or port."
            ) from exc
        self.stopping.clear()
        self._thread = threading.Thread(
            target=self._http.serve_forever,
            kwargs={"poll_interval": _POLL_SECONDS},
            name="demo-server",
            daemon=True,
        )
        self._thread.start()
        logger.debug("Demo server listening on %s", self.url)

    def stop(self) -> None:
        """Stop serving, cut open connections and free the port."""
        http, thread = self._http, self._thread
        if http is None or thread is None:
            return
        self.stopping.set()
        http.shutdown()
        http.close_connections()
        http.server_close()
        thread.join()
        self._http = self._thread = None

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``: the origin to point a client at."""
        if self._http is None:
            raise ConfigError("The demo server is not running; start() it.")
        host, port = self._http.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else str(host)
        return (
            f"http://[{name}]:{port}"
            if ":" in name
            else f"http://{name}:{port}"
        )

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request served so far, oldest first."""
        with self._lock:
            return list(self._requests)

    def add_heartbeats(
        self, items: Iterable[Mapping[str, object]]
    ) -> list[Heartbeat]:
        """Store heartbeats (each needs ``time``); returns the stored rows."""
        return self.store.add_heartbeats(items)

    def add_coding(self, seconds: int) -> None:
        """Raise today's total (in the user's zone) by ``seconds``."""
        self.store.add_coding(seconds)

    def set_timezone(self, timezone: str) -> None:
        """Change the demo user's profile time zone."""
        self.store.set_timezone(timezone)

    def inject(
        self,
        kind: str,
        *,
        count: int | None = None,
        path_prefix: str | None = None,
        **params: object,
    ) -> None:
        """Make matching requests fail; see ``tray_app.demo.faults``."""
        self.faults.inject(
            kind, count=count, path_prefix=path_prefix, params=params
        )

    def clear_faults(self) -> None:
        """Answer normally again."""
        self.faults.clear()

    def record(self, request: RecordedRequest) -> None:
        """Keep a served request for ``requests``."""
        with self._lock:
            self._requests.append(request)


class _HTTPServer(ThreadingHTTPServer):
    """ThreadingHTTPServer that knows its DemoServer and its connections."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], demo: DemoServer) -> None:
        self.demo = demo
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks up the host's FQDN, which can wait
        # on DNS; the demo only needs the address.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def track(self, connection: socket.socket, open_: bool) -> None:
        with self._connections_lock:
            if open_:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)

    def close_connections(self) -> None:
        """Cut keep-alive connections so stop() really stops serving."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def handle_error(self, request: object, client_address: object) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, OSError):
            return  # the client went away; nothing to tell
        logger.exception("Demo server failed on a request")


class _Handler(BaseHTTPRequestHandler):
    """Turns each HTTP request into a Request, and a Reply into bytes."""

    protocol_version = "HTTP/1.1"
    server_version = "hackatime-demo"
    timeout = 30
    server: _HTTPServer

    def setup(self) -> None:
        super().setup()
        # Headers and body are written separately; without NODELAY, Nagle
        # and delayed ACKs add 40 ms to each keep-alive request.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.track(self.connection, True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.track(self.connection, False)

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._handle()

    def do_POST(self) -> None:  # noqa: N802
        self._handle()

    def do_PUT(self) -> None:  # noqa: N802
        self._handle()

    def do_PATCH(self) -> None:  # noqa: N802
        self._handle()

    def do_DELETE(self) -> None:  # noqa: N802
        self._handle()

    def log_request(
        self, code: int | str = "-", size: int | str = "-"
    ) -> None:
        logger.debug(
            "%s %s -> %s", self.command, urlsplit(self.path).path, code
        )

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        logger.debug("Demo server: " + format, *args)

    def _handle(self) -> None:
        demo = self.server.demo
        request = self._request()
        if request is None:
            return
        demo.record(
            RecordedRequest(
                request.method,
                self.path,
                request.path,
                request.query,
                request.headers,
                request.body,
            )
        )

        context = Context(request, demo.store, demo.api_key, demo.admin_key)
        fault = demo.faults.take(request.path)
        if fault is not None and fault.kind == "slow":
            delay = fault.params.get("delay", 5)
            if demo.stopping.wait(
                float(delay) if isinstance(delay, int | float) else 5
            ):
                self.close_connection = True
                return
            fault = None

        if fault is None:
            reply: Reply | None = _answer(context)
        else:
            reply = faulty_reply(
                fault, lambda: _answer(context), demo.store.now()
            )
        if reply is None:
            self.close_connection = True
            return
        self._send(reply)

    def _request(self) -> Request | None:
        length_text = self.headers.get("Content-Length", "0") or "0"
        length = int(length_text) if length_text.isdigit() else -1
        if not 0 <= length <= _MAX_BODY_BYTES:
            self.send_error(413 if length > 0 else 400)
            return None
        body = self.rfile.read(length) if length else b""

        target = urlsplit(self.path)
        return Request(
            method=self.command,
            path=target.path or "/",
            query=dict(parse_qsl(target.query, keep_blank_values=True)),
            headers={
                name.lower(): value for name, value in self.headers.items()
            },
            body=body,
        )

    def _send(self, reply: Reply) -> None:
        try:
            self.send_response(reply.status)
            if reply.content_type:
                self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            self.send_header("Cache-Control", "no-store")
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(reply.body)
        except OSError:
            self.close_connection = True


def _answer(context: Context) -> Reply:
    """The route's reply; an exception becomes Rails' 500 page."""
    try:
        return dispatch(context)
    except Exception:
        logger.exception("Demo route failed for %s", context.request.path)
        return framework_error(context.request, 500)
