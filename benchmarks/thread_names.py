"""Run the tray, and on SIGUSR1 write its threads' names and native ids.

Usage: ``python thread_names.py DUMP.json [tray options]``. Used only for
the idle measurement, to say which thread woke up; the handler runs once,
when the benchmark asks, after the measured window.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
from pathlib import Path
from types import FrameType


def main() -> int:
    """Install the handler, then run the tray's own entry point."""
    dump = Path(sys.argv[1])

    def write_names(_signal: int, _frame: FrameType | None) -> None:
        names = {
            str(thread.native_id): thread.name
            for thread in threading.enumerate()
        }
        dump.write_text(json.dumps(names), encoding="utf-8")

    signal.signal(signal.SIGUSR1, write_names)

    from tray_app.cli import main as tray_main

    return tray_main(sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
