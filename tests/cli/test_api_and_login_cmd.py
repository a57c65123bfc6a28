"""``hackatime-tray api``, ``login`` and ``logout`` against the demo server."""

from __future__ import annotations

import io

import pytest
from keyring_fixtures import MemoryKeyring

from tray_app.address import parse_server_address
from tray_app.client import HackatimeClient
from tray_app.demo import DemoServer
from tray_app.keystore import SERVICE_NAME


def test_api_today_prints_the_servers_total_as_json(
    use_server: DemoServer, run_cli
) -> None:
    """``api today`` prints the statusbar result as a JSON object."""
    result = run_cli("api", "today")

    address = parse_server_address(use_server.url)
    with HackatimeClient(address, use_server.api_key) as client:
        expected = client.today().total_seconds
    assert result.exit_code == 0
    assert result.json()["total_seconds"] == expected


def test_api_heartbeats_keeps_only_the_last_n(
    use_server: DemoServer, run_cli
) -> None:
    """``--limit 3`` keeps three heartbeats though the server ignores it."""
    data = run_cli("api", "heartbeats", "--limit", "3").json()

    times = [heartbeat["time"] for heartbeat in data["heartbeats"]]
    assert len(times) == 3
    assert times == sorted(times)


@pytest.mark.parametrize("period", ["daily", "weekly", "alias"])
def test_api_leaderboard_prints_each_period(
    period: str, use_server: DemoServer, run_cli
) -> None:
    """Every leaderboard period gives entries with ranks from 1."""
    data = run_cli("api", "leaderboard", "--period", period).json()

    assert data["entries"][0]["rank"] == 1


def test_api_admin_endpoint_with_user_key_says_rejected(
    use_server: DemoServer, run_cli
) -> None:
    """An admin-only endpoint with a user key prints the error, exit 3."""
    result = run_cli("api", "lookup-email", "ada@example.com")

    assert result.exit_code == 3
    assert result.json()["error"] == "KeyRejectedError"
    assert "admin API key" in result.json()["message"]
    assert use_server.api_key not in result.out + result.err


def test_login_from_stdin_checks_then_stores_the_key(
    server: DemoServer,
    run_cli,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:
    """A good key read from stdin lands in the keyring for that server."""
    monkeypatch.setenv("HACKATIME_API_URL", server.url)
    monkeypatch.setattr("sys.stdin", io.StringIO(server.api_key + "\n"))

    result = run_cli("login", "--key-stdin")

    stored = memory_keyring.passwords[(SERVICE_NAME, server.url)]
    assert result.exit_code == 0
    assert stored == server.api_key
    assert server.api_key not in result.out + result.err


def test_login_with_rejected_key_stores_nothing(
    server: DemoServer,
    run_cli,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:
    """A key the server refuses is reported, exit 3, and never stored."""
    wrong = "0b6f2d4e-1c3a-4f5e-9d7b-8a2c6e4f1d93"
    monkeypatch.setenv("HACKATIME_API_URL", server.url)
    monkeypatch.setattr("sys.stdin", io.StringIO(wrong))

    result = run_cli("login", "--key-stdin")

    assert result.exit_code == 3
    assert memory_keyring.passwords == {}
    assert wrong not in result.out + result.err


def test_login_without_a_keyring_says_what_to_install(
    server: DemoServer,
    run_cli,
    monkeypatch: pytest.MonkeyPatch,
    fail_keyring: object,
) -> None:
    """With keyring's fail backend, login explains itself in a sentence."""
    monkeypatch.setenv("HACKATIME_API_URL", server.url)
    monkeypatch.setattr("sys.stdin", io.StringIO(server.api_key))

    result = run_cli("login", "--key-stdin")

    assert result.exit_code == 2
    assert "HACKATIME_API_KEY" in result.err
    assert "Traceback" not in result.err
    assert server.api_key not in result.out + result.err


def test_login_with_no_input_says_so_without_a_traceback(
    server: DemoServer,
    run_cli,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:
    """Ctrl-D (end of input) at the prompt ends login cleanly, exit 2."""
    monkeypatch.setenv("HACKATIME_API_URL", server.url)

    def end_of_input() -> str:
        raise EOFError

    # The masked prompt needs a terminal; this is what it raises on Ctrl-D.
    monkeypatch.setattr("tray_app.login.read_key_interactively", end_of_input)

    result = run_cli("login")

    assert result.exit_code == 2
    assert "No key was entered" in result.err
    assert memory_keyring.passwords == {}


def test_trust_factor_without_user_looks_up_the_key_owner(
    use_server: DemoServer, run_cli
) -> None:
    """``api trust-factor`` with no --user asks about the key's owner."""
    result = run_cli("api", "trust-factor")

    assert result.exit_code == 0
    assert result.json()["trust_level"] in {"blue", "red", "green"}


def test_logout_removes_the_stored_key(
    server: DemoServer,
    run_cli,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:
    """After logout the keyring no longer holds the key for the server."""
    memory_keyring.passwords[(SERVICE_NAME, server.url)] = server.api_key
    monkeypatch.setenv("HACKATIME_API_URL", server.url)

    result = run_cli("logout")

    assert result.exit_code == 0
    assert memory_keyring.passwords == {}
