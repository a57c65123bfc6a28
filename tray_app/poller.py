"""One poll of the server, and when the next one should run.

Plain logic with an injected client and clock, shared by the tray (run
from the scheduler thread) and testable with the demo server alone. A
poll never raises: every failure becomes a state the user can see, and
the last good value is kept, marked stale.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Protocol, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tray_app import errors
from tray_app import smart_refresh as refresh_policy
from tray_app.models import (
    Heartbeat,
    HeartbeatList,
    Leaderboard,
    MostRecent,
    Profile,
    Today,
    UserStats,
    WeekStats,
)
from tray_app.status import (
    Details,
    State,
    Status,
    after_failure,
    after_midnight,
    after_success,
)

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: Details (stats, heartbeats, ranks) are refetched at most this often.
DETAILS_MAX_AGE = timedelta(minutes=5)
#: Back-off after failures grows from the interval up to this cap.
BACKOFF_CAP_SECONDS = 300.0
#: Retry-After is honoured up to this bound.
RETRY_AFTER_CAP_SECONDS = 3600.0
RECENT_HEARTBEATS = 10
#: The day's first details fetch looks this far back for recent heartbeats
#: before asking for the whole day.
RECENT_HEARTBEATS_WINDOW = timedelta(hours=1)
#: Later fetches ask again for this much before the last one, for
#: heartbeats that reached the server late (an editor's offline queue).
HEARTBEATS_OVERLAP = timedelta(minutes=10)


class Client(Protocol):
    """The part of ``HackatimeClient`` a poll uses."""

    def today(self) -> Today: ...
    def profile(self) -> Profile: ...
    def last_7_days(self) -> WeekStats: ...
    def user_stats(
        self,
        user: str = "my",
        *,
        start_date: datetime | None = None,
        end_date: datetime | None = None,
    ) -> UserStats: ...
    def heartbeats(
        self,
        *,
        start_time: datetime | None = None,
        end_time: datetime | None = None,
        limit: int | None = None,
    ) -> HeartbeatList: ...
    def most_recent_heartbeat(self) -> MostRecent: ...
    def leaderboard(self, period: str = "daily") -> Leaderboard: ...


@dataclass(frozen=True)
class PollResult:
    """What a poll found, and how long to wait before the next one.

    ``next_delay`` is None for the normal interval, a number of seconds
    for a back-off or (with smart refresh) for the next regular poll, and
    ``paused`` means: wait for the user (key rejected).
    """

    status: Status
    details: Details
    next_delay: float | None = None
    paused: bool = False


class Poller:
    """Fetches today's total and the menu's details; thread-safe.

    With ``smart_refresh`` a successful poll sets ``next_delay`` from
    :mod:`tray_app.smart_refresh` (bounded by ``interval_seconds``), and
    details are refetched by its rule; without it, the next poll comes
    after the normal interval and details every :data:`DETAILS_MAX_AGE`.
    """

    def __init__(
        self,
        client: Client,
        *,
        interval_seconds: float,
        clock: Callable[[], datetime] = lambda: datetime.now().astimezone(),
        rng: random.Random | None = None,
        smart_refresh: bool = False,
    ) -> None:
        self._client = client
        self.interval_seconds = interval_seconds
        self._clock = clock
        self._rng = rng or random.Random()
        self._smart_refresh = smart_refresh
        self._lock = threading.Lock()
        self._status = Status()
        self._details = Details()
        self._activity = refresh_policy.Activity()
        self._failures = 0
        self._day: date | None = None

    def note_resume(self) -> None:
        """The computer woke up: count the user as active again."""
        with self._lock:
            self._activity = refresh_policy.resumed(
                self._activity, self._clock()
            )

    def replace_client(self, client: Client) -> None:
        """Use another client from the next poll on (a new key)."""
        with self._lock:
            self._client = client
            self._failures = 0

    @property
    def status(self) -> Status:
        """The latest status."""
        return self._status

    @property
    def details(self) -> Details:
        """The latest details."""
        return self._details

    def poll(self, *, with_details: bool | None = None) -> PollResult:
        """Run one poll; never raises. Concurrent calls run one at a time.

        ``with_details``: True fetches the details too, False never, None
        when they are due.
        """
        with self._lock:
            try:
                return self._poll(with_details)
            except Exception as exc:  # a poll must never die
                logger.exception("Unexpected error during a poll")
                error = errors.BadResponseError(
                    f"An unexpected error occurred ({type(exc).__name__}); "
                    "the app keeps the last value and tries again."
                )
                self._status = after_failure(
                    self._status, error, self._clock()
                )
                return PollResult(self._status, self._details, None)

    def _poll(self, with_details: bool | None) -> PollResult:
        now = self._clock()
        if self._day is not None and now.date() != self._day:
            logger.info("A new day began; today's total starts over")
            self._status = after_midnight()
            self._details = Details(profile=self._details.profile)
        self._day = now.date()

        try:
            today = self._client.today()
        except errors.HackatimeTrayError as error:
            return self._failed(error, now)

        self._failures = 0
        self._status = after_success(today, now)
        self._activity = refresh_policy.observe(
            self._activity, total_seconds=today.total_seconds, now=now
        )
        if with_details or (with_details is None and self._details_due(now)):
            self._refresh_details(now)
        return self._success(now)

    def _refresh_details(self, now: datetime) -> None:
        self._details = self._fetch_details(now)
        self._activity = refresh_policy.observe(
            self._activity,
            total_seconds=self._status.total_seconds or 0,
            now=now,
            latest_heartbeat_at=_latest_heartbeat_at(self._details),
        )

    def _success(self, now: datetime) -> PollResult:
        if not self._smart_refresh:
            return PollResult(self._status, self._details)
        delay = refresh_policy.next_delay(
            self._activity, now, self.interval_seconds
        )
        return PollResult(self._status, self._details, delay)

    def _failed(
        self, error: errors.HackatimeTrayError, now: datetime
    ) -> PollResult:
        self._failures += 1
        self._status = after_failure(self._status, error, now)
        logger.debug("Poll failed (%s): %s", self._status.state, error)

        if self._status.state in (State.AUTH_ERROR, State.NO_KEY):
            return PollResult(self._status, self._details, paused=True)
        return PollResult(self._status, self._details, self._backoff(error))

    def _backoff(self, error: errors.HackatimeTrayError) -> float:
        retry_after = getattr(error, "retry_after", None)
        if isinstance(retry_after, int | float) and retry_after > 0:
            return min(float(retry_after), RETRY_AFTER_CAP_SECONDS)

        base = min(self.interval_seconds, BACKOFF_CAP_SECONDS)
        # The first retry comes sooner than the interval (the network is
        # often back a few seconds after a resume), later ones slower.
        delay = (
            base * 2.0 ** (self._failures - 2) * self._rng.uniform(0.8, 1.2)
        )
        return max(5.0, min(delay, BACKOFF_CAP_SECONDS))

    def _details_due(self, now: datetime) -> bool:
        fetched_at = self._details.fetched_at
        if self._smart_refresh:
            return refresh_policy.details_due(self._activity, fetched_at, now)
        return fetched_at is None or now - fetched_at >= DETAILS_MAX_AGE

    def _fetch_details(self, now: datetime) -> Details:
        """Each part is fetched on its own; a failed part keeps its value."""
        old = self._details
        profile = _try("profile", self._client.profile) or old.profile
        zone = _zone(profile.timezone if profile else None, now)
        day_start = datetime.combine(now.astimezone(zone).date(), time(), zone)
        day_end = day_start + timedelta(days=1)

        today_stats = _try(
            "today's stats",
            lambda: self._client.user_stats(
                "my", start_date=day_start, end_date=day_end
            ),
        )
        heartbeats = self._recent_heartbeats(old, now, day_start, day_end)
        daily = _try(
            "daily leaderboard", lambda: self._client.leaderboard("daily")
        )
        weekly = _try(
            "weekly leaderboard", lambda: self._client.leaderboard("weekly")
        )
        user_id = profile.id if profile else None
        return replace(
            old,
            profile=profile,
            today_stats=today_stats or old.today_stats,
            week=_try("last 7 days", self._client.last_7_days) or old.week,
            recent=old.recent if heartbeats is None else heartbeats,
            most_recent=_try(
                "most recent heartbeat", self._client.most_recent_heartbeat
            )
            or old.most_recent,
            daily_rank=_rank(daily, user_id) if daily else old.daily_rank,
            weekly_rank=_rank(weekly, user_id) if weekly else old.weekly_rank,
            fetched_at=now,
        )

    def _recent_heartbeats(
        self,
        old: Details,
        now: datetime,
        day_start: datetime,
        day_end: datetime,
    ) -> tuple[Heartbeat, ...] | None:
        """The day's newest heartbeats, fetching as few as will do.

        ``my/heartbeats`` has no limit: it returns the whole range, which
        on a busy day is thousands of heartbeats (a megabyte of JSON).
        After the day's first fetch only the heartbeats since the last
        one are fetched (with an overlap for late arrivals) and merged;
        the first fetch tries the last hour before the whole day. None
        when the fetch failed (the old list is kept).
        """
        if old.fetched_at is not None and old.fetched_at >= day_start:
            since = max(day_start, old.fetched_at - HEARTBEATS_OVERLAP)
            new = self._heartbeats_between(since, day_end)
            return None if new is None else _newest((*old.recent, *new))

        recent_start = max(day_start, now - RECENT_HEARTBEATS_WINDOW)
        found = self._heartbeats_between(recent_start, day_end)
        if found is None or len(found) >= RECENT_HEARTBEATS:
            return found
        if recent_start == day_start:
            return found
        return self._heartbeats_between(day_start, day_end)

    def _heartbeats_between(
        self, start: datetime, end: datetime
    ) -> tuple[Heartbeat, ...] | None:
        found = _try(
            "heartbeats",
            lambda: self._client.heartbeats(
                start_time=start, end_time=end, limit=RECENT_HEARTBEATS
            ),
        )
        return None if found is None else found.heartbeats


def _newest(heartbeats: tuple[Heartbeat, ...]) -> tuple[Heartbeat, ...]:
    """The last :data:`RECENT_HEARTBEATS`, oldest first, without repeats."""
    unique = sorted(
        set(heartbeats), key=lambda beat: (beat.time, beat.id or 0)
    )
    return tuple(unique[-RECENT_HEARTBEATS:])


def _try(what: str, fetch: Callable[[], T]) -> T | None:
    try:
        return fetch()
    except errors.HackatimeTrayError as error:
        logger.debug("Could not fetch %s: %s", what, error)
        return None


def _latest_heartbeat_at(details: Details) -> datetime | None:
    """The newest heartbeat time the details know of, if any."""
    times = [heartbeat.time for heartbeat in details.recent]
    most_recent = details.most_recent
    if most_recent is not None and most_recent.heartbeat is not None:
        times.append(most_recent.heartbeat.time)
    if not times:
        return None
    try:
        return datetime.fromtimestamp(max(times), UTC)
    except (OverflowError, OSError, ValueError):
        return None  # a nonsense time tells nothing about activity


def _zone(name: str | None, now: datetime) -> tzinfo:
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            logger.warning(
                "Unknown profile time zone %r; using the local one", name
            )
    return now.tzinfo if now.tzinfo is not None else ZoneInfo("UTC")


def _rank(board: Leaderboard, user_id: str | None) -> int | None:
    if user_id is None:
        return None
    for entry in board.entries:
        if entry.user_id is not None and str(entry.user_id) == user_id:
            return entry.rank
    return None
