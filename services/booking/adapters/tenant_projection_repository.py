"""Booking's projection of tenants: standing, plan entitlements, sponsoring agency and no-show
record.

Each write names the event time it comes from and only applies when that is not older than
what the row already reflects, so replays and re-deliveries never move a tenant backwards.
"""

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert

from contracts.tenancy import PlanEntitlements
from services.booking.adapters.tables import bookings, tenant_standings
from services.booking.domain.tenant_standing import Standing, TenantStanding
from shared.persistence.asyncpg_statements import AsyncpgStatement
from shared.persistence.unit_of_work import SqlRepository

_t = tenant_standings
# Built once, run on the driver: read for every booking.
_BY_ID = AsyncpgStatement(sa.select(_t).where(_t.c.tenant_id == sa.bindparam("tenant_id")))


class TenantStandingRepository(SqlRepository):
    async def get(self, tenant_id: uuid.UUID) -> TenantStanding | None:
        row = await _BY_ID.fetchrow(self.driver, tenant_id=tenant_id)
        if row is None:
            return None
        entitlements = row["entitlements"]
        return TenantStanding(
            row["tenant_id"],
            Standing(row["standing"]),
            row["kind"],
            row["plan_code"],
            PlanEntitlements.model_validate(entitlements) if entitlements else None,
            row["no_show_count"],
        )

    async def record_registered(
        self, tenant_id: uuid.UUID, kind: str, plan_code: str, at: datetime
    ) -> None:
        # A registration never overrides a later standing (events may be replayed); it only
        # fills in the kind when the plan arrived first.
        statement = pg_insert(_t).values(
            tenant_id=tenant_id,
            standing=Standing.APPLIED.value,
            kind=kind,
            plan_code=plan_code,
            updated_at=at,
        )
        await self.connection.execute(
            statement.on_conflict_do_update(
                index_elements=[_t.c.tenant_id], set_={"kind": kind}, where=_t.c.kind == ""
            )
        )

    async def record_activated(
        self, tenant_id: uuid.UUID, kind: str, plan_code: str, at: datetime
    ) -> None:
        values = {"standing": Standing.ACTIVE.value, "kind": kind, "plan_code": plan_code}
        statement = pg_insert(_t).values(tenant_id=tenant_id, updated_at=at, **values)
        await self.connection.execute(
            statement.on_conflict_do_update(
                index_elements=[_t.c.tenant_id],
                set_={**values, "updated_at": at},
                where=sa.and_(_t.c.updated_at <= at, _t.c.standing != Standing.OFFBOARDED.value),
            )
        )

    async def record_standing(self, tenant_id: uuid.UUID, standing: Standing, at: datetime) -> bool:
        """True when the standing changed (the event is the newest this tenant has seen)."""
        changed = await self.connection.execute(
            _t.update()
            .where(
                _t.c.tenant_id == tenant_id,
                _t.c.updated_at <= at,
                _t.c.standing != Standing.OFFBOARDED.value,
            )
            .values(standing=standing.value, updated_at=at)
            .returning(_t.c.tenant_id)
        )
        return changed.first() is not None

    async def record_entitlements(
        self, tenant_id: uuid.UUID, entitlements: PlanEntitlements, at: datetime
    ) -> None:
        # The plan can arrive before the registration on a rebuilt projection: keep it anyway.
        values = {
            "entitlements": entitlements.model_dump(mode="json"),
            "entitlements_at": at,
            "plan_code": entitlements.plan_code,
        }
        statement = pg_insert(_t).values(
            tenant_id=tenant_id, standing=Standing.APPLIED.value, kind="", updated_at=at, **values
        )
        await self.connection.execute(
            statement.on_conflict_do_update(
                index_elements=[_t.c.tenant_id],
                set_=values,
                where=sa.or_(_t.c.entitlements_at.is_(None), _t.c.entitlements_at <= at),
            )
        )

    async def record_sponsor(
        self, tenant_id: uuid.UUID, sponsor_agency: str | None, at: datetime
    ) -> None:
        """The agency as of the event at ``at``, unless a newer event already named one. The
        row exists: a tenant's events arrive in order, its registration first."""
        await self.connection.execute(
            _t.update()
            .where(
                _t.c.tenant_id == tenant_id,
                sa.or_(_t.c.sponsor_at.is_(None), _t.c.sponsor_at <= at),
            )
            .values(sponsor_agency=sponsor_agency, sponsor_at=at)
        )

    async def count_no_show(self, tenant_id: uuid.UUID) -> None:
        await self.connection.execute(
            _t.update()
            .where(_t.c.tenant_id == tenant_id)
            .values(no_show_count=_t.c.no_show_count + 1)
        )

    async def erase_all(self) -> None:
        """Empties the projection, for a rebuild from the tenancy events (bitc replay)."""
        await self.connection.execute(_t.delete())

    async def recount_no_shows(self) -> None:
        """The no-show record is booking's own, not tenancy's: after a rebuild, counted again
        from the bookings marked no-show, as count_no_show counted them one by one."""
        no_shows = (
            sa.select(sa.func.count())
            .where(bookings.c.tenant_id == _t.c.tenant_id, bookings.c.status == "no_show")
            .scalar_subquery()
        )
        await self.connection.execute(_t.update().values(no_show_count=no_shows))
