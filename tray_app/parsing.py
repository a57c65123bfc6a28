"""The server's JSON answers turned into ``tray_app.models``, leniently.

Numbers may come as int, float or numeric string; null and missing fields
get sane defaults; unknown fields are ignored. A value of the wrong shape
(an object that is a list, a number that is not numeric) raises
``BadResponseError``. Error messages name only the field, never the value
the server sent, so they cannot leak anything the server echoed.

Both the real server's shapes and those of the old public API page are
accepted (``total_seconds`` 7200.0; ``users/*/stats`` as
``{"user", "total_seconds", "languages": [{"name", "seconds"}]}``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from tray_app.errors import BadResponseError
from tray_app.models import (
    Goal,
    Heartbeat,
    HeartbeatList,
    Leaderboard,
    LeaderboardEntry,
    MostRecent,
    NamedTotal,
    Profile,
    Today,
    TrustFactor,
    UserLookup,
    UserStats,
    WeekStats,
)

JsonObject = Mapping[str, object]

_WHAT_TO_DO = (
    "Check that the server address points to a Hackatime server; "
    "the app tries again later."
)

# trust_value of each public trust level, for answers that omit it.
_TRUST_VALUES = {"blue": 0, "red": 1, "green": 2}


def parse_today(obj: object) -> Today:
    """``statusbar/today``: today's total, the server's text and the goal."""
    data = _object(_field(_object(obj, "the answer"), "data"), "data")
    grand_total = _object(data.get("grand_total"), "data.grand_total")

    raw_total = grand_total.get("total_seconds")
    if raw_total is None:
        raise _shape_error("data.grand_total.total_seconds", "a number", None)
    total = _int(raw_total, "data.grand_total.total_seconds")

    goal_obj = data.get("goal")
    goal = None if goal_obj is None else _goal(goal_obj)
    text = _text(grand_total.get("text"), "data.grand_total.text") or ""
    return Today(total_seconds=total, text=text, goal=goal)


def parse_profile(obj: object) -> Profile:
    """``users/current``: who the key belongs to and their time zone."""
    data = _object(_field(_object(obj, "the answer"), "data"), "data")
    timezone = _text(data.get("timezone"), "data.timezone")
    return Profile(
        id=_text(data.get("id"), "data.id"),
        username=_text(data.get("username"), "data.username"),
        display_name=_text(data.get("display_name"), "data.display_name"),
        timezone=timezone or "UTC",
        photo=_text(data.get("photo"), "data.photo"),
    )


def parse_user_stats(obj: object) -> UserStats:
    """``/api/v1/users/{user}/stats``, in the real or the old doc's shape."""
    answer = _object(obj, "the answer")
    if "data" not in answer:
        return _old_user_stats(answer)

    data = _object(answer["data"], "data")
    trust_obj = answer.get("trust_factor")
    trust = None if trust_obj is None else _trust(trust_obj, "trust_factor")
    streak = data.get("streak")
    return UserStats(
        username=_text(data.get("username"), "data.username"),
        user_id=_text(data.get("user_id"), "data.user_id"),
        total_seconds=_int(data.get("total_seconds"), "data.total_seconds"),
        daily_average=_int(data.get("daily_average"), "data.daily_average"),
        human_readable_total=_text(
            data.get("human_readable_total"), "data.human_readable_total"
        )
        or "",
        start=_text(data.get("start"), "data.start"),
        end=_text(data.get("end"), "data.end"),
        languages=_named_totals(data.get("languages"), "data.languages"),
        projects=_named_totals(data.get("projects"), "data.projects"),
        streak=None if streak is None else _int(streak, "data.streak"),
        trust_factor=trust,
    )


def parse_week_stats(obj: object) -> WeekStats:
    """``users/current/stats/last_7_days`` (eight days, user's zone)."""
    data = _object(_field(_object(obj, "the answer"), "data"), "data")

    def text(name: str) -> str:
        return _text(data.get(name), f"data.{name}") or ""

    def totals(name: str) -> tuple[NamedTotal, ...]:
        return _named_totals(data.get(name), f"data.{name}")

    return WeekStats(
        total_seconds=_int(data.get("total_seconds"), "data.total_seconds"),
        daily_average=_float(data.get("daily_average"), "data.daily_average"),
        days_including_holidays=_int(
            data.get("days_including_holidays"), "data.days_including_holidays"
        ),
        start=_text(data.get("start"), "data.start"),
        end=_text(data.get("end"), "data.end"),
        human_readable_total=text("human_readable_total"),
        human_readable_daily_average=text("human_readable_daily_average"),
        languages=totals("languages"),
        projects=totals("projects"),
        editors=totals("editors"),
        operating_systems=totals("operating_systems"),
        machines=totals("machines"),
    )


