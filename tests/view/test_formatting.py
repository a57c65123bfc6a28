"""Durations, times, goal text and the tooltip, as the user reads them."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from tray_app import errors
from tray_app.formatting import (
    TOOLTIP_MAX_LENGTH,
    DisplayFormat,
    format_clock,
    format_duration,
    format_relative,
    format_short,
    goal_text,
    tooltip_text,
    truncate,
)
from tray_app.models import Goal, Today
from tray_app.status import (
    NEXT_STEPS,
    State,
    Status,
    after_failure,
    after_midnight,
    after_success,
)

NOW = datetime(2025, 6, 3, 14, 30)
UPDATED = datetime(2025, 6, 3, 14, 5)
EDGE_SECONDS = (0, 59, 60, 3599, 3600, 3660, 7200, 86399)


def _utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@pytest.mark.parametrize(
    ("seconds", "expected"),
    list(
        zip(
            EDGE_SECONDS,
            ("0m", "0m", "1m", "59m", "1h 0m", "1h 1m", "2h 0m", "23h 59m"),
            strict=True,
        )
    ),
)
def test_default_style_shows_hours_from_one_hour_up(
    seconds: int, expected: str
) -> None:
    """DEFAULT writes "{h}h {m}m" from an hour up and "{m}m" below it."""
    assert format_duration(seconds, DisplayFormat.DEFAULT) == expected


@pytest.mark.parametrize(
    ("seconds", "expected"),
    list(
        zip(
            EDGE_SECONDS,
            ("0:00", "0:00", "0:01", "0:59", "1:00", "1:01", "2:00", "23:59"),
            strict=True,
        )
    ),
)
def test_clock_style_writes_hours_colon_two_digit_minutes(
    seconds: int, expected: str
) -> None:
    """CLOCK writes h:mm with minutes always two digits."""
    assert format_duration(seconds, DisplayFormat.CLOCK) == expected


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0, "0.0h"),
        (59, "0.0h"),
        (60, "0.0h"),
        (3599, "1.0h"),
        (3600, "1.0h"),
        (3660, "1.0h"),
        (5025, "1.4h"),
        (7200, "2.0h"),
        (86399, "24.0h"),
    ],
)
def test_decimal_style_rounds_hours_to_one_decimal(
    seconds: int, expected: str
) -> None:
    """DECIMAL writes hours with exactly one decimal."""
    assert format_duration(seconds, DisplayFormat.DECIMAL) == expected


@pytest.mark.parametrize("style", list(DisplayFormat))
def test_unknown_total_is_two_dashes_in_every_style(
    style: DisplayFormat,
) -> None:
    """A missing total is written "--" whatever the style."""
    assert format_duration(None, style, "1h 23m") == "--"


@pytest.mark.parametrize("style", list(DisplayFormat))
def test_negative_total_is_written_as_zero(style: DisplayFormat) -> None:
    """A negative total (a broken server) reads as nothing coded yet."""
    assert format_duration(-90, style) == format_duration(0, style)


@pytest.mark.parametrize(
    "server_text", ["🕐", "You're doing great, keep it up!", "Start coding!"]
)
def test_server_style_shows_the_server_text_as_is(server_text: str) -> None:
    """SERVER shows the server's own text, emoji and compliments included."""
    assert (
        format_duration(120, DisplayFormat.SERVER, server_text) == server_text
    )


def test_server_style_without_server_text_falls_back_to_default() -> None:
    """SERVER with an empty or blank text shows the DEFAULT style."""
    default = format_duration(3660, DisplayFormat.DEFAULT)

    assert format_duration(3660, DisplayFormat.SERVER) == default
    assert format_duration(3660, DisplayFormat.SERVER, " \n ") == default


