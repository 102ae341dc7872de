"""Occupancy of the office units, per site and overall."""

from typing import Annotated

from fastapi import APIRouter, Depends

from services.tenancy.entrypoints.http.occupancy_schemas import OccupancyOut, OccupancyReport
from services.tenancy.service_layer.occupancy import get_occupancy
from services.tenancy.service_layer.unit_of_work import TenancyUnitOfWork
from shared.auth.access import Role, allow
from shared.runtime.process import unit_of_work

router = APIRouter(tags=["occupancy"])
UoW = Annotated[TenancyUnitOfWork, Depends(unit_of_work)]


@router.get(
    "/occupancy",
    summary="Office occupancy per site and overall",
    description="Per site, `tenants_by_kind` counts tenants with a lease holding a unit there "
    "(active, or terminated on notice and not past its last day); "
    "overall it counts all admitted tenants (active or suspended), leasing or not.",
    dependencies=[Depends(allow(Role.manager, Role.integrator))],
)
async def occupancy(uow: UoW) -> OccupancyReport:
    sites, total = await get_occupancy(uow)
    return OccupancyReport(
        overall=OccupancyOut.of(total),
        sites={site: OccupancyOut.of(o) for site, o in sites.items()},
    )
