"""Routes about tenants as booking sees them (their calendar feeds: ical_api.py)."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from contracts.booking import SpaceType
from services.booking.domain.tenant_standing import Standing
from services.booking.entrypoints.errors import as_problems
from services.booking.service_layer import tenant_views
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from shared.auth.access import ANY_ROLE, Principal, allow, ensure_visible
from shared.http.problem_docs import problems
from shared.runtime.process import unit_of_work

router = APIRouter(tags=["tenants"])
UoW = Annotated[BookingUnitOfWork, Depends(unit_of_work)]
Reader = Annotated[Principal, Depends(allow(*ANY_ROLE))]


class TenantRecordOut(BaseModel):
    tenant_id: uuid.UUID
    standing: Standing
    kind: str
    plan_code: str
    no_show_count: int


class BalanceOut(BaseModel):
    space_type: SpaceType
    quota_hours: int | None
    used_hours: float
    remaining_hours: float | None


class QuotaBalanceOut(BaseModel):
    tenant_id: uuid.UUID
    month: str
    balances: list[BalanceOut]


@router.get(
    "/tenants/{tenant_id}",
    summary="The tenant's standing and no-show record",
    responses=problems({404: "No such tenant"}),
)
async def tenant_record(tenant_id: uuid.UUID, uow: UoW, caller: Reader) -> TenantRecordOut:
    ensure_visible(caller, tenant_id, "tenant")
    with as_problems():
        tenant = await tenant_views.tenant_record(uow, tenant_id)
    return TenantRecordOut(
        tenant_id=tenant.tenant_id,
        standing=tenant.standing,
        kind=tenant.kind,
        plan_code=tenant.plan_code,
        no_show_count=tenant.no_show_count,
    )


@router.get(
    "/tenants/{tenant_id}/quota-balance",
    summary="Hours per space type granted, used and left in a month (Asia/Jakarta)",
    responses=problems({404: "No such tenant"}),
)
async def quota_balance(
    tenant_id: uuid.UUID,
    uow: UoW,
    caller: Reader,
    month: Annotated[str | None, Query(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")] = None,
) -> QuotaBalanceOut:
    ensure_visible(caller, tenant_id, "tenant")
    with as_problems():
        month, balances = await tenant_views.quota_balance(uow, tenant_id, month)
    return QuotaBalanceOut(
        tenant_id=tenant_id,
        month=month,
        balances=[BalanceOut(**vars(balance)) for balance in balances],
    )
