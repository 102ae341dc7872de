"""Use cases on tenants: each loads, changes and commits within one unit of work."""

import uuid
from datetime import UTC, datetime

from contracts.tenancy import TenantKind
from services.tenancy.domain.contact import Contact
from services.tenancy.domain.tenant import Tenant
from services.tenancy.service_layer.unit_of_work import TenancyUnitOfWork
from shared.idempotency import IdempotencyKey


class TenantNotFound(LookupError):
    pass


async def register_tenant(
    uow: TenancyUnitOfWork,
    *,
    kind: TenantKind,
    display_name: str,
    plan_code: str,
    contact: Contact,
    idempotency_key: IdempotencyKey | None = None,
) -> Tenant:
    async def register() -> Tenant:
        tenant = Tenant.register(
            kind=kind,
            display_name=display_name,
            plan_code=plan_code,
            contact=contact,
            now=datetime.now(UTC),
        )
        await uow.tenants.add(tenant)
        return tenant

    async def load(tenant_id: str) -> Tenant:
        return await _existing(uow, uuid.UUID(tenant_id))

    async with uow:
        tenant = await uow.idempotency.create_once(idempotency_key, register, load, lambda t: t.id)
        await uow.commit()
    return tenant


async def activate_tenant(uow: TenancyUnitOfWork, tenant_id: uuid.UUID) -> Tenant:
    async with uow:
        tenant = await _existing(uow, tenant_id, for_update=True)
        tenant.activate(datetime.now(UTC))
        await uow.tenants.save(tenant)
        await uow.commit()
    return tenant


async def get_tenant(uow: TenancyUnitOfWork, tenant_id: uuid.UUID) -> Tenant:
    async with uow:
        return await _existing(uow, tenant_id)


async def _existing(
    uow: TenancyUnitOfWork, tenant_id: uuid.UUID, *, for_update: bool = False
) -> Tenant:
    tenant = await uow.tenants.get(tenant_id, for_update=for_update)
    if tenant is None:
        raise TenantNotFound(tenant_id)
    return tenant
