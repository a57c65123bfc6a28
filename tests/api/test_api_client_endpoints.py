"""Every HackatimeClient method against the demo server over loopback."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tray_app.client import HackatimeClient
from tray_app.demo import DemoServer
from tray_app.errors import KeyRejectedError, NoKeyError, NotFoundError

ClientFactory = Callable[..., HackatimeClient]
FIXED_NOW = datetime(2025, 12, 15, 15, 30, tzinfo=UTC)


def test_demo_clock_is_the_fixed_one(fixed_now: datetime) -> None:
    """The tests here assume the demo fixture's fixed clock."""
    assert fixed_now == FIXED_NOW


def _gap_rule_total(times: list[float]) -> int:
    """The server's rule, written out: sum of min(gap, 120 s)."""
    ordered = sorted(times)
    return round(
        sum(
            min(b - a, 120) for a, b in zip(ordered, ordered[1:], strict=False)
        )
    )


def test_today_matches_the_heartbeats_of_the_day(
    client: HackatimeClient,
) -> None:
    """statusbar/today equals the capped-gap sum of that day's heartbeats."""
    today = client.today()
    day = client.heartbeats()

    assert today.total_seconds > 0
    assert today.total_seconds == day.total_seconds
    assert today.total_seconds == _gap_rule_total(
        [beat.time for beat in day.heartbeats]
    )
    assert today.goal is not None
    assert today.goal.target_seconds == 7200
    assert today.text.endswith(" / 2h goal")


def test_profile_and_check_key_name_the_demo_user(
    client: HackatimeClient,
) -> None:
    """users/current gives the demo user and their zone; check_key too."""
    profile = client.profile()

    assert profile.id == "42"
    assert profile.username == "orpheus"
    assert profile.timezone == "UTC"
    assert client.check_key() == profile


def test_last_7_days_covers_eight_local_days(
    demo: DemoServer, client: HackatimeClient
) -> None:
    """last_7_days starts at midnight 7 days ago in the user's zone."""
    demo.set_timezone("America/New_York")
    week = client.last_7_days()

    zone = ZoneInfo("America/New_York")
    local_today = FIXED_NOW.astimezone(zone).date()
    assert week.start is not None
    assert datetime.fromisoformat(week.start) == datetime(
        local_today.year, local_today.month, local_today.day, tzinfo=zone
    ) - timedelta(days=7)
    assert week.total_seconds > 0
    assert 1 <= week.days_including_holidays <= 8
    assert {item.name for item in week.editors} >= {"VSCode"}
    assert week.projects[0].total_seconds >= week.projects[-1].total_seconds


def test_user_stats_window_is_end_exclusive(
    demo: DemoServer, client: HackatimeClient
) -> None:
    """users/my/stats counts heartbeats before end_date, not at it."""
    start = datetime(2025, 10, 1, tzinfo=UTC)
    demo.add_heartbeats(
        {"time": start.timestamp() + seconds, "language": "Go", "project": "x"}
        for seconds in (0, 60, 120, 180)
    )

    stats = client.user_stats(
        start_date=start, end_date=start + timedelta(seconds=180)
    )

    assert stats.total_seconds == 120
    assert [(item.name, item.total_seconds) for item in stats.languages] == [
        ("Go", 120)
    ]
    assert [item.name for item in stats.projects] == ["x"]
    assert stats.user_id == "42"


def test_user_stats_dates_and_limit_are_passed_through(
    client: HackatimeClient,
) -> None:
    """Plain dates are read in UTC; ``limit`` trims each list."""
    first = FIXED_NOW.date() - timedelta(days=6)
    stats = client.user_stats(
        start_date=first,
        end_date=FIXED_NOW.date() + timedelta(days=1),
        limit=2,
    )
    whole = client.user_stats(
        start_date=first, end_date=FIXED_NOW.date() + timedelta(days=1)
    )

    assert len(stats.languages) == 2
    assert len(whole.languages) > 2
    assert stats.languages == whole.languages[:2]
    assert stats.total_seconds == whole.total_seconds
    assert stats.daily_average == whole.total_seconds // 7


def test_user_stats_of_a_public_user_and_of_a_private_one(
    client: HackatimeClient,
) -> None:
    """A public user is readable; a private one is a 403."""
    assert client.user_stats("heidi").username == "Heidi"

    with pytest.raises(
        KeyRejectedError, match="user has disabled public stats"
    ):
        client.user_stats("ghost")


def test_user_stats_of_unknown_user_is_not_found(
    client: HackatimeClient,
) -> None:
    """An unknown identifier gives NotFoundError with the server's text."""
    with pytest.raises(NotFoundError, match="User not found"):
        client.user_stats("nobody-by-this-name")


def test_heartbeats_window_and_limit_keeps_the_last_ones(
    client: HackatimeClient,
) -> None:
    """start_time/end_time choose the window; limit keeps the newest N."""
    start = datetime(2025, 12, 14, tzinfo=ZoneInfo("Europe/Berlin"))
    everything = client.heartbeats(
        start_time=start, end_time=start + timedelta(days=1)
    )
    last_three = client.heartbeats(
        start_time=start, end_time=start + timedelta(days=1), limit=3
    )

    assert len(everything.heartbeats) > 3
    assert last_three.heartbeats == everything.heartbeats[-3:]
    assert last_three.total_seconds == everything.total_seconds
    assert everything.start_time == "2025-12-14T00:00:00.000+01:00"
    assert all(
        start.timestamp() <= beat.time <= start.timestamp() + 86400
        for beat in everything.heartbeats
    )


