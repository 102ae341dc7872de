"""Occupancy of the office units, per site and overall."""

from fastapi import APIRouter, Depends

from services.tenancy.entrypoints.http.dependencies import UoW
from services.tenancy.entrypoints.http.occupancy_schemas import OccupancyOut, OccupancyReport
from services.tenancy.service_layer.occupancy import get_occupancy
from shared.auth.access import Role, allow

router = APIRouter(tags=["occupancy"])


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
