"""Every way a request can fail, through the client over real loopback HTTP.

Each test injects one fault into the demo server and checks the error
class, the status, that the message says what to do, and that it never
contains the key.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from tray_app.client import HackatimeClient, parse_retry_after
from tray_app.demo import DemoServer
from tray_app.errors import (
    ApiError,
    BadResponseError,
    KeyRejectedError,
    NetworkError,
    NotFoundError,
    RateLimitedError,
    ServerBusyError,
    ServerError,
)

ClientFactory = Callable[..., HackatimeClient]


def _failure(call: Callable[[], object], key: str) -> ApiError:
    """Run ``call``, expecting an ApiError whose message hides the key."""
    with pytest.raises(ApiError) as caught:
        call()
    message = str(caught.value)
    assert key not in message
    assert message.endswith(".")
    return caught.value


def test_401_is_key_rejected_and_points_at_login(
    demo: DemoServer, client: HackatimeClient
) -> None:
    """A 401 becomes KeyRejectedError telling the user to log in again."""
    demo.inject("unauthorized")

    error = _failure(client.today, demo.api_key)

    assert isinstance(error, KeyRejectedError)
    assert error.status_code == 401
    assert "hackatime-tray login" in str(error)
    assert "Unauthorized" in str(error)


def test_wrong_key_is_rejected_by_the_server(
    demo: DemoServer, make_client: ClientFactory
) -> None:
    """A well-formed but unknown key gets the server's real 401."""
    wrong = "01234567-89ab-4cde-8f01-23456789abcd"
    client = make_client(demo.url, wrong)

    error = _failure(client.today, wrong)

    assert isinstance(error, KeyRejectedError)
    assert error.status_code == 401


def test_403_is_key_rejected(
    demo: DemoServer, client: HackatimeClient
) -> None:
    """A 403 becomes KeyRejectedError with the server's reason."""
    demo.inject("forbidden", message="Account pending deletion")

    error = _failure(client.profile, demo.api_key)

    assert isinstance(error, KeyRejectedError)
    assert error.status_code == 403
    assert "Account pending deletion" in str(error)


def test_unknown_route_404_is_not_found_with_framework_text(
    demo: DemoServer, make_client: ClientFactory
) -> None:
    """An address with a wrong path gives Rails' JSON 404: NotFoundError."""
    client = make_client(demo.url + "/somewhere/else", demo.api_key)

    error = _failure(client.today, demo.api_key)

    assert isinstance(error, NotFoundError)
    assert error.status_code == 404
    assert "Page Not Found" in str(error)


def test_429_with_seconds_retry_after(
    demo: DemoServer, client: HackatimeClient
) -> None:
    """Retry-After in seconds becomes RateLimitedError.retry_after."""
    demo.inject("rate_limited", retry_after="120")

    error = _failure(client.today, demo.api_key)

    assert isinstance(error, RateLimitedError)
    assert error.retry_after == 120
    assert "Rate limit exceeded" in str(error)
    assert "120 seconds" in str(error)


def test_429_with_http_date_retry_after(
    demo: DemoServer, client: HackatimeClient
) -> None:
    """An HTTP-date Retry-After is turned into seconds from now."""
    later = datetime.now(UTC) + timedelta(seconds=600)
    demo.inject(
        "rate_limited", retry_after=format_datetime(later, usegmt=True)
    )

    error = _failure(client.today, demo.api_key)

    assert isinstance(error, RateLimitedError)
    assert 590 <= error.retry_after <= 600


@pytest.mark.parametrize(
    ("header", "expected"),
    [("99999999", 3600.0), ("-5", 60.0), ("soon", 60.0), ("0", 1.0)],
)
def test_429_with_absurd_retry_after_is_bounded(
    demo: DemoServer, client: HackatimeClient, header: str, expected: float
) -> None:
    """Huge values are capped at an hour; junk gives 60 s; 0 gives 1 s."""
    demo.inject("rate_limited", retry_after=header)

    error = _failure(client.today, demo.api_key)

    assert isinstance(error, RateLimitedError)
    assert error.retry_after == expected


