"""Routes of the space catalogue: spaces, their availability and search (their rules: rules.py)."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from contracts.booking import Site, SpaceType
from services.booking.domain.period import Period, utc
from services.booking.entrypoints.http.booking_schemas import BOOKED_END
from services.booking.entrypoints.http.dependencies import ANYONE, PUBLIC, Staff, UoW
from services.booking.entrypoints.http.space_schemas import (
    FreeInterval,
    SpaceIn,
    SpaceOut,
    SpacePatch,
)
from services.booking.service_layer import availability, catalogue
from services.booking.service_layer.availability import MAX_RANGE
from shared.http.idempotency import Create
from shared.http.problem_docs import problems
from shared.http.request_bodies import OffsetDateTime

router = APIRouter(tags=["spaces"])


@router.get(
    "/spaces",
    summary="The spaces of both sites, optionally of one site or type (no token needed)",
    dependencies=PUBLIC,
)
async def list_spaces(
    uow: UoW, type: SpaceType | None = None, site: Site | None = None
) -> list[SpaceOut]:
    found = await catalogue.list_spaces(uow, type, site)
    return [SpaceOut.model_validate(space) for space in found]


@router.post(
    "/spaces",
    status_code=201,
    summary="Add a space to the catalogue",
    responses=problems({409: "A space with that code exists"}),
)
async def create_space(body: SpaceIn, uow: UoW, caller: Staff, create: Create) -> SpaceOut:
    space = await catalogue.create_space(uow, body.attributes(), create.key, actor=caller.actor)
    return create.located(f"/spaces/{space.id}", SpaceOut.model_validate(space))


@router.get(
    "/spaces/search", summary="Free spaces of a type over a wanted period", dependencies=ANYONE
)
async def search(
    uow: UoW,
    type: SpaceType,
    starts_at: OffsetDateTime,
    ends_at: Annotated[OffsetDateTime, Query(description=BOOKED_END.description)],
    attendees: Annotated[int, Query(ge=1)] = 1,
) -> list[SpaceOut]:
    found = await availability.search_free_spaces(uow, type, Period(starts_at, ends_at), attendees)
    return [SpaceOut.model_validate(space) for space in found]


@router.get(
    "/spaces/{space_id}",
    summary="One space (no token needed)",
    dependencies=PUBLIC,
    responses=problems({404: "No such space"}),
)
async def get_space(space_id: uuid.UUID, uow: UoW) -> SpaceOut:
    return SpaceOut.model_validate(await catalogue.get_space(uow, space_id))


@router.patch(
    "/spaces/{space_id}",
    summary="Change a space; active=false retires it",
    responses=problems({404: "No such space"}),
)
async def update_space(space_id: uuid.UUID, body: SpacePatch, uow: UoW, caller: Staff) -> SpaceOut:
    return SpaceOut.model_validate(
        await catalogue.update_space(uow, space_id, body.changes(), actor=caller.actor)
    )


@router.delete(
    "/spaces/{space_id}",
    summary="Retire a space (kept for its history)",
    responses=problems({404: "No such space"}),
)
async def retire_space(space_id: uuid.UUID, uow: UoW, caller: Staff) -> SpaceOut:
    return SpaceOut.model_validate(
        await catalogue.update_space(uow, space_id, {"active": False}, actor=caller.actor)
    )


@router.get(
    "/spaces/{space_id}/availability",
    summary="Free intervals of a space: times only, never who booked (no token needed)",
    dependencies=PUBLIC,
    responses=problems({404: "No such space"}),
)
async def free_intervals(
    space_id: uuid.UUID,
    uow: UoW,
    starts_at: OffsetDateTime,
    ends_at: Annotated[
        OffsetDateTime,
        Query(
            description=f"After starts_at and at most {MAX_RANGE.days} days later "
            "(else 422 `range-invalid`)"
        ),
    ],
) -> list[FreeInterval]:
    free = await availability.free_of_space(uow, space_id, utc(starts_at), utc(ends_at))
    return [FreeInterval(starts_at=s, ends_at=e) for s, e in free]
