"""A simulated day of coding: smart refresh against a fixed schedule.

Pure simulation, no sleeping and no network: a seeded synthetic day of
heartbeats (coding sessions, reading pauses, breaks, a lunch and an
evening with the laptop asleep), the true total computed the way
Hackatime does (each gap between heartbeats counts up to 2 minutes), and
the polls each policy would make. The smart policy is the app's own
``tray_app.smart_refresh``; the fixed one is the scheduler's interval
with its 0-3 s jitter. Both get the scheduler's extra polls: at 00:00:05
and within 15 s of a resume (its clock-jump check).

Run alone: ``python benchmarks/simulate_day.py`` prints a summary.
"""

from __future__ import annotations

import bisect
import random
import statistics
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from tray_app import smart_refresh

DAY = 86400.0
#: Hackatime counts each gap between heartbeats up to this many seconds.
GAP_CAP = 120.0
#: Requests a details fetch makes (profile, stats, heartbeats, two
#: leaderboards, last 7 days, most recent heartbeat).
DETAILS_REQUESTS = 7
#: The fixed schedule's details rule (``poller.DETAILS_MAX_AGE``).
FIXED_DETAILS_SECONDS = 300.0
JITTER_SECONDS = 3.0
CLOCK_CHECK_SECONDS = 15.0
MIDNIGHT_POLL = 5.0
EPOCH = datetime(2026, 12, 3, tzinfo=UTC)


def hours(value: float) -> float:
    """Seconds from midnight for ``value`` hours."""
    return value * 3600.0


#: (start, end) of coding sessions, in hours since midnight.
SESSIONS = (
    (8.70, 10.25),
    (10.50, 12.17),
    (13.08, 14.83),
    (15.50, 17.75),
    (20.50, 22.00),
)
#: (start, end) of the computer asleep, in hours: night, lunch, evening.
#: It is awake (idle) at midnight, so the midnight poll happens.
SUSPENDS = ((1.0, 8.5), (12.25, 13.00), (18.00, 20.33))


@dataclass(frozen=True)
class SyntheticDay:
    """Heartbeat times and the asleep spells, in seconds since midnight."""

    heartbeats: tuple[float, ...]
    suspends: tuple[tuple[float, float], ...]

    def asleep(self, moment: float) -> bool:
        """Whether the computer sleeps at ``moment``."""
        return any(start <= moment < end for start, end in self.suspends)

    def wake_after(self, moment: float) -> float:
        """The end of the sleep spell holding ``moment``."""
        for start, end in self.suspends:
            if start <= moment < end:
                return end
        return moment


def synthetic_day(seed: int = 1) -> SyntheticDay:
    """A working day of heartbeats with reading pauses inside sessions."""
    rng = random.Random(seed)
    beats: list[float] = []
    for start_hour, end_hour in SESSIONS:
        moment, end = hours(start_hour), hours(end_hour)
        while moment < end:
            beats.append(moment)
            if rng.random() < 0.04:
                moment += rng.uniform(180, 480)  # reading, no heartbeats
            else:
                moment += rng.uniform(15, 120)  # typing, switching files
    suspends = tuple((hours(a), hours(b)) for a, b in SUSPENDS)
    return SyntheticDay(tuple(beats), suspends)


def true_total(beats: tuple[float, ...], upto: int) -> float:
    """Hackatime's total for the first ``upto`` heartbeats of the day."""
    return sum(min(beats[i] - beats[i - 1], GAP_CAP) for i in range(1, upto))


@dataclass
class Outcome:
    """The polls one policy made over the day, and what they showed."""

    name: str
    polls: list[float] = field(default_factory=list)
    details: list[float] = field(default_factory=list)

    def requests(self, during: tuple[tuple[float, float], ...] = ()) -> int:
        """Statusbar polls plus the details' requests (in ``during``)."""

        def inside(moment: float) -> bool:
            return not during or any(a <= moment < b for a, b in during)

        polls = sum(inside(moment) for moment in self.polls)
        fetches = sum(inside(moment) for moment in self.details)
        return polls + DETAILS_REQUESTS * fetches


