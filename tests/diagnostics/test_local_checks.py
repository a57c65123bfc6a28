"""The lines about this computer: config files, keyring, tray backend,
start at login and log file, with real files in the temp home."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from diagnostics_helpers import (
    OTHER_KEY,
    line,
    run_doctor,
    write_cfg,
)
from keyring_fixtures import MemoryKeyring
from tray_display_helpers import VirtualDisplay

from tray_app import paths
from tray_app.autostart import autostart_backend
from tray_app.autostart_windows import RegistryValue, RunKeyAutostart
from tray_app.demo import DemoServer
from tray_app.diagnostics import (
    API_KEY,
    AUTOSTART,
    CONNECTION,
    KEY_ACCEPTED,
    KEYRING,
    LOG_FILE,
    SERVER,
    SETTINGS,
    TRAY,
    WAKATIME_CFG,
    DoctorOptions,
    Level,
    check_tray_backend,
    exit_status,
    installed_gtk_backend,
    render_text,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
PRINT_PYSTRAY_BACKEND = (
    "import pystray\n"
    "print(pystray.Icon.__module__.rsplit('.', 1)[-1].lstrip('_'))\n"
)


# ~/.wakatime.cfg


def test_missing_wakatime_cfg_warns_that_plugins_may_not_be_set_up(
    use_demo: DemoServer, options: DoctorOptions, wakatime_cfg: Path
) -> None:
    """No .wakatime.cfg is a warning naming where it was looked for."""
    check = line(run_doctor(options), WAKATIME_CFG)

    assert check.level is Level.WARN
    assert str(wakatime_cfg) in check.summary
    assert "editor plugins may not be set up" in check.summary


def test_wakatime_cfg_with_same_server_and_key_is_ok(
    use_demo: DemoServer, options: DoctorOptions, wakatime_cfg: Path
) -> None:
    """A file pointing editors at the tray's server with its key is ok."""
    write_cfg(
        wakatime_cfg,
        f"api_url = {use_demo.url}/api/hackatime/v1",
        f"api_key = {use_demo.api_key}",
    )

    check = line(run_doctor(options), WAKATIME_CFG)

    assert check.level is Level.OK
    assert "same server" in check.summary


def test_wakatime_cfg_pointing_at_another_server_warns(
    use_demo: DemoServer, options: DoctorOptions, wakatime_cfg: Path
) -> None:
    """Editors sending to another server than the tray reads is a warning
    that names both servers and the api_url to set."""
    write_cfg(
        wakatime_cfg,
        "api_url = https://hackatime.hackclub.com/api/hackatime/v1",
        f"api_key = {use_demo.api_key}",
    )

    check = line(run_doctor(options), WAKATIME_CFG)

    assert check.level is Level.WARN
    assert "https://hackatime.hackclub.com" in check.summary
    assert use_demo.url in check.summary
    assert f"api_url = {use_demo.url}/api/hackatime/v1" in check.advice


def test_wakatime_cfg_without_api_url_means_wakatime_com(
    use_demo: DemoServer, options: DoctorOptions, wakatime_cfg: Path
) -> None:
    """A file with no api_url sends to wakatime.com, as wakatime-cli
    does, which is another server than the demo: a warning."""
    write_cfg(wakatime_cfg, f"api_key = {use_demo.api_key}")

    check = line(run_doctor(options), WAKATIME_CFG)

    assert check.level is Level.WARN
    assert "https://api.wakatime.com" in check.summary
    assert "no api_url" in check.summary


def test_wakatime_cfg_with_another_key_warns_without_printing_keys(
    use_demo: DemoServer, options: DoctorOptions, wakatime_cfg: Path
) -> None:
    """A different key in the file is a warning; neither the file's key
    nor the tray's appears anywhere in the report."""
    write_cfg(
        wakatime_cfg,
        f"api_url = {use_demo.url}/api/hackatime/v1",
        f"api_key = {OTHER_KEY}",
    )

    report = run_doctor(options)

    check = line(report, WAKATIME_CFG)
    assert check.level is Level.WARN
    assert "another API key" in check.summary
    text = render_text(report)
    assert OTHER_KEY not in text
    assert use_demo.api_key not in text


