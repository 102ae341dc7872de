"""Loads and stores tenant aggregates."""

import uuid
from typing import Any

import sqlalchemy as sa

from contracts.tenancy import Language, TenantKind
from services.tenancy.adapters.tables import tenants
from services.tenancy.domain.contact import Contact
from services.tenancy.domain.tenant import Tenant, TenantStatus
from shared.unit_of_work import SqlRepository


class TenantRepository(SqlRepository):
    async def add(self, tenant: Tenant) -> None:
        await self.connection.execute(tenants.insert().values(**_to_row(tenant)))
        self._track(tenant)

    async def get(self, tenant_id: uuid.UUID, *, for_update: bool = False) -> Tenant | None:
        query = sa.select(tenants).where(tenants.c.id == tenant_id)
        if for_update:
            # Serialises changes to one tenant, so its events enter the outbox in causal order.
            query = query.with_for_update()
        row = (await self.connection.execute(query)).mappings().first()
        if row is None:
            return None
        tenant = _from_row(row)
        self._track(tenant)
        return tenant

    async def save(self, tenant: Tenant) -> None:
        row = _to_row(tenant)
        await self.connection.execute(
            tenants.update().where(tenants.c.id == row.pop("id")).values(**row)
        )


def _to_row(tenant: Tenant) -> dict[str, Any]:
    return {
        "id": tenant.id,
        "kind": tenant.kind.value,
        "display_name": tenant.display_name,
        "plan_code": tenant.plan_code,
        "status": tenant.status.value,
        "contact_name": tenant.contact.name,
        "contact_email": tenant.contact.email,
        "contact_phone": tenant.contact.phone,
        "contact_language": tenant.contact.language.value,
        "registered_at": tenant.registered_at,
        "activated_at": tenant.activated_at,
    }


def _from_row(row: sa.RowMapping) -> Tenant:
    return Tenant(
        id=row["id"],
        kind=TenantKind(row["kind"]),
        display_name=row["display_name"],
        plan_code=row["plan_code"],
        status=TenantStatus(row["status"]),
        contact=Contact(
            name=row["contact_name"],
            email=row["contact_email"],
            phone=row["contact_phone"],
            language=Language(row["contact_language"]),
        ),
        registered_at=row["registered_at"],
        activated_at=row["activated_at"],
    )
