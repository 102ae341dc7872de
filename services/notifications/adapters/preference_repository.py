"""Recipients' preferences; a tenant without a row has the defaults."""

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.notifications import Channel
from services.notifications.adapters.tables import preferences as table
from services.notifications.domain.categories import Category
from services.notifications.domain.preferences import Preferences
from services.notifications.domain.quiet_hours import QuietHours
from shared.domain.aggregate import Aggregate
from shared.persistence.asyncpg_statements import AsyncpgStatement
from shared.persistence.unit_of_work import SqlRepository

# Built once, run on the driver: read for every message planned.
_OF_TENANT = AsyncpgStatement(
    sa.select(table).where(table.c.tenant_id == sa.bindparam("tenant_id"))
)


class PreferenceRepository(SqlRepository):
    def __init__(self, connection: AsyncConnection, seen: list[Aggregate]) -> None:
        super().__init__(connection, seen)
        # Read once per unit of work: a consumer's batch plans many messages for one tenant.
        self._read: dict[uuid.UUID, Preferences] = {}

    async def get(self, tenant_id: uuid.UUID) -> Preferences:
        if tenant_id not in self._read:
            self._read[tenant_id] = await self._load(tenant_id)
        return self._read[tenant_id]

    async def _load(self, tenant_id: uuid.UUID) -> Preferences:
        r = await _OF_TENANT.fetchrow(self.driver, tenant_id=tenant_id)
        if r is None:
            return Preferences(tenant_id)
        quiet = None
        if r["quiet_hours_start"] is not None and r["quiet_hours_end"] is not None:
            quiet = QuietHours(r["quiet_hours_start"], r["quiet_hours_end"])
        return Preferences(
            tenant_id,
            channels={
                Category(c): tuple(Channel(x) for x in chosen)
                for c, chosen in r["channels"].items()
            },
            opted_out=frozenset(Category(c) for c in r["opted_out"]),
            quiet_hours=quiet,
        )

    async def put(self, prefs: Preferences, now: datetime) -> None:
        values = {
            "channels": {
                c.value: [x.value for x in chosen] for c, chosen in prefs.channels.items()
            },
            "opted_out": sorted(c.value for c in prefs.opted_out),
            "quiet_hours_start": prefs.quiet_hours.start if prefs.quiet_hours else None,
            "quiet_hours_end": prefs.quiet_hours.end if prefs.quiet_hours else None,
            "updated_at": now,
        }
        await self._upsert(table, {"tenant_id": prefs.tenant_id}, values)
        self._read.pop(prefs.tenant_id, None)

    async def reset(self, tenant_id: uuid.UUID) -> None:
        await self.connection.execute(table.delete().where(table.c.tenant_id == tenant_id))
        self._read.pop(tenant_id, None)
