"""Routes of recurring series."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from services.booking.domain.period import utc
from services.booking.domain.series import Series
from services.booking.entrypoints.http.booking_schemas import BookingOut
from services.booking.entrypoints.http.dependencies import Booker, Reader, UoW
from services.booking.entrypoints.http.series_schemas import SeriesOut, SeriesRequest
from services.booking.service_layer import series
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from shared.auth.access import Principal, ensure_may_act_for, visible_to
from shared.http.idempotency import Create
from shared.http.problem_docs import problems
from shared.http.request_bodies import OffsetDateTime

router = APIRouter(tags=["series"])


@router.post(
    "/series",
    status_code=201,
    summary="Book a recurring series; each occurrence is booked or skipped with the rule",
    responses=problems({409: "The tenant may not book now"}),
)
async def book_series(body: SeriesRequest, uow: UoW, create: Create, caller: Booker) -> SeriesOut:
    ensure_may_act_for(caller, body.tenant_id)
    planned = await series.book_series(
        uow,
        space_id=body.space_id,
        tenant_id=body.tenant_id,
        first=body.period,
        frequency=body.frequency,
        count=body.count,
        until=utc(body.until) if body.until else None,
        attendees=body.attendees,
        key=create.key,
    )
    return create.located(f"/series/{planned.id}", SeriesOut.of(planned))


@router.get(
    "/series/{series_id}",
    summary="A series as it was booked",
    responses=problems({404: "No such series"}),
)
async def get_series(series_id: uuid.UUID, uow: UoW, caller: Reader) -> SeriesOut:
    return SeriesOut.of(await _visible(uow, caller, series_id))


@router.post(
    "/series/{series_id}/cancel",
    summary="Cancel the series' future bookings, or those from a date onward",
    responses=problems({404: "No such series"}),
)
async def cancel_series(
    series_id: uuid.UUID,
    uow: UoW,
    caller: Booker,
    starting_from: Annotated[OffsetDateTime | None, Query(alias="from")] = None,
) -> list[BookingOut]:
    await _visible(uow, caller, series_id)
    start = utc(starting_from) if starting_from else None
    cancelled = await series.cancel_series(
        uow, series_id, start, actor=caller.actor, by_staff=not caller.tenant_bound
    )
    return [BookingOut.model_validate(booking) for booking in cancelled]


async def _visible(uow: BookingUnitOfWork, caller: Principal, series_id: uuid.UUID) -> Series:
    return visible_to(caller, await series.get_series(uow, series_id), "series")
