"""Use cases on tenants: each loads, changes and commits within one unit of work."""

import uuid
from datetime import UTC, datetime
from typing import Any

from contracts.tenancy import TenantKind
from services.tenancy.adapters.tenant_repository import TenantFilter
from services.tenancy.domain.contact import Contact
from services.tenancy.domain.tenant import Tenant
from services.tenancy.domain.tenant_status import Transition
from services.tenancy.service_layer import lookups
from services.tenancy.service_layer.auditing import audit_step
from services.tenancy.service_layer.unit_of_work import TenancyUnitOfWork
from shared.domain.errors import referenced
from shared.http.idempotency import IdempotencyKey


async def register_tenant(
    uow: TenancyUnitOfWork,
    *,
    kind: TenantKind,
    display_name: str,
    plan_code: str,
    contact: Contact,
    tax_id: str | None = None,
    sponsor_agency: str | None = None,
    idempotency_key: IdempotencyKey | None = None,
    actor: str,
) -> Tenant:
    """A new tenant, applied; staff's registering it is in its history and the audit log
    (kind and plan only: the name and contact are personal data)."""

    async def register() -> Tenant:
        with referenced():
            plan = await lookups.plan(uow, plan_code, lock="share")
        tenant = Tenant.register(
            kind=kind,
            display_name=display_name,
            plan_code=plan.code,
            entitlements=plan.entitlements,
            contact=contact,
            tax_id=tax_id,
            sponsor_agency=sponsor_agency,
            now=datetime.now(UTC),
            actor=actor,
        )
        audit_step(uow, tenant, kind=kind, plan_code=plan.code)
        await uow.tenants.add(tenant)
        return tenant

    return await uow.create_once(idempotency_key, register, lookups.tenant)


async def get_tenant(uow: TenancyUnitOfWork, tenant_id: uuid.UUID) -> Tenant:
    async with uow:
        return await lookups.tenant(uow, tenant_id)


async def list_tenants(
    uow: TenancyUnitOfWork,
    where: TenantFilter,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> list[Tenant]:
    async with uow:
        return await uow.tenants.find(where, after=after, limit=limit)


async def tenant_history(uow: TenancyUnitOfWork, tenant_id: uuid.UUID) -> list[Transition]:
    async with uow:
        await lookups.tenant(uow, tenant_id)
        return await uow.tenants.history(tenant_id)


async def activate_tenant(
    uow: TenancyUnitOfWork, tenant_id: uuid.UUID, *, actor: str = "staff", note: str | None = None
) -> Tenant:
    async with uow:
        tenant = await lookups.tenant(uow, tenant_id, for_update=True)
        plan = await lookups.plan(uow, tenant.plan_code)
        tenant.activate(datetime.now(UTC), actor, note, plan_title=plan.name)
        audit_step(uow, tenant)
        return await save_and_commit(uow, tenant)


async def update_profile(
    uow: TenancyUnitOfWork, tenant_id: uuid.UUID, *, changes: dict[str, Any], actor: str
) -> Tenant:
    """``changes`` holds only what the caller sent of display_name, contact, tax_id and
    sponsor_agency; the rest stays as it is."""
    async with uow:
        tenant = await lookups.tenant(uow, tenant_id, for_update=True)
        current = {
            "display_name": tenant.display_name,
            "contact": tenant.contact,
            "tax_id": tenant.tax_id,
            "sponsor_agency": tenant.sponsor_agency,
        }
        tenant.update_profile(**(current | changes), now=datetime.now(UTC), actor=actor)
        audit_step(uow, tenant, fields=sorted(changes))
        return await save_and_commit(uow, tenant)


async def save_and_commit(uow: TenancyUnitOfWork, tenant: Tenant) -> Tenant:
    await uow.tenants.save(tenant)
    await uow.commit()
    return tenant