class _Truth:
    """Answers "what is the total now" and "when did the user code last"."""

    def __init__(self, day: SyntheticDay) -> None:
        self.day = day

    def seen(self, moment: float) -> int:
        """How many heartbeats the server has by ``moment``."""
        return bisect.bisect_right(self.day.heartbeats, moment)

    def total(self, moment: float) -> int:
        """Today's total (seconds, as the server returns it)."""
        return int(true_total(self.day.heartbeats, self.seen(moment)))

    def latest_beat(self, moment: float) -> float | None:
        """The newest heartbeat at ``moment``, if any."""
        count = self.seen(moment)
        return self.day.heartbeats[count - 1] if count else None


def _at(moment: float) -> datetime:
    return EPOCH + timedelta(seconds=moment)


def simulate_fixed(day: SyntheticDay, interval: float, seed: int) -> Outcome:
    """The scheduler's plain interval (with jitter), details every 5 min."""
    rng = random.Random(seed)
    outcome = Outcome(f"fixed {interval:g} s")
    details_at: float | None = None
    moment = MIDNIGHT_POLL
    while moment < DAY:
        if day.asleep(moment):
            moment = day.wake_after(moment) + rng.uniform(
                0, CLOCK_CHECK_SECONDS
            )
            continue
        outcome.polls.append(moment)
        if details_at is None or moment - details_at >= FIXED_DETAILS_SECONDS:
            outcome.details.append(moment)
            details_at = moment
        moment += interval + rng.uniform(0, JITTER_SECONDS)
    return outcome


def simulate_smart(day: SyntheticDay, interval: float, seed: int) -> Outcome:
    """The app's smart refresh, fed what each poll would have seen."""
    rng = random.Random(seed)
    truth = _Truth(day)
    outcome = Outcome(f"smart ({interval:g} s setting)")
    # The tray ran through yesterday evening: last coding at 22:00, and
    # yesterday's total (larger than today's 0) still shown at midnight.
    activity = smart_refresh.Activity(
        last_total=int(DAY), last_active_at=_at(hours(22.0) - DAY)
    )
    details_at: datetime | None = _at(-60.0)
    moment = MIDNIGHT_POLL
    while moment < DAY:
        if day.asleep(moment):
            moment = day.wake_after(moment) + rng.uniform(
                0, CLOCK_CHECK_SECONDS
            )
            activity = smart_refresh.resumed(activity, _at(moment))
            continue
        now = _at(moment)
        outcome.polls.append(moment)
        activity = smart_refresh.observe(
            activity, total_seconds=truth.total(moment), now=now
        )
        if smart_refresh.details_due(activity, details_at, now):
            outcome.details.append(moment)
            details_at = now
            beat = truth.latest_beat(moment)
            activity = smart_refresh.observe(
                activity,
                total_seconds=truth.total(moment),
                now=now,
                latest_heartbeat_at=None if beat is None else _at(beat),
            )
        moment += smart_refresh.next_delay(activity, now, interval)
    return outcome


@dataclass(frozen=True)
class Staleness:
    """How long changes of the true total waited to be shown (seconds)."""

    worst: float
    p95: float
    median: float
    worst_in_session: float
    worst_after_break: float
    changes: int


def staleness(day: SyntheticDay, polls: list[float]) -> Staleness:
    """Wait from each change of the true total to the first poll after it.

    A change is each heartbeat but the day's first (which adds nothing).
    "After a break" is a change more than ``ACTIVE_WINDOW`` after the
    previous heartbeat: the case smart refresh trades for fewer polls.
    """
    window = smart_refresh.ACTIVE_WINDOW.total_seconds()
    beats = day.heartbeats
    waits, in_session, after_break = [], [0.0], [0.0]
    for index in range(1, len(beats)):
        changed_at = beats[index]
        position = bisect.bisect_left(polls, changed_at)
        # A change after the day's last poll is dropped at midnight.
        shown_at = polls[position] if position < len(polls) else DAY
        wait = shown_at - changed_at
        waits.append(wait)
        if changed_at - beats[index - 1] > window:
            after_break.append(wait)
        else:
            in_session.append(wait)
    ordered = sorted(waits)
    return Staleness(
        worst=ordered[-1],
        p95=ordered[int(0.95 * (len(ordered) - 1))],
        median=statistics.median(ordered),
        worst_in_session=max(in_session),
        worst_after_break=max(after_break),
        changes=len(waits),
    )


