"""The APScheduler poll job: first run, run-now, pause, clock jumps."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from tray_app.scheduler import CLOCK_JUMP_SECONDS, PollScheduler

WAIT = 10.0


class Counter:
    """A job that counts its runs and can be held inside a run."""

    def __init__(self) -> None:
        self.runs = 0
        self.running = 0
        self.most_at_once = 0
        self.ran = threading.Event()
        self.release = threading.Event()
        self.release.set()
        self._lock = threading.Lock()

    def __call__(self) -> None:
        with self._lock:
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        self.release.wait(WAIT)
        with self._lock:
            self.running -= 1
            self.runs += 1
        self.ran.set()


@pytest.fixture
def job() -> Counter:
    """A fresh counting job."""
    return Counter()


@pytest.fixture
def scheduler(job: Counter) -> Iterator[PollScheduler]:
    """A scheduler with an hour-long interval, so only explicit runs run."""
    polls = PollScheduler(job, interval_seconds=3600, jitter_seconds=0)
    yield polls
    polls.shutdown()


def test_first_poll_runs_at_once_on_start(
    scheduler: PollScheduler, job: Counter
) -> None:
    """Starting the scheduler polls immediately, not after the interval."""
    scheduler.start()

    assert job.ran.wait(WAIT)
    assert job.runs == 1


def test_run_now_polls_again_before_the_interval(
    scheduler: PollScheduler, job: Counter
) -> None:
    """ "Refresh now" runs the job at once, an hour before it is due."""
    scheduler.start()
    assert job.ran.wait(WAIT)
    job.ran.clear()

    scheduler.run_now()

    assert job.ran.wait(WAIT)
    assert job.runs == 2


def test_polls_never_overlap(scheduler: PollScheduler, job: Counter) -> None:
    """While one poll hangs, further run-now requests do not start another."""
    job.release.clear()
    scheduler.start()
    for _ in range(5):
        scheduler.run_now()
    job.release.set()

    assert job.ran.wait(WAIT)
    assert job.most_at_once == 1


def test_pause_stops_polling_until_run_now(
    scheduler: PollScheduler, job: Counter
) -> None:
    """A paused job has no next run; run-now resumes it."""
    scheduler.start()
    assert job.ran.wait(WAIT)

    scheduler.pause()
    paused_next = scheduler.next_run_time()
    scheduler.run_now()

    assert paused_next is None
    assert scheduler.next_run_time() is not None


def test_run_in_moves_the_next_poll(scheduler: PollScheduler) -> None:
    """A back-off sets the next run to the given delay from now."""
    scheduler.start()

    scheduler.run_in(120)
    next_run = scheduler.next_run_time()

    assert next_run is not None
    remaining = (next_run - next_run.now(next_run.tzinfo)).total_seconds()
    assert 100 < remaining <= 120


def test_set_interval_changes_the_normal_interval(
    scheduler: PollScheduler,
) -> None:
    """A new interval from Preferences is used from now on."""
    scheduler.start()

    scheduler.set_interval(30)
    next_run = scheduler.next_run_time()

    assert scheduler.interval_seconds == 30
    assert next_run is not None
    remaining = (next_run - next_run.now(next_run.tzinfo)).total_seconds()
    assert remaining <= 30


def test_wall_clock_jump_triggers_a_poll(job: Counter) -> None:
    """A wall clock that leaps ahead of the monotonic one means a resume."""
    wall, monotonic = [1000.0], [50.0]
    jumps: list[bool] = []
    polls = PollScheduler(
        job,
        interval_seconds=3600,
        on_clock_jump=lambda: jumps.append(True),
        wall_clock=lambda: wall[0],
        monotonic_clock=lambda: monotonic[0],
    )
    wall[0] += 15
    monotonic[0] += 15
    steady = polls.check_clock()
    wall[0] += 15 + CLOCK_JUMP_SECONDS * 10
    monotonic[0] += 15

    jumped = polls.check_clock()

    assert steady is False
    assert jumped is True
    assert jumps == [True]
