"""Loading what a use case acts on, or saying precisely what does not exist.

A missing resource named in the URL is a ``NotFound`` (404 ``<what>-not-found``); one named in a
request body (the plan a tenant registers on, the unit of a lease) is an ``UnknownReference``,
answered 422 ``unknown-<what>``.
"""

import uuid
from typing import TypeVar

from services.tenancy.domain.lease import Lease
from services.tenancy.domain.plan import Plan
from services.tenancy.domain.tenant import Tenant
from services.tenancy.domain.unit import OfficeUnit
from services.tenancy.service_layer.unit_of_work import TenancyUnitOfWork
from shared.domain.errors import NotFound

T = TypeVar("T")


def _found(what: str, ident: object, found: T | None) -> T:
    if found is None:
        raise NotFound(what, ident)
    return found


async def tenant(
    uow: TenancyUnitOfWork, tenant_id: uuid.UUID, *, for_update: bool = False
) -> Tenant:
    return _found("tenant", tenant_id, await uow.tenants.get(tenant_id, for_update=for_update))


async def plan(uow: TenancyUnitOfWork, code: str, *, lock: str | None = None) -> Plan:
    """``lock``: "share" while putting a tenant on the plan, "update" while editing it, so
    no tenant joins a plan with terms an edit is replacing."""
    return _found("plan", code, await uow.plans.get(code, lock=lock))


async def unit(
    uow: TenancyUnitOfWork, unit_id: uuid.UUID, *, for_update: bool = False
) -> OfficeUnit:
    return _found("unit", unit_id, await uow.units.get(unit_id, for_update=for_update))


async def lease(uow: TenancyUnitOfWork, lease_id: uuid.UUID, *, for_update: bool = False) -> Lease:
    return _found("lease", lease_id, await uow.leases.get(lease_id, for_update=for_update))
