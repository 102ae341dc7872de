"""Quiet hours (Asia/Jakarta) during which WhatsApp and SMS messages are held, then sent."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

JAKARTA = ZoneInfo("Asia/Jakarta")


@dataclass(frozen=True)
class QuietHours:
    start: time
    end: time

    def contains(self, local: time) -> bool:
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end  # spans midnight, e.g. 21:00-07:00

    def release_time(self, now: datetime) -> datetime | None:
        """When a message held now may go out; None when now is not quiet."""
        local = now.astimezone(JAKARTA)
        if not self.contains(local.time()):
            return None
        release = local.replace(hour=self.end.hour, minute=self.end.minute, second=0, microsecond=0)
        if release <= local:
            release += timedelta(days=1)
        return release
