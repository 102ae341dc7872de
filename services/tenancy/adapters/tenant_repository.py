"""Loads and stores tenant aggregates, with the transitions each change adds to its history."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from contracts.tenancy import Site, TenantKind
from contracts.topics import TENANCY_CONTACTS
from services.tenancy.adapters.tables import leases, outbox, tenant_history, tenants
from services.tenancy.adapters.tenant_rows import from_row, to_row
from services.tenancy.domain.tenant import Tenant
from services.tenancy.domain.tenant_status import TenantStatus, Transition
from shared.persistence.unit_of_work import SqlRepository


@dataclass(frozen=True)
class TenantFilter:
    kind: TenantKind | None = None
    status: TenantStatus | None = None
    #: Tenants holding an active lease at this site.
    site: Site | None = None
    plan_code: str | None = None
    #: Text the name, the contact's name or the contact's e-mail holds (any case).
    text: str | None = None
    #: Only this tenant: what a tenant's own user may list.
    tenant_id: uuid.UUID | None = None


#: The order tenants are listed and exported in: oldest registration first.
TENANT_ORDER = (tenants.c.registered_at, tenants.c.id)


def matching_tenants(where: TenantFilter) -> list[sa.ColumnElement[bool]]:
    """The conditions on the tenants table that ``where`` asks for (the list and the export)."""
    conditions = []
    if where.tenant_id:
        conditions.append(tenants.c.id == where.tenant_id)
    if where.kind:
        conditions.append(tenants.c.kind == where.kind.value)
    if where.status:
        conditions.append(tenants.c.status == where.status.value)
    if where.plan_code:
        conditions.append(tenants.c.plan_code == where.plan_code)
    if where.text:
        searched = (tenants.c.display_name, tenants.c.contact_name, tenants.c.contact_email)
        conditions.append(
            sa.or_(*(column.icontains(where.text, autoescape=True) for column in searched))
        )
    if where.site:
        leasing = sa.select(leases.c.id).where(
            leases.c.tenant_id == tenants.c.id,
            leases.c.site == where.site.value,
            leases.c.state == "active",
        )
        conditions.append(sa.exists(leasing))
    return conditions


class TenantRepository(SqlRepository):
    async def add(self, tenant: Tenant) -> None:
        await self.connection.execute(tenants.insert().values(**to_row(tenant)))
        await self._write_history(tenant)
        self._track(tenant)

    async def get(self, tenant_id: uuid.UUID, *, for_update: bool = False) -> Tenant | None:
        query = sa.select(tenants).where(tenants.c.id == tenant_id)
        if for_update:
            # Serialises changes to one tenant, so its events enter the outbox in causal order.
            query = query.with_for_update()
        row = await self._first(query)
        return self._loaded(row) if row else None

    async def save(self, tenant: Tenant) -> None:
        row = to_row(tenant)
        await self.connection.execute(
            tenants.update().where(tenants.c.id == row.pop("id")).values(**row)
        )
        await self._write_history(tenant)

    async def find(
        self,
        where: TenantFilter,
        *,
        after: tuple[datetime, uuid.UUID] | None,
        limit: int,
        for_update: bool = False,
    ) -> list[Tenant]:
        query = (
            sa.select(tenants).where(*matching_tenants(where)).order_by(*TENANT_ORDER).limit(limit)
        )
        if after is not None:
            query = query.where(
                sa.tuple_(tenants.c.registered_at, tenants.c.id) > sa.tuple_(*after)
            )
        if for_update:
            query = query.with_for_update()
        return [self._loaded(row) for row in (await self.connection.execute(query)).mappings()]

    async def history(self, tenant_id: uuid.UUID) -> list[Transition]:
        query = sa.select(tenant_history).where(tenant_history.c.tenant_id == tenant_id)
        rows = (await self.connection.execute(query.order_by(tenant_history.c.id))).mappings()
        return [
            Transition(
                action=row["action"],
                from_status=TenantStatus(row["from_status"]) if row["from_status"] else None,
                to_status=TenantStatus(row["to_status"]),
                actor=row["actor"],
                reason=row["reason"],
                at=row["occurred_at"],
            )
            for row in rows
        ]

    async def scrub_history(self, tenant_id: uuid.UUID, scrub: Callable[[str], str]) -> None:
        """Rewrites the actor and reason staff typed into the history through ``scrub``."""
        t = tenant_history
        rows = await self.connection.execute(
            sa.select(t.c.id, t.c.actor, t.c.reason).where(t.c.tenant_id == tenant_id)
        )
        for row_id, actor, reason in rows.all():
            scrubbed = {"actor": scrub(actor), "reason": scrub(reason) if reason else reason}
            if (scrubbed["actor"], scrubbed["reason"]) != (actor, reason):
                await self.connection.execute(t.update().where(t.c.id == row_id).values(**scrubbed))

    async def forget_contact_messages(self, tenant_id: uuid.UUID) -> None:
        """Deletes the tenant's contact records from the outbox: published ones are on Kafka
        (where the tombstone erases them), unpublished ones are superseded by it."""
        await self.connection.execute(
            outbox.delete().where(
                outbox.c.topic == TENANCY_CONTACTS,
                outbox.c.aggregate_id == str(tenant_id),
                outbox.c.tombstone.is_(False),
            )
        )

    def _loaded(self, row: sa.RowMapping) -> Tenant:
        tenant = from_row(row)
        self._track(tenant)
        return tenant

    async def _write_history(self, tenant: Tenant) -> None:
        rows = [
            {
                "tenant_id": tenant.id,
                "action": step.action,
                "from_status": step.from_status.value if step.from_status else None,
                "to_status": step.to_status.value,
                "actor": step.actor,
                "reason": step.reason,
                "occurred_at": step.at,
            }
            for step in tenant.history
        ]
        if rows:
            await self.connection.execute(tenant_history.insert(), rows)
        tenant.history.clear()
