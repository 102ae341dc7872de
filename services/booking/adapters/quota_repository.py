"""Quota accounts: minutes used per tenant, space type and Jakarta month, one row each."""

import uuid

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert

from contracts.booking import SpaceType
from services.booking.adapters.tables import quota_usage
from services.booking.domain.quota import QuotaAccount
from shared.persistence.unit_of_work import SqlRepository

_q = quota_usage


class QuotaRepository(SqlRepository):
    async def lock(
        self, tenant_id: uuid.UUID, space_type: SpaceType, month: str, quota_hours: int | None
    ) -> QuotaAccount:
        """The account, its row locked until commit: concurrent bookings of the tenant queue
        here, so the check and the spending of the last hours are one step."""
        key = {"tenant_id": tenant_id, "space_type": space_type.value, "month": month}
        await self.connection.execute(pg_insert(_q).values(**key).on_conflict_do_nothing())
        used = await self.connection.scalar(
            sa.select(_q.c.used_minutes)
            .where(*(_q.c[name] == value for name, value in key.items()))
            .with_for_update()
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
        await self.connection.execute(
            _q.update()
            .where(
                _q.c.tenant_id == account.tenant_id,
                _q.c.space_type == account.space_type.value,
                _q.c.month == account.month,
            )
            .values(used_minutes=account.used_minutes)
        )

    async def used(self, tenant_id: uuid.UUID, month: str) -> dict[SpaceType, int]:
        rows = await self.connection.execute(
            sa.select(_q.c.space_type, _q.c.used_minutes).where(
                _q.c.tenant_id == tenant_id, _q.c.month == month
            )
        )
        return {SpaceType(row.space_type): row.used_minutes for row in rows}
