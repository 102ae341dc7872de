"""Routes of booking rules: of a space type, and a space's own overrides of them."""

import uuid

from fastapi import APIRouter

from contracts.booking import SpaceType
from services.booking.domain.rules import BookingRules
from services.booking.entrypoints.http.dependencies import ANYONE, Staff, UoW
from services.booking.entrypoints.http.rule_schemas import RulesModel, SpaceRulesOut
from services.booking.service_layer import catalogue
from shared.http.problem_docs import problems

# Listed under "spaces" too: the published API groups rules with the spaces they govern.
router = APIRouter(tags=["spaces", "rules"])


@router.get(
    "/rules/{space_type}",
    summary="Booking rules of a space type",
    dependencies=ANYONE,
)
async def type_rules(space_type: SpaceType, uow: UoW) -> RulesModel:
    return RulesModel.of(await catalogue.rules_of_type(uow, space_type))


@router.put("/rules/{space_type}", summary="Replace a space type's rules")
async def replace_type_rules(
    space_type: SpaceType, body: RulesModel, uow: UoW, caller: Staff
) -> RulesModel:
    rules = BookingRules().overridden_by(body.as_override())
    return RulesModel.of(
        await catalogue.replace_type_rules(uow, space_type, rules, actor=caller.actor)
    )


@router.get(
    "/spaces/{space_id}/rules",
    summary="A space's rules",
    dependencies=ANYONE,
    responses=problems({404: "No such space"}),
)
async def space_rules(space_id: uuid.UUID, uow: UoW) -> SpaceRulesOut:
    overrides, effective = await catalogue.rules_of_space(uow, space_id)
    return SpaceRulesOut.of(overrides, effective)


@router.put(
    "/spaces/{space_id}/rules",
    summary="Override rules for one space",
    responses=problems({404: "No such space"}),
)
async def override_space_rules(
    space_id: uuid.UUID, body: RulesModel, uow: UoW, caller: Staff
) -> SpaceRulesOut:
    overrides, effective = await catalogue.override_space_rules(
        uow, space_id, body.as_override(), actor=caller.actor
    )
    return SpaceRulesOut.of(overrides, effective)


@router.delete(
    "/spaces/{space_id}/rules",
    summary="Follow the type's rules again",
    responses=problems({404: "No such space"}),
)
async def clear_space_rules(space_id: uuid.UUID, uow: UoW, caller: Staff) -> SpaceRulesOut:
    overrides, effective = await catalogue.override_space_rules(
        uow, space_id, {}, actor=caller.actor
    )
    return SpaceRulesOut.of(overrides, effective)
