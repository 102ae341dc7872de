"""Loads and stores spaces and the booking rules of each space type."""

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert

from contracts.booking import Site, SpaceType
from services.booking.adapters.tables import spaces, type_rules
from services.booking.domain.errors import SpaceCodeTaken
from services.booking.domain.opening_hours import OpeningHours
from services.booking.domain.rules import BookingRules
from services.booking.domain.space import Space
from shared.persistence.unit_of_work import SqlRepository

# Built once: both are read for every booking and every availability answer.
_BY_ID = sa.select(spaces).where(spaces.c.id == sa.bindparam("space_id"))
# The space type's rules and the space's overrides, in one round trip.
_RULES = (
    sa.select(type_rules.c.rules, spaces.c.rule_overrides)
    .select_from(spaces)
    .outerjoin(type_rules, type_rules.c.space_type == spaces.c.type)
    .where(spaces.c.id == sa.bindparam("space_id"))
)


class SpaceRepository(SqlRepository):
    async def get(self, space_id: uuid.UUID) -> Space | None:
        row = (await self.connection.execute(_BY_ID, {"space_id": space_id})).mappings().first()
        return self._tracked(_space(row)) if row else None

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
        await self.connection.execute(
            spaces.update().where(spaces.c.id == space.id).values(**_columns(space))
        )

    async def overrides(self, space_id: uuid.UUID) -> dict[str, Any]:
        query = sa.select(spaces.c.rule_overrides).where(spaces.c.id == space_id)
        return dict(await self.connection.scalar(query) or {})

    async def set_overrides(self, space_id: uuid.UUID, overrides: dict[str, Any]) -> None:
        await self.connection.execute(
            spaces.update().where(spaces.c.id == space_id).values(rule_overrides=overrides)
        )

    async def rules_for(self, space: Space) -> BookingRules:
        """The space type's rules with this space's overrides on top."""
        rules, overrides = (await self.connection.execute(_RULES, {"space_id": space.id})).one()
        return BookingRules.from_json(rules or {}).overridden_by(overrides or {})

    async def type_rules(self, space_type: SpaceType) -> BookingRules:
        query = sa.select(type_rules.c.rules).where(type_rules.c.space_type == space_type.value)
        return BookingRules.from_json(await self.connection.scalar(query) or {})

    async def set_type_rules(self, space_type: SpaceType, rules: BookingRules) -> None:
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


def _space(row: sa.RowMapping) -> Space:
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