def test_server_text_is_put_on_one_line() -> None:
    """Line breaks and runs of spaces in the server text become one space."""
    text = format_duration(60, DisplayFormat.SERVER, "1h\n 23m\t / 2h  goal")

    assert text == "1h 23m / 2h goal"


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0, "0:00"),
        (59, "0:00"),
        (60, "0:01"),
        (3599, "0:59"),
        (3600, "1:00"),
        (3660, "1:01"),
        (7200, "2:00"),
        (35999, "9:59"),
        (36000, "10h"),
        (86399, "23h"),
        (10**7, "99h"),
    ],
)
def test_icon_token_is_h_mm_below_ten_hours_then_whole_hours(
    seconds: int, expected: str
) -> None:
    """The icon token is h:mm under ten hours and "NNh" from there on."""
    token = format_short(seconds)

    assert token == expected
    assert len(token) <= 4


@pytest.fixture
def kolkata_time() -> Iterator[None]:
    """Run the test with the process time zone set to Asia/Kolkata."""
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is POSIX only")
    mp = pytest.MonkeyPatch()
    mp.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    yield
    mp.undo()
    time.tzset()


def test_clock_time_is_shown_in_the_computer_time_zone(
    kolkata_time: None,
) -> None:
    """An aware time is shown as the local wall clock (UTC+5:30 here)."""
    moment = datetime(2025, 6, 3, 8, 35, tzinfo=UTC)

    assert format_clock(moment) == "14:05"


def test_clock_time_of_a_naive_datetime_is_its_wall_time() -> None:
    """A naive datetime is taken as local time and shown unchanged."""
    assert format_clock(datetime(2025, 6, 3, 9, 7)) == "09:07"


@pytest.mark.parametrize(
    ("seconds_ago", "expected"),
    [
        (-30, "just now"),
        (0, "just now"),
        (59, "just now"),
        (60, "1 minute ago"),
        (300, "5 minutes ago"),
        (3599, "59 minutes ago"),
        (3600, "1 hour ago"),
        (7200, "2 hours ago"),
        (3 * 86400 + 5, "3 days ago"),
    ],
)
def test_relative_time_uses_the_largest_whole_unit(
    seconds_ago: float, expected: str
) -> None:
    """Ages read "just now" under a minute, then minutes, hours or days."""
    assert format_relative(seconds_ago) == expected


def test_goal_text_gives_the_percent_of_the_target() -> None:
    """An open goal reads "70% of 2h goal"."""
    goal = Goal(7200, 5025, 70, complete=False)

    assert goal_text(goal) == "70% of 2h goal"


def test_goal_text_with_minutes_in_the_target() -> None:
    """A target with minutes keeps them: "50% of 1h 30m goal"."""
    goal = Goal(5400, 2700, 50, complete=False)

    assert goal_text(goal) == "50% of 1h 30m goal"


def test_goal_text_says_reached_when_the_server_says_complete() -> None:
    """A complete goal reads "goal reached (2h)"."""
    goal = Goal(7200, 7300, 100, complete=True)

    assert goal_text(goal) == "goal reached (2h)"


def test_goal_text_says_reached_when_tracked_meets_the_target() -> None:
    """Tracked time at the target counts as reached even if not flagged."""
    goal = Goal(3600, 3600, 100, complete=False)

    assert goal_text(goal) == "goal reached (1h)"


def _ok_status(today: Today) -> Status:
    return after_success(today, UPDATED)


def test_tooltip_of_a_fresh_value_names_total_goal_and_update_time() -> None:
    """A fresh value reads "Today: 1h 23m · 70% of 2h goal · updated 14:05"."""
    status = _ok_status(Today(5025, "1h 23m", Goal(7200, 5025, 70, False)))

    text = tooltip_text(status, DisplayFormat.DEFAULT, NOW)

    assert text == "Today: 1h 23m · 70% of 2h goal · updated 14:05"


def test_tooltip_follows_the_display_style() -> None:
    """The tooltip writes the total in the chosen style."""
    status = _ok_status(Today(5025, "1h 23m"))

    text = tooltip_text(status, DisplayFormat.CLOCK, NOW)

    assert text == "Today: 1:23 · updated 14:05"


def test_tooltip_of_an_older_day_names_the_date() -> None:
    """A value fetched on another day shows its date with the time."""
    status = after_success(Today(60), UPDATED - timedelta(days=1))

    text = tooltip_text(status, DisplayFormat.DEFAULT, NOW)

    assert text.endswith("updated Jun 02 14:05")


