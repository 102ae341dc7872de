"""Recurring series: every occurrence goes through the same rules as a single booking."""

import uuid
from datetime import UTC, datetime

from contracts.booking import CancellationReason, Occurrence
from services.booking.domain.booking import Booking, BookingStatus
from services.booking.domain.errors import (
    BookingConflict,
    BookingRuleBroken,
    SeriesNotFound,
    TenantNotActive,
)
from services.booking.domain.period import Period
from services.booking.domain.series import Frequency, Series, occurrences
from services.booking.service_layer import releasing
from services.booking.service_layer.lookups import existing_space, known_tenant, present
from services.booking.service_layer.reserving import reserve
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from shared.domain.errors import referenced
from shared.http.idempotency import IdempotencyKey

#: The slug of an occurrence lost to a booking already there.
TAKEN = "booking-conflict"
_CANCELLABLE = (BookingStatus.REQUESTED, BookingStatus.CONFIRMED)


async def book_series(
    uow: BookingUnitOfWork,
    *,
    space_id: uuid.UUID,
    tenant_id: uuid.UUID,
    first: Period,
    frequency: Frequency,
    count: int | None,
    until: datetime | None,
    attendees: int,
    key: IdempotencyKey | None,
) -> Series:
    """Books each occurrence that passes every rule; the others are listed with the reason.

    One transaction: either the whole answer (booked and skipped) is stored or none of it.
    """
    dates = occurrences(first, frequency, count=count, until=until)

    async def create() -> Series:
        now = datetime.now(UTC)
        with referenced():
            space = await existing_space(uow, space_id)
            tenant = await known_tenant(uow, tenant_id)
        if not tenant.may_book:
            raise TenantNotActive(tenant.standing)
        series_id = uuid.uuid4()
        answer = []
        for period in dates:
            try:
                booking = await reserve(
                    uow,
                    space=space,
                    tenant=tenant,
                    period=period,
                    attendees=attendees,
                    now=now,
                    series_id=series_id,
                )
            except BookingRuleBroken as exc:
                answer.append(_skipped(period, exc.rule, **_closure_named_in(exc)))
            except BookingConflict:
                answer.append(_skipped(period, TAKEN))
            else:
                answer.append(_booked(booking))
        planned = Series(
            id=series_id,
            tenant_id=tenant_id,
            space_id=space_id,
            frequency=frequency,
            occurrences=answer,
        )
        planned.announce(space.code, now)
        await uow.series.add(planned, now)
        return planned

    return await uow.create_once(key, create, existing_series)


async def cancel_series(
    uow: BookingUnitOfWork,
    series_id: uuid.UUID,
    starting_from: datetime | None,
    *,
    actor: str,
    by_staff: bool,
) -> list[Booking]:
    """Cancels the series' live bookings from an instant onward (all of them without one).

    Staff's cancellations are audited, as for single bookings; a booker's own are not."""
    async with uow:
        planned = await existing_series(uow, series_id)
        now = datetime.now(UTC)
        cancelled = []
        for booking in await uow.bookings.of_series(series_id, starting_from or now):
            if booking.status in _CANCELLABLE and booking.period.starts_at > now:
                await releasing.cancel(uow, booking, CancellationReason.SERIES_CANCELLED, now)
                cancelled.append(booking)
        if by_staff:
            uow.audit.record(
                actor,
                "series.cancel",
                series_id,
                tenant_id=planned.tenant_id,
                space_id=planned.space_id,
                starting_from=starting_from,
                booking_ids=[booking.id for booking in cancelled],
            )
        await uow.commit()
    return cancelled


async def get_series(uow: BookingUnitOfWork, series_id: uuid.UUID) -> Series:
    async with uow:
        return await existing_series(uow, series_id)


async def existing_series(uow: BookingUnitOfWork, series_id: uuid.UUID) -> Series:
    return present(await uow.series.get(series_id), SeriesNotFound, series_id)


def _booked(booking: Booking) -> Occurrence:
    return Occurrence(
        starts_at=booking.period.starts_at, ends_at=booking.period.ends_at, booking_id=booking.id
    )


def _skipped(period: Period, rule: str, **closure: object) -> Occurrence:
    return Occurrence(
        starts_at=period.starts_at, ends_at=period.ends_at, skipped_because=rule, **closure
    )


def _closure_named_in(refusal: BookingRuleBroken) -> dict[str, object]:
    """The closure a refusal names, as a single booking's problem body names it."""
    return {
        name: refusal.details[name]
        for name in ("closure_id", "closure_reason")
        if name in refusal.details
    }
