"""Smart refresh: the pure delay policy, and the poller using it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from tray_app import smart_refresh
from tray_app.address import parse_server_address
from tray_app.client import HackatimeClient
from tray_app.controller import Hooks, TrayController
from tray_app.demo import DemoServer
from tray_app.formatting import DisplayFormat, format_duration
from tray_app.menu_model import POLL_INTERVALS
from tray_app.poller import Poller
from tray_app.settings import (
    MAX_POLL_INTERVAL_SECONDS,
    MIN_POLL_INTERVAL_SECONDS,
    Settings,
)
from tray_app.smart_refresh import (
    ACTIVE_WINDOW,
    DETAILS_ACTIVE_MAX_AGE,
    DETAILS_IDLE_MAX_AGE,
    Activity,
    delay_bounds,
    details_due,
    next_delay,
    observe,
    resumed,
)

START = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
DETAIL_PATHS = ("/users/current", "/my/heartbeats/most_recent")


def minutes(count: float) -> timedelta:
    """A timedelta of ``count`` minutes."""
    return timedelta(minutes=count)


def started(total: int = 3600) -> Activity:
    """The activity after the app's first poll at START."""
    return observe(Activity(), total_seconds=total, now=START)


def test_default_interval_polls_every_30_s_active_and_5_min_idle() -> None:
    """With the default 60 s setting the bounds are 30 s and 300 s."""
    assert delay_bounds(60) == (30, 300)


@pytest.mark.parametrize(
    ("interval", "bounds"),
    [(30, (30, 150)), (120, (60, 600)), (300, (150, 600)), (600, (300, 600))],
)
def test_each_menu_interval_gives_its_documented_bounds(
    interval: int, bounds: tuple[float, float]
) -> None:
    """Every interval the menu offers maps to the documented fast/slow."""
    assert delay_bounds(interval) == bounds


@pytest.mark.parametrize("interval", [*POLL_INTERVALS, 0.05, 5, 1800])
def test_setting_lies_between_fast_and_slow_delay(interval: float) -> None:
    """The fast delay never exceeds the setting, the slow one never undercuts it."""
    fast, slow = delay_bounds(interval)

    assert 0 < fast <= interval <= slow
    assert fast >= interval / 2
    assert slow <= interval * 5


def test_bounds_match_the_settings_allowed_range() -> None:
    """The policy's 30 s floor and 10 min cap are the settings' own range."""
    assert smart_refresh.FAST_FLOOR_SECONDS == MIN_POLL_INTERVAL_SECONDS
    assert smart_refresh.SLOW_CAP_SECONDS == MAX_POLL_INTERVAL_SECONDS


def test_first_poll_counts_as_activity() -> None:
    """Right after start the app polls at the fast delay."""
    activity = started()

    assert activity.last_active_at == START
    assert next_delay(activity, START, 60) == 30


def test_growing_total_keeps_polling_fast() -> None:
    """A total that grew since the last poll means coding: fast delay."""
    later = START + minutes(20)

    activity = observe(started(), total_seconds=3700, now=later)

    assert activity.last_active_at == later
    assert next_delay(activity, later, 60) == 30


def test_quiet_spell_shorter_than_active_window_stays_fast() -> None:
    """Reading code for a few minutes without heartbeats is not a break."""
    activity = started()
    now = START + ACTIVE_WINDOW - timedelta(seconds=1)

    activity = observe(activity, total_seconds=3600, now=now)

    assert next_delay(activity, now, 60) == 30


def test_idle_delay_is_half_the_idle_time_between_the_bounds() -> None:
    """Six idle minutes give a 3 minute wait; an idle hour the 5 min cap."""
    activity = started()

    assert next_delay(activity, START + minutes(6), 60) == 180
    assert next_delay(activity, START + minutes(60), 60) == 300
    assert next_delay(activity, START + minutes(60), 600) == 600


def test_user_interval_caps_the_idle_delay() -> None:
    """With a 30 s setting an idle user is polled every 150 s, not 5 min."""
    activity = started()

    assert next_delay(activity, START + minutes(60), 30) == 150


def test_lower_total_is_a_new_day_not_activity() -> None:
    """A total that dropped (midnight) does not count as coding."""
    midnight = START + minutes(60)

    activity = observe(started(), total_seconds=0, now=midnight)

    assert activity.last_active_at == START
    assert activity.last_total == 0
    assert next_delay(activity, midnight, 60) == 300


def test_fresh_heartbeat_keeps_polling_fast_without_growth() -> None:
    """A heartbeat a minute old means the user codes, even if the total
    has not moved yet."""
    now = START + minutes(30)

    activity = observe(
        started(),
        total_seconds=3600,
        now=now,
        latest_heartbeat_at=now - minutes(1),
    )

    assert activity.last_active_at == now - minutes(1)
    assert next_delay(activity, now, 60) == 30


