"""Fault injection against the demo server, for the tray's core and status.

Each fault is checked the same way: no exception escapes, the last good
value is kept and marked stale, the state is the right one, polling
recovers when the server does, and the key shows up in no output, log
line or URL.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import pytest

from tray_app.address import parse_server_address
from tray_app.cli import main
from tray_app.client import HackatimeClient
from tray_app.demo import DemoServer
from tray_app.poller import RETRY_AFTER_CAP_SECONDS, Poller
from tray_app.scheduler import PollScheduler
from tray_app.status import State, Status

TIMEOUT = 1.0


@dataclass(frozen=True)
class Fault:
    """A fault to inject and the state the user must then see."""

    kind: str
    state: State
    params: tuple[tuple[str, Any], ...] = ()


FAULTS = [
    Fault("busy", State.SERVER_ERROR),
    Fault("server_error_html", State.SERVER_ERROR),
    Fault("bad_gateway_html", State.SERVER_ERROR),
    Fault("html_200", State.BAD_RESPONSE),
    Fault("malformed_json", State.BAD_RESPONSE),
    Fault("truncated_json", State.BAD_RESPONSE),
    Fault("wrong_types", State.BAD_RESPONSE),
    Fault("huge_body", State.BAD_RESPONSE),
    Fault("drop", State.OFFLINE),
    Fault("slow", State.OFFLINE, (("delay", TIMEOUT * 3),)),
    Fault("rate_limited", State.RATE_LIMITED, (("retry_after", "30"),)),
    Fault("unauthorized", State.AUTH_ERROR),
    Fault("forbidden", State.AUTH_ERROR),
]


@pytest.fixture
def server() -> Iterator[DemoServer]:
    """A demo server on loopback."""
    with DemoServer() as demo:
        yield demo


@pytest.fixture
def client(server: DemoServer) -> Iterator[HackatimeClient]:
    """A client whose timeout is short enough for the slow fault."""
    address = parse_server_address(server.url)
    with HackatimeClient(address, server.api_key, timeout=TIMEOUT) as real:
        yield real


def poller_for(client: HackatimeClient) -> Poller:
    """The tray's poller with a fixed random seed."""
    return Poller(client, interval_seconds=60, rng=random.Random(3))


