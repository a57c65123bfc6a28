"""What the icon shows for each state, with and without a last value."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tray_app import errors
from tray_app.icon_model import (
    ERROR_TEXT,
    LOADING_TEXT,
    NO_KEY_TEXT,
    IconLook,
    IconView,
    icon_look,
    icon_view,
)
from tray_app.models import Goal, Today
from tray_app.status import State, Status, after_failure, after_success

NOW = datetime(2025, 6, 3, 14, 30)

#: A real error for every failing state, as a fetch would raise it.
ERRORS: dict[State, errors.HackatimeTrayError] = {
    State.NO_KEY: errors.NoKeyError("No API key was found."),
    State.AUTH_ERROR: errors.KeyRejectedError("The key was refused."),
    State.OFFLINE: errors.NetworkError("The server did not answer."),
    State.RATE_LIMITED: errors.RateLimitedError("Slow down.", retry_after=30),
    State.SERVER_ERROR: errors.ServerError("The server failed."),
    State.BAD_RESPONSE: errors.BadResponseError("Not JSON."),
    State.CONFIG_ERROR: errors.ConfigError("Bad address."),
}

LOOK_WITHOUT_VALUE = {
    State.LOADING: IconLook.LOADING,
    State.OK: IconLook.LOADING,
    State.NO_KEY: IconLook.NO_KEY,
    State.AUTH_ERROR: IconLook.NO_KEY,
    State.OFFLINE: IconLook.ERROR,
    State.RATE_LIMITED: IconLook.ERROR,
    State.SERVER_ERROR: IconLook.ERROR,
    State.BAD_RESPONSE: IconLook.ERROR,
    State.CONFIG_ERROR: IconLook.ERROR,
}

LOOK_WITH_VALUE = {
    State.LOADING: IconLook.STALE,
    State.OK: IconLook.FRESH,
    State.NO_KEY: IconLook.NO_KEY,
    State.AUTH_ERROR: IconLook.NO_KEY,
    State.OFFLINE: IconLook.STALE,
    State.RATE_LIMITED: IconLook.STALE,
    State.SERVER_ERROR: IconLook.STALE,
    State.BAD_RESPONSE: IconLook.STALE,
    State.CONFIG_ERROR: IconLook.STALE,
}


def _with_value(state: State, today: Today) -> Status:
    fresh = after_success(today, NOW - timedelta(minutes=3))
    if state is State.OK:
        return fresh
    if state is State.LOADING:
        return Status(state=State.LOADING, today=today, updated_at=NOW)
    return after_failure(fresh, ERRORS[state], NOW)


def _without_value(state: State) -> Status:
    if state in ERRORS:
        return after_failure(Status(), ERRORS[state], NOW)
    return Status(state=state)


@pytest.mark.parametrize("state", list(State))
def test_every_state_without_a_value_has_a_look_and_symbol(
    state: State,
) -> None:
    """With nothing to show, each state maps to its look and a symbol."""
    view = icon_view(_without_value(state))

    assert view.look is LOOK_WITHOUT_VALUE[state]
    symbol = {
        IconLook.LOADING: LOADING_TEXT,
        IconLook.NO_KEY: NO_KEY_TEXT,
        IconLook.ERROR: ERROR_TEXT,
    }[view.look]
    assert view.text == symbol
    assert view.goal_fraction is None
    assert view.goal_complete is False


@pytest.mark.parametrize("state", list(State))
def test_every_state_with_a_value_has_a_look(state: State) -> None:
    """With a last value, failures are stale except key problems."""
    status = _with_value(state, Today(5025))

    assert icon_look(status) is LOOK_WITH_VALUE[state]
    assert icon_view(status).look is LOOK_WITH_VALUE[state]


@pytest.mark.parametrize("state", [s for s in State if s is not State.OK])
def test_a_stale_value_is_still_drawn_except_for_key_problems(
    state: State,
) -> None:
    """Stale views keep the old time; key problems show the key symbol."""
    view = icon_view(_with_value(state, Today(5025)))

    if view.look is IconLook.NO_KEY:
        assert view.text == NO_KEY_TEXT
    else:
        assert view.text == "1:23"


def test_fresh_view_draws_the_short_token_and_goal_progress() -> None:
    """A fresh value with an open goal gives its token and bar fraction."""
    today = Today(5025, "1h 23m", Goal(7200, 5025, 70, complete=False))

    view = icon_view(after_success(today, NOW))

    assert view == IconView("1:23", IconLook.FRESH, 0.69, False)


def test_reached_goal_fills_the_bar_and_marks_it_complete() -> None:
    """A complete goal gives a full bar and the complete flag."""
    today = Today(8000, "", Goal(7200, 8000, 100, complete=True))

    view = icon_view(after_success(today, NOW))

    assert view.goal_fraction == 1.0
    assert view.goal_complete is True


def test_almost_reached_goal_is_not_drawn_as_full() -> None:
    """At 99.9 % the bar stays below full until the goal is really met."""
    today = Today(7190, "", Goal(7200, 7193, 100, complete=False))

    view = icon_view(after_success(today, NOW))

    assert view.goal_fraction is not None
    assert view.goal_fraction < 1.0
    assert view.goal_complete is False


@pytest.mark.parametrize("goal", [None, Goal(0, 500, 0, complete=False)])
def test_no_goal_or_an_empty_target_draws_no_bar(goal: Goal | None) -> None:
    """Without a usable goal the view has no bar fraction."""
    view = icon_view(after_success(Today(500, "", goal), NOW))

    assert view.goal_fraction is None
    assert view.goal_complete is False


def test_views_are_equal_and_hashable_while_nothing_visible_changes() -> None:
    """Seconds within the same minute give one view, so no redraw."""
    goal = Goal(7200, 5025, 70, complete=False)
    first = icon_view(after_success(Today(5025, "", goal), NOW))
    later = icon_view(
        after_success(Today(5039, "", goal), NOW + timedelta(seconds=30))
    )

    assert first == later
    assert len({first, later}) == 1


def test_views_differ_when_the_minute_changes() -> None:
    """A new minute gives a new view, which the tray then redraws."""
    first = icon_view(after_success(Today(5025), NOW))
    later = icon_view(after_success(Today(5085), NOW))

    assert first != later
    assert len({first, later}) == 2
