"""Hackatime Tray: today's coding time in the system tray."""

__version__ = "0.1.0"
APP_NAME = "hackatime-tray"
APP_ID = "io.github.hackatime_tray"