def test_heartbeat_from_the_future_counts_as_now() -> None:
    """A skewed server clock cannot keep the app fast for hours."""
    now = START + minutes(30)

    activity = observe(
        started(),
        total_seconds=3600,
        now=now,
        latest_heartbeat_at=now + minutes(120),
    )

    assert activity.last_active_at == now
    assert next_delay(activity, now + minutes(60), 60) == 300


def test_old_heartbeat_does_not_move_activity_back() -> None:
    """A heartbeat older than the last known activity changes nothing."""
    activity = observe(
        started(),
        total_seconds=3600,
        now=START,
        latest_heartbeat_at=START - minutes(90),
    )

    assert activity.last_active_at == START


def test_resume_after_idle_polls_fast_again() -> None:
    """Waking the computer counts as activity: back to the fast delay."""
    wake = START + minutes(120)

    activity = resumed(started(), wake)

    assert next_delay(activity, wake, 60) == 30


def test_details_never_fetched_are_due() -> None:
    """With no details yet, a poll fetches them."""
    assert details_due(Activity(), None, START) is True


def test_details_follow_activity_every_five_minutes() -> None:
    """While the total moves, details are refetched after five minutes."""
    fetched_at = START
    now = START + DETAILS_ACTIVE_MAX_AGE
    activity = observe(started(), total_seconds=3700, now=now)

    assert details_due(activity, fetched_at, now - minutes(1)) is False
    assert details_due(activity, fetched_at, now) is True


def test_details_wait_thirty_minutes_while_idle() -> None:
    """Without activity since the last fetch, details wait half an hour."""
    activity = started()
    fetched_at = START

    assert details_due(activity, fetched_at, START + minutes(29)) is False
    assert details_due(activity, fetched_at, START + DETAILS_IDLE_MAX_AGE)


class SteppingClock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def poller_clock() -> SteppingClock:
    """The poller's clock, starting at START."""
    return SteppingClock(START)


@pytest.fixture
def server() -> Iterator[DemoServer]:
    """A demo server whose clock stays at START (no new heartbeats)."""
    with DemoServer(now=lambda: START) as demo:
        yield demo


@pytest.fixture
def smart_poller(
    server: DemoServer, poller_clock: SteppingClock
) -> Iterator[Poller]:
    """A smart-refresh poller on a 60 s interval against the demo server."""
    address = parse_server_address(server.url)
    with HackatimeClient(address, server.api_key, timeout=2.0) as client:
        yield Poller(
            client,
            interval_seconds=60,
            clock=poller_clock,
            smart_refresh=True,
        )


def detail_requests(server: DemoServer) -> int:
    """How many requests went to a path only the details fetch uses."""
    return sum(
        request.path.endswith(DETAIL_PATHS) for request in server.requests
    )


def test_smart_poller_waits_the_fast_delay_after_start(
    smart_poller: Poller,
) -> None:
    """The first successful poll asks for the next one in 30 s."""
    result = smart_poller.poll()

    assert result.status.total_seconds > 0
    assert result.next_delay == 30


def test_smart_poller_slows_down_when_nothing_changes(
    smart_poller: Poller, poller_clock: SteppingClock
) -> None:
    """An hour with the same total and no new heartbeat: 5 min delay."""
    smart_poller.poll()
    poller_clock.now = START + minutes(60)

    result = smart_poller.poll()

    assert result.next_delay == 300


def test_smart_poller_speeds_up_when_coding_resumes(
    smart_poller: Poller, poller_clock: SteppingClock, server: DemoServer
) -> None:
    """New coding on the server after an idle hour brings back 30 s."""
    smart_poller.poll()
    poller_clock.now = START + minutes(60)
    smart_poller.poll()
    server.add_coding(600)

    result = smart_poller.poll()

    assert result.next_delay == 30


def test_smart_poller_is_fast_after_a_resume(
    smart_poller: Poller, poller_clock: SteppingClock
) -> None:
    """A resume noted by the scheduler makes the next delay fast."""
    smart_poller.poll()
    poller_clock.now = START + minutes(60)
    smart_poller.note_resume()

    result = smart_poller.poll()

    assert result.next_delay == 30


def test_smart_poller_follows_the_interval_changed_in_the_menu(
    smart_poller: Poller, poller_clock: SteppingClock
) -> None:
    """A 10 minute setting makes the idle delay 10 minutes."""
    smart_poller.poll()
    poller_clock.now = START + minutes(60)
    smart_poller.interval_seconds = 600

    result = smart_poller.poll()

    assert result.next_delay == 600


def test_smart_poller_skips_details_while_idle(
    smart_poller: Poller, poller_clock: SteppingClock, server: DemoServer
) -> None:
    """Idle polls within half an hour fetch today's total only."""
    smart_poller.poll()
    after_first = detail_requests(server)
    poller_clock.now = START + minutes(10)
    smart_poller.poll()
    poller_clock.now = START + minutes(25)
    smart_poller.poll()

    assert after_first > 0
    assert detail_requests(server) == after_first


