"""Routes of closures: a site or a space closed over a period."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Response

from contracts.booking import ClosureReason, Site
from services.booking.domain.period import utc
from services.booking.entrypoints.http.booking_schemas import BookingOut
from services.booking.entrypoints.http.closure_schemas import (
    ClosureChange,
    ClosureIn,
    ClosureOut,
    ClosurePreviewOut,
)
from services.booking.entrypoints.http.dependencies import ANYONE, Staff, UoW
from services.booking.service_layer import closures
from shared.http.idempotency import Create
from shared.http.problem_docs import problems
from shared.http.request_bodies import OffsetDateTime

router = APIRouter(tags=["closures"])


@router.post(
    "/closures",
    status_code=201,
    summary="Close a site or a space; bookings over it are cancelled (space_closed)",
)
async def create_closure(body: ClosureIn, uow: UoW, create: Create, caller: Staff) -> ClosureOut:
    closure, cancelled = await closures.close(
        uow,
        site=body.site,
        space_id=body.space_id,
        starts_at=utc(body.starts_at),
        ends_at=utc(body.ends_at),
        reason=body.reason,
        key=create.key,
        actor=caller.actor,
    )
    return create.located(f"/closures/{closure.id}", ClosureOut.placed(closure, cancelled))


@router.get(
    "/closures",
    summary="Closures meeting a period (default: the coming 90 days)",
    dependencies=ANYONE,
)
async def list_closures(
    uow: UoW,
    site: Site | None = None,
    starts_at: OffsetDateTime | None = None,
    ends_at: OffsetDateTime | None = None,
) -> list[ClosureOut]:
    start = utc(starts_at) if starts_at else datetime.now(UTC)
    end = utc(ends_at) if ends_at else start + timedelta(days=90)
    found = await closures.list_closures(uow, start, end, site)
    return [ClosureOut.model_validate(closure) for closure in found]


@router.get(
    "/closures/preview",
    summary="The bookings a closure would cancel, before it is made",
    description="Takes what `POST /closures` takes, as query parameters, and answers the "
    "bookings that closure would cancel now, refusing what `POST /closures` refuses (422 "
    "`period-empty`, `space-not-on-site`, `unknown-space`). Nothing is stored.",
)
async def preview_closure(
    uow: UoW,
    caller: Staff,
    site: Site,
    starts_at: OffsetDateTime,
    ends_at: Annotated[
        OffsetDateTime, Query(description="After starts_at (else 422 `period-empty`)")
    ],
    space_id: Annotated[uuid.UUID | None, Query(description="none: the whole site")] = None,
    reason: Annotated[
        ClosureReason, Query(description="Changes nothing about which bookings are cancelled")
    ] = ClosureReason.OTHER,
) -> ClosurePreviewOut:
    cancelled = await closures.preview(
        uow,
        site=site,
        space_id=space_id,
        starts_at=utc(starts_at),
        ends_at=utc(ends_at),
        reason=reason,
    )
    return ClosurePreviewOut(
        bookings_cancelled=len(cancelled),
        bookings=[BookingOut.model_validate(booking) for booking in cancelled],
    )


@router.get(
    "/closures/{closure_id}",
    summary="One closure",
    dependencies=ANYONE,
    responses=problems({404: "No such closure"}),
)
async def get_closure(closure_id: uuid.UUID, uow: UoW) -> ClosureOut:
    return ClosureOut.model_validate(await closures.get_closure(uow, closure_id))


@router.patch(
    "/closures/{closure_id}",
    summary="Change a closure's period or reason; bookings it newly covers are cancelled",
    responses=problems({404: "No such closure"}),
)
async def change_closure(
    closure_id: uuid.UUID, body: ClosureChange, uow: UoW, caller: Staff
) -> ClosureOut:
    closure, cancelled = await closures.reschedule(
        uow,
        closure_id,
        starts_at=utc(body.starts_at) if body.starts_at else None,
        ends_at=utc(body.ends_at) if body.ends_at else None,
        reason=body.reason,
        actor=caller.actor,
    )
    return ClosureOut.placed(closure, cancelled)


@router.delete(
    "/closures/{closure_id}",
    status_code=204,
    summary="Reopen (cancelled stay so)",
    responses=problems({404: "No such closure"}),
)
async def delete_closure(closure_id: uuid.UUID, uow: UoW, caller: Staff) -> Response:
    await closures.reopen(uow, closure_id, actor=caller.actor)
    return Response(status_code=204)
