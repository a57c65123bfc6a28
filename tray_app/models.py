"""Typed results of the Hackatime API, as plain frozen dataclasses.

These know nothing of HTTP or JSON; ``tray_app.parsing`` builds them from
the server's answers, leniently (numbers as int, float or numeric string;
missing and null fields tolerated; unknown fields ignored).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Goal:
    """The user's daily goal, as ``statusbar/today`` reports it."""

    target_seconds: int
    tracked_seconds: int
    completion_percent: int
    complete: bool


@dataclass(frozen=True)
class Today:
    """Today's total in the user's profile time zone.

    ``text`` is the server's own display text. It is kept for display only
    and never parsed: it can be "Start coding!", an emoji or a compliment.
    """

    total_seconds: int
    text: str = ""
    goal: Goal | None = None


@dataclass(frozen=True)
class Profile:
    """``users/current``: who the key belongs to and their time zone."""

    id: str | None
    username: str | None
    display_name: str | None
    timezone: str = "UTC"
    photo: str | None = None


@dataclass(frozen=True)
class NamedTotal:
    """One row of a breakdown: a language, project, editor or system."""

    name: str
    total_seconds: int
    percent: float | None = None
    text: str | None = None


@dataclass(frozen=True)
class TrustFactor:
    """The public trust level: blue/0, red/1 or green/2."""

    trust_level: str
    trust_value: int


@dataclass(frozen=True)
class UserStats:
    """``/api/v1/users/{user}/stats`` for a window of time."""

    username: str | None
    user_id: str | None
    total_seconds: int
    daily_average: int
    human_readable_total: str = ""
    start: str | None = None
    end: str | None = None
    languages: tuple[NamedTotal, ...] = ()
    projects: tuple[NamedTotal, ...] = ()
    streak: int | None = None
    trust_factor: TrustFactor | None = None


@dataclass(frozen=True)
class WeekStats:
    """``users/current/stats/last_7_days`` (eight calendar days)."""

    total_seconds: int
    daily_average: float
    days_including_holidays: int = 0
    start: str | None = None
    end: str | None = None
    human_readable_total: str = ""
    human_readable_daily_average: str = ""
    languages: tuple[NamedTotal, ...] = ()
    projects: tuple[NamedTotal, ...] = ()
    editors: tuple[NamedTotal, ...] = ()
    operating_systems: tuple[NamedTotal, ...] = ()
    machines: tuple[NamedTotal, ...] = ()


@dataclass(frozen=True)
class Heartbeat:
    """One heartbeat as stored by the server (raw lowercase editor names)."""

    time: float
    id: int | None = None
    entity: str | None = None
    type: str | None = None
    category: str | None = None
    project: str | None = None
    branch: str | None = None
    language: str | None = None
    editor: str | None = None
    operating_system: str | None = None
    machine: str | None = None
    is_write: bool | None = None
    source_type: str | None = None


@dataclass(frozen=True)
class HeartbeatList:
    """``/api/v1/my/heartbeats``: heartbeats in a window, oldest first."""

    start_time: str | None
    end_time: str | None
    total_seconds: int
    heartbeats: tuple[Heartbeat, ...] = field(default=())


@dataclass(frozen=True)
class MostRecent:
    """``/api/v1/my/heartbeats/most_recent``."""

    heartbeat: Heartbeat | None
    editor: str | None = None
    time_ago: str | None = None


@dataclass(frozen=True)
class LeaderboardEntry:
    """One line of a leaderboard; ``username`` holds the display name."""

    rank: int
    user_id: int | None
    username: str | None
    total_seconds: int
    avatar_url: str | None = None


@dataclass(frozen=True)
class Leaderboard:
    """``/api/v1/leaderboard/{daily,weekly}`` (public, UTC windows)."""

    period: str
    start_date: str | None
    date_range: str | None
    generated_at: str | None
    entries: tuple[LeaderboardEntry, ...] = ()


@dataclass(frozen=True)
class UserLookup:
    """``lookup_email`` / ``lookup_slack_uid`` (admin key only)."""

    user_id: int
    email: str | None = None
    slack_uid: str | None = None
