"""The apps under test: our tray and ``status``, and a peer tray app.

Each run gets its own HOME and XDG directories in a temp dir, the null
keyring, and the demo server's address and key in HACKATIME_API_URL and
HACKATIME_API_KEY. The demo server runs in the benchmark process; a
:class:`RequestLog` counts what each app asked of it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tray_app.demo import DemoServer
from tray_app.demo.server import RecordedRequest

REPO_ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = REPO_ROOT / "benchmarks"
THREAD_NAMES_WRAPPER = BENCH_DIR / "thread_names.py"
PEER_SHIM = BENCH_DIR / "peer_shim.py"
STATUSBAR_PATH = "/statusbar/today"
OUR_AGENT = "hackatime-tray/"
#: The peer's own name and repository (its code is fetched, never kept).
PEER_REPO = "mpkendall/hackatime-windowsnotification"
PEER_MIRROR = Path(
    "/work/.mirror/mpkendall+hackatime-windowsnotification/repo"
)
#: What the peer's requirements.txt asks for, at our versions where shared.
PEER_REQUIREMENTS = ("pystray==0.19.5", "pillow==13.0.0", "requests")


class RequestLog:
    """Counts the demo server's requests per app; waits for counts."""

    def __init__(self, server: DemoServer) -> None:
        self._condition = threading.Condition()
        self.polls: Counter[str] = Counter()
        self.others: Counter[str] = Counter()
        self._on_poll: dict[str, list[object]] = {}
        # The server keeps every request for tests; a benchmark only
        # needs counts, so replace its recorder on this instance.
        server.record = self._record  # type: ignore[method-assign]
        self.server = server
        self.add_coding_per_poll = 0

    def _record(self, request: RecordedRequest) -> None:
        agent = request.headers.get("user-agent", "")
        app = "ours" if agent.startswith(OUR_AGENT) else "peer"
        if request.path.endswith(STATUSBAR_PATH) and self.add_coding_per_poll:
            # Answered after this hook: the poll sees a new total.
            self.server.add_coding(self.add_coding_per_poll)
        with self._condition:
            if request.path.endswith(STATUSBAR_PATH):
                self.polls[app] += 1
            else:
                self.others[app] += 1
            self._condition.notify_all()

    def wait_polls(self, app: str, count: int, timeout: float) -> None:
        """Block until ``app`` has polled ``count`` times in total."""
        with self._condition:
            if not self._condition.wait_for(
                lambda: self.polls[app] >= count, timeout
            ):
                raise TimeoutError(
                    f"{app} polled {self.polls[app]} times, not {count}"
                )


@dataclass
class Sandbox:
    """A throw-away HOME with XDG dirs, and the env to run an app in it."""

    root: Path
    env: dict[str, str]

    def close(self) -> None:
        """Delete the temp dir."""
        shutil.rmtree(self.root, ignore_errors=True)


def sandbox(server: DemoServer, display: str | None) -> Sandbox:
    """A fresh isolated environment pointed at ``server``."""
    root = Path(tempfile.mkdtemp(prefix="hackatime-bench-"))
    home = root / "home"
    runtime = root / "runtime"
    home.mkdir()
    runtime.mkdir(mode=0o700)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("HACKATIME_", "WAKATIME_", "XDG_"))
        and key not in ("WAYLAND_DISPLAY", "DISPLAY")
        and "proxy" not in key.lower()
    }
    env.update(
        {
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_STATE_HOME": str(home / ".local" / "state"),
            "XDG_DATA_HOME": str(home / ".local" / "share"),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "XDG_RUNTIME_DIR": str(runtime),
            "WAKATIME_HOME": str(home),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
            "HACKATIME_API_URL": server.url,
            "HACKATIME_API_KEY": server.api_key,
            "PYSTRAY_BACKEND": "xorg",
        }
    )
    if display is not None:
        env["DISPLAY"] = display
    return Sandbox(root, env)


def tray_command(*extra: str) -> list[str]:
    """The installed ``hackatime-tray`` script, as autostart launches it."""
    return [str(Path(sys.executable).with_name("hackatime-tray")), *extra]


def tray_command_with_thread_names(dump: Path, *extra: str) -> list[str]:
    """The tray run through a wrapper that can list its threads' ids."""
    return [sys.executable, str(THREAD_NAMES_WRAPPER), str(dump), *extra]


def spawn(
    command: list[str], env: Mapping[str, str], log: Path, cwd: Path
) -> subprocess.Popen[bytes]:
    """Start ``command`` with output to ``log``."""
    with log.open("ab") as output:
        return subprocess.Popen(
            command,
            env=dict(env),
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=output,
        )


@dataclass(frozen=True)
class Peer:
    """A runnable copy of the peer app: its venv python and main.py."""

    python: Path
    main: Path
    commit: str

    def workdir(self, server: DemoServer, root: Path) -> Path:
        """A working dir with the ``.wakatime.cfg`` the peer reads there."""
        workdir = root / "peer-cwd"
        workdir.mkdir(exist_ok=True)
        (workdir / ".wakatime.cfg").write_text(
            "[settings]\n"
            f"api_key = {server.api_key}\n"
            f"api_url = {server.url}/api/hackatime/v1\n",
            encoding="utf-8",
        )
        return workdir

    def command(self, poll_sleep: float | None = None) -> list[str]:
        """Run the peer as it is, or with its 300 s sleep shortened."""
        if poll_sleep is None:
            return [str(self.python), str(self.main)]
        return [
            str(self.python),
            str(PEER_SHIM),
            str(poll_sleep),
            str(self.main),
        ]


def prepare_peer(
    results: Path, source: Path | None
) -> tuple[Peer | None, str]:
    """Get the peer ready to run, or say why it cannot be.

    ``source`` is a checkout holding ``main.py``; without it the mirror
    made by the session's fetch tool is used if present. The peer's code
    goes to ``results/`` (git-ignored), never into the repository.
    """
    peer_dir = results / "peer"
    peer_dir.mkdir(parents=True, exist_ok=True)
    main = peer_dir / "main.py"
    commit = "unknown"
    if source is not None:
        shutil.copy(source / "main.py", main)
    elif PEER_MIRROR.exists():
        shown = subprocess.run(
            ["git", "--git-dir", str(PEER_MIRROR), "show", "HEAD:main.py"],
            capture_output=True,
            check=False,
        )
        if shown.returncode != 0:
            return None, "could not read main.py from the peer's mirror"
        main.write_bytes(shown.stdout)
        commit = subprocess.run(
            ["git", "--git-dir", str(PEER_MIRROR), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    else:
        return None, (
            f"no copy of {PEER_REPO} found; pass --peer-source DIR "
            "(a checkout of it) to measure it"
        )

    venv = results / "peer-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", *PEER_REQUIREMENTS],
        capture_output=True,
        text=True,
        check=False,
    )
    if installed.returncode != 0:
        return None, "could not install the peer's requirements: " + (
            installed.stderr.strip().splitlines() or ["pip failed"]
        )[-1]
    return Peer(python, main, commit), ""
