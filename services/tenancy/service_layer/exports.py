"""The tenant and lease exports: every row the list would show, streamed from one transaction.

Each generator enters the unit of work itself, so the connection lives exactly as long as the
response streams. Times are in WIB (``+07:00``): people read them as BITC's local time.
"""

from collections.abc import AsyncIterator
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from services.tenancy.adapters.export_queries import leases_to_export, tenants_to_export
from services.tenancy.adapters.lease_repository import LeaseFilter
from services.tenancy.adapters.tenant_repository import TenantFilter
from services.tenancy.domain.lease import WIB, LeaseState
from services.tenancy.service_layer.unit_of_work import TenancyUnitOfWork
from shared.persistence.streamed_rows import streamed_rows

TENANT_COLUMNS = (
    "tenant_id",
    "display_name",
    "kind",
    "status",
    "plan_code",
    "sponsor_agency",
    "registered_at",
    "activated_at",
    "contact_name",
    "contact_email",
    "contact_phone",
)
LEASE_COLUMNS = (
    "lease_id",
    "tenant_id",
    "unit_id",
    "unit_code",
    "site",
    "area_m2",
    "state",
    "starts_on",
    "ends_on",
    "monthly_rent_idr",
    "signed_at",
    "ended_at",
)
_OVER = {LeaseState.ENDED.value, LeaseState.TERMINATED.value}


async def tenant_rows(uow: TenancyUnitOfWork, where: TenantFilter) -> AsyncIterator[dict[str, Any]]:
    async with uow:
        async for row in streamed_rows(uow.connection, tenants_to_export(where)):
            yield _tenant_row(row)


async def lease_rows(uow: TenancyUnitOfWork, where: LeaseFilter) -> AsyncIterator[dict[str, Any]]:
    async with uow:
        async for row in streamed_rows(uow.connection, leases_to_export(where)):
            yield _lease_row(row)


def _tenant_row(row: sa.RowMapping) -> dict[str, Any]:
    # Whoever may list a tenant sees its contact (as GET /tenants does); erased is never shown.
    erased = row["personal_data_erased_at"] is not None
    return {
        "tenant_id": row["id"],
        "display_name": row["display_name"],
        "kind": row["kind"],
        "status": row["status"],
        "plan_code": row["plan_code"],
        "sponsor_agency": row["sponsor_agency"],
        "registered_at": _wib(row["registered_at"]),
        "activated_at": _wib(row["activated_at"]),
        "contact_name": None if erased else row["contact_name"],
        "contact_email": None if erased else row["contact_email"],
        "contact_phone": None if erased else row["contact_phone"],
    }


def _lease_row(row: sa.RowMapping) -> dict[str, Any]:
    return {
        "lease_id": row["id"],
        "tenant_id": row["tenant_id"],
        "unit_id": row["unit_id"],
        "unit_code": row["unit_code"],
        "site": row["site"],
        "area_m2": round(float(row["area_m2"]), 2),
        "state": row["state"],
        "starts_on": row["starts_on"],
        "ends_on": row["ends_on"],
        "monthly_rent_idr": row["monthly_rent_idr"],
        "signed_at": _wib(row["signed_at"]),
        "ended_at": _end_of(row["ends_on"]) if row["state"] in _OVER else None,
    }


def _wib(moment: datetime | None) -> datetime | None:
    return moment.astimezone(WIB) if moment else None


def _end_of(last_day: date) -> datetime:
    """When a lease that is over stopped holding its unit: the end of its last day (WIB)."""
    return datetime.combine(last_day + timedelta(days=1), time(), WIB)
