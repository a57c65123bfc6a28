"""Public and admin endpoints of ``/api/v1``: boards, trust, lookups.

Leaderboards and trust factors need no key. ``/api/v1/stats`` and the
lookups want the admin key as Bearer, and nothing else. Leaderboard
windows are UTC: daily is the last 24 hours, weekly seven UTC days.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, time, timedelta

from tray_app.demo import formats
from tray_app.demo.auth import is_admin
from tray_app.demo.data import (
    ALL_USERS,
    DEMO_USER,
    DemoUser,
    Heartbeat,
    duration_seconds,
    find_user,
    public_trust,
)
from tray_app.demo.web import (
    Context,
    Reply,
    error_reply,
    json_reply,
    text_reply,
    unauthorized,
)

_BROWSER_EDITORS = frozenset({"firefox", "chrome", "edge", "safari", "arc"})


def global_stats(ctx: Context, _: Mapping[str, str]) -> Reply:
    """Seconds over all users as text/plain (admin key only)."""
    if not is_admin(ctx.request, ctx.admin_key):
        return unauthorized()

    query, now = ctx.request.query, ctx.store.now().astimezone(UTC)
    window = []
    for name, default in (
        ("start_date", now.date() - timedelta(days=3652)),
        ("end_date", now.date()),
    ):
        day = formats.strict_date(query[name]) if name in query else default
        if day is None:
            return error_reply(422, f"Invalid {name}")
        window.append(day)
    start = datetime.combine(window[0], time(), UTC).timestamp()
    end = datetime.combine(window[1], time.max, UTC).timestamp()

    user: DemoUser | None = DEMO_USER
    if "username" in query:
        user = find_user(query["username"])
    elif "user_email" in query:
        user = next(
            (u for u in ALL_USERS if u.email == query["user_email"]), None
        )
    if user is None:
        return error_reply(404, "User not found")
    beats = ctx.store.between(start, end) if user is DEMO_USER else []
    return text_reply(200, str(duration_seconds(beats)))


def trust_factor(ctx: Context, params: Mapping[str, str]) -> Reply:
    """Public trust level; yellow never shows (masked to blue)."""
    user = find_user(params["user"])
    if user is None:
        return error_reply(404, "User not found")
    return json_reply(200, public_trust(user))


def lookup_email(ctx: Context, params: Mapping[str, str]) -> Reply:
    """The id for an exact email (admin key only)."""
    if not is_admin(ctx.request, ctx.admin_key):
        return unauthorized()
    email = params["email"]
    user = next((u for u in ALL_USERS if u.email == email), None)
    if user is None:
        return error_reply(404, "User not found", email=email)
    return json_reply(200, {"user_id": user.id, "email": email})


def lookup_slack_uid(ctx: Context, params: Mapping[str, str]) -> Reply:
    """The id for a Slack UID (admin key only)."""
    if not is_admin(ctx.request, ctx.admin_key):
        return unauthorized()
    uid = params["uid"]
    user = next((u for u in ALL_USERS if u.slack_uid == uid), None)
    if user is None:
        return error_reply(404, "User not found", slack_uid=uid)
    return json_reply(200, {"user_id": user.id, "slack_uid": uid})


def leaderboard(ctx: Context, params: Mapping[str, str]) -> Reply:
    """The public daily (last 24 h) or weekly (7 UTC days) board."""
    now = ctx.store.now().astimezone(UTC)
    weekly = params.get("period") == "weekly"
    if weekly:
        first_day = now.date() - timedelta(days=6)
        start = datetime.combine(first_day, time(), UTC).timestamp()
        end = datetime.combine(now.date(), time.max, UTC).timestamp()
        date_range = f"{first_day:%b %d} - {now:%b %d, %Y}"
    else:
        start, end, date_range = (
            now.timestamp() - 86400,
            now.timestamp(),
            "Last 24 hours",
        )

    board = []
    for user in ALL_USERS:
        if user.trust_level == "red":
            continue
        if user is DEMO_USER:
            seconds = _leaderboard_seconds(ctx.store.between(start, end))
        else:
            seconds = user.weekly_seconds if weekly else user.daily_seconds
        if seconds > 60:
            board.append((seconds, user))
    board.sort(key=lambda pair: -pair[0])

    entries = [
        {
            "rank": rank,
            "user": {"id": user.id, "username": user.display_name,
                     "avatar_url": user.avatar_url},
            "total_seconds": seconds,
        }
        for rank, (seconds, user) in enumerate(board, start=1)
    ]  # fmt: skip
    return json_reply(
        200,
        {
            "period": "last_7_days" if weekly else "daily",
            "start_date": now.date().isoformat(),
            "date_range": date_range,
            "generated_at": formats.iso_z(
                now.replace(second=0, microsecond=0)
            ),
            "entries": entries,
        },
    )


def oauth_only(ctx: Context, _: Mapping[str, str]) -> Reply:
    """``/api/v1/authenticated/*``: Doorkeeper's 401 with no body."""
    return Reply(
        401,
        b"",
        None,
        {
            "WWW-Authenticate": 'Bearer realm="Doorkeeper", error="invalid_token"'
        },
    )


def _leaderboard_seconds(beats: list[Heartbeat]) -> int:
    """Coding time from editors (not browsers), placeholders left out."""
    return duration_seconds(
        b
        for b in beats
        if b.get("category") == "coding"
        and b.get("editor") not in _BROWSER_EDITORS
        and b.get("project") != "<<LAST_PROJECT>>"
    )
