"""Tenant lifecycle actions, each an explicit POST that records who did it, when and why.

An action the tenant's current state does not allow is a 409 `illegal-transition` naming
`current_state`. Only staff act; the history records the signed-in user as the actor.
"""

import uuid
from typing import Annotated

from fastapi import APIRouter, Body

from services.tenancy.entrypoints.http.dependencies import Staff, UoW
from services.tenancy.entrypoints.http.tenant_schemas import (
    Activation,
    Offboarding,
    PlanChange,
    Reinstatement,
    Suspension,
    TenantOut,
)
from services.tenancy.service_layer import erasure, tenant_lifecycle, tenants
from shared.http.problem_docs import problems

router = APIRouter(prefix="/tenants/{tenant_id}", tags=["tenant lifecycle"])
_ILLEGAL = problems(
    {404: "No such tenant", 409: "Not allowed in the tenant's current state (named in it)"}
)


@router.post(
    "/activate",
    summary="Approve an applied tenant: it may now book",
    description="Publishes tenant.activated. The body (a note) is optional.",
    responses=_ILLEGAL,
)
async def activate_tenant(
    tenant_id: uuid.UUID,
    uow: UoW,
    caller: Staff,
    body: Annotated[Activation | None, Body()] = None,
) -> TenantOut:
    body = body or Activation()
    tenant = await tenants.activate_tenant(uow, tenant_id, actor=caller.actor, note=body.note)
    return TenantOut.model_validate(tenant)


@router.post(
    "/suspend",
    summary="Suspend an active tenant: it may not book until reinstated",
    description="Publishes tenant.suspended with the reason.",
    responses=_ILLEGAL,
)
async def suspend_tenant(
    tenant_id: uuid.UUID, body: Suspension, uow: UoW, caller: Staff
) -> TenantOut:
    return TenantOut.model_validate(
        await tenant_lifecycle.suspend_tenant(
            uow, tenant_id, reason=body.reason, actor=caller.actor
        )
    )


@router.post(
    "/reinstate",
    summary="Make a suspended tenant active again",
    description="Publishes tenant.reinstated.",
    responses=_ILLEGAL,
)
async def reinstate_tenant(
    tenant_id: uuid.UUID, body: Reinstatement, uow: UoW, caller: Staff
) -> TenantOut:
    return TenantOut.model_validate(
        await tenant_lifecycle.reinstate_tenant(uow, tenant_id, actor=caller.actor, note=body.note)
    )


@router.post(
    "/change-plan",
    summary="Move the tenant to another membership plan",
    description="Publishes tenant.plan_changed with the new plan's entitlements.",
    responses=_ILLEGAL,
)
async def change_plan(tenant_id: uuid.UUID, body: PlanChange, uow: UoW, caller: Staff) -> TenantOut:
    return TenantOut.model_validate(
        await tenant_lifecycle.change_plan(
            uow, tenant_id, plan_code=body.plan_code, actor=caller.actor
        )
    )


@router.post(
    "/offboard",
    summary="The tenant leaves BITC (graduated, terminated or left)",
    description="Publishes tenant.offboarded; the tenant's active leases end today "
    "(lease.ended) and their units become vacant (unit.status_changed).",
    responses=_ILLEGAL,
)
async def offboard_tenant(
    tenant_id: uuid.UUID, body: Offboarding, uow: UoW, caller: Staff
) -> TenantOut:
    return TenantOut.model_validate(
        await tenant_lifecycle.offboard_tenant(
            uow, tenant_id, reason=body.reason, actor=caller.actor
        )
    )


@router.post(
    "/erase-personal-data",
    summary="Erase an offboarded tenant's personal data",
    description="Blanks the contact's name, e-mail and phone (and an individual's name) and "
    "publishes a tombstone on the private contacts topic. The history keeps who, when and why.",
    responses=_ILLEGAL,
)
async def erase_personal_data(tenant_id: uuid.UUID, uow: UoW, caller: Staff) -> TenantOut:
    return TenantOut.model_validate(
        await erasure.erase_personal_data(uow, tenant_id, actor=caller.actor)
    )
