"""``/api/v1`` endpoints of one user: stats, spans and raw heartbeats.

Auth differs per group (see ``auth.py``): ``my/*`` takes Bearer or Basic;
``users/*/stats`` only looks at Bearer, to tell who ``my`` is, and lets
anyone read a public user. Time windows are UTC unless the caller sends
an offset; ``end_date`` of stats is exclusive.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, time, timedelta

from tray_app.demo import formats
from tray_app.demo.auth import Group, is_user
from tray_app.demo.data import (
    DEMO_USER,
    MAX_GAP_SECONDS,
    DemoUser,
    Heartbeat,
    duration_seconds,
    find_user,
    grouped_durations,
    public_trust,
)
from tray_app.demo.web import (
    Context,
    Reply,
    error_reply,
    framework_error,
    json_reply,
    unauthorized,
)

_STREAK_SECONDS = 15 * 60
_STREAK_LOOKBACK_DAYS = 31


def user_stats(ctx: Context, params: Mapping[str, str]) -> Reply:
    """A WakaTime-like summary for ``my`` or any public user."""
    user = _public_user(ctx, params["user"])
    if isinstance(user, Reply):
        return user

    query, now = ctx.request.query, ctx.store.now().astimezone(UTC)
    start = now - timedelta(days=3652)
    end = datetime.combine(now.date() + timedelta(days=1), time(), UTC)
    for name in ("start_date", "end_date"):
        if name in query:
            moment = formats.parse_time(query[name])
            if moment is None:
                return error_reply(422, f"Invalid {name}")
            start, end = (
                (moment, end) if name == "start_date" else (start, moment)
            )

    beats = _user_beats(ctx, user, start.timestamp(), end.timestamp())
    projects_filter = [
        p for p in query.get("filter_by_project", "").split(",") if p
    ]
    if projects_filter:
        beats = [b for b in beats if b.get("project") in projects_filter]
    total = duration_seconds(beats)
    if query.get("total_seconds") == "true":
        return json_reply(200, {"total_seconds": total})

    whole_days = int((end - start).total_seconds() // 86400)
    features = query.get("features", "languages").split(",")
    limit = _to_i(query.get("limit", "0"))
    data: dict[str, object] = {
        "username": user.display_name,
        "user_id": str(user.id),
        "is_coding_activity_visible": True,
        "is_other_usage_visible": True,
        "status": "ok",
        "start": formats.iso_z(start.astimezone(UTC)),
        "end": formats.iso_z(end.astimezone(UTC)),
        "range": "all_time",
        "human_readable_range": "All Time",
        "total_seconds": total,
        "daily_average": total // whole_days if whole_days > 0 else 0,
        "human_readable_total": formats.hms_text(total),
        "human_readable_daily_average": formats.hms_text(
            total // whole_days if whole_days > 0 else 0
        ),
    }
    for feature, column in (
        ("languages", "language"),
        ("projects", "project"),
    ):
        if feature in features:
            items = _stats_items(
                beats, column, total, colors=column == "language"
            )
            data[feature] = items[:limit] if limit > 0 else items
    if "projects" in features and projects_filter:
        data["unique_total_seconds"] = _unique_coding_seconds(beats)
    data["streak"] = _streak(ctx) if user is DEMO_USER else 0
    return json_reply(200, {"data": data, "trust_factor": public_trust(user)})


def my_heartbeats(ctx: Context, _: Mapping[str, str]) -> Reply:
    """Heartbeats of a window (default: the UTC day); 500 on a bad time."""
    if not is_user(ctx.request, Group.MY, ctx.api_key):
        return unauthorized()

    today = ctx.store.now().astimezone(UTC).date()
    bounds = {
        "start_time": datetime.combine(today, time(), UTC),
        "end_time": datetime.combine(today, time.max, UTC),
    }
    for name in bounds:
        if name in ctx.request.query:
            moment = formats.parse_time(ctx.request.query[name])
            if moment is None:
                return framework_error(ctx.request, 500)
            bounds[name] = moment

    start, end = bounds["start_time"], bounds["end_time"]
    beats = ctx.store.between(start.timestamp(), end.timestamp())
    return json_reply(
        200,
        {
            "start_time": formats.iso_z(start, millis=True),
            "end_time": formats.iso_z(end, millis=True),
            "total_seconds": duration_seconds(beats),
            "heartbeats": beats,
        },
    )


def most_recent(ctx: Context, _: Mapping[str, str]) -> Reply:
    """The latest heartbeat; test entries only when asked for."""
    if not is_user(ctx.request, Group.MY, ctx.api_key):
        return unauthorized()

    query = ctx.request.query
    source_type, editor = query.get("source_type"), query.get("editor")
    beats = [
        beat
        for beat in ctx.store.all_visible()
        if (beat.get("source_type") == source_type if source_type
            else beat.get("source_type") != "test_entry")
        and (not editor or str(beat.get("editor") or "").lower() == editor.lower())
    ]  # fmt: skip
    if not beats:
        return json_reply(
            200,
            {
                "has_heartbeat": False,
                "heartbeat": None,
                "editor": None,
                "time_ago": None,
            },
        )
    latest = beats[-1]
    age = ctx.store.now().timestamp() - _time(latest)
    return json_reply(
        200,
        {
            "has_heartbeat": True,
            "heartbeat": latest,
            "editor": latest.get("editor"),
            "time_ago": formats.time_ago(max(age, 0.0)),
        },
    )


def user_projects(ctx: Context, params: Mapping[str, str]) -> Reply:
    """``users/{u}/projects``: project names of the last 30 days."""
    user = _public_user(ctx, params["user"])
    if isinstance(user, Reply):
        return user
    now = ctx.store.now().timestamp()
    beats = _user_beats(ctx, user, now - 30 * 86400, now)
    names = sorted({str(b["project"]) for b in beats if b.get("project")})
    return json_reply(200, {"projects": names})


def user_spans(ctx: Context, params: Mapping[str, str]) -> Reply:
    """``users/{u}/heartbeats/spans``: runs of heartbeats 2 min apart."""
    user = _public_user(ctx, params["user"])
    if isinstance(user, Reply):
        return user
    today = ctx.store.now().astimezone(UTC).date()
    start = datetime.combine(today, time(), UTC).timestamp()
    beats = _user_beats(ctx, user, start, start + 86399.999)

    runs: list[list[float]] = []
    for moment in (_time(beat) for beat in beats):
        if runs and moment - runs[-1][1] <= MAX_GAP_SECONDS:
            runs[-1][1] = moment
        else:
            runs.append([moment, moment])
    spans = [
        {"start_time": first, "end_time": last, "duration": last - first}
        for first, last in runs
    ]
    return json_reply(200, {"spans": spans})


def _public_user(ctx: Context, identifier: str) -> DemoUser | Reply:
    """The user a stats-style path names, or the 404/403 reply.

    ``my`` is the caller, known only from a Bearer key (else 404).
    """
    caller_is_user = is_user(ctx.request, Group.STATS, ctx.api_key)
    if identifier == "my":
        found = DEMO_USER if caller_is_user else None
    else:
        found = find_user(identifier)
    if found is None:
        return error_reply(404, "User not found")
    if not found.public_stats and not (caller_is_user and found is DEMO_USER):
        return error_reply(403, "user has disabled public stats")
    return found


def _user_beats(
    ctx: Context, user: DemoUser, start: float, end: float
) -> list[Heartbeat]:
    """The user's heartbeats with start <= time < end (only Orpheus codes)."""
    if user is not DEMO_USER:
        return []
    return [b for b in ctx.store.between(start, end) if _time(b) < end]


