"""APScheduler's home: the poll job, its timing, and clock-jump checks.

One background job polls: at once on start, then every interval with a
little jitter, never two at a time, never piling up after a sleep. A
second, cheap job compares the wall clock with the monotonic clock; a
jump (sleep and resume, a clock change) triggers a poll at once, since
APScheduler does not notice either (agronholm/apscheduler#794). A third
job fires just after local midnight, when the day's total starts over.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

logger = logging.getLogger(__name__)

POLL_JOB = "poll"
CLOCK_JOB = "clock-check"
MIDNIGHT_JOB = "midnight"
CLOCK_CHECK_SECONDS = 15.0
#: A wall-clock drift larger than this between two checks is a jump.
CLOCK_JUMP_SECONDS = 30.0


class PollScheduler:
    """Runs ``job`` periodically on a background thread."""

    def __init__(
        self,
        job: Callable[[], None],
        *,
        interval_seconds: float,
        jitter_seconds: float = 3.0,
        on_clock_jump: Callable[[], None] | None = None,
        clock_check_seconds: float = CLOCK_CHECK_SECONDS,
        wall_clock: Callable[[], float] = time.time,
        monotonic_clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._job = job
        self._interval = interval_seconds
        self._jitter = jitter_seconds
        self._on_clock_jump = on_clock_jump or self.run_now
        self._clock_check_seconds = clock_check_seconds
        self._wall_clock = wall_clock
        self._monotonic_clock = monotonic_clock
        self._last_wall = wall_clock()
        self._last_monotonic = monotonic_clock()
        self._scheduler = BackgroundScheduler(
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": None,
            },
            daemon=True,
        )

    @property
    def interval_seconds(self) -> float:
        """The normal time between polls."""
        return self._interval

    def start(self) -> None:
        """Start the jobs; the first poll runs at once."""
        self._scheduler.add_job(
            self._job,
            self._interval_trigger(),
            id=POLL_JOB,
            next_run_time=_now(),
        )
        self._scheduler.add_job(
            self.check_clock,
            IntervalTrigger(seconds=self._clock_check_seconds),
            id=CLOCK_JOB,
        )
        self._scheduler.add_job(
            self.run_now,
            CronTrigger(hour=0, minute=0, second=5),
            id=MIDNIGHT_JOB,
        )
        self._scheduler.start()
        logger.info("Polling every %s s", self._interval)

    def run_now(self) -> None:
        """Poll as soon as possible (also resumes a paused poll)."""
        self.run_in(0)

    def run_in(self, seconds: float) -> None:
        """Run the next poll after ``seconds``, then the normal interval."""
        if self._scheduler.get_job(POLL_JOB) is None:
            return
        self._scheduler.modify_job(
            POLL_JOB, next_run_time=_now() + timedelta(seconds=seconds)
        )

    def pause(self) -> None:
        """Stop polling until :meth:`run_now` (the key was rejected)."""
        if self._scheduler.get_job(POLL_JOB) is not None:
            self._scheduler.pause_job(POLL_JOB)
            logger.info("Polling paused until the key changes")

    def set_interval(self, seconds: float) -> None:
        """Change the normal interval; the next poll comes one from now."""
        self._interval = seconds
        if self._scheduler.get_job(POLL_JOB) is not None:
            self._scheduler.reschedule_job(
                POLL_JOB, trigger=self._interval_trigger()
            )

    def next_run_time(self) -> datetime | None:
        """When the poll job runs next, or None when paused or stopped."""
        job = self._scheduler.get_job(POLL_JOB)
        return None if job is None else job.next_run_time

    def shutdown(self, *, wait: bool = False) -> None:
        """Stop all jobs; a running poll finishes unless ``wait``."""
        if self._scheduler.running:
            self._scheduler.shutdown(wait=wait)

    def _interval_trigger(self) -> IntervalTrigger:
        return IntervalTrigger(seconds=self._interval, jitter=self._jitter)

    def check_clock(self) -> bool:
        """Poll now if the wall clock jumped since the last check."""
        wall, monotonic = self._wall_clock(), self._monotonic_clock()
        drift = (wall - self._last_wall) - (monotonic - self._last_monotonic)
        self._last_wall, self._last_monotonic = wall, monotonic
        if abs(drift) > CLOCK_JUMP_SECONDS:
            logger.info("The clock jumped by %.0f s; polling now", drift)
            self._on_clock_jump()
            return True
        return False


def _now() -> datetime:
    return datetime.now().astimezone()
