"""Demo data: realistic, deterministic, and totalled like the real server."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tray_app.client import HackatimeClient
from tray_app.demo import DemoServer
from tray_app.demo.data import duration_seconds, grouped_durations, plan_day

ClientFactory = Callable[..., HackatimeClient]
NOW = datetime(2025, 12, 15, 15, 30, tzinfo=UTC)


def test_duration_adds_min_gap_and_120_seconds() -> None:
    """Gaps count in full up to 120 s and as 120 s beyond; first adds 0."""
    beats = [{"time": t} for t in (1000.0, 1030.0, 1100.0, 1400.0, 1400.0)]

    assert duration_seconds(beats) == 30 + 70 + 120 + 0
    assert duration_seconds(reversed(beats)) == 220
    assert duration_seconds([{"time": 5.0}]) == 0
    assert duration_seconds([]) == 0


def test_grouped_durations_count_gaps_within_each_group_only() -> None:
    """Per-language totals pair heartbeats of the same language only."""
    beats = [
        {"time": 0.0, "language": "Python"},
        {"time": 60.0, "language": "Rust"},
        {"time": 90.0, "language": "Python"},
        {"time": 100.0, "language": None},
    ]

    assert grouped_durations(beats, "language") == {
        "Python": 90,
        "Rust": 0,
        "": 0,
    }


def test_served_totals_follow_the_cap_rule_over_added_heartbeats(
    demo: DemoServer, client: HackatimeClient
) -> None:
    """A day outside the demo history holds exactly the added heartbeats."""
    start = datetime(2025, 10, 1, 9, tzinfo=UTC).timestamp()
    demo.add_heartbeats(
        {"time": start + offset} for offset in (0, 30, 100, 400, 401, 5000)
    )

    window = client.heartbeats(
        start_time=datetime(2025, 10, 1, tzinfo=UTC),
        end_time=datetime(2025, 10, 1, 23, 59, 59, tzinfo=UTC),
    )

    assert len(window.heartbeats) == 6
    assert window.total_seconds == 30 + 70 + 120 + 1 + 120


def test_todays_total_grows_by_exactly_the_added_coding(
    demo: DemoServer, client: HackatimeClient
) -> None:
    """add_coding(n) raises statusbar/today by n seconds."""
    before = client.today().total_seconds

    demo.add_coding(600)
    after = client.today().total_seconds
    demo.add_coding(45)

    assert after == before + 600
    assert client.today().total_seconds == before + 645


def test_add_coding_on_an_empty_day_reaches_the_goal(
    make_client: ClientFactory,
) -> None:
    """From zero, enough coding completes the 2 h goal."""
    early = datetime(2025, 12, 15, 3, 0, tzinfo=UTC)
    with DemoServer(now=lambda: early) as server:
        client = make_client(server.url, server.api_key)
        assert client.today().total_seconds == 0

        server.add_coding(7200)
        today = client.today()

    assert today.total_seconds == 7200
    assert today.goal is not None and today.goal.complete
    assert today.text == "2h / 2h goal"


def test_time_zone_change_moves_the_day_window(
    demo: DemoServer, client: HackatimeClient
) -> None:
    """In UTC+14 "today" is another window, and the total follows it."""
    utc_total = client.today().total_seconds

    demo.set_timezone("Pacific/Kiritimati")
    zone = ZoneInfo("Pacific/Kiritimati")
    local_day = NOW.astimezone(zone).date()
    midnight = datetime.combine(local_day, time(), zone)
    window = client.heartbeats(
        start_time=midnight, end_time=midnight + timedelta(seconds=86399)
    )
    kiritimati_total = client.today().total_seconds

    assert local_day == date(2025, 12, 16)
    assert kiritimati_total == window.total_seconds
    assert kiritimati_total != utc_total
    assert client.profile().timezone == "Pacific/Kiritimati"


def test_same_seed_gives_same_day_and_other_seed_another() -> None:
    """Planning is deterministic by seed and date."""
    zone = ZoneInfo("Europe/London")
    day = date(2025, 12, 10)

    assert plan_day(day, zone, 1) == plan_day(day, zone, 1)
    assert plan_day(day, zone, 1) != plan_day(day, zone, 2)


def test_a_planned_day_is_realistic_and_inside_the_local_day() -> None:
    """Several projects, languages, raw editor tokens; sessions with gaps."""
    zone = ZoneInfo("America/Los_Angeles")
    day = date(2025, 12, 10)
    beats = [
        beat for seed in range(1, 4) for beat in plan_day(day, zone, seed)
    ]
    times = sorted(float(str(beat["time"])) for beat in plan_day(day, zone, 1))
    start = datetime.combine(day, time(), zone).timestamp()

    assert {beat["project"] for beat in beats} >= {
        "hackatime-tray",
        "portfolio",
    }
    assert len({beat["language"] for beat in beats}) >= 4
    assert {beat["editor"] for beat in beats} >= {"vscode", "neovim"}
    assert all(str(beat["editor"]).islower() for beat in beats)
    assert all(start <= t < start + 86400 for t in times)
    assert max(b - a for a, b in zip(times, times[1:], strict=False)) > 3600
    assert 3600 < duration_seconds(plan_day(day, zone, 1)) < 12 * 3600


def test_planned_heartbeats_appear_as_the_clock_reaches_them() -> None:
    """Heartbeats later than "now" are not served yet."""
    clock = [datetime(2025, 12, 15, 10, 0, tzinfo=UTC)]
    with DemoServer(now=lambda: clock[0]) as server:
        start, end = server.store.day_bounds(
            date(2025, 12, 15), ZoneInfo("UTC")
        )
        morning = server.store.between(start, end)
        clock[0] = datetime(2025, 12, 15, 23, 0, tzinfo=UTC)
        evening = server.store.between(start, end)

    assert all(float(str(b["time"])) <= clock[0].timestamp() for b in evening)
    assert len(evening) > len(morning)
    assert evening[: len(morning)] == morning
