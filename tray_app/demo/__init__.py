"""The built-in Hackatime-compatible demo server (standard library only)."""

from __future__ import annotations

import threading

from tray_app.demo.server import DEMO_ADMIN_KEY, DEMO_API_KEY, DemoServer

__all__ = ["DEMO_ADMIN_KEY", "DEMO_API_KEY", "DemoServer", "serve_forever"]


def serve_forever(host: str, port: int, timezone: str) -> None:
    """Run the demo server, print its URL and keys, and stop on Ctrl-C."""
    with DemoServer(host=host, port=port, timezone=timezone) as server:
        # These keys are the demo's own, public and fixed; printing them
        # is the point. A real key is never printed anywhere.
        print(f"Hackatime demo server: {server.url}")
        print(f"Demo API key:   {server.api_key}")
        print(f"Demo admin key: {server.admin_key}")
        print(f"Time zone:      {timezone}")
        print("Press Ctrl-C to stop.", flush=True)

        # A timed wait keeps Ctrl-C working on every platform.
        forever = threading.Event()
        try:
            while not forever.wait(0.5):
                pass
        except KeyboardInterrupt:
            print("Stopped.")
