"""``/api/hackatime/v1``: the WakaTime-compatible endpoints of the demo.

The ``{id}`` path segment is ignored, as on the real server: the user
always comes from the credentials (Bearer, Basic or ``?api_key=``).
Shapes follow ``app/controllers/api/hackatime/v1/hackatime_controller.rb``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tray_app.demo import formats
from tray_app.demo.auth import Group, is_user
from tray_app.demo.data import (
    DEMO_USER,
    Heartbeat,
    duration_seconds,
    grouped_durations,
)
from tray_app.demo.web import (
    Context,
    Reply,
    error_reply,
    framework_error,
    json_reply,
    redirect_reply,
    unauthorized,
)

MAX_SUMMARY_DAYS = 366
MAX_BULK_HEARTBEATS = 100

# HEARTBEAT_KEYS in the controller: anything else in a POST is ignored.
_HEARTBEAT_KEYS = frozenset(
    "entity type time project branch language category is_write lineno "
    "cursorpos lines line_additions line_deletions project_root_count "
    "dependencies editor operating_system machine user_agent plugin "
    "created_at ai_model ai_session ai_subscription_plan ai_input_tokens "
    "ai_output_tokens ai_prompt_length ai_line_changes "
    "human_line_changes".split()
)

_USER_AGENT = re.compile(
    r"^wakatime/\S+ \((?P<os>[a-z]+)[^)]*\).*?(?P<editor>[a-z0-9_]+)-wakatime/",
    re.IGNORECASE,
)

_WEEK_LISTS = (
    ("editors", "editor", formats.editor_name),
    ("languages", "language", lambda name: name or "Unknown"),
    ("machines", "machine", lambda name: name or "Unknown"),
    ("projects", "project", lambda name: name or "Unknown"),
    ("operating_systems", "operating_system", formats.system_name),
)


def statusbar_today(ctx: Context, _: Mapping[str, str]) -> Reply:
    """Today's total in the user's zone, with the goal when one is set."""
    if not is_user(ctx.request, Group.WAKATIME, ctx.api_key):
        return unauthorized()

    store = ctx.store
    start, end = store.day_bounds(store.today(), store.zone)
    total = duration_seconds(store.between(start, end))
    goal = store.goal_seconds
    data: dict[str, object] = {
        "grand_total": {
            "text": formats.statusbar_text(total, goal),
            "total_seconds": total,
        }
    }
    if goal:
        data["goal"] = {
            "target_seconds": goal,
            "tracked_seconds": total,
            "completion_percent": min(100, int(total * 100 / goal + 0.5)),
            "complete": total >= goal,
        }
    return json_reply(200, {"data": data})


def profile(ctx: Context, _: Mapping[str, str]) -> Reply:
    """``users/{id}``: the key's user; ``id`` is a string."""
    if not is_user(ctx.request, Group.WAKATIME, ctx.api_key):
        return unauthorized()
    user = DEMO_USER
    data = {
        "id": str(user.id),
        "username": user.username,
        "display_name": user.display_name,
        "full_name": "Orpheus the Dinosaur",
        "photo": user.avatar_url,
        "timezone": ctx.store.zone.key,
        "created_at": "2024-06-01T12:00:00Z",
        "modified_at": "2025-01-15T09:30:00Z",
        "plan": "free",
    }
    return json_reply(200, {"data": data})


def last_7_days(ctx: Context, _: Mapping[str, str]) -> Reply:
    """Eight local days (7 days ago to today) with prettified breakdowns."""
    if not is_user(ctx.request, Group.WAKATIME, ctx.api_key):
        return unauthorized()

    store, zone = ctx.store, ctx.store.zone
    today = store.today()
    first = datetime.combine(today - timedelta(days=7), time(), zone)
    last = datetime.combine(today + timedelta(days=1), time(), zone)
    beats = store.between(int(first.timestamp()), int(last.timestamp()) - 1)
    total = duration_seconds(beats)
    days = len({_local_day(beat, zone) for beat in beats})
    average = round(total / days, 1) if days else 0

    data: dict[str, object] = {
        "username": DEMO_USER.slack_uid,
        "user_id": DEMO_USER.slack_uid,
        "start": first.isoformat(),
        "end": (last - timedelta(seconds=1)).isoformat(),
        "status": "ok",
        "total_seconds": total,
        "daily_average": average,
        "days_including_holidays": days,
        "range": "last_7_days",
        "human_readable_range": "Last 7 Days",
        "human_readable_total": formats.hrs_mins(total),
        "human_readable_daily_average": formats.hrs_mins(int(average)),
        "is_coding_activity_visible": True,
        "is_other_usage_visible": True,
        "categories": [_week_item("coding", total, total)] if beats else [],
    }
    for key, column, pretty in _WEEK_LISTS:
        totals = grouped_durations(beats, column)
        items = [
            _week_item(pretty(name), secs, total)
            for name, secs in totals.items()
        ]
        data[key] = sorted(
            items, key=lambda item: -_int(item["total_seconds"])
        )
    return json_reply(200, {"data": data})


