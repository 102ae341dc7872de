"""Use cases on bookings."""

import uuid
from datetime import UTC, datetime

from services.booking.domain.booking import Booking, Period
from services.booking.domain.space import Space
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from shared.idempotency import IdempotencyKey


class SpaceNotFound(LookupError):
    pass


class UnknownTenant(LookupError):
    pass


class BookingNotFound(LookupError):
    pass


async def book_space(
    uow: BookingUnitOfWork,
    *,
    space_id: uuid.UUID,
    tenant_id: uuid.UUID,
    period: Period,
    idempotency_key: IdempotencyKey | None = None,
) -> Booking:
    async def book() -> Booking:
        space = await uow.spaces.get(space_id)
        if space is None:
            raise SpaceNotFound(space_id)
        tenant = await uow.tenants.get(tenant_id)
        if tenant is None:
            raise UnknownTenant(tenant_id)
        booking = Booking.confirm(space=space, tenant=tenant, period=period, now=datetime.now(UTC))
        await uow.bookings.add(booking)
        return booking

    async def load(booking_id: str) -> Booking:
        return await _existing(uow, uuid.UUID(booking_id))

    async with uow:
        booking = await uow.idempotency.create_once(idempotency_key, book, load, lambda b: b.id)
        await uow.commit()
    return booking


async def get_booking(uow: BookingUnitOfWork, booking_id: uuid.UUID) -> Booking:
    async with uow:
        return await _existing(uow, booking_id)


async def _existing(uow: BookingUnitOfWork, booking_id: uuid.UUID) -> Booking:
    booking = await uow.bookings.get(booking_id)
    if booking is None:
        raise BookingNotFound(booking_id)
    return booking


async def list_spaces(uow: BookingUnitOfWork) -> list[Space]:
    async with uow:
        return await uow.spaces.list()
