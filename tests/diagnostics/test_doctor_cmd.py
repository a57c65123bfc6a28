"""``hackatime-tray doctor`` run in-process: exit status, output formats
and the key kept out of everything it prints."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from diagnostics_helpers import OTHER_KEY, write_cfg

from tray_app.cli import build_parser, main
from tray_app.credentials import mask_key
from tray_app.demo import DEMO_API_KEY, DemoServer
from tray_app.diagnostics import (
    API_KEY,
    AUTOSTART,
    CONNECTION,
    KEY_ACCEPTED,
    KEYRING,
    LAST_HEARTBEAT,
    LOG_FILE,
    SERVER,
    SETTINGS,
    TIME_ZONE,
    TRAY,
    WAKATIME_CFG,
)

CHECK_ORDER = [
    SERVER,
    API_KEY,
    SETTINGS,
    WAKATIME_CFG,
    CONNECTION,
    KEY_ACCEPTED,
    TIME_ZONE,
    LAST_HEARTBEAT,
    KEYRING,
    TRAY,
    AUTOSTART,
    LOG_FILE,
]


@dataclass
class Run:
    """What one run of the CLI printed, and its exit status."""

    code: int
    out: str
    err: str


@pytest.fixture
def doctor(capsys: pytest.CaptureFixture[str], monkeypatch) -> object:
    """Run ``hackatime-tray doctor ...`` with no display in the env."""
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)

    def run(*argv: str) -> Run:
        code = main(["doctor", *argv])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def test_exit_status_is_zero_when_nothing_fails(doctor) -> None:
    """Against the demo server nothing fails (warnings allowed): exit 0,
    and the text ends with the tally."""
    result = doctor("--demo")

    assert result.code == 0
    assert "[FAIL]" not in result.out
    assert result.out.rstrip().endswith("0 failed.")


def test_exit_status_is_one_when_a_line_fails(
    demo: DemoServer, doctor, monkeypatch
) -> None:
    """With no key the key line fails and the exit status is 1."""
    monkeypatch.setenv("HACKATIME_API_URL", demo.url)

    result = doctor()

    assert result.code == 1
    assert "[FAIL] API key: No API key" in result.out


def test_json_output_has_ok_counts_and_every_check_in_order(doctor) -> None:
    """--format json prints ok, counts and the twelve checks, each with
    exactly name, level, summary and advice."""
    result = doctor("--demo", "--format", "json")
    data = json.loads(result.out)

    assert set(data) == {"ok", "counts", "checks"}
    assert [check["name"] for check in data["checks"]] == CHECK_ORDER
    for check in data["checks"]:
        assert set(check) == {"name", "level", "summary", "advice"}
        assert check["level"] in {"ok", "warn", "fail"}
        assert check["summary"]
    assert sum(data["counts"].values()) == len(CHECK_ORDER)
    assert data["ok"] is (data["counts"]["fail"] == 0)
    assert result.code == (0 if data["ok"] else 1)


def test_json_ok_is_false_when_a_line_fails(
    demo: DemoServer, doctor, monkeypatch
) -> None:
    """The JSON "ok" is false and the fail count is set with no key."""
    monkeypatch.setenv("HACKATIME_API_URL", demo.url)

    data = json.loads(doctor("--format", "json").out)

    assert data["ok"] is False
    assert data["counts"]["fail"] >= 1


@pytest.mark.parametrize("output", ["text", "json"])
def test_key_appears_nowhere_in_output_or_logs(
    use_demo: DemoServer,
    doctor,
    wakatime_cfg: Path,
    output: str,
) -> None:
    """With a rejected key, another key in .wakatime.cfg and verbose logs
    on, neither key is in stdout or stderr; the masked key is."""
    write_cfg(
        wakatime_cfg,
        f"api_url = {use_demo.url}/api/hackatime/v1",
        f"api_key = {OTHER_KEY}",
    )
    use_demo.inject("unauthorized")

    result = doctor("--format", output, "-v")

    for key in (use_demo.api_key, OTHER_KEY):
        assert key not in result.out
        assert key not in result.err
    assert mask_key(use_demo.api_key) in result.out
    assert result.code == 1


def test_demo_key_is_masked_in_demo_mode(doctor) -> None:
    """--demo shows the demo key only masked too."""
    result = doctor("--demo")

    assert DEMO_API_KEY not in result.out + result.err
    assert mask_key(DEMO_API_KEY) in result.out


def test_broken_wakatime_cfg_gives_a_report_not_a_usage_error(
    use_demo: DemoServer, doctor, wakatime_cfg: Path
) -> None:
    """A broken .wakatime.cfg, which stops other commands with exit 2,
    gives the doctor's report with exit 1 and the file's path."""
    wakatime_cfg.write_text("[settings]\napi_key\n", encoding="utf-8")

    result = doctor()

    assert result.code == 1
    assert f"[FAIL] {WAKATIME_CFG}: " in result.out
    assert str(wakatime_cfg) in result.out
    assert "[OK]   Key accepted" in result.out


def test_help_lists_doctor_but_not_the_window_command(capsys) -> None:
    """`doctor` is in the command list; the window's command is hidden
    but still parses."""
    with pytest.raises(SystemExit):
        main(["--help"])
    listed = capsys.readouterr().out

    args = build_parser().parse_args(["diagnostics-window", "--demo"])

    assert "doctor" in listed
    assert "diagnostics-window" not in listed
    assert "SUPPRESS" not in listed
    assert args.demo is True
