"""Lease routes: draft, sign, renew and terminate leases of office units."""

import uuid
from datetime import datetime

from fastapi import APIRouter

from services.tenancy.entrypoints.http.dependencies import Reader, Staff, UoW
from services.tenancy.entrypoints.http.lease_schemas import LeaseIn, LeaseOut, Renewal, Termination
from services.tenancy.entrypoints.http.list_filters import LeaseQuery
from services.tenancy.service_layer import leases
from shared.auth.access import visible_to
from shared.http.idempotency import Create
from shared.http.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, decode_cursor, page_of
from shared.http.problem_docs import problems

router = APIRouter(prefix="/leases", tags=["leases"])
_STATE = problems(
    {404: "No such lease", 409: "Not allowed in the lease's (or tenant's) current state"}
)


@router.post(
    "",
    status_code=201,
    summary="Draft a lease of a unit for a tenant",
    responses=problems(
        {404: "No such tenant or unit", 409: "Not allowed in the tenant's current state"}
    ),
)
async def draft_lease(body: LeaseIn, uow: UoW, caller: Staff, create: Create) -> LeaseOut:
    lease = await leases.draft_lease(
        uow, **body.model_dump(), idempotency_key=create.key, actor=caller.actor
    )
    return create.located(f"/leases/{lease.id}", LeaseOut.model_validate(lease))


@router.get(
    "",
    summary="List leases, oldest first; filter by tenant, unit, state, or ending soon",
    description="`ending_within_days=N`: leases whose last day (`ends_on`) is today (WIB) or "
    "within the N days after; with `state=active`, those about to expire.",
)
async def list_leases(
    uow: UoW, where: LeaseQuery, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Page[LeaseOut]:
    after = decode_cursor(cursor, datetime.fromisoformat, uuid.UUID)
    found = await leases.list_leases(uow, where, after, limit)
    return page_of(
        found, limit, LeaseOut.model_validate, lambda lease: (lease.created_at, lease.id)
    )


@router.get("/{lease_id}", summary="A lease", responses=problems({404: "No such lease"}))
async def get_lease(lease_id: uuid.UUID, uow: UoW, caller: Reader) -> LeaseOut:
    return LeaseOut.model_validate(
        visible_to(caller, await leases.get_lease(uow, lease_id), "lease")
    )


@router.post(
    "/{lease_id}/sign",
    summary="Sign a draft: the lease is active, the unit leased",
    description="Publishes lease.signed and unit.status_changed. 409 `lease-overlap` "
    "when another signed lease holds the unit over any of those days.",
    responses=_STATE,
)
async def sign_lease(lease_id: uuid.UUID, uow: UoW, caller: Staff) -> LeaseOut:
    return LeaseOut.model_validate(await leases.sign_lease(uow, lease_id, actor=caller.actor))


@router.post(
    "/{lease_id}/renew", summary="Extend an active lease to a later end date", responses=_STATE
)
async def renew_lease(lease_id: uuid.UUID, body: Renewal, uow: UoW, caller: Staff) -> LeaseOut:
    return LeaseOut.model_validate(
        await leases.renew_lease(uow, lease_id, **body.model_dump(), actor=caller.actor)
    )


@router.post(
    "/{lease_id}/terminate",
    summary="End an active lease early, on notice",
    description="Publishes lease.terminated. The unit stays leased through `ends_on`, the "
    "lease's last day, and becomes vacant the day after (unit.status_changed); at once when "
    "that day is already past.",
    responses=_STATE,
)
async def terminate_lease(
    lease_id: uuid.UUID, body: Termination, uow: UoW, caller: Staff
) -> LeaseOut:
    return LeaseOut.model_validate(
        await leases.terminate_lease(uow, lease_id, **body.model_dump(), actor=caller.actor)
    )
