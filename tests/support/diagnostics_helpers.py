"""Helpers shared by the diagnostics tests (imported by name, see conftest).

The demo server's clock is set to :data:`NOW`, 06:00 UTC on a Wednesday.
Its planned days stay inside their own day and start no earlier than
08:00, so at that hour the newest planned heartbeat is at least six
hours old, and a test that adds one decides what "the last heartbeat" is.
"""

from __future__ import annotations

import argparse
import queue
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tray_app.cli import build_parser
from tray_app.commands.doctor_cmd import collect_report
from tray_app.demo import DemoServer
from tray_app.diagnostics import Check, DoctorOptions, Report

#: The demo server's clock, and the doctor's.
NOW = datetime(2025, 3, 5, 6, 0, tzinfo=UTC)

REPO_ROOT = Path(__file__).resolve().parents[2]
WINDOW_DRIVER = Path(__file__).with_name("window_driver.py")

#: A well-formed key that is not the demo server's.
OTHER_KEY = "0b6f2d4e-1c3a-4f5e-9d7b-8a2c6e4f1d93"


def doctor_args(*argv: str) -> argparse.Namespace:
    """``hackatime-tray doctor ARGV`` parsed as the CLI parses it."""
    return build_parser().parse_args(["doctor", *argv])


def run_doctor(options: DoctorOptions, *argv: str) -> Report:
    """The report ``hackatime-tray doctor ARGV`` would print."""
    return collect_report(doctor_args(*argv), options)


def line(report: Report, name: str) -> Check:
    """The report's line called ``name``."""
    matches = [check for check in report if check.name == name]
    assert len(matches) == 1, f"{name!r} in {[c.name for c in report]}"
    return matches[0]


def add_heartbeat(
    server: DemoServer, seconds_before_now: float, **fields: object
) -> None:
    """Store one heartbeat ``seconds_before_now`` before :data:`NOW`."""
    moment = NOW - timedelta(seconds=seconds_before_now)
    server.add_heartbeats([{"time": moment.timestamp(), **fields}])


def write_cfg(path: Path, *lines: str) -> None:
    """Write a .wakatime.cfg with a [settings] section of ``lines``."""
    path.write_text("\n".join(["[settings]", *lines, ""]), encoding="utf-8")


class WindowDriver:
    """window_driver.py in a child process: send commands, read lines."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self._log = log_path.open("w", encoding="utf-8")
        self.log_path = log_path
        self.process = subprocess.Popen(
            [sys.executable, str(WINDOW_DRIVER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            env=env,
            cwd=REPO_ROOT,
            text=True,
            encoding="utf-8",
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for output in self.process.stdout:
            self._lines.put(output.rstrip("\n"))
        self._lines.put(None)

    def expect(self, prefix: str, timeout: float = 20.0) -> str:
        """The rest of the next line starting with ``prefix``."""
        try:
            while True:
                output = self._lines.get(timeout=timeout)
                if output is None:
                    break
                if output.startswith(prefix):
                    return output[len(prefix) :].strip()
        except queue.Empty:
            pass
        self._log.flush()
        log = self.log_path.read_text(encoding="utf-8")
        raise AssertionError(
            f"no {prefix!r} line from the driver; log:\n{log}"
        )

    def send(self, command: str) -> None:
        """Write one command line."""
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()

    def close(self) -> None:
        """Ask the driver to stop; kill it if it does not."""
        if self.process.poll() is None:
            try:
                self.send("stop")
            except OSError:
                pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass
        self._reader.join(timeout=5)
        self._log.close()
