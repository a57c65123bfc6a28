"""Requests and replies of the demo server, and the Rails-style errors.

The handlers build :class:`Reply` values; only ``server.py`` touches
sockets. Framework errors (unknown route, uncaught exception) answer JSON
only to ``Accept: application/json`` and an HTML page otherwise, as Rails'
``ErrorsController`` does.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tray_app.demo.store import DemoStore

JSON_TYPE = "application/json; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"
TEXT_TYPE = "text/plain; charset=utf-8"

_FRAMEWORK_ERRORS = {
    400: ("Bad Request", "The request could not be understood."),
    404: (
        "Page Not Found",
        "The page you were looking for doesn't exist. You may have mistyped "
        "the address or the page may have moved.",
    ),
    500: (
        "Internal Server Error",
        "We're sorry, but something went wrong on our end.",
    ),
}


@dataclass(frozen=True)
class Request:
    """One request as the handlers see it (path not yet unquoted)."""

    method: str
    path: str
    query: Mapping[str, str]
    headers: Mapping[str, str]  # lower-case names
    body: bytes = b""

    def header(self, name: str) -> str | None:
        """A header by name, any case."""
        return self.headers.get(name.lower())

    def wants_json(self) -> bool:
        """Rails' negotiation: JSON only if asked for without ``*/*``."""
        accept = self.header("accept") or ""
        return "application/json" in accept and "*/*" not in accept


@dataclass(frozen=True)
class Context:
    """What a route handler may use: the request, the data and the keys."""

    request: Request
    store: DemoStore
    api_key: str
    admin_key: str

    @property
    def origin(self) -> str:
        """``http://host:port`` as the client addressed this server."""
        return "http://" + (self.request.header("host") or "127.0.0.1")


@dataclass
class Reply:
    """An answer to write; ``document`` keeps the JSON for fault rewrites."""

    status: int
    body: bytes = b""
    content_type: str | None = JSON_TYPE
    headers: dict[str, str] = field(default_factory=dict)
    document: object = None


def json_reply(
    status: int, document: object, headers: dict[str, str] | None = None
) -> Reply:
    """A JSON answer, serialised compactly like Rails."""
    body = json.dumps(document, separators=(",", ":")).encode("utf-8")
    return Reply(status, body, JSON_TYPE, dict(headers or {}), document)


def error_reply(status: int, message: str, **extra: object) -> Reply:
    """An application error: ``{"error": message, ...}``."""
    return json_reply(status, {"error": message, **extra})


def unauthorized() -> Reply:
    """``render_unauthorized``: 401 ``{"error":"Unauthorized"}``."""
    return error_reply(401, "Unauthorized")


def text_reply(status: int, text: str) -> Reply:
    """A text/plain answer (``/api/v1/stats``)."""
    return Reply(status, text.encode("utf-8"), TEXT_TYPE)


def html_reply(status: int, title: str, text: str) -> Reply:
    """A small HTML page, like the real server's Inertia pages."""
    page = (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head><body>"
        f"<h1>{escape(title)}</h1><p>{escape(text)}</p></body></html>"
    )
    return Reply(status, page.encode("utf-8"), HTML_TYPE)


def redirect_reply(status: int, location: str) -> Reply:
    """A Rails redirect: Location plus a tiny HTML body."""
    reply = html_reply(
        status, "Redirecting", f"You are being redirected to {location}"
    )
    reply.headers["Location"] = location
    return reply


def framework_error(request: Request, status: int) -> Reply:
    """Rails' exceptions app: JSON for Accept: application/json, else HTML."""
    title, message = _FRAMEWORK_ERRORS.get(status, _FRAMEWORK_ERRORS[500])
    if request.wants_json():
        return json_reply(
            status, {"error": title, "message": message, "status": status}
        )
    return html_reply(status, title, message)
