"""Demo data: users, a realistic day of heartbeats, and the server's totals.

A day is planned from a seed and the date alone, so the same seed always
gives the same heartbeats. Sessions (morning, afternoon, evening, some
late nights) move between projects, languages, editors and machines, with
short pauses and longer breaks, and a browser adds a few browsing
heartbeats. Editors and systems are the raw lowercase tokens the real
server stores (``vscode``, ``neovim``, ``darwin``).

Totals follow the real server (``duration_seconds`` in
``app/models/concerns/heartbeatable.rb``): sort by (time, id), add
min(gap, 120 s) for each consecutive pair, cast to an integer.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

Heartbeat = dict[str, object]

#: The daily goal the demo user has unless told otherwise (2 h).
DEFAULT_GOAL_SECONDS = 7200

#: The longest gap between two heartbeats that still counts in full.
MAX_GAP_SECONDS = 120


@dataclass(frozen=True)
class DemoUser:
    """One user the demo server knows (only the demo user has a key)."""

    id: int
    username: str
    display_name: str
    slack_uid: str
    email: str
    trust_level: str = "blue"
    public_stats: bool = True
    # Fixed leaderboard totals for users without heartbeats.
    daily_seconds: int = 0
    weekly_seconds: int = 0

    @property
    def avatar_url(self) -> str:
        """An avatar that never reaches the network: a tiny data: URI."""
        return _AVATAR


# A 1x1 transparent PNG: web links in the demo must not leave the machine.
_AVATAR = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAA"
    "DUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)

DEMO_USER = DemoUser(
    id=42,
    username="orpheus",
    display_name="Orpheus",
    slack_uid="U0266FRGP",
    email="orpheus@hackclub.com",
)

OTHER_USERS = (
    DemoUser(
        7, "heidi", "Heidi", "U01HEIDI7", "heidi@hackclub.com", "green",
        daily_seconds=10800, weekly_seconds=50400,
    ),
    DemoUser(
        12, "sam", "Sam", "U012SAM12", "sam@hackclub.com",
        daily_seconds=5400, weekly_seconds=30000,
    ),
    DemoUser(
        13, "mallory", "Mallory", "U013MALL0", "mallory@hackclub.com", "red",
        daily_seconds=30000, weekly_seconds=99000,
    ),
    DemoUser(
        99, "ghost", "Ghost", "U099GH0ST", "ghost@hackclub.com",
        public_stats=False, daily_seconds=3000, weekly_seconds=9000,
    ),
)  # fmt: skip

ALL_USERS = (DEMO_USER, *OTHER_USERS)


_TRUST_VALUES = {"blue": 0, "red": 1, "green": 2}


def public_trust(user: DemoUser) -> dict[str, object]:
    """The trust factor as served: yellow is masked to blue."""
    level = "blue" if user.trust_level == "yellow" else user.trust_level
    return {"trust_level": level, "trust_value": _TRUST_VALUES.get(level, 0)}


def find_user(identifier: str) -> DemoUser | None:
    """Numeric id first, then Slack UID, then username (exact match)."""
    if identifier.isdigit():
        for user in ALL_USERS:
            if user.id == int(identifier):
                return user
    for user in ALL_USERS:
        if identifier == user.slack_uid:
            return user
    for user in ALL_USERS:
        if identifier == user.username:
            return user
    return None


@dataclass(frozen=True)
class _Project:
    name: str
    root: str
    files: tuple[tuple[str, str], ...]  # (path, language)
    editors: tuple[str, ...]
    branches: tuple[str, ...]


_PROJECTS = (
    _Project(
        "hackatime-tray",
        "/home/orpheus/code/hackatime-tray",
        (
            ("tray_app/client.py", "Python"),
            ("tray_app/parsing.py", "Python"),
            ("tray_app/status.py", "Python"),
            ("tests/test_client.py", "Python"),
            ("pyproject.toml", "TOML"),
            ("README.md", "Markdown"),
        ),
        ("vscode", "neovim"),
        ("main", "feature/goal-ring"),
    ),
    _Project(
        "portfolio",
        "/home/orpheus/code/portfolio",
        (
            ("src/routes/+page.svelte", "Svelte"),
            ("src/lib/api.ts", "TypeScript"),
            ("src/app.css", "CSS"),
            ("src/app.html", "HTML"),
        ),
        ("vscode", "zed"),
        ("main",),
    ),
    _Project(
        "advent-of-code",
        "/home/orpheus/code/aoc",
        (("src/day07.rs", "Rust"), ("src/grid.rs", "Rust")),
        ("neovim", "zed"),
        ("main",),
    ),
    _Project(
        "dotfiles",
        "/home/orpheus/.dotfiles",
        (("nvim/init.lua", "Lua"), ("bin/backup.sh", "Bash")),
        ("neovim",),
        ("main",),
    ),
)

_PROJECT_WEIGHTS = (6, 3, 2, 1)

# (machine, operating system token, OS version in the user agent)
_MACHINES = (
    ("orpheus-laptop", "darwin", "24.1.0"),
    ("orpheus-desktop", "linux", "6.8.0"),
)

_EDITOR_VERSIONS = {"vscode": "1.96.0", "neovim": "0.10.2", "zed": "0.170.1"}

_DOCS_DOMAINS = (
    "docs.python.org",
    "developer.mozilla.org",
    "doc.rust-lang.org",
)

# (start hour, jitter in hours, shortest and longest minutes, chance)
_SESSIONS = (
    (9.0, 1.0, 45, 150, 0.85),
    (13.5, 1.0, 60, 180, 0.9),
    (19.5, 1.5, 20, 120, 0.6),
    (22.75, 0.5, 15, 50, 0.25),
)


def plan_day(day: date, zone: ZoneInfo, seed: int) -> list[Heartbeat]:
    """Every heartbeat of one local day, the same for the same seed.

    Times are whole epoch seconds (as floats, like the server's column),
    all inside the local day ``day`` in ``zone``.
    """
    rng = random.Random(f"hackatime-tray-demo:{seed}:{day.isoformat()}")
    midnight = datetime.combine(day, time(), zone).timestamp()
    next_midnight = datetime.combine(
        day + timedelta(days=1), time(), zone
    ).timestamp()
    weekend = day.weekday() >= 5

    beats: list[Heartbeat] = []
    for hour, jitter, shortest, longest, chance in _SESSIONS:
        if rng.random() > chance * (0.6 if weekend else 1.0):
            continue
        start = midnight + (hour + rng.uniform(-jitter, jitter)) * 3600
        end = min(
            start + rng.uniform(shortest, longest) * 60, next_midnight - 1
        )
        beats.extend(_session(rng, int(start), int(end)))

    beats.sort(key=lambda beat: _number(beat["time"]))
    first_id = day.toordinal() * 10_000
    for index, beat in enumerate(beats):
        beat["id"] = first_id + index
    return beats


def _session(rng: random.Random, start: int, end: int) -> list[Heartbeat]:
    """One sitting on one project, editor and machine."""
    project = rng.choices(_PROJECTS, weights=_PROJECT_WEIGHTS)[0]
    editor = rng.choice(project.editors)
    machine, system, system_version = rng.choice(_MACHINES)
    branch = rng.choice(project.branches)
    user_agent = (
        f"wakatime/v1.115.2 ({system}-{system_version}) go1.23.4 "
        f"{editor}/{_EDITOR_VERSIONS[editor]} {editor}-wakatime/24.6.0"
    )

    beats: list[Heartbeat] = []
    path, language = rng.choice(project.files)
    moment = start
    while moment <= end:
        if rng.random() < 0.15:
            path, language = rng.choice(project.files)
        lines = rng.randint(40, 600)
        beats.append(
            make_heartbeat(
                time=float(moment),
                entity=f"{project.root}/{path}",
                project=project.name,
                branch=branch,
                language=language,
                editor=editor,
                operating_system=system,
                machine=machine,
                user_agent=user_agent,
                is_write=rng.random() < 0.3,
                lineno=rng.randint(1, lines),
                cursorpos=rng.randint(1, 4000),
                lines=lines,
                project_root_count=len(project.root.split("/")) - 1,
            )
        )
        if rng.random() < 0.05:
            beats.append(_browsing(rng, moment + 5, system, machine))
        moment += _pause(rng)
    return beats


def _browsing(
    rng: random.Random, moment: int, system: str, machine: str
) -> Heartbeat:
    """A docs page looked up in the browser (category browsing)."""
    return make_heartbeat(
        time=float(moment),
        entity=rng.choice(_DOCS_DOMAINS),
        type="domain",
        category="browsing",
        editor="firefox",
        operating_system=system,
        machine=machine,
        user_agent="wakatime/v4.0.1 (firefox) browser-wakatime/4.0.1",
    )


def _pause(rng: random.Random) -> int:
    """Seconds to the next heartbeat: mostly typing, sometimes a break."""
    roll = rng.random()
    if roll < 0.85:
        return rng.randint(20, 100)
    if roll < 0.95:
        return rng.randint(100, 240)
    return rng.randint(300, 900)


def make_heartbeat(**fields: object) -> Heartbeat:
    """A full heartbeat row as the server serialises it; ``time`` needed."""
    moment = _number(fields["time"])
    stamp = datetime.fromtimestamp(moment + 1, UTC)
    created = stamp.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    entity = fields.get("entity")
    beat: Heartbeat = {
        "id": None,
        "user_id": DEMO_USER.id,
        "time": float(moment),
        "entity": entity,
        "type": "file",
        "category": "coding",
        "project": None,
        "branch": None,
        "language": None,
        "editor": None,
        "operating_system": None,
        "machine": None,
        "user_agent": None,
        "is_write": None,
        "lineno": None,
        "cursorpos": None,
        "lines": None,
        "line_additions": None,
        "line_deletions": None,
        "project_root_count": None,
        "dependencies": [],
        "source_type": "test_entry"
        if entity == "test.txt"
        else "direct_entry",
        "ip_address": "127.0.0.1",
        "ja4_id": None,
        "fields_hash": None,
        "ai_model": None,
        "ai_session": None,
        "ai_subscription_plan": None,
        "ai_input_tokens": None,
        "ai_output_tokens": None,
        "ai_prompt_length": None,
        "ai_line_changes": None,
        "human_line_changes": None,
        "created_at": created,
        "updated_at": created,
        "deleted_at": None,
    }
    beat.update(fields)
    beat["time"] = float(moment)
    beat["fields_hash"] = _fields_hash(beat)
    return beat


def _fields_hash(beat: Mapping[str, object]) -> str:
    """Like the server's duplicate check: a hash of the identifying fields."""
    keys = ("time", "entity", "type", "category", "project", "branch")
    text = "|".join(str(beat.get(key)) for key in keys)
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def duration_seconds(beats: Iterable[Mapping[str, object]]) -> int:
    """Sum of min(gap, 120 s) over the heartbeats sorted by (time, id).

    The server casts the sum to a PostgreSQL integer, which rounds.
    """
    times = sorted(_sort_key(beat) for beat in beats)
    total = 0.0
    for (earlier, _), (later, _) in zip(times, times[1:], strict=False):
        total += min(later - earlier, MAX_GAP_SECONDS)
    return round(total)


def grouped_durations(
    beats: Iterable[Mapping[str, object]], column: str
) -> dict[str, int]:
    """Durations per value of ``column``; gaps count within a group only.

    Blank values are grouped under "" for the caller to name.
    """
    groups: dict[str, list[Mapping[str, object]]] = {}
    for beat in beats:
        value = beat.get(column)
        groups.setdefault("" if value is None else str(value), []).append(beat)
    return {name: duration_seconds(group) for name, group in groups.items()}


def _sort_key(beat: Mapping[str, object]) -> tuple[float, int]:
    beat_id = beat.get("id")
    return (_number(beat["time"]), beat_id if isinstance(beat_id, int) else 0)


def _number(value: object) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    raise TypeError("A heartbeat time must be a number.")
