"""Closing a site or a space: bookings over the closure are cancelled (reason space_closed)."""

import uuid
from datetime import UTC, datetime

from contracts.booking import CancellationReason, ClosureReason, Site
from services.booking.domain.booking import Booking
from services.booking.domain.closure import Closure
from services.booking.domain.errors import BookingRuleBroken, ClosureNotFound
from services.booking.service_layer import releasing
from services.booking.service_layer.lookups import existing_space, present
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from shared.domain.errors import referenced
from shared.http.idempotency import IdempotencyKey


async def close(
    uow: BookingUnitOfWork,
    *,
    site: Site,
    space_id: uuid.UUID | None,
    starts_at: datetime,
    ends_at: datetime,
    reason: ClosureReason,
    key: IdempotencyKey | None,
    actor: str,
) -> tuple[Closure, int]:
    """The closure and how many bookings it cancelled."""
    cancelled = 0

    async def create() -> Closure:
        nonlocal cancelled
        now = datetime.now(UTC)
        closure = await _declared(uow, site, space_id, starts_at, ends_at, reason, now)
        await uow.closures.add(closure)
        cancelled = await _cancel_covered(uow, closure, now)
        _audit(uow, actor, "closure.create", closure, cancelled)
        return closure

    closure = await uow.create_once(key, create, existing_closure)
    return closure, cancelled


async def preview(
    uow: BookingUnitOfWork,
    *,
    site: Site,
    space_id: uuid.UUID | None,
    starts_at: datetime,
    ends_at: datetime,
    reason: ClosureReason,
) -> list[Booking]:
    """The bookings ``close`` with these arguments would cancel now, refused as ``close``
    refuses them; nothing is stored or published."""
    async with uow:
        closure = await _declared(
            uow, site, space_id, starts_at, ends_at, reason, datetime.now(UTC)
        )
        return await _covered(uow, closure, lock=False)


async def _declared(
    uow: BookingUnitOfWork,
    site: Site,
    space_id: uuid.UUID | None,
    starts_at: datetime,
    ends_at: datetime,
    reason: ClosureReason,
    now: datetime,
) -> Closure:
    with referenced():
        space = await existing_space(uow, space_id) if space_id is not None else None
    if space is not None and space.site != site:
        raise BookingRuleBroken("space-not-on-site", f"space {space_id} is not on {site}")
    return Closure.declare(
        site=site,
        space_id=space_id,
        starts_at=starts_at,
        ends_at=ends_at,
        reason=reason,
        now=now,
    )


async def reschedule(
    uow: BookingUnitOfWork,
    closure_id: uuid.UUID,
    *,
    starts_at: datetime | None,
    ends_at: datetime | None,
    reason: ClosureReason | None,
    actor: str,
) -> tuple[Closure, int]:
    """Changes a closure; bookings its new period covers are cancelled, those it no longer
    covers stay cancelled (as when a closure is reopened)."""
    now = datetime.now(UTC)
    async with uow:
        closure = await existing_closure(uow, closure_id)
        closure.reschedule(
            starts_at=starts_at or closure.starts_at,
            ends_at=ends_at or closure.ends_at,
            reason=reason or closure.reason,
            now=now,
        )
        await uow.closures.save(closure)
        cancelled = await _cancel_covered(uow, closure, now)
        _audit(uow, actor, "closure.move", closure, cancelled)
        await uow.commit()
    return closure, cancelled


async def _cancel_covered(uow: BookingUnitOfWork, closure: Closure, now: datetime) -> int:
    covered = await _covered(uow, closure, lock=True)
    for booking in covered:
        await releasing.cancel(uow, booking, CancellationReason.SPACE_CLOSED, now)
    return len(covered)


async def _covered(uow: BookingUnitOfWork, closure: Closure, *, lock: bool) -> list[Booking]:
    """The bookings the closure cancels (``lock``: locked, to cancel them)."""
    if closure.space_id is not None:
        affected = [closure.space_id]
    else:
        affected = [space.id for space in await uow.spaces.list(site=closure.site)]
    meeting = await uow.bookings.live_meeting(
        affected, closure.starts_at, closure.ends_at, lock=lock
    )
    return [booking for booking in meeting if closure.cancels(booking)]


async def list_closures(
    uow: BookingUnitOfWork, starts_at: datetime, ends_at: datetime, site: Site | None
) -> list[Closure]:
    async with uow:
        return await uow.closures.meeting(starts_at, ends_at, site)


async def get_closure(uow: BookingUnitOfWork, closure_id: uuid.UUID) -> Closure:
    async with uow:
        return await existing_closure(uow, closure_id)


async def reopen(uow: BookingUnitOfWork, closure_id: uuid.UUID, *, actor: str) -> None:
    """Deletes a closure; bookings it cancelled stay cancelled."""
    async with uow:
        closure = await existing_closure(uow, closure_id)
        if not await uow.closures.delete(closure_id):
            raise ClosureNotFound(closure_id)
        _audit(uow, actor, "closure.reopen", closure, 0)
        await uow.commit()


def _audit(
    uow: BookingUnitOfWork, actor: str, action: str, closure: Closure, cancelled: int
) -> None:
    uow.audit.record(
        actor,
        action,
        closure.id,
        reason=closure.reason,
        site=closure.site,
        space_id=closure.space_id,
        starts_at=closure.starts_at,
        ends_at=closure.ends_at,
        bookings_cancelled=cancelled,
    )


async def existing_closure(uow: BookingUnitOfWork, closure_id: uuid.UUID) -> Closure:
    return present(await uow.closures.get(closure_id), ClosureNotFound, closure_id)
