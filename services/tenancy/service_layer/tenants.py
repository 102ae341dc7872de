"""Use cases on tenants: each loads, changes and commits within one unit of work."""

import uuid
from datetime import UTC, datetime

from contracts.tenancy import TenantKind
from services.tenancy.domain.contact import Contact
from services.tenancy.domain.tenant import Tenant
from services.tenancy.service_layer.unit_of_work import TenancyUnitOfWork


class TenantNotFound(LookupError):
    pass


async def register_tenant(
    uow: TenancyUnitOfWork, *, kind: TenantKind, display_name: str, plan_code: str, contact: Contact
) -> Tenant:
    async with uow:
        tenant = Tenant.register(
            kind=kind,
            display_name=display_name,
            plan_code=plan_code,
            contact=contact,
            now=datetime.now(UTC),
        )
        await uow.tenants.add(tenant)
        await uow.commit()
    return tenant


async def activate_tenant(uow: TenancyUnitOfWork, tenant_id: uuid.UUID) -> Tenant:
    async with uow:
        tenant = await uow.tenants.get(tenant_id, for_update=True)
        if tenant is None:
            raise TenantNotFound(tenant_id)
        tenant.activate(datetime.now(UTC))
        await uow.tenants.save(tenant)
        await uow.commit()
    return tenant


async def get_tenant(uow: TenancyUnitOfWork, tenant_id: uuid.UUID) -> Tenant:
    async with uow:
        tenant = await uow.tenants.get(tenant_id)
    if tenant is None:
        raise TenantNotFound(tenant_id)
    return tenant