def assert_key_nowhere(
    server: DemoServer, texts: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    """The key is in no text, no log line and no request URL."""
    key = server.api_key
    for text in texts:
        assert key not in text
    assert key not in caplog.text
    for request in server.requests:
        assert key not in request.target


@pytest.mark.parametrize("fault", FAULTS, ids=lambda fault: fault.kind)
def test_poller_keeps_last_value_under_fault_and_recovers(
    fault: Fault,
    server: DemoServer,
    client: HackatimeClient,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Under each fault the poll shows the right state, stale, then heals."""
    caplog.set_level(logging.DEBUG)
    poller = poller_for(client)
    good = poller.poll().status
    server.inject(
        fault.kind, count=1, path_prefix="/api/hackatime", **dict(fault.params)
    )

    failed = poller.poll().status
    recovered = poller.poll().status

    assert failed.state is fault.state
    assert failed.stale is True
    assert failed.today == good.today
    assert failed.message
    assert recovered.state is State.OK
    assert recovered.stale is False
    assert_key_nowhere(server, [failed.message, repr(failed)], caplog)


@pytest.mark.parametrize("fault", FAULTS, ids=lambda fault: fault.kind)
def test_status_command_keeps_last_value_under_fault(
    fault: Fault,
    server: DemoServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """``status --format json`` prints the cached value stale, right state."""
    import json

    monkeypatch.setenv("HACKATIME_API_URL", server.url)
    monkeypatch.setenv("HACKATIME_API_KEY", server.api_key)
    monkeypatch.setattr("tray_app.commands.status_cmd.STATUS_TIMEOUT", TIMEOUT)
    assert main(["status", "--format", "json"]) == 0
    good = json.loads(capsys.readouterr().out)
    server.inject(fault.kind, **dict(fault.params))

    code = main(["status", "--format", "json"])
    output = capsys.readouterr()
    data = json.loads(output.out)

    assert data["state"] == fault.state.value
    assert data["stale"] is True
    assert data["total_seconds"] == good["total_seconds"]
    assert code == (3 if fault.state is State.AUTH_ERROR else 4)
    assert_key_nowhere(server, [output.out, output.err], caplog)


def test_server_down_at_start_then_up(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """With no server at start the poll says offline; later it works."""
    server = DemoServer()
    server.start()
    port = int(server.url.rsplit(":", 1)[1])
    server.stop()
    address = parse_server_address(f"http://127.0.0.1:{port}")

    with HackatimeClient(address, server.api_key, timeout=TIMEOUT) as client:
        poller = poller_for(client)
        down = poller.poll()
        with DemoServer(port=port) as revived:
            up = poller.poll()

    assert down.status.state is State.OFFLINE
    assert down.status.today is None
    assert down.next_delay is not None
    assert up.status.state is State.OK
    assert_key_nowhere(revived, [down.status.message], caplog)


def test_server_dies_mid_run_and_comes_back(
    server: DemoServer, caplog: pytest.LogCaptureFixture
) -> None:
    """A server that dies keeps the value stale; its return refreshes it."""
    port = int(server.url.rsplit(":", 1)[1])
    address = parse_server_address(server.url)

    with HackatimeClient(address, server.api_key, timeout=TIMEOUT) as client:
        poller = poller_for(client)
        good = poller.poll().status
        server.stop()
        dead = poller.poll().status
        with DemoServer(port=port) as revived:
            back = poller.poll().status

    assert dead.state is State.OFFLINE
    assert dead.stale and dead.today == good.today
    assert back.state is State.OK
    assert_key_nowhere(revived, [dead.message], caplog)


@pytest.mark.parametrize(
    ("retry_after", "low", "high"),
    [
        ("45", 44, 46),
        ("http-date", 80, 95),
        ("99999999", 1, RETRY_AFTER_CAP_SECONDS),
        ("-5", 1, RETRY_AFTER_CAP_SECONDS),
        ("soon", 1, RETRY_AFTER_CAP_SECONDS),
        (None, 1, RETRY_AFTER_CAP_SECONDS),
    ],
    ids=["seconds", "http-date", "absurd", "negative", "junk", "absent"],
)
def test_rate_limit_honours_each_retry_after_form(
    retry_after: str | None,
    low: float,
    high: float,
    server: DemoServer,
    client: HackatimeClient,
) -> None:
    """Retry-After in seconds or as a date is obeyed, anything else bounded."""
    if retry_after == "http-date":
        when = datetime.now(UTC) + timedelta(seconds=90)
        retry_after = format_datetime(when, usegmt=True)
    poller = poller_for(client)
    poller.poll()
    server.inject("rate_limited", count=1, retry_after=retry_after)

    result = poller.poll()

    assert result.status.state is State.RATE_LIMITED
    assert result.status.stale is True
    assert result.next_delay is not None
    assert low <= result.next_delay <= high


def test_redirect_to_another_host_never_carries_the_key(
    server: DemoServer, client: HackatimeClient
) -> None:
    """A 302 to another host is not followed: that host sees no request."""
    with DemoServer(api_key="other-host-key") as elsewhere:
        server.inject("redirect", count=1, location=elsewhere.url + "/steal")
        poller = poller_for(client)

        result = poller.poll()

        assert result.status.state is State.BAD_RESPONSE
        assert elsewhere.requests == []


@pytest.mark.parametrize("padding", ["\n", "  ", " \r\n", "\t"])
def test_key_with_surrounding_whitespace_still_works(
    padding: str, server: DemoServer, caplog: pytest.LogCaptureFixture
) -> None:
    """A key pasted with a newline or spaces around it is accepted."""
    address = parse_server_address(server.url)
    padded = padding + server.api_key + padding

    with HackatimeClient(address, padded, timeout=TIMEOUT) as client:
        status = poller_for(client).poll().status

    assert status.state is State.OK
    assert_key_nowhere(server, [status.message], caplog)


def test_clock_jump_polls_at_once(
    server: DemoServer, client: HackatimeClient
) -> None:
    """After a resume (a wall-clock jump) the tray polls without waiting."""
    poller = poller_for(client)
    polled = threading.Event()
    statuses: list[Status] = []

    def job() -> None:
        statuses.append(poller.poll().status)
        polled.set()

    wall, monotonic = [1_000.0], [1_000.0]
    scheduler = PollScheduler(
        job,
        interval_seconds=3600,
        jitter_seconds=0,
        wall_clock=lambda: wall[0],
        monotonic_clock=lambda: monotonic[0],
    )
    scheduler.start()
    try:
        assert polled.wait(10)
        polled.clear()
        wall[0] += 3 * 3600  # the machine slept for three hours

        jumped = scheduler.check_clock()

        assert jumped is True
        assert polled.wait(10)
    finally:
        scheduler.shutdown(wait=True)
    assert [status.state for status in statuses] == [State.OK, State.OK]


def test_midnight_starts_the_day_over(
    server: DemoServer, client: HackatimeClient
) -> None:
    """Across local midnight yesterday's value is dropped, then refetched."""
    clock = [datetime(2026, 12, 3, 23, 59, 30).astimezone()]
    poller = Poller(client, interval_seconds=60, clock=lambda: clock[0])
    before = poller.poll().status
    clock[0] += timedelta(minutes=1)
    server.inject("busy", count=1, path_prefix="/api/hackatime")

    during = poller.poll().status
    after = poller.poll().status

    assert before.state is State.OK
    assert during.today is None and during.state is State.SERVER_ERROR
    assert after.state is State.OK and after.today is not None
