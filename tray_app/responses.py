"""What an HTTP answer from the server means, without any HTTP library.

``client.py`` hands over the status, headers and body; this module picks
the ``tray_app.errors`` class and writes the sentence. Server-provided
text is included only when short, printable and free of the API key.
"""

from __future__ import annotations

import base64
import json
import math
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from tray_app.address import ServerAddress
from tray_app.errors import (
    ApiError,
    BadResponseError,
    KeyRejectedError,
    NotFoundError,
    RateLimitedError,
    ServerBusyError,
    ServerError,
)

RETRY_AFTER_MIN = 1.0
RETRY_AFTER_MAX = 3600.0
RETRY_AFTER_DEFAULT = 60.0

# Error bodies larger than this are not searched for a message.
_DETAIL_MAX_BODY = 64 * 1024
_DETAIL_MAX_CHARS = 120

HTML_MESSAGE = (
    "The server answered with a web page instead of data. Check that the "
    "server address points to a Hackatime server (the address of the site, "
    "or its /api/hackatime/v1 URL)."
)


def secret_forms(api_key: str | None) -> tuple[str, ...]:
    """The key as sent and base64-encoded: text no message may contain."""
    if not api_key:
        return ()
    encoded = base64.b64encode(api_key.encode("utf-8")).decode("ascii")
    return (api_key, encoded)


def is_html(content_type: str) -> bool:
    """Whether a Content-Type names a web page."""
    return "html" in content_type.lower()


def decode_json(content_type: str, body: bytes) -> object:
    """The JSON document in a 200 answer; BadResponseError otherwise."""
    if is_html(content_type):
        raise BadResponseError(HTML_MESSAGE)
    if "json" not in content_type.lower():
        raise BadResponseError(
            "The server's answer was not JSON data. Check that the server "
            "address points to a Hackatime server."
        )

    try:
        return json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise BadResponseError(
            "The server's answer was not valid JSON (cut short or malformed). "
            "Try again later; if it keeps happening, check that the server "
            "address points to a Hackatime server."
        ) from exc


def error_for_status(
    status: int,
    *,
    content_type: str,
    body: bytes,
    headers: dict[str, str],
    address: ServerAddress,
    secrets: tuple[str, ...],
    now: datetime,
) -> ApiError:
    """The error for an answer whose status is not 200.

    ``headers`` needs only ``retry-after`` and ``location`` (lower-case).
    """
    detail = _server_detail(content_type, body, secrets)
    said = f"HTTP {status}: {detail}" if detail else f"HTTP {status}"
    if 300 <= status < 400:
        target = _redirect_target(headers.get("location"), secrets)
        return BadResponseError(
            f"The server sent the request elsewhere{target} ({said}), and "
            "the app does not follow redirects. The server address is "
            "probably wrong; check it (https://, host name and path).",
            status_code=status,
        )
    if status == 401:
        return KeyRejectedError(
            f"The server rejected the API key ({said}). Copy your key from "
            f"{address.api_key_url} and set it again ('hackatime-tray "
            "login', or HACKATIME_API_KEY if you set the key there).",
            status_code=status,
        )
    if status == 403:
        return KeyRejectedError(
            f"The server refused access ({said}). Check that the API key is "
            "yours and may read this data ('hackatime-tray login' changes "
            "a stored key).",
            status_code=status,
        )
    if status == 404:
        return NotFoundError(
            f"The server has no such page or user ({said}). Check the server "
            "address and the name you asked for.",
            status_code=status,
        )
    if status == 429:
        wait = parse_retry_after(
            headers.get("retry-after") or _body_retry_after(body), now
        )
        return RateLimitedError(
            f"The server asked the app to slow down ({said}). Wait "
            f"{wait:g} seconds; the app waits by itself.",
            retry_after=wait,
            status_code=status,
        )
    if status in (202, 503):
        header = headers.get("retry-after")
        return ServerBusyError(
            f"The server is busy preparing the answer ({said}). Try again in "
            "a minute; the app retries by itself.",
            retry_after=None
            if header is None
            else parse_retry_after(header, now),
            status_code=status,
        )
    if status >= 500:
        return ServerError(
            f"The server failed ({said}). Try again later; the app retries "
            "by itself.",
            status_code=status,
        )
    return BadResponseError(
        f"The server did not accept the request ({said}). Check the values "
        "you asked for and the server address.",
        status_code=status,
    )


def parse_retry_after(value: str | None, now: datetime) -> float:
    """Seconds to wait from a ``Retry-After`` value (seconds or HTTP-date).

    The result lies in [1, 3600]. An absent or unreadable value, or a
    negative or non-finite number, gives 60; a date in the past gives 1.
    A naive ``now`` is taken as UTC.
    """
    text = (value or "").strip()
    if not text:
        return RETRY_AFTER_DEFAULT

    seconds: float | None
    try:
        seconds = float(text)
    except ValueError:
        seconds = _seconds_until(text, now)
    else:
        if not math.isfinite(seconds) or seconds < 0:
            seconds = None

    if seconds is None:
        return RETRY_AFTER_DEFAULT
    return min(max(seconds, RETRY_AFTER_MIN), RETRY_AFTER_MAX)


def _seconds_until(http_date: str, now: datetime) -> float | None:
    """Seconds from ``now`` to an HTTP-date, or None if it is not one."""
    try:
        moment = parsedate_to_datetime(http_date)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return (moment - now).total_seconds()


def _body_retry_after(body: bytes) -> str | None:
    """``retry_after`` of a rack-attack JSON body, for a missing header."""
    try:
        answer = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if not isinstance(answer, dict):
        return None
    value = answer.get("retry_after")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _server_detail(
    content_type: str, body: bytes, secrets: tuple[str, ...]
) -> str | None:
    """The server's short ``error`` text from a JSON body, if safe to show.

    Only JSON bodies count (HTML error pages say nothing useful); the text
    is shortened, and dropped if it contains any form of the key.
    """
    if "json" not in content_type.lower() or len(body) > _DETAIL_MAX_BODY:
        return None
    try:
        answer = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if not isinstance(answer, dict):
        return None
    error = answer.get("error")
    if not isinstance(error, str):
        return None

    text = " ".join("".join(c for c in error if c.isprintable()).split())
    if not text or _contains_secret(text, secrets):
        return None
    if len(text) > _DETAIL_MAX_CHARS:
        text = text[: _DETAIL_MAX_CHARS - 1] + "…"
    return text


def _redirect_target(location: str | None, secrets: tuple[str, ...]) -> str:
    """``" (to https://host)"`` for a redirect's Location, or "" if unsafe."""
    if not location:
        return ""
    try:
        parts = urlsplit(location)
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    if "@" in parts.netloc:
        return ""

    origin = f"{parts.scheme}://{parts.netloc}"
    if not origin.isprintable() or _contains_secret(origin, secrets):
        return ""
    return f" (to {origin})"


def _contains_secret(text: str, secrets: tuple[str, ...]) -> bool:
    folded = text.casefold()
    return any(secret.casefold() in folded for secret in secrets if secret)
