"""Exports of the tenant and lease lists: CSV or JSON by ``Accept``, streamed, with the lists'
filters and visibility (a tenant's user gets its own tenant's rows only)."""

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from services.tenancy.entrypoints.http.dependencies import UoW
from services.tenancy.entrypoints.http.list_filters import LeaseQuery, TenantQuery
from services.tenancy.service_layer import exports
from shared.http.tabular_responses import streamed_export, tabular_responses

router = APIRouter(prefix="/exports", tags=["exports"])


@router.get(
    "/tenants",
    summary="Every tenant the list shows, as CSV or JSON",
    description="The filters of GET /tenants. Columns: "
    + ", ".join(f"`{c}`" for c in exports.TENANT_COLUMNS)
    + ". Times in WIB (`+07:00`); the contact columns are empty once the tenant's personal "
    "data is erased.",
    responses=tabular_responses("The tenants, oldest registration first"),
)
async def export_tenants(request: Request, uow: UoW, where: TenantQuery) -> StreamingResponse:
    rows = exports.tenant_rows(uow, where)
    return streamed_export(request, exports.TENANT_COLUMNS, rows, "tenants")


@router.get(
    "/leases",
    summary="Every lease the list shows, as CSV or JSON",
    description="The filters of GET /leases. Columns: "
    + ", ".join(f"`{c}`" for c in exports.LEASE_COLUMNS)
    + ". `ended_at`: for an ended or terminated lease, the end of its last day (WIB).",
    responses=tabular_responses("The leases, oldest first"),
)
async def export_leases(request: Request, uow: UoW, where: LeaseQuery) -> StreamingResponse:
    rows = exports.lease_rows(uow, where)
    return streamed_export(request, exports.LEASE_COLUMNS, rows, "leases")
