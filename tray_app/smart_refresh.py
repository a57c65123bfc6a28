"""Smart refresh: when to poll next, from what the last polls saw.

A pure policy, with no clock and no I/O of its own: the poller feeds it
what each successful poll found (today's total, the newest heartbeat it
knows of) and asks it for the delay before the next poll.

* **Active** (the user coded in the last :data:`ACTIVE_WINDOW`): poll at
  the *fast* delay. The user counts as active when today's total grew
  since the previous poll, when the newest known heartbeat is that
  recent, and right after the app starts or the computer wakes up.
* **Idle** for longer: wait half as long as the user has been idle
  (:data:`IDLE_RAMP`), never less than the fast delay and never more
  than the *slow* one. A short break therefore costs little staleness
  when coding resumes, and a long one settles at the slow delay.

How the user's interval setting bounds it, exactly (``interval`` is the
setting, or ``--poll-interval``)::

    fast = max(interval / 2, min(interval, 30 s))
    slow = min(interval * 5, max(interval, 600 s))

so ``fast <= interval <= slow``: the app never polls more than twice as
often as the setting, nor more often than every 30 s (the smallest
setting) unless the setting itself is smaller; and it never waits more
than five intervals, nor more than 10 minutes (the largest setting)
unless the setting itself is larger. With the default 60 s that is 30 s
while active and 5 minutes when idle; with 30 s, 30 s and 150 s; with
10 minutes, 5 and 10 minutes.

Polls "at once on resume and at midnight" are the scheduler's clock-jump
and midnight jobs (``tray_app.scheduler``); this policy only learns of a
resume (:func:`resumed`) so that the polls after it are fast.

The menu's details (stats, heartbeats, ranks; seven requests) follow the
same idea in :func:`details_due`: at most every 5 minutes while the total
moves, and only every 30 minutes while it does not.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

logger = logging.getLogger(__name__)

#: Activity this recent counts as "coding now": poll at the fast delay.
#: WakaTime plugins send a heartbeat at least every 2 minutes while the
#: user types, so a quiet spell shorter than this is reading, not a break.
ACTIVE_WINDOW = timedelta(minutes=5)
#: While idle, wait this fraction of the time the user has been idle.
IDLE_RAMP = 0.5
#: Fast delay: this fraction of the interval...
FAST_FACTOR = 0.5
#: ...but not below this (``settings.MIN_POLL_INTERVAL_SECONDS``).
FAST_FLOOR_SECONDS = 30.0
#: Slow delay: this many intervals...
SLOW_FACTOR = 5.0
#: ...but not above this (``settings.MAX_POLL_INTERVAL_SECONDS``).
SLOW_CAP_SECONDS = 600.0
#: Details are refetched at most this often while the total moves...
DETAILS_ACTIVE_MAX_AGE = timedelta(minutes=5)
#: ...and this often while it does not (ranks move with other people).
DETAILS_IDLE_MAX_AGE = timedelta(minutes=30)


@dataclass(frozen=True)
class Activity:
    """What the policy remembers between polls.

    ``last_total`` is today's total at the last successful poll and
    ``last_active_at`` the latest moment the user is known to have been
    coding (or the app started, or the computer woke up).
    """

    last_total: int | None = None
    last_active_at: datetime | None = None


def delay_bounds(interval_seconds: float) -> tuple[float, float]:
    """The (fast, slow) delays for a user interval; see the module doc."""
    fast = max(
        interval_seconds * FAST_FACTOR,
        min(interval_seconds, FAST_FLOOR_SECONDS),
    )
    slow = min(
        interval_seconds * SLOW_FACTOR,
        max(interval_seconds, SLOW_CAP_SECONDS),
    )
    return fast, slow


def observe(
    activity: Activity,
    *,
    total_seconds: int,
    now: datetime,
    latest_heartbeat_at: datetime | None = None,
) -> Activity:
    """The activity after a successful poll found ``total_seconds``.

    The first poll counts as activity (the app just started). A total
    lower than the last one is a new day, not activity. A heartbeat time
    in the future (a skewed clock) counts as now.
    """
    active_at = activity.last_active_at
    grew = activity.last_total is None or total_seconds > activity.last_total
    if grew:
        active_at = _latest(active_at, now)
    if latest_heartbeat_at is not None:
        active_at = _latest(active_at, min(latest_heartbeat_at, now))

    return Activity(last_total=total_seconds, last_active_at=active_at)


def resumed(activity: Activity, now: datetime) -> Activity:
    """The activity after the computer woke up: the user is back."""
    return replace(activity, last_active_at=now)


def idle_seconds(activity: Activity, now: datetime) -> float:
    """How long the user has been idle; 0 when nothing is known yet."""
    if activity.last_active_at is None:
        return 0.0
    return max(0.0, (now - activity.last_active_at).total_seconds())


def next_delay(
    activity: Activity, now: datetime, interval_seconds: float
) -> float:
    """Seconds to wait before the next poll; between the two bounds."""
    fast, slow = delay_bounds(interval_seconds)
    idle = idle_seconds(activity, now)
    if idle < ACTIVE_WINDOW.total_seconds():
        return fast
    return min(slow, max(fast, idle * IDLE_RAMP))


def details_due(
    activity: Activity, fetched_at: datetime | None, now: datetime
) -> bool:
    """Whether the menu's details should be fetched again at ``now``.

    Always when they never were; after :data:`DETAILS_ACTIVE_MAX_AGE` if
    the user was active since they were fetched; else after
    :data:`DETAILS_IDLE_MAX_AGE`.
    """
    if fetched_at is None:
        return True

    age = now - fetched_at
    active_since = (
        activity.last_active_at is not None
        and activity.last_active_at > fetched_at
    )
    if active_since:
        return age >= DETAILS_ACTIVE_MAX_AGE
    return age >= DETAILS_IDLE_MAX_AGE


def _latest(first: datetime | None, second: datetime) -> datetime:
    return second if first is None else max(first, second)
