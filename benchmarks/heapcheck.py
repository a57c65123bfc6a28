"""Does the Python heap grow from poll to poll? (tracemalloc, no display)

Runs the tray's own parts in this process: the demo server, the client,
the smart-refresh poller, the controller rendering real icons, and the
APScheduler poll job. Only the tray adapter is a stand-in that drops
what it is shown, since pystray needs a display (the RSS runs in
bench.py cover the real tray). Prints JSON: how much the traced heap
grew between the middle and the end of the run.

Usage: ``python heapcheck.py [FIRST] [LAST] [INTERVAL]``.
"""

from __future__ import annotations

import gc
import json
import logging
import sys
import threading
import time
import tracemalloc
from datetime import datetime
from typing import Any

from tray_app import icon
from tray_app.address import parse_server_address
from tray_app.client import HackatimeClient
from tray_app.controller import Hooks, TrayController
from tray_app.demo import DemoServer
from tray_app.poller import Poller
from tray_app.scheduler import PollScheduler
from tray_app.settings import Settings


class DroppingTray:
    """The tray adapter's stand-in: shows nothing, keeps nothing."""

    has_notifications = False

    def update(self, image: Any, title: str, entries: Any) -> None:
        """Drop the update."""

    def notify(self, title: str, message: str) -> bool:
        """No notifications."""
        return False

    def stop(self) -> None:
        """Nothing to stop."""


def main() -> None:
    """Poll FIRST times, start tracing, poll up to LAST, print growth."""
    first = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    last = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    interval = float(sys.argv[3]) if len(sys.argv) > 3 else 0.02
    # A job still finishing when its next run is due is skipped, with a
    # warning per skip; at this interval that is expected and harmless.
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    fixed_now = datetime.now().astimezone()
    polls = 0
    done = threading.Condition()

    with DemoServer(now=lambda: fixed_now) as server:
        server.record = lambda request: None  # type: ignore[method-assign]
        address = parse_server_address(server.url)
        client = HackatimeClient(address, server.api_key, timeout=2.0)
        poller = Poller(client, interval_seconds=interval, smart_refresh=True)
        controller = TrayController(
            poller,
            address=address,
            settings=Settings(),
            hooks=Hooks(
                render=lambda view: icon.render_icon(
                    view, icon.TRAY_ICON_SIZE
                ),
                open_url=lambda url: None,
            ),
        )

        def job() -> None:
            nonlocal polls
            controller.poll()
            with done:
                polls += 1
                done.notify_all()

        scheduler = PollScheduler(
            job, interval_seconds=interval, jitter_seconds=0
        )
        controller.attach(DroppingTray(), scheduler)
        scheduler.start()

        def wait(count: int) -> None:
            with done:
                done.wait_for(lambda: polls >= count, 900)

        # Tracing starts at FIRST; what the app keeps for good (current
        # status, caches) is allocated by MIDDLE, so growth from MIDDLE to
        # LAST is what accumulates per poll.
        middle = (first + last) // 2

        def quiet_snapshot() -> tracemalloc.Snapshot:
            # Between polls, so no request is half-way through.
            scheduler.pause()
            time.sleep(0.5)
            gc.collect()
            snapshot = tracemalloc.take_snapshot()
            scheduler.run_now()
            return snapshot

        wait(first)
        tracemalloc.start()
        wait(middle)
        at_middle = quiet_snapshot()
        wait(last)
        at_last = quiet_snapshot()
        tracemalloc.stop()
        logging.disable(logging.CRITICAL)  # polls cut short below
        # wait=True would deadlock: APScheduler joins its workers holding
        # the job-store lock that a running poll needs for run_in().
        scheduler.shutdown(wait=False)
        client.close()

    growth = at_last.compare_to(at_middle, "lineno")
    size = sum(stat.size_diff for stat in growth)
    blocks = sum(stat.count_diff for stat in growth)
    print(
        json.dumps(
            {
                "from_poll": middle,
                "to_poll": last,
                "growth_bytes": size,
                "growth_blocks": blocks,
                "bytes_per_poll": size / (last - middle),
                "largest": [
                    [str(stat.traceback), stat.size_diff]
                    for stat in growth[:3]
                ],
            }
        )
    )


if __name__ == "__main__":
    main()
