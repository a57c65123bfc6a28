"""The one state model shared by the tray and the command line.

A :class:`Status` is what the app currently believes: the last good value
from the server (if any), when it was fetched, and what went wrong since.
It is rebuilt by pure functions from the previous status and the outcome
of a fetch, so it can be tested without a network, a tray or a clock.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from tray_app import errors
from tray_app.models import (
    Heartbeat,
    MostRecent,
    Profile,
    Today,
    UserStats,
    WeekStats,
)


class State(StrEnum):
    """What the app shows, and what the user can do about it."""

    LOADING = "loading"
    OK = "ok"
    NO_KEY = "no_key"
    AUTH_ERROR = "auth_error"
    OFFLINE = "offline"
    RATE_LIMITED = "rate_limited"
    SERVER_ERROR = "server_error"
    BAD_RESPONSE = "bad_response"
    CONFIG_ERROR = "config_error"


#: Exit status of ``hackatime-tray status`` for each state.
EXIT_CODES: dict[State, int] = {
    State.OK: 0,
    State.LOADING: 4,
    State.CONFIG_ERROR: 2,
    State.NO_KEY: 3,
    State.AUTH_ERROR: 3,
    State.OFFLINE: 4,
    State.RATE_LIMITED: 4,
    State.SERVER_ERROR: 4,
    State.BAD_RESPONSE: 4,
}

#: What to do next, for states whose error message may not say it.
NEXT_STEPS: dict[State, str] = {
    State.LOADING: "Fetching today's time from the server.",
    State.NO_KEY: (
        "Set your API key: run 'hackatime-tray login', or set "
        "HACKATIME_API_KEY."
    ),
    State.AUTH_ERROR: (
        "The server rejected the API key; copy a fresh one from the "
        "settings page and set it again ('hackatime-tray login', or "
        "HACKATIME_API_KEY)."
    ),
    State.OFFLINE: "Check your connection; the app retries by itself.",
    State.RATE_LIMITED: "The server asked to slow down; the app waits.",
    State.SERVER_ERROR: "The server has a problem; the app retries by itself.",
    State.BAD_RESPONSE: (
        "The server's answer was not understood; check the server address."
    ),
    State.CONFIG_ERROR: "Fix the setting named above.",
}


@dataclass(frozen=True)
class Status:
    """What the app currently knows about today's coding time.

    ``today`` and ``updated_at`` keep the last good value even when a later
    fetch failed; ``stale`` is then true and ``state`` names the failure.
    """

    state: State = State.LOADING
    today: Today | None = None
    updated_at: datetime | None = None
    message: str = ""
    retry_at: datetime | None = None

    @property
    def stale(self) -> bool:
        """Whether the value shown is older than the latest fetch attempt."""
        return self.today is not None and self.state is not State.OK

    @property
    def total_seconds(self) -> int | None:
        """Today's total from the last good value, if there is one."""
        return None if self.today is None else self.today.total_seconds

    @property
    def exit_code(self) -> int:
        """The exit status of ``hackatime-tray status`` for this state."""
        if self.state is State.OK:
            return 0
        return EXIT_CODES[self.state]


def state_for_error(error: BaseException) -> State:
    """Map an error from a fetch to the state the user should see."""
    if isinstance(error, errors.KeyRejectedError):
        return State.AUTH_ERROR
    if isinstance(error, errors.NoKeyError):
        return State.NO_KEY
    if isinstance(error, (errors.ConfigError, errors.KeystoreError)):
        return State.CONFIG_ERROR
    if isinstance(error, errors.NotFoundError):
        return State.CONFIG_ERROR
    if isinstance(error, errors.RateLimitedError):
        return State.RATE_LIMITED
    if isinstance(error, errors.NetworkError):
        return State.OFFLINE
    if isinstance(error, (errors.ServerError, errors.ServerBusyError)):
        return State.SERVER_ERROR
    return State.BAD_RESPONSE


def after_success(today: Today, now: datetime) -> Status:
    """The status after a successful fetch of today's total."""
    return Status(state=State.OK, today=today, updated_at=now)


def after_failure(
    previous: Status, error: BaseException, now: datetime
) -> Status:
    """The status after a failed fetch: the last good value is kept."""
    retry_at = None
    retry_after = getattr(error, "retry_after", None)
    if isinstance(retry_after, (int, float)):
        retry_at = now + timedelta(seconds=retry_after)

    return replace(
        previous,
        state=state_for_error(error),
        message=str(error),
        retry_at=retry_at,
    )


def after_midnight() -> Status:
    """The status once the local day has changed: yesterday's value goes."""
    return Status(state=State.LOADING, message=NEXT_STEPS[State.LOADING])


@dataclass(frozen=True)
class Details:
    """What the menu shows besides today's total, fetched less often."""

    profile: Profile | None = None
    today_stats: UserStats | None = None
    week: WeekStats | None = None
    recent: tuple[Heartbeat, ...] = ()
    most_recent: MostRecent | None = None
    daily_rank: int | None = None
    weekly_rank: int | None = None
    fetched_at: datetime | None = None
