"""Loads and stores closures of sites and spaces."""

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from contracts.booking import ClosureReason, Site
from services.booking.adapters.tables import closures
from services.booking.domain.closure import Closure
from shared.persistence.asyncpg_statements import AsyncpgStatement
from shared.persistence.unit_of_work import SqlRepository

# Built once, run on the driver: read for every booking and every availability answer.
_MEETING_ANYWHERE = (
    sa.select(closures)
    .where(
        closures.c.starts_at < sa.bindparam("ends_at"),
        closures.c.ends_at > sa.bindparam("starts_at"),
    )
    .order_by(closures.c.starts_at)
)
_MEETING = AsyncpgStatement(_MEETING_ANYWHERE)
_MEETING_AT_SITE = AsyncpgStatement(
    _MEETING_ANYWHERE.where(closures.c.site == sa.bindparam("site"))
)


class ClosureRepository(SqlRepository):
    async def add(self, closure: Closure) -> None:
        await self.connection.execute(
            closures.insert().values(
                id=closure.id,
                site=closure.site.value,
                space_id=closure.space_id,
                starts_at=closure.starts_at,
                ends_at=closure.ends_at,
                reason=closure.reason.value,
                created_at=sa.func.now(),
            )
        )
        self._track(closure)

    async def get(self, closure_id: uuid.UUID) -> Closure | None:
        found = await self._load(sa.select(closures).where(closures.c.id == closure_id))
        return found[0] if found else None

    async def save(self, closure: Closure) -> None:
        await self.connection.execute(
            closures.update()
            .where(closures.c.id == closure.id)
            .values(
                starts_at=closure.starts_at, ends_at=closure.ends_at, reason=closure.reason.value
            )
        )

    async def delete(self, closure_id: uuid.UUID) -> bool:
        deleted = await self.connection.execute(
            closures.delete().where(closures.c.id == closure_id).returning(closures.c.id)
        )
        return deleted.first() is not None

    async def meeting(
        self, starts_at: datetime, ends_at: datetime, site: Site | None = None
    ) -> list[Closure]:
        """Closures (of any space, or of one site) that meet [starts_at, ends_at)."""
        if site is None:
            rows = await _MEETING.fetch(self.driver, starts_at=starts_at, ends_at=ends_at)
        else:
            rows = await _MEETING_AT_SITE.fetch(
                self.driver, starts_at=starts_at, ends_at=ends_at, site=site.value
            )
        return self._tracked([_closure(row) for row in rows])

    async def _load(self, query: sa.Select) -> list[Closure]:
        rows = (await self.connection.execute(query)).mappings()
        return self._tracked([_closure(row) for row in rows])

    def _tracked(self, found: list[Closure]) -> list[Closure]:
        for closure in found:
            self._track(closure)
        return found


def _closure(row: Mapping[str, Any]) -> Closure:
    return Closure(
        id=row["id"],
        site=Site(row["site"]),
        space_id=row["space_id"],
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        reason=ClosureReason(row["reason"]),
    )
