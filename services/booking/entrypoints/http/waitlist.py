"""Routes of the waitlist: queueing for a taken slot, and leaving the queue."""

import uuid
from datetime import datetime

from fastapi import APIRouter

from services.booking.adapters.series_repository import WaitlistFilter
from services.booking.domain.waitlist import WaitlistEntry, WaitlistStatus
from services.booking.entrypoints.http.booking_schemas import BookingRequest
from services.booking.entrypoints.http.dependencies import Booker, Reader, UoW
from services.booking.entrypoints.http.waitlist_schemas import WaitlistOut
from services.booking.service_layer import waitlist
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from shared.auth.access import Principal, ensure_may_act_for, tenant_filter, visible_to
from shared.http.idempotency import Create
from shared.http.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, decode_cursor, page_of
from shared.http.problem_docs import problems

router = APIRouter(tags=["waitlist"])


@router.post(
    "/waitlist",
    status_code=201,
    summary="Queue for a taken slot; confirmed automatically when it frees up",
    responses=problems({409: "The tenant may not book now"}),
)
async def join_waitlist(
    body: BookingRequest, uow: UoW, create: Create, caller: Booker
) -> WaitlistOut:
    ensure_may_act_for(caller, body.tenant_id)
    entry = await waitlist.join_waitlist(
        uow,
        space_id=body.space_id,
        tenant_id=body.tenant_id,
        period=body.period,
        attendees=body.attendees,
        key=create.key,
    )
    return create.located(f"/waitlist/{entry.id}", WaitlistOut.model_validate(entry))


@router.get(
    "/waitlist",
    summary="Places in the queue, first come first, filtered, a page at a time",
    description="A tenant's user sees its own tenant's places only (naming another tenant is "
    "403 `forbidden-tenant`); staff and integrators see all. Pass `next_cursor` back as "
    "`cursor` for the next page.",
)
async def list_waitlist(
    uow: UoW,
    caller: Reader,
    tenant_id: uuid.UUID | None = None,
    space_id: uuid.UUID | None = None,
    status: WaitlistStatus | None = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[WaitlistOut]:
    where = WaitlistFilter(
        tenant_id=tenant_filter(caller, tenant_id), space_id=space_id, status=status
    )
    after = decode_cursor(cursor, datetime.fromisoformat, uuid.UUID)
    found = await waitlist.list_entries(uow, where, after, limit)
    return page_of(found, limit, WaitlistOut.model_validate, lambda e: (e.created_at, e.id))


@router.get(
    "/waitlist/{entry_id}",
    summary="A place in the queue",
    responses=problems({404: "No such waitlist entry"}),
)
async def get_waitlist_entry(entry_id: uuid.UUID, uow: UoW, caller: Reader) -> WaitlistOut:
    return WaitlistOut.model_validate(await _visible(uow, caller, entry_id))


@router.delete(
    "/waitlist/{entry_id}",
    summary="Leave the queue",
    responses=problems(
        {404: "No such waitlist entry", 409: "The entry has already left the queue"}
    ),
)
async def withdraw_from_waitlist(entry_id: uuid.UUID, uow: UoW, caller: Booker) -> WaitlistOut:
    await _visible(uow, caller, entry_id)
    return WaitlistOut.model_validate(await waitlist.withdraw(uow, entry_id))


async def _visible(uow: BookingUnitOfWork, caller: Principal, entry_id: uuid.UUID) -> WaitlistEntry:
    return visible_to(caller, await waitlist.get_entry(uow, entry_id), "waitlist entry")
