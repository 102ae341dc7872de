"""Occupancy of the office units: for the API and the gauges."""

from datetime import UTC, datetime

from contracts.tenancy import Site
from services.tenancy.adapters import occupancy_queries
from services.tenancy.domain.lease import local_day
from services.tenancy.domain.occupancy import Occupancy, occupancy_by_site, overall
from services.tenancy.service_layer.unit_of_work import TenancyUnitOfWork


async def read_occupancy(
    uow: TenancyUnitOfWork, now: datetime
) -> tuple[dict[Site, Occupancy], Occupancy]:
    """Per site and overall, from one consistent snapshot (an entered unit of work)."""
    connection = uow.connection
    sites = occupancy_by_site(
        await occupancy_queries.unit_figures(connection),
        await occupancy_queries.lessee_kinds(connection, local_day(now)),
    )
    return sites, overall(sites, await occupancy_queries.current_tenants_by_kind(connection))


async def get_occupancy(uow: TenancyUnitOfWork) -> tuple[dict[Site, Occupancy], Occupancy]:
    async with uow:
        return await read_occupancy(uow, datetime.now(UTC))
