"""What the client sends: headers, where the key goes, and proxies."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import pytest

from tray_app import __version__
from tray_app.client import HackatimeClient
from tray_app.demo import DemoServer
from tray_app.errors import ApiError, NetworkError

ClientFactory = Callable[..., HackatimeClient]

# One call of every client method that uses the user's key or none.
USER_CALLS: list[tuple[str, Callable[[HackatimeClient], object]]] = [
    ("today", lambda c: c.today()),
    ("profile", lambda c: c.profile()),
    ("last_7_days", lambda c: c.last_7_days()),
    ("user_stats", lambda c: c.user_stats(start_date="2025-12-01")),
    ("heartbeats", lambda c: c.heartbeats(limit=2)),
    ("most_recent", lambda c: c.most_recent_heartbeat(editor="vscode")),
    ("trust_factor", lambda c: c.trust_factor("orpheus")),
    ("leaderboard", lambda c: c.leaderboard("weekly")),
]
ADMIN_CALLS: list[tuple[str, Callable[[HackatimeClient], object]]] = [
    ("global_stats", lambda c: c.global_stats(start_date="2025-12-01")),
    ("lookup_email", lambda c: c.lookup_email("orpheus@hackclub.com")),
    ("lookup_slack_uid", lambda c: c.lookup_slack_uid("U0266FRGP")),
]
PUBLIC_PATHS = ("/trust_factor", "/leaderboard")


def test_every_request_sends_exact_accept_and_app_user_agent(
    demo: DemoServer, client: HackatimeClient, admin_client: HackatimeClient
) -> None:
    """Accept is exactly application/json; User-Agent names app + version."""
    for _, call in USER_CALLS:
        call(client)
    for _, call in ADMIN_CALLS:
        call(admin_client)

    assert len(demo.requests) == len(USER_CALLS) + len(ADMIN_CALLS)
    for request in demo.requests:
        assert request.headers["accept"] == "application/json"
        assert request.headers["user-agent"].startswith(
            f"hackatime-tray/{__version__} "
        )


def test_key_travels_only_in_the_bearer_header_never_in_the_url(
    demo: DemoServer, client: HackatimeClient, admin_client: HackatimeClient
) -> None:
    """No request URL holds either key; public endpoints get no key."""
    for _, call in USER_CALLS:
        call(client)
    for _, call in ADMIN_CALLS:
        call(admin_client)

    encoded = base64.b64encode(demo.api_key.encode()).decode()
    for request in demo.requests:
        for secret in (demo.api_key, demo.admin_key, encoded):
            assert secret not in request.target
        assert "api_key" not in request.query
        authorization = request.headers.get("authorization")
        if (
            request.path.endswith(PUBLIC_PATHS)
            or "/leaderboard" in request.path
        ):
            assert authorization is None
        elif request.path.startswith(
            ("/api/v1/stats", "/api/v1/users/lookup")
        ):
            assert authorization == f"Bearer {demo.admin_key}"
        else:
            assert authorization == f"Bearer {demo.api_key}"


def test_key_with_surrounding_whitespace_is_sent_stripped(
    demo: DemoServer, make_client: ClientFactory
) -> None:
    """A pasted key with spaces and a newline around it still works."""
    client = make_client(demo.url, f"  {demo.api_key}\r\n")

    assert client.today().total_seconds > 0
    assert (
        demo.requests[-1].headers["authorization"] == f"Bearer {demo.api_key}"
    )


def test_no_error_message_of_any_fault_contains_the_key(
    demo: DemoServer, client: HackatimeClient
) -> None:
    """Across every fault kind that answers, messages never hold the key."""
    kinds: list[tuple[str, dict[str, Any]]] = [
        ("unauthorized", {"message": demo.api_key}),
        ("forbidden", {"message": f"key={demo.api_key}"}),
        ("not_found", {}),
        ("rate_limited", {"retry_after": demo.api_key}),
        ("busy", {"message": demo.api_key}),
        ("accepted", {}),
        ("server_error_html", {}),
        ("bad_gateway_html", {}),
        ("html_200", {}),
        ("malformed_json", {}),
        ("truncated_json", {}),
        ("wrong_types", {"value": demo.api_key}),
        ("redirect", {"location": f"http://{demo.api_key}.example/"}),
        ("drop", {}),
    ]
    messages = []
    for kind, params in kinds:
        demo.inject(kind, count=1, **params)
        with pytest.raises(ApiError) as caught:
            client.today()
        messages.append(str(caught.value))

    assert len(messages) == len(kinds)
    for message in messages:
        assert demo.api_key not in message
        assert demo.api_key.upper() not in message.upper()


def test_http_proxy_from_environment_carries_plain_http_requests(
    demo: DemoServer,
    make_client: ClientFactory,
    proxy: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """HTTP_PROXY is honoured: the request goes through the proxy."""
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    client = make_client(demo.url, demo.api_key)

    today = client.today()

    assert today.total_seconds > 0
    path = "/api/hackatime/v1/users/current/statusbar/today"
    assert proxy.request_lines == [f"GET {demo.url}{path} HTTP/1.1"]
    assert demo.requests[-1].path == path


def test_https_proxy_from_environment_gets_a_connect_without_the_key(
    make_client: ClientFactory,
    proxy: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """HTTPS_PROXY is honoured: a CONNECT reaches the proxy, with no key."""
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    key = "01234567-89ab-4cde-8f01-23456789abcd"
    client = make_client("https://127.0.0.1:9", key)

    with pytest.raises(NetworkError, match="proxy") as caught:
        client.today()

    assert key not in str(caught.value)
    assert proxy.request_lines == ["CONNECT 127.0.0.1:9 HTTP/1.1"]
    assert "authorization" not in proxy.headers[0]
    assert key not in str(proxy.headers[0])


def test_no_proxy_for_the_host_bypasses_the_proxy(
    demo: DemoServer,
    make_client: ClientFactory,
    proxy: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """NO_PROXY naming the host sends the request directly."""
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    client = make_client(demo.url, demo.api_key)

    assert client.today().total_seconds > 0
    assert proxy.request_lines == []
    assert len(demo.requests) == 1
