"""The tray menu as data: header, submenus, links and preferences."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

import pytest

from tray_app import errors
from tray_app.address import ServerAddress, parse_server_address
from tray_app.formatting import PROBLEM_HEADLINES, DisplayFormat
from tray_app.menu_model import (
    MAX_LABEL,
    MAX_RECENT,
    NOTHING_YET,
    SEPARATOR,
    Action,
    MenuEntry,
    MenuPrefs,
    build_menu,
    flatten_labels,
    url_for_action,
)
from tray_app.models import (
    Goal,
    Heartbeat,
    MostRecent,
    NamedTotal,
    Today,
    TrustFactor,
    UserStats,
    WeekStats,
)
from tray_app.status import (
    NEXT_STEPS,
    Details,
    State,
    Status,
    after_failure,
    after_success,
)

NOW = datetime(2025, 6, 3, 14, 30)
UPDATED = datetime(2025, 6, 3, 14, 5)
GOAL = Goal(7200, 5025, 70, complete=False)
OTHER_SERVER = "https://time.example.org:8443/wakatime"

ERRORS: dict[State, errors.HackatimeTrayError] = {
    State.NO_KEY: errors.NoKeyError("No API key was found."),
    State.AUTH_ERROR: errors.KeyRejectedError("The server refused the key."),
    State.OFFLINE: errors.NetworkError("The server did not answer in time."),
    State.RATE_LIMITED: errors.RateLimitedError("Slow down.", retry_after=60),
    State.SERVER_ERROR: errors.ServerError("The server failed with HTTP 500."),
    State.BAD_RESPONSE: errors.BadResponseError("The answer was not JSON."),
    State.CONFIG_ERROR: errors.ConfigError("The server address is malformed."),
}


def _prefs(**changes: object) -> MenuPrefs:
    values: dict[str, object] = {
        "display_format": DisplayFormat.DEFAULT,
        "poll_interval_seconds": 120,
        "notifications": True,
        "autostart": False,
        "has_key": True,
        "timezone_note": None,
    }
    values.update(changes)
    return MenuPrefs(**values)  # type: ignore[arg-type]


def _address(raw: str = OTHER_SERVER) -> ServerAddress:
    return parse_server_address(raw)


def _menu(
    status: Status,
    details: Details | None = None,
    *,
    address: ServerAddress | None = None,
    prefs: MenuPrefs | None = None,
    style: DisplayFormat = DisplayFormat.DEFAULT,
) -> tuple[MenuEntry, ...]:
    return build_menu(
        status,
        details or Details(),
        style=style,
        now=NOW,
        address=address if address is not None else _address(),
        prefs=prefs or _prefs(),
    )


def _header(menu: tuple[MenuEntry, ...]) -> list[str]:
    labels = []
    for entry in menu:
        if entry.separator:
            break
        assert entry.action is None and not entry.enabled
        labels.append(entry.label)
    return labels


def _submenu(menu: tuple[MenuEntry, ...], label: str) -> tuple[MenuEntry, ...]:
    matches = [entry for entry in menu if entry.label == label]
    assert len(matches) == 1, label
    return matches[0].children


def _labels(entries: tuple[MenuEntry, ...]) -> list[str]:
    return [entry.label for entry in entries if not entry.separator]


def _ok() -> Status:
    return after_success(Today(5025, "1h 23m", GOAL), UPDATED)


def _full_details() -> Details:
    today_stats = UserStats(
        username="orpheus",
        user_id="1",
        total_seconds=5025,
        daily_average=5025,
        languages=(NamedTotal("Rust", 2025), NamedTotal("Python", 3000)),
        projects=(NamedTotal("hackatime-tray", 5025),),
        streak=4,
        trust_factor=TrustFactor("green", 2),
    )
    week = WeekStats(
        total_seconds=33000,
        daily_average=4714.3,
        languages=(NamedTotal("Python", 20000),),
        projects=(NamedTotal("side-quest", 9000),),
        editors=(NamedTotal("vscode", 30000), NamedTotal("neovim", 3000)),
    )
    beats = tuple(
        Heartbeat(
            time=NOW.timestamp() - 60 * i,
            project="hackatime-tray",
            language="Python",
            editor="vscode",
        )
        for i in range(3)
    )
    return Details(
        today_stats=today_stats,
        week=week,
        recent=beats,
        most_recent=MostRecent(Heartbeat(time=NOW.timestamp() - 300)),
        daily_rank=12,
        weekly_rank=40,
        fetched_at=NOW,
    )


def test_header_of_a_fresh_value_shows_total_goal_and_update_time() -> None:
    """A fresh value heads the menu with today's total, goal and time."""
    header = _header(_menu(_ok()))

    assert header == ["Today: 1h 23m", "Goal: 70% of 2h", "Updated 14:05"]