def test_429_without_header_uses_the_body_retry_after(
    demo: DemoServer, client: HackatimeClient
) -> None:
    """No Retry-After header: rack-attack's JSON ``retry_after`` is used."""
    demo.inject("rate_limited", retry_after=None)

    error = _failure(client.today, demo.api_key)

    assert isinstance(error, RateLimitedError)
    assert error.retry_after == 60


def test_503_leaderboard_being_generated_is_server_busy(
    demo: DemoServer, client: HackatimeClient
) -> None:
    """The board's 503 "being generated" is ServerBusyError; others work."""
    demo.inject("busy", path_prefix="/api/v1/leaderboard", retry_after="30")

    error = _failure(lambda: client.leaderboard("weekly"), demo.api_key)

    assert isinstance(error, ServerBusyError)
    assert error.status_code == 503
    assert error.retry_after == 30
    assert "Leaderboard is being generated" in str(error)
    assert client.today().total_seconds > 0


def test_202_is_server_busy(demo: DemoServer, client: HackatimeClient) -> None:
    """A 202 (still computing) is ServerBusyError, not a result."""
    demo.inject("accepted")

    error = _failure(client.last_7_days, demo.api_key)

    assert isinstance(error, ServerBusyError)
    assert error.status_code == 202


@pytest.mark.parametrize(
    ("kind", "status"), [("bad_gateway_html", 502), ("server_error_html", 500)]
)
def test_5xx_html_pages_are_server_errors(
    demo: DemoServer, client: HackatimeClient, kind: str, status: int
) -> None:
    """HTML 500/502 pages become ServerError without page text."""
    demo.inject(kind)

    error = _failure(client.today, demo.api_key)

    assert isinstance(error, ServerError)
    assert error.status_code == status
    assert "<" not in str(error)


def test_html_200_is_a_bad_response(
    demo: DemoServer, client: HackatimeClient
) -> None:
    """A 200 web page (e.g. a login page) is a BadResponseError."""
    demo.inject("html_200")

    error = _failure(client.today, demo.api_key)

    assert isinstance(error, BadResponseError)
    assert "web page" in str(error)


@pytest.mark.parametrize("kind", ["malformed_json", "truncated_json"])
def test_broken_json_is_a_bad_response(
    demo: DemoServer, client: HackatimeClient, kind: str
) -> None:
    """Malformed or cut-short JSON is a BadResponseError."""
    demo.inject(kind)

    error = _failure(client.today, demo.api_key)

    assert isinstance(error, BadResponseError)
    assert "not valid JSON" in str(error)


def test_wrong_types_are_a_bad_response_naming_the_field(
    demo: DemoServer, client: HackatimeClient
) -> None:
    """``total_seconds: "lots"`` is refused, naming the field."""
    demo.inject("wrong_types")

    error = _failure(client.today, demo.api_key)

    assert isinstance(error, BadResponseError)
    assert "total_seconds" in str(error)


def test_huge_body_of_wrong_shape_is_read_and_refused(
    demo: DemoServer, client: HackatimeClient
) -> None:
    """A 6 MB list where an object belongs is a BadResponseError."""
    demo.inject("huge_body", size=6_000_000)

    error = _failure(client.today, demo.api_key)

    assert isinstance(error, BadResponseError)
    assert "a list" in str(error)


def test_body_over_the_size_limit_is_not_read_to_the_end(
    demo: DemoServer, make_client: ClientFactory
) -> None:
    """Past ``max_response_bytes`` the client stops with BadResponseError."""
    client = make_client(
        demo.url, demo.api_key, max_response_bytes=1024 * 1024
    )
    demo.inject("huge_body", size=6_000_000, count=1)

    error = _failure(client.today, demo.api_key)

    assert isinstance(error, BadResponseError)
    assert "larger than 1 MB" in str(error)
    assert client.today().total_seconds > 0


def test_redirect_is_not_followed_and_key_not_sent_elsewhere(
    demo: DemoServer, elsewhere: DemoServer, client: HackatimeClient
) -> None:
    """A 302 to another host is a BadResponseError; that host sees nothing."""
    target = elsewhere.url + "/api/hackatime/v1/users/current/statusbar/today"
    demo.inject("redirect", location=target)

    error = _failure(client.today, demo.api_key)

    assert isinstance(error, BadResponseError)
    assert error.status_code == 302
    assert f"(to {elsewhere.url})" in str(error)
    assert "address is probably wrong" in str(error)
    assert elsewhere.requests == []


