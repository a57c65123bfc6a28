"""The poller against the demo server: states, staleness and back-off."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tray_app.address import parse_server_address
from tray_app.client import HackatimeClient
from tray_app.demo import DemoServer
from tray_app.poller import (
    BACKOFF_CAP_SECONDS,
    RECENT_HEARTBEATS,
    RETRY_AFTER_CAP_SECONDS,
    Poller,
)
from tray_app.status import State


@pytest.fixture
def server() -> Iterator[DemoServer]:
    """A demo server on loopback."""
    with DemoServer() as demo:
        yield demo


@pytest.fixture
def client(server: DemoServer) -> Iterator[HackatimeClient]:
    """A client for the demo server with a short timeout."""
    address = parse_server_address(server.url)
    with HackatimeClient(address, server.api_key, timeout=2.0) as real:
        yield real


def make_poller(client: HackatimeClient, **kwargs: object) -> Poller:
    """A poller with a fixed random seed so back-off is repeatable."""
    return Poller(
        client,
        interval_seconds=60,
        rng=random.Random(7),
        **kwargs,  # type: ignore[arg-type]
    )


def test_successful_poll_shows_the_servers_total(
    client: HackatimeClient,
) -> None:
    """A poll stores today's total from the server with state ok."""
    poller = make_poller(client)

    result = poller.poll()

    assert result.status.state is State.OK
    assert result.status.total_seconds == client.today().total_seconds
    assert result.status.stale is False
    assert result.next_delay is None and result.paused is False


def test_failed_poll_keeps_last_value_marked_stale(
    server: DemoServer, client: HackatimeClient
) -> None:
    """A 503 after a good poll keeps the value, stale, as a server error."""
    poller = make_poller(client)
    good = poller.poll().status
    server.inject("busy")

    result = poller.poll()

    assert result.status.state is State.SERVER_ERROR
    assert result.status.stale is True
    assert result.status.today == good.today
    assert result.status.updated_at == good.updated_at


def test_poll_recovers_when_the_server_does(
    server: DemoServer, client: HackatimeClient
) -> None:
    """After one failed poll, the next good answer clears the stale mark."""
    poller = make_poller(client)
    server.inject("server_error_html", count=1)

    failed = poller.poll()
    recovered = poller.poll()

    assert failed.status.state is State.SERVER_ERROR
    assert recovered.status.state is State.OK
    assert recovered.status.stale is False
    assert recovered.next_delay is None


def test_rate_limit_waits_as_long_as_retry_after_says(
    server: DemoServer, client: HackatimeClient
) -> None:
    """A 429 with Retry-After: 120 delays the next poll by 120 seconds."""
    poller = make_poller(client)
    server.inject("rate_limited", retry_after="120")

    result = poller.poll()

    assert result.status.state is State.RATE_LIMITED
    assert result.next_delay == pytest.approx(120, abs=1)
    assert result.status.retry_at is not None


def test_absurd_retry_after_is_bounded_to_one_hour(
    server: DemoServer, client: HackatimeClient
) -> None:
    """A Retry-After of days is cut to at most an hour."""
    poller = make_poller(client)
    server.inject("rate_limited", retry_after="9999999")

    result = poller.poll()

    assert result.next_delay is not None
    assert 0 < result.next_delay <= RETRY_AFTER_CAP_SECONDS


def test_backoff_grows_after_each_failure_up_to_the_cap(
    server: DemoServer, client: HackatimeClient
) -> None:
    """Repeated network failures wait longer each time, never over 5 min."""
    poller = make_poller(client)
    server.stop()

    delays = [poller.poll().next_delay for _ in range(8)]

    assert all(delay is not None for delay in delays)
    assert delays[3] > delays[0]  # type: ignore[operator]
    assert max(delays) <= BACKOFF_CAP_SECONDS  # type: ignore[type-var]
    assert delays[-1] == BACKOFF_CAP_SECONDS


def test_rejected_key_pauses_polling(
    server: DemoServer, client: HackatimeClient
) -> None:
    """A 401 asks the scheduler to pause until the key changes."""
    poller = make_poller(client)
    server.inject("unauthorized")

    result = poller.poll()

    assert result.status.state is State.AUTH_ERROR
    assert result.paused is True


def test_new_day_drops_yesterdays_value(
    server: DemoServer, client: HackatimeClient
) -> None:
    """After local midnight a failed poll shows no value, not yesterday's."""
    zone = ZoneInfo("UTC")
    clock = [datetime(2026, 12, 3, 23, 59, tzinfo=zone)]
    poller = make_poller(client, clock=lambda: clock[0])
    poller.poll()
    server.stop()
    clock[0] += timedelta(minutes=2)

    result = poller.poll()

    assert result.status.today is None
    assert result.status.state is State.OFFLINE


def test_details_cover_todays_stats_and_recent_heartbeats(
    client: HackatimeClient,
) -> None:
    """A first poll also fetches stats, the week and recent heartbeats."""
    poller = make_poller(client)

    details = poller.poll().details

    assert details.profile is not None
    assert details.today_stats is not None
    assert details.today_stats.languages
    assert details.week is not None
    assert 0 < len(details.recent) <= RECENT_HEARTBEATS
    times = [heartbeat.time for heartbeat in details.recent]
    assert times == sorted(times)
    assert details.most_recent is not None
    assert details.fetched_at is not None


def test_details_are_not_refetched_on_every_poll(
    client: HackatimeClient,
) -> None:
    """Within five minutes a second poll keeps the details it had."""
    poller = make_poller(client)
    first = poller.poll().details

    second = poller.poll().details

    assert second.fetched_at == first.fetched_at
