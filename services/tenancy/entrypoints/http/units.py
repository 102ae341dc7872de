"""Office unit routes: the offices of both sites, and their availability."""

import uuid

from fastapi import APIRouter

from contracts.tenancy import Site, UnitStatus
from services.tenancy.entrypoints.http.dependencies import ANYONE, Staff, UoW
from services.tenancy.entrypoints.http.unit_schemas import UnitEdit, UnitIn, UnitOut
from services.tenancy.service_layer import units
from shared.http.idempotency import Create
from shared.http.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, decode_cursor, page_of
from shared.http.problem_docs import problems

router = APIRouter(prefix="/units", tags=["office units"])


@router.post(
    "",
    status_code=201,
    summary="Add an office unit (it starts vacant)",
    description="Publishes unit.status_changed.",
    responses=problems({409: "The site already has a unit with that code"}),
)
async def create_unit(body: UnitIn, uow: UoW, caller: Staff, create: Create) -> UnitOut:
    unit = await units.create_unit(
        uow, **body.model_dump(), actor=caller.actor, idempotency_key=create.key
    )
    return create.located(f"/units/{unit.id}", UnitOut.model_validate(unit))


@router.get("", summary="List office units by site and code", dependencies=ANYONE)
async def list_units(
    uow: UoW,
    site: Site | None = None,
    status: UnitStatus | None = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[UnitOut]:
    after = decode_cursor(cursor, str, str, uuid.UUID)
    found = await units.list_units(uow, site=site, status=status, after=after, limit=limit)
    return page_of(found, limit, UnitOut.model_validate, lambda u: (u.site.value, u.code, u.id))


@router.get(
    "/{unit_id}",
    summary="An office unit",
    dependencies=ANYONE,
    responses=problems({404: "No such unit"}),
)
async def get_unit(unit_id: uuid.UUID, uow: UoW) -> UnitOut:
    return UnitOut.model_validate(await units.get_unit(uow, unit_id))


@router.patch(
    "/{unit_id}",
    summary="Edit a unit, or take it in or out of maintenance",
    responses=problems({404: "No such unit", 409: "A leased unit's status is set by its lease"}),
)
async def update_unit(unit_id: uuid.UUID, body: UnitEdit, uow: UoW, caller: Staff) -> UnitOut:
    changes = {k: v for k, v in body.model_dump(exclude_unset=True).items() if v is not None}
    if body.status is not None:
        changes["status"] = UnitStatus(body.status)
    return UnitOut.model_validate(
        await units.update_unit(uow, unit_id, changes, actor=caller.actor)
    )
