"""A tenant's hours of one space type in one Jakarta calendar month.

Consumed when a booking is confirmed, given back when it is cancelled; a no-show keeps them
consumed. The account row is locked while it is read and changed, so two concurrent bookings
of one tenant can never both spend the last hours.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from contracts.booking import QuotaExhausted, SpaceType
from shared.domain.aggregate import Aggregate


@dataclass(kw_only=True)
class QuotaAccount(Aggregate):
    tenant_id: uuid.UUID
    space_type: SpaceType
    month: str
    used_minutes: int
    #: None: the plan does not limit this type, only the use is counted.
    quota_hours: int | None

    @property
    def remaining_minutes(self) -> int | None:
        if self.quota_hours is None:
            return None
        return max(0, self.quota_hours * 60 - self.used_minutes)

    def allows(self, minutes: int) -> bool:
        remaining = self.remaining_minutes
        return remaining is None or minutes <= remaining

    def consume(self, minutes: int, now: datetime) -> None:
        was_exhausted = self.remaining_minutes == 0
        self.used_minutes += minutes
        if self.quota_hours is not None and not was_exhausted and self.remaining_minutes == 0:
            self.record(
                QuotaExhausted(
                    tenant_id=self.tenant_id,
                    space_type=self.space_type,
                    month=self.month,
                    quota_hours=self.quota_hours,
                    occurred_at=now,
                )
            )

    def give_back(self, minutes: int) -> None:
        self.used_minutes = max(0, self.used_minutes - minutes)