def test_wakatime_cfg_without_any_key_warns(
    use_demo: DemoServer, options: DoctorOptions, wakatime_cfg: Path
) -> None:
    """A file with a server but no key cannot let editors send anything."""
    write_cfg(wakatime_cfg, f"api_url = {use_demo.url}/api/hackatime/v1")

    check = line(run_doctor(options), WAKATIME_CFG)

    assert check.level is Level.WARN
    assert "has no api_key" in check.summary


def test_key_taken_from_wakatime_cfg_is_the_same_key(
    demo: DemoServer, options: DoctorOptions, wakatime_cfg: Path
) -> None:
    """When the tray reads its server and key from the file itself, the
    key line names the file and the file's line is ok."""
    write_cfg(
        wakatime_cfg,
        f"api_url = {demo.url}/api/hackatime/v1",
        f"api_key = {demo.api_key}",
    )

    report = run_doctor(options)

    assert "~/.wakatime.cfg" in line(report, API_KEY).summary
    assert line(report, KEY_ACCEPTED).level is Level.OK
    assert line(report, WAKATIME_CFG).level is Level.OK


def test_broken_wakatime_cfg_fails_with_its_path_and_is_kept(
    use_demo: DemoServer, options: DoctorOptions, wakatime_cfg: Path
) -> None:
    """A file the parser refuses is a failed line naming the file; the
    rest of the report still runs and the file is not touched."""
    broken = "api_key = before-any-section\n[settings]\n"
    wakatime_cfg.write_text(broken, encoding="utf-8")

    report = run_doctor(options)

    check = line(report, WAKATIME_CFG)
    assert check.level is Level.FAIL
    assert str(wakatime_cfg) in check.summary
    assert line(report, KEY_ACCEPTED).level is Level.OK
    assert wakatime_cfg.read_text(encoding="utf-8") == broken
    assert exit_status(report) == 1