def parse_heartbeat(obj: object, where: str = "heartbeat") -> Heartbeat:
    """One stored heartbeat; ``time`` is required, the rest may be null."""
    item = _object(obj, where)
    raw_time = item.get("time")
    if raw_time is None:
        raise _shape_error(f"{where}.time", "a number", None)

    def text(name: str) -> str | None:
        return _text(item.get(name), f"{where}.{name}")

    heartbeat_id = item.get("id")
    return Heartbeat(
        time=_float(raw_time, f"{where}.time"),
        id=None if heartbeat_id is None else _int(heartbeat_id, f"{where}.id"),
        entity=text("entity"),
        type=text("type"),
        category=text("category"),
        project=text("project"),
        branch=text("branch"),
        language=text("language"),
        editor=text("editor"),
        operating_system=text("operating_system"),
        machine=text("machine"),
        is_write=_bool(item.get("is_write"), f"{where}.is_write"),
        source_type=text("source_type"),
    )


def parse_heartbeat_list(obj: object) -> HeartbeatList:
    """``/api/v1/my/heartbeats``: the window, its total and heartbeats."""
    answer = _object(obj, "the answer")
    items = _list(answer.get("heartbeats"), "heartbeats")
    heartbeats = tuple(
        parse_heartbeat(item, f"heartbeats[{index}]")
        for index, item in enumerate(items)
    )
    return HeartbeatList(
        start_time=_text(answer.get("start_time"), "start_time"),
        end_time=_text(answer.get("end_time"), "end_time"),
        total_seconds=_int(answer.get("total_seconds"), "total_seconds"),
        heartbeats=tuple(sorted(heartbeats, key=lambda beat: beat.time)),
    )


def parse_most_recent(obj: object) -> MostRecent:
    """``/api/v1/my/heartbeats/most_recent``; all null when there is none."""
    answer = _object(obj, "the answer")
    has_heartbeat = _bool(answer.get("has_heartbeat"), "has_heartbeat")
    heartbeat_obj = answer.get("heartbeat")
    heartbeat = None
    if heartbeat_obj is not None and has_heartbeat is not False:
        heartbeat = parse_heartbeat(heartbeat_obj, "heartbeat")
    return MostRecent(
        heartbeat=heartbeat,
        editor=_text(answer.get("editor"), "editor"),
        time_ago=_text(answer.get("time_ago"), "time_ago"),
    )


def parse_trust_factor(obj: object) -> TrustFactor:
    """``/api/v1/users/{user}/trust_factor``."""
    return _trust(obj, "the answer")


def parse_leaderboard(obj: object) -> Leaderboard:
    """``/api/v1/leaderboard/{daily,weekly}``."""
    answer = _object(obj, "the answer")
    items = _list(answer.get("entries"), "entries")
    entries = tuple(
        _leaderboard_entry(item, f"entries[{index}]")
        for index, item in enumerate(items)
    )
    return Leaderboard(
        period=_text(answer.get("period"), "period") or "",
        start_date=_text(answer.get("start_date"), "start_date"),
        date_range=_text(answer.get("date_range"), "date_range"),
        generated_at=_text(answer.get("generated_at"), "generated_at"),
        entries=entries,
    )


def parse_user_lookup(obj: object) -> UserLookup:
    """``lookup_email`` / ``lookup_slack_uid`` (admin key only)."""
    answer = _object(obj, "the answer")
    raw_id = answer.get("user_id")
    if raw_id is None:
        raise _shape_error("user_id", "a number", None)
    return UserLookup(
        user_id=_int(raw_id, "user_id"),
        email=_text(answer.get("email"), "email"),
        slack_uid=_text(answer.get("slack_uid"), "slack_uid"),
    )


def parse_plain_seconds(text: str) -> int:
    """``/api/v1/stats``: a bare integer of seconds sent as text/plain."""
    try:
        value = float(text.strip())
    except ValueError as exc:
        raise BadResponseError(
            "The server's answer should be a plain number of seconds but "
            f"was something else. {_WHAT_TO_DO}"
        ) from exc
    if not math.isfinite(value):
        raise BadResponseError(
            f"The server's answer is not a finite number. {_WHAT_TO_DO}"
        )
    return int(value)


def _old_user_stats(answer: JsonObject) -> UserStats:
    """The old doc's stats shape, or the ``total_seconds=true`` answer."""
    if "total_seconds" not in answer:
        raise _shape_error("data", "an object", None)
    return UserStats(
        username=_text(answer.get("user"), "user"),
        user_id=None,
        total_seconds=_int(answer.get("total_seconds"), "total_seconds"),
        daily_average=_int(answer.get("daily_average"), "daily_average"),
        languages=_named_totals(answer.get("languages"), "languages"),
        projects=_named_totals(answer.get("projects"), "projects"),
    )


