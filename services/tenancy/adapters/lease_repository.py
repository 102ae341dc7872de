"""Loads and stores leases; the exclusion constraint has the last word on overlaps."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
import sqlalchemy.exc as sa_exc
from sqlalchemy.dialects.postgresql import insert as pg_insert

from contracts.tenancy import Site
from services.tenancy.adapters.constraint_errors import violated_constraint
from services.tenancy.adapters.tables import lease_notices, leases
from services.tenancy.domain.lease import Lease, LeaseState
from shared.domain.errors import Conflict
from shared.persistence.unit_of_work import SqlRepository


class LeaseOverlap(Conflict):
    slug = "lease-overlap"

    def __init__(self, unit_id: uuid.UUID) -> None:
        super().__init__(f"unit {unit_id} is already leased over (part of) that period")
        self.unit_id = unit_id


@dataclass(frozen=True)
class LeaseFilter:
    tenant_id: uuid.UUID | None = None
    unit_id: uuid.UUID | None = None
    state: LeaseState | None = None
    #: Leases whose last day falls within these two days (both included).
    ending_between: tuple[date, date] | None = None


#: The order leases are listed and exported in: oldest first.
LEASE_ORDER = (leases.c.created_at, leases.c.id)


def matching_leases(where: LeaseFilter) -> list[sa.ColumnElement[bool]]:
    """The conditions on the leases table that ``where`` asks for (the list and the export)."""
    conditions = []
    if where.tenant_id:
        conditions.append(leases.c.tenant_id == where.tenant_id)
    if where.unit_id:
        conditions.append(leases.c.unit_id == where.unit_id)
    if where.state:
        conditions.append(leases.c.state == where.state.value)
    if where.ending_between:
        conditions.append(leases.c.ends_on.between(*where.ending_between))
    return conditions


class LeaseRepository(SqlRepository):
    async def add(self, lease: Lease) -> None:
        await self.connection.execute(leases.insert().values(**_to_row(lease)))
        self._track(lease)

    async def get(self, lease_id: uuid.UUID, *, for_update: bool = False) -> Lease | None:
        found = await self._select(sa.select(leases).where(leases.c.id == lease_id), for_update)
        return found[0] if found else None

    async def save(self, lease: Lease) -> None:
        """Raises LeaseOverlap when the change would make two signed leases of a unit overlap.

        The constraint decides inside a savepoint, so of two concurrent signings exactly one
        wins and the loser's transaction can still answer.
        """
        row = _to_row(lease)
        try:
            async with self.connection.begin_nested():
                await self.connection.execute(
                    leases.update().where(leases.c.id == row.pop("id")).values(**row)
                )
        except sa_exc.IntegrityError as exc:
            if violated_constraint(exc) == "leases_no_overlap":
                raise LeaseOverlap(lease.unit_id) from exc
            raise

    async def find(
        self, where: LeaseFilter, *, after: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> list[Lease]:
        query = sa.select(leases).where(*matching_leases(where)).order_by(*LEASE_ORDER).limit(limit)
        if after is not None:
            query = query.where(sa.tuple_(leases.c.created_at, leases.c.id) > sa.tuple_(*after))
        return await self._select(query, for_update=False)

    async def active_of_tenant(self, tenant_id: uuid.UUID) -> list[Lease]:
        query = sa.select(leases).where(leases.c.tenant_id == tenant_id, leases.c.state == "active")
        return await self._select(query.order_by(leases.c.id), for_update=True)

    async def active_ending_by(self, day: date, *, for_update: bool = False) -> list[Lease]:
        query = sa.select(leases).where(leases.c.state == "active", leases.c.ends_on <= day)
        return await self._select(query.order_by(leases.c.id), for_update=for_update)

    async def unit_held_on(self, unit_id: uuid.UUID, day: date) -> bool:
        """Whether a lease keeps the unit leased on ``day``."""
        query = sa.select(sa.exists().where(leases.c.unit_id == unit_id, holds_its_unit_on(day)))
        return bool(await self.connection.scalar(query))

    async def claim_notice(self, lease: Lease, threshold: int, now: datetime) -> bool:
        """Records that the notice of ``threshold`` (60, 30 or 7) for the lease's end date is
        sent; False when it already was (by any instance)."""
        claimed = await self.connection.execute(
            pg_insert(lease_notices)
            .values(lease_id=lease.id, ends_on=lease.ends_on, days_left=threshold, sent_at=now)
            .on_conflict_do_nothing()
            .returning(lease_notices.c.lease_id)
        )
        return claimed.first() is not None

    async def _select(self, query: sa.Select[Any], for_update: bool) -> list[Lease]:
        if for_update:
            query = query.with_for_update()
        found = [_from_row(row) for row in (await self.connection.execute(query)).mappings()]
        for lease in found:
            self._track(lease)
        return found


def holds_its_unit_on(day: date) -> sa.ColumnElement[bool]:
    """Lease.holds_unit_on as SQL on the leases table."""
    return sa.or_(
        leases.c.state == LeaseState.ACTIVE.value,
        sa.and_(leases.c.state == LeaseState.TERMINATED.value, leases.c.ends_on >= day),
    )


def _to_row(lease: Lease) -> dict[str, Any]:
    return {
        "id": lease.id,
        "tenant_id": lease.tenant_id,
        "unit_id": lease.unit_id,
        "site": lease.site.value,
        "starts_on": lease.starts_on,
        "ends_on": lease.ends_on,
        "monthly_rent_idr": lease.monthly_rent_idr,
        "deposit_idr": lease.deposit_idr,
        "state": lease.state.value,
        "created_at": lease.created_at,
        "signed_at": lease.signed_at,
        "notice_given_on": lease.notice_given_on,
    }


def _from_row(row: sa.RowMapping) -> Lease:
    return Lease(
        id=row["id"],
        tenant_id=row["tenant_id"],
        unit_id=row["unit_id"],
        site=Site(row["site"]),
        starts_on=row["starts_on"],
        ends_on=row["ends_on"],
        monthly_rent_idr=row["monthly_rent_idr"],
        deposit_idr=row["deposit_idr"],
        state=LeaseState(row["state"]),
        created_at=row["created_at"],
        signed_at=row["signed_at"],
        notice_given_on=row["notice_given_on"],
    )
