"""Display fixtures (a pytest plugin): a virtual X server, tray hosts.

Each test gets its own Xvfb (display number picked by Xvfb itself through
``-displayfd``) and, when it asks for one, a trayer panel that owns the
system tray selection. Tests skip only when Xvfb or trayer is missing;
``scripts/install-system-deps`` installs them.
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tray_display_helpers import (
    REPO_ROOT,
    DriverProcess,
    VirtualDisplay,
    wait_for,
)
from Xlib.display import Display

#: Wide enough for the tray panel and tall enough for the fallback menu.
SCREEN_GEOMETRY = "1024x768x24"
TRAYER_COMMAND = (
    "trayer",
    "--edge", "top",
    "--align", "left",
    "--widthtype", "pixel",
    "--width", "200",
    "--height", "32",
    "--transparent", "false",
    "--SetDockType", "true",
)  # fmt: skip
INSTALL_HINT = "run scripts/install-system-deps to install it"


def skip_or_fail(reason: str) -> None:
    """Skip for lack of a tool; in CI (CI=true) fail instead, so the
    real-display tests can never pass there by being skipped."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must run the display tests)")
    pytest.skip(reason)


def require_program(name: str) -> None:
    """Skip (fail in CI) when the X tool ``name`` is not installed."""
    if shutil.which(name) is None:
        skip_or_fail(f"{name} is not installed; {INSTALL_HINT}")


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """Terminate a helper process and reap it."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _read_display_number(
    read_fd: int, process: subprocess.Popen[bytes]
) -> str:
    collected = b""
    while not collected.endswith(b"\n"):
        ready, _, _ = select.select([read_fd], [], [], 10)
        if not ready or process.poll() is not None:
            raise RuntimeError("Xvfb did not report a display number")
        chunk = os.read(read_fd, 64)
        if not chunk:
            raise RuntimeError("Xvfb closed -displayfd without a number")
        collected += chunk
    return collected.decode().strip()


@pytest.fixture
def xvfb(tmp_path: Path) -> Iterator[VirtualDisplay]:
    """A fresh Xvfb server on a free display number."""
    require_program("Xvfb")
    logs = tmp_path / "logs"
    logs.mkdir()
    read_fd, write_fd = os.pipe()
    with (logs / "xvfb.log").open("wb") as log:
        process = subprocess.Popen(
            [
                "Xvfb",
                "-displayfd",
                str(write_fd),
                "-screen",
                "0",
                SCREEN_GEOMETRY,
                "-nolisten",
                "tcp",
            ],
            pass_fds=(write_fd,),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    os.close(write_fd)
    try:
        number = _read_display_number(read_fd, process)
    except RuntimeError:
        stop_process(process)
        raise
    finally:
        os.close(read_fd)

    name = f":{number}"
    connection = Display(name)
    display = VirtualDisplay(name=name, connection=connection, logs=logs)
    try:
        yield display
    finally:
        for helper in reversed(display.processes):
            stop_process(helper)
        connection.close()
        stop_process(process)


@pytest.fixture
def start_tray_host(xvfb: VirtualDisplay) -> Callable[[], int]:
    """A function that starts trayer and returns its tray selection owner."""
    require_program("trayer")

    def start() -> int:
        with (xvfb.logs / "trayer.log").open("ab") as log:
            process = subprocess.Popen(
                TRAYER_COMMAND,
                env={**os.environ, "DISPLAY": xvfb.name},
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )
        xvfb.processes.append(process)
        return wait_for(xvfb.tray_owner, "trayer to own the tray selection")

    return start


@pytest.fixture
def tray_host(start_tray_host: Callable[[], int]) -> int:
    """A trayer panel, running: the id of the tray selection owner."""
    return start_tray_host()


@pytest.fixture
def menu_dump(tmp_path: Path) -> Path:
    """Where the fallback menu window writes the rows it drew."""
    return tmp_path / "fallback-menu.json"


@pytest.fixture
def start_driver(
    xvfb: VirtualDisplay,
    tmp_path: Path,
    menu_dump: Path,
) -> Iterator[Callable[..., DriverProcess]]:
    """A function that starts tray_driver.py on the virtual display."""
    drivers: list[DriverProcess] = []

    def start(**extra_env: str) -> DriverProcess:
        env = {
            **os.environ,
            "DISPLAY": xvfb.name,
            "PYSTRAY_BACKEND": "xorg",
            "PYTHONPATH": str(REPO_ROOT),
            "HACKATIME_TRAY_MENU_DUMP": str(menu_dump),
            **extra_env,
        }
        env.pop("WAYLAND_DISPLAY", None)
        driver = DriverProcess(env, tmp_path / f"driver-{len(drivers)}.log")
        drivers.append(driver)
        return driver

    yield start
    for driver in drivers:
        driver.close()


@pytest.fixture
def screenshot_dir(tmp_path: Path) -> Path:
    """Where screenshots go: $HACKATIME_TRAY_SCREENSHOT_DIR or tmp_path."""
    configured = os.environ.get("HACKATIME_TRAY_SCREENSHOT_DIR")
    return Path(configured) if configured else tmp_path


def _python_has_gi() -> bool:
    result = subprocess.run(
        [sys.executable, "-c", "import gi"],
        capture_output=True,
        timeout=30,
        check=False,
    )
    return result.returncode == 0


@pytest.fixture
def session_bus(tmp_path: Path) -> Iterator[str]:
    """A private D-Bus session bus (like dbus-run-session): its address."""
    require_program("dbus-daemon")
    require_program("gdbus")
    with (tmp_path / "dbus.log").open("wb") as log:
        process = subprocess.Popen(
            ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=log,
        )
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 10)
        if not ready:
            raise RuntimeError("dbus-daemon did not print its address")
        address = process.stdout.readline().decode().strip()
        yield address
    finally:
        stop_process(process)
        if process.stdout is not None:
            process.stdout.close()


@pytest.fixture
def sni_host(xvfb: VirtualDisplay, session_bus: str) -> Callable[..., str]:
    """A StatusNotifierItem host and watcher (gtk-sni-tray-standalone).

    Returns a function that runs ``gdbus call --session ARGS...`` on the
    test's bus and gives its output ("" when the call fails).
    """
    require_program("gtk-sni-tray-standalone")
    if not _python_has_gi():
        skip_or_fail(
            "PyGObject is not installed; run "
            "scripts/install-system-deps --test and "
            "scripts/install-system-deps --pip-appindicator"
        )
    env = {
        **os.environ,
        "DISPLAY": xvfb.name,
        "DBUS_SESSION_BUS_ADDRESS": session_bus,
        # GTK's accessibility bridge activates the at-spi buses first,
        # which can stall the host for tens of seconds on a loaded box.
        "NO_AT_BRIDGE": "1",
    }

    def start_host() -> subprocess.Popen[bytes]:
        with (xvfb.logs / "sni-host.log").open("ab") as log:
            process = subprocess.Popen(
                ["gtk-sni-tray-standalone", "--top", "-s", "32", "--watcher"],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )
        xvfb.processes.append(process)
        return process

    def gdbus(*args: str) -> str:
        result = subprocess.run(
            ["gdbus", "call", "--session", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        if result.returncode != 0:
            return ""
        return result.stdout

    def watcher_is_up() -> bool:
        return "true" in gdbus(*WATCHER_HAS_OWNER)

    # It registers in ~0.15 s, but on a loaded machine a start can stall
    # for good; a second start has always come up.
    first = start_host()
    try:
        wait_for(watcher_is_up, "the StatusNotifierWatcher", timeout=15)
    except AssertionError:
        stop_process(first)
        start_host()
        wait_for(
            watcher_is_up, "the StatusNotifierWatcher (again)", timeout=30
        )
    return gdbus


WATCHER_HAS_OWNER = (
    "--dest", "org.freedesktop.DBus",
    "--object-path", "/org/freedesktop/DBus",
    "--method", "org.freedesktop.DBus.NameHasOwner",
    "org.kde.StatusNotifierWatcher",
)  # fmt: skip
