"""Routes about a tenant as booking sees it: standing, no-show record and quota balance (its
calendar feed: calendar_feeds.py)."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from services.booking.entrypoints.http.dependencies import Reader, UoW
from services.booking.entrypoints.http.tenant_overview_schemas import (
    QuotaBalanceOut,
    TenantRecordOut,
)
from services.booking.service_layer import tenant_overview
from shared.auth.access import ensure_visible
from shared.http.problem_docs import problems

router = APIRouter(tags=["tenants"])


@router.get(
    "/tenants/{tenant_id}",
    summary="The tenant's standing and no-show record",
    responses=problems({404: "No such tenant"}),
)
async def tenant_record(tenant_id: uuid.UUID, uow: UoW, caller: Reader) -> TenantRecordOut:
    ensure_visible(caller, tenant_id, "tenant")
    return TenantRecordOut.model_validate(await tenant_overview.tenant_record(uow, tenant_id))


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
    month, balances = await tenant_overview.quota_balance(uow, tenant_id, month)
    return QuotaBalanceOut.of(tenant_id, month, balances)
