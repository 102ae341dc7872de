"""When a booking stops holding its space: cancellation gives its hours back, and the freed
span is offered to the waitlist, first come first, to whoever is still eligible."""

from datetime import datetime

from contracts.booking import CancellationReason
from services.booking.domain.booking import Booking
from services.booking.domain.errors import BookingConflict, BookingRuleBroken
from services.booking.service_layer.reserving import refund, reserve
from services.booking.service_layer.unit_of_work import BookingUnitOfWork


async def cancel(
    uow: BookingUnitOfWork, booking: Booking, reason: CancellationReason, now: datetime
) -> None:
    minutes = booking.cancel(reason, now)
    await uow.bookings.save(booking)
    await refund(uow, booking, minutes)
    await offer_to_waitlist(uow, booking, now)


async def offer_to_waitlist(uow: BookingUnitOfWork, freed: Booking, now: datetime) -> None:
    """Books waiting entries in queue order; one that breaks a rule (or no longer fits because
    an earlier entry took the span) keeps waiting."""
    entries = await uow.waitlist.waiting_for(freed.space_id, *freed.blocked)
    if not entries:
        return
    space = await uow.spaces.get(freed.space_id)
    for entry in entries:
        tenant = await uow.tenants.get(entry.tenant_id)
        if space is None or tenant is None:
            continue
        try:
            promoted = await reserve(
                uow,
                space=space,
                tenant=tenant,
                period=entry.period,
                attendees=entry.attendees,
                now=now,
            )
        except (BookingRuleBroken, BookingConflict):
            continue
        promoted.promoted_from_waitlist(now)
        entry.promoted(promoted.id)
        await uow.waitlist.save(entry)