def _stats_items(
    beats: list[Heartbeat], column: str, total: int, *, colors: bool
) -> list[dict[str, object]]:
    items = []
    for name, seconds in grouped_durations(beats, column).items():
        label = name or "Other"
        item: dict[str, object] = {
            "name": label,
            "total_seconds": seconds,
            "text": formats.short_time_simple(seconds),
            "hours": seconds // 3600,
            "minutes": seconds % 3600 // 60,
            "percent": formats.percent(seconds, total),
            "digital": formats.digital(seconds),
        }
        if colors:
            item["color"] = formats.LANGUAGE_COLORS.get(
                label, formats.DEFAULT_LANGUAGE_COLOR
            )
        items.append(item)
    return sorted(items, key=lambda item: -_number(item["total_seconds"]))


def _unique_coding_seconds(beats: list[Heartbeat]) -> int:
    times = sorted(_time(b) for b in beats if b.get("category") == "coding")
    gaps = (
        later - earlier
        for earlier, later in zip(times, times[1:], strict=False)
    )
    return round(sum(gap for gap in gaps if gap <= MAX_GAP_SECONDS))


def _streak(ctx: Context) -> int:
    """Days in a row (user's zone) with at least 15 minutes, up to 31."""
    store = ctx.store
    day = store.today()
    streak = 0
    for offset in range(_STREAK_LOOKBACK_DAYS):
        start, end = store.day_bounds(day - timedelta(days=offset), store.zone)
        if duration_seconds(store.between(start, end)) >= _STREAK_SECONDS:
            streak += 1
        elif offset > 0:
            break
    return streak


def _to_i(text: str) -> int:
    """Ruby's ``String#to_i``: the leading digits, else 0."""
    digits = ""
    for char in text.strip():
        if not char.isdigit():
            break
        digits += char
    return int(digits) if digits else 0


def _time(beat: Mapping[str, object]) -> float:
    return _number(beat.get("time"))


def _number(value: object) -> float:
    return float(value) if isinstance(value, int | float) else 0.0
