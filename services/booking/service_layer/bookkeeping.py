"""Scheduled bookkeeping: no-shows released, finished visits completed, stale requests closed.

Each runs as a periodic job (entrypoints/jobs.py): one instance at a time, one transaction per
round, and the bookings it changes are locked with SKIP LOCKED so a request is never blocked.
"""

from datetime import datetime

from services.booking.domain.booking import NO_SHOW_AFTER, BookingStatus
from services.booking.service_layer import releasing
from services.booking.service_layer.unit_of_work import BookingUnitOfWork

#: The slug a request gets when staff did not decide before it started.
APPROVAL_EXPIRED = "approval-expired"


async def release_no_shows(uow: BookingUnitOfWork, now: datetime) -> None:
    """Nobody checked in by 15 minutes after the start: no-show, the space is released, the
    hours stay consumed and the tenant's record counts it."""
    for booking in await uow.bookings.due(
        BookingStatus.CONFIRMED, "starts_at", now - NO_SHOW_AFTER
    ):
        booking.mark_no_show(now)
        await uow.bookings.save(booking)
        await uow.tenants.count_no_show(booking.tenant_id)
        await releasing.offer_to_waitlist(uow, booking, now)


async def complete_finished(uow: BookingUnitOfWork, now: datetime) -> None:
    for booking in await uow.bookings.due(BookingStatus.CHECKED_IN, "ends_at", now):
        booking.complete(now)
        await uow.bookings.save(booking)
    for booking in await uow.bookings.due(BookingStatus.REQUESTED, "starts_at", now):
        booking.reject(APPROVAL_EXPIRED, now)
        await uow.bookings.save(booking)
