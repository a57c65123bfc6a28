"""Readers for /proc: resident memory, CPU time, context switches."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def rss_mib(pid: int) -> float:
    """Resident memory (VmRSS) of ``pid`` in MiB."""
    return _status_field(Path(f"/proc/{pid}/status"), "VmRSS") / 1024


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of ``pid`` (all its threads), in seconds."""
    fields = _stat_fields(Path(f"/proc/{pid}/stat"))
    return (int(fields[13]) + int(fields[14])) / CLOCK_TICKS


@dataclass(frozen=True)
class TaskSwitches:
    """Context switches of one thread so far."""

    tid: int
    voluntary: int
    involuntary: int
    cpu_seconds: float


def task_switches(pid: int) -> dict[int, TaskSwitches]:
    """Per-thread context switches and CPU time of ``pid``."""
    result = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            status = task / "status"
            fields = _stat_fields(task / "stat")
            result[int(task.name)] = TaskSwitches(
                tid=int(task.name),
                voluntary=_status_field(status, "voluntary_ctxt_switches"),
                involuntary=_status_field(
                    status, "nonvoluntary_ctxt_switches"
                ),
                cpu_seconds=(int(fields[13]) + int(fields[14])) / CLOCK_TICKS,
            )
        except (FileNotFoundError, ProcessLookupError):
            continue  # the thread ended meanwhile
    return result


def task_waits(pid: int) -> dict[int, str]:
    """What each thread of ``pid`` is blocked in (``wchan``)."""
    waits = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            waits[int(task.name)] = (task / "wchan").read_text().strip()
        except OSError:
            continue
    return waits


def _status_field(path: Path, name: str) -> int:
    for line in path.read_text().splitlines():
        key, _, value = line.partition(":")
        if key == name:
            return int(value.split()[0])
    raise KeyError(f"{name} not in {path}")


def _stat_fields(path: Path) -> list[str]:
    # The command name (field 2) may hold spaces; split after its ")".
    text = path.read_text()
    return [text[: text.index(" ")], "comm"] + text[
        text.rindex(")") + 2 :
    ].split()
