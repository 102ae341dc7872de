"""Loads and stores office units."""

import uuid
from datetime import date
from typing import Any

import sqlalchemy as sa
import sqlalchemy.exc as sa_exc

from contracts.tenancy import Site, UnitStatus
from services.tenancy.adapters.constraint_errors import violated_constraint
from services.tenancy.adapters.lease_repository import holds_its_unit_on
from services.tenancy.adapters.tables import leases, units
from services.tenancy.domain.unit import OfficeUnit
from shared.domain.errors import Conflict
from shared.persistence.unit_of_work import SqlRepository


class UnitCodeTaken(Conflict):
    slug = "unit-code-taken"

    def __init__(self, site: Site, code: str) -> None:
        super().__init__(f"{site.value} already has a unit {code}")
        self.site = site
        self.code = code


class UnitRepository(SqlRepository):
    async def add(self, unit: OfficeUnit) -> None:
        try:
            # A savepoint, so a taken code leaves the transaction usable for the answer.
            async with self.connection.begin_nested():
                await self.connection.execute(units.insert().values(**_to_row(unit)))
        except sa_exc.IntegrityError as exc:
            if violated_constraint(exc) == "unit_code_per_site":
                raise UnitCodeTaken(unit.site, unit.code) from exc
            raise
        self._track(unit)

    async def get(self, unit_id: uuid.UUID, *, for_update: bool = False) -> OfficeUnit | None:
        query = sa.select(units).where(units.c.id == unit_id)
        if for_update:
            query = query.with_for_update()
        row = await self._first(query)
        return self._loaded(row) if row else None

    async def save(self, unit: OfficeUnit) -> None:
        row = _to_row(unit)
        await self.connection.execute(
            units.update().where(units.c.id == row.pop("id")).values(**row)
        )

    async def find(
        self,
        *,
        site: Site | None,
        status: UnitStatus | None,
        after: tuple[str, str, uuid.UUID] | None,
        limit: int,
    ) -> list[OfficeUnit]:
        query = sa.select(units).order_by(units.c.site, units.c.code, units.c.id).limit(limit)
        if site:
            query = query.where(units.c.site == site.value)
        if status:
            query = query.where(units.c.status == status.value)
        if after is not None:
            query = query.where(
                sa.tuple_(units.c.site, units.c.code, units.c.id) > sa.tuple_(*after)
            )
        return [self._loaded(row) for row in (await self.connection.execute(query)).mappings()]

    async def leased_without_lease_on(self, day: date) -> list[uuid.UUID]:
        """Units still marked leased that no lease holds on ``day`` any more."""
        holding = sa.exists().where(leases.c.unit_id == units.c.id, holds_its_unit_on(day))
        query = sa.select(units.c.id).where(units.c.status == UnitStatus.LEASED.value, ~holding)
        return list((await self.connection.scalars(query.order_by(units.c.id))).all())

    def _loaded(self, row: sa.RowMapping) -> OfficeUnit:
        unit = _from_row(row)
        self._track(unit)
        return unit


def _to_row(unit: OfficeUnit) -> dict[str, Any]:
    return {
        "id": unit.id,
        "site": unit.site.value,
        "code": unit.code,
        "floor": unit.floor,
        "area_m2": unit.area_m2,
        "monthly_rate_idr": unit.monthly_rate_idr,
        "status": unit.status.value,
        "created_at": unit.created_at,
    }


def _from_row(row: sa.RowMapping) -> OfficeUnit:
    return OfficeUnit(
        id=row["id"],
        site=Site(row["site"]),
        code=row["code"],
        floor=row["floor"],
        area_m2=float(row["area_m2"]),
        monthly_rate_idr=row["monthly_rate_idr"],
        status=UnitStatus(row["status"]),
        created_at=row["created_at"],
    )
