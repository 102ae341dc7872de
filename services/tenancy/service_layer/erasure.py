"""Erasing a former tenant's personal data (the right to be forgotten)."""

import uuid
from datetime import UTC, datetime

from services.tenancy.domain.tenant import Tenant
from services.tenancy.service_layer import lookups
from services.tenancy.service_layer.auditing import audit_step
from services.tenancy.service_layer.unit_of_work import TenancyUnitOfWork


async def erase_personal_data(
    uow: TenancyUnitOfWork, tenant_id: uuid.UUID, *, actor: str
) -> Tenant:
    """Blanks the contact in every tenancy table and tombstones it on the contacts topic.

    The audit log keeps every entry about the tenant, with the erased data staff typed into
    them replaced, and gains one for the erasure itself."""
    async with uow:
        tenant = await lookups.tenant(uow, tenant_id, for_update=True)
        contact, name = tenant.contact, tenant.display_name
        tenant.erase_personal_data(datetime.now(UTC), actor)
        audit_step(uow, tenant)
        await uow.tenants.save(tenant)
        traces = [contact.name, contact.email, contact.phone or ""]
        if name != tenant.display_name:
            traces.append(name)
        await uow.tenants.scrub_history(tenant_id, [t for t in traces if t])
        await uow.audit.redact(str(tenant_id), traces)
        await uow.tenants.forget_contact_messages(tenant_id)
        await uow.commit()
    return tenant
