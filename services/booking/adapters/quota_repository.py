"""Quota accounts: minutes used per tenant, space type and Jakarta month, one row each."""

import uuid

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert

from contracts.booking import SpaceType
from services.booking.adapters.tables import quota_usage
from services.booking.domain.quota import QuotaAccount
from shared.persistence.asyncpg_statements import AsyncpgStatement
from shared.persistence.unit_of_work import SqlRepository

_q = quota_usage
_KEY = (_q.c.tenant_id, _q.c.space_type, _q.c.month)

# Built once, run on the driver: both run on every confirmed booking.
# The month's row is created if this is its first booking, and either way locked: ON CONFLICT
# DO UPDATE locks the row it meets (waiting for a concurrent booking holding it) and returns the
# committed total.
_CREATE_OR_LOCK = AsyncpgStatement(
    pg_insert(_q)
    .values({column.name: sa.bindparam(column.name) for column in _KEY})
    .on_conflict_do_update(index_elements=_KEY, set_={"used_minutes": _q.c.used_minutes})
    .returning(_q.c.used_minutes)
)
_SAVE = AsyncpgStatement(
    _q.update()
    .where(*(column == sa.bindparam(f"key_{column.name}") for column in _KEY))
    .values(used_minutes=sa.bindparam("used_minutes"))
)


class QuotaRepository(SqlRepository):
    async def lock(
        self, tenant_id: uuid.UUID, space_type: SpaceType, month: str, quota_hours: int | None
    ) -> QuotaAccount:
        """The account, its row locked until commit: concurrent bookings of the tenant queue
        here, so the check and the spending of the last hours are one step."""
        used = await _CREATE_OR_LOCK.fetchval(
            self.driver, tenant_id=tenant_id, space_type=space_type.value, month=month
        )
        account = QuotaAccount(
            tenant_id=tenant_id,
            space_type=space_type,
            month=month,
            used_minutes=used or 0,
            quota_hours=quota_hours,
        )
        self._track(account)
        return account

    async def save(self, account: QuotaAccount) -> None:
        await _SAVE.execute(
            self.driver,
            key_tenant_id=account.tenant_id,
            key_space_type=account.space_type.value,
            key_month=account.month,
            used_minutes=account.used_minutes,
        )

    async def used(self, tenant_id: uuid.UUID, month: str) -> dict[SpaceType, int]:
        rows = await self.connection.execute(
            sa.select(_q.c.space_type, _q.c.used_minutes).where(
                _q.c.tenant_id == tenant_id, _q.c.month == month
            )
        )
        return {SpaceType(row.space_type): row.used_minutes for row in rows}