def test_slow_server_times_out_as_network_error(
    demo: DemoServer, make_client: ClientFactory
) -> None:
    """A server slower than the timeout gives NetworkError naming it."""
    client = make_client(demo.url, demo.api_key, timeout=0.3)
    demo.inject("slow", delay=10)

    error = _failure(client.today, demo.api_key)

    assert isinstance(error, NetworkError)
    assert "within 0.3 seconds" in str(error)


def test_slow_but_in_time_answer_is_normal(
    demo: DemoServer, client: HackatimeClient
) -> None:
    """A slow answer inside the timeout is the normal answer."""
    demo.inject("slow", delay=0.05, count=1)

    assert client.today().total_seconds > 0


def test_dropped_connection_is_a_network_error(
    demo: DemoServer, client: HackatimeClient
) -> None:
    """A server that closes without answering gives NetworkError."""
    demo.inject("drop")

    error = _failure(client.today, demo.api_key)

    assert isinstance(error, NetworkError)
    assert "closed before a complete answer" in str(error)


def test_connection_refused_on_a_closed_port_is_a_network_error(
    make_client: ClientFactory,
) -> None:
    """Nothing listening on the port gives NetworkError "could not connect"."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    key = "01234567-89ab-4cde-8f01-23456789abcd"
    client = make_client(f"http://127.0.0.1:{port}", key)

    error = _failure(client.today, key)

    assert isinstance(error, NetworkError)
    assert "could not connect" in str(error)


def test_faults_limited_by_count_stop_after_that_many(
    demo: DemoServer, client: HackatimeClient
) -> None:
    """``count=1`` fails one request; the next one is answered normally."""
    demo.inject("busy", count=1)

    with pytest.raises(ServerBusyError):
        client.today()
    assert client.today().total_seconds > 0


def test_server_text_holding_the_key_is_dropped_from_the_message(
    demo: DemoServer, client: HackatimeClient
) -> None:
    """If the server echoes the key, its text is left out of the message."""
    demo.inject("unauthorized", message=f"Unknown key {demo.api_key.upper()}")

    error = _failure(client.today, demo.api_key)

    assert "Unknown key" not in str(error)
    assert demo.api_key.upper() not in str(error)
    assert "HTTP 401" in str(error)


def test_key_with_inner_spaces_is_refused_before_sending(
    demo: DemoServer, make_client: ClientFactory
) -> None:
    """A key with spaces inside cannot be valid; nothing is sent."""
    broken = "01234567-89ab 4cde-8f01-23456789abcd"
    client = make_client(demo.url, broken)

    error = _failure(client.today, broken)

    assert isinstance(error, KeyRejectedError)
    assert demo.requests == []


NOW = datetime(2025, 12, 15, 15, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, 60.0),
        ("", 60.0),
        ("  30  ", 30.0),
        ("0.5", 1.0),
        ("7200", 3600.0),
        ("nan", 60.0),
        ("inf", 60.0),
        ("-1", 60.0),
        ("Mon, 15 Dec 2025 15:32:00 GMT", 120.0),
        ("Mon, 15 Dec 2025 15:00:00 GMT", 1.0),
        ("Tue, 16 Dec 2025 15:30:00 GMT", 3600.0),
        ("Mon, 32 Foo 2025", 60.0),
    ],
)
def test_parse_retry_after_reads_seconds_and_dates_within_bounds(
    value: str | None, expected: float
) -> None:
    """Seconds or HTTP-date, clamped to [1, 3600]; junk gives 60."""
    assert parse_retry_after(value, NOW) == expected


def test_parse_retry_after_takes_a_naive_now_as_utc() -> None:
    """A naive ``now`` is read as UTC, not as local time."""
    naive = NOW.replace(tzinfo=None)

    assert parse_retry_after("Mon, 15 Dec 2025 15:31:00 GMT", naive) == 60.0
