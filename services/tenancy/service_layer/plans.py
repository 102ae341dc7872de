"""Use cases on membership plans. Editing a plan's terms tells every tenant on it."""

from datetime import UTC, datetime

from services.tenancy.adapters.tenant_repository import TenantFilter
from services.tenancy.domain.plan import Plan
from services.tenancy.domain.tenant_status import TenantStatus
from services.tenancy.service_layer import lookups
from services.tenancy.service_layer.unit_of_work import TenancyUnitOfWork
from shared.domain.errors import Conflict
from shared.http.idempotency import IdempotencyKey

_BATCH = 500


class PlanCodeTaken(Conflict):
    slug = "plan-code-taken"

    def __init__(self, code: str) -> None:
        super().__init__(f"a plan {code!r} already exists")


async def create_plan(
    uow: TenancyUnitOfWork,
    plan: Plan,
    idempotency_key: IdempotencyKey | None = None,
    *,
    actor: str,
) -> Plan:
    async def create() -> Plan:
        if not await uow.plans.add(plan):
            raise PlanCodeTaken(plan.code)
        uow.audit.record(actor, "plan.create", plan.code, monthly_fee_idr=plan.monthly_fee_idr)
        return plan

    async def load(code: str) -> Plan:
        return await lookups.plan(uow, code)

    async with uow:
        created = await uow.idempotency.create_once(idempotency_key, create, load, lambda p: p.code)
        await uow.commit()
    return created


async def edit_plan(
    uow: TenancyUnitOfWork, code: str, changes: dict[str, object], *, actor: str
) -> Plan:
    """Applies ``changes``; when the terms changed, each current tenant on the plan gets a
    tenant.plan_changed with the new entitlements, in the same transaction."""
    async with uow:
        before = await lookups.plan(uow, code, lock="update")
        now = datetime.now(UTC)
        after = before.edited(now, **changes)
        await uow.plans.save(after)
        told = 0
        if after.terms_differ(before):
            cursor = None
            while True:
                batch = await uow.tenants.find(
                    TenantFilter(plan_code=code), after=cursor, limit=_BATCH, for_update=True
                )
                for tenant in batch:
                    if tenant.status is not TenantStatus.OFFBOARDED:
                        tenant.apply_plan_terms(after.entitlements, now)
                        told += 1
                if len(batch) < _BATCH:
                    break
                cursor = (batch[-1].registered_at, batch[-1].id)
        uow.audit.record(actor, "plan.edit", code, fields=sorted(changes), tenants_told=told)
        await uow.commit()
    return after


async def get_plan(uow: TenancyUnitOfWork, code: str) -> Plan:
    async with uow:
        return await lookups.plan(uow, code)


async def list_plans(uow: TenancyUnitOfWork, after: str | None, limit: int) -> list[Plan]:
    async with uow:
        return await uow.plans.find(after=after, limit=limit)
