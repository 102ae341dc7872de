"""Use cases on leases: drafting, signing, renewing, terminating, and ending (also used by
offboarding and the daily lease calendar).

A unit is leased while a lease holds it (Lease.holds_unit_on): terminating on notice keeps it
leased through the lease's last day, and the lease calendar frees it the day after."""

import uuid
from datetime import UTC, date, datetime

from services.tenancy.adapters.lease_repository import LeaseFilter
from services.tenancy.domain.errors import StateConflict
from services.tenancy.domain.lease import Lease, local_day
from services.tenancy.domain.tenant_status import TenantStatus
from services.tenancy.service_layer import lookups
from services.tenancy.service_layer.unit_of_work import TenancyUnitOfWork
from shared.domain.errors import referenced
from shared.http.idempotency import IdempotencyKey


async def draft_lease(
    uow: TenancyUnitOfWork,
    *,
    tenant_id: uuid.UUID,
    unit_id: uuid.UUID,
    starts_on: date,
    ends_on: date,
    monthly_rent_idr: int | None,
    deposit_idr: int,
    idempotency_key: IdempotencyKey | None = None,
    actor: str,
) -> Lease:
    """A proposed lease; the rent defaults to the unit's monthly rate. Staff proposing terms
    is audited: the signing that makes them binding is audited on its own."""

    async def draft() -> Lease:
        with referenced():
            tenant = await lookups.tenant(uow, tenant_id)
            unit = await lookups.unit(uow, unit_id)
        if tenant.status is TenantStatus.OFFBOARDED:
            raise StateConflict("tenant", "lease a unit to", tenant.status)
        lease = Lease.draft(
            tenant_id=tenant_id,
            unit_id=unit_id,
            site=unit.site,
            starts_on=starts_on,
            ends_on=ends_on,
            monthly_rent_idr=unit.monthly_rate_idr
            if monthly_rent_idr is None
            else monthly_rent_idr,
            deposit_idr=deposit_idr,
            now=datetime.now(UTC),
        )
        await uow.leases.add(lease)
        uow.audit.record(
            actor, "lease.draft", lease.id, deposit_idr=lease.deposit_idr, **lease_terms(lease)
        )
        return lease

    return await uow.create_once(idempotency_key, draft, lookups.lease)


async def sign_lease(uow: TenancyUnitOfWork, lease_id: uuid.UUID, *, actor: str) -> Lease:
    """Activates a draft for an active tenant; LeaseOverlap when the unit is taken then."""
    async with uow:
        # Lock order tenant → lease → unit everywhere, so signing and offboarding never deadlock.
        tenant_id = (await lookups.lease(uow, lease_id)).tenant_id
        tenant = await lookups.tenant(uow, tenant_id, for_update=True)
        if tenant.status is not TenantStatus.ACTIVE:
            raise StateConflict("tenant", "sign a lease for", tenant.status)
        lease = await lookups.lease(uow, lease_id, for_update=True)
        unit = await lookups.unit(uow, lease.unit_id, for_update=True)
        now = datetime.now(UTC)
        lease.sign(now)
        await uow.leases.save(lease)
        unit.lease_out(now)
        await uow.units.save(unit)
        uow.audit.record(actor, "lease.sign", lease.id, **lease_terms(lease))
        await uow.commit()
    return lease


async def renew_lease(
    uow: TenancyUnitOfWork,
    lease_id: uuid.UUID,
    *,
    ends_on: date,
    monthly_rent_idr: int | None,
    actor: str,
) -> Lease:
    async with uow:
        lease = await lookups.lease(uow, lease_id, for_update=True)
        lease.renew(ends_on, monthly_rent_idr, datetime.now(UTC))
        await uow.leases.save(lease)
        uow.audit.record(actor, "lease.renew", lease.id, **lease_terms(lease))
        await uow.commit()
    return lease


async def terminate_lease(
    uow: TenancyUnitOfWork,
    lease_id: uuid.UUID,
    *,
    notice_given_on: date,
    ends_on: date,
    actor: str,
) -> Lease:
    async with uow:
        lease = await lookups.lease(uow, lease_id, for_update=True)
        now = datetime.now(UTC)
        lease.terminate(notice_given_on, ends_on, now)
        await uow.leases.save(lease)
        if not lease.holds_unit_on(local_day(now)):
            await free_unit(uow, lease.unit_id, now)
        uow.audit.record(
            actor,
            "lease.terminate",
            lease.id,
            notice_given_on=notice_given_on,
            **lease_terms(lease),
        )
        await uow.commit()
    return lease


async def end_lease(
    uow: TenancyUnitOfWork, lease: Lease, now: datetime, on: date | None = None
) -> None:
    """Ends a (locked) active lease on ``on`` (default: today in WIB) and frees its unit."""
    lease.end(on or local_day(now), now)
    await uow.leases.save(lease)
    await free_unit(uow, lease.unit_id, now)


async def get_lease(uow: TenancyUnitOfWork, lease_id: uuid.UUID) -> Lease:
    async with uow:
        return await lookups.lease(uow, lease_id)


async def list_leases(
    uow: TenancyUnitOfWork, where: LeaseFilter, after: tuple[datetime, uuid.UUID] | None, limit: int
) -> list[Lease]:
    async with uow:
        return await uow.leases.find(where, after=after, limit=limit)


def lease_terms(lease: Lease) -> dict[str, object]:
    """What the audit log keeps of a lease: ids, dates and rent."""
    return {
        "tenant_id": lease.tenant_id,
        "unit_id": lease.unit_id,
        "starts_on": lease.starts_on,
        "ends_on": lease.ends_on,
        "monthly_rent_idr": lease.monthly_rent_idr,
    }


async def free_unit(uow: TenancyUnitOfWork, unit_id: uuid.UUID, now: datetime) -> None:
    """Vacant again unless a lease still holds the unit today. Asked once the unit is locked,
    so a lease signed meanwhile is seen and keeps it leased."""
    unit = await lookups.unit(uow, unit_id, for_update=True)
    if not await uow.leases.unit_held_on(unit.id, local_day(now)):
        unit.free(now)
        await uow.units.save(unit)
