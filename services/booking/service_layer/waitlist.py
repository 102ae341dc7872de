"""Queueing for a taken slot; releasing.offer_to_waitlist hands freed slots to the queue."""

import uuid
from datetime import UTC, datetime

from services.booking.adapters.series_repository import WaitlistFilter
from services.booking.domain.errors import TenantNotActive, WaitlistEntryNotFound
from services.booking.domain.period import Period
from services.booking.domain.waitlist import WaitlistEntry, WaitlistStatus
from services.booking.service_layer.lookups import existing_space, known_tenant, present
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from shared.domain.errors import referenced
from shared.http.idempotency import IdempotencyKey


async def join_waitlist(
    uow: BookingUnitOfWork,
    *,
    space_id: uuid.UUID,
    tenant_id: uuid.UUID,
    period: Period,
    attendees: int,
    key: IdempotencyKey | None,
) -> WaitlistEntry:
    async def create() -> WaitlistEntry:
        with referenced():
            await existing_space(uow, space_id)
            tenant = await known_tenant(uow, tenant_id)
        if not tenant.may_book:
            raise TenantNotActive(tenant.standing)
        entry = WaitlistEntry.join(
            space_id=space_id,
            tenant_id=tenant_id,
            period=period,
            attendees=attendees,
            now=datetime.now(UTC),
        )
        await uow.waitlist.add(entry)
        return entry

    return await uow.create_once(key, create, _existing)


async def get_entry(uow: BookingUnitOfWork, entry_id: uuid.UUID) -> WaitlistEntry:
    async with uow:
        return await _existing(uow, entry_id)


async def list_entries(
    uow: BookingUnitOfWork,
    where: WaitlistFilter,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> list[WaitlistEntry]:
    async with uow:
        return await uow.waitlist.find(where, after=after, limit=limit)


async def withdraw(uow: BookingUnitOfWork, entry_id: uuid.UUID) -> WaitlistEntry:
    """Leaves the queue; an entry already promoted keeps its booking (cancel that instead)."""
    async with uow:
        entry = await _existing(uow, entry_id)
        if entry.status is WaitlistStatus.WAITING:
            entry.status = WaitlistStatus.WITHDRAWN
            await uow.waitlist.save(entry)
            await uow.commit()
    return entry


async def _existing(uow: BookingUnitOfWork, entry_id: uuid.UUID) -> WaitlistEntry:
    return present(await uow.waitlist.get(entry_id), WaitlistEntryNotFound, entry_id)
