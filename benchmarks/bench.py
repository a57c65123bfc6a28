"""Measure the tray and ``status`` against the demo server; write a report.

Run through ``benchmarks/run`` (see benchmarks/README.md). Everything runs
on this machine: the demo server in this process on loopback, a virtual
X display (Xvfb) with trayer as the tray host, and each app in a
throw-away HOME. Raw numbers go to ``benchmarks/results/raw.json``, the
report to ``BENCHMARKS.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import apps
import procstat
import report
import simulate_day
import xsession
from apps import Peer, RequestLog

from tray_app.address import parse_server_address
from tray_app.client import HackatimeClient
from tray_app.demo import DemoServer
from tray_app.formatting import DisplayFormat, format_duration
from tray_app.timezones import local_timezone_name

OUR_ICON_CLASS = "hackatime-traySystemTrayIcon"
PEER_ICON_CLASS = "hackatimeSystemTrayIcon"
FORBIDDEN_IN_STATUS = ("pystray", "PIL", "apscheduler")
START_TIMEOUT = 30.0
#: How long to wait, after the peer's icon docks, for its value.
PEER_VALUE_WAIT_SECONDS = 5.0
#: heapcheck.py: trace from the first count, compare mid-run with the end.
HEAPCHECK_POLLS = (300, 2300)


def median(values: list[float]) -> float:
    """The median, or NaN for no values."""
    return statistics.median(values) if values else float("nan")


@dataclass
class Results:
    """Everything measured in one run (saved as raw.json)."""

    machine: dict[str, str] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    status: dict[str, Any] = field(default_factory=dict)
    startup: dict[str, Any] = field(default_factory=dict)
    footprint: dict[str, Any] = field(default_factory=dict)
    idle: dict[str, Any] = field(default_factory=dict)
    peer: dict[str, Any] = field(default_factory=dict)
    simulation: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


class Bench:
    """One benchmark run: a demo server, an X session, the apps."""

    def __init__(self, args: argparse.Namespace, results: Results) -> None:
        self.args = args
        self.results = results
        self.logs = args.results / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        fixed_now = datetime.now().astimezone()
        # A still demo clock: the demo's own planned heartbeats do not
        # move the total while we measure; only add_coding does.
        self.server = DemoServer(
            now=lambda: fixed_now, timezone=local_timezone_name()
        )
        self.server.start()
        self.requests = RequestLog(self.server)
        results.settings["day_heartbeats"] = self._busy_day(
            fixed_now, args.day_heartbeats
        )
        address = parse_server_address(self.server.url)
        with HackatimeClient(address, self.server.api_key) as client:
            today = client.today()
        self.short_value = format_duration(
            today.total_seconds, DisplayFormat.DEFAULT
        )
        self.our_text = "Today: " + self.short_value
        self.peer_text = "hackatime: " + today.text
        results.settings["expected_values"] = {
            "ours": self.our_text,
            "peer": self.peer_text,
        }

    def close(self) -> None:
        """Stop the demo server."""
        self.server.stop()

    def _busy_day(self, now: datetime, count: int) -> int:
        """Add up to ``count`` heartbeats a minute apart, ending a minute
        before ``now`` (and not before midnight): a realistic day, since
        ``my/heartbeats`` returns all of them. Returns how many."""
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        count = min(count, int((now - midnight).total_seconds() // 60) - 1)
        self.server.add_heartbeats(
            {
                "time": (now - timedelta(minutes=minute)).timestamp(),
                "entity": f"/home/orpheus/code/app/module_{minute % 40}.py",
                "type": "file",
                "category": "coding",
                "project": "hackatime-tray",
                "language": "Python",
                "editor": "vscode",
            }
            for minute in range(1, count + 1)
        )
        return max(0, count)

    # -- status ---------------------------------------------------------

    def measure_status(self) -> None:
        """Wall time of ``hackatime-tray status``, and what it imports."""
        box = apps.sandbox(self.server, None)
        try:
            command = apps.tray_command("status")
            times, outputs = [], set()
            for index in range(self.args.status_runs + 2):
                started = time.perf_counter()
                done = subprocess.run(
                    command,
                    env=box.env,
                    cwd=box.root,
                    capture_output=True,
                    text=True,
                    check=False,
                )
                elapsed = time.perf_counter() - started
                if done.returncode != 0:
                    raise RuntimeError(f"status failed: {done.stderr}")
                outputs.add(done.stdout.strip())
                if index >= 2:  # two warm-up runs
                    times.append(elapsed)
            python_times = self._time_python("pass", box.env, box.root)
            httpx_times = self._time_python(
                "import httpx; httpx.Client()", box.env, box.root
            )
            loaded = self._status_imports(box.env, box.root)
        finally:
            box.close()
        self.results.status = {
            "runs": len(times),
            "seconds": times,
            "median": median(times),
            "min": min(times),
            "max": max(times),
            "outputs": sorted(outputs),
            "right_value": outputs == {self.short_value},
            "forbidden_modules_loaded": loaded,
            "python_startup_median": median(python_times),
            "httpx_import_and_client_median": median(httpx_times),
        }

    def _time_python(
        self, code: str, env: dict[str, str], cwd: Path
    ) -> list[float]:
        times = []
        for _ in range(self.args.status_runs):
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-c", code], env=env, cwd=cwd, check=True
            )
            times.append(time.perf_counter() - started)
        return times

    def _status_imports(self, env: dict[str, str], cwd: Path) -> list[str]:
        probe = (
            "import sys, contextlib, io\n"
            "from tray_app.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    main(['status'])\n"
            f"print(','.join(m for m in {FORBIDDEN_IN_STATUS!r} "
            "if m in sys.modules))\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", probe],
            env=env,
            cwd=cwd,
            capture_output=True,
            text=True,
            check=True,
        )
        return [name for name in done.stdout.strip().split(",") if name]

    # -- start-up -------------------------------------------------------

    def measure_startup(self, x: xsession.XSession, peer: Peer | None) -> None:
        """Process start to a docked icon showing today's value."""
        ours = self._startups(
            x,
            lambda box: apps.tray_command(),
            OUR_ICON_CLASS,
            self.our_text,
            None,
        )
        self.results.startup = {"ours": ours}
        if peer is None:
            return
        # The peer sets its title from a thread started before icon.run().
        # pystray drops a title set while the icon is not visible yet and,
        # on xorg, does not apply it when the icon is shown; later polls
        # set the same text, which pystray skips as unchanged. So whether
        # it ever shows the value (before the total changes) is a race.
        # Time it to a docked icon, then see whether the value follows.
        self.results.peer["startup"] = self._startups(
            x,
            lambda box: peer.command(),
            PEER_ICON_CLASS,
            "",
            peer,
            then_text=self.peer_text,
        )

    def _startups(
        self,
        x: xsession.XSession,
        command: Callable[[apps.Sandbox], list[str]],
        icon_class: str,
        text: str,
        peer: Peer | None,
        then_text: str | None = None,
    ) -> dict[str, Any]:
        times, docked, rss = [], [], []
        then: list[float | None] = []
        failed = 0
        for index in range(self.args.runs + 1):
            box = apps.sandbox(self.server, x.name)
            cwd = (
                box.root
                if peer is None
                else peer.workdir(self.server, box.root)
            )
            watcher = xsession.IconWatcher(x.name, icon_class)
            process = None
            try:
                started = time.perf_counter()
                process = apps.spawn(
                    command(box), box.env, self.logs / "startup.log", cwd
                )
                try:
                    shown = watcher.wait_for_text(text, START_TIMEOUT)
                except TimeoutError:
                    failed += 1
                    continue
                if index > 0:  # the first run warms the file cache
                    times.append(shown - started)
                    docked.append((watcher.docked_at or shown) - started)
                    rss.append(procstat.rss_mib(process.pid))
                if then_text is not None and index > 0:
                    try:
                        value_at = watcher.wait_for_text(
                            then_text, PEER_VALUE_WAIT_SECONDS
                        )
                        then.append(value_at - started)
                    except TimeoutError:
                        then.append(None)
            finally:
                watcher.close()
                if process is not None:
                    xsession.stop(process)
                box.close()
        return {
            "runs": len(times),
            "seconds": times,
            "median": median(times),
            "min": min(times),
            "max": max(times),
            "docked_seconds": docked,
            "docked_median": median(docked),
            "failed_starts": failed,
            "then_seconds": then,
            "then_wait_seconds": PEER_VALUE_WAIT_SECONDS,
            "rss_mib_at_first_value_median": median(rss),
        }

    # -- footprint and cost per poll --------------------------------------

    def measure_polls(self, x: xsession.XSession, peer: Peer | None) -> None:
        """RSS after 100 and 1000 polls; CPU per poll, unchanged/changed."""
        interval = self.args.poll_interval
        # RSS after 100 polls varies by a few hundred KiB from start to
        # start: take it in more short runs too (first, while the demo's
        # data is as in the long run's first 100 polls), and the median.
        samples = [
            self._rss_after(x, 100, interval)
            for _ in range(self.args.rss_runs - 1)
        ]
        self.results.footprint = self._poll_run(
            x,
            "ours",
            lambda: apps.tray_command("--poll-interval", str(interval)),
            None,
        )
        samples.append(self.results.footprint["rss_mib_at_100"])
        self.results.footprint["rss_mib_at_100_runs"] = samples
        self.results.footprint["rss_mib_at_100_median"] = median(samples)
        if peer is not None:
            self.results.peer["footprint"] = self._poll_run(
                x, "peer", lambda: peer.command(poll_sleep=interval), peer
            )
        self.results.footprint["heap"] = self._heapcheck()

    def _heapcheck(self) -> dict[str, Any]:
        """tracemalloc growth of the tray's parts over many polls."""
        done = subprocess.run(
            [
                sys.executable,
                str(apps.BENCH_DIR / "heapcheck.py"),
                str(HEAPCHECK_POLLS[0]),
                str(HEAPCHECK_POLLS[1]),
                "0.02",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        result: dict[str, Any] = json.loads(done.stdout)
        return result

    def _rss_after(
        self, x: xsession.XSession, polls: int, interval: float
    ) -> float:
        """RSS of a fresh tray after ``polls`` polls."""
        box = apps.sandbox(self.server, x.name)
        base = self.requests.polls["ours"]
        process = apps.spawn(
            apps.tray_command("--poll-interval", str(interval)),
            box.env,
            self.logs / "ours-rss.log",
            box.root,
        )
        try:
            self.requests.wait_polls("ours", base + polls, 120)
            return procstat.rss_mib(process.pid)
        finally:
            xsession.stop(process)
            box.close()

    def _heapcheck(self) -> dict[str, Any]:
        """tracemalloc growth of the tray's parts over many polls."""
        done = subprocess.run(
            [
                sys.executable,
                str(apps.BENCH_DIR / "heapcheck.py"),
                str(HEAPCHECK_POLLS[0]),
                str(HEAPCHECK_POLLS[1]),
                "0.02",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        result: dict[str, Any] = json.loads(done.stdout)
        return result

    def _poll_run(
        self,
        x: xsession.XSession,
        app: str,
        command: Callable[[], list[str]],
        peer: Peer | None,
    ) -> dict[str, Any]:
        polls = self.args.polls
        changed_polls = self.args.changed_polls
        box = apps.sandbox(self.server, x.name)
        cwd = box.root if peer is None else peer.workdir(self.server, box.root)
        base = self.requests.polls[app]
        other_base = self.requests.others[app]
        process = apps.spawn(
            command(), box.env, self.logs / f"{app}-polls.log", cwd
        )
        pid = process.pid
        curve: list[tuple[int, float]] = []
        try:
            timeout = 60 + polls * 0.5
            for count in range(100, polls + 1, 100):
                self.requests.wait_polls(app, base + count, timeout)
                curve.append((count, procstat.rss_mib(pid)))
                if count == 100:
                    cpu_100, wall_100 = (
                        procstat.cpu_seconds(pid),
                        time.monotonic(),
                    )
            cpu_end, wall_end = procstat.cpu_seconds(pid), time.monotonic()
            threads = len(procstat.task_switches(pid))

            # Now every poll sees a new total, so the icon and tooltip
            # change each time and are redrawn.
            self.requests.add_coding_per_poll = 60
            start_count = self.requests.polls[app]
            cpu_changed_start = procstat.cpu_seconds(pid)
            changed_curve: list[tuple[int, float]] = []
            for count in range(100, changed_polls + 1, 100):
                self.requests.wait_polls(app, start_count + count, timeout)
                changed_curve.append((count, procstat.rss_mib(pid)))
            cpu_changed_end = procstat.cpu_seconds(pid)
            changed_done = self.requests.polls[app] - start_count
            rss_after_changed = procstat.rss_mib(pid)
        finally:
            self.requests.add_coding_per_poll = 0
            xsession.stop(process)
            box.close()

        steady_polls = polls - 100
        rss_100 = curve[0][1]
        rss_end = curve[-1][1]
        return {
            "poll_interval": self.args.poll_interval,
            "rss_mib_curve": curve,
            "rss_mib_at_100": rss_100,
            "rss_mib_at_end": rss_end,
            "rss_growth_mib": rss_end - rss_100,
            "polls": polls,
            "cpu_ms_per_poll_unchanged": 1000
            * (cpu_end - cpu_100)
            / steady_polls,
            "steady_wall_seconds": wall_end - wall_100,
            "cpu_ms_per_poll_changed": 1000
            * (cpu_changed_end - cpu_changed_start)
            / changed_done,
            "changed_polls": changed_done,
            "rss_mib_after_changed": rss_after_changed,
            "rss_mib_curve_changed": changed_curve,
            "threads": threads,
            "other_requests": self.requests.others[app] - other_base,
        }

    # -- idle -------------------------------------------------------------

    def measure_idle(self, x: xsession.XSession, peer: Peer | None) -> None:
        """CPU and wake-ups over an idle window at the normal interval."""
        minutes = self.args.idle_minutes
        names_file = self.args.results / "thread-names.json"
        names_file.unlink(missing_ok=True)
        ours_box = apps.sandbox(self.server, x.name)
        processes: dict[str, subprocess.Popen[bytes]] = {}
        peer_box = None
        try:
            base = dict(self.requests.polls)
            processes["ours"] = apps.spawn(
                apps.tray_command_with_thread_names(names_file),
                ours_box.env,
                self.logs / "idle-ours.log",
                ours_box.root,
            )
            if peer is not None:
                peer_box = apps.sandbox(self.server, x.name)
                processes["peer"] = apps.spawn(
                    peer.command(),
                    peer_box.env,
                    self.logs / "idle-peer.log",
                    peer.workdir(self.server, peer_box.root),
                )
            for app in processes:
                self.requests.wait_polls(app, base.get(app, 0) + 1, 60)
            time.sleep(5)  # let the first details fetch finish

            before = {
                app: self._idle_snapshot(p.pid) for app, p in processes.items()
            }
            polls_before = dict(self.requests.polls)
            others_before = dict(self.requests.others)
            window_start = time.monotonic()
            time.sleep(minutes * 60)
            window = time.monotonic() - window_start
            after = {
                app: self._idle_snapshot(p.pid) for app, p in processes.items()
            }
            polls = {
                app: self.requests.polls[app] - polls_before.get(app, 0)
                for app in processes
            }
            others = {
                app: self.requests.others[app] - others_before.get(app, 0)
                for app in processes
            }
            os.kill(processes["ours"].pid, signal.SIGUSR1)
            deadline = time.monotonic() + 5
            while not names_file.exists() and time.monotonic() < deadline:
                time.sleep(0.05)
            names = (
                json.loads(names_file.read_text())
                if names_file.exists()
                else {}
            )
            waits = procstat.task_waits(processes["ours"].pid)
        finally:
            for process in processes.values():
                xsession.stop(process)
            ours_box.close()
            if peer_box is not None:
                peer_box.close()

        result = {}
        for app in processes:
            result[app] = self._idle_result(
                before[app], after[app], window, polls[app], others[app]
            )
        result["ours"]["threads"] = self._per_thread(
            before["ours"], after["ours"], names, waits, window
        )
        self.results.idle = {"window_seconds": window, **result}

    @staticmethod
    def _idle_snapshot(pid: int) -> dict[str, Any]:
        return {
            "cpu": procstat.cpu_seconds(pid),
            "rss": procstat.rss_mib(pid),
            "tasks": procstat.task_switches(pid),
        }

    @staticmethod
    def _idle_result(
        before: dict[str, Any],
        after: dict[str, Any],
        window: float,
        polls: int,
        others: int,
    ) -> dict[str, Any]:
        voluntary = sum(t.voluntary for t in after["tasks"].values()) - sum(
            t.voluntary for t in before["tasks"].values()
        )
        involuntary = sum(
            t.involuntary for t in after["tasks"].values()
        ) - sum(t.involuntary for t in before["tasks"].values())
        cpu = after["cpu"] - before["cpu"]
        return {
            "cpu_seconds": cpu,
            "cpu_seconds_per_10_min": cpu * 600 / window,
            "cpu_percent": 100 * cpu / window,
            "voluntary_switches": voluntary,
            "involuntary_switches": involuntary,
            "switches_per_minute": (voluntary + involuntary) * 60 / window,
            "polls": polls,
            "detail_requests": others,
            "rss_mib": after["rss"],
        }

    @staticmethod
    def _per_thread(
        before: dict[str, Any],
        after: dict[str, Any],
        names: dict[str, str],
        waits: dict[int, str],
        window: float,
    ) -> list[dict[str, Any]]:
        rows = []
        for tid, task in sorted(after["tasks"].items()):
            old = before["tasks"].get(tid)
            voluntary = task.voluntary - (old.voluntary if old else 0)
            involuntary = task.involuntary - (old.involuntary if old else 0)
            cpu = task.cpu_seconds - (old.cpu_seconds if old else 0.0)
            rows.append(
                {
                    "tid": tid,
                    "name": names.get(str(tid), "?"),
                    "new_in_window": old is None,
                    "voluntary": voluntary,
                    "involuntary": involuntary,
                    "per_minute": (voluntary + involuntary) * 60 / window,
                    "cpu_seconds": cpu,
                    "blocked_in": waits.get(tid, "?"),
                }
            )
        return rows

    # -- simulation -------------------------------------------------------

    def simulate(self) -> None:
        """The smart-refresh day simulation (pure, instant)."""
        day, rows = simulate_day.compare(seed=self.args.seed)
        self.results.simulation = {
            "seed": self.args.seed,
            "day": simulate_day.describe_day(day),
            "rows": [asdict(row) for row in rows],
        }


def machine_info() -> dict[str, str]:
    """What the numbers were measured on."""
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = "unknown"
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    distro = "unknown"
    os_release = Path("/etc/os-release")
    if os_release.exists():
        for line in os_release.read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                distro = line.split("=", 1)[1].strip('"')
    versions = {}
    for package in (
        "pystray",
        "pillow",
        "httpx",
        "APScheduler",
        "python-xlib",
    ):
        try:
            from importlib.metadata import version

            versions[package] = version(package)
        except Exception:
            versions[package] = "?"
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": memory,
        "os": distro,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "virtualisation": _virtualisation(),
        "packages": ", ".join(f"{k} {v}" for k, v in versions.items()),
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "load_before": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def _virtualisation() -> str:
    try:
        done = subprocess.run(
            ["systemd-detect-virt"],
            capture_output=True,
            text=True,
            check=False,
        )
        return done.stdout.strip() or "unknown"
    except FileNotFoundError:
        return "unknown (no systemd-detect-virt)"


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The benchmark's options."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9, help="start-up runs")
    parser.add_argument("--status-runs", type=int, default=21)
    parser.add_argument("--polls", type=int, default=1000)
    parser.add_argument("--changed-polls", type=int, default=1000)
    parser.add_argument(
        "--day-heartbeats",
        type=int,
        default=480,
        help="heartbeats added to today before measuring (8 h at 1/min)",
    )
    parser.add_argument(
        "--rss-runs", type=int, default=5, help="runs for RSS at poll 100"
    )
    parser.add_argument("--poll-interval", type=float, default=0.05)
    parser.add_argument(
        "--idle-minutes",
        type=float,
        default=10.0,
        help="length of the idle window (the issue asks for 10)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="3 start-up runs, 300 polls, 2 idle minutes (for a try-out)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--peer-source", type=Path, default=None)
    parser.add_argument(
        "--results", type=Path, default=apps.BENCH_DIR / "results"
    )
    parser.add_argument(
        "--output", type=Path, default=apps.REPO_ROOT / "BENCHMARKS.md"
    )
    parser.add_argument(
        "--render-only",
        action="store_true",
        help="only write the report again from results/raw.json",
    )
    parser.add_argument(
        "--only",
        choices=("status", "startup", "polls", "idle", "simulation"),
        action="append",
        help="run only these parts (default: all)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.status_runs, args.rss_runs = 3, 7, 2
        args.polls, args.changed_polls, args.idle_minutes = 300, 100, 2.0
    return args


def main(argv: list[str]) -> int:
    """Run the benchmarks and write the report."""
    args = parse_args(argv)
    args.results.mkdir(parents=True, exist_ok=True)
    raw = args.results / "raw.json"
    if args.render_only:
        args.output.write_text(
            report.render(json.loads(raw.read_text())), encoding="utf-8"
        )
        print(f"wrote {args.output} from {raw}")
        return 0
    parts = set(
        args.only or ("status", "startup", "polls", "idle", "simulation")
    )
    results = Results(machine=machine_info())
    if args.only and raw.exists():
        # A partial run updates its parts of the last full run.
        previous = json.loads(raw.read_text())
        for name in ("status", "startup", "footprint", "idle", "simulation"):
            setattr(results, name, previous.get(name, {}))
        results.peer = previous.get("peer", {})
        results.notes.append(
            "Parts re-run on their own: " + ", ".join(sorted(args.only))
        )
    results.settings.update(
        {
            key: getattr(args, key)
            for key in (
                "runs",
                "status_runs",
                "polls",
                "changed_polls",
                "rss_runs",
                "day_heartbeats",
                "poll_interval",
                "idle_minutes",
                "quick",
                "seed",
            )
        }
    )

    peer, why_not = (None, "skipped (--no-peer)")
    if not args.no_peer and parts & {"startup", "polls", "idle"}:
        print("== preparing the peer app", flush=True)
        peer, why_not = apps.prepare_peer(args.results, args.peer_source)
    results.peer["available"] = peer is not None
    results.peer["why_not"] = why_not
    if peer is not None:
        results.peer["name"] = apps.PEER_REPO
        results.peer["commit"] = peer.commit

    bench = Bench(args, results)
    try:
        if "status" in parts:
            print("== status one-shot", flush=True)
            bench.measure_status()
        if parts & {"startup", "polls", "idle"}:
            with xsession.XSession(bench.logs) as x:
                if "startup" in parts:
                    print("== tray start-up", flush=True)
                    bench.measure_startup(x, peer)
                if "polls" in parts:
                    print("== footprint and cost per poll", flush=True)
                    bench.measure_polls(x, peer)
                if "idle" in parts:
                    print(f"== idle ({args.idle_minutes:g} min)", flush=True)
                    bench.measure_idle(x, peer)
        if "simulation" in parts:
            print("== smart refresh simulation", flush=True)
            bench.simulate()
    finally:
        bench.close()

    results.machine["load_after"] = " ".join(
        f"{x:.2f}" for x in os.getloadavg()
    )
    raw.write_text(json.dumps(asdict(results), indent=2, default=str))
    args.output.write_text(report.render(asdict(results)), encoding="utf-8")
    print(f"wrote {args.output} and {raw}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
