"""Loading what a use case acts on, or saying precisely what does not exist.

A missing resource named in the URL is a 404; one named in a request body (the plan a tenant
registers on, the unit of a lease) is an ``UnknownReference``, answered 422 ``unknown-<what>``.
"""

import contextlib
import uuid
from collections.abc import Iterator

from services.tenancy.domain.errors import DomainRuleBroken
from services.tenancy.domain.lease import Lease
from services.tenancy.domain.plan import Plan
from services.tenancy.domain.tenant import Tenant
from services.tenancy.domain.unit import OfficeUnit
from services.tenancy.service_layer.unit_of_work import TenancyUnitOfWork


class NotFound(LookupError):
    def __init__(self, what: str, ident: object) -> None:
        super().__init__(f"no {what} {ident}")
        self.what = what
        self.ident = str(ident)


class UnknownReference(DomainRuleBroken):
    def __init__(self, missing: NotFound) -> None:
        super().__init__(str(missing))
        self.slug = f"unknown-{missing.what}"


@contextlib.contextmanager
def referenced() -> Iterator[None]:
    """Around lookups of what the request body names."""
    try:
        yield
    except NotFound as exc:
        raise UnknownReference(exc) from exc


async def tenant(
    uow: TenancyUnitOfWork, tenant_id: uuid.UUID, *, for_update: bool = False
) -> Tenant:
    found = await uow.tenants.get(tenant_id, for_update=for_update)
    if found is None:
        raise NotFound("tenant", tenant_id)
    return found


async def plan(uow: TenancyUnitOfWork, code: str, *, lock: str | None = None) -> Plan:
    """``lock``: "share" while putting a tenant on the plan, "update" while editing it, so
    no tenant joins a plan with terms an edit is replacing."""
    found = await uow.plans.get(code, lock=lock)
    if found is None:
        raise NotFound("plan", code)
    return found


async def unit(
    uow: TenancyUnitOfWork, unit_id: uuid.UUID, *, for_update: bool = False
) -> OfficeUnit:
    found = await uow.units.get(unit_id, for_update=for_update)
    if found is None:
        raise NotFound("unit", unit_id)
    return found


async def lease(uow: TenancyUnitOfWork, lease_id: uuid.UUID, *, for_update: bool = False) -> Lease:
    found = await uow.leases.get(lease_id, for_update=for_update)
    if found is None:
        raise NotFound("lease", lease_id)
    return found