def test_tooltip_of_a_stale_value_says_it_is_stale_and_why() -> None:
    """After a failed fetch the old value is marked stale with the reason."""
    fresh = _ok_status(Today(5025))
    status = after_failure(fresh, errors.NetworkError("No connection."), NOW)

    text = tooltip_text(status, DisplayFormat.DEFAULT, NOW)

    assert text == "Today: 1h 23m · updated 14:05 (stale: offline)"


@pytest.mark.parametrize(
    ("error", "headline"),
    [
        (errors.NoKeyError("No API key was found."), "No API key"),
        (errors.KeyRejectedError("The key was refused."), "API key rejected"),
        (errors.NetworkError("The server did not answer."), "Offline"),
        (errors.ServerError("The server failed (HTTP 500)."), "Server error"),
        (errors.BadResponseError("The answer was not JSON."), "Unexpected"),
        (errors.ConfigError("The address is malformed."), "Setup problem"),
    ],
)
def test_tooltip_without_a_value_says_what_is_wrong(
    error: errors.HackatimeTrayError, headline: str
) -> None:
    """With no value the tooltip names the problem and the error's advice."""
    status = after_failure(Status(), error, NOW)

    text = tooltip_text(status, DisplayFormat.DEFAULT, NOW)

    assert text.startswith(f"Hackatime: {headline}")
    assert error.message in text
    assert "Today:" not in text


def test_tooltip_while_loading_says_it_is_fetching() -> None:
    """At start and after midnight the tooltip says the time is coming."""
    text = tooltip_text(after_midnight(), DisplayFormat.DEFAULT, NOW)

    assert "Loading" in text
    assert NEXT_STEPS[State.LOADING] in text


def test_tooltip_stays_within_the_windows_limit_with_huge_inputs() -> None:
    """Huge server text, messages and emoji never exceed 127 UTF-16 units."""
    emoji_text = "🕐" * 400
    huge_goal = Goal(86400, 10**9, 100, True)
    statuses = [
        _ok_status(Today(10**9, emoji_text, huge_goal)),
        after_failure(
            _ok_status(Today(5, "x" * 5000)),
            errors.NetworkError("y" * 5000),
            NOW,
        ),
        after_failure(Status(), errors.ServerError("z " * 3000), NOW),
        after_failure(Status(), errors.ServerError("🙂" * 3000), NOW),
    ]

    for status in statuses:
        for style in DisplayFormat:
            text = tooltip_text(status, style, NOW)
            assert len(text) <= TOOLTIP_MAX_LENGTH
            assert _utf16_units(text) <= TOOLTIP_MAX_LENGTH
            assert text.endswith("…") or _utf16_units(text) < 120


def test_tooltip_masks_a_key_that_leaks_into_server_text_or_a_message() -> (
    None
):
    """An API key never shows in the tooltip, even if the server echoes it."""
    key = str(uuid.uuid4())
    echoed = _ok_status(Today(60, f"key {key} is fine"))
    failed = after_failure(
        Status(), errors.ServerError(f"Bad key waka_{key} sent"), NOW
    )

    for status in (echoed, failed):
        for style in DisplayFormat:
            text = tooltip_text(status, style, NOW)
            assert key not in text
            assert key.upper() not in text.upper()


def test_truncate_keeps_short_text_and_marks_cut_text() -> None:
    """Text within the limit is kept; longer text ends in one ellipsis."""
    assert truncate("abc", 3) == "abc"
    assert truncate("abcdef", 4) == "abc…"
    assert truncate("🙂🙂🙂", 4) == "🙂…"


def test_server_text_loses_terminal_control_characters() -> None:
    """Escape codes and bidi overrides in the server's text are dropped."""
    shown = format_duration(
        60, DisplayFormat.SERVER, "nice \x1b[2J\u202ework\u0007"
    )

    assert "\x1b" not in shown and "\u202e" not in shown
    assert "\u0007" not in shown
    assert shown.startswith("nice ")
