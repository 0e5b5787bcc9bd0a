"""When an alert is due: at once, or at the next digest hour (a pure rule of the outbox)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo


def due_time(mode: str, now: dt.datetime, hour: int, zone: str) -> dt.datetime:
    """When an alert found at `now` is sent: at once, or at the next digest hour (weekly: Monday).

    `now` is timezone-aware; the digest hour is local time in `zone` (Europe/Paris by default).
    """
    if mode not in ("daily", "weekly"):
        return now
    local = now.astimezone(ZoneInfo(zone))
    slot = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if slot <= local:
        slot += dt.timedelta(days=1)
    if mode == "weekly":
        slot += dt.timedelta(days=(7 - slot.weekday()) % 7)
    # Rebuild from the wall-clock time so that a daylight-saving change keeps the hour.
    wall = dt.datetime(slot.year, slot.month, slot.day, hour, tzinfo=ZoneInfo(zone))
    return wall.astimezone(dt.UTC)