def test_heartbeats_editors_are_raw_lowercase_tokens(
    client: HackatimeClient,
) -> None:
    """Stored heartbeats carry raw editor and OS tokens, not display names."""
    beats = client.heartbeats().heartbeats

    assert {beat.editor for beat in beats} <= {
        "vscode",
        "neovim",
        "zed",
        "firefox",
    }
    assert {beat.operating_system for beat in beats} <= {"darwin", "linux"}


def test_most_recent_heartbeat_and_editor_filter(
    demo: DemoServer, client: HackatimeClient
) -> None:
    """most_recent gives the latest heartbeat; editor filters it."""
    demo.add_heartbeats(
        [
            {
                "time": FIXED_NOW.timestamp() - 30,
                "editor": "emacs",
                "project": "p",
            }
        ]
    )

    latest = client.most_recent_heartbeat()
    emacs = client.most_recent_heartbeat(editor="EMACS")
    none = client.most_recent_heartbeat(editor="notepad")

    assert latest.heartbeat is not None
    assert latest.heartbeat.time == FIXED_NOW.timestamp() - 30
    assert latest.time_ago == "1 minute ago"
    assert emacs.editor == "emacs"
    assert none.heartbeat is None and none.time_ago is None


def test_most_recent_leaves_out_test_entries_unless_asked(
    demo: DemoServer, client: HackatimeClient
) -> None:
    """A test.txt heartbeat is skipped unless source_type asks for it."""
    demo.add_heartbeats(
        [{"time": FIXED_NOW.timestamp(), "entity": "test.txt"}]
    )

    plain = client.most_recent_heartbeat()
    tests_only = client.most_recent_heartbeat(source_type="test_entry")

    assert plain.heartbeat is not None
    assert plain.heartbeat.entity != "test.txt"
    assert tests_only.heartbeat is not None
    assert tests_only.heartbeat.source_type == "test_entry"


def test_trust_factor_of_users_by_name_id_and_slack_uid(
    client: HackatimeClient,
) -> None:
    """trust_factor is public and resolves names, ids and Slack UIDs."""
    assert client.trust_factor("heidi").trust_level == "green"
    assert client.trust_factor("13").trust_value == 1
    assert client.trust_factor("U0266FRGP").trust_level == "blue"
    with pytest.raises(NotFoundError):
        client.trust_factor("my")


@pytest.mark.parametrize(
    ("period", "expected_period"),
    [("daily", "daily"), ("alias", "daily"), ("weekly", "last_7_days")],
)
def test_leaderboards_rank_users_without_a_key(
    demo: DemoServer,
    make_client: ClientFactory,
    period: str,
    expected_period: str,
) -> None:
    """Boards are public; red users are left out; ranks start at 1."""
    keyless = make_client(demo.url, None)
    board = keyless.leaderboard(period)

    assert board.period == expected_period
    assert [entry.rank for entry in board.entries] == list(
        range(1, len(board.entries) + 1)
    )
    assert 13 not in {entry.user_id for entry in board.entries}
    totals = [entry.total_seconds for entry in board.entries]
    assert totals == sorted(totals, reverse=True)
    assert 42 in {entry.user_id for entry in board.entries}


def test_unknown_leaderboard_period_is_refused_before_any_request(
    demo: DemoServer, client: HackatimeClient
) -> None:
    """A period other than daily/weekly/alias is a caller mistake."""
    with pytest.raises(ValueError, match="daily, weekly or alias"):
        client.leaderboard("monthly")
    assert demo.requests == []


def test_global_stats_with_admin_key_is_a_plain_integer(
    demo: DemoServer, admin_client: HackatimeClient
) -> None:
    """/api/v1/stats answers text/plain seconds to the admin key."""
    total = admin_client.global_stats(
        start_date=date(2025, 12, 15), end_date=date(2025, 12, 15)
    )
    everything = admin_client.global_stats(username="orpheus")

    assert (
        total
        == admin_client.user_stats(
            "orpheus",
            start_date=date(2025, 12, 15),
            end_date=date(2025, 12, 16),
        ).total_seconds
    )
    assert everything >= total > 0
    assert demo.requests[0].headers["accept"] == "application/json"


def test_global_stats_with_user_key_is_rejected(
    client: HackatimeClient,
) -> None:
    """A user's UUID key does not open the admin endpoint."""
    with pytest.raises(KeyRejectedError):
        client.global_stats()


def test_lookups_with_admin_key(admin_client: HackatimeClient) -> None:
    """Email and Slack UID lookups give the integer user id."""
    assert admin_client.lookup_email("orpheus@hackclub.com").user_id == 42
    assert admin_client.lookup_slack_uid("U01HEIDI7").user_id == 7
    with pytest.raises(NotFoundError):
        admin_client.lookup_email("Orpheus@HackClub.com")


def test_lookup_with_user_key_is_rejected(client: HackatimeClient) -> None:
    """Lookups want the admin key; a user key gets 401."""
    with pytest.raises(KeyRejectedError):
        client.lookup_slack_uid("U0266FRGP")


def test_client_without_key_raises_no_key_before_sending(
    demo: DemoServer, make_client: ClientFactory
) -> None:
    """Endpoints that need a key fail with NoKeyError and send nothing."""
    keyless = make_client(demo.url, "  \n")

    with pytest.raises(NoKeyError, match="hackatime-tray login"):
        keyless.today()
    assert demo.requests == []


def test_user_stats_features_choose_the_lists(
    demo: DemoServer, client: HackatimeClient
) -> None:
    """Only the named features come back; names are sent without spaces."""
    projects_only = client.user_stats(features=("projects",))
    both = client.user_stats(features=(" languages", "projects "))

    assert projects_only.languages == ()
    assert projects_only.projects != ()
    assert both.languages != () and both.projects != ()
    assert demo.requests[-1].query["features"] == "languages,projects"
