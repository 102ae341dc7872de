"""Asia/Jakarta (WIB), the one time zone of the sites: opening hours, months and calendars."""

from datetime import datetime
from zoneinfo import ZoneInfo

WIB = ZoneInfo("Asia/Jakarta")


def month_of(instant: datetime) -> str:
    """The Jakarta calendar month ("2026-12") an instant falls in; quotas are counted by it."""
    return instant.astimezone(WIB).strftime("%Y-%m")