def test_header_says_goal_reached_when_it_is() -> None:
    """A reached goal reads "Goal reached (2h)"."""
    status = after_success(
        Today(7300, "", Goal(7200, 7300, 100, True)), UPDATED
    )

    assert "Goal reached (2h)" in _header(_menu(status))


def test_header_total_follows_the_display_style() -> None:
    """The total in the header uses the chosen display style."""
    header = _header(_menu(_ok(), style=DisplayFormat.CLOCK))

    assert header[0] == "Today: 1:23"


@pytest.mark.parametrize("state", list(ERRORS))
def test_header_of_a_stale_value_says_since_when_and_what_to_do(
    state: State,
) -> None:
    """A kept value is marked stale with the time, reason and next step."""
    status = after_failure(_ok(), ERRORS[state], NOW)

    header = _header(_menu(status))

    assert header[0] == "Today: 1h 23m"
    assert any(line.startswith("Stale since 14:05 — ") for line in header)
    assert NEXT_STEPS[state] in " ".join(header)


def test_header_of_a_value_from_an_earlier_day_names_the_date() -> None:
    """A value kept since yesterday says which day it is from."""
    yesterday = after_success(Today(5025), UPDATED - timedelta(days=1))
    status = after_failure(yesterday, ERRORS[State.OFFLINE], NOW)

    assert "Stale since Jun 02 14:05 — offline" in _header(_menu(status))


@pytest.mark.parametrize("state", list(ERRORS))
def test_header_without_a_value_says_what_is_wrong_and_what_to_do(
    state: State,
) -> None:
    """With nothing to show, the header names the problem and the fix."""
    error = ERRORS[state]
    status = after_failure(Status(), error, NOW)

    header = _header(_menu(status))
    text = " ".join(header)

    assert header[0] == PROBLEM_HEADLINES[state]
    assert error.message in text
    assert NEXT_STEPS[state] in text
    assert not any(line.startswith("Today:") for line in header)


def test_header_while_loading_says_the_value_is_coming() -> None:
    """Before the first answer the header says it is loading."""
    header = _header(_menu(Status()))

    assert header == [
        PROBLEM_HEADLINES[State.LOADING],
        NEXT_STEPS[State.LOADING],
    ]


def test_header_names_when_a_rate_limited_fetch_is_retried() -> None:
    """A server-asked pause shows the time of the next try."""
    status = after_failure(_ok(), ERRORS[State.RATE_LIMITED], NOW)

    assert "Trying again at 14:31" in _header(_menu(status))


def test_header_carries_the_time_zone_note_wrapped() -> None:
    """A time zone warning is shown in lines no longer than the limit."""
    note = (
        "Your Hackatime profile uses America/New_York but this computer "
        "uses Europe/Berlin, so 'today' ends at 06:00 here."
    )

    header = _header(_menu(_ok(), prefs=_prefs(timezone_note=note)))

    assert " ".join(header).endswith(note)
    assert all(len(line) <= MAX_LABEL for line in header)


def test_submenus_are_filled_from_the_details() -> None:
    """Stats, week, heartbeats and ranks come from the fetched details."""
    menu = _menu(_ok(), _full_details())

    today = _labels(_submenu(menu, "Today's stats"))
    week = _labels(_submenu(menu, "Last 7 days"))
    board = _labels(_submenu(menu, "Leaderboard"))
    recent = _labels(_submenu(menu, "Recent heartbeats"))

    assert today == [
        "Total: 1h 23m",
        "Languages:",
        "Python · 50m",
        "Rust · 33m",
        "Projects:",
        "hackatime-tray · 1h 23m",
    ]
    assert week == [
        "Total: 9h 10m",
        "Daily average: 1h 18m",
        "Languages:",
        "Python · 5h 33m",
        "Projects:",
        "side-quest · 2h 30m",
        "Editors:",
        "vscode · 8h 20m",
        "neovim · 50m",
        "Streak: 4 days",
        "Trust level: green (trusted)",
    ]
    assert board == ["Today: #12", "This week: #40"]
    assert recent[0] == "Last heartbeat: 5 minutes ago"
    assert recent[1:] == [
        f"{(NOW - timedelta(minutes=i)):%H:%M} · hackatime-tray · Python · vscode"
        for i in range(3)
    ]


@pytest.mark.parametrize(
    "label",
    ["Today's stats", "Last 7 days", "Recent heartbeats", "Leaderboard"],
)
def test_empty_submenus_say_nothing_yet(label: str) -> None:
    """A submenu without data holds one disabled "Nothing yet" line."""
    children = _submenu(_menu(_ok(), Details()), label)

    assert children == (NOTHING_YET,)
    assert children[0].enabled is False