@dataclass(frozen=True)
class PolicyRow:
    """One line of the comparison table (rates are requests per hour)."""

    policy: str
    interval: float
    polls: int
    detail_fetches: int
    requests: int
    per_hour: float
    per_coding_hour: float
    per_idle_awake_hour: float
    staleness: Staleness


def compare(
    intervals: tuple[float, ...] = (30, 60, 120, 300, 600), seed: int = 1
) -> tuple[SyntheticDay, list[PolicyRow]]:
    """Fixed and smart polling for each interval setting over one day."""
    day = synthetic_day(seed)
    coding = tuple((hours(a), hours(b)) for a, b in SESSIONS)
    idle_awake = _awake_gaps(day, coding)
    rows = []
    for interval in intervals:
        for outcome in (
            simulate_fixed(day, interval, seed),
            simulate_smart(day, interval, seed),
        ):
            rows.append(
                PolicyRow(
                    policy=outcome.name,
                    interval=interval,
                    polls=len(outcome.polls),
                    detail_fetches=len(outcome.details),
                    requests=outcome.requests(),
                    per_hour=outcome.requests() / 24.0,
                    per_coding_hour=outcome.requests(coding)
                    / _hours_in(coding),
                    per_idle_awake_hour=outcome.requests(idle_awake)
                    / _hours_in(idle_awake),
                    staleness=staleness(day, outcome.polls),
                )
            )
    return day, rows


def _hours_in(spans: tuple[tuple[float, float], ...]) -> float:
    return sum(end - start for start, end in spans) / 3600.0


def _awake_gaps(
    day: SyntheticDay, coding: tuple[tuple[float, float], ...]
) -> tuple[tuple[float, float], ...]:
    """The awake spans of the day outside the coding sessions."""
    busy = sorted((*day.suspends, *coding))
    gaps, moment = [], 0.0
    for start, end in busy:
        if start > moment:
            gaps.append((moment, start))
        moment = max(moment, end)
    if moment < DAY:
        gaps.append((moment, DAY))
    return tuple(gaps)


def describe_day(day: SyntheticDay) -> str:
    """One paragraph on the synthetic day."""
    coded = true_total(day.heartbeats, len(day.heartbeats))
    asleep = sum(end - start for start, end in day.suspends) / 3600
    return (
        f"{len(day.heartbeats)} heartbeats in {len(SESSIONS)} sessions "
        f"({coded / 3600:.1f} h coded by Hackatime's rule), reading "
        f"pauses of 3-8 min inside sessions, breaks of 15-55 min, and the "
        f"laptop asleep {asleep:.1f} h (lunch, evening, night)."
    )


def main() -> None:
    """Print the comparison for the default seed."""
    day, rows = compare()
    print(describe_day(day))
    for row in rows:
        stale = row.staleness
        print(
            f"{row.policy:22} polls {row.polls:5d} details "
            f"{row.detail_fetches:4d} req/h {row.per_hour:6.1f} (coding "
            f"{row.per_coding_hour:6.1f}, idle {row.per_idle_awake_hour:6.1f})"
            " worst "
            f"{stale.worst:5.0f} s p95 {stale.p95:4.0f} s median "
            f"{stale.median:3.0f} s in-session {stale.worst_in_session:4.0f}"
            f" s after-break {stale.worst_after_break:4.0f} s"
        )


if __name__ == "__main__":
    sys.exit(main())
