"""Routes of the space catalogue: spaces, their rules, availability and search."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from contracts.booking import SpaceType
from services.booking.domain.period import Period, utc
from services.booking.domain.rules import BookingRules
from services.booking.entrypoints.catalogue_schemas import (
    FreeInterval,
    RulesModel,
    SpaceIn,
    SpaceOut,
    SpacePatch,
    SpaceRulesOut,
)
from services.booking.entrypoints.errors import as_problems
from services.booking.entrypoints.schemas import BOOKED_END
from services.booking.service_layer import availability, catalogue
from services.booking.service_layer.availability import MAX_RANGE
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from shared.auth.access import ANY_ROLE, Principal, Role, allow
from shared.http.idempotency import IdempotencyKeyHeader
from shared.http.problem_docs import problems
from shared.http.request_bodies import OffsetDateTime
from shared.runtime.process import unit_of_work

router = APIRouter(tags=["spaces"])
UoW = Annotated[BookingUnitOfWork, Depends(unit_of_work)]
Staff = Annotated[Principal, Depends(allow(Role.manager))]
_ANYONE = [Depends(allow(*ANY_ROLE))]


@router.get(
    "/spaces", summary="The spaces of both sites, optionally of one type", dependencies=_ANYONE
)
async def list_spaces(uow: UoW, type: SpaceType | None = None) -> list[SpaceOut]:
    return [SpaceOut.of(space) for space in await catalogue.list_spaces(uow, type)]


@router.post(
    "/spaces",
    status_code=201,
    summary="Add a space to the catalogue",
    responses=problems({409: "A space with that code exists"}),
)
async def create_space(
    body: SpaceIn, uow: UoW, caller: Staff, response: Response, key: IdempotencyKeyHeader
) -> SpaceOut:
    with as_problems():
        space = await catalogue.create_space(uow, body.attributes(), key, actor=caller.actor)
    response.headers["Location"] = f"/spaces/{space.id}"
    return SpaceOut.of(space)


@router.get(
    "/spaces/search", summary="Free spaces of a type over a wanted period", dependencies=_ANYONE
)
async def search(
    uow: UoW,
    type: SpaceType,
    starts_at: OffsetDateTime,
    ends_at: Annotated[OffsetDateTime, Query(description=BOOKED_END.description)],
    attendees: Annotated[int, Query(ge=1)] = 1,
) -> list[SpaceOut]:
    with as_problems():
        found = await availability.search_free_spaces(
            uow, type, Period(starts_at, ends_at), attendees
        )
    return [SpaceOut.of(space) for space in found]


@router.get(
    "/spaces/{space_id}",
    summary="One space",
    dependencies=_ANYONE,
    responses=problems({404: "No such space"}),
)
async def get_space(space_id: uuid.UUID, uow: UoW) -> SpaceOut:
    with as_problems():
        return SpaceOut.of(await catalogue.get_space(uow, space_id))


@router.patch(
    "/spaces/{space_id}",
    summary="Change a space; active=false retires it",
    responses=problems({404: "No such space"}),
)
async def update_space(space_id: uuid.UUID, body: SpacePatch, uow: UoW, caller: Staff) -> SpaceOut:
    with as_problems():
        return SpaceOut.of(
            await catalogue.update_space(uow, space_id, body.changes(), actor=caller.actor)
        )


@router.delete(
    "/spaces/{space_id}",
    summary="Retire a space (kept for its history)",
    responses=problems({404: "No such space"}),
)
async def retire_space(space_id: uuid.UUID, uow: UoW, caller: Staff) -> SpaceOut:
    with as_problems():
        return SpaceOut.of(
            await catalogue.update_space(uow, space_id, {"active": False}, actor=caller.actor)
        )


@router.get(
    "/spaces/{space_id}/availability",
    summary="Free intervals of a space",
    dependencies=_ANYONE,
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
    with as_problems():
        free = await availability.free_of_space(uow, space_id, utc(starts_at), utc(ends_at))
    return [FreeInterval(starts_at=s, ends_at=e) for s, e in free]


@router.get(
    "/rules/{space_type}",
    tags=["rules"],
    summary="Booking rules of a space type",
    dependencies=_ANYONE,
)
async def type_rules(space_type: SpaceType, uow: UoW) -> RulesModel:
    return RulesModel.of(await catalogue.rules_of_type(uow, space_type))


@router.put("/rules/{space_type}", tags=["rules"], summary="Replace a space type's rules")
async def replace_type_rules(
    space_type: SpaceType, body: RulesModel, uow: UoW, caller: Staff
) -> RulesModel:
    rules = BookingRules().overridden_by(body.as_override())
    return RulesModel.of(
        await catalogue.replace_type_rules(uow, space_type, rules, actor=caller.actor)
    )


@router.get(
    "/spaces/{space_id}/rules",
    tags=["rules"],
    summary="A space's rules",
    dependencies=_ANYONE,
    responses=problems({404: "No such space"}),
)
async def space_rules(space_id: uuid.UUID, uow: UoW) -> SpaceRulesOut:
    with as_problems():
        overrides, effective = await catalogue.rules_of_space(uow, space_id)
    return SpaceRulesOut(overrides=RulesModel(**overrides), effective=RulesModel.of(effective))


@router.put(
    "/spaces/{space_id}/rules",
    tags=["rules"],
    summary="Override rules for one space",
    responses=problems({404: "No such space"}),
)
async def override_space_rules(
    space_id: uuid.UUID, body: RulesModel, uow: UoW, caller: Staff
) -> SpaceRulesOut:
    with as_problems():
        overrides, effective = await catalogue.override_space_rules(
            uow, space_id, body.as_override(), actor=caller.actor
        )
    return SpaceRulesOut(overrides=RulesModel(**overrides), effective=RulesModel.of(effective))


@router.delete(
    "/spaces/{space_id}/rules",
    tags=["rules"],
    summary="Follow the type's rules again",
    responses=problems({404: "No such space"}),
)
async def clear_space_rules(space_id: uuid.UUID, uow: UoW, caller: Staff) -> SpaceRulesOut:
    with as_problems():
        overrides, effective = await catalogue.override_space_rules(
            uow, space_id, {}, actor=caller.actor
        )
    return SpaceRulesOut(overrides=RulesModel(**overrides), effective=RulesModel.of(effective))