def test_wakatime_home_is_where_the_file_is_looked_for(
    use_demo: DemoServer,
    options: DoctorOptions,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With WAKATIME_HOME set, the file there is the one compared."""
    wakatime_home = tmp_path / "wakatime-home"
    wakatime_home.mkdir()
    monkeypatch.setenv("WAKATIME_HOME", str(wakatime_home))
    write_cfg(
        wakatime_home / ".wakatime.cfg",
        f"api_url = {use_demo.url}/api/hackatime/v1",
        f"api_key = {use_demo.api_key}",
    )

    check = line(run_doctor(options), WAKATIME_CFG)

    assert check.level is Level.OK
    assert str(wakatime_home / ".wakatime.cfg") in check.summary


# Settings and server address


def test_broken_settings_file_fails_with_its_path_and_is_kept(
    use_demo: DemoServer, options: DoctorOptions
) -> None:
    """A settings file with a wrong value is a failed line naming it; the
    file stays as it was and the server lines still run."""
    settings_path = paths.settings_path()
    settings_path.parent.mkdir(parents=True)
    broken = "poll_interval_seconds = 'often'\n"
    settings_path.write_text(broken, encoding="utf-8")

    report = run_doctor(options)

    check = line(report, SETTINGS)
    assert check.level is Level.FAIL
    assert str(settings_path) in check.summary
    assert settings_path.read_text(encoding="utf-8") == broken
    assert line(report, CONNECTION).level is Level.OK


def test_missing_settings_file_means_defaults(
    use_demo: DemoServer, options: DoctorOptions
) -> None:
    """No settings file is fine: the line says the defaults are used."""
    check = line(run_doctor(options), SETTINGS)

    assert check.level is Level.OK
    assert "defaults" in check.summary


def test_unusable_server_address_fails_the_server_line(
    options: DoctorOptions, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An address that cannot be used fails the server line with the
    reason; the lines that need a server say they were not checked."""
    monkeypatch.setenv("HACKATIME_API_URL", "ftp://example.invalid")

    report = run_doctor(options)

    server = line(report, SERVER)
    assert server.level is Level.FAIL
    assert "HACKATIME_API_URL" in server.summary
    assert line(report, CONNECTION).summary.startswith("Not checked")
    assert exit_status(report) == 1


# Keyring


def test_turned_off_keyring_warns_that_the_env_var_still_works(
    use_demo: DemoServer, options: DoctorOptions
) -> None:
    """The null backend (keyring turned off) is a warning that names it
    and points at HACKATIME_API_KEY."""
    check = line(run_doctor(options), KEYRING)

    assert check.level is Level.WARN
    assert "keyring.backends.null.Keyring" in check.summary
    assert "HACKATIME_API_KEY" in check.advice


def test_working_keyring_is_ok_and_can_hold_the_key(
    demo: DemoServer,
    options: DoctorOptions,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A keyring that works is ok, and a key stored there is found and
    reported as coming from the keyring."""
    monkeypatch.setenv("HACKATIME_API_URL", demo.url)
    memory_keyring.set_password("hackatime-tray", demo.url, demo.api_key)

    report = run_doctor(options)

    assert line(report, KEYRING).level is Level.OK
    assert "MemoryKeyring" in line(report, KEYRING).summary
    assert "from keyring" in line(report, API_KEY).summary
    assert line(report, KEY_ACCEPTED).level is Level.OK


# Tray backend


def _no_pygobject() -> str | None:
    """Stands in for a system without PyGObject."""
    return None


def _appindicator() -> str | None:
    """Stands in for PyGObject with the Ayatana typelib installed."""
    return "appindicator"


def test_no_display_warns_before_anything_is_imported() -> None:
    """On Linux without DISPLAY or WAYLAND_DISPLAY the tray line warns."""
    check = check_tray_backend({}, "linux", _appindicator)

    assert check.level is Level.WARN
    assert "No display" in check.summary


def test_x11_without_pygobject_uses_xorg_without_a_menu() -> None:
    """With only X11 the backend is xorg: no native menu, a window on
    click instead, and a hint on what to install."""
    check = check_tray_backend({"DISPLAY": ":5"}, "linux", _no_pygobject)

    assert check.level is Level.WARN
    assert "xorg" in check.summary
    assert "menu no, notifications no" in check.summary
    assert "opens a small window" in check.summary
    assert "gir1.2-ayatanaappindicator3-0.1" in check.advice


def test_appindicator_gives_a_native_menu() -> None:
    """With the AppIndicator typelib the backend has menus and
    notifications, and the line is ok."""
    check = check_tray_backend({"DISPLAY": ":5"}, "linux", _appindicator)

    assert check.level is Level.OK
    assert "appindicator" in check.summary
    assert "menu yes, notifications yes" in check.summary


def test_wayland_without_appindicator_cannot_show_a_tray() -> None:
    """Pure Wayland with no AppIndicator support fails: xorg needs X11."""
    env = {"WAYLAND_DISPLAY": "wayland-0"}

    check = check_tray_backend(env, "linux", _no_pygobject)

    assert check.level is Level.FAIL
    assert "Wayland" in check.summary


def test_pystray_backend_variable_is_followed_and_named() -> None:
    """PYSTRAY_BACKEND picks the backend, and the line says so."""
    env = {"DISPLAY": ":5", "PYSTRAY_BACKEND": "xorg"}

    check = check_tray_backend(env, "linux", _appindicator)

    assert "xorg" in check.summary
    assert "set by PYSTRAY_BACKEND" in check.summary


def test_unknown_pystray_backend_fails() -> None:
    """A PYSTRAY_BACKEND pystray does not know would stop the tray."""
    env = {"DISPLAY": ":5", "PYSTRAY_BACKEND": "qt"}

    check = check_tray_backend(env, "linux", _appindicator)

    assert check.level is Level.FAIL
    assert "PYSTRAY_BACKEND=qt" in check.summary


def test_dummy_backend_shows_no_icon() -> None:
    """The dummy backend needs no display but shows nothing: a warning."""
    check = check_tray_backend({"PYSTRAY_BACKEND": "dummy"}, "linux", None)

    assert check.level is Level.WARN
    assert "No icon" in check.summary


def test_macos_uses_darwin_with_a_menu_and_no_display_variable() -> None:
    """On macOS no DISPLAY is needed; darwin has menus and notifications."""
    check = check_tray_backend({}, "darwin", _no_pygobject)

    assert check.level is Level.OK
    assert "darwin" in check.summary
    assert "menu yes" in check.summary


@pytest.mark.display
def test_predicted_backend_is_the_one_pystray_picks(
    xvfb: VirtualDisplay,
) -> None:
    """On a real (virtual) X display, the backend the doctor predicts
    from the installed PyGObject is the one pystray itself loads."""
    env = {**os.environ, "DISPLAY": xvfb.name}
    env.pop("PYSTRAY_BACKEND", None)
    env.pop("WAYLAND_DISPLAY", None)
    loaded = subprocess.run(
        [sys.executable, "-c", PRINT_PYSTRAY_BACKEND],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.strip()

    check = check_tray_backend({"DISPLAY": xvfb.name}, "linux")

    assert loaded in {"appindicator", "gtk", "xorg"}
    assert f"its {loaded} backend" in check.summary
    assert (installed_gtk_backend() or "xorg") == loaded


def test_doctor_without_display_never_imports_pystray(tmp_path: Path) -> None:
    """A whole doctor run with no display leaves pystray unimported (it
    would crash on import there)."""
    script = (
        "import sys\n"
        "from tray_app.cli import main\n"
        "main(['doctor', '--demo'])\n"
        "print('pystray loaded:', 'pystray' in sys.modules)\n"
    )
    env = {
        "HOME": str(tmp_path),
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(REPO_ROOT),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
    }

    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert "No display" in result.stdout
    assert result.stdout.strip().endswith("pystray loaded: False")


# Start at login, log file, isolation


def test_autostart_off_is_ok_with_how_to_turn_it_on(
    use_demo: DemoServer, options: DoctorOptions
) -> None:
    """Start at login being off is a choice, not a fault: ok, with the
    command that turns it on."""
    check = line(run_doctor(options), AUTOSTART)

    assert check.level is Level.OK
    assert "off" in check.summary
    assert "hackatime-tray autostart on" in check.advice


def test_autostart_on_names_where_it_is_set(
    use_demo: DemoServer, options: DoctorOptions
) -> None:
    """After the XDG entry is written, the line says on and names it."""
    backend = autostart_backend("linux")
    backend.enable(["/usr/bin/hackatime-tray"])

    check = line(run_doctor(options), AUTOSTART)

    assert check.level is Level.OK
    assert "is on" in check.summary
    assert str(backend.location()) in check.summary


def test_missing_log_file_warns_with_its_path(
    use_demo: DemoServer, options: DoctorOptions
) -> None:
    """No log file yet is a warning giving the path the tray writes."""
    check = line(run_doctor(options), LOG_FILE)

    assert check.level is Level.WARN
    assert str(options.log_file) in check.summary


def test_existing_log_file_is_ok_with_path_and_size(
    use_demo: DemoServer, options: DoctorOptions
) -> None:
    """An existing log file is ok and the line gives its path and size."""
    assert options.log_file is not None
    options.log_file.parent.mkdir(parents=True)
    options.log_file.write_text("x" * 1234, encoding="utf-8")

    check = line(run_doctor(options), LOG_FILE)

    assert check.level is Level.OK
    assert str(options.log_file) in check.summary
    assert "1,234 bytes" in check.summary


def test_default_log_file_is_in_the_platform_log_dir(
    use_demo: DemoServer, options: DoctorOptions
) -> None:
    """Without an override the line names log_dir()/hackatime-tray.log."""
    check = line(run_doctor(replace(options, log_file=None)), LOG_FILE)

    assert str(paths.log_dir() / "hackatime-tray.log") in check.summary


class _BrokenRegistry:
    """A Windows registry whose every call fails in an unexpected way."""

    def read_value(self, key: str, name: str) -> RegistryValue | None:
        raise RuntimeError("registry exploded")

    def write_string(self, key: str, name: str, value: str) -> None:
        raise RuntimeError("registry exploded")

    def delete_value(self, key: str, name: str) -> None:
        raise RuntimeError("registry exploded")


def test_exception_in_one_check_is_a_fail_line_not_a_crash(
    use_demo: DemoServer, options: DoctorOptions
) -> None:
    """A check that raises becomes a fail line with the error's type
    only; every other line is still there and the server lines pass."""
    broken = RunKeyAutostart(_BrokenRegistry())

    report = run_doctor(replace(options, autostart=broken))

    check = line(report, AUTOSTART)
    assert check.level is Level.FAIL
    assert "could not run: RuntimeError" in check.summary
    assert "exploded" not in check.summary
    assert len(report) == 12
    assert line(report, KEY_ACCEPTED).level is Level.OK
    assert line(report, TRAY).level is Level.WARN
