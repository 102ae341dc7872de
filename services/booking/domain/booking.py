"""The booking aggregate: one space, one tenant, one period."""

import enum
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from contracts.booking import BookingConfirmed
from services.booking.domain.space import Space
from services.booking.domain.tenant_standing import TenantStanding
from shared.domain import Aggregate

MAX_DURATION = timedelta(hours=12)


class BookingStatus(enum.StrEnum):
    CONFIRMED = "confirmed"


class BookingRejected(Exception):
    """A request that breaks a booking rule; ``rule`` is a stable slug clients can match."""

    def __init__(self, rule: str, message: str, **details: object) -> None:
        super().__init__(message)
        self.rule = rule
        self.details = details


@dataclass(frozen=True)
class Period:
    starts_at: datetime
    ends_at: datetime

    def __post_init__(self) -> None:
        if self.starts_at.tzinfo is None or self.ends_at.tzinfo is None:
            raise BookingRejected("timezone-required", "start and end must carry a UTC offset")
        # Stored and published in UTC whatever offset the client wrote (design.md §4).
        object.__setattr__(self, "starts_at", self.starts_at.astimezone(UTC))
        object.__setattr__(self, "ends_at", self.ends_at.astimezone(UTC))
        if self.ends_at <= self.starts_at:
            raise BookingRejected("period-empty", "the booking must end after it starts")
        if self.ends_at - self.starts_at > MAX_DURATION:
            raise BookingRejected("period-too-long", f"a booking lasts at most {MAX_DURATION}")


@dataclass(kw_only=True)
class Booking(Aggregate):
    id: uuid.UUID
    space_id: uuid.UUID
    tenant_id: uuid.UUID
    period: Period
    status: BookingStatus
    created_at: datetime

    @classmethod
    def confirm(
        cls, *, space: Space, tenant: TenantStanding, period: Period, now: datetime
    ) -> "Booking":
        if not space.active:
            raise BookingRejected("space-inactive", f"space {space.code} is not open for booking")
        if not tenant.may_book:
            raise BookingRejected(
                "tenant-not-active",
                "only active tenants may book",
                tenant_standing=tenant.standing.value,
            )
        if period.starts_at < now:
            raise BookingRejected("period-in-past", "a booking cannot start in the past")
        booking = cls(
            id=uuid.uuid4(),
            space_id=space.id,
            tenant_id=tenant.tenant_id,
            period=period,
            status=BookingStatus.CONFIRMED,
            created_at=now,
        )
        booking.record(
            BookingConfirmed(
                booking_id=booking.id,
                tenant_id=tenant.tenant_id,
                space_id=space.id,
                space_code=space.code,
                space_type=space.type,
                site=space.site,
                starts_at=period.starts_at,
                ends_at=period.ends_at,
                occurred_at=now,
            )
        )
        return booking
