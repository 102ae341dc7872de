"""A tenant queueing for a taken slot: when the slot frees, the first eligible entry gets it."""

import enum
import uuid
from dataclasses import dataclass
from datetime import datetime

from services.booking.domain.period import Period
from shared.domain.aggregate import Aggregate


class WaitlistStatus(enum.StrEnum):
    WAITING = "waiting"
    PROMOTED = "promoted"
    WITHDRAWN = "withdrawn"


@dataclass(kw_only=True)
class WaitlistEntry(Aggregate):
    """Records no events of its own: a promotion is told by the booking it creates."""

    id: uuid.UUID
    space_id: uuid.UUID
    tenant_id: uuid.UUID
    period: Period
    attendees: int
    status: WaitlistStatus
    created_at: datetime
    booking_id: uuid.UUID | None = None

    @classmethod
    def join(
        cls,
        *,
        space_id: uuid.UUID,
        tenant_id: uuid.UUID,
        period: Period,
        attendees: int,
        now: datetime,
    ) -> "WaitlistEntry":
        return cls(
            id=uuid.uuid4(),
            space_id=space_id,
            tenant_id=tenant_id,
            period=period,
            attendees=attendees,
            status=WaitlistStatus.WAITING,
            created_at=now,
        )

    def promoted(self, booking_id: uuid.UUID) -> None:
        self.status = WaitlistStatus.PROMOTED
        self.booking_id = booking_id
