"""Loads and stores membership plans (plain values: a plan's events are its tenants')."""

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert

from contracts.tenancy import MonthlyQuota, OverQuotaPolicy
from services.tenancy.adapters.tables import plans
from services.tenancy.domain.plan import Plan
from shared.persistence.unit_of_work import SqlRepository


class PlanRepository(SqlRepository):
    async def add(self, plan: Plan) -> bool:
        """Stores a new plan; False when its code is taken."""
        inserted = await self.connection.execute(
            pg_insert(plans)
            .values(**_to_row(plan))
            .on_conflict_do_nothing()
            .returning(plans.c.code)
        )
        return inserted.first() is not None

    async def get(self, code: str, *, lock: str | None = None) -> Plan | None:
        """``lock``: None, "share" or "update" (a row lock held until commit)."""
        query = sa.select(plans).where(plans.c.code == code)
        if lock is not None:
            query = query.with_for_update(read=lock == "share")
        row = await self._first(query)
        return _from_row(row) if row else None

    async def save(self, plan: Plan) -> None:
        row = _to_row(plan)
        await self.connection.execute(
            plans.update().where(plans.c.code == row.pop("code")).values(**row)
        )

    async def find(self, *, after: str | None, limit: int) -> list[Plan]:
        query = sa.select(plans).order_by(plans.c.code).limit(limit)
        if after is not None:
            query = query.where(plans.c.code > after)
        return [_from_row(row) for row in (await self.connection.execute(query)).mappings()]


def _to_row(plan: Plan) -> dict[str, Any]:
    return {
        "code": plan.code,
        "name": plan.name,
        "monthly_fee_idr": plan.monthly_fee_idr,
        "quotas": [quota.model_dump(mode="json") for quota in plan.quotas],
        "bookings_need_approval": plan.bookings_need_approval,
        "over_quota": plan.over_quota.value,
        "updated_at": plan.updated_at,
    }


def _from_row(row: sa.RowMapping) -> Plan:
    return Plan(
        code=row["code"],
        name=row["name"],
        monthly_fee_idr=row["monthly_fee_idr"],
        quotas=tuple(MonthlyQuota.model_validate(quota) for quota in row["quotas"]),
        bookings_need_approval=row["bookings_need_approval"],
        over_quota=OverQuotaPolicy(row["over_quota"]),
        updated_at=row["updated_at"],
    )
