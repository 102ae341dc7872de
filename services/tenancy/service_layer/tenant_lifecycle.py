"""Lifecycle use cases after approval: suspension, reinstatement, plan changes, offboarding."""

import uuid
from datetime import UTC, datetime

from contracts.tenancy import OffboardingReason, SuspensionReason
from services.tenancy.domain.tenant import Tenant
from services.tenancy.service_layer import lookups
from services.tenancy.service_layer.auditing import audit_step
from services.tenancy.service_layer.leases import end_lease
from services.tenancy.service_layer.tenants import save_and_commit
from services.tenancy.service_layer.unit_of_work import TenancyUnitOfWork
from shared.domain.errors import referenced


async def suspend_tenant(
    uow: TenancyUnitOfWork, tenant_id: uuid.UUID, *, reason: SuspensionReason, actor: str
) -> Tenant:
    async with uow:
        tenant = await lookups.tenant(uow, tenant_id, for_update=True)
        tenant.suspend(reason, datetime.now(UTC), actor)
        audit_step(uow, tenant)
        return await save_and_commit(uow, tenant)


async def reinstate_tenant(
    uow: TenancyUnitOfWork, tenant_id: uuid.UUID, *, actor: str, note: str | None = None
) -> Tenant:
    async with uow:
        tenant = await lookups.tenant(uow, tenant_id, for_update=True)
        tenant.reinstate(datetime.now(UTC), actor, note)
        audit_step(uow, tenant)
        return await save_and_commit(uow, tenant)


async def change_plan(
    uow: TenancyUnitOfWork, tenant_id: uuid.UUID, *, plan_code: str, actor: str
) -> Tenant:
    async with uow:
        # Plan before tenant, the order a plan edit locks them in, so the two never deadlock.
        with referenced():
            plan = await lookups.plan(uow, plan_code, lock="share")
        tenant = await lookups.tenant(uow, tenant_id, for_update=True)
        previous = tenant.plan_code
        tenant.change_plan(plan.code, plan.entitlements, datetime.now(UTC), actor)
        audit_step(uow, tenant, from_plan=previous, to_plan=plan.code)
        return await save_and_commit(uow, tenant)


async def offboard_tenant(
    uow: TenancyUnitOfWork, tenant_id: uuid.UUID, *, reason: OffboardingReason, actor: str
) -> Tenant:
    """The tenant leaves; its active leases end today and their units are free again."""
    async with uow:
        tenant = await lookups.tenant(uow, tenant_id, for_update=True)
        now = datetime.now(UTC)
        tenant.offboard(reason, now, actor)
        ended = await uow.leases.active_of_tenant(tenant_id)
        audit_step(uow, tenant, leases_ended=[str(lease.id) for lease in ended])
        await uow.tenants.save(tenant)
        for lease in ended:
            await end_lease(uow, lease, now)
        await uow.commit()
    return tenant
