"""What booking knows of a tenant: its standing and record, quota balance, and its calendar
(and the calendar of a space, read the same way)."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from contracts.booking import SpaceType
from services.booking.adapters.booking_filter import BookingFilter
from services.booking.domain.booking import Booking
from services.booking.domain.local_time import month_of
from services.booking.domain.tenant_standing import TenantStanding
from services.booking.service_layer.lookups import existing_space, known_tenant
from services.booking.service_layer.unit_of_work import BookingUnitOfWork

#: A calendar feed shows the bookings that meet this window around now, whatever their status:
#: a cancelled one stays in it (as cancelled) so calendar apps learn of the cancellation.
FEED_PAST, FEED_AHEAD = timedelta(days=60), timedelta(days=400)
FEED_LIMIT = 2000


@dataclass(frozen=True)
class Balance:
    space_type: SpaceType
    quota_hours: int | None
    used_hours: float
    remaining_hours: float | None


async def tenant_record(uow: BookingUnitOfWork, tenant_id: uuid.UUID) -> TenantStanding:
    async with uow:
        return await known_tenant(uow, tenant_id)


async def quota_balance(
    uow: BookingUnitOfWork, tenant_id: uuid.UUID, month: str | None
) -> tuple[str, list[Balance]]:
    """Hours granted, used and left per space type in a Jakarta month (default: this one)."""
    month = month or month_of(datetime.now(UTC))
    async with uow:
        tenant = await known_tenant(uow, tenant_id)
        used = await uow.quotas.used(tenant_id, month)
    balances = []
    for space_type in SpaceType:
        quota = tenant.quota_hours(space_type)
        used_hours = used.get(space_type, 0) / 60
        remaining = None if quota is None else max(0.0, quota - used_hours)
        balances.append(Balance(space_type, quota, used_hours, remaining))
    return month, balances


async def calendar_of_space(
    uow: BookingUnitOfWork, space_id: uuid.UUID
) -> tuple[str, list[Booking]]:
    async with uow:
        space = await existing_space(uow, space_id)
        return space.name, await uow.bookings.find(_feed(space_id=space_id), FEED_LIMIT)


async def calendar_of_tenant(uow: BookingUnitOfWork, tenant_id: uuid.UUID) -> list[Booking]:
    async with uow:
        await known_tenant(uow, tenant_id)
        return await uow.bookings.find(_feed(tenant_id=tenant_id), FEED_LIMIT)


def _feed(**who: uuid.UUID) -> BookingFilter:
    now = datetime.now(UTC)
    return BookingFilter(starts_from=now - FEED_PAST, starts_before=now + FEED_AHEAD, **who)
