"""Booking HTTP routes: translate requests into use cases and domain errors into problems."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Response

from services.booking.adapters.repositories import BookingConflict
from services.booking.domain.booking import BookingRejected, Period
from services.booking.entrypoints.http_schemas import (
    BookingOut,
    BookingRequest,
    PeriodOut,
    SpaceOut,
)
from services.booking.service_layer import bookings
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from shared.idempotency import IdempotencyKeyHeader
from shared.problems import Problem
from shared.runtime import unit_of_work

router = APIRouter()
UoW = Annotated[BookingUnitOfWork, Depends(unit_of_work)]


@router.get("/spaces", tags=["spaces"], summary="The bookable spaces of both sites")
async def list_spaces(uow: UoW) -> list[SpaceOut]:
    return [SpaceOut.of(space) for space in await bookings.list_spaces(uow)]


@router.post(
    "/bookings",
    status_code=201,
    tags=["bookings"],
    summary="Book a space for an active tenant",
    responses={409: {"description": "The space is taken over (part of) that period"}},
)
async def book_space(
    body: BookingRequest, uow: UoW, response: Response, key: IdempotencyKeyHeader
) -> BookingOut:
    try:
        period = Period(body.starts_at, body.ends_at)
        booking = await bookings.book_space(
            uow,
            space_id=body.space_id,
            tenant_id=body.tenant_id,
            period=period,
            idempotency_key=key,
        )
    except BookingRejected as exc:
        status = 409 if exc.rule == "tenant-not-active" else 422
        raise Problem(
            status, exc.rule, "The booking breaks a rule", str(exc), rule=exc.rule, **exc.details
        ) from exc
    except bookings.SpaceNotFound as exc:
        raise Problem(422, "unknown-space", "No such space", f"no space {body.space_id}") from exc
    except bookings.UnknownTenant as exc:
        raise Problem(
            422,
            "unknown-tenant",
            "No such tenant",
            f"no tenant {body.tenant_id} is known to booking",
        ) from exc
    except BookingConflict as exc:
        taken = PeriodOut.of(exc.taken).model_dump(mode="json") if exc.taken else None
        raise Problem(
            409,
            "booking-conflict",
            "The space is already booked over that period",
            str(exc),
            conflicting_period=taken,
        ) from exc
    response.headers["Location"] = f"/bookings/{booking.id}"
    return BookingOut.of(booking)


@router.get("/bookings/{booking_id}", tags=["bookings"], summary="One booking")
async def get_booking(booking_id: uuid.UUID, uow: UoW) -> BookingOut:
    try:
        return BookingOut.of(await bookings.get_booking(uow, booking_id))
    except bookings.BookingNotFound as exc:
        raise Problem(
            404, "booking-not-found", "No such booking", f"no booking {booking_id}"
        ) from exc
