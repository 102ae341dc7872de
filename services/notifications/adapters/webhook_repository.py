"""Subscriber URLs registered to receive signed copies of tenant messages."""

import uuid
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from services.notifications.adapters.tables import webhook_subscriptions as table
from shared.domain.aggregate import Aggregate
from shared.persistence.unit_of_work import SqlRepository

_ACTIVE = sa.select(table).where(table.c.active)


@dataclass
class WebhookSubscription:
    id: uuid.UUID
    url: str
    secret: str
    #: Empty: every category.
    categories: list[str]
    tenant_id: uuid.UUID | None
    active: bool
    description: str
    created_at: datetime

    def wants(self, category: str, tenant_id: uuid.UUID | None) -> bool:
        return (
            self.active
            and (not self.categories or category in self.categories)
            and (self.tenant_id is None or self.tenant_id == tenant_id)
        )


_COLUMNS = ("id", "url", "secret", "categories", "tenant_id", "active", "description", "created_at")


class WebhookRepository(SqlRepository):
    def __init__(self, connection: AsyncConnection, seen: list[Aggregate]) -> None:
        super().__init__(connection, seen)
        #: The active subscriptions, read once per unit of work: a consumer batch plans a
        #: message per event, and each asks which subscriptions want it.
        self._active: list[WebhookSubscription] | None = None

    async def add(self, sub: WebhookSubscription) -> None:
        self._active = None
        await self.connection.execute(table.insert().values({c: getattr(sub, c) for c in _COLUMNS}))

    async def save(self, sub: WebhookSubscription) -> None:
        self._active = None
        values = {c: getattr(sub, c) for c in _COLUMNS if c != "id"}
        await self.connection.execute(table.update().where(table.c.id == sub.id).values(values))

    async def get(self, sub_id: uuid.UUID) -> WebhookSubscription | None:
        row = (await self.connection.execute(sa.select(table).where(table.c.id == sub_id))).first()
        return _from_row(row._mapping) if row else None

    async def delete(self, sub_id: uuid.UUID) -> bool:
        self._active = None
        deleted = await self.connection.execute(
            table.delete().where(table.c.id == sub_id).returning(table.c.id)
        )
        return deleted.first() is not None

    async def page(
        self, *, limit: int, after: tuple[datetime, uuid.UUID] | None
    ) -> list[WebhookSubscription]:
        query = sa.select(table)
        if after is not None:
            query = query.where(sa.tuple_(table.c.created_at, table.c.id) > sa.tuple_(*after))
        query = query.order_by(table.c.created_at, table.c.id).limit(limit)
        return [_from_row(r) for r in (await self.connection.execute(query)).mappings()]

    async def matching(
        self, category: str, tenant_id: uuid.UUID | None
    ) -> list[WebhookSubscription]:
        if self._active is None:
            rows = await self.connection.execute(_ACTIVE)
            self._active = [_from_row(row) for row in rows.mappings()]
        return [s for s in self._active if s.wants(category, tenant_id)]


def _from_row(row: sa.RowMapping) -> WebhookSubscription:
    return WebhookSubscription(**{c: row[c] for c in _COLUMNS})
