"""The query filters of the tenant and lease lists, read once for the list and its export, with
the caller's visibility applied: a tenant's user only ever gets its own tenant's rows."""

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Annotated

from fastapi import Depends, Query

from contracts.tenancy import Site, TenantKind
from services.tenancy.adapters.lease_repository import LeaseFilter
from services.tenancy.adapters.tenant_repository import TenantFilter
from services.tenancy.domain.lease import LeaseState, local_day
from services.tenancy.domain.tenant_status import TenantStatus
from services.tenancy.entrypoints.http.dependencies import Reader
from shared.auth.access import tenant_filter


async def tenant_list_filter(
    caller: Reader,
    kind: TenantKind | None = None,
    status: TenantStatus | None = None,
    site: Site | None = None,
    plan_code: str | None = None,
    q: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
) -> TenantFilter:
    return TenantFilter(
        kind=kind,
        status=status,
        site=site,
        plan_code=plan_code,
        text=q,
        tenant_id=tenant_filter(caller, None),
    )


async def lease_list_filter(
    caller: Reader,
    tenant_id: uuid.UUID | None = None,
    unit_id: uuid.UUID | None = None,
    state: LeaseState | None = None,
    ending_within_days: Annotated[int | None, Query(ge=0, le=3660)] = None,
) -> LeaseFilter:
    return LeaseFilter(
        tenant_id=tenant_filter(caller, tenant_id),
        unit_id=unit_id,
        state=state,
        ending_between=_from_today(ending_within_days),
    )


def _from_today(days: int | None) -> tuple[date, date] | None:
    if days is None:
        return None
    today = local_day(datetime.now(UTC))
    return today, today + timedelta(days=days)


TenantQuery = Annotated[TenantFilter, Depends(tenant_list_filter)]
LeaseQuery = Annotated[LeaseFilter, Depends(lease_list_filter)]
