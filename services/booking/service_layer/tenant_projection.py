"""Keeps booking's view of tenants in step with the tenancy service's events.

Events of one tenant arrive in order (keyed by tenant id) and the inbox drops duplicates; a
replay of an older event is ignored by comparing its occurred_at with what the row reflects.
Suspension and offboarding cancel the tenant's future bookings, each with its own event.
A rebuild (``bitc replay booking tenants``) applies the same writes to the projection but not
those cancellations again: they happened when the events were first handled.
"""

import uuid
from datetime import UTC, datetime

from contracts.booking import CancellationReason
from contracts.tenancy import (
    TenantActivated,
    TenantOffboarded,
    TenantPlanChanged,
    TenantRegistered,
    TenantReinstated,
    TenantSponsorChanged,
    TenantSuspended,
)
from services.booking.domain.tenant_standing import Standing
from services.booking.service_layer import releasing
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from shared.messaging.envelope import Envelope


async def on_tenant_registered(
    event: TenantRegistered, _: Envelope, uow: BookingUnitOfWork
) -> None:
    await uow.tenants.record_registered(
        event.tenant_id, event.kind.value, event.plan_code, event.occurred_at
    )
    await uow.tenants.record_sponsor(event.tenant_id, event.sponsor_agency, event.occurred_at)


async def on_tenant_activated(event: TenantActivated, _: Envelope, uow: BookingUnitOfWork) -> None:
    await uow.tenants.record_activated(
        event.tenant_id, event.kind.value, event.plan_code, event.occurred_at
    )
    await uow.tenants.record_sponsor(event.tenant_id, event.sponsor_agency, event.occurred_at)


async def on_sponsor_changed(
    event: TenantSponsorChanged, _: Envelope, uow: BookingUnitOfWork
) -> None:
    await uow.tenants.record_sponsor(event.tenant_id, event.sponsor_agency, event.occurred_at)


async def on_tenant_reinstated(
    event: TenantReinstated, _: Envelope, uow: BookingUnitOfWork
) -> None:
    await uow.tenants.record_standing(event.tenant_id, Standing.ACTIVE, event.occurred_at)


async def on_tenant_suspended(event: TenantSuspended, _: Envelope, uow: BookingUnitOfWork) -> None:
    await _withdraw(uow, event.tenant_id, Standing.SUSPENDED, event.occurred_at)


async def on_tenant_offboarded(
    event: TenantOffboarded, _: Envelope, uow: BookingUnitOfWork
) -> None:
    await _withdraw(uow, event.tenant_id, Standing.OFFBOARDED, event.occurred_at)


async def on_plan_changed(event: TenantPlanChanged, _: Envelope, uow: BookingUnitOfWork) -> None:
    await uow.tenants.record_entitlements(event.tenant_id, event.entitlements, event.occurred_at)


async def _withdraw(
    uow: BookingUnitOfWork, tenant_id: uuid.UUID, standing: Standing, at: datetime
) -> None:
    if not await uow.tenants.record_standing(tenant_id, standing, at):
        return  # an older event replayed: the tenant has moved on since
    reason = (
        CancellationReason.TENANT_SUSPENDED
        if standing is Standing.SUSPENDED
        else CancellationReason.TENANT_OFFBOARDED
    )
    now = datetime.now(UTC)
    for booking in await uow.bookings.live_of_tenant_starting_after(tenant_id, now):
        await releasing.cancel(uow, booking, reason, now)


HANDLERS = {
    TenantRegistered: on_tenant_registered,
    TenantActivated: on_tenant_activated,
    TenantSuspended: on_tenant_suspended,
    TenantReinstated: on_tenant_reinstated,
    TenantOffboarded: on_tenant_offboarded,
    TenantPlanChanged: on_plan_changed,
    TenantSponsorChanged: on_sponsor_changed,
}


async def standing_only(
    event: TenantSuspended | TenantOffboarded, _: Envelope, uow: BookingUnitOfWork
) -> None:
    """A rebuild's handler of a suspension or offboarding: the standing, not the cancellations."""
    standing = Standing.SUSPENDED if isinstance(event, TenantSuspended) else Standing.OFFBOARDED
    await uow.tenants.record_standing(event.tenant_id, standing, event.occurred_at)


REBUILD_HANDLERS = HANDLERS | {TenantSuspended: standing_only, TenantOffboarded: standing_only}


async def erase(uow: BookingUnitOfWork) -> None:
    await uow.tenants.erase_all()


async def recount_no_shows(uow: BookingUnitOfWork) -> None:
    await uow.tenants.recount_no_shows()
