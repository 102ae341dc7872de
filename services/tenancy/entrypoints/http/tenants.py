"""Tenant routes: registration, listing, profile and history."""

import uuid
from datetime import datetime

from fastapi import APIRouter

from services.tenancy.domain.contact import Contact, normalise_phone
from services.tenancy.domain.tax_id import normalise_npwp
from services.tenancy.entrypoints.http.dependencies import Reader, Staff, UoW
from services.tenancy.entrypoints.http.list_filters import TenantQuery
from services.tenancy.entrypoints.http.tenant_schemas import (
    ContactIn,
    TenantOut,
    TenantRegistration,
    TenantUpdate,
    TransitionOut,
)
from services.tenancy.service_layer import tenants
from shared.auth.access import ensure_visible
from shared.http.idempotency import Create
from shared.http.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, decode_cursor, page_of
from shared.http.problem_docs import problems

router = APIRouter(prefix="/tenants", tags=["tenants"])


@router.post(
    "",
    status_code=201,
    summary="Register a tenant (it starts as `applied`)",
    description="Publishes tenant.registered and tenant.plan_changed (the plan's entitlements), "
    "and the contact on the private contacts topic. 422 `unknown-plan`, `invalid-tax-id`, "
    "`invalid-phone-number` or `sponsor-not-allowed` (only communities have a sponsor).",
)
async def register_tenant(
    body: TenantRegistration, uow: UoW, caller: Staff, create: Create
) -> TenantOut:
    tenant = await tenants.register_tenant(
        uow,
        kind=body.kind,
        display_name=body.display_name,
        plan_code=body.plan_code,
        contact=_contact(body.contact),
        tax_id=normalise_npwp(body.tax_id) if body.tax_id is not None else None,
        sponsor_agency=body.sponsor_agency,
        idempotency_key=create.key,
        actor=caller.actor,
    )
    return create.located(f"/tenants/{tenant.id}", TenantOut.model_validate(tenant))


@router.get(
    "",
    summary="List tenants, oldest registration first",
    description="Filter by kind, status, plan, `site` (tenants holding an active lease "
    "there), or `q` (text in the name, the contact's name or e-mail, in any case). Pass "
    "`next_cursor` back as `cursor` for the next page.",
)
async def list_tenants(
    uow: UoW,
    where: TenantQuery,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[TenantOut]:
    after = decode_cursor(cursor, datetime.fromisoformat, uuid.UUID)
    found = await tenants.list_tenants(uow, where, after, limit)
    return page_of(found, limit, TenantOut.model_validate, lambda t: (t.registered_at, t.id))


@router.get(
    "/{tenant_id}",
    summary="A tenant, with its contact person",
    responses=problems({404: "No such tenant"}),
)
async def get_tenant(tenant_id: uuid.UUID, uow: UoW, caller: Reader) -> TenantOut:
    ensure_visible(caller, tenant_id, "tenant")
    return TenantOut.model_validate(await tenants.get_tenant(uow, tenant_id))


@router.patch(
    "/{tenant_id}",
    summary="Update a tenant's name, contact, tax id or sponsor",
    description="Only the fields sent change (send `null` to clear the tax id or sponsor). A "
    "changed name or contact is published on the private contacts topic, a changed sponsor as "
    "tenant.sponsor_changed. 409 once offboarded.",
    responses=problems({404: "No such tenant", 409: "The tenant is offboarded"}),
)
async def update_tenant(
    tenant_id: uuid.UUID,
    body: TenantUpdate,
    uow: UoW,
    caller: Staff,
) -> TenantOut:
    sent = body.model_dump(exclude_unset=True, exclude={"contact"})
    changes = {name: value for name, value in sent.items() if value is not None}
    for optional in ("tax_id", "sponsor_agency"):
        if optional in sent:
            changes[optional] = sent[optional]
    if body.tax_id is not None:
        changes["tax_id"] = normalise_npwp(body.tax_id)
    if body.contact is not None:
        changes["contact"] = _contact(body.contact)
    updated = await tenants.update_profile(uow, tenant_id, changes=changes, actor=caller.actor)
    return TenantOut.model_validate(updated)


@router.get(
    "/{tenant_id}/history",
    summary="Who moved the tenant through its lifecycle, when and why",
    responses=problems({404: "No such tenant"}),
)
async def tenant_history(tenant_id: uuid.UUID, uow: UoW, caller: Reader) -> list[TransitionOut]:
    ensure_visible(caller, tenant_id, "tenant")
    history = await tenants.tenant_history(uow, tenant_id)
    return [TransitionOut.model_validate(step) for step in history]


def _contact(contact: ContactIn) -> Contact:
    phone = normalise_phone(contact.phone) if contact.phone else None
    return Contact(name=contact.name, email=contact.email, phone=phone, language=contact.language)