def test_smart_poller_refetches_details_after_coding(
    smart_poller: Poller, poller_clock: SteppingClock, server: DemoServer
) -> None:
    """Coding since the last fetch refreshes the details after 5 min."""
    smart_poller.poll()
    after_first = detail_requests(server)
    server.add_coding(300)
    poller_clock.now = START + DETAILS_ACTIVE_MAX_AGE

    smart_poller.poll()

    assert detail_requests(server) > after_first


class PaintedTray:
    """Records the titles the controller shows (the tray is the OS edge)."""

    has_notifications = False

    def __init__(self) -> None:
        self.titles: list[str] = []

    def update(self, image: object, title: str, entries: object) -> None:
        self.titles.append(title)

    def notify(self, title: str, message: str) -> bool:
        return False

    def stop(self) -> None:
        pass


def test_start_up_paint_fetches_todays_total_alone(
    smart_poller: Poller, server: DemoServer
) -> None:
    """show_total puts today's total in the tray after one request only."""
    controller = TrayController(
        smart_poller,
        address=parse_server_address(server.url),
        settings=Settings(),
        hooks=Hooks(render=lambda view: view, open_url=lambda url: None),
        clock=lambda: START,
    )
    tray = PaintedTray()
    controller.attach(tray)

    controller.show_total()

    total = smart_poller.status.total_seconds
    assert len(tray.titles) == 1
    assert format_duration(total, DisplayFormat.DEFAULT) in tray.titles[0]
    assert [request.path for request in server.requests] == [
        "/api/hackatime/v1/users/current/statusbar/today"
    ]


# The recent-heartbeats part of the details: ``my/heartbeats`` has no
# limit, so the poller asks for as short a range as will do.

EARLY = datetime(2026, 12, 3, 7, 30, tzinfo=UTC)
HEARTBEATS_PATH = "/my/heartbeats"


@pytest.fixture
def early_clock() -> SteppingClock:
    """A clock at 07:30 UTC, before the demo's first planned session."""
    return SteppingClock(EARLY)


@pytest.fixture
def early_server(early_clock: SteppingClock) -> Iterator[DemoServer]:
    """A demo server (UTC user) that shares the poller's clock."""
    with DemoServer(now=early_clock, timezone="UTC") as demo:
        yield demo


@pytest.fixture
def plain_poller(
    early_server: DemoServer, early_clock: SteppingClock
) -> Iterator[Poller]:
    """A poller without smart refresh (details every 5 minutes)."""
    address = parse_server_address(early_server.url)
    with HackatimeClient(address, early_server.api_key, timeout=2.0) as client:
        yield Poller(client, interval_seconds=60, clock=early_clock)


def add_beats(server: DemoServer, *moments: datetime) -> None:
    """Store one heartbeat at each moment."""
    server.add_heartbeats(
        {"time": moment.timestamp(), "entity": "main.py", "type": "file"}
        for moment in moments
    )


def heartbeat_starts(server: DemoServer) -> list[datetime]:
    """The start_time of every ``my/heartbeats`` request, in order."""
    return [
        datetime.fromisoformat(request.query["start_time"])
        for request in server.requests
        if request.path.endswith(HEARTBEATS_PATH)
    ]


def test_first_details_read_only_the_last_hour_when_it_is_busy(
    plain_poller: Poller, early_server: DemoServer
) -> None:
    """Twelve heartbeats in the last hour: one request, from an hour ago."""
    add_beats(early_server, *(EARLY - minutes(30 - 2 * i) for i in range(12)))

    details = plain_poller.poll().details

    assert heartbeat_starts(early_server) == [EARLY - minutes(60)]
    assert len(details.recent) == 10
    assert details.recent[-1].time == (EARLY - minutes(8)).timestamp()


def test_first_details_read_the_whole_day_when_the_hour_is_quiet(
    plain_poller: Poller, early_server: DemoServer
) -> None:
    """With under ten heartbeats in the last hour, the whole day is read."""
    add_beats(early_server, *(EARLY - minutes(300 - i) for i in range(12)))

    details = plain_poller.poll().details

    midnight = EARLY.replace(hour=0, minute=0)
    assert heartbeat_starts(early_server) == [EARLY - minutes(60), midnight]
    assert len(details.recent) == 10
    assert details.recent[-1].time == (EARLY - minutes(289)).timestamp()


def test_later_details_read_only_since_the_last_fetch_and_merge(
    plain_poller: Poller, early_server: DemoServer, early_clock: SteppingClock
) -> None:
    """The next fetch starts 10 min before the last; old and new merge."""
    add_beats(early_server, *(EARLY - minutes(30 - 2 * i) for i in range(12)))
    plain_poller.poll()
    early_clock.now = EARLY + minutes(6)
    add_beats(early_server, EARLY + minutes(2), EARLY + minutes(4))

    details = plain_poller.poll().details

    assert heartbeat_starts(early_server)[-1] == EARLY - minutes(10)
    times = [beat.time for beat in details.recent]
    assert len(times) == 10 == len(set(times))
    assert times == sorted(times)
    assert times[-2:] == [
        (EARLY + minutes(2)).timestamp(),
        (EARLY + minutes(4)).timestamp(),
    ]