def summaries(ctx: Context, _: Mapping[str, str]) -> Reply:
    """Daily summaries for strict, inclusive ``start``..``end`` dates."""
    if not is_user(ctx.request, Group.WAKATIME, ctx.api_key):
        return unauthorized()

    query = ctx.request.query
    start = formats.strict_date(query.get("start", ""))
    end = formats.strict_date(query.get("end", ""))
    if start is None or end is None:
        return error_reply(
            400, "start and end must be valid dates in YYYY-MM-DD format"
        )
    if end < start:
        return error_reply(400, "end must not be before start")
    if (end - start).days >= MAX_SUMMARY_DAYS:
        return error_reply(400, "date range cannot exceed 366 days")
    try:
        zone = ZoneInfo(query.get("timezone") or ctx.store.zone.key)
    except (ZoneInfoNotFoundError, ValueError):
        return error_reply(400, "Invalid timezone")

    project = query.get("project")
    days = [
        _summary_day(ctx, start + timedelta(days=n), zone, project)
        for n in range((end - start).days + 1)
    ]
    total = sum(
        _int(_as_dict(day["grand_total"])["total_seconds"]) for day in days
    )
    active = sum(
        1 for day in days if _as_dict(day["grand_total"])["total_seconds"]
    )
    average = total // len(days)
    return json_reply(
        200,
        {
            "data": days,
            "cumulative_total": {
                "hours": total // 3600,
                "minutes": total % 3600 // 60,
                "seconds": total,
                "digital": formats.digital(total),
                "decimal": formats.decimal_hours(total),
                "text": formats.hms_text(total, zero="0s"),
            },
            "daily_average": {
                "holidays": len(days) - active,
                "days_including_holidays": len(days),
                "days_minus_holidays": active,
                "seconds": average,
                "seconds_including_other_language": average,
                "text": formats.hms_text(average, zero="0s"),
                "text_including_other_language": formats.hms_text(
                    average, zero="0s"
                ),
            },
            "start": start.isoformat(),
            "end": end.isoformat(),
        },
    )


def push_heartbeats(ctx: Context, params: Mapping[str, str]) -> Reply:
    """POST one heartbeat (202) or up to 100 with ``.bulk`` (201)."""
    if not is_user(ctx.request, Group.WAKATIME, ctx.api_key):
        return unauthorized()
    bulk = params.get("format") == ".bulk"

    if not ctx.request.body.strip():
        return error_reply(400, "No data provided")
    try:
        payload = json.loads(ctx.request.body)
    except ValueError:
        return framework_error(ctx.request, 400)
    items = _heartbeat_items(payload)
    if items is None:
        return error_reply(400, "No data provided")
    if not bulk:
        items = items[:1]
    elif len(items) > MAX_BULK_HEARTBEATS:
        return error_reply(
            400, "Too many heartbeats in a single request (max 100)"
        )

    results = [_ingest(ctx, item) for item in items]
    if not bulk:
        body, status = results[0]
        return json_reply(202 if status == 201 else status, body)
    return json_reply(
        201, {"responses": [[body, status] for body, status in results]}
    )


def root_redirect(ctx: Context, _: Mapping[str, str]) -> Reply:
    """``/api/hackatime/v1`` and ``/hackatime/v1`` send browsers home."""
    return redirect_reply(302, ctx.origin + "/")


