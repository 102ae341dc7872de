"""Loads and stores spaces and the booking rules of each space type."""

import uuid
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.booking import Site, SpaceType
from services.booking.adapters.tables import spaces, type_rules
from services.booking.domain.errors import SpaceCodeTaken
from services.booking.domain.opening_hours import OpeningHours
from services.booking.domain.rules import BookingRules
from services.booking.domain.space import Space
from shared.domain.aggregate import Aggregate
from shared.persistence.asyncpg_statements import AsyncpgStatement
from shared.persistence.unit_of_work import SqlRepository

# Built once, run on the driver: read for every booking and every availability answer. A space
# comes with its type's rules (its own overrides are among its columns), so a booking reads the
# space and the rules it books under in one round trip.
_BY_ID = AsyncpgStatement(
    sa.select(spaces, type_rules.c.rules.label("type_rules"))
    .outerjoin(type_rules, type_rules.c.space_type == spaces.c.type)
    .where(spaces.c.id == sa.bindparam("space_id"))
)


class SpaceRepository(SqlRepository):
    def __init__(self, connection: AsyncConnection, seen: list[Aggregate]) -> None:
        super().__init__(connection, seen)
        #: The effective rules of the spaces read in this unit of work, until their rules change.
        self._rules: dict[uuid.UUID, BookingRules] = {}

    async def get(self, space_id: uuid.UUID) -> Space | None:
        row = await _BY_ID.fetchrow(self.driver, space_id=space_id)
        if row is None:
            return None
        space = self._tracked(_space(row))
        self._rules[space.id] = _effective(row["type_rules"], row["rule_overrides"])
        return space

    async def list(
        self, space_type: SpaceType | None = None, site: Site | None = None
    ) -> list[Space]:
        query = sa.select(spaces).order_by(spaces.c.site, spaces.c.code)
        if space_type is not None:
            query = query.where(spaces.c.type == space_type.value)
        if site is not None:
            query = query.where(spaces.c.site == site.value)
        rows = (await self.connection.execute(query)).mappings()
        return [self._tracked(_space(row)) for row in rows]

    async def add(self, space: Space) -> None:
        """Stores a new space; SpaceCodeTaken when its code is already taken."""
        inserted = await self.connection.execute(
            pg_insert(spaces)
            .values(id=space.id, **_columns(space))
            .on_conflict_do_nothing(index_elements=[spaces.c.code])
            .returning(spaces.c.id)
        )
        if inserted.first() is None:
            raise SpaceCodeTaken(space.code)
        self._track(space)

    async def save(self, space: Space) -> None:
        self._rules.pop(space.id, None)  # its type may have changed
        await self.connection.execute(
            spaces.update().where(spaces.c.id == space.id).values(**_columns(space))
        )

    async def overrides(self, space_id: uuid.UUID) -> dict[str, Any]:
        query = sa.select(spaces.c.rule_overrides).where(spaces.c.id == space_id)
        return dict(await self.connection.scalar(query) or {})

    async def set_overrides(self, space_id: uuid.UUID, overrides: dict[str, Any]) -> None:
        self._rules.pop(space_id, None)
        await self.connection.execute(
            spaces.update().where(spaces.c.id == space_id).values(rule_overrides=overrides)
        )

    async def rules_for(self, space: Space) -> BookingRules:
        """The space type's rules with this space's overrides on top."""
        if space.id not in self._rules:
            row = await _BY_ID.fetchrow(self.driver, space_id=space.id)
            if row is None:
                raise LookupError(f"space {space.id} is gone")
            self._rules[space.id] = _effective(row["type_rules"], row["rule_overrides"])
        return self._rules[space.id]

    async def type_rules(self, space_type: SpaceType) -> BookingRules:
        query = sa.select(type_rules.c.rules).where(type_rules.c.space_type == space_type.value)
        return BookingRules.from_json(await self.connection.scalar(query) or {})

    async def set_type_rules(self, space_type: SpaceType, rules: BookingRules) -> None:
        self._rules.clear()
        await self.connection.execute(
            type_rules.update()
            .where(type_rules.c.space_type == space_type.value)
            .values(rules=rules.to_json(), updated_at=sa.func.now())
        )

    def _tracked(self, space: Space) -> Space:
        self._track(space)
        return space


def _columns(space: Space) -> dict[str, Any]:
    return {
        "site": space.site.value,
        "code": space.code,
        "name": space.name,
        "type": space.type.value,
        "capacity": space.capacity,
        "active": space.active,
        "amenities": list(space.amenities),
        "opening_hours": space.opening_hours.to_json(),
    }


def _effective(type_rules: dict[str, Any] | None, overrides: dict[str, Any] | None) -> BookingRules:
    return BookingRules.from_json(type_rules or {}).overridden_by(overrides or {})


def _space(row: Mapping[str, Any]) -> Space:
    return Space(
        id=row["id"],
        site=Site(row["site"]),
        code=row["code"],
        name=row["name"],
        type=SpaceType(row["type"]),
        capacity=row["capacity"],
        active=row["active"],
        amenities=tuple(row["amenities"]),
        opening_hours=OpeningHours.from_json(row["opening_hours"]),
    )