def test_leaderboard_says_not_listed_once_fetched_without_a_rank() -> None:
    """Fetched details without a rank say "not listed" for each board."""
    details = Details(daily_rank=3, fetched_at=NOW)

    board = _labels(_submenu(_menu(_ok(), details), "Leaderboard"))

    assert board == ["Today: #3", "This week: not listed"]


def test_recent_heartbeats_are_newest_first_and_at_most_ten() -> None:
    """Of 15 heartbeats in any order, the 10 newest are listed, newest first."""
    beats = [
        Heartbeat(time=NOW.timestamp() - 60 * i, project=f"p{i:02d}")
        for i in range(15)
    ]
    random.Random(7).shuffle(beats)

    recent = _labels(
        _submenu(
            _menu(_ok(), Details(recent=tuple(beats))), "Recent heartbeats"
        )
    )

    assert len(recent) == MAX_RECENT
    assert [label.split(" · ")[1] for label in recent] == [
        f"p{i:02d}" for i in range(MAX_RECENT)
    ]


def test_recent_heartbeats_say_when_the_server_has_none() -> None:
    """A most-recent answer without a heartbeat reads "none yet"."""
    details = Details(most_recent=MostRecent(heartbeat=None))

    recent = _labels(_submenu(_menu(_ok(), details), "Recent heartbeats"))

    assert recent == ["Last heartbeat: none yet"]


def test_links_open_pages_of_the_configured_server() -> None:
    """Open actions use the given address's URLs, not hackclub.com."""
    address = _address()
    menu = _menu(_ok(), address=address)
    links = {
        Action.OPEN_DASHBOARD: address.dashboard_url,
        Action.OPEN_PROJECTS_TODAY: address.projects_today_url,
        Action.OPEN_SETTINGS_PAGE: address.settings_url,
    }

    entries = {entry.action: entry for entry in menu if entry.action in links}

    assert set(entries) == set(links)
    for action, url in links.items():
        assert entries[action].enabled
        assert url_for_action(action, address) == url
        assert url.startswith("https://time.example.org:8443/wakatime/")
    assert "Server: time.example.org:8443/wakatime" in flatten_labels(menu)
    assert not any("hackclub" in label for label in flatten_labels(menu))


def test_links_are_disabled_without_an_address() -> None:
    """With no server address the Open actions cannot be clicked."""
    menu = build_menu(
        _ok(),
        Details(),
        style=DisplayFormat.DEFAULT,
        now=NOW,
        address=None,
        prefs=_prefs(),
    )

    opens = [e for e in menu if e.action and e.action.startswith("open_")]

    assert len(opens) == 3
    assert not any(entry.enabled for entry in opens)
    assert url_for_action(Action.OPEN_DASHBOARD, None) is None
    assert "Server: not set" in flatten_labels(menu)


@dataclass(frozen=True)
class _LaxAddress:
    """An address object that, unlike address.py, kept a user and password."""

    base_url: str = "https://alice:s3cret@time.example.org"
    dashboard_url: str = base_url + "/"
    projects_today_url: str = base_url + "/my/projects?interval=today"
    settings_url: str = base_url + "/my/settings"
    api_key_url: str = base_url + "/my/settings/api"


def test_server_label_hides_a_user_name_and_password() -> None:
    """Credentials in the server URL never reach a menu label."""
    address = cast(ServerAddress, _LaxAddress())

    labels = flatten_labels(_menu(_ok(), address=address))

    assert "Server: time.example.org" in labels
    assert not any("s3cret" in label or "alice" in label for label in labels)


def test_menu_ends_with_actions_and_quit() -> None:
    """After the links come refresh, key, preferences, diagnostics, quit."""
    menu = _menu(_ok())

    tail = [(entry.label, entry.action) for entry in menu[-7:]]

    assert tail == [
        ("", None),
        ("Refresh now", Action.REFRESH),
        ("Change API key…", Action.SET_API_KEY),
        ("Preferences", None),
        ("Diagnostics…", Action.DIAGNOSTICS),
        ("", None),
        ("Quit", Action.QUIT),
    ]
    assert menu[-2] == SEPARATOR


def test_key_item_says_set_when_there_is_no_key() -> None:
    """Without a key the item invites to set one."""
    menu = _menu(Status(), prefs=_prefs(has_key=False))

    assert "Set API key…" in flatten_labels(menu)
    assert "Change API key…" not in flatten_labels(menu)


def _preferences(prefs: MenuPrefs) -> tuple[MenuEntry, ...]:
    return _submenu(_menu(_ok(), prefs=prefs), "Preferences")


