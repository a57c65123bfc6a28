"""Run the peer app with its 300 s poll sleep shortened, nothing else.

Usage: ``python peer_shim.py SECONDS main.py``. The peer polls in a
``while True: ...; time.sleep(300)`` loop with no setting for it; to
measure 1000 of its polls in minutes, only a ``time.sleep(300)`` call is
turned into ``time.sleep(SECONDS)``. Every other sleep is left alone.
"""

from __future__ import annotations

import runpy
import sys
import time

PEER_POLL_SECONDS = 300


def main() -> None:
    """Patch the one sleep, then run the peer's script as ``__main__``."""
    short = float(sys.argv[1])
    script = sys.argv[2]
    real_sleep = time.sleep

    def sleep(seconds: float) -> None:
        real_sleep(short if seconds == PEER_POLL_SECONDS else seconds)

    time.sleep = sleep
    sys.argv = [script]
    runpy.run_path(script, run_name="__main__")


if __name__ == "__main__":
    main()