def _summary_day(
    ctx: Context, day: date, zone: ZoneInfo, project: str | None
) -> dict[str, object]:
    start, end = ctx.store.day_bounds(day, zone)
    beats = ctx.store.between(start, end)
    if project is not None:
        beats = [beat for beat in beats if beat.get("project") == project]
    total = duration_seconds(beats)
    projects = [
        {**_summary_total(secs), "name": name or "Other",
         "percent": formats.percent(secs, total) or 0.0}
        for name, secs in grouped_durations(beats, "project").items()
    ]  # fmt: skip
    today = ctx.store.now().astimezone(zone).date()
    if day == today:
        label = "Today"
    elif day == today - timedelta(days=1):
        label = "Yesterday"
    else:
        label = f"{day:%B} {day.day}, {day.year}"

    empty: list[object] = []
    return {
        "grand_total": _summary_total(total),
        "branches": empty, "categories": empty, "dependencies": empty,
        "editors": empty, "entities": empty, "languages": empty,
        "machines": empty, "operating_systems": empty,
        "projects": sorted(projects, key=lambda item: -_int(item["total_seconds"])),
        "range": {
            "date": day.isoformat(),
            "start": formats.iso_z(datetime.fromtimestamp(start, ZoneInfo("UTC"))),
            "end": formats.iso_z(datetime.fromtimestamp(end, ZoneInfo("UTC"))),
            "text": label,
            "timezone": zone.key,
        },
    }  # fmt: skip


def _summary_total(seconds: int) -> dict[str, object]:
    return {
        "total_seconds": seconds,
        "hours": seconds // 3600,
        "minutes": seconds % 3600 // 60,
        "seconds": seconds % 60,
        "digital": formats.digital(seconds),
        "decimal": formats.decimal_hours(seconds),
        "text": formats.hms_text(seconds, zero="0s"),
    }


def _week_item(name: str, seconds: int, total: int) -> dict[str, object]:
    return {
        "name": name,
        "total_seconds": seconds,
        "percent": formats.percent(seconds, total) or 0.0,
        "digital": formats.digital(seconds, pad_hours=False),
        "text": formats.hrs_mins(seconds),
        "hours": seconds // 3600,
        "minutes": seconds % 3600 // 60,
        "seconds": seconds % 60,
    }


def _heartbeat_items(payload: object) -> list[object] | None:
    """The heartbeats of any accepted body shape, or None."""
    if isinstance(payload, dict) and isinstance(
        payload.get("hackatime"), dict
    ):
        payload = payload["hackatime"].get("heartbeats")
    if isinstance(payload, dict):
        return [payload]
    if isinstance(payload, list) and payload:
        return payload
    return None


def _ingest(ctx: Context, item: object) -> tuple[object, int]:
    """Normalise and store one heartbeat, as ``HeartbeatIngest`` does."""
    if not isinstance(item, dict):
        return _invalid("Heartbeat must be an object"), 422
    moment = _heartbeat_time(item.get("time"))
    if moment is None:
        return _invalid("Invalid heartbeat time"), 422

    fields = {
        key: value for key, value in item.items() if key in _HEARTBEAT_KEYS
    }
    fields["time"] = moment
    if not fields.get("category"):
        domain = fields.get("type") in ("domain", "url")
        fields["category"] = "browsing" if domain else "coding"
    plugin = fields.pop("plugin", None)
    agent = str(
        fields.get("user_agent")
        or plugin
        or ctx.request.header("user-agent")
        or ""
    )
    fields["user_agent"] = agent
    match = _USER_AGENT.match(agent)
    if match:
        fields.setdefault("editor", match["editor"].lower())
        fields.setdefault("operating_system", match["os"].lower())
    machine = ctx.request.header("x-machine-name")
    if machine:
        fields["machine"] = machine

    (stored,) = ctx.store.add_heartbeats([fields])
    return stored, 201


def _heartbeat_time(value: object) -> float | None:
    """Epoch seconds in [1e9, 2e9); ms, us and ns are rescaled."""
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            moment = formats.parse_time(value)
            if moment is None:
                return None
            number = moment.timestamp()
    elif isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    else:
        return None
    for scale in (1e9, 1e6, 1e3):
        if number >= 1e9 * scale:
            number /= scale
            break
    return number if 1e9 <= number < 2e9 else None


def _invalid(message: str) -> dict[str, object]:
    return {"error": message, "type": "HeartbeatIngest::InvalidHeartbeatTime"}


def _local_day(beat: Heartbeat, zone: ZoneInfo) -> date:
    return datetime.fromtimestamp(float(_int(beat["time"])), zone).date()


def _as_dict(value: object) -> dict[str, object]:
    return value if isinstance(value, dict) else {}


def _int(value: object) -> int:
    return int(value) if isinstance(value, int | float) else 0
