"""Tenancy HTTP routes: translate requests into use cases and domain errors into problems."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Response

from services.tenancy.domain.contact import Contact, InvalidPhoneNumber, normalise_phone
from services.tenancy.domain.tenant import IllegalTransition, UnknownPlan
from services.tenancy.entrypoints.http_schemas import TenantOut, TenantRegistration
from services.tenancy.service_layer import tenants
from services.tenancy.service_layer.unit_of_work import TenancyUnitOfWork
from shared.idempotency import IdempotencyKeyHeader
from shared.problems import Problem
from shared.runtime import unit_of_work

router = APIRouter(prefix="/tenants", tags=["tenants"])
UoW = Annotated[TenancyUnitOfWork, Depends(unit_of_work)]


@router.post("", status_code=201, summary="Register a tenant (it starts as `applied`)")
async def register_tenant(
    body: TenantRegistration, uow: UoW, response: Response, key: IdempotencyKeyHeader
) -> TenantOut:
    try:
        phone = normalise_phone(body.contact.phone) if body.contact.phone else None
        contact = Contact(
            name=body.contact.name,
            email=body.contact.email,
            phone=phone,
            language=body.contact.language,
        )
        tenant = await tenants.register_tenant(
            uow,
            kind=body.kind,
            display_name=body.display_name,
            plan_code=body.plan_code,
            contact=contact,
            idempotency_key=key,
        )
    except InvalidPhoneNumber as exc:
        raise Problem(
            422, "invalid-phone-number", "The phone number is not valid", str(exc)
        ) from exc
    except UnknownPlan as exc:
        raise Problem(422, "unknown-plan", "There is no such membership plan", str(exc)) from exc
    response.headers["Location"] = f"/tenants/{tenant.id}"
    return TenantOut.of(tenant)


@router.get("/{tenant_id}", summary="A tenant, with its contact person")
async def get_tenant(tenant_id: uuid.UUID, uow: UoW) -> TenantOut:
    try:
        return TenantOut.of(await tenants.get_tenant(uow, tenant_id))
    except tenants.TenantNotFound as exc:
        raise _not_found(tenant_id) from exc


@router.post("/{tenant_id}/activate", summary="Approve an applied tenant: it may now book")
async def activate_tenant(tenant_id: uuid.UUID, uow: UoW) -> TenantOut:
    try:
        return TenantOut.of(await tenants.activate_tenant(uow, tenant_id))
    except tenants.TenantNotFound as exc:
        raise _not_found(tenant_id) from exc
    except IllegalTransition as exc:
        raise Problem(
            409,
            "illegal-transition",
            "The tenant is not in a state that allows this",
            str(exc),
            action=exc.action,
            current_state=exc.current.value,
        ) from exc


def _not_found(tenant_id: uuid.UUID) -> Problem:
    return Problem(
        404,
        "tenant-not-found",
        "No such tenant",
        f"no tenant {tenant_id}",
        tenant_id=str(tenant_id),
    )
