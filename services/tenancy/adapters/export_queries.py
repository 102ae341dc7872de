"""The queries the tenant and lease exports stream: the lists' own filters and order, with the
columns a spreadsheet needs (a lease's unit code and area joined in)."""

import sqlalchemy as sa

from services.tenancy.adapters.lease_repository import LEASE_ORDER, LeaseFilter, matching_leases
from services.tenancy.adapters.tables import leases, tenants, units
from services.tenancy.adapters.tenant_repository import (
    TENANT_ORDER,
    TenantFilter,
    matching_tenants,
)


def tenants_to_export(where: TenantFilter) -> sa.Select:
    return sa.select(tenants).where(*matching_tenants(where)).order_by(*TENANT_ORDER)


def leases_to_export(where: LeaseFilter) -> sa.Select:
    return (
        sa.select(leases, units.c.code.label("unit_code"), units.c.area_m2)
        .join(units, units.c.id == leases.c.unit_id)
        .where(*matching_leases(where))
        .order_by(*LEASE_ORDER)
    )
