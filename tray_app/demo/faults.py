"""Fault injection: make the demo server misbehave the way servers do.

A fault applies to requests whose path starts with ``path_prefix`` (all
requests when None), for ``count`` requests (forever when None). The
first matching fault wins. Kinds and their parameters:

=================== ===========================================================
unauthorized        401 ``{"error":"Unauthorized"}`` (``message``)
forbidden           403 ``{"error":"lmao no perms"}`` (``message``)
not_found           404 ``{"error":"Not found"}`` (``message``)
rate_limited        429 as rack-attack sends it; ``retry_after`` is the
                    Retry-After header as given (seconds, HTTP-date, junk);
                    None leaves the header out
busy                503 ``{"error":"Leaderboard is being generated"}``
                    (``message``, optional ``retry_after``)
accepted            202 ``{}`` (a server still computing)
server_error_html   500 HTML page
bad_gateway_html    502 HTML page, as a proxy in front would send
html_200            200 HTML page
slow                wait ``delay`` seconds (default 5), then answer normally
malformed_json      200 application/json that is not JSON
truncated_json      the normal JSON answer cut in half
wrong_types         the normal answer with every ``total_seconds`` and
                    ``time`` replaced by ``value`` (default "lots")
huge_body           200 JSON list of ``size`` bytes (default 5 MB)
redirect            ``status`` (default 302) to ``location``
drop                close the connection without answering
=================== ===========================================================
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from tray_app.demo.web import (
    JSON_TYPE,
    Reply,
    error_reply,
    html_reply,
    json_reply,
    redirect_reply,
)

KINDS = frozenset(
    {
        "unauthorized",
        "forbidden",
        "not_found",
        "rate_limited",
        "busy",
        "accepted",
        "server_error_html",
        "bad_gateway_html",
        "html_200",
        "slow",
        "malformed_json",
        "truncated_json",
        "wrong_types",
        "huge_body",
        "redirect",
        "drop",
    }
)

_HUGE_FILLER = b'{"filler":"' + b"x" * 1000 + b'"},'


@dataclass
class Fault:
    """One injected fault and how many more requests it applies to."""

    kind: str
    remaining: int | None = None
    path_prefix: str | None = None
    params: dict[str, object] = field(default_factory=dict)


class FaultPlan:
    """The faults waiting for requests, thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def inject(
        self,
        kind: str,
        *,
        count: int | None = None,
        path_prefix: str | None = None,
        params: dict[str, object] | None = None,
    ) -> None:
        """Add a fault; an unknown kind is a mistake in the caller."""
        if kind not in KINDS:
            known = ", ".join(sorted(KINDS))
            raise ValueError(
                f"Unknown fault kind {kind!r}; use one of {known}."
            )
        fault = Fault(kind, count, path_prefix, dict(params or {}))
        with self._lock:
            self._faults.append(fault)

    def clear(self) -> None:
        """Remove every fault."""
        with self._lock:
            self._faults.clear()

    def take(self, path: str) -> Fault | None:
        """The fault for a request to ``path``, counting it as used."""
        with self._lock:
            for fault in self._faults:
                if fault.path_prefix and not path.startswith(
                    fault.path_prefix
                ):
                    continue
                if fault.remaining is not None:
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self._faults.remove(fault)
                return fault
        return None


def faulty_reply(
    fault: Fault, normal: Callable[[], Reply], now: datetime
) -> Reply | None:
    """The reply a fault gives instead of ``normal()``; None drops it.

    ``slow`` is not handled here: the server waits, then answers normally.
    """
    kind, params = fault.kind, fault.params
    message = params.get("message")
    if kind == "drop":
        return None
    if kind == "unauthorized":
        return error_reply(401, str(message or "Unauthorized"))
    if kind == "forbidden":
        return error_reply(403, str(message or "lmao no perms"))
    if kind == "not_found":
        return error_reply(404, str(message or "Not found"))
    if kind == "rate_limited":
        return _rate_limited(params.get("retry_after", "60"), now)
    if kind == "busy":
        reply = error_reply(
            503, str(message or "Leaderboard is being generated")
        )
        if params.get("retry_after") is not None:
            reply.headers["Retry-After"] = str(params["retry_after"])
        return reply
    if kind == "accepted":
        return json_reply(202, {})
    if kind == "server_error_html":
        return html_reply(500, "We're sorry, but something went wrong", "500")
    if kind == "bad_gateway_html":
        return html_reply(502, "502 Bad Gateway", "nginx")
    if kind == "html_200":
        return html_reply(200, "Hackatime", "Sign in to continue.")
    if kind == "malformed_json":
        return Reply(200, b'{"data": {"grand_total": [1, 2,, }', JSON_TYPE)
    if kind == "huge_body":
        return _huge(_int(params.get("size"), 5_000_000))
    if kind == "redirect":
        location = str(params.get("location", "https://example.invalid/"))
        return redirect_reply(_int(params.get("status"), 302), location)

    reply = normal()
    if kind == "truncated_json":
        reply.body = reply.body[: len(reply.body) // 2]
    elif kind == "wrong_types" and reply.document is not None:
        value = params.get("value", "lots")
        spoiled = _replace_numbers(reply.document, value)
        reply = json_reply(reply.status, spoiled, reply.headers)
    return reply


def _rate_limited(retry_after: object, now: datetime) -> Reply:
    """rack-attack's throttled response (``config/initializers``)."""
    reset = now.astimezone(UTC).replace(microsecond=0) + timedelta(seconds=60)
    reply = json_reply(
        429,
        {
            "error": "Rate limit exceeded",
            "message": "Woah there, way too fast, take a chill pill speedy "
            "gonzales!",
            "retry_after": 60,
            "reset_at": reset.isoformat().replace("+00:00", "Z"),
        },
    )
    reply.headers.update(
        {
            "X-RateLimit-Limit": "300",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": str(int(reset.timestamp())),
            "X-RateLimit-Reset-At": format_datetime(reset, usegmt=True),
        }
    )
    if retry_after is not None:
        reply.headers["Retry-After"] = str(retry_after)
    return reply


def _huge(size: int) -> Reply:
    count = max(size // len(_HUGE_FILLER), 1)
    body = b"[" + _HUGE_FILLER * count + b'{"filler":""}]'
    return Reply(200, body, JSON_TYPE)


def _replace_numbers(document: object, value: object) -> object:
    """A copy with every ``total_seconds`` and ``time`` set to ``value``."""
    if isinstance(document, dict):
        return {
            key: value
            if key in ("total_seconds", "time")
            else _replace_numbers(item, value)
            for key, item in document.items()
        }
    if isinstance(document, list):
        return [_replace_numbers(item, value) for item in document]
    return document


def _int(value: object, default: int) -> int:
    return value if isinstance(value, int) else default
