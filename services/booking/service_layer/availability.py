"""Reading the calendar: free intervals of a space and free spaces of a type."""

import uuid
from datetime import datetime, timedelta

from contracts.booking import SpaceType
from services.booking.domain.availability import Interval, free_intervals
from services.booking.domain.errors import BookingRuleBroken
from services.booking.domain.period import Period
from services.booking.domain.space import Space
from services.booking.service_layer.lookups import existing_space
from services.booking.service_layer.unit_of_work import BookingUnitOfWork

#: Longest range one availability question may cover.
MAX_RANGE = timedelta(days=31)


async def free_of_space(
    uow: BookingUnitOfWork, space_id: uuid.UUID, starts_at: datetime, ends_at: datetime
) -> list[Interval]:
    _check_range(starts_at, ends_at)
    async with uow:
        return await _free(uow, await existing_space(uow, space_id), starts_at, ends_at)


async def search_free_spaces(
    uow: BookingUnitOfWork, space_type: SpaceType, period: Period, attendees: int
) -> list[Space]:
    """Active spaces of a type with room for ``attendees`` that are free over the whole period."""
    async with uow:
        found = []
        for space in await uow.spaces.list(space_type):
            if not space.active or space.capacity < attendees:
                continue
            free = await _free(uow, space, period.starts_at, period.ends_at)
            if any(s <= period.starts_at and period.ends_at <= e for s, e in free):
                found.append(space)
        return found


async def _free(
    uow: BookingUnitOfWork, space: Space, starts_at: datetime, ends_at: datetime
) -> list[Interval]:
    rules = await uow.spaces.rules_for(space)
    closures = await uow.closures.meeting(starts_at, ends_at, space.site)
    return free_intervals(
        window=(starts_at, ends_at),
        opening=space.opening_hours.windows(starts_at, ends_at),
        closures=[(c.starts_at, c.ends_at) for c in closures if c.applies_to(space.site, space.id)],
        held=await uow.bookings.held_spans(
            space.id, starts_at - rules.buffer_before, ends_at + rules.buffer_after
        ),
        buffer_before=rules.buffer_before,
        buffer_after=rules.buffer_after,
    )


def _check_range(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at or ends_at - starts_at > MAX_RANGE:
        raise BookingRuleBroken("range-invalid", f"ask for a range of up to {MAX_RANGE.days} days")
