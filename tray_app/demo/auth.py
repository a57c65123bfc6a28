"""Who is calling, by the real server's rules for each endpoint group.

From ``user_api_authentication.rb``: the Authorization header is split at
the first run of whitespace into a case-insensitive scheme and a token.
A Bearer header is the only credential tried when Bearer is allowed, even
if empty or wrong (no fallback to ``?api_key=``). Basic must be the
strict base64 of the bare key. ``?api_key=`` counts only where allowed.
"""

from __future__ import annotations

import base64
import binascii
import re
from enum import Enum

from tray_app.demo.web import Request


class Group(Enum):
    """Endpoint groups that share one set of credential sources."""

    WAKATIME = "wakatime"  # /api/hackatime/v1/*: Bearer, Basic, ?api_key=
    MY = "my"  # /api/v1/my/*: Bearer, Basic
    STATS = "stats"  # /api/v1/users/*/stats: Bearer only, optional
    ADMIN = "admin"  # admin key as Bearer only


_SOURCES = {
    Group.WAKATIME: (True, True),
    Group.MY: (True, False),
    Group.STATS: (False, False),
    Group.ADMIN: (False, False),
}


def credential(request: Request, group: Group) -> str | None:
    """The token the server would look up for this group, if any."""
    basic_allowed, query_allowed = _SOURCES[group]
    header = (request.header("authorization") or "").strip()
    if header:
        scheme, _, token = _split(header)
        if scheme == "bearer":
            return token
        if basic_allowed and scheme == "basic":
            return _strict_base64(token)
    if query_allowed:
        return request.query.get("api_key")
    return None


def is_user(request: Request, group: Group, api_key: str) -> bool:
    """Whether the request carries the demo user's key for this group."""
    token = credential(request, group)
    return bool(token) and token == api_key


def is_admin(request: Request, admin_key: str) -> bool:
    """Whether the request carries the admin key as Bearer."""
    token = credential(request, Group.ADMIN)
    return bool(token) and token == admin_key


def _split(header: str) -> tuple[str, str, str]:
    parts = re.split(r"\s+", header, maxsplit=1)
    token = parts[1] if len(parts) > 1 else ""
    return parts[0].lower(), " ", token


def _strict_base64(token: str) -> str | None:
    """Ruby's ``Base64.strict_decode64`` then UTF-8, or None.

    Python's decoder forgives excess padding; only a token that encodes
    back to itself counts as strict.
    """
    try:
        raw = base64.b64decode(token, validate=True)
        text = raw.decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    if base64.b64encode(raw).decode("ascii") != token:
        return None
    return text
