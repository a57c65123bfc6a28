"""One tray per user (filelock's home), and a nudge from a second launch.

The lock is an OS file lock, so the OS releases it when the app crashes.
The running tray also listens on a loopback port written next to the
lock; a second launch connects and asks it to refresh, then exits.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import filelock

from tray_app import errors, paths
from tray_app.files import atomic_write_text

logger = logging.getLogger(__name__)

REFRESH_REQUEST = b"refresh\n"
CONNECT_TIMEOUT = 2.0


class RunningInstance:
    """The lock holder; calls ``on_request`` callbacks on a nudge."""

    def __init__(self, port_file: Path) -> None:
        self._port_file = port_file
        self._callbacks: list[Callable[[], None]] = []
        self._server = socket.create_server(("127.0.0.1", 0))
        self._thread = threading.Thread(
            target=self._serve, name="instance-listener", daemon=True
        )

    def on_request(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` when a second launch asks for a refresh."""
        self._callbacks.append(callback)

    def start(self) -> None:
        """Publish the port and start listening."""
        port = self._server.getsockname()[1]
        atomic_write_text(self._port_file, f"{port}\n", private=True)
        self._thread.start()

    def close(self) -> None:
        """Stop listening and withdraw the port file."""
        self._server.close()
        self._port_file.unlink(missing_ok=True)

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self._server.accept()
            except OSError:
                return
            with connection:
                connection.settimeout(CONNECT_TIMEOUT)
                try:
                    request = connection.recv(64)
                except OSError:
                    continue
            if request == REFRESH_REQUEST:
                logger.info("A second launch asked for a refresh")
                for callback in self._callbacks:
                    callback()


@contextmanager
def single_instance(*, demo: bool = False) -> Iterator[RunningInstance]:
    """Hold the per-user lock for the life of the tray.

    Raises ``AlreadyRunningError`` after nudging the running tray.
    """
    name = "tray-demo" if demo else "tray"
    directory = paths.runtime_dir()
    directory.mkdir(parents=True, exist_ok=True)
    lock = filelock.FileLock(directory / f"{name}.lock")
    port_file = directory / f"{name}.port"
    try:
        lock.acquire(timeout=0)
    except filelock.Timeout as exc:
        nudged = _nudge(port_file)
        raise errors.AlreadyRunningError(
            "Hackatime Tray is already running; "
            + ("it was asked to refresh." if nudged else "look for its icon.")
        ) from exc

    running = RunningInstance(port_file)
    try:
        running.start()
        yield running
    finally:
        running.close()
        lock.release()


def _nudge(port_file: Path) -> bool:
    try:
        port = int(port_file.read_text(encoding="utf-8").strip())
        with socket.create_connection(
            ("127.0.0.1", port), timeout=CONNECT_TIMEOUT
        ) as connection:
            connection.sendall(REFRESH_REQUEST)
    except (OSError, ValueError) as exc:
        logger.info("Could not reach the running tray: %s", exc)
        return False
    return True
