"""Durations and times as the user reads them; plain functions only."""

from __future__ import annotations

from enum import StrEnum


class DisplayFormat(StrEnum):
    """How today's total is written in the tray, tooltip and ``status``."""

    DEFAULT = "default"  # "2h 0m", "1h 5m", "45m", "0m"
    CLOCK = "clock"  # "1:23"
    DECIMAL = "decimal"  # "1.4h"
    SERVER = "server"  # the server's own text, shown as is
