"""Routes of bookings: create, list, read, and each step of a booking's life."""

import uuid
from dataclasses import replace
from datetime import datetime

from fastapi import APIRouter

from contracts.booking import CancellationReason
from services.booking.domain.booking import Booking
from services.booking.entrypoints.http.booking_query import BookingQuery
from services.booking.entrypoints.http.booking_schemas import (
    TENANT_CANCELLATION_REASONS,
    BookingOut,
    BookingRequest,
    CallerCancellationReason,
    CancelRequest,
    RejectRequest,
)
from services.booking.entrypoints.http.dependencies import Booker, Reader, Staff, UoW
from services.booking.service_layer import bookings
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from shared.auth.access import Principal, ensure_may_act_for, visible_to
from shared.http.idempotency import Create
from shared.http.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, decode_cursor, encode_cursor
from shared.http.problem_docs import problems
from shared.http.problems import Problem

router = APIRouter(tags=["bookings"])


@router.post(
    "/bookings",
    status_code=201,
    summary="Book a space for an active tenant (confirmed, or requested when staff approve)",
    responses=problems(
        {409: "The space is taken over (part of) that period, or the tenant may not book"}
    ),
)
async def book_space(body: BookingRequest, uow: UoW, create: Create, caller: Booker) -> BookingOut:
    ensure_may_act_for(caller, body.tenant_id)
    booking = await bookings.book_space(
        uow,
        space_id=body.space_id,
        tenant_id=body.tenant_id,
        period=body.period,
        attendees=body.attendees,
        idempotency_key=create.key,
    )
    return create.located(f"/bookings/{booking.id}", BookingOut.model_validate(booking))


@router.get("/bookings", summary="Bookings in start order, filtered, a page at a time")
async def list_bookings(
    uow: UoW, where: BookingQuery, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Page[BookingOut]:
    where = replace(where, after=decode_cursor(cursor, datetime.fromisoformat, uuid.UUID))
    found = await bookings.list_bookings(uow, where, limit + 1)
    items = [BookingOut.model_validate(b) for b in found[:limit]]
    following = None
    if len(found) > limit:
        last = found[limit - 1]
        following = encode_cursor(last.period.starts_at, last.id)
    return Page(items=items, next_cursor=following)


@router.get(
    "/bookings/{booking_id}", summary="One booking", responses=problems({404: "No such booking"})
)
async def get_booking(booking_id: uuid.UUID, uow: UoW, caller: Reader) -> BookingOut:
    return BookingOut.model_validate(await _visible(uow, caller, booking_id))


@router.post(
    "/bookings/{booking_id}/cancel",
    summary="Cancel (by the booker or by staff)",
    responses=problems({404: "No such booking", 409: "Not allowed in the booking's current state"}),
)
async def cancel(
    booking_id: uuid.UUID, uow: UoW, caller: Booker, body: CancelRequest | None = None
) -> BookingOut:
    reason = (body or CancelRequest()).reason
    allowed = TENANT_CANCELLATION_REASONS if caller.tenant_bound else set(CallerCancellationReason)
    if reason not in allowed:
        raise Problem(
            422,
            "cancellation-reason",
            f"You cancel {' or '.join(sorted(allowed))}",
            rule="cancellation-reason",
        )
    await _visible(uow, caller, booking_id)
    return BookingOut.model_validate(
        await bookings.cancel_booking(
            uow, booking_id, CancellationReason(reason), actor=caller.actor
        )
    )


@router.post(
    "/bookings/{booking_id}/approve",
    summary="Staff confirm a requested booking",
    responses=problems({404: "No such booking", 409: "Not allowed in the booking's current state"}),
)
async def approve(booking_id: uuid.UUID, uow: UoW, caller: Staff) -> BookingOut:
    approved = await bookings.approve_booking(uow, booking_id, actor=caller.actor)
    return BookingOut.model_validate(approved)


@router.post(
    "/bookings/{booking_id}/reject",
    summary="Staff turn down a requested booking",
    responses=problems({404: "No such booking", 409: "Not allowed in the booking's current state"}),
)
async def reject(
    booking_id: uuid.UUID, uow: UoW, caller: Staff, body: RejectRequest | None = None
) -> BookingOut:
    reason = (body or RejectRequest()).reason
    rejected = await bookings.reject_booking(uow, booking_id, reason, actor=caller.actor)
    return BookingOut.model_validate(rejected)


@router.post(
    "/bookings/{booking_id}/check-in",
    summary="Check in, from 15 minutes before start",
    responses=problems({404: "No such booking", 409: "Not allowed in the booking's current state"}),
)
async def check_in(booking_id: uuid.UUID, uow: UoW, caller: Booker) -> BookingOut:
    await _visible(uow, caller, booking_id)
    return BookingOut.model_validate(await bookings.check_in(uow, booking_id))


async def _visible(uow: BookingUnitOfWork, caller: Principal, booking_id: uuid.UUID) -> Booking:
    return visible_to(caller, await bookings.get_booking(uow, booking_id), "booking")
