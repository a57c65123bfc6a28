"""``hackatime-tray status`` against the demo server over loopback."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

from tray_app.address import parse_server_address
from tray_app.client import HackatimeClient
from tray_app.demo import DemoServer
from tray_app.formatting import DisplayFormat, format_duration


def _server_total(server: DemoServer) -> int:
    address = parse_server_address(server.url)
    with HackatimeClient(address, server.api_key) as client:
        return client.today().total_seconds


def test_status_text_prints_todays_total_in_default_format(
    use_server: DemoServer, run_cli
) -> None:
    """The text output is today's total formatted as '1h 5m' and exits 0."""
    result = run_cli("status")

    expected = format_duration(
        _server_total(use_server), DisplayFormat.DEFAULT
    )
    assert result.exit_code == 0
    assert result.out.strip() == expected


def test_status_clock_and_decimal_formats_follow_the_option(
    use_server: DemoServer, run_cli
) -> None:
    """--format clock and decimal print the same total in those styles."""
    total = _server_total(use_server)

    clock = run_cli("status", "--format", "clock").out.strip()
    decimal = run_cli("status", "--format", "decimal").out.strip()

    assert clock == format_duration(total, DisplayFormat.CLOCK)
    assert decimal == format_duration(total, DisplayFormat.DECIMAL)


def test_status_json_has_every_documented_field(
    use_server: DemoServer, run_cli
) -> None:
    """The JSON object carries state, totals, goal, staleness and time."""
    result = run_cli("status", "--format", "json")
    data = result.json()

    assert result.exit_code == 0
    assert data["state"] == "ok"
    assert data["total_seconds"] == _server_total(use_server)
    assert data["stale"] is False
    assert set(data) >= {
        "state",
        "total_seconds",
        "display",
        "server_text",
        "goal",
        "stale",
        "updated_at",
        "message",
    }
    assert datetime.fromisoformat(data["updated_at"]).utcoffset() is not None
    goal = data["goal"]
    assert set(goal) == {
        "target_seconds",
        "tracked_seconds",
        "percent",
        "complete",
    }
    assert 0 <= goal["percent"] <= 100


def test_status_waybar_output_has_text_tooltip_class_percentage(
    use_server: DemoServer, run_cli
) -> None:
    """--format waybar prints the four keys waybar reads."""
    data = run_cli("status", "--format", "waybar").json()

    assert set(data) == {"text", "tooltip", "class", "percentage"}
    assert data["text"] == format_duration(
        _server_total(use_server), DisplayFormat.DEFAULT
    )
    assert "ok" in data["class"]
    assert len(data["tooltip"]) <= 127


def test_status_keeps_last_value_marked_stale_when_key_is_rejected(
    use_server: DemoServer, run_cli
) -> None:
    """After a good fetch, a 401 prints the cached value as stale, exit 3."""
    first = run_cli("status", "--format", "json").json()
    use_server.inject("unauthorized")

    result = run_cli("status", "--format", "json")
    data = result.json()

    assert result.exit_code == 3
    assert data["state"] == "auth_error"
    assert data["stale"] is True
    assert data["total_seconds"] == first["total_seconds"]
    assert data["updated_at"] == first["updated_at"]


def test_status_reports_offline_with_stale_value_when_server_is_down(
    use_server: DemoServer, run_cli
) -> None:
    """With the server gone, the cached value is printed stale, exit 4."""
    first = run_cli("status", "--format", "json").json()
    use_server.stop()

    result = run_cli("status", "--format", "json")
    data = result.json()

    assert result.exit_code == 4
    assert data["state"] == "offline"
    assert data["stale"] is True
    assert data["total_seconds"] == first["total_seconds"]


def test_status_without_any_key_says_no_key_and_exits_3(
    server: DemoServer, run_cli, monkeypatch
) -> None:
    """No key in any source gives state no_key and exit status 3."""
    monkeypatch.setenv("HACKATIME_API_URL", server.url)

    result = run_cli("status", "--format", "json")
    data = result.json()

    assert result.exit_code == 3
    assert data["state"] == "no_key"
    assert data["total_seconds"] is None
    assert "login" in data["message"]


def test_status_with_broken_settings_file_exits_2_and_keeps_the_file(
    use_server: DemoServer, run_cli, isolated_home: Path
) -> None:
    """A broken settings file is reported as config_error, byte-identical."""
    from tray_app import paths

    settings = paths.settings_path()
    settings.parent.mkdir(parents=True, exist_ok=True)
    broken = b"poll_interval_seconds = = 5\n\x00"
    settings.write_bytes(broken)

    result = run_cli("status", "--format", "json")

    assert result.exit_code == 2
    assert result.json()["state"] == "config_error"
    assert str(settings) in result.json()["message"]
    assert settings.read_bytes() == broken


def test_status_never_prints_the_api_key(
    use_server: DemoServer, run_cli
) -> None:
    """Neither the normal nor the error output contains the key."""
    outputs = [run_cli("status", "--format", fmt) for fmt in ("text", "json")]
    use_server.inject("unauthorized")
    outputs.append(run_cli("status", "--format", "json"))

    for result in outputs:
        assert use_server.api_key not in result.out + result.err


def test_status_demo_imports_no_gui_or_scheduler_library() -> None:
    """status --demo works without importing pystray, Pillow or APScheduler."""
    code = (
        "import sys\n"
        "from tray_app.cli import main\n"
        "code = main(['status', '--demo', '--format', 'json'])\n"
        "loaded = [m for m in ('pystray', 'PIL', 'apscheduler') "
        "if m in sys.modules]\n"
        "print('LOADED', loaded, code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"},
    )

    assert result.returncode == 0, result.stderr
    assert "LOADED [] 0" in result.stdout
    assert '"state": "ok"' in result.stdout


def test_broken_wakatime_cfg_does_not_block_a_key_from_the_environment(
    use_server: DemoServer, run_cli, isolated_home: Path
) -> None:
    """A duplicate key in .wakatime.cfg is left alone; the env key works."""
    cfg = isolated_home / ".wakatime.cfg"
    broken = b"[settings]\napi_key = a\napi_key = b\n"
    cfg.write_bytes(broken)

    result = run_cli("status", "--format", "json")

    assert result.exit_code == 0
    assert result.json()["state"] == "ok"
    assert cfg.read_bytes() == broken


def test_broken_wakatime_cfg_is_a_config_error_when_it_was_the_only_key(
    server: DemoServer, run_cli, isolated_home: Path, monkeypatch
) -> None:
    """With no other key, the broken file is reported with its path."""
    monkeypatch.setenv("HACKATIME_API_URL", server.url)
    cfg = isolated_home / ".wakatime.cfg"
    cfg.write_bytes(b"api_key = no-section-header\n")

    result = run_cli("status", "--format", "json")

    assert result.exit_code == 2
    assert result.json()["state"] == "config_error"
    assert str(cfg) in result.json()["message"]


def test_stale_text_output_gives_the_reason_on_stderr(
    use_server: DemoServer, run_cli
) -> None:
    """Text output stays one line on stdout; why it is stale goes to stderr."""
    run_cli("status")
    use_server.inject("unauthorized")

    result = run_cli("status")

    assert result.out.strip().endswith("(stale)")
    assert "rejected" in result.err
    assert use_server.api_key not in result.err
