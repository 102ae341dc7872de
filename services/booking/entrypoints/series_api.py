"""Routes of recurring series and of the waitlist."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from services.booking.domain.period import Period, utc
from services.booking.domain.series import Series
from services.booking.domain.waitlist import WaitlistEntry
from services.booking.entrypoints.errors import as_problems
from services.booking.entrypoints.schemas import (
    BookingOut,
    BookingRequest,
    SeriesOut,
    SeriesRequest,
    WaitlistOut,
)
from services.booking.service_layer import series, waitlist
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from shared.auth.access import (
    ANY_ROLE,
    TENANT_USERS,
    Principal,
    Role,
    allow,
    ensure_may_act_for,
    ensure_visible,
)
from shared.http.idempotency import IdempotencyKeyHeader
from shared.http.problem_docs import problems
from shared.http.request_bodies import OffsetDateTime
from shared.runtime.process import unit_of_work

router = APIRouter()
UoW = Annotated[BookingUnitOfWork, Depends(unit_of_work)]
Reader = Annotated[Principal, Depends(allow(*ANY_ROLE))]
Booker = Annotated[Principal, Depends(allow(Role.manager, *TENANT_USERS))]


@router.post(
    "/series",
    status_code=201,
    tags=["series"],
    summary="Book a recurring series; each occurrence is booked or skipped with the rule",
    responses=problems({409: "The tenant may not book now"}),
)
async def book_series(
    body: SeriesRequest, uow: UoW, response: Response, key: IdempotencyKeyHeader, caller: Booker
) -> SeriesOut:
    ensure_may_act_for(caller, body.tenant_id)
    with as_problems(ids_in_body=True):
        planned = await series.book_series(
            uow,
            space_id=body.space_id,
            tenant_id=body.tenant_id,
            first=Period(body.starts_at, body.ends_at),
            frequency=body.frequency,
            count=body.count,
            until=utc(body.until) if body.until else None,
            attendees=body.attendees,
            key=key,
        )
    response.headers["Location"] = f"/series/{planned.id}"
    return SeriesOut.of(planned)


@router.get(
    "/series/{series_id}",
    tags=["series"],
    summary="A series as it was booked",
    responses=problems({404: "No such series"}),
)
async def get_series(series_id: uuid.UUID, uow: UoW, caller: Reader) -> SeriesOut:
    return SeriesOut.of(await _visible_series(uow, caller, series_id))


@router.post(
    "/series/{series_id}/cancel",
    tags=["series"],
    summary="Cancel the series' future bookings, or those from a date onward",
    responses=problems({404: "No such series"}),
)
async def cancel_series(
    series_id: uuid.UUID,
    uow: UoW,
    caller: Booker,
    starting_from: Annotated[OffsetDateTime | None, Query(alias="from")] = None,
) -> list[BookingOut]:
    await _visible_series(uow, caller, series_id)
    with as_problems():
        start = utc(starting_from) if starting_from else None
        cancelled = await series.cancel_series(
            uow, series_id, start, actor=caller.actor, by_staff=not caller.tenant_bound
        )
    return [BookingOut.of(booking) for booking in cancelled]


@router.post(
    "/waitlist",
    status_code=201,
    tags=["waitlist"],
    summary="Queue for a taken slot; confirmed automatically when it frees up",
    responses=problems({409: "The tenant may not book now"}),
)
async def join_waitlist(
    body: BookingRequest, uow: UoW, response: Response, key: IdempotencyKeyHeader, caller: Booker
) -> WaitlistOut:
    ensure_may_act_for(caller, body.tenant_id)
    with as_problems(ids_in_body=True):
        entry = await waitlist.join_waitlist(
            uow,
            space_id=body.space_id,
            tenant_id=body.tenant_id,
            period=Period(body.starts_at, body.ends_at),
            attendees=body.attendees,
            key=key,
        )
    response.headers["Location"] = f"/waitlist/{entry.id}"
    return WaitlistOut.of(entry)


@router.get(
    "/waitlist/{entry_id}",
    tags=["waitlist"],
    summary="A place in the queue",
    responses=problems({404: "No such waitlist entry"}),
)
async def get_waitlist_entry(entry_id: uuid.UUID, uow: UoW, caller: Reader) -> WaitlistOut:
    return WaitlistOut.of(await _visible_entry(uow, caller, entry_id))


@router.delete(
    "/waitlist/{entry_id}",
    tags=["waitlist"],
    summary="Leave the queue",
    responses=problems(
        {404: "No such waitlist entry", 409: "The entry has already left the queue"}
    ),
)
async def withdraw_from_waitlist(entry_id: uuid.UUID, uow: UoW, caller: Booker) -> WaitlistOut:
    await _visible_entry(uow, caller, entry_id)
    with as_problems():
        return WaitlistOut.of(await waitlist.withdraw(uow, entry_id))


# A series or queue entry never changes tenant: checking it before acting is safe.
async def _visible_series(
    uow: BookingUnitOfWork, caller: Principal, series_id: uuid.UUID
) -> Series:
    with as_problems():
        found = await series.get_series(uow, series_id)
    ensure_visible(caller, found.tenant_id, "series")
    return found


async def _visible_entry(
    uow: BookingUnitOfWork, caller: Principal, entry_id: uuid.UUID
) -> WaitlistEntry:
    with as_problems():
        found = await waitlist.get_entry(uow, entry_id)
    ensure_visible(caller, found.tenant_id, "waitlist entry")
    return found
