"""The computer's time zone (tzlocal's home) and comparisons with it."""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

logger = logging.getLogger(__name__)


def local_timezone_name() -> str:
    """The computer's IANA time zone name, or "UTC" when unknown."""
    import tzlocal

    try:
        return str(tzlocal.get_localzone_name() or "UTC")
    except (ValueError, LookupError, OSError) as exc:
        logger.warning("Could not read the local time zone: %s", exc)
        return "UTC"


def same_utc_offset(zone_a: str, zone_b: str, when: datetime) -> bool:
    """Whether two IANA zones have the same UTC offset at ``when``.

    Two names for one offset (Europe/London and UTC in winter) give the
    same "today", so only the offset matters. An unknown zone compares
    unequal.
    """
    try:
        offset_a = when.astimezone(ZoneInfo(zone_a)).utcoffset()
        offset_b = when.astimezone(ZoneInfo(zone_b)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return offset_a == offset_b


def timezone_note(
    profile_zone: str, local_zone: str, now: datetime
) -> str | None:
    """A sentence for the menu when the server's "today" is not ours."""
    if same_utc_offset(profile_zone, local_zone, now):
        return None
    return (
        f"Your Hackatime profile uses {profile_zone}, so 'today' follows "
        f"that zone, not this computer's ({local_zone})."
    )