def _goal(obj: object) -> Goal:
    goal = _object(obj, "data.goal")
    target = _int(goal.get("target_seconds"), "data.goal.target_seconds")
    tracked = _int(goal.get("tracked_seconds"), "data.goal.tracked_seconds")
    complete = _bool(goal.get("complete"), "data.goal.complete")
    return Goal(
        target_seconds=target,
        tracked_seconds=tracked,
        completion_percent=round(
            _float(
                goal.get("completion_percent"), "data.goal.completion_percent"
            )
        ),
        complete=(target > 0 and tracked >= target)
        if complete is None
        else complete,
    )


def _trust(obj: object, where: str) -> TrustFactor:
    trust = _object(obj, where)
    level = _text(trust.get("trust_level"), f"{where}.trust_level")
    if not level:
        raise _shape_error(f"{where}.trust_level", "text", None)
    level = level.lower()
    raw_value = trust.get("trust_value")
    value = (
        _TRUST_VALUES.get(level, 0)
        if raw_value is None
        else _int(raw_value, f"{where}.trust_value")
    )
    return TrustFactor(trust_level=level, trust_value=value)


def _leaderboard_entry(obj: object, where: str) -> LeaderboardEntry:
    entry = _object(obj, where)
    user_obj = entry.get("user")
    user = {} if user_obj is None else _object(user_obj, f"{where}.user")
    user_id = user.get("id")
    return LeaderboardEntry(
        rank=_int(entry.get("rank"), f"{where}.rank"),
        user_id=None if user_id is None else _int(user_id, f"{where}.user.id"),
        username=_text(user.get("username"), f"{where}.user.username"),
        total_seconds=_int(
            entry.get("total_seconds"), f"{where}.total_seconds"
        ),
        avatar_url=_text(user.get("avatar_url"), f"{where}.user.avatar_url"),
    )


def _named_totals(value: object, where: str) -> tuple[NamedTotal, ...]:
    """A breakdown list; old-doc items say ``seconds``, new ones more."""
    totals = []
    for index, item_obj in enumerate(_list(value, where)):
        item_where = f"{where}[{index}]"
        item = _object(item_obj, item_where)
        seconds = item.get("total_seconds", item.get("seconds"))
        percent = item.get("percent")
        totals.append(
            NamedTotal(
                name=_text(item.get("name"), f"{item_where}.name") or "Other",
                total_seconds=_int(seconds, f"{item_where}.total_seconds"),
                percent=None
                if percent is None
                else _float(percent, f"{item_where}.percent"),
                text=_text(item.get("text"), f"{item_where}.text"),
            )
        )
    return tuple(totals)


def _field(obj: JsonObject, name: str) -> object:
    """A field that must be there (it may still be of the wrong shape)."""
    if name not in obj:
        raise _shape_error(name, "an object", None)
    return obj[name]


def _object(value: object, where: str) -> JsonObject:
    if isinstance(value, dict):
        return value
    raise _shape_error(where, "an object", value)


def _list(value: object, where: str) -> list[object]:
    """A JSON array; null or missing counts as empty."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    raise _shape_error(where, "a list", value)


def _text(value: object, where: str) -> str | None:
    """A string; numbers become text (ids), null stays None."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise _shape_error(where, "text", value)


def _bool(value: object, where: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    if value in (0, 1) and not isinstance(value, float):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise _shape_error(where, "true or false", value)


def _int(value: object, where: str) -> int:
    """A whole number of something; null or missing counts as 0."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return int(_float(value, where))


def _float(value: object, where: str) -> float:
    """A number given as int, float or numeric text; null counts as 0.

    NaN (which the server can send as null for a percentage) is refused
    here; callers treat null percentages as unknown before calling.
    """
    if value is None:
        return 0.0
    if isinstance(value, bool):
        raise _shape_error(where, "a number", value)

    number: float
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError as exc:
            raise _shape_error(where, "a number", value) from exc
    else:
        raise _shape_error(where, "a number", value)

    if not math.isfinite(number):
        raise _shape_error(where, "a finite number", value)
    return number


def _shape_error(where: str, expected: str, value: object) -> BadResponseError:
    return BadResponseError(
        f"The server's answer has {_kind(value)} where {where} should be "
        f"{expected}. {_WHAT_TO_DO}"
    )


def _kind(value: object) -> str:
    """What a JSON value is, in words, without repeating the value."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"
