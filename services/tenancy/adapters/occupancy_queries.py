"""The figures occupancy is computed from, read straight from the tables (a read model)."""

from datetime import date

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.tenancy import Site, TenantKind, UnitStatus
from services.tenancy.adapters.lease_repository import holds_its_unit_on
from services.tenancy.adapters.tables import leases, tenants, units
from services.tenancy.domain.occupancy import UnitFigure


async def unit_figures(connection: AsyncConnection) -> list[UnitFigure]:
    rows = await connection.execute(sa.select(units.c.site, units.c.area_m2, units.c.status))
    return [UnitFigure(Site(site), float(area), UnitStatus(status)) for site, area, status in rows]


async def lessee_kinds(connection: AsyncConnection, day: date) -> list[tuple[Site, TenantKind]]:
    """One (site, kind) per tenant whose lease holds a unit at the site on ``day``."""
    query = (
        sa.select(leases.c.site, tenants.c.kind)
        .ext(distinct_on(leases.c.site, leases.c.tenant_id))
        .join(tenants, tenants.c.id == leases.c.tenant_id)
        .where(holds_its_unit_on(day))
    )
    return [(Site(site), TenantKind(kind)) for site, kind in await connection.execute(query)]


async def current_tenants_by_kind(connection: AsyncConnection) -> dict[TenantKind, int]:
    """Tenants admitted and not gone (active or suspended), by kind."""
    query = (
        sa.select(tenants.c.kind, sa.func.count())
        .where(tenants.c.status.in_(["active", "suspended"]))
        .group_by(tenants.c.kind)
    )
    return {TenantKind(kind): count for kind, count in await connection.execute(query)}
