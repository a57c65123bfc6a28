"""The demo server's state: planned and added heartbeats, zone and goal.

Days are planned lazily in the zone the server was started with (the
user's activity does not move when they change their profile zone), for
at most ``HISTORY_DAYS`` before today. A planned heartbeat is visible once
the clock has reached it, so a long-running demo's total grows through
the day; heartbeats added by tests or POSTs are visible at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tray_app.demo.data import (
    DEFAULT_GOAL_SECONDS,
    Heartbeat,
    make_heartbeat,
    plan_day,
)
from tray_app.errors import ConfigError

#: How many days before today have demo data.
HISTORY_DAYS = 14

# Ids of added heartbeats start above any planned id.
_FIRST_ADDED_ID = 10**12


class DemoStore:
    """Thread-safe heartbeats of the one demo user, plus their settings."""

    def __init__(
        self,
        *,
        seed: int = 1,
        timezone: str = "UTC",
        now: Callable[[], datetime] | None = None,
        goal_seconds: int | None = DEFAULT_GOAL_SECONDS,
    ) -> None:
        self._lock = threading.RLock()
        self._seed = seed
        self._plan_zone = load_zone(timezone)
        self._zone = self._plan_zone
        self._clock = now or (lambda: datetime.now(UTC))
        self.goal_seconds = goal_seconds
        self._planned: dict[date, list[Heartbeat]] = {}
        self._added: list[Heartbeat] = []
        self._next_id = _FIRST_ADDED_ID

    def now(self) -> datetime:
        """The demo's current time, always aware (naive counts as UTC)."""
        moment = self._clock()
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

    @property
    def zone(self) -> ZoneInfo:
        """The user's profile time zone."""
        with self._lock:
            return self._zone

    def set_timezone(self, name: str) -> None:
        """Change the user's profile zone (the heartbeats stay as they are)."""
        zone = load_zone(name)
        with self._lock:
            self._zone = zone

    def day_bounds(self, day: date, zone: ZoneInfo) -> tuple[int, int]:
        """Epoch seconds of 00:00:00 and 23:59:59 of ``day`` in ``zone``."""
        start = datetime.combine(day, time(), zone)
        end = datetime.combine(day + timedelta(days=1), time(), zone)
        return int(start.timestamp()), int(end.timestamp()) - 1

    def today(self) -> date:
        """Today's date in the user's zone."""
        return self.now().astimezone(self.zone).date()

    def between(self, start: float, end: float) -> list[Heartbeat]:
        """Visible heartbeats with start <= time <= end, by (time, id)."""
        with self._lock:
            now = self.now().timestamp()
            beats = [
                beat
                for day in self._days_covering(start, end)
                for beat in self._planned_for(day)
                if start <= _time(beat) <= end and _time(beat) <= now
            ]
            beats += [b for b in self._added if start <= _time(b) <= end]
        return sorted(beats, key=_order)

    def all_visible(self) -> list[Heartbeat]:
        """Every visible heartbeat of the demo history, by (time, id)."""
        now = self.now().timestamp()
        oldest = now - (HISTORY_DAYS + 2) * 86400
        with self._lock:
            latest_added = max((_time(b) for b in self._added), default=now)
        return self.between(oldest, max(now, latest_added))

    def add_heartbeats(
        self, items: Iterable[Mapping[str, object]]
    ) -> list[Heartbeat]:
        """Store heartbeats (each needs ``time``); returns the stored rows."""
        stored = []
        with self._lock:
            for item in items:
                beat = make_heartbeat(**dict(item))
                if beat.get("id") is None:
                    beat["id"] = self._next_id
                    self._next_id += 1
                self._added.append(beat)
                stored.append(beat)
        return stored

    def add_coding(self, seconds: int, **fields: object) -> None:
        """Raise today's total by exactly ``seconds`` of coding.

        Heartbeats 60 s apart continue from today's latest visible one (or
        start ``seconds`` before now), so they may run past the clock;
        they are counted at once. Planned heartbeats the clock reaches
        later can overlap them in a long-running demo.
        """
        if seconds <= 0:
            return
        with self._lock:
            start, end = self.day_bounds(self.today(), self.zone)
            visible = self.between(start, end)
            now = int(self.now().timestamp())
            times: list[int] = []
            if visible:
                moment = int(_time(visible[-1]))
            else:
                moment = max(start, now - seconds)
                times.append(moment)
            remaining = seconds
            while remaining > 0:
                step = min(60, remaining)
                moment += step
                times.append(moment)
                remaining -= step

            template = {
                "entity": "/home/orpheus/code/hackatime-tray/tray_app/demo.py",
                "project": "hackatime-tray",
                "language": "Python",
                "editor": "vscode",
                "operating_system": "linux",
                "machine": "orpheus-desktop",
                **fields,
            }
            self.add_heartbeats(
                {**template, "time": float(moment)} for moment in times
            )

    def _days_covering(self, start: float, end: float) -> list[date]:
        """Planned days (plan zone) that can hold times in [start, end]."""
        now = self.now()
        today = now.astimezone(self._plan_zone).date()
        oldest = today - timedelta(days=HISTORY_DAYS)
        soon = now.timestamp() + 2 * 86400
        first = _local_date(min(max(start, 0.0), soon), self._plan_zone)
        last = _local_date(min(max(end, 0.0), soon), self._plan_zone)
        first, last = max(first, oldest), min(last, today)
        return [
            first + timedelta(days=n) for n in range((last - first).days + 1)
        ]

    def _planned_for(self, day: date) -> list[Heartbeat]:
        beats = self._planned.get(day)
        if beats is None:
            beats = plan_day(day, self._plan_zone, self._seed)
            self._planned[day] = beats
        return beats


def load_zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``; ConfigError if there is no such zone."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(
            f"{name!r} is not a time zone name; use an IANA name such as "
            "Europe/London or America/New_York."
        ) from exc


def _local_date(moment: float, zone: ZoneInfo) -> date:
    return datetime.fromtimestamp(moment, zone).date()


def _time(beat: Mapping[str, object]) -> float:
    value = beat["time"]
    return float(value) if isinstance(value, int | float) else 0.0


def _order(beat: Mapping[str, object]) -> tuple[float, int]:
    beat_id = beat.get("id")
    return (_time(beat), beat_id if isinstance(beat_id, int) else 0)
