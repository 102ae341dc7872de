"""Use cases on single bookings: create, read, list, and every step of their lifecycle."""

import uuid
from datetime import UTC, datetime

from contracts.booking import CancellationReason
from services.booking.adapters.booking_filter import BookingFilter
from services.booking.domain.booking import Booking
from services.booking.domain.period import Period
from services.booking.service_layer import releasing
from services.booking.service_layer.lookups import (
    existing_booking,
    existing_space,
    known_tenant,
)
from services.booking.service_layer.reserving import account_of, charge, reserve
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from shared.domain.errors import referenced
from shared.http.idempotency import IdempotencyKey


async def book_space(
    uow: BookingUnitOfWork,
    *,
    space_id: uuid.UUID,
    tenant_id: uuid.UUID,
    period: Period,
    attendees: int = 1,
    idempotency_key: IdempotencyKey | None = None,
) -> Booking:
    async def book() -> Booking:
        with referenced():
            space = await existing_space(uow, space_id)
            tenant = await known_tenant(uow, tenant_id)
        return await reserve(
            uow, space=space, tenant=tenant, period=period, attendees=attendees, now=_now()
        )

    return await uow.create_once(idempotency_key, book, existing_booking)


async def get_booking(uow: BookingUnitOfWork, booking_id: uuid.UUID) -> Booking:
    async with uow:
        return await existing_booking(uow, booking_id)


async def list_bookings(uow: BookingUnitOfWork, where: BookingFilter, limit: int) -> list[Booking]:
    async with uow:
        return await uow.bookings.find(where, limit)


async def cancel_booking(
    uow: BookingUnitOfWork, booking_id: uuid.UUID, reason: CancellationReason, *, actor: str
) -> Booking:
    """Staff's cancellations (reason by_staff) are audited; a booker's own are not."""
    async with uow:
        booking = await existing_booking(uow, booking_id, for_update=True)
        await releasing.cancel(uow, booking, reason, _now())
        if reason is CancellationReason.BY_STAFF:
            _audit(uow, actor, "booking.cancel", booking, reason=reason)
        await uow.commit()
    return booking


async def approve_booking(uow: BookingUnitOfWork, booking_id: uuid.UUID, *, actor: str) -> Booking:
    """Staff confirm a pending request; its hours are consumed now, even beyond the quota,
    because routing an over-quota request to approval means staff decide."""
    async with uow:
        now = _now()
        booking = await existing_booking(uow, booking_id, for_update=True)
        booking.approve(now)
        tenant = await known_tenant(uow, booking.tenant_id)
        account = await account_of(uow, booking, tenant.quota_hours(booking.space_type))
        await charge(uow, booking, account, now)
        _audit(uow, actor, "booking.approve", booking)
        await uow.commit()
    return booking


async def reject_booking(
    uow: BookingUnitOfWork, booking_id: uuid.UUID, reason: str, *, actor: str
) -> Booking:
    async with uow:
        now = _now()
        booking = await existing_booking(uow, booking_id, for_update=True)
        booking.reject(reason, now)
        await uow.bookings.save(booking)
        await releasing.offer_to_waitlist(uow, booking, now)
        _audit(uow, actor, "booking.reject", booking, reason=reason)
        await uow.commit()
    return booking


async def check_in(uow: BookingUnitOfWork, booking_id: uuid.UUID) -> Booking:
    async with uow:
        booking = await existing_booking(uow, booking_id, for_update=True)
        booking.check_in(_now())
        await uow.bookings.save(booking)
        await uow.commit()
    return booking


def _audit(
    uow: BookingUnitOfWork, actor: str, action: str, booking: Booking, reason: str | None = None
) -> None:
    uow.audit.record(
        actor,
        action,
        booking.id,
        reason=reason,
        tenant_id=booking.tenant_id,
        space_id=booking.space_id,
        starts_at=booking.period.starts_at,
        ends_at=booking.period.ends_at,
    )


def _now() -> datetime:
    return datetime.now(UTC)