@pytest.mark.parametrize("style", list(DisplayFormat))
def test_display_format_radio_marks_the_current_style(
    style: DisplayFormat,
) -> None:
    """One radio item per style; only the current one is checked."""
    items = [
        entry
        for entry in _preferences(_prefs(display_format=style))
        if entry.action and entry.action.startswith(Action.SET_FORMAT_PREFIX)
    ]

    assert [entry.action for entry in items] == [
        Action.SET_FORMAT_PREFIX + value for value in DisplayFormat
    ]
    assert all(entry.radio for entry in items)
    checked = [entry.action for entry in items if entry.checked]
    assert checked == [Action.SET_FORMAT_PREFIX + style]


def test_poll_interval_radio_marks_the_current_interval() -> None:
    """The five intervals are radio items with the current one checked."""
    items = [
        entry
        for entry in _preferences(_prefs(poll_interval_seconds=300))
        if entry.action and entry.action.startswith(Action.SET_INTERVAL_PREFIX)
    ]

    assert [(entry.label, entry.checked) for entry in items] == [
        ("30 s", False),
        ("1 min", False),
        ("2 min", False),
        ("5 min", True),
        ("10 min", False),
    ]
    assert [entry.action for entry in items][-1] == "set_interval:600"


def test_a_custom_poll_interval_is_listed_and_checked() -> None:
    """An interval set in the config file shows up as the checked item."""
    items = [
        entry
        for entry in _preferences(_prefs(poll_interval_seconds=45))
        if entry.action and entry.action.startswith(Action.SET_INTERVAL_PREFIX)
    ]

    checked = [entry.label for entry in items if entry.checked]

    assert checked == ["45 s"]
    assert len(items) == 6


@pytest.mark.parametrize("notifications", [True, False])
@pytest.mark.parametrize("autostart", [True, False])
def test_toggles_show_their_state(
    notifications: bool, autostart: bool
) -> None:
    """Notifications and start-at-login are check items with their state."""
    prefs = _prefs(notifications=notifications, autostart=autostart)
    items = {entry.action: entry for entry in _preferences(prefs)}

    notify = items[Action.TOGGLE_NOTIFICATIONS]
    login = items[Action.TOGGLE_AUTOSTART]

    assert notify.checked is notifications and not notify.radio
    assert login.checked is autostart and login.enabled


def test_start_at_login_is_disabled_when_unsupported() -> None:
    """Unknown or unsupported autostart shows a disabled, unchecked item."""
    items = {
        entry.action: entry for entry in _preferences(_prefs(autostart=None))
    }

    login = items[Action.TOGGLE_AUTOSTART]

    assert login.enabled is False
    assert login.checked is False


def test_labels_never_contain_the_api_key() -> None:
    """A key echoed in server text, names or messages is never shown."""
    key = str(uuid.uuid4())
    details = Details(
        today_stats=UserStats(
            None,
            None,
            60,
            60,
            projects=(NamedTotal(f"leak-{key}", 60),),
        ),
        recent=(Heartbeat(time=NOW.timestamp(), project=key, editor=key),),
        fetched_at=NOW,
    )
    fresh = after_success(Today(60, f"text {key}"), UPDATED)
    statuses = [
        fresh,
        after_failure(fresh, errors.ServerError(f"echo {key}"), NOW),
        after_failure(Status(), errors.BadResponseError(f"echo {key}"), NOW),
    ]

    for status in statuses:
        for style in DisplayFormat:
            menu = _menu(
                status,
                details,
                style=style,
                prefs=_prefs(timezone_note=f"note {key}"),
            )
            text = "\n".join(flatten_labels(menu)).lower()
            assert key.lower() not in text
            actions = [e.action or "" for e in menu]
            assert not any(key in action for action in actions)


def test_labels_stay_short_even_with_long_names() -> None:
    """Long project names and messages are cut so every label fits."""
    long_name = "a-project-with-a-name-much-longer-than-any-menu-should-be" * 3
    details = Details(
        today_stats=UserStats(
            None, None, 60, 60, projects=(NamedTotal(long_name, 60),)
        ),
        recent=(Heartbeat(time=NOW.timestamp(), project=long_name),),
    )
    status = after_failure(Status(), errors.ServerError("word " * 200), NOW)

    labels = flatten_labels(_menu(status, details)) + flatten_labels(
        _menu(
            after_success(Today(60, "x" * 500), UPDATED),
            details,
            style=DisplayFormat.SERVER,
        )
    )

    assert all(len(label) <= MAX_LABEL for label in labels)
    assert any(
        label.startswith("a-project-with") and "…" in label for label in labels
    )


def test_flatten_labels_walks_depth_first_and_skips_separators() -> None:
    """Submenu labels follow their parent, before the next sibling."""
    entries = (
        MenuEntry("a"),
        SEPARATOR,
        MenuEntry(
            "b", children=(MenuEntry("b1", children=(MenuEntry("b1x"),)),)
        ),
        MenuEntry("c"),
    )

    assert flatten_labels(entries) == ["a", "b", "b1", "b1x", "c"]
