"""Keeps booking's view of tenants in step with the tenancy service's events."""

from contracts.tenancy import TenantActivated, TenantRegistered
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from shared.envelope import Envelope


async def on_tenant_registered(
    event: TenantRegistered, _: Envelope, uow: BookingUnitOfWork
) -> None:
    await uow.tenants.record_registered(
        event.tenant_id, event.kind.value, event.plan_code, event.occurred_at
    )


async def on_tenant_activated(event: TenantActivated, _: Envelope, uow: BookingUnitOfWork) -> None:
    await uow.tenants.record_activated(
        event.tenant_id, event.kind.value, event.plan_code, event.occurred_at
    )
